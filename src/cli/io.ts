/** The streams and environment a CLI run uses (injectable, so tests run it in-process). */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin?: NodeJS.ReadableStream;
  /** The terminal's stderr as given, unescaped: the progress line's \r and erase codes go here (runCli sets it). */
  tty?: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}
