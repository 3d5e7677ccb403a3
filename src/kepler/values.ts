/**
 * Screening of Kepler's energy values before they reach the model: a watts gauge or joules counter that is
 * NaN, ±Inf, negative, or beyond any machine (over 1 MW, or 1e15 J ≈ 32 years at 1 MW) is excluded, counted
 * per node and metric, and warned about (`value-excluded`), so totals never go negative or non-finite and
 * JSON never carries null for a number.
 */
import type { Sample } from '../parser/types.js';
import { type Warning, warning } from './model.js';

/** Largest plausible value of one series: no single node draws a megawatt. */
const MAX_WATTS = 1e6;
/** Largest plausible energy counter: 1 MW for ~32 years. */
const MAX_JOULES = 1e15;

/** Worded without `NaN`/`Infinity`, so no output ever shows those tokens. */
type Kind = 'not a number' | 'infinite' | 'negative' | 'implausibly large';

/** Why a value of this metric cannot be used, or undefined when it can. */
export function badValue(metric: string, v: number): Kind | undefined {
  return badFor(v, valueLimit(metric));
}

/** The largest plausible value of a metric's series (a usable value lies in [0, limit]). */
export function valueLimit(metric: string): number {
  return metric.endsWith('_joules_total') || metric.endsWith('_joules') ? MAX_JOULES : MAX_WATTS;
}

function badFor(v: number, max: number): Kind | undefined {
  if (v >= 0 && v <= max) return undefined; // the usual case: one test (false for NaN)
  if (Number.isNaN(v)) return 'not a number';
  if (!Number.isFinite(v)) return 'infinite';
  if (v < 0) return 'negative';
  return 'implausibly large';
}

/** True for the families whose values are energy or power: the ones summed into figures. */
export function isEnergyMetric(name: string): boolean {
  return name.startsWith('kepler_') && (name.endsWith('_watts') || /_joules(_total)?$/.test(name));
}

/**
 * Removes unusable energy values from `bySample` in place and returns one warning per node and metric.
 * `nodeOf` names the node a sample belongs to.
 */
export function excludeBadValues(
  bySample: Map<string, Sample[]>,
  nodeOf: (s: Sample) => string,
  origin: string,
): Warning[] {
  const tally = new Map<string, { node: string; metric: string; count: number; kinds: Set<Kind> }>();
  for (const [metric, samples] of bySample) {
    if (!isEnergyMetric(metric)) continue;
    const max = valueLimit(metric);
    let kept = 0;
    for (const s of samples) {
      const kind = badFor(s.value, max);
      if (kind === undefined) {
        samples[kept++] = s;
        continue;
      }
      const node = nodeOf(s);
      const key = `${node}\u0000${metric}`;
      let t = tally.get(key);
      if (!t) {
        t = { node, metric, count: 0, kinds: new Set() };
        tally.set(key, t);
      }
      t.count++;
      t.kinds.add(kind);
    }
    samples.length = kept;
  }
  return [...tally.values()].map((t) =>
    warning(
      'value-excluded',
      { origin, node: t.node, count: t.count, metric: t.metric, kinds: [...t.kinds].join(', ') },
      [t.node],
    ),
  );
}
