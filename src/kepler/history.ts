/**
 * Energy history of pods over a period, hour by hour (period.ts), from either
 *  - Prometheus: server-side increase() of the joules counters (sources/prometheus-history.ts), or
 *  - a history file: JSON counter readings of pods at a fixed step (the bundled demo's history;
 *    sources/history-file.ts), split into hours by the same pure functions the tests check.
 * Counters are component-agnostic: CPU zones and GPU joules (no zone label) land in the same structure.
 */
import { InputError, msg, SourceUnreachableError } from '../errors.js';
import type { CounterHistory } from '../sources/history-file.js';
import { isLegacyPod } from '../sources/legacy-pods.js';
import {
  type CounterQuery,
  downTargetPieces,
  type HourQuery,
  type IncreaseSeries,
  type PrometheusClient,
  promDuration,
  queryIncreases,
  TooLargeError,
} from '../sources/prometheus-history.js';
import { refusedQuery } from '../sources/prometheus-labels.js';
import { compareText } from '../util/compare.js';
import { emptyNode, type KeplerSnapshot, type PodEnergy, type Warning, warning } from './model.js';
import {
  type CounterSamples,
  clockHours,
  type DownExporter,
  type ExcludedIncreases,
  HOUR_MS,
  type HourSlice,
  hourlyIncrease,
  type Period,
  type PeriodEnergy,
  type PodPeriodEnergy,
} from './period.js';
import { badValue } from './values.js';
import { normaliseZone } from './zones.js';

/** A pod joules counter kcarbon reads over a period, with how its labels name the pod and the component. */
export interface PodCounter extends CounterQuery {
  /** Component of a series: the normalised zone, or a fixed name (`gpu`). */
  component(labels: Record<string, string>): string;
  /** Pod labels: namespace and name (and UID where the format has one). */
  names: { namespace: string; name: string; id?: string; node?: string };
  /** Legacy Kepler 0.7–0.9 container counters, whose pseudo-pods are left out (isLegacyPod). */
  legacy?: true;
}

const zoneOf = (l: Record<string, string>) => normaliseZone(label(l, 'zone') || 'unknown');

/** Kepler v0.10+ pod counters: CPU by zone, GPU (v0.11.4+, no zone label). */
export const POD_COUNTERS: PodCounter[] = [
  {
    metric: 'kepler_pod_cpu_joules_total',
    by: ['pod_namespace', 'pod_name', 'pod_id', 'node_name', 'zone', 'instance'],
    splitLabel: 'pod_namespace',
    component: zoneOf,
    names: { namespace: 'pod_namespace', name: 'pod_name', id: 'pod_id', node: 'node_name' },
  },
  {
    metric: 'kepler_pod_gpu_joules_total',
    by: ['pod_namespace', 'pod_name', 'pod_id', 'node_name', 'instance'],
    splitLabel: 'pod_namespace',
    component: () => 'gpu',
    names: { namespace: 'pod_namespace', name: 'pod_name', id: 'pod_id', node: 'node_name' },
  },
];

/** Legacy Kepler 0.7–0.9: per-container counters per component, summed per pod (dynamic power only). */
export const LEGACY_COUNTERS: PodCounter[] = ['package', 'dram', 'core', 'uncore', 'gpu'].map((c) => ({
  metric: `kepler_container_${c}_joules_total`,
  matchers: 'mode="dynamic"',
  by: ['container_namespace', 'pod_name', 'instance'],
  splitLabel: 'container_namespace',
  component: () => c,
  names: { namespace: 'container_namespace', name: 'pod_name' },
  legacy: true,
}));

/** A Kepler label as Kepler wrote it: the exported_ twin wins (Prometheus renamed Kepler's own on a clash). */
export function label(l: Record<string, string>, name: string): string {
  return l[`exported_${name}`] ?? l[name] ?? '';
}

/** Node of a series: Kepler's node_name, else the scraped instance (host part). */
function nodeOf(l: Record<string, string>, c: PodCounter): string {
  const node = c.names.node ? label(l, c.names.node) : '';
  if (node) return node;
  const instance = label(l, 'instance');
  return instance.replace(/:\d+$/, '') || 'unknown';
}

