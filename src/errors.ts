/**
 * Typed errors. Commands and the core never exit: they throw these, and only
 * the CLI entry point (or the MCP layer) turns them into an exit code or a tool error.
 */
import { englishOf, type Msg, msg } from './i18n/errors.js';

export type { Msg } from './i18n/errors.js';
export { englishOf, issueMsg, msg, valueAt } from './i18n/errors.js';

/** Documented exit codes (README "Exit codes"). */
export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  unreachable: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A message: plain English text, or a code with parameters (src/i18n/errors.ts) that the CLI translates. */
export type Message = string | Msg;

export class KcarbonError extends Error {
  readonly exitCode: ExitCode;
  /** One line telling the user how to fix it; printed after the message (English). */
  readonly hint?: string;
  /** The message and hint by code, when given so: the CLI prints them in the chosen language. */
  readonly msg?: Msg;
  readonly hintMsg?: Msg;
  constructor(message: Message, opts: { exitCode?: ExitCode; hint?: Message; cause?: unknown } = {}) {
    super(englishOf(message), opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'KcarbonError';
    this.exitCode = opts.exitCode ?? ExitCode.usage;
    this.hint = opts.hint === undefined ? undefined : englishOf(opts.hint);
    if (typeof message !== 'string') this.msg = message;
    if (opts.hint !== undefined && typeof opts.hint !== 'string') this.hintMsg = opts.hint;
  }
}

/** Bad flags, arguments or values (exit 2). */
export class UsageError extends KcarbonError {
  constructor(message: Message, hint?: Message) {
    super(message, { exitCode: ExitCode.usage, hint });
    this.name = 'UsageError';
  }
}

/** Invalid config/ data or user config file (exit 2). */
export class ConfigError extends KcarbonError {
  constructor(message: Message, hint?: Message) {
    super(message, { exitCode: ExitCode.usage, hint });
    this.name = 'ConfigError';
  }
}

/** Malformed metrics input or a workload with no metrics (exit 2). */
export class InputError extends KcarbonError {
  constructor(message: Message, hint?: Message) {
    super(message, { exitCode: ExitCode.usage, hint });
    this.name = 'InputError';
  }
}

/** Every metrics source failed: nothing to report (exit 3). */
export class SourceUnreachableError extends KcarbonError {
  constructor(message: Message, hint?: Message, cause?: unknown) {
    super(message, { exitCode: ExitCode.unreachable, hint, cause });
    this.name = 'SourceUnreachableError';
  }
}

/** A one-line rendering of any error: "message — hint" (English: MCP tool errors, report files). */
export function describeError(err: unknown): string {
  if (err instanceof KcarbonError) return err.hint ? `${err.message} — ${err.hint}` : err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * The same line in the language of the run (--lang): a message or hint given by code comes from that
 * language's catalogue; one given as text stays English.
 */
export function localizedError(err: unknown, t: (m: Msg) => string): string {
  if (!(err instanceof KcarbonError)) return describeError(err);
  const message = err.msg ? t(err.msg) : err.message;
  const hint = err.hintMsg ? t(err.hintMsg) : err.hint;
  return hint ? `${message} — ${hint}` : message;
}

/** Why a file could not be read or written, for an error line (the usual causes by message code). */
export function fsReason(err: unknown): Message {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return msg('fsNotFound');
    case 'EACCES':
    case 'EPERM':
      return msg('fsDenied');
    case 'ENOTDIR':
      return msg('fsNotDir');
    case 'EISDIR':
      return msg('fsIsDir');
    default:
      return (err as Error).message;
  }
}
