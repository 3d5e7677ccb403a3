/**
 * Live grid data -> the per-hour model (hourly.ts): a provider's points, averaged per UTC clock hour
 * (time-weighted over the part of the hour they cover), replace the offline figure of the hours they
 * cover. Pure: the provider fetch happens at the command's loading edge and arrives here as data.
 * Official factors stay flat: a provider never replaces them (--basis official).
 */
import type { KcarbonConfig } from '../config/index.js';
import type { GridSeries } from '../sources/grid/types.js';
import { LIFECYCLE } from './basis.js';
import {
  HOUR_MS,
  type HourFigure,
  hourStart,
  type IntensityLookup,
  offlineLookup,
  withHours,
} from './hourly.js';

const KIND_RANK: Record<string, number> = { forecast: 0, history: 1, latest: 2 };

/** A series' points as one figure per clock hour (key: hour start, ms). */
export function hourFigures(series: GridSeries): Map<number, HourFigure> {
  const acc = new Map<number, { weighted: number; covered: number; first: string; kind: string }>();
  for (const p of series.points) {
    const start = Date.parse(p.start);
    const end = start + p.durationSeconds * 1000;
    for (let h = hourStart(start); h < end; h += HOUR_MS) {
      const overlap = Math.min(end, h + HOUR_MS) - Math.max(start, h);
      if (overlap <= 0) continue;
      const a = acc.get(h) ?? { weighted: 0, covered: 0, first: p.start, kind: p.kind };
      a.weighted += p.value * overlap;
      a.covered += overlap;
      if (p.start < a.first) a.first = p.start;
      if ((KIND_RANK[p.kind] ?? 0) > (KIND_RANK[a.kind] ?? 0)) a.kind = p.kind;
      acc.set(h, a);
    }
  }
  const out = new Map<number, HourFigure>();
  for (const [h, a] of acc) {
    out.set(h, {
      value: a.weighted / a.covered,
      provider: series.provider,
      signal: series.signal,
      basis: series.basis,
      kind: a.kind,
      timestamp: a.first,
      zone: series.zone,
    });
  }
  return out;
}

/**
 * The run's lookup: offline models on the chosen basis, with each live series' hours laid over its
 * region (life-cycle basis only: an official factor is one annual figure, a provider does not replace it).
 */
export function liveLookup(
  config: KcarbonConfig,
  series: readonly GridSeries[],
  choice?: string,
): IntensityLookup {
  const base = offlineLookup(config, choice);
  const basis = choice ?? config.defaults.basis ?? LIFECYCLE;
  if (series.length === 0 || basis !== LIFECYCLE) return base;
  const byRegion = new Map(series.map((s) => [s.region, s]));
  const cache = new Map<string, ReturnType<IntensityLookup>>();
  return (regionCode, year) => {
    const key = `${regionCode}@${year}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const s = byRegion.get(regionCode);
    const offline = base(regionCode, year);
    const model = s
      ? {
          ...withHours(offline, hourFigures(s)),
          live: {
            provider: s.provider,
            zone: s.zone,
            signal: s.signal,
            basis: s.basis,
            fetchedAt: s.fetchedAt,
            endpoints: s.endpoints,
            notes: s.notes,
            ...(s.index ? { index: s.index } : {}),
          },
        }
      : offline;
    cache.set(key, model);
    return model;
  };
}