/** Accumulates joules per pod, component and slice. */
class PodTable {
  private readonly pods = new Map<string, PodPeriodEnergy>();
  readonly components = new Set<string>();
  /** Increases that are not energy (NaN, infinite, negative, beyond any machine), by node and metric. */
  private readonly bad = new Map<
    string,
    { node: string; metric: string; hours: number; series: Set<string>; kinds: Set<string> }
  >();
  /** Slices with an increase left out: such a slice is not "outside the data" even with no energy in it. */
  private readonly badSlices = new Set<number>();
  constructor(private readonly n: number) {}
  add(labels: Record<string, string>, c: PodCounter, slice: number, joules: number): void {
    const namespace = label(labels, c.names.namespace);
    const name = label(labels, c.names.name);
    if (c.legacy ? !isLegacyPod(name) : !name) return;
    const id = (c.names.id ? label(labels, c.names.id) : '') || `${namespace}/${name}`;
    let pod = this.pods.get(id);
    if (!pod) {
      pod = { id, name, namespace, node: nodeOf(labels, c), joules: {} };
      this.pods.set(id, pod);
    }
    const component = c.component(labels);
    this.components.add(component);
    const series = pod.joules[component] ?? new Array<number>(this.n).fill(0);
    pod.joules[component] = series;
    // Negative, non-finite or implausible increases are not energy: left out, and counted (the data are then
    // incomplete, as a snapshot's excluded values make them).
    const kind = badValue(c.metric, joules);
    if (kind === undefined) {
      series[slice]! += joules;
      return;
    }
    const key = `${pod.node}\u0000${c.metric}`;
    let t = this.bad.get(key);
    if (!t) {
      t = { node: pod.node, metric: c.metric, hours: 0, series: new Set(), kinds: new Set() };
      this.bad.set(key, t);
    }
    t.hours++;
    t.series.add(`${id}\u0000${component}`);
    t.kinds.add(kind);
    this.badSlices.add(slice);
  }
  excluded(): ExcludedIncreases[] {
    return [...this.bad.values()].map((t) => ({
      node: t.node,
      metric: t.metric,
      series: t.series.size,
      hours: t.hours,
      kinds: [...t.kinds].join(', '),
    }));
  }
  /** Whether an increase of slice `i` was left out. */
  leftOut(i: number): boolean {
    return this.badSlices.has(i);
  }
  list(): PodPeriodEnergy[] {
    return [...this.pods.values()].sort(
      (a, b) => compareText(a.namespace, b.namespace) || compareText(a.name, b.name),
    );
  }
}

/** Shortest range a partial hour is asked over: increase() needs two samples in its range. */
export const MIN_PARTIAL_MS = 5 * 60_000;

/** The queries for a period's slices: full hours in one 1 h-step query, each partial hour on its own. */
export function hourQueries(slices: readonly HourSlice[]): {
  query: HourQuery;
  /** evaluation time (ms) -> [slice index, factor applied to the increase]. */
  at: Map<number, [number, number]>;
}[] {
  const out: { query: HourQuery; at: Map<number, [number, number]> }[] = [];
  const full = slices.map((s, i) => [s, i] as const).filter(([s]) => s.end - s.start === HOUR_MS);
  if (full.length > 0) {
    out.push({
      query: { ends: full.map(([s]) => s.end), rangeMs: HOUR_MS },
      at: new Map(full.map(([s, i]) => [s.end, [i, 1]])),
    });
  }
  slices.forEach((s, i) => {
    const len = s.end - s.start;
    if (len === HOUR_MS) return;
    // A piece shorter than a few scrapes is read over 5 min ending at its end and scaled to its length.
    const range = Math.max(len, MIN_PARTIAL_MS);
    out.push({ query: { ends: [s.end], rangeMs: range }, at: new Map([[s.end, [i, len / range]]]) });
  });
  return out;
}

/** The pod joules counters kcarbon reads over a period, current and legacy (a regular expression of names). */
const KEPLER_COUNTER_NAMES =
  'kepler_pod_(cpu|gpu)_joules_total|kepler_container_(package|dram|core|uncore|gpu)_joules_total';

