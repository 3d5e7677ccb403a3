import { z } from 'zod';
import { frozen, memo } from '../util/memo.js';
import { once } from '../util/once.js';
import { type PowerBasis, zonesOf, zonesUsed } from './basis.js';
import type { KeplerSnapshot, Warning } from './model.js';

/** The shared Warning contract (src/kepler/model.ts) as a schema: every metrics-reading result's `warnings`. */
export const WarningSchema = once(() =>
  z.object({
    code: z
      .string()
      .describe('Stable kebab-case key, e.g. fake-meter, zone-fallback, source-failed, value-excluded'),
    message: z
      .string()
      .describe('What the reader must know, for people (English; the same for every --lang)'),
    params: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .optional()
      .describe('The language-neutral values the message is built from (names, numbers, identifiers)'),
    nodes: z.array(z.string()).optional().describe('Nodes concerned, when any'),
  }),
);
export const WarningsSchema = once(() =>
  z
    .array(WarningSchema())
    .describe(
      'Everything that makes the figures incomplete, estimated or not measured (also printed on stderr)',
    ),
);

/** Where a result's figures came from: attached to every metrics-based result. */
export const MetricsInfoSchema = once(() =>
  z.object({
    captured_at: z.string().describe('When the metrics were read (ISO 8601)'),
    kepler_format: z.string().describe('Kepler exposition generation: v0.10+ or legacy-0.7'),
    kepler_versions: z
      .array(z.string())
      .describe("Kepler versions from the exporters' build-info metric, each once (empty when none says)"),
    components: z
      .array(z.enum(['cpu', 'gpu']))
      .describe('What pod power sums: CPU zones and/or GPU power (--components; default both)'),
    zones: z
      .array(z.string())
      .describe('CPU zones summed for pod power, on any node (per node: zones_by_node)'),
    zones_by_node: z
      .record(z.string(), z.array(z.string()))
      .describe(
        "CPU zones summed on each node: --zones when given, else package+dram where reported, else the node's top-level zone",
      ),
    watts_from: z.enum(['gauges', 'sampled']).describe("Kepler's watts gauges, or averaged from two scrapes"),
    watts_from_by_node: z
      .record(z.string(), z.enum(['gauges', 'sampled']))
      .describe(
        "How each reporting node's watts were obtained (with --sample: every node from both scrapes)",
      ),
    sample_seconds: z.number().optional().describe('Sampling interval when watts_from is sampled'),
    nodes_expected: z
      .number()
      .int()
      .nonnegative()
      .describe('Nodes the sources should have covered: those reporting plus one per failed source'),
    nodes_reporting: z.array(z.string()).describe('Nodes whose exporter was read'),
    nodes_not_measured: z
      .array(z.string())
      .describe("Nodes on Kepler's fake CPU meter: their figures are synthetic, not measured"),
    sources_failed: z
      .array(z.object({ origin: z.string(), error: z.string() }))
      .describe('Sources that failed, each with its reason'),
    series_left_out: z
      .array(z.object({ origin: z.string(), count: z.number().int().positive() }))
      .describe(
        'Series a source had that the figures leave out, per source: values excluded as implausible (NaN, negative, beyond a physical bound), malformed lines skipped, power gauges missing beside an energy counter, and under --sample a pod GPU power unknown or pods above their node GPU power (warnings value-excluded, lines-skipped, watts-missing, gpu-energy-unknown, gpu-above-node)',
      ),
    complete: z
      .boolean()
      .describe(
        'True when every source was read and none of its series left out; false means figures cover only nodes_reporting, or leave out series_left_out',
      ),
  }),
);
export type MetricsInfo = z.infer<ReturnType<typeof MetricsInfoSchema>>;

/**
 * What metrics a result used; worked out once per basis (computed from `snap`, so once per snapshot and flags),
 * frozen because results share it.
 */
export function metricsInfo(snap: KeplerSnapshot, basis: PowerBasis): MetricsInfo {
  return memo(basis, 'metrics-info', () => frozen(buildMetricsInfo(snap, basis)));
}

