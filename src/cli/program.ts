/**
 * The commander program, generated from the command registry's manifests. No business logic here, and
 * nothing heavy: a command's implementation (and the engine under it) is imported by its action only
 * (run.ts), so --help and --version answer without loading it.
 */
import { Command, CommanderError, Option } from 'commander';
import type { CommandManifest } from '../commands/manifests.js';
import { COMMANDS } from '../commands/registry.js';
import { ExitCode, KcarbonError, localizedError, type Msg, msg } from '../errors.js';
import { renderMsg } from '../i18n/errors.js';
import { H } from '../i18n/help.js';
import { helpText, lang, langFromArgv, resolveLang, setLang, tm } from '../i18n/index.js';
import { escapingWriter } from '../util/escape.js';
import { terminalWidth } from '../util/terminal.js';
import type { GlobalOpts } from './context.js';
import { GLOBAL_OPTIONS, optionText } from './global-options.js';
import { exampleLines, HELP_CONFIG } from './help-format.js';
import type { CliIO } from './io.js';
import { registerServeCommand } from './serve.js';
import { VERSION } from './version.js';

export { VERSION };

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
  if (GATE_FLAGS.includes(long)) return H.gateOptions;
  if (OUTPUT_FLAGS.includes(long)) return H.outputOptions;
  if (CARBON_FLAGS.includes(long)) return H.carbonOptions;
  return H.sourceOptions;
}

/** Whether a command takes a global option (source options only where metrics are read, gate options where it gates). */
function takesGlobal(g: (typeof GLOBAL_OPTIONS)[number], spec: CommandManifest): boolean {
  if (g.metrics && !spec.readsMetrics) return false;
  if (g.commands && !g.commands.includes(spec.name)) return false;
  return !(g.gating && !spec.gating);
}

function addGlobalOptions(cmd: Command, spec: CommandManifest): void {
  for (const g of GLOBAL_OPTIONS) {
    if (!takesGlobal(g, spec)) continue;
    const option = new Option(g.flags, optionText(g)).helpGroup(helpText(helpGroupOf(g.flags)));
    if (g.repeatable) option.argParser((v: string, prev: string[] = []) => [...prev, v]);
    cmd.addOption(option);
  }
}

/** CLI text names flags, never the MCP parameter names the descriptions use (status_filter -> --status). */
export function cliWording(spec: CommandManifest, text: string): string {
  let out = text;
  for (const o of spec.options) {
    const flag = /--[\w-]+/.exec(o.flags)?.[0];
    if (flag && o.key.includes('_')) out = out.replace(new RegExp(`\\b${o.key}\\b`, 'g'), flag);
  }
  return out;
}

/** The examples at the end of a command's --help. */
function examples(spec: CommandManifest, width: number): string {
  const name = `kcarbon ${spec.name}${spec.args.map((a) => (a.required ? ` ${a.name === 'workload' ? 'postgres' : `<${a.name}>`}` : '')).join('')}`;
  const src = spec.readsMetrics ? ' --demo' : '';
  const lines = [`${name}${src}`, `${name}${src} -o json`];
  if (spec.gating)
    lines.push(
      `${name} --source "$KEPLER_URLS" --fail-on error --report sarif=reports/kcarbon.sarif --report junit=reports/kcarbon.xml`,
    );
  lines.push(...(spec.examples ?? []));
  return `\n${helpText(H.examples)}\n${lines.flatMap((l) => exampleLines(l, width)).join('\n')}\n`;
}

function addCommandOptions(cmd: Command, spec: CommandManifest): void {
  if (spec.namespaced) {
    cmd.option('-n, --namespace <ns>', helpText(H.namespace));
    cmd.option('-A, --all-namespaces', helpText(H.allNamespaces));
  }
  for (const o of spec.options) cmd.addOption(new Option(o.flags, helpText(o.description)));
  for (const a of spec.args)
    cmd.argument(a.required ? `<${a.name}>` : `[${a.name}]`, helpText(a.description));
}

/** --help fits the terminal (COLUMNS or a TTY's columns), 80 columns when it has none (a pipe). */
const helpWidth = (io: CliIO) => terminalWidth(io.stdout, io.env) ?? 80;

interface RunState {
  exitCode: number;
}

/**
 * The program with every command. `only` (the command a command line runs, see commandOf) declares that
 * command's options, texts and action alone and gives the others just a name and summary (all that commander's
 * command list and did-you-mean read): declaring every command's fifty options took 3 ms of each run.
 */