/** Energy per pod and hour of a period, from Prometheus. */
export async function prometheusHistory(client: PrometheusClient, period: Period): Promise<PeriodEnergy> {
  const slices = clockHours(period);
  const from = period.from.getTime();
  const to = period.to.getTime();
  const names = await client.metricNames(KEPLER_COUNTER_NAMES, from, to);
  const current = POD_COUNTERS.filter((c) => names.includes(c.metric));
  const counters = current.length > 0 ? current : LEGACY_COUNTERS.filter((c) => names.includes(c.metric));
  const allEmpty = () =>
    new SourceUnreachableError(
      msg('historyAllEmpty', client.origin, `${iso(from)} – ${iso(to)}`),
      msg('historyAllEmptyHint'),
    );
  if (counters.length === 0) {
    // None in the period, some in the day before it: the whole period is an outage, not outside the data.
    if ((await client.metricNames(KEPLER_COUNTER_NAMES, from - DAY_MS, from)).length > 0) throw allEmpty();
    throw await outsideData(client, period);
  }
  // Data that begin after the period does (retention, Kepler installed since) would make a first hour with some
  // energy in it look whole: Kepler writes its counters every scrape, so the minutes before the start hold some.
  // (Per counter: a range function drops the metric name, so one selector over several names would clash.)
  // Whether Kepler's counters have a sample in the `range` (ms) before `at`.
  const samplesBefore = async (at: number, range: number) =>
    (await client.series(samplesIn(counters, range), [at])).length > 0;
  // No sample near the start, but some in the day before it: Prometheus was not scraping then (an outage reaching
  // into the period), inside the data — its empty hours are named below; only a partly empty first hour is not.
  const startInside =
    (await samplesBefore(from + START_LEEWAY_MS, START_LOOKBACK_MS + START_LEEWAY_MS)) ||
    (await samplesBefore(from, DAY_MS));
  if (!startInside) throw await outsideData(client, period);
  // Data that end before the period does (Prometheus stopped scraping Kepler, Kepler removed) would make a last hour
  // with some energy in it look whole, as at the start: no sample in the minutes before the end leaves the rest of
  // that hour missing (named below).
  const endInside = await samplesBefore(to, START_LOOKBACK_MS);
  const table = new PodTable(slices.length);
  const pieces = hourQueries(slices);
  client.tell({ total: (counters.length + 1) * pieces.length });
  for (const counter of counters) {
    for (const { query, at } of pieces) {
      const series = await queryIncreases(client, counter, query, { from, to });
      addSeries(table, counter, series, at);
      client.tell({ done: 1 });
    }
  }
  // Exporters down through whole slices: the increases hold nothing of their nodes then (not 0 J drawn). A server
  // that refuses the question (a proxy allowing other queries only) leaves it unanswered, and says so.
  const down = new Map<string, { job: string; instance: string; slices: number[] }>();
  let downUnchecked: string | undefined;
  for (const { query, at } of pieces) {
    try {
      for (const [t, targets] of await downTargetPieces(client, query)) {
        const slice = at.get(t)?.[0];
        if (slice === undefined) continue;
        for (const { job, instance } of targets) {
          const d = down.get(instance) ?? { job, instance, slices: [] };
          d.slices.push(slice);
          down.set(instance, d);
        }
      }
    } catch (err) {
      if (!(err instanceof SourceUnreachableError || err instanceof TooLargeError)) throw err;
      downUnchecked ??= err.message;
    }
    client.tell({ done: 1 });
  }
  const energy: PeriodEnergy = {
    period,
    slices,
    pods: table.list(),
    origin: client.origin,
    components: [...table.components].sort(),
    queries: client.queries,
    excluded: table.excluded(),
    down: [...down.values()]
      .sort((a, b) => compareText(a.instance, b.instance))
      .map((d) => downExporter(d.instance, d.job, d.slices, slices)),
    ...(downUnchecked !== undefined ? { downUnchecked } : {}),
  };
  // A period reaching before the oldest sample (retention) or past the newest is not a smaller total.
  const sliceTotal = (i: number) =>
    energy.pods.reduce((s, p) => s + Object.values(p.joules).reduce((a, j) => a + (j[i] ?? 0), 0), 0);
  // (An hour whose increases were all left out is inside the data: the run says they were left out.)
  const empty = (i: number) => sliceTotal(i) === 0 && !table.leftOut(i);
  if (energy.pods.length === 0) {
    // Data before the period but none in it: not outside the data (more retention would not help), and no hour to
    // report on — the whole period is the outage.
    if (startInside) throw allEmpty();
    throw await outsideData(client, period);
  }
  // An hour of the period with no energy at all: no Kepler counter had a sample then (a cluster draws some every
  // hour; Kepler's own pod does). Prometheus was down or not scraping Kepler: missing, not 0 J — at either end too
  // (data before the start were found above; hours after the data's end are the same unknown, which --allow-partial
  // may accept). Hours a down exporter already accounts for are said once, by its warning.
  const downSlices = new Set([...down.values()].flatMap((d) => d.slices));
  const gaps = slices.map((_, i) => i).filter((i) => !downSlices.has(i) && empty(i));
  // The data end inside an hour (it has some energy, but no sample in the minutes before the end): the rest of it,
  // from the minute of the last sample, is missing too. That hour is the last one with energy: empty hours after it
  // are gaps above (data to 12:20 in 11:00–14:00 leave 12:20–13:00 missing as well as 13:00–14:00).
  let last = slices.length - 1;
  while (last > 0 && gaps.includes(last)) last--;
  const tail: [number, number][] = [];
  if (!endInside && !downSlices.has(last) && !gaps.includes(last)) {
    const s = slices[last]!;
    // Each minute's end, the hour's end too: data that stop with an hour (Prometheus down from 12:00) leave none of it.
    const minutes: number[] = [];
    for (let t = s.start + 60_000; t <= s.end; t += 60_000) minutes.push(t);
    const seen =
      minutes.length === 0
        ? []
        : (await client.series(samplesIn(counters, 60_000), minutes)).flatMap((x) => [...x.values.keys()]);
    const gone = seen.length > 0 ? Math.max(...seen) : s.start;
    if (gone < s.end) tail.push([gone, s.end]);
  }
  return {
    ...energy,
    ...(gaps.length + tail.length > 0 ? { empty: spansOf(gaps, slices, tail) } : {}),
    queries: client.queries,
  };
}

