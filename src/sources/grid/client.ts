/**
 * The grid providers' HTTP edge: JSON GET through undici with a deadline for the whole request (--timeout:
 * headers and body, so a server dripping bytes cannot hold the run) and a cap on the body's size, a disk cache
 * kept for each response's validity (Cache-Control max-age, else the endpoint's default), and 429 Retry-After
 * honoured (waits when short, fails when long). Failures are GridError with a kind the caller maps to
 * a warning or an exit code. Cache validity uses the real clock, never --at.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { englishOf, type Msg, msg } from '../../errors.js';
import { makeDirs } from '../../util/make-dirs.js';
import { networkReason } from '../http.js';
import { formatBytes, limitBytes, SourceTooLargeError } from '../limit.js';

export type GridErrorKind = 'auth' | 'rate-limit' | 'http' | 'network' | 'format' | 'unsupported';

export class GridError extends Error {
  constructor(
    message: string,
    readonly kind: GridErrorKind,
    readonly status?: number,
    /** The message by code, when it has one (printed in the run's language; `message` is its English). */
    readonly reason?: Msg,
  ) {
    super(message);
  }
}

export interface JsonRequest {
  url: URL;
  /** Request headers, or a function giving them (called only when the cache misses, e.g. a login). */
  headers?: Record<string, string> | (() => Promise<Record<string, string>>);
  /** Seconds the response stays valid when the server sends no Cache-Control max-age. */
  ttlSeconds: number;
  /** Part of the cache key besides the URL (e.g. a hash of the credential), never stored in clear. */
  identity?: string;
  /** Never cache (login tokens). */
  noStore?: boolean;
}

export interface JsonClient {
  get(req: JsonRequest): Promise<unknown>;
  /** Network requests made so far (cache hits excluded). */
  readonly requests: number;
  /** When the oldest answer given so far was fetched (ms; a cached one keeps its fetch time). */
  readonly fetchedAt: number | undefined;
}

export interface ClientOptions {
  /** Directory of the disk cache; undefined = no cache. */
  cacheDir?: string;
  /** Deadline of each request, headers and body (--timeout). */
  timeoutMs?: number;
  /** --max-bytes: a body above it (or above GRID_MAX_BYTES) is not read. */
  maxBytes?: number;
  /** Longest Retry-After kcarbon waits for before giving up (seconds). */
  maxRetryAfterSeconds?: number;
  signal?: AbortSignal;
  /** Label for messages, e.g. "electricitymaps". */
  provider: string;
}

interface CacheEntry {
  url: string;
  expiresAt: number;
  /** When it was fetched (entries written before this field: unknown). */
  fetchedAt?: number;
  body: unknown;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/**
 * Largest provider answer read: 32 MiB. The longest answer kcarbon asks for (a period's 5-minute figures, ~100
 * bytes each) is about 1 MB a month; a body far above that is no answer of the API, and is never held whole.
 */
export const GRID_MAX_BYTES = 32 * 1024 * 1024;
const DEFAULT_MAX_RETRY_AFTER_S = 5;
const MAX_429_RETRIES = 2;

export function createJsonClient(opts: ClientOptions): JsonClient {
  let requests = 0;
  let oldest: number | undefined;
  const fetched = (t: number) => {
    oldest = oldest === undefined ? t : Math.min(oldest, t);
  };
  const maxWait = opts.maxRetryAfterSeconds ?? DEFAULT_MAX_RETRY_AFTER_S;
  return {
    get requests() {
      return requests;
    },
    get fetchedAt() {
      return oldest;
    },
    async get(req) {
      const key = cacheKey(req);
      if (!req.noStore && opts.cacheDir) {
        const hit = await readCache(opts.cacheDir, key);
        if (hit !== undefined) {
          if (hit.fetchedAt !== undefined) fetched(hit.fetchedAt);
          return hit.body;
        }
      }
      const { request } = await import('undici');
      const headers = typeof req.headers === 'function' ? await req.headers() : req.headers;
      const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const cap = Math.min(opts.maxBytes ?? GRID_MAX_BYTES, GRID_MAX_BYTES);
      for (let attempt = 0; ; attempt++) {
        requests++;
        // One deadline for the whole request: a server that sends its headers and then a byte a second is no
        // answer either (undici's headers and body timeouts are per chunk).
        const deadline = AbortSignal.timeout(timeoutMs);
        const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
        let res: Awaited<ReturnType<typeof request>>;
        let text: string;
        try {
          res = await request(req.url, {
            method: 'GET',
            headers: { accept: 'application/json', ...headers },
            signal,
          });
          text = await readText(res.body, cap);
        } catch (err) {
          if (opts.signal?.aborted) throw err;
          if (deadline.aborted)
            throw gridError(
              opts.provider,
              'network',
              msg('gridTimedOut', printable(req.url), timeoutMs / 1000),
            );
          if (err instanceof SourceTooLargeError)
            throw gridError(
              opts.provider,
              'format',
              msg('gridTooLarge', printable(req.url), formatBytes(cap)),
            );
          const { cause } = networkReason(err, req.url, req.url.port || 'its default port');
          throw gridError(opts.provider, 'network', msg('atOrigin', printable(req.url), cause));
        }
        const status = res.statusCode;
        if (status === 429) {
          const wait = retryAfterSeconds(res.headers['retry-after']);
          if (attempt < MAX_429_RETRIES && wait !== undefined && wait <= maxWait) {
            await sleep(wait * 1000, opts.signal);
            continue;
          }
          throw gridError(
            opts.provider,
            'rate-limit',
            wait !== undefined ? msg('gridRateLimitedRetry', wait) : msg('gridRateLimited'),
            status,
          );
        }
        if (status === 401 || status === 403) {
          const refused = status === 401 ? 'gridUnauthorized' : 'gridForbidden';
          throw gridError(opts.provider, 'auth', msg(refused, printable(req.url), detail(text)), status);
        }
        if (status === 501) {
          throw gridError(opts.provider, 'unsupported', msg('gridUnsupported', detail(text)), status);
        }
        if (status === 204) return undefined;
        if (status < 200 || status >= 300) {
          throw gridError(
            opts.provider,
            'http',
            msg('gridHttpStatus', status, printable(req.url), detail(text)),
            status,
          );
        }
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw gridError(opts.provider, 'format', msg('gridNotJson', printable(req.url)), status);
        }
        const now = Date.now();
        if (!req.noStore) fetched(now);
        if (!req.noStore && opts.cacheDir) {
          const ttl = maxAge(res.headers['cache-control']) ?? req.ttlSeconds;
          if (ttl > 0)
            await writeCache(opts.cacheDir, key, {
              url: printable(req.url),
              expiresAt: now + ttl * 1000,
              fetchedAt: now,
              body,
            });
        }
        return body;
      }
    },
  };
}

