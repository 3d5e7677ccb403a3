/**
 * A short-lived cache of the Kepler snapshot, shared by every MCP session of one server, so that a
 * burst of tool calls (an assistant often calls several tools in a row) costs one scrape. Concurrent
 * callers share the in-flight load; a failed load is not cached. No SDK imports here.
 */
import type { KeplerSnapshot } from '../kepler/model.js';

export interface SnapshotCache {
  /** The cached snapshot if younger than the TTL, else a fresh (or the in-flight) load. */
  get(signal?: AbortSignal): Promise<KeplerSnapshot>;
  /** How many loads were started (for logs and tests). */
  readonly loads: number;
  clear(): void;
}

export interface SnapshotCacheOptions {
  /** Loads the metrics; never receives a caller's signal, because the load is shared. */
  load: () => Promise<KeplerSnapshot>;
  /** Time to live in milliseconds, counted from the end of the load; 0 shares only in-flight loads. */
  ttlMs: number;
  /** Clock, for tests. */
  now?: () => number;
}

export function createSnapshotCache(opts: SnapshotCacheOptions): SnapshotCache {
  const now = opts.now ?? Date.now;
  let inflight: Promise<KeplerSnapshot> | undefined;
  let cached: { value: KeplerSnapshot; at: number } | undefined;
  let loads = 0;

  function start(): Promise<KeplerSnapshot> {
    loads++;
    const p = opts.load().then(
      (value) => {
        if (inflight === p) {
          inflight = undefined;
          if (opts.ttlMs > 0) cached = { value, at: now() };
        }
        return value;
      },
      (err: unknown) => {
        if (inflight === p) inflight = undefined;
        throw err;
      },
    );
    inflight = p;
    return p;
  }

  return {
    get(signal) {
      if (cached && now() - cached.at < opts.ttlMs) return Promise.resolve(cached.value);
      cached = undefined;
      return untilAborted(inflight ?? start(), signal);
    },
    get loads() {
      return loads;
    },
    clear() {
      cached = undefined;
      inflight = undefined;
    },
  };
}

/** The promise, or a rejection as soon as `signal` aborts (the shared load itself keeps running). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