/** Whether Kepler's counters have a sample in the `range` (ms) before the evaluation time (one series when so). */
function samplesIn(counters: readonly PodCounter[], range: number): string {
  return counters
    .map(
      (c) =>
        `count(count_over_time(${c.metric}${c.matchers ? `{${c.matchers}}` : ''}[${promDuration(range)}]))`,
    )
    .join(' or ');
}

/**
 * The warning that Prometheus did not answer which Kepler exporters are down (`reason`), for a period or a current
 * reading: a refusal (HTTP 4xx) is how that server is; a lost answer (`lost: 1`) makes the data incomplete.
 */
export function targetsUnchecked(origin: string, reason: string): Warning {
  return warning('targets-unchecked', {
    origin,
    reason,
    ...(refusedQuery(reason) ? {} : { lost: 1 as const }),
  });
}

/** A Kepler exporter down through some slices of the period, with those hours (UTC) as spans. */
function downExporter(
  instance: string,
  job: string,
  down: number[],
  slices: readonly HourSlice[],
): DownExporter {
  return { instance, job, ...spansOf(down, slices) };
}

/**
 * Slices (indexes) as spans of UTC hours (consecutive ones as one, the first three named, the others counted) and their
 * length in hours; `extra` spans ([start, end) ms, after the slices') are named and counted alike.
 */
