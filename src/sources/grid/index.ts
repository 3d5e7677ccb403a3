/**
 * Loads one region's grid series from the chosen provider (each provider file imported only when
 * chosen), with credentials from env or files and the disk cache. Throws GridError on failure; the
 * command layer turns that into a `grid-fallback` warning or, with --grid-strict, exit 3.
 */
import { promises as fsp } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { englishOf, fsReason, msg } from '../../errors.js';
import { createJsonClient, GridError } from './client.js';
import type { GridProvider } from './provider.js';
import type { GridCredentials, GridProviderName, GridRequest, GridSeries } from './types.js';

export { GridError } from './client.js';
export * from './types.js';

export interface GridOptions {
  provider: GridProviderName;
  /** Base URL (`--grid-url`); default: the provider's public API. */
  url?: string;
  /** Cache directory (`--grid-cache`); default: $XDG_CACHE_HOME/kcarbon/grid or ~/.cache/kcarbon/grid. */
  cacheDir?: string;
  /** Deadline of each request (--timeout). */
  timeoutMs?: number;
  /** --max-bytes: caps a provider's answer below GRID_MAX_BYTES. */
  maxBytes?: number;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

async function providerModule(name: GridProviderName): Promise<GridProvider> {
  switch (name) {
    case 'electricitymaps':
      return (await import('./electricitymaps.js')).electricityMaps;
    case 'carbon-aware-sdk':
      return (await import('./carbon-aware-sdk.js')).carbonAwareSdk;
    case 'watttime':
      return (await import('./watttime.js')).wattTime;
  }
}

/** The user's cache directory for grid responses. */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME?.trim() || path.join(env.HOME?.trim() || homedir(), '.cache');
  return path.join(base, 'kcarbon', 'grid');
}

/** A secret from NAME, else from the file named by NAME_FILE (trimmed). */
async function secret(env: NodeJS.ProcessEnv, name: string): Promise<string | undefined> {
  const direct = env[name]?.trim();
  if (direct) return direct;
  const file = env[`${name}_FILE`]?.trim();
  if (!file) return undefined;
  try {
    return (await fsp.readFile(file, 'utf8')).trim() || undefined;
  } catch (err) {
    const reason = msg('gridSecretFile', `${name}_FILE`, file, fsReason(err));
    throw new GridError(englishOf(reason), 'auth', undefined, reason);
  }
}

export async function credentials(
  env: NodeJS.ProcessEnv,
  provider: GridProviderName,
): Promise<GridCredentials> {
  if (provider === 'electricitymaps')
    return { electricityMapsToken: await secret(env, 'ELECTRICITYMAPS_API_TOKEN') };
  if (provider === 'watttime') {
    return {
      wattTimeUsername: await secret(env, 'WATTTIME_USERNAME'),
      wattTimePassword: await secret(env, 'WATTTIME_PASSWORD'),
    };
  }
  return {};
}

export async function loadGridSeries(opts: GridOptions, req: GridRequest): Promise<GridSeries> {
  const provider = await providerModule(opts.provider);
  const http = createJsonClient({
    provider: opts.provider,
    cacheDir: opts.cacheDir ?? defaultCacheDir(opts.env),
    timeoutMs: opts.timeoutMs,
    maxBytes: opts.maxBytes,
    signal: opts.signal,
  });
  const series = await provider.series(req, {
    baseUrl: opts.url ?? provider.defaultUrl,
    http,
    credentials: await credentials(opts.env, opts.provider),
  });
  // A cached answer keeps the time it was fetched: fetchedAt is the oldest answer's.
  const fetchedAt = new Date(http.fetchedAt ?? Date.now()).toISOString();
  return { ...series, region: req.region, fetchedAt, requests: http.requests };
}

/** Carbon Aware SDK /emissions/bylocations/best over [from, to] (ties kept), cached like every answer. */
export async function bestLocations(
  opts: GridOptions,
  locations: string[],
  from: Date,
  to: Date,
): Promise<Array<{ location: string; time: string; rating: number }>> {
  const sdk = await import('./carbon-aware-sdk.js');
  const http = createJsonClient({
    provider: 'carbon-aware-sdk',
    cacheDir: opts.cacheDir ?? defaultCacheDir(opts.env),
    timeoutMs: opts.timeoutMs,
    maxBytes: opts.maxBytes,
    signal: opts.signal,
  });
  return sdk.bestLocations(opts.url ?? sdk.carbonAwareSdk.defaultUrl, http, locations, from, to);
}
