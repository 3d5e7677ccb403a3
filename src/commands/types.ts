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
import { type MetricsInfo, WarningsSchema } from '../kepler/metrics-info.js';
import type { KeplerSnapshot, Warning } from '../kepler/model.js';
import type { Period, PeriodEnergy } from '../kepler/period.js';
import type { Style } from '../render/style.js';
import type { GridProviderName, GridRequest, GridSeries } from '../sources/grid/types.js';
import { sharedPart } from '../util/memo.js';
import { roundJson } from '../util/round.js';
import type { CommandManifest } from './manifests.js';

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
  /** `--basis` of the run when given (config show names it as the origin; the config holds its value). */
  basisFlag?: string;
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

export type { ArgSpec, CommandManifest, OptionParser, OptionSpec } from './manifests.js';

/** A command's implementation: its manifest (manifests.ts) with the schemas, run() and renderers. */
export interface CommandSpec<I extends Record<string, unknown> = Record<string, unknown>, O = unknown>
  extends CommandManifest {
  /** Input schema. Field names are the MCP parameter names; every field has a description. */
  input: z.ZodObject;
  /** Output schema (the MCP outputSchema); the JSON result of run() conforms to it. */
  output: z.ZodType<O>;
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

import { once } from '../util/once.js';
import { SCHEMA_VERSION } from './schema-version.js';

export { SCHEMA_VERSION };

/** The keys every command's JSON result carries, in the same places (see README "JSON output"). */
export interface Envelope {
  schema_version: typeof SCHEMA_VERSION;
  /** The CLI command that produced it (`config show`; the MCP tool's result names its CLI command too). */
  command: string;
  /** The assessment time (ISO 8601): `--at`, else the time of the run. */
  timestamp: string;
  /** What the Kepler metrics were and how complete (read it with metricsOf()); null for a command that reads none. */
  metrics: MetricsInfo | null;
  /** Where the figures came from: the config files, and the grid data, basis and standards where used. */
  data_used: { config_files: string[] } & Record<string, unknown>;
  warnings: Warning[];
}

/** The envelope's own keys, placed around a command's keys: three first, three last. */
const HEAD = ['schema_version', 'command', 'timestamp'] as const;
const TAIL = ['metrics', 'data_used', 'warnings'] as const;

const ConfigFilesSchema = once(() =>
  z
    .array(z.string())
    .describe('Config files the figures came from: the built-in config/ files, then the user config'),
);

/**
 * Helper preserving the input/output types of a spec literal. It wraps every command in one JSON envelope:
 * `schema_version`, `command` and `timestamp` first, then the command's own keys, then `metrics` (the
 * command's MetricsInfo; null when it reads no metrics), `data_used` (the command's own, plus the config files)
 * and `warnings` (the run's ctx.warnings()). Every number is rounded here, once, to its unit's precision
 * (roundJson, src/util/round.ts): commands compute at full precision. The output schema gains the same keys in the same order, so the
 * --json output and the MCP tool result (and its outputSchema) are one shape. `envelope: false` is for a
 * command whose output is a document of its own (config schema prints a JSON Schema).
 */
export function defineCommand<S extends z.ZodObject, O>(
  spec: Omit<CommandSpec<z.infer<S>, O & Envelope>, 'input' | 'output' | 'run'> & {
    input: S;
    /**
     * The command's own keys (`metrics` and `data_used` among them where it has them), built when `output` is
     * first read (the MCP server, tests): a CLI run never builds its output schema.
     */
    output: () => z.ZodType<O>;
    run(input: z.infer<S>, ctx: RunContext): Promise<O>;
    envelope?: boolean;
  },
): CommandSpec<z.infer<S>, O & Envelope> {
  const { envelope = true, output: ownOutput, ...rest } = spec;
  const name = rest.name;
  const output = once(() => (envelope ? envelopeSchema(rest, ownOutput()) : ownOutput()));
  if (!envelope)
    return Object.defineProperty(rest, 'output', { get: output, enumerable: true }) as unknown as CommandSpec<
      z.infer<S>,
      O & Envelope
    >;
  const run = rest.run;
  return Object.defineProperty(
    {
      ...rest,
      async run(input: z.infer<S>, ctx: RunContext) {
        const result = (await run(input, ctx)) as Record<string, unknown>;
        const { metrics = null, data_used = {}, ...keys } = result;
        for (const k of [...HEAD, 'warnings']) delete keys[k];
        const config = await ctx.config();
        return roundJson({
          schema_version: SCHEMA_VERSION,
          command: name,
          timestamp: ctx.now.toISOString(),
          ...keys,
          metrics,
          // One shared, frozen copy of the list while the MCP server shares results (src/util/memo.ts).
          data_used: {
            ...(data_used as object),
            config_files: sharedPart(config.files, 'copy', () => [...config.files]),
          },
          warnings: ctx.warnings(),
        });
      },
    },
    'output',
    { get: output, enumerable: true },
  ) as unknown as CommandSpec<z.infer<S>, O & Envelope>;
}

/** A command's output schema inside the envelope: its own keys between the envelope's, in the result's order. */
function envelopeSchema(spec: { name: string; readsMetrics?: boolean }, ownOutput: z.ZodType): z.ZodType {
  const own = (ownOutput as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
  if (spec.readsMetrics !== 'metrics' in own)
    throw new Error(
      `${spec.name}: a command that reads metrics returns \`metrics\`, and only such a command`,
    );
  const ownKeys = Object.fromEntries(
    Object.entries(own).filter(
      ([k]) => !(HEAD as readonly string[]).includes(k) && !(TAIL as readonly string[]).includes(k),
    ),
  );
  const ownUsed = own.data_used as z.ZodObject | undefined;
  return z.object({
    schema_version: z.literal(SCHEMA_VERSION).describe('Version of this JSON layout'),
    command: z.literal(spec.name).describe('The kcarbon command that produced this result'),
    timestamp: z.string().describe('Assessment time (ISO 8601): --at, else the time of the run'),
    ...ownKeys,
    metrics: spec.readsMetrics
      ? (own.metrics as z.ZodType)
      : z.null().describe('This command reads no Kepler metrics'),
    data_used: (ownUsed ?? z.object({}).describe('Where the figures came from')).extend({
      config_files: ConfigFilesSchema(),
    }),
    warnings: WarningsSchema(),
  });
}