function spansOf(
  indexes: number[],
  slices: readonly HourSlice[],
  extra: readonly [number, number][] = [],
): { spans: string; hours: number } {
  // In time order, one span where spans meet (consecutive hours; 12:20–13:00 and 13:00–14:00: 12:20–14:00).
  const ranges: [number, number][] = [
    ...indexes.map((i) => [slices[i]!.start, slices[i]!.end] as [number, number]),
    ...extra,
  ];
  const merged: [number, number][] = [];
  for (const [a, b] of ranges.sort((x, y) => x[0] - y[0])) {
    const prev = merged[merged.length - 1];
    if (prev !== undefined && a <= prev[1]) prev[1] = Math.max(prev[1], b);
    else merged.push([a, b]);
  }
  const spans = merged.map(([a, b]) => `${iso(a)} – ${iso(b)}`);
  const more = spans.length > 3 ? ` (+${spans.length - 3})` : '';
  // Hours, not slices: a partial first or last slice is its part of an hour (16:30–18:00 is 1.5 hours).
  const ms = merged.reduce((n, [a, b]) => n + b - a, 0);
  return { spans: `${spans.slice(0, 3).join(', ')}${more}`, hours: Math.round((ms / HOUR_MS) * 100) / 100 };
}

function addSeries(
  table: PodTable,
  counter: PodCounter,
  series: IncreaseSeries[],
  at: Map<number, [number, number]>,
): void {
  for (const s of series) {
    for (const [t, v] of s.values) {
      const where = at.get(t);
      if (where) table.add(s.labels, counter, where[0], v * where[1]);
    }
  }
}

const iso = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z');

/**
 * Kepler's counters reach a period's start when they have a sample from 10 minutes before it to 2 minutes after
 * (a scrape interval or two, which increase() extrapolates over).
 */
const START_LOOKBACK_MS = 10 * 60_000;
const START_LEEWAY_MS = 2 * 60_000;

/** Every Kepler pod or container joules counter, current or legacy. */
const ANY_KEPLER_JOULES = 'kepler_(pod|container)_.*joules_total';

/** The error for a period Prometheus has no (or not all) Kepler data for, naming the range it does have. */
async function outsideData(client: PrometheusClient, p: Period): Promise<Error> {
  const asked = `${iso(p.from.getTime())} – ${iso(p.to.getTime())}`;
  const known = await client.metricNames(ANY_KEPLER_JOULES);
  if (known.length === 0) {
    return new SourceUnreachableError(
      msg('historyNoCounters', client.origin, asked),
      msg('scrapeKeplerHint'),
    );
  }
  // Hour resolution over the last 400 days (9 600 points, under the 11 000-point limit of a range query).
  const to = Math.ceil(Math.max(p.to.getTime(), Date.now()) / HOUR_MS) * HOUR_MS;
  const hours = await client.series(
    `count({__name__=~"${ANY_KEPLER_JOULES}"})`,
    Array.from({ length: 9600 }, (_, i) => to - (9599 - i) * HOUR_MS),
  );
  const times = hours.flatMap((s) => [...s.values.keys()]).sort((a, b) => a - b);
  if (times.length === 0) {
    return new SourceUnreachableError(
      msg('historyNoSamples', client.origin, asked),
      msg('historyRetentionHint'),
    );
  }
  return new SourceUnreachableError(
    msg('historyOutside', client.origin, asked, iso(times[0]!), iso(times[times.length - 1]!)),
    msg('historyOutsideHint'),
  );
}

const DAY_MS = 24 * HOUR_MS;

/**
 * Energy per pod and hour of a period from counter readings (a history file). Resets are handled per
 * series; a pod's running and terminated series are one pod. With `repeatDaily` (the demo's typical days)
 * the readings are moved by whole days so that they end at or after the period's end, keeping every hour of
 * day in place; the period must then fit in the span the file holds.
 */
