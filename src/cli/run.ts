/**
 * Running one command: argv -> input -> spec.run() -> renderers -> exit code. Imported by the commander
 * action only when a command runs (program.ts stays light, so --help and --version load none of this).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { createRunContext, settingsForInput } from '../commands/context.js';
import type { CommandSpec } from '../commands/types.js';
import {
  describeError,
  ExitCode,
  fsReason,
  KcarbonError,
  localizedError,
  msg,
  UsageError,
} from '../errors.js';
import { tm } from '../i18n/index.js';
import { TEXT } from '../i18n/text.js';
import { metricsOf } from '../kepler/metrics-info.js';
import { failureReport } from '../render/failure.js';
import { checkFormat, renderResult } from '../render/index.js';
import { incompleteText } from '../render/markdown.js';
import { decideColor, loadColor, makeStyle, plainStyle, type Style, terminalWidth } from '../render/style.js';
import { makeDirs } from '../util/make-dirs.js';
import { type GlobalOpts, settingsFromFlags } from './context.js';
import { exitCodeFor, failsGate, gatePolicy, isGating } from './exit.js';
import { appendHistory, readHistory } from './history.js';
import { buildInput } from './input.js';
import type { CliIO } from './io.js';
import { type MailSettings, mailSettings, mailSubject, sendMail } from './mail.js';
import { type ProgressLine, progressLine } from './progress.js';
import { VERSION } from './version.js';

/** SARIF location of a live-cluster finding: the workload's conventional manifest path. */
const DEFAULT_SARIF_LOCATION = 'k8s/{namespace}/{name}.yaml';

/** `--report sarif=kcarbon.sarif` (repeatable): extra outputs written to files in the same run. */
function parseReports(values: string[] | undefined): { format: string; file: string }[] {
  const byPath = new Map<string, string>();
  return (values ?? []).map((v) => {
    const m = /^([a-zA-Z]+)=(.+)$/.exec(v);
    if (!m) throw new UsageError(msg('notFormatFile', v), msg('example', '--report sarif=kcarbon.sarif'));
    const format = checkFormat(m[1]!, '--report format');
    const file = m[2]!;
    // Two reports into one file: the second would silently replace the first.
    const first = byPath.get(path.resolve(file));
    if (first !== undefined) {
      throw new UsageError(msg('reportFileTwice', file, first, format), msg('reportFileTwiceHint'));
    }
    byPath.set(path.resolve(file), format);
    return { format, file };
  });
}

/** What `written` holds once the output went to stdout (no report is named so: a file name holds no NUL). */
const STDOUT = '\0stdout';

/** The output format asked for, or undefined when -o/--json are themselves the error. */
function safeFormat(opts: Record<string, unknown>): string | undefined {
  try {
    return outputFormat(opts);
  } catch {
    return undefined;
  }
}

/** --sarif-location: a path with {namespace} and {name} only (an empty uri or a literal {foo} points nowhere). */
function sarifLocation(value: string | undefined): string {
  if (value === undefined) return DEFAULT_SARIF_LOCATION;
  const unknown = [...value.matchAll(/\{[^}]*\}/g)]
    .map((m) => m[0])
    .find((p) => p !== '{namespace}' && p !== '{name}');
  if (value.trim() === '' || unknown !== undefined) {
    throw new UsageError(
      msg('badSarifLocation', value, unknown),
      msg('example', `--sarif-location ${DEFAULT_SARIF_LOCATION}`),
    );
  }
  return value;
}

/** The output format: `-o`, or `--json`, which `-o json` agrees with and any other `-o` disagrees with. */
export function outputFormat(opts: Record<string, unknown>): string {
  const given = opts.format === undefined ? undefined : checkFormat(String(opts.format), '--format');
  if (!opts.json) return given ?? 'table';
  if (given !== undefined && given !== 'json')
    throw new UsageError(msg('jsonFormatDisagree', given), msg('jsonFormatHint'));
  return 'json';
}

