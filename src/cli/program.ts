/**
 * The commander program, generated from the command registry. No business logic here:
 * argv -> input -> spec.run() -> renderer -> exit code.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { createRunContext, settingsForInput } from '../commands/context.js';
import { COMMANDS } from '../commands/registry.js';
import type { CommandSpec } from '../commands/types.js';
import { describeError, ExitCode, KcarbonError, UsageError } from '../errors.js';
import { helpText, langFromArgv, resolveLang, setLang } from '../i18n/index.js';
import { describeIncomplete, metricsOf } from '../kepler/metrics-info.js';
import { failureReport } from '../render/failure.js';
import { checkFormat, renderResult } from '../render/index.js';
import { decideColor, makeStyle, plainStyle, type Style, terminalWidth } from '../render/style.js';
import { escapingWriter } from '../util/escape.js';
import { type GlobalOpts, settingsFromFlags } from './context.js';
import { exitCodeFor, failsGate, gatePolicy, isGating } from './exit.js';
import { GLOBAL_OPTIONS } from './global-options.js';
import { appendHistory, readHistory } from './history.js';
import { buildInput } from './input.js';
import type { CliIO } from './io.js';
import { type ProgressLine, progressLine } from './progress.js';
import { registerServeCommand } from './serve.js';

export const VERSION: string = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
).version;

/** --help groups the shared options: where metrics come from, the carbon data, the output, the gate. */
const GATE_FLAGS = ['--fail-on', '--no-fail', '--exit-code', '--no-annotations', '--allow-partial'];
const OUTPUT_FLAGS = [
  '--format',
  '--report',
  '--sarif-location',
  '--json',
  '--color',
  '--no-color',
  '--quiet',
  '--debug',
  '--no-headers',
  '--history',
];
const CARBON_FLAGS = ['--config', '--pue', '--intensity', '--at', '--basis'];

export function helpGroupOf(flags: string): string {
  const long = /--[\w-]+/.exec(flags)?.[0] ?? flags;
  if (GATE_FLAGS.includes(long)) return 'Gate options:';
  if (OUTPUT_FLAGS.includes(long)) return 'Output options:';
  if (CARBON_FLAGS.includes(long)) return 'Carbon data options:';
  return 'Source options:';
}

function addGlobalOptions(cmd: Command, spec: CommandSpec): void {
  for (const g of GLOBAL_OPTIONS) {
    if (g.metrics && !spec.readsMetrics) continue;
    if (g.commands && !g.commands.includes(spec.name)) continue;
    const desc = g.env ? `${helpText(g.description)} (env ${g.env})` : helpText(g.description);
    const option = new Option(g.flags, desc).helpGroup(helpGroupOf(g.flags));
    if (g.repeatable) option.argParser((v: string, prev: string[] = []) => [...prev, v]);
    cmd.addOption(option);
  }
}

/** CLI text names flags, never the MCP parameter names the descriptions use (status_filter -> --status). */
export function cliWording(spec: CommandSpec, text: string): string {
  let out = text;
  for (const o of spec.options) {
    const flag = /--[\w-]+/.exec(o.flags)?.[0];
    if (flag && o.key.includes('_')) out = out.replace(new RegExp(`\\b${o.key}\\b`, 'g'), flag);
  }
  return out;
}

