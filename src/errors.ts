/**
 * Typed errors. Commands and the core never exit: they throw these, and only
 * the CLI entry point (or the MCP layer) turns them into an exit code or a tool error.
 */

/** Documented exit codes (README "Exit codes"). */
export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  unreachable: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class KcarbonError extends Error {
  readonly exitCode: ExitCode;
  /** One line telling the user how to fix it; printed after the message. */
  readonly hint?: string;
  constructor(message: string, opts: { exitCode?: ExitCode; hint?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'KcarbonError';
    this.exitCode = opts.exitCode ?? ExitCode.usage;
    this.hint = opts.hint;
  }
}

/** Bad flags, arguments or values (exit 2). */
export class UsageError extends KcarbonError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: ExitCode.usage, hint });
    this.name = 'UsageError';
  }
}

/** Invalid config/ data or user config file (exit 2). */
export class ConfigError extends KcarbonError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: ExitCode.usage, hint });
    this.name = 'ConfigError';
  }
}

/** Malformed metrics input or a workload with no metrics (exit 2). */
export class InputError extends KcarbonError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: ExitCode.usage, hint });
    this.name = 'InputError';
  }
}

/** Every metrics source failed: nothing to report (exit 3). */
export class SourceUnreachableError extends KcarbonError {
  constructor(message: string, hint?: string, cause?: unknown) {
    super(message, { exitCode: ExitCode.unreachable, hint, cause });
    this.name = 'SourceUnreachableError';
  }
}

/** A one-line rendering of any error: "message (hint)". */
export function describeError(err: unknown): string {
  if (err instanceof KcarbonError) return err.hint ? `${err.message} — ${err.hint}` : err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
