/**
 * Energy over a period, hour by hour. A period [from, to) is cut at clock-hour boundaries (UTC; every
 * zone kcarbon knows is a whole number of hours off UTC, so a UTC hour is one local hour); the first and
 * last pieces may be partial and carry their length. Pure functions: the sources fetch, this splits.
 *
 * Energy is component-agnostic: a series is keyed by a component (`package`, `dram`, ... for CPU zones,
 * `gpu` for GPU), so any joules counter fits the same code.
 */

export const HOUR_MS = 3_600_000;

export interface Period {
  from: Date;
  to: Date;
  /** Length in hours (may be fractional). */
  hours: number;
}

/** One clock hour of a period, or the part of it inside the period. */
export interface HourSlice {
  /** Start of the clock hour (ms since the epoch, UTC). */
  hour: number;
  /** The part of it inside the period: [start, end) in ms. */
  start: number;
  end: number;
  /** (end - start) in hours, 0 < hours <= 1. */
  hours: number;
}

export function makePeriod(from: Date, to: Date): Period {
  return { from, to, hours: (to.getTime() - from.getTime()) / HOUR_MS };
}

/** The clock hours of [from, to), first and last possibly partial; the lengths add up to the period's. */
export function clockHours(p: Period): HourSlice[] {
  const from = p.from.getTime();
  const to = p.to.getTime();
  const out: HourSlice[] = [];
  for (let hour = Math.floor(from / HOUR_MS) * HOUR_MS; hour < to; hour += HOUR_MS) {
    const start = Math.max(hour, from);
    const end = Math.min(hour + HOUR_MS, to);
    if (end > start) out.push({ hour, start, end, hours: (end - start) / HOUR_MS });
  }
  return out;
}

/** A counter's samples, time-ordered: [ms, joules]. */
export type CounterSamples = ReadonlyArray<readonly [number, number]>;

/**
 * Increase of a counter over [a, b) from its samples, as Prometheus's increase() would see it without
 * extrapolation: the sum of positive steps, a decrease being a reset (the step is then the new value);
 * a step between two samples that straddles a boundary is shared in proportion to the time on each side
 * (constant power between samples). Outside the samples' span nothing is counted.
 */
export function increaseBetween(samples: CounterSamples, a: number, b: number): number {
  let total = 0;
  for (let i = 1; i < samples.length; i++) {
    const [t0, v0] = samples[i - 1]!;
    const [t1, v1] = samples[i]!;
    if (t1 <= a || t0 >= b || t1 <= t0) continue;
    // A reading that is no counter value (not finite, or negative) leaves the increase of both steps it bounds
    // not a number (the caller leaves the hour out and says so), rather than a reset counting the next reading
    // whole. (History files are validated non-negative numbers: this guards the function, not a known input.)
    const step = !(v0 >= 0 && v1 >= 0 && v0 < Infinity && v1 < Infinity)
      ? Number.NaN
      : v1 >= v0
        ? v1 - v0
        : v1;
    const overlap = Math.min(t1, b) - Math.max(t0, a);
    total += step * (overlap / (t1 - t0));
  }
  return total;
}

/** Joules of one counter in each slice. */
export function hourlyIncrease(samples: CounterSamples, slices: readonly HourSlice[]): number[] {
  return slices.map((s) => increaseBetween(samples, s.start, s.end));
}

/** A pod's energy over a period: joules per slice for each component (zone, or `gpu`). */
export interface PodPeriodEnergy {
  /** Pod UID, or `namespace/name` when the source has none. */
  id: string;
  name: string;
  namespace: string;
  node: string;
  /** component -> joules per slice (same order as PeriodEnergy.slices). */
  joules: Record<string, number[]>;
}

export interface PeriodEnergy {
  period: Period;
  slices: HourSlice[];
  pods: PodPeriodEnergy[];
  /** Where the history came from (Prometheus URL, history file). */
  origin: string;
  /** Components seen on any pod, sorted. */
  components: string[];
  /** Queries sent to build it (0 for a file). */
  queries: number;
  /** Hourly increases left out as not energy, per node and metric (none: absent or empty). */
  excluded?: ExcludedIncreases[];
  /**
   * Kepler exporters Prometheus could not scrape through whole slices of the period: their nodes' energy in those
   * hours is missing, so the data are incomplete (left out, as excluded increases are; the node still reports).
   */
  down?: DownExporter[];
  /** Why Prometheus could not say which exporters were down (the query refused): then nobody knows. */
  downUnchecked?: string;
  /**
   * Slices inside the period with no sample of any Kepler counter (Prometheus down, or not scraping Kepler) that no
   * down exporter explains: the cluster's energy then is unknown, not 0 J. As spans (UTC) and how many slices.
   */
  empty?: { spans: string; hours: number };
}

/** An exporter down through some slices of a period: its instance, jobs, the spans (UTC) and how many slices. */
export interface DownExporter {
  instance: string;
  job: string;
  spans: string;
  hours: number;
}

/** Hourly increases of one node's counter (metric) left out: how many, of how many series, and why (values.ts' kinds). */
export interface ExcludedIncreases {
  node: string;
  metric: string;
  /** Series (pod and component) with an hour left out. */
  series: number;
  hours: number;
  kinds: string;
}

/** Joules per slice of a pod in the selected components (zones, plus `gpu` when selected). */
export function podJoulesBySlice(pod: PodPeriodEnergy, components: readonly string[], n: number): number[] {
  const out = new Array<number>(n).fill(0);
  for (const c of components) {
    const series = pod.joules[c];
    if (!series) continue;
    for (let i = 0; i < n; i++) out[i]! += series[i] ?? 0;
  }
  return out;
}

/** Adds `values` into `acc` element-wise (acc grows as needed). */
export function addInto(acc: number[], values: readonly number[]): number[] {
  for (let i = 0; i < values.length; i++) acc[i] = (acc[i] ?? 0) + values[i]!;
  return acc;
}
