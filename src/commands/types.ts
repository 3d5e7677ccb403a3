/**
 * The command registry contract. Each of kcarbon's operations is defined once as a
 * CommandSpec: its input schema (zod, keyed by the original MCP tool's parameter names),
 * a run() returning a typed result, and a terminal renderer. The CLI and the MCP server
 * are both generated from these specs and hold no business logic.
 */
import { z } from 'zod';
import type { CheckResult } from '../carbon/checks.js';
import type { Gate } from '../carbon/gate.js';
import type { KcarbonConfig } from '../config/index.js';
import type { Component, PowerBasis } from '../kepler/basis.js';
import type { OptionalLevel } from '../kepler/build.js';
import { WarningsSchema } from '../kepler/metrics-info.js';
import type { KeplerSnapshot, Warning } from '../kepler/model.js';
import type { Period, PeriodEnergy } from '../kepler/period.js';
import type { Style } from '../render/style.js';
import type { GridProviderName, GridRequest, GridSeries } from '../sources/grid/types.js';

/** What a command may use while it runs; built by the front end (CLI or MCP). */
export interface RunContext {
  /** The metrics, read once per run (and cached briefly by the MCP server). */
  snapshot(): Promise<KeplerSnapshot>;
  /** Energy per pod and clock hour over a period (Prometheus, or the demo's history); read once per period. */
  energyHistory(period: Period): Promise<PeriodEnergy>;
  /** Grid, PUE and standards data (config/ merged with the user's config, env and flags). */
  config(): Promise<KcarbonConfig>;
  /** Zones forced with --zones (validated); undefined = each node's own default set (see src/kepler/basis.ts). */
  zones?: readonly string[];
  /** Components summed for pod power (--components; default cpu, gpu). */
  components: readonly Component[];
  /** What pod power sums on each node (components and zones), computed once from the snapshot. */
  powerBasis(): Promise<PowerBasis>;
  /** The assessment time (`--at`, default now). Never read the clock elsewhere. */
  now: Date;
  /** Record a warning: shown at once (stderr / MCP log) and carried in the result's `warnings`. */
  warn(warning: Warning): void;
  /** Every warning of this run so far (the metrics' own warnings once snapshot() has resolved). */
  warnings(): Warning[];
  /** Report progress on slow work (MCP progress notifications; stderr spinner-free on the CLI). */
  progress(done: number, total: number, message: string): void;
  signal?: AbortSignal;
  /** The environment the run reads (config show names env origins). */
  env?: NodeJS.ProcessEnv;
  /** Past report runs (the CLI's --history file), oldest first; absent when not asked for. */
  history?: () => Promise<unknown[]>;
  /** The live grid provider of the run (--grid, --grid-url, --grid-cache, --grid-strict). */
  grid?: GridAccess;
}

/** Access to live grid data: the flag/env choice and a loader that fetches each request once per run. */
export interface GridAccess {
  /** `--grid` or KCARBON_GRID; undefined = config defaults.grid, else offline. */
  choice?: string;
  /** `--grid-strict`: a provider that fails is exit 3 instead of a fallback to offline data. */
  strict: boolean;
  load(provider: GridProviderName, req: GridRequest): Promise<GridSeries>;
  /** Carbon Aware SDK /emissions/bylocations/best: the cleanest of several locations over [from, to]. */
  best(
    locations: string[],
    from: Date,
    to: Date,
  ): Promise<Array<{ location: string; time: string; rating: number }>>;
}

/** A workload (or namespace) and the checks judged on it. */
export interface ResourceChecks {
  namespace: string;
  name: string;
  kind: string;
  checks: CheckResult[];
}

/** A positional CLI argument, bound to an input key. */
export interface ArgSpec {
  key: string;
  name: string;
  description: string;
  required: boolean;
}

export type OptionParser = 'int' | 'number' | 'list' | 'duration-hours' | 'upper' | 'string';