/** A GridError worded by code: its message is the English line, its reason the code (printed in the run's language). */
export function gridError(provider: string, kind: GridErrorKind, reason: Msg, status?: number): GridError {
  return new GridError(`${provider}: ${englishOf(reason)}`, kind, status, reason);
}

/** The body as text, read up to `cap` bytes (SourceTooLargeError past it, the rest never read). */
async function readText(body: AsyncIterable<Uint8Array>, cap: number): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const chunk of limitBytes(body, cap)) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

function cacheKey(req: JsonRequest): string {
  return createHash('sha256')
    .update(`${req.url.href}\n${req.identity ?? ''}`)
    .digest('hex');
}

/** A credential's stand-in in a cache key: its hash, never the credential. */
export function identityOf(secret: string | undefined): string {
  return secret ? createHash('sha256').update(secret).digest('hex').slice(0, 16) : '';
}

async function readCache(dir: string, key: string): Promise<CacheEntry | undefined> {
  try {
    const entry = JSON.parse(await fsp.readFile(path.join(dir, `${key}.json`), 'utf8')) as CacheEntry;
    return entry.expiresAt > Date.now() && entry.body !== undefined ? entry : undefined;
  } catch {
    return undefined;
  }
}

async function writeCache(dir: string, key: string, entry: CacheEntry): Promise<void> {
  try {
    makeDirs(dir, 0o700);
    const file = path.join(dir, `${key}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    await fsp.writeFile(tmp, JSON.stringify(entry), { mode: 0o600 });
    await fsp.rename(tmp, file);
  } catch {
    // A cache that cannot be written only costs a request next time.
  }
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** Retry-After: delta-seconds or an HTTP date. */
export function retryAfterSeconds(raw: string | string[] | undefined): number | undefined {
  const v = header(raw)?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v);
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, Math.ceil((t - Date.now()) / 1000));
}

function maxAge(raw: string | string[] | undefined): number | undefined {
  const v = header(raw);
  if (!v) return undefined;
  if (/\bno-store\b|\bno-cache\b/.test(v)) return 0;
  const m = /\bmax-age=(\d+)/.exec(v);
  return m ? Number(m[1]) : undefined;
}

function detail(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t) return '';
  try {
    const j = JSON.parse(t) as Record<string, unknown>;
    const m = j.message ?? j.error ?? j.detail ?? j.title;
    if (typeof m === 'string') return `: ${m.slice(0, 200)}`;
  } catch {
    // not JSON
  }
  return `: ${t.slice(0, 200)}`;
}

/** The URL without query credentials. */
function printable(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
