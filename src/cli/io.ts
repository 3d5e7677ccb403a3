/** Where a run writes text: a stream, or a descriptor written directly (output.ts). */
export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** The streams and environment a CLI run uses (injectable, so tests run it in-process). */
export interface CliIO {
  stdout: Output;
  stderr: Output;
  stdin?: NodeJS.ReadableStream;
  /** The terminal's stderr as given, unescaped: the progress line's \r and erase codes go here (runCli sets it). */
  tty?: Output;
  /**
   * A stream to write to for the process's life (the MCP server over stdio); without it, stdout, which must
   * then be a stream.
   */
  stdoutStream?: () => NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}