/** A CLI option bound to an input key. Declared as data: the CLI and README come from it. */
export interface OptionSpec {
  key: string;
  /** commander flags, e.g. `-l, --limit <n>` */
  flags: string;
  description: string;
  parse?: OptionParser;
  /** Constant value to store when the flag is given (for boolean switches such as -A). */
  value?: unknown;
}

export interface CommandSpec<I extends Record<string, unknown> = Record<string, unknown>, O = unknown> {
  /** CLI subcommand name. */
  name: string;
  /** MCP tool name (the original project's). */
  tool: string;
  title: string;
  /** One line for --help and the README. */
  summary: string;
  /** Longer text for the MCP tool description. */
  description: string;
  /** Input schema. Field names are the MCP parameter names; every field has a description. */
  input: z.ZodObject;
  /** Output schema (the MCP outputSchema); the JSON result of run() conforms to it. */
  output: z.ZodType<O>;
  args: ArgSpec[];
  options: OptionSpec[];
  /** Whether run() reads metrics (the MCP annotation openWorldHint, and the CLI's source options). */
  readsMetrics: boolean;
  /**
   * Kepler levels below the pod that run() reads (containers, VMs); the CLI leaves the others' series
   * unread. Absent = every level. (The MCP server's shared snapshot cache always reads every level.)
   */
  levels?: readonly OptionalLevel[];
  run(input: I, ctx: RunContext): Promise<O>;
  /** Human rendering for a terminal. */
  renderTable(result: O, style: Style): string;
  /** A command's own markdown and html (else the generic ones, built from the JSON result). */
  renderMarkdown?(result: O): string;
  renderHtml?(result: O): string;
  /** Number of findings (NON_COMPLIANT checks); > 0 exits 1 unless --no-fail. */
  findings?(result: O): number;
  /** The result field holding the command's main list (CSV writes it). */
  primaryList?: string;
  /** The gate over every judged check (severities and exceptions applied): what the exit code follows. */
  gate?(result: O): Gate;
  /** Every judged resource with its checks: what the SARIF and JUnit reporters write. */
  checkResults?(result: O): ResourceChecks[];
}

/** The version of the JSON envelope every command's result carries (bumped when a key changes meaning). */
export const SCHEMA_VERSION = '1';

/** The keys every command's JSON result carries, in the same places (see README "JSON output"). */
export interface Envelope {
  schema_version: typeof SCHEMA_VERSION;
  /** The assessment time (ISO 8601): `--at`, else the time of the run. */
  timestamp: string;
  warnings: Warning[];
}

/**
 * Helper preserving the input/output types of a spec literal. It wraps every command in one JSON envelope:
 * `schema_version` and `timestamp` first, then the command's own keys (its `data_used` where it used grid or
 * standards data), then `warnings` (the run's ctx.warnings()). The output schema gains the same keys, so
 * the --json output and the MCP tool result (and its outputSchema) are one shape. `envelope: false` is for
 * a command whose output is a document of its own (config schema prints a JSON Schema).
 */
export function defineCommand<S extends z.ZodObject, O>(
  spec: Omit<CommandSpec<z.infer<S>, O>, 'input'> & { input: S; envelope?: boolean },
): CommandSpec<z.infer<S>, O & Envelope> {
  const { envelope = true, ...rest } = spec;
  if (!envelope) return rest as unknown as CommandSpec<z.infer<S>, O & Envelope>;
  const run = rest.run;
  const own = rest.output as unknown as z.ZodObject;
  return {
    ...rest,
    output: z
      .object({
        schema_version: z.literal(SCHEMA_VERSION).describe('Version of this JSON layout'),
        timestamp: z.string().describe('Assessment time (ISO 8601): --at, else the time of the run'),
      })
      .extend(own.shape)
      .extend({ warnings: WarningsSchema }),
    async run(input: z.infer<S>, ctx: RunContext) {
      const result = (await run(input, ctx)) as Record<string, unknown>;
      return {
        schema_version: SCHEMA_VERSION,
        timestamp: ctx.now.toISOString(),
        ...result,
        warnings: ctx.warnings(),
      };
    },
  } as unknown as CommandSpec<z.infer<S>, O & Envelope>;
}