export function buildProgram(io: CliIO, state: RunState, only?: string, usage = only): Command {
  const program = new Command('kcarbon')
    .description(helpText(H.program))
    .version(VERSION, '-V, --version', helpText(H.versionOption))
    .helpOption('-h, --help', helpText(H.helpOption))
    .helpCommand('help [command]', helpText(H.helpOption))
    .configureHelp(HELP_CONFIG)
    .exitOverride()
    .configureOutput({
      getOutHelpWidth: () => helpWidth(io),
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // One line: commander's "(Did you mean ...?)" joins the message, or else a hint how to fix it.
      outputError: (s, write) => write(`${commanderLine(s, usage)}\n`),
    });

  for (const spec of COMMANDS) {
    // "config show": a subcommand under its group's command.
    const [group, sub] = spec.name.split(' ');
    if (only !== undefined && only !== group) {
      if (!program.commands.some((c) => c.name() === group))
        program.command(group!).summary(helpText(sub ? H.configGroup : spec.summary));
      continue;
    }
    const parent = sub
      ? (program.commands.find((c) => c.name() === group) ??
        program
          .command(group!)
          .description(helpText(H.configGroup))
          .helpOption('-h, --help', helpText(H.helpOption))
          .helpCommand('help [command]', helpText(H.helpOption))
          .configureHelp(HELP_CONFIG))
      : program;
    const cmd = parent
      .command(sub ?? spec.name)
      .summary(helpText(spec.summary))
      .description(`${helpText(spec.summary)}.\n\n${cliWording(spec, helpText(spec.description))}`)
      .helpOption('-h, --help', helpText(H.helpOption))
      .configureHelp(HELP_CONFIG);
    addCommandOptions(cmd, spec);
    addGlobalOptions(cmd, spec);
    cmd.addHelpText('after', () => examples(spec, helpWidth(io)));
    cmd.action(async (...actionArgs: unknown[]) => {
      const command = actionArgs[actionArgs.length - 1] as Command;
      const opts = command.opts() as Record<string, unknown> & GlobalOpts & Record<string, string | boolean>;
      const [{ runSpec }, impl] = await Promise.all([import('./run.js'), spec.load()]);
      state.exitCode = await runSpec(impl, command, opts, io);
    });
  }
  if (only === undefined || only === 'serve') registerServeCommand(program, io, state);
  else program.command('serve').summary(helpText(H.serveSummary));
  return program;
}

/**
 * The command a command line runs: its first word when that names one (`config` for `config show`), else
 * undefined (--help, --version, `help <command>`, a mistyped name), which builds every command in full.
 */
export function commandOf(args: readonly string[]): string | undefined {
  const first = args[0];
  if (first === undefined || first === 'help') return undefined;
  return commandNames().has(first) ? first : undefined;
}

const commandNames = (): Set<string> => new Set([...COMMANDS.map((c) => c.name.split(' ')[0]!), 'serve']);

/**
 * The shared options may come before the command (`kcarbon --lang ko list`, `kcarbon --json top --demo`): they
 * are moved after it — after a group's subcommand (`kcarbon --json config show`) — where commander reads them. Only the shared options (GLOBAL_OPTIONS) are known before a
 * command is; with anything else before it (or no command at all) the arguments stay as they are, for commander
 * to answer as before.
 */
export function commandFirst(args: readonly string[]): string[] {
  const takesValue = new Map<string, boolean>();
  for (const o of GLOBAL_OPTIONS) {
    for (const f of o.flags.split(/[ ,]+/)) if (f.startsWith('-')) takesValue.set(f, o.flags.includes('<'));
  }
  const before: string[] = [];
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-') && args[i] !== '--') {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const value = takesValue.get(eq > 0 ? a.slice(0, eq) : a);
    if (value === undefined) return [...args];
    before.push(a);
    i++;
    if (value && eq < 0 && i < args.length) before.push(args[i++]!);
  }
  if (before.length === 0 || i >= args.length || !commandNames().has(args[i]!)) return [...args];
  // A group's options are its subcommands' (`kcarbon --json config show`): they go after the subcommand.
  const named = COMMANDS.some((c) => c.name === `${args[i]} ${args[i + 1]}`) ? 2 : 1;
  return [...args.slice(i, i + named), ...before, ...args.slice(i + named)];
}

/** commander's own errors, matched on its English text (commander 14) and said again from the catalogue. */
const COMMANDER: [RegExp, (m: RegExpExecArray) => Msg][] = [
  [/^unknown option '(.*)'$/, (m) => msg('unknownOption', m[1]!)],
  [/^unknown command '(.*)'$/, (m) => msg('unknownCommand', m[1]!)],
  [/^missing required argument '(.*)'$/, (m) => msg('missingArgument', m[1]!)],
  [/^option '(.*)' argument missing$/, (m) => msg('optionMissingArgument', m[1]!)],
  [/^required option '(.*)' not specified$/, (m) => msg('requiredOption', m[1]!)],
  [
    /^too many arguments for '(.*)'\. Expected (\d+) arguments? but got (\d+)\.$/,
    (m) => msg('tooManyArguments', m[1]!, Number(m[2]), Number(m[3])),
  ],
];

