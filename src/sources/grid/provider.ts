/** The contract every provider file implements, and helpers they share. */
import { msg } from '../../errors.js';
import { GridError, gridError, type JsonClient } from './client.js';
import type { GridCredentials, GridPoint, GridProviderName, GridRequest, GridSeries } from './types.js';

export interface ProviderContext {
  baseUrl: string;
  http: JsonClient;
  credentials: GridCredentials;
}

export type ProviderSeries = Omit<GridSeries, 'requests' | 'fetchedAt' | 'region'>;

export interface GridProvider {
  name: GridProviderName;
  /** The public API base URL (`--grid-url` replaces it). */
  defaultUrl: string;
  series(req: GridRequest, ctx: ProviderContext): Promise<ProviderSeries>;
}

/** base + path + query, keeping any path prefix of the base (e.g. http://host/v3). */
export function endpoint(
  base: string,
  path: string,
  query: Record<string, string | number | undefined>,
): URL {
  const url = new URL(`${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.append(k, String(v));
  return url;
}

/**
 * A failure of an optional endpoint that leaves the rest usable (not in the plan, not found, bad range):
 * noted, not fatal. Network errors, rate limits and a refused token (401) fail the provider.
 */
export function optional(err: unknown): err is GridError {
  return (
    err instanceof GridError && err.kind !== 'network' && err.kind !== 'rate-limit' && err.status !== 401
  );
}

/** A number a provider sent, or a format error naming the field. */
export function num(v: unknown, what: string, provider: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw gridError(provider, 'format', msg('gridUnexpected', what, msg('gridNotNumber')));
  }
  return v;
}

/**
 * Largest carbon intensity a provider may send (g/kWh): the bound config puts on any intensity (INTENSITY_MAX in
 * src/config/basics.ts, also --intensity's), repeated here since sources do not read config.
 */
const MAX_G_PER_KWH = 2000;

/** A carbon intensity a provider sent, in g/kWh: a number from 0 to MAX_G_PER_KWH, or a format error. */
export function intensityValue(grams: number, what: string, provider: string): number {
  if (!(grams >= 0 && grams <= MAX_G_PER_KWH)) {
    throw gridError(
      provider,
      'format',
      msg('gridUnexpected', what, msg('gridNotIntensity', grams, MAX_G_PER_KWH)),
    );
  }
  return grams;
}

export function iso(v: unknown, what: string, provider: string): string {
  const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(t))
    throw gridError(provider, 'format', msg('gridUnexpected', what, msg('gridNotDateTime')));
  return new Date(t).toISOString();
}

export function array(v: unknown, what: string, provider: string): unknown[] {
  if (!Array.isArray(v)) throw gridError(provider, 'format', msg('gridUnexpected', what, msg('gridNotList')));
  return v;
}

export function record(v: unknown, what: string, provider: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw gridError(provider, 'format', msg('gridUnexpected', what, msg('gridNotObject')));
  }
  return v as Record<string, unknown>;
}

/** Points sorted by start; for the same start a measured figure wins over a forecast (latest > history > forecast). */
export function mergePoints(points: GridPoint[]): GridPoint[] {
  const rank = { forecast: 0, history: 1, latest: 2 } as const;
  const byStart = new Map<string, GridPoint>();
  for (const p of points) {
    const prev = byStart.get(p.start);
    if (!prev || rank[p.kind] >= rank[prev.kind]) byStart.set(p.start, p);
  }
  return [...byStart.values()].sort((a, b) => a.start.localeCompare(b.start));
}

const HOUR_MS = 3_600_000;

/** A span of time [from, to) in ms since the epoch. */
export interface Span {
  from: number;
  to: number;
}

/**
 * The past a request wants, in whole clock hours: the `historyHours` before `at` and the period, if any,
 * merged where they overlap or touch.
 */
export function pastSpans(req: GridRequest): Span[] {
  const floor = (t: number) => Math.floor(t / HOUR_MS) * HOUR_MS;
  const ceil = (t: number) => Math.ceil(t / HOUR_MS) * HOUR_MS;
  const at = req.at.getTime();
  const spans: Span[] = [{ from: floor(at - req.historyHours * HOUR_MS), to: ceil(at) }];
  if (req.history)
    spans.push({ from: floor(req.history.from.getTime()), to: ceil(req.history.to.getTime()) });
  spans.sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else if (s.to > s.from) out.push({ ...s });
  }
  return out;
}

/** The clock hours of `spans` that `covered` lacks, as spans of consecutive hours. */
export function missingSpans(spans: readonly Span[], covered: ReadonlySet<number>): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    for (let h = s.from; h < s.to; h += HOUR_MS) {
      if (covered.has(h)) continue;
      const last = out[out.length - 1];
      if (last && last.to === h) last.to = h + HOUR_MS;
      else out.push({ from: h, to: h + HOUR_MS });
    }
  }
  return out;
}

/** A span cut into pieces of at most `maxHours` (a provider's longest range per request). */
export function chunks(span: Span, maxHours: number): Span[] {
  const out: Span[] = [];
  for (let from = span.from; from < span.to; from += maxHours * HOUR_MS) {
    out.push({ from, to: Math.min(span.to, from + maxHours * HOUR_MS) });
  }
  return out;
}

/** Start (ms) of the clock hours a point covers (a point of an hour or less: one). */
export function pointHours(p: GridPoint): number[] {
  const start = Date.parse(p.start);
  const end = start + p.durationSeconds * 1000;
  const out: number[] = [];
  for (let h = Math.floor(start / HOUR_MS) * HOUR_MS; h < end; h += HOUR_MS) out.push(h);
  return out;
}