export async function runSpec(
  spec: CommandSpec,
  command: Command,
  opts: Record<string, unknown> & GlobalOpts,
  io: CliIO,
): Promise<number> {
  const reports = parseReports(opts.report as string[] | undefined);
  let progress: ProgressLine | undefined;
  // Reports written whole by the run: a failure after them (another report's path, stdout) leaves them as they are.
  const written = new Set<string>();
  let mail: MailSettings | undefined;
  const mailState = { tried: false };
  try {
    // Inside the try: a bad or disagreeing -o (or --sarif-location) still writes the reports asked for.
    mail = mailSettings(opts, io.env);
    const format = outputFormat(opts);
    const manifestPattern = sarifLocation(opts.sarifLocation as string | undefined);
    const line = progressLine(io.tty ?? io.stderr, { format, quiet: opts.quiet === true });
    progress = line;
    const warn = (m: string) => {
      line.clear();
      if (!opts.quiet) io.stderr.write(`${TEXT.warningPrefix} ${m}\n`);
    };
    return await runChecked(spec, command, opts, io, {
      format,
      reports,
      manifestPattern,
      warn,
      progress: line,
      written,
      mail,
      mailState,
    });
  } catch (err) {
    progress?.clear();
    // Every requested report is still written, valid and saying why, so an upload step after us works: those the
    // run wrote keep its findings.
    const timestamp = reportTimestamp(opts.at);
    const unwritten = reports.filter((r) => !written.has(r.file));
    writeFailureReports(unwritten, { command: spec.name, timestamp }, err, io, opts.quiet === true);
    // -o github annotates the workflow run with why it could not run, as --report github=FILE does (the error line
    // on stderr stays); a run that failed after writing its output has said everything already.
    if (!written.has(STDOUT) && safeFormat(opts) === 'github') {
      try {
        io.stdout.write(failureReport('github', failureOf(err, { command: spec.name, timestamp })));
      } catch {}
    }
    // A mailed report that could not run mails why, in the run's language (a cron's reader sees no stderr); once
    // per run: not after the report itself went out, nor when mailing is what failed.
    if (mail && !mailState.tried) {
      const { exitCode } = failureOf(err, { command: spec.name, timestamp });
      const subject = tm(msg('mailRunFailed', spec.name));
      const text = `## ⚠️ ${subject}\n\n${tm(msg('mailRunFailedBody', localizedError(err, tm), exitCode))}\n`;
      try {
        await sendMail(mail, { subject: `kcarbon ${spec.name}: ${subject}`, text });
      } catch (mailErr) {
        io.stderr.write(
          `${TEXT.warningPrefix} ${tm(msg('cannotMail', mail.to.join(', '), localizedError(mailErr, tm)))}\n`,
        );
      }
    }
    throw err;
  }
}

/** The values of `--report` / `--report=` in raw argv (before `--`). */
function flagValues(args: readonly string[], flag: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a === flag && i + 1 < args.length) values.push(args[++i]!);
    else if (a.startsWith(`${flag}=`)) values.push(a.slice(flag.length + 1));
  }
  return values;
}

/** File extensions of report formats, for a file name a hint suggests. */
const REPORT_EXT: Record<string, string> = {
  markdown: 'md',
  junit: 'xml',
  github: 'txt',
  table: 'txt',
  wide: 'txt',
};

/** A run's report timestamp: `--at` when it is a date, else now. */
function reportTimestamp(at: unknown): string {
  const ms = typeof at === 'string' ? Date.parse(at) : Number.NaN;
  return new Date(Number.isNaN(ms) ? Date.now() : ms).toISOString();
}

/**
 * A command line commander refused (unknown option, option missing its value, extra argument): the
 * reports it asked for are written all the same, like every other exit 2, from the raw argv. Values
 * that are not `<format>=<file>` of a known format are left out (the refusal is what the user sees).
 */
export function writeRefusedReports(
  args: readonly string[],
  command: string,
  message: string,
  io: CliIO,
): void {
  const reports = flagValues(args, '--report').flatMap((v) => {
    try {
      return parseReports([v]);
    } catch {
      return [];
    }
  });
  const quiet = args.includes('-q') || args.includes('--quiet');
  const err = new UsageError(message.trim().replace(/^error:\s*/, ''));
  const timestamp = reportTimestamp(flagValues(args, '--at').at(-1));
  writeFailureReports(reports, { command, timestamp }, err, io, quiet);
}

/** What a report of a run that could not run says: its exit code and the error on one line. */
function failureOf(err: unknown, run: { command: string; timestamp: string }) {
  return {
    ...run,
    message: describeError(err).replace(/\s*\n\s*/g, ' '),
    exitCode: err instanceof KcarbonError ? err.exitCode : ExitCode.usage,
    version: VERSION,
  };
}

function writeFailureReports(
  reports: { format: string; file: string }[],
  run: { command: string; timestamp: string },
  err: unknown,
  io: CliIO,
  quiet: boolean,
): void {
  const failure = failureOf(err, run);
  for (const r of reports) {
    try {
      makeDirs(path.dirname(path.resolve(r.file)));
      writeFileSync(r.file, failureReport(r.format, failure));
      if (!quiet) io.stderr.write(`${tm(msg('wroteFailedReport', r.format, r.file))}\n`);
    } catch {
      // The error itself is what the user needs to see; a second one would hide it.
    }
  }
}