/**
 * A commander error as one line with kcarbon's prefix, in the run's language, ending with how to fix it:
 * commander's own did-you-mean where it has one, else where the usage is (`command`: the command named on the
 * command line, if any), or for a missing workload, how to name one.
 */
export function commanderLine(text: string, command?: string): string {
  const line = text
    .trim()
    .replace(/^error:\s*/, '')
    .replace(/\s*\n\s*/g, ' ');
  const suggestion = / ?\(Did you mean (?:one of )?(.*)\?\)$/.exec(line);
  const body = suggestion ? line.slice(0, suggestion.index) : line;
  let said = body;
  for (const [re, toMsg] of COMMANDER) {
    const m = re.exec(body);
    if (m) said = lang() === 'en' ? body : tm(toMsg(m));
  }
  // An option of other commands (`report --max-watts`): say whose it is; commander's nearest name (--max-bytes)
  // would point elsewhere.
  const flag = /^unknown option '(--[\w-]+)'$/.exec(body)?.[1];
  const owners =
    flag && command
      ? COMMANDS.filter(
          (c) =>
            c.name !== command &&
            [...c.options, ...GLOBAL_OPTIONS.filter((g) => takesGlobal(g, c))].some((o) =>
              o.flags.split(/[ ,]+/).includes(flag),
            ),
        ).map((c) => c.name)
      : [];
  if (owners.length > 0)
    return `${tm(msg('prefix'))} ${said} — ${tm(msg('optionOfOthers', flag!, owners.join(', '), command!))}`;
  const fix = suggestion
    ? tm(msg('didYouMean', suggestion[1]!))
    : `— ${tm(
        /^missing required argument 'workload'$/.test(body) && command
          ? msg('workloadArgHint', command)
          : command
            ? msg('seeHelp', command)
            : msg('seeProgramHelp'),
      )}`;
  return `${tm(msg('prefix'))} ${said} ${fix}`;
}

/** Run the CLI; returns the exit code. Only main() turns it into the process exit code. */
export async function runCli(argv: string[], given: CliIO): Promise<number> {
  const args = commandFirst(argv);
  // Everything on stderr (errors, warnings, commander's messages) may quote outside text: escape controls.
  const io: CliIO = { ...given, stderr: escapingWriter(given.stderr), tty: given.stderr };
  const state: RunState = { exitCode: ExitCode.ok };
  const debug = args.includes('--debug');
  // The language first: --help is printed while commander parses.
  const langFlag = langFromArgv(args);
  const language = resolveLang(langFlag, io.env);
  if (!language) {
    io.stderr.write(`${renderMsg(msg('prefix'))} ${renderMsg(msg('badLang', String(langFlag)))}\n`);
    return ExitCode.usage;
  }
  await setLang(language);
  // With no command after it (`kcarbon --lang ko`, `kcarbon --lang ko reportt`), a leading --lang has done its
  // work: the rest is answered in that language (the help, an unknown command) rather than refused for it.
  if ((args[0] === '--lang' && args.length > 1) || args[0]?.startsWith('--lang='))
    args.splice(0, args[0] === '--lang' ? 2 : 1);
  const command = commandOf(args);
  // A refusal points at the usage of the command named, a group's subcommand included ('config show').
  const sub =
    command && COMMANDS.some((c) => c.name === `${command} ${args[1]}`) ? `${command} ${args[1]}` : command;
  const program = buildProgram(io, state, command, sub);
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
      // commander already printed one line; the requested reports still say why, like any exit 2.
      if (args.some((a) => a === '--report' || a.startsWith('--report='))) {
        const named = (a: string) => program.commands.find((c) => c.name() === a || c.aliases().includes(a));
        const command =
          args
            .map(named)
            .find((c) => c !== undefined)
            ?.name() ?? 'kcarbon';
        const { writeRefusedReports } = await import('./run.js');
        writeRefusedReports(args, command, err.message, io);
      }
      return ExitCode.usage;
    }
    const code = err instanceof KcarbonError ? err.exitCode : ExitCode.usage;
    io.stderr.write(`${tm(msg('prefix'))} ${localizedError(err, tm).replace(/\s*\n\s*/g, ' ')}\n`);
    if (debug && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    if (!(err instanceof KcarbonError) && !debug) io.stderr.write(`${tm(msg('internal'))}\n`);
    return code;
  }
}