export function counterHistory(
  h: CounterHistory,
  period: Period,
  opts: { repeatDaily?: boolean } = {},
): PeriodEnergy {
  const from = period.from.getTime();
  const to = period.to.getTime();
  const shift = opts.repeatDaily ? Math.ceil((to - h.end) / DAY_MS) * DAY_MS : 0;
  if (from < h.start + shift || to > h.end + shift) {
    const span = (h.end - h.start) / HOUR_MS;
    // The period asked for does not fit the local history: a usage error (exit 2), not an unreachable source.
    throw new InputError(
      opts.repeatDaily
        ? msg('demoHistoryShort', span, iso(to), iso(h.start + shift), iso(from))
        : msg('fileHistoryOutside', h.origin, iso(from), iso(to), iso(h.start), iso(h.end)),
      opts.repeatDaily
        ? msg('demoHistoryHint', Math.floor((to - (h.start + shift)) / HOUR_MS), iso(h.start + shift))
        : msg('fileHistoryHint'),
    );
  }
  const slices = clockHours(period);
  const table = new PodTable(slices.length);
  for (const series of h.series) {
    const counter = POD_COUNTERS.find((c) => c.metric === series.metric);
    if (!counter) continue;
    const samples: CounterSamples = series.samples.map(([t, v]) => [t + shift, v] as const);
    hourlyIncrease(samples, slices).forEach((j, i) => {
      table.add(series.labels, counter, i, j);
    });
  }
  const pods = table.list();
  return {
    period,
    slices,
    pods,
    origin: h.origin,
    components: [...table.components].sort(),
    queries: 0,
    excluded: table.excluded(),
  };
}

/**
 * The period as a snapshot: every pod that drew energy in it (running or since terminated) at its average
 * power per component (joules / period seconds), so the commands' grouping, ranking and checks run unchanged.
 */
export function periodSnapshot(e: PeriodEnergy): KeplerSnapshot {
  const seconds = e.period.hours * 3600;
  const pods: PodEnergy[] = [];
  for (const p of e.pods) {
    const joules: Record<string, number> = {};
    let gpuJoules: number | undefined;
    for (const [c, series] of Object.entries(p.joules)) {
      const j = series.reduce((s, v) => s + v, 0);
      if (c === 'gpu') gpuJoules = j;
      else joules[c] = j;
    }
    if (!(Object.values(joules).some((j) => j > 0) || (gpuJoules ?? 0) > 0)) continue;
    const watts = Object.fromEntries(Object.entries(joules).map(([c, j]) => [c, j / seconds]));
    pods.push({
      id: p.id,
      name: p.name,
      namespace: p.namespace,
      node: p.node,
      state: 'running',
      watts,
      joules,
      ...(gpuJoules !== undefined ? { gpuJoules, gpuWatts: gpuJoules / seconds } : {}),
      containers: [],
    });
  }
  const nodes = [...new Set(pods.map((p) => p.node))].sort().map((name) => emptyNode(name, e.origin));
  return {
    format: 'v0.10+',
    capturedAt: e.period.to.toISOString(),
    hasWatts: true,
    wattsFrom: 'sampled',
    sampleSeconds: seconds,
    nodes,
    pods,
    looseContainers: [],
    vms: [],
    zonesSeen: e.components.filter((c) => c !== 'gpu'),
    sources: [{ origin: e.origin, ok: true }],
    // Hourly increases left out: the same warning, and so the same incompleteness, as a snapshot's bad values.
    // `count` is the series (as a snapshot's value-excluded counts them, for metrics.series_left_out): each with
    // some hours left out.
    warnings: [
      ...(e.excluded ?? []).map((x) =>
        warning(
          'value-excluded',
          {
            origin: e.origin,
            node: x.node,
            count: x.series,
            hours: x.hours,
            metric: x.metric,
            kinds: x.kinds,
          },
          [x.node],
        ),
      ),
      // An exporter Prometheus could not scrape for hours: its node's energy then is left out (the node reports).
      ...(e.down ?? []).map((d) =>
        warning('source-hours-missing', {
          origin: `${e.origin} target ${d.instance}`,
          job: d.job,
          spans: d.spans,
          hours: d.hours,
        }),
      ),
      ...(e.downUnchecked !== undefined ? [targetsUnchecked(e.origin, e.downUnchecked)] : []),
      // Hours no Kepler counter had a sample in (Prometheus down): the whole cluster's energy then is left out.
      ...(e.empty ? [warning('history-hours-empty', { origin: e.origin, ...e.empty })] : []),
    ],
  };
}
