/**
 * The English description of every optimization outcome, by type and case, from language-neutral params:
 * an Optimization's `description` (JSON, English for every --lang) is built from its `params`, and a
 * renderer prints the catalogue's `optimization.<type>.<case>` in the run's language from the same params.
 */

import { definedParams, type TextParams } from '../util/params.js';

/** ' (+N d)' after a window's end clock when a run of a day or more ends N local days later; '' otherwise. */
const laterDays = (days: number | undefined): string => (days ? ` (+${days} d)` : '');

export const OPTIMIZATIONS_EN = {
  regional_migration: {
    none: (p: { region: string; pue_target?: number }) =>
      `No region${p.pue_target === undefined ? '' : ` with PUE <= ${p.pue_target}`} is cleaner than ${p.region}`,
    'not-now': (p: { target: string; intensity: number; pue: number }) =>
      `${p.target} is cleaner on average but not at this hour (${p.intensity} g/kWh x PUE ${p.pue})`,
    move: (p: {
      target: string;
      name: string;
      pue_target?: number;
      annual: number;
      now: number;
      pue: number;
    }) =>
      `Run in ${p.target} (${p.name}), the cleanest region${p.pue_target === undefined ? '' : ` with PUE <= ${p.pue_target}`}: ${p.annual} g/kWh a year (${p.now} now) x PUE ${p.pue}`,
  },
  temporal_shift: {
    'forecast-now': (p: { hours: number; within: number; region: string }) =>
      `Now is already the cleanest ${p.hours} h window ending within ${p.within} h in ${p.region}`,
    'forecast-window': (p: { start: string; end: string; hours: number; best: number; now: number }) =>
      `Run deferrable work from ${p.start} to ${p.end}: its ${p.hours} h average is ${p.best} g/kWh against ${p.now} g/kWh for a run starting now`,
    'no-profile': (p: { region: string }) =>
      `No hour-of-day profile for ${p.region}: only its annual average is known`,
    official: (p: { basis: string }) =>
      `The official factor (${p.basis}) is one annual figure: under it no hour is cleaner than another`,
    'now-best': (p: { hours: number; region: string }) =>
      `Now is already the cleanest ${p.hours} h window in ${p.region}`,
    window: (p: { start: string; end: string; days?: number; hours: number; best: number; now: number }) =>
      `Run deferrable work in the ${p.start}–${p.end}${laterDays(p.days)} local window: its ${p.hours} h average is ${p.best} g/kWh against ${p.now} g/kWh for a run starting now`,
    'period-window': (p: {
      start: string;
      end: string;
      days?: number;
      hours: number;
      best: number;
      now: number;
    }) =>
      `Run deferrable work in the ${p.start}–${p.end}${laterDays(p.days)} local window: its ${p.hours} h average is ${p.best} g/kWh against ${p.now} g/kWh, the hour-weighted intensity the workload's runs met over the period`,
    'period-best': (p: { hours: number; region: string; weighted: number }) =>
      `Over the period the workload already ran in hours as clean as the cleanest ${p.hours} h window in ${p.region} (${p.weighted} g/kWh hour-weighted)`,
  },
  pue_improvement: {
    'no-target': (_p: Record<string, never>) => 'No PUE target among the selected standards',
    meets: (p: { pue: number; target: number }) => `PUE ${p.pue} already meets the target ${p.target}`,
    improve: (p: { pue: number; target: number }) =>
      `Bring the facility PUE from ${p.pue} to the target ${p.target}`,
  },
  resource_rightsizing: {
    'no-data': (_p: Record<string, never>) =>
      'No CPU utilisation reported for the workload nodes (kepler_node_cpu_usage_ratio)',
    meets: (p: { used: number; target: number }) =>
      `Nodes already run at ${p.used} % CPU, at or above the ${p.target} % target`,
    rightsize: (p: { used: number; target: number; gpu_unchanged?: number }) =>
      `Right-size requests and consolidate: nodes run at ${p.used} % CPU against a ${p.target} % target${p.gpu_unchanged ? ' (CPU power only; GPU power unchanged)' : ''}`,
  },
};

type Texts = typeof OPTIMIZATIONS_EN;
export type OptimizationCase<T extends keyof Texts> = keyof Texts[T] & string;
export type OptimizationParams<T extends keyof Texts, C extends OptimizationCase<T>> = Texts[T][C] extends (
  p: infer P,
) => string
  ? P
  : never;

/** The description (English) and the params, with `case`, that render it in any language. */
export function describeOptimization<T extends keyof Texts, C extends OptimizationCase<T>>(
  type: T,
  c: C,
  params: OptimizationParams<T, C>,
): { description: string; params: TextParams } {
  const text = OPTIMIZATIONS_EN[type][c] as (p: OptimizationParams<T, C>) => string;
  return { description: text(params), params: { case: c, ...definedParams(params as object) } };
}
