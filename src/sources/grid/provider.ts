/** The contract every provider file implements, and helpers they share. */
import { GridError, type JsonClient } from './client.js';
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

/** A number a provider sent, or a format error naming the field. */
export function num(v: unknown, what: string, provider: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new GridError(`${provider}: unexpected response: ${what} is not a number`, 'format');
  }
  return v;
}

export function iso(v: unknown, what: string, provider: string): string {
  const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(t))
    throw new GridError(`${provider}: unexpected response: ${what} is not a date-time`, 'format');
  return new Date(t).toISOString();
}

export function array(v: unknown, what: string, provider: string): unknown[] {
  if (!Array.isArray(v))
    throw new GridError(`${provider}: unexpected response: ${what} is not a list`, 'format');
  return v;
}

export function record(v: unknown, what: string, provider: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new GridError(`${provider}: unexpected response: ${what} is not an object`, 'format');
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