async function runChecked(
  spec: CommandSpec,
  command: Command,
  opts: Record<string, unknown> & GlobalOpts,
  io: CliIO,
  run: {
    format: string;
    reports: { format: string; file: string }[];
    manifestPattern: string;
    warn: (m: string) => void;
    progress: ProgressLine;
    written: Set<string>;
    mail?: MailSettings;
    mailState: { tried: boolean };
  },
): Promise<number> {
  const { format, reports, manifestPattern, warn, progress } = run;
  const policy = gatePolicy(opts as { failOn?: unknown; fail?: unknown; exitCode?: unknown });
  if (opts.namespace !== undefined && opts.allNamespaces) {
    throw new UsageError(msg('namespaceExclusive'), msg('namespaceExclusiveHint'));
  }
  const attributeOf = (flags: string) =>
    command.options.find((o) => o.flags === flags)?.attributeName() ?? flags;
  const input = buildInput(spec, command.processedArgs, opts, attributeOf);
  const shape = spec.input.shape as object;
  if ('namespace' in shape) input.namespace = opts.namespace as string | undefined;
  // The gate policy is an input of gating commands (MCP clients pass it too): the CLI's flags feed it.
  if ('fail_on' in shape) input.fail_on = policy.failOn;
  if ('allow_partial' in shape) input.allow_partial = opts.allowPartial === true;
  const history = opts.history as string | undefined;
  // An empty path (`--history "$UNSET"`) would record nothing, silently.
  if (history?.trim() === '')
    throw new UsageError(msg('historyEmpty'), msg('example', '--history /data/kcarbon.jsonl'));
  const base = settingsForInput(settingsFromFlags(opts, io), input);
  // The command reads only its own Kepler levels: the others' series are skipped unread.
  const settings = spec.levels ? { ...base, source: { ...base.source, levels: spec.levels } } : base;
  const ctx = createRunContext(settings, {
    warn,
    progress: progress.step,
    readProgress: progress,
    ...(history ? { history: async () => readHistory(history, warn) } : {}),
  });
  const result = await spec.run(input, ctx);
  progress.clear();
  const color =
    (format === 'table' || format === 'wide') &&
    decideColor({ flag: opts.color as boolean | undefined, env: io.env, isTTY: !!io.stdout.isTTY });
  const report = (f: string, style: Style) =>
    renderResult(spec, result, f, {
      style,
      version: VERSION,
      manifestPattern,
    });
  if (color) await loadColor();
  // Render everything before writing anything, so a bad combination loses no output.
  const stdout = await report(
    format,
    makeStyle(color, { width: terminalWidth(io.stdout, io.env), headers: opts.headers !== false }),
  );
  const failing = failsGate(spec, result);
  const files = await Promise.all(
    reports.map(async (r) => ({ ...r, text: await report(r.format, plainStyle) })),
  );
  // A report that cannot be written is an error (exit 2) once everything else is out: the other reports, the
  // output and the history keep the run's findings.
  let unwritable: UsageError | undefined;
  for (const f of files) {
    try {
      makeDirs(path.dirname(path.resolve(f.file)));
      writeFileSync(f.file, f.text);
    } catch (err) {
      // A directory given for a file: the hint names a file in it.
      const inDir = (err as NodeJS.ErrnoException).code === 'EISDIR';
      unwritable ??= new UsageError(
        msg('cannotWriteReport', f.format, f.file, fsReason(err)),
        inDir
          ? msg('reportFileInDir', f.format, path.join(f.file, `kcarbon.${REPORT_EXT[f.format] ?? f.format}`))
          : undefined,
      );
      continue;
    }
    run.written.add(f.file);
    if (!opts.quiet) io.stderr.write(`${tm(msg('wroteReport', f.format, f.file))}\n`);
  }
  io.stdout.write(stdout);
  run.written.add(STDOUT);
  // On GitHub Actions a failing gate also annotates the workflow run (stderr keeps stdout parseable).
  if (
    failing &&
    io.env.GITHUB_ACTIONS === 'true' &&
    opts.annotations !== false &&
    format !== 'github' &&
    spec.checkResults
  )
    io.stderr.write(await report('github', plainStyle));
  const entry = (result as { history_entry?: unknown }).history_entry;
  if (history && entry) appendHistory(history, entry);
  // Mailed once everything else is out: a relay that refuses loses none of it (exit 2 after, naming the relay's reason).
  let unmailed: UsageError | undefined;
  if (run.mail) {
    const text = await report('markdown', plainStyle);
    run.mailState.tried = true;
    try {
      await sendMail(run.mail, {
        subject: mailSubject(spec.name, text),
        text,
        html: await report('html', plainStyle),
      });
      if (!opts.quiet) io.stderr.write(`${tm(msg('mailedReport', run.mail.to.join(', ')))}\n`);
    } catch (err) {
      unmailed = new UsageError(
        msg('cannotMail', run.mail.to.join(', '), localizedError(err, tm)),
        msg('cannotMailHint'),
      );
    }
  }
  const metrics = metricsOf(result);
  const code = exitCodeFor(spec, result, metrics, {
    exitCode: policy.exitCode,
    strict: opts.strict === true,
  });
  // Partial data is never hidden, not even by -q: a report that covers fewer nodes must say so.
  if (metrics && !metrics.complete) {
    const how = TEXT.incompleteHow(
      code !== ExitCode.unreachable
        ? isGating(spec)
          ? 'accepted'
          : 'strict'
        : opts.strict === true && opts.allowPartial === true
          ? 'strictExit'
          : 'exit',
    );
    io.stderr.write(`${TEXT.warningPrefix} ${incompleteText(metrics)}${how}\n`);
  }
  if (unwritable) throw unwritable;
  if (unmailed) throw unmailed;
  return code;
}