function buildMetricsInfo(snap: KeplerSnapshot, basis: PowerBasis): MetricsInfo {
  const leftOut = seriesLeftOut(snap);
  const reporting = [...new Set(snap.nodes.map((n) => n.name))].sort();
  const failed = snap.sources.filter((s) => !s.ok).map((s) => ({ origin: s.origin, error: s.error ?? '' }));
  return {
    captured_at: snap.capturedAt,
    kepler_format: snap.format,
    // The snapshot names the versions of its sources as one text ('v0.11.2, v0.11.4', src/kepler/merge.ts).
    kepler_versions: snap.version ? snap.version.split(', ') : [],
    components: [...basis.components],
    zones: zonesUsed(basis),
    zones_by_node: Object.fromEntries([...basis.zonesByNode.keys()].map((n) => [n, [...zonesOf(basis, n)]])),
    watts_from: snap.wattsFrom,
    watts_from_by_node: Object.fromEntries(
      [...snap.nodes]
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map((n) => [n.name, n.wattsFrom ?? snap.wattsFrom]),
    ),
    ...(snap.sampleSeconds ? { sample_seconds: snap.sampleSeconds } : {}),
    nodes_expected: reporting.length + failed.length,
    nodes_reporting: reporting,
    nodes_not_measured: snap.nodes
      .filter((n) => n.fakeMeter)
      .map((n) => n.name)
      .sort(),
    sources_failed: failed,
    series_left_out: leftOut,
    complete: isComplete(failed, leftOut),
  };
}

/** Whether the data are complete: every source read (`failed`: those not) and none of its series left out. */
function isComplete(failed: readonly unknown[], leftOut: readonly unknown[]): boolean {
  return failed.length === 0 && leftOut.length === 0;
}

/** Whether a snapshot's data are complete, as its metrics info says (`complete`): for a gate judged without it. */
export function snapshotComplete(snap: KeplerSnapshot): boolean {
  return isComplete(
    snap.sources.filter((s) => !s.ok),
    seriesLeftOut(snap),
  );
}

/**
 * The series each source had that the figures leave out: values excluded as implausible, malformed energy sample
 * lines skipped (not metadata lines, repeated series or other families' lines) and pods' power gauges missing beside
 * their energy counters, from their warnings (a pod's implausible counter change under --sample counts under the
 * pod's name; so do a pod GPU power --sample cannot know and pods above their node's GPU power).
 * A gate does not pass on them silently: with any, the data are incomplete.
 */
export function seriesLeftOut(snap: KeplerSnapshot): { origin: string; count: number }[] {
  const byOrigin = new Map<string, number>();
  for (const w of snap.warnings) {
    const lost = seriesLost(w);
    if (lost === 0) continue;
    const p = w.params ?? {};
    const origin = String(p.origin ?? p.pod ?? '');
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + lost);
  }
  return [...byOrigin].map(([origin, count]) => ({ origin, count }));
}

/**
 * How many series a warning says were left out: values excluded (each a series' figure), power gauges missing,
 * skipped lines that may have held one (lines-skipped's series), and a source's power or pod series absent
 * (no-power-series, pods-missing: at least one per zone); 0 for any other warning.
 */
export function seriesLost(w: Warning): number {
  const p = w.params ?? {};
  if (w.code === 'value-excluded') return typeof p.count === 'number' ? p.count : 1;
  if (w.code === 'watts-missing') return typeof p.count === 'number' ? p.count : 0;
  // --sample: a pod's GPU power unknown (its counter fell, no gauge), or pods' GPU power above their node's GPUs'.
  if (w.code === 'gpu-energy-unknown' || w.code === 'gpu-above-node') return 1;
  if (w.code === 'lines-skipped') return typeof p.series === 'number' ? p.series : 0;
  // A node's power or its pods' unknown: at least its power series (one per zone with active power) are missing.
  if (w.code === 'no-power-series') return 1;
  if (w.code === 'pods-missing') return typeof p.zones === 'number' ? p.zones : 1;
  // An exporter down through hours of a period: its node's series for those hours (counted per hour).
  if (w.code === 'source-hours-missing') return typeof p.hours === 'number' ? Math.ceil(p.hours) : 1;
  // Hours of a period no Kepler counter had a sample in: the cluster's series for those hours (counted per hour).
  if (w.code === 'history-hours-empty') return typeof p.hours === 'number' ? Math.ceil(p.hours) : 1;
  // Which exporters were down could not be asked this time (a 5xx, a reset; not a refusal): a node down would not be
  // noticed, so a gate does not pass on it silently (one series: the answer lost).
  if (w.code === 'targets-unchecked') return p.lost === 1 ? 1 : 0;
  return 0;
}

/**
 * The metrics info of a command's result: its top-level `metrics` (the JSON envelope's place for it, see
 * src/commands/types.ts). Undefined for results that read no metrics (`metrics: null`) and for anything that is
 * not a command result. Every consumer (renderers, the gate's exit code, the CLI's warning) reads it here.
 */
export function metricsOf(result: unknown): MetricsInfo | undefined {
  if (result === null || typeof result !== 'object') return undefined;
  const info = (result as { metrics?: unknown }).metrics;
  return info !== null && typeof info === 'object' && 'complete' in info ? (info as MetricsInfo) : undefined;
}