/** The examples at the end of a command's --help. */
function examples(spec: CommandSpec): string {
  const name = `kcarbon ${spec.name}${spec.args.map((a) => (a.required ? ` ${a.name === 'workload' ? 'postgres' : `<${a.name}>`}` : '')).join('')}`;
  const src = spec.readsMetrics ? ' --demo' : '';
  const lines = [`${name}${src}`, `${name}${src} -o json`];
  if (spec.checkResults)
    lines.push(
      `${name} --source "$KEPLER_URLS" --fail-on error --report sarif=reports/kcarbon.sarif --report junit=reports/kcarbon.xml`,
    );
  if (spec.name === 'report')
    lines.push(
      `${name} --source "$KEPLER_URLS" --history kcarbon.jsonl --report html=report.html -o markdown --no-fail`,
    );
  return `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

function addCommandOptions(cmd: Command, spec: CommandSpec): void {
  const shape = spec.input.shape as Record<string, unknown>;
  if ('namespace' in shape) {
    cmd.option('-n, --namespace <ns>', helpText('namespace to look at'));
    cmd.option('-A, --all-namespaces', helpText('all namespaces (the default when -n is absent)'));
  }
  for (const o of spec.options) cmd.addOption(new Option(o.flags, helpText(o.description)));
  for (const a of spec.args)
    cmd.argument(a.required ? `<${a.name}>` : `[${a.name}]`, helpText(a.description));
}

/** SARIF location of a live-cluster finding: the workload's conventional manifest path. */
const DEFAULT_SARIF_LOCATION = 'k8s/{namespace}/{name}.yaml';

/** `--report sarif=kcarbon.sarif` (repeatable): extra outputs written to files in the same run. */
function parseReports(values: string[] | undefined): { format: string; file: string }[] {
  return (values ?? []).map((v) => {
    const m = /^([a-z]+)=(.+)$/.exec(v);
    if (!m) throw new UsageError(`--report '${v}' is not FORMAT=FILE`, 'e.g. --report sarif=kcarbon.sarif');
    checkFormat(m[1]!, '--report format');
    return { format: m[1]!, file: m[2]! };
  });
}

interface RunState {
  exitCode: number;
}

export function buildProgram(io: CliIO, state: RunState): Command {
  const program = new Command('kcarbon')
    .description('Power, energy and carbon compliance of Kubernetes workloads, measured by Kepler')
    .version(VERSION, '-V, --version', helpText('output the version number'))
    .helpOption('-h, --help', helpText('display help for command'))
    .configureHelp({ styleTitle: (title: string) => helpText(title) })
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // One line: commander's "(Did you mean ...?)" joins the message.
      outputError: (s, write) =>
        write(
          `${s
            .trim()
            .replace(/^error:/, 'kcarbon: error:')
            .replace(/\s*\n\s*/g, ' ')}\n`,
        ),
    });

  for (const spec of COMMANDS) {
    // "config show": a subcommand under its group's command.
    const [group, sub] = spec.name.split(' ');
    const parent = sub
      ? (program.commands.find((c) => c.name() === group) ??
        program.command(group!).description(`${group} commands`))
      : program;
    const cmd = parent
      .command(sub ?? spec.name)
      .summary(helpText(spec.summary))
      .description(`${helpText(spec.summary)}.\n\n${cliWording(spec, spec.description)}`)
      .helpOption('-h, --help', helpText('display help for command'))
      .configureHelp({ styleTitle: (title: string) => helpText(title) });
    addCommandOptions(cmd, spec);
    addGlobalOptions(cmd, spec);
    cmd.addHelpText('after', examples(spec));
    cmd.action(async (...actionArgs: unknown[]) => {
      const command = actionArgs[actionArgs.length - 1] as Command;
      const opts = command.opts() as Record<string, unknown> & GlobalOpts & Record<string, string | boolean>;
      state.exitCode = await runSpec(spec, command, opts, io);
    });
  }
  registerServeCommand(program, io, state);
  return program;
}

async function runSpec(
  spec: CommandSpec,
  command: Command,
  opts: Record<string, unknown> & GlobalOpts,
  io: CliIO,
): Promise<number> {
  const format = opts.json ? 'json' : ((opts.format as string | undefined) ?? 'table');
  checkFormat(format, '--format');
  const progress = progressLine(io.tty ?? io.stderr, { format, quiet: opts.quiet === true });
  const warn = (m: string) => {
    progress.clear();
    if (!opts.quiet) io.stderr.write(`kcarbon: warning: ${m}\n`);
  };
  const reports = parseReports(opts.report as string[] | undefined);
  const manifestPattern = (opts.sarifLocation as string | undefined) ?? DEFAULT_SARIF_LOCATION;
  try {
    return await runChecked(spec, command, opts, io, { format, reports, manifestPattern, warn, progress });
  } catch (err) {
    progress.clear();
    // Every requested report is still written, valid and saying why, so an upload step after us works.
    writeFailureReports(reports, spec.name, err, io, opts.quiet === true);
    throw err;
  }
}

function writeFailureReports(
  reports: { format: string; file: string }[],
  command: string,
  err: unknown,
  io: CliIO,
  quiet: boolean,
): void {
  const exitCode = err instanceof KcarbonError ? err.exitCode : ExitCode.usage;
  const message = describeError(err).replace(/\s*\n\s*/g, ' ');
  for (const r of reports) {
    try {
      mkdirSync(path.dirname(path.resolve(r.file)), { recursive: true });
      writeFileSync(r.file, failureReport(r.format, { command, message, exitCode, version: VERSION }));
      if (!quiet) io.stderr.write(`kcarbon: wrote ${r.format} report (run failed) to ${r.file}\n`);
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
  },
): Promise<number> {
  const { format, reports, manifestPattern, warn, progress } = run;
  const policy = gatePolicy(opts as { failOn?: unknown; fail?: unknown; exitCode?: unknown });
  if (opts.namespace !== undefined && opts.allNamespaces) {
    throw new UsageError('-n and -A are exclusive', 'give a namespace or all namespaces, not both');
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
  // Render everything before writing anything, so a bad combination loses no output.
  const stdout = report(
    format,
    makeStyle(color, { width: terminalWidth(io.stdout, io.env), headers: opts.headers !== false }),
  );
  const failing = failsGate(spec, result);
  const files = reports.map((r) => ({ ...r, text: report(r.format, plainStyle) }));
  for (const f of files) {
    try {
      mkdirSync(path.dirname(path.resolve(f.file)), { recursive: true });
      writeFileSync(f.file, f.text);
    } catch (err) {
      throw new UsageError(`cannot write ${f.format} report to ${f.file}: ${(err as Error).message}`);
    }
    if (!opts.quiet) io.stderr.write(`kcarbon: wrote ${f.format} report to ${f.file}\n`);
  }
  io.stdout.write(stdout);
  // On GitHub Actions a failing gate also annotates the workflow run (stderr keeps stdout parseable).
  if (
    failing &&
    io.env.GITHUB_ACTIONS === 'true' &&
    opts.annotations !== false &&
    format !== 'github' &&
    spec.checkResults
  )
    io.stderr.write(report('github', plainStyle));
  const entry = (result as { history_entry?: unknown }).history_entry;
  if (history && entry) appendHistory(history, entry);
  const metrics = metricsOf(result);
  const code = exitCodeFor(spec, input, result, metrics, {
    exitCode: policy.exitCode,
    allowPartial: opts.allowPartial === true,
    strict: opts.strict === true,
  });
  // Partial data is never hidden, not even by -q: a report that covers fewer nodes must say so.
  if (metrics && !metrics.complete) {
    const how =
      code === ExitCode.unreachable
        ? ' (exit 3; --allow-partial accepts the nodes that reported)'
        : isGating(spec, input)
          ? ' (accepted: --allow-partial)'
          : ' (--strict makes this exit 3)';
    io.stderr.write(`kcarbon: warning: ${describeIncomplete(metrics)}${how}\n`);
  }
  return code;
}

/** Run the CLI; returns the exit code. Only main() turns it into the process exit code. */
export async function runCli(args: string[], given: CliIO): Promise<number> {
  // Everything on stderr (errors, warnings, commander's messages) may quote outside text: escape controls.
  const io: CliIO = { ...given, stderr: escapingWriter(given.stderr), tty: given.stderr };
  const state: RunState = { exitCode: ExitCode.ok };
  const debug = args.includes('--debug');
  // The language first: --help is printed while commander parses.
  const langFlag = langFromArgv(args);
  const language = resolveLang(langFlag, io.env);
  if (!language) {
    io.stderr.write(`kcarbon: error: --lang '${langFlag}' is not a language kcarbon speaks — use en or ko\n`);
    return ExitCode.usage;
  }
  setLang(language);
  const program = buildProgram(io, state);
  if (args.length === 0) {
    program.outputHelp();
    return ExitCode.ok;
  }
  try {
    await program.parseAsync(args, { from: 'user' });
    return state.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code))
        return ExitCode.ok;
      return ExitCode.usage; // commander already printed one line
    }
    const code = err instanceof KcarbonError ? err.exitCode : ExitCode.usage;
    io.stderr.write(`kcarbon: error: ${describeError(err).replace(/\s*\n\s*/g, ' ')}\n`);
    if (debug && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    if (!(err instanceof KcarbonError) && !debug)
      io.stderr.write('kcarbon: (internal error; rerun with --debug for details)\n');
    return code;
  }
}
