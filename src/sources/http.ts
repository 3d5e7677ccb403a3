/**
 * http(s) sources: one undici Agent per read, every URL concurrently (capped), per-attempt timeouts,
 * retries with exponential backoff, bearer/basic auth, custom CA or --insecure, and one-line failure reasons.
 */

import { promises as fsp } from 'node:fs';
import { createRequire } from 'node:module';
import type { Agent, Response, fetch as undiciFetch } from 'undici';
import { englishOf, fsReason, type Message, msg, UsageError } from '../errors.js';
import {
  DEFAULT_MAX_BYTES,
  decodeUtf8,
  looksLikeHtml,
  readCapped,
  SourceEncodingError,
  SourceTooLargeError,
  SourceTruncatedError,
  streamCapped,
  truncation,
} from './limit.js';
import { nodeHintFromUrl } from './spec.js';
import type { FetchedSource, KeptBody, SourceFailure, SourceOptions } from './types.js';

/** How many requests may be in flight at once. */
export const MAX_IN_FLIGHT = 16;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRIES = 2;
const DEFAULT_RETRY_BASE_MS = 250;
/** Most retries a run may ask for (--retries): beyond 10, more only delays the error (10 retries wait up to about 2 min in all). */
export const MAX_RETRIES = 10;
/** Longest wait before a retry: the doubling stops there (a timer cannot hold much more than 24 days anyway). */
const MAX_BACKOFF_MS = 30_000;

/** The wait (ms) before retry `attempt` (1-based): base x 2^(attempt-1), at most MAX_BACKOFF_MS; jitter apart. */
export function backoffMs(baseMs: number, attempt: number): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** (attempt - 1));
}

const ACCEPT_TEXT = 'text/plain; version=0.0.4';
/** OpenMetrics first, text 0.0.4 as a fallback for exporters that lack it. */
const ACCEPT_OPENMETRICS = 'application/openmetrics-text; version=1.0.0, text/plain; version=0.0.4; q=0.5';

export interface UrlTarget {
  /** Printable form of the URL (password masked). */
  origin: string;
  url: URL;
  basicAuth?: { username: string; password: string };
  /** The usual ports of what is behind the URL, for a refused connection (default: Kepler's). */
  portHint?: string;
  /** A Prometheus API (its credentials come from --prometheus-user or the --prometheus URL: a 401 says so). */
  prometheus?: boolean;
}

const KEPLER_PORTS = 'Kepler: 28282, kube-rbac-proxy: 8443';
export const PROMETHEUS_PORTS = 'Prometheus: 9090, Thanos Query: 10902, Mimir: 8080';

export type UrlOutcome = { ok: true; source: FetchedSource } | { ok: false; failure: SourceFailure };

/**
 * Fetches every target, at most MAX_IN_FLIGHT at a time. Returns one outcome per target, in order.
 * Throws UsageError for bad options (unreadable --ca / --token-file) before any request, and the
 * abort reason when `opts.signal` fires.
 */
export async function fetchUrls(
  targets: readonly UrlTarget[],
  opts: SourceOptions = {},
): Promise<UrlOutcome[]> {
  if (targets.length === 0) return [];
  const settings = {
    timeoutMs: positiveNumber(opts.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeout'),
    retries: nonNegativeInteger(opts.retries, DEFAULT_RETRIES, 'retries'),
    retryBaseMs: nonNegativeNumber(opts.retryBaseMs, DEFAULT_RETRY_BASE_MS, 'retry base delay'),
    maxBytes: positiveNumber(opts.maxBytes, DEFAULT_MAX_BYTES, 'max-bytes'),
  };
  const ca = opts.caPem ?? (opts.caFile === undefined ? undefined : await readCaFile(opts.caFile));
  const token =
    opts.token ?? (opts.tokenFile === undefined ? undefined : await readTokenFile(opts.tokenFile));

  // undici (and node:http, node:tls) are loaded only when a URL is read: reading files needs none of them.
  const { Agent, fetch } = await import('undici');
  statusCodes = (builtin('node:http') as typeof import('node:http')).STATUS_CODES;
  const tls = ca === undefined ? undefined : (builtin('node:tls') as typeof import('node:tls'));
  const dispatcher = new Agent({
    connect: {
      // Node's roots plus the user's CA; left unset otherwise so NODE_EXTRA_CA_CERTS keeps working.
      ...(ca === undefined || tls === undefined ? {} : { ca: [...tls.rootCertificates, ca] }),
      rejectUnauthorized: opts.insecure !== true,
      ...(opts.clientCert === undefined ? {} : { cert: opts.clientCert, key: opts.clientKey }),
    },
  });
  const stop = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  const ctx: ScrapeContext = {
    ...settings,
    dispatcher,
    fetch,
    token,
    tokenFile: opts.tokenFile,
    signal,
    opts,
  };

  const outcomes = new Array<UrlOutcome>(targets.length);
  let next = 0;
  opts.progress?.expect(targets.length);
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const i = next++;
      outcomes[i] = await scrape(targets[i]!, ctx);
      opts.progress?.read(outcomes[i]!.ok);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(MAX_IN_FLIGHT, targets.length) }, worker));
  } catch (err) {
    stop.abort(err);
    await dispatcher.destroy().catch(() => {});
    throw err;
  }
  await dispatcher.close();
  return outcomes;
}

interface ScrapeContext {
  timeoutMs: number;
  maxBytes: number;
  retries: number;
  retryBaseMs: number;
  dispatcher: Agent;
  fetch: typeof undiciFetch;
  token: string | undefined;
  tokenFile: string | undefined;
  signal: AbortSignal;
  opts: SourceOptions;
}

/** Why an attempt failed, split so the message reads `cause (N attempts) — fix`. */
interface Reason {
  cause: Message;
  fix?: Message;
  retryable: boolean;
}

async function scrape(target: UrlTarget, ctx: ScrapeContext): Promise<UrlOutcome> {
  const headers: Record<string, string> = {
    accept: ctx.opts.openMetrics ? ACCEPT_OPENMETRICS : ACCEPT_TEXT,
    'accept-encoding': 'gzip',
    'user-agent': 'kcarbon',
  };
  Object.assign(headers, ctx.opts.headers);
  if (ctx.token !== undefined) headers.authorization = `Bearer ${ctx.token}`;
  else if (target.basicAuth) {
    const { username, password } = target.basicAuth;
    headers.authorization = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
  }

  let attempts = 0;
  for (;;) {
    attempts++;
    const reason = await attempt(target, ctx, headers);
    if ('source' in reason) return { ok: true, source: reason.source };
    if (!reason.retryable || attempts > ctx.retries) {
      const why = msg('failedSource', target.origin, reason.cause, attempts, reason.fix ?? '');
      return { ok: false, failure: { origin: target.origin, error: englishOf(why), reason: why } };
    }
    const backoff = backoffMs(ctx.retryBaseMs, attempts);
    await sleep(backoff * (0.5 + Math.random() * 0.5), ctx.signal);
  }
}

async function attempt(
  target: UrlTarget,
  ctx: ScrapeContext,
  headers: Record<string, string>,
): Promise<Reason | { source: FetchedSource }> {
  const timeout = AbortSignal.timeout(ctx.timeoutMs);
  const signal = AbortSignal.any([ctx.signal, timeout]);
  try {
    const sentAt = Date.now();
    const res = await fetchFollowing(target.url, headers, ctx, signal);
    // The moment the exporter made its answer, as near as the client can tell: halfway between sending the
    // request and its headers arriving, not when the body was read (--sample divides the joules between two
    // scrapes by the time between them, and a first scrape's connection and large body took longer).
    const fetchedAt = new Date((sentAt + Date.now()) / 2);
    if ('cause' in res) return res;
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      return statusReason(res.status, res.statusText, target, ctx);
    }
    const contentType = res.headers.get('content-type') ?? undefined;
    if (contentType !== undefined && /^\s*text\/html\b/i.test(contentType)) {
      await res.body?.cancel().catch(() => {});
      return HTML_PAGE;
    }
    const read = await readBody(res, ctx, timeout, contentType);
    if ('cause' in read) return read;
    if (looksLikeHtml(read.head)) return HTML_PAGE;
    const source = { origin: target.origin, nodeHint: nodeHintFromUrl(target.url), contentType, fetchedAt };
    if (read.kept) {
      const cut = truncation(read.tail, /openmetrics/i.test(contentType ?? ''));
      if (cut) return { cause: msg('response', cut), retryable: true };
      return { source: { ...source, body: '', kept: read.kept } };
    }
    const check = checkBody(read.head, contentType, ctx.opts.strict === true);
    if (typeof check !== 'string') return check;
    return { source: { ...source, body: check } };
  } catch (err) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    if (timeout.aborted) return { cause: msg('timedOut', formatDuration(ctx.timeoutMs)), retryable: true };
    return networkReason(err, target.url, target.portHint ?? KEPLER_PORTS);
  }
}

const MAX_REDIRECTS = 5;

/**
 * GET with redirects followed by hand, so credentials are never sent where they should not go: a redirect
 * from https to http is refused when a token or password would be sent (it would cross the network in
 * clear text), and the Authorization header is dropped on a redirect to another origin (as browsers do).
 */
async function fetchFollowing(
  start: URL,
  headers: Record<string, string>,
  ctx: ScrapeContext,
  signal: AbortSignal,
): Promise<Response | Reason> {
  let url = start;
  let sent = { ...headers };
  for (let hop = 0; ; hop++) {
    const res = await ctx.fetch(url, {
      dispatcher: ctx.dispatcher,
      headers: sent,
      signal,
      redirect: 'manual',
    });
    const location = res.headers.get('location');
    if (![301, 302, 303, 307, 308].includes(res.status) || location === null) return res;
    await res.body?.cancel().catch(() => {});
    if (hop >= MAX_REDIRECTS) return { cause: msg('tooManyRedirects', MAX_REDIRECTS), retryable: false };
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      return { cause: msg('redirectInvalid'), retryable: false };
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:')
      return { cause: msg('redirectProtocol', next.protocol), retryable: false };
    if (sent.authorization !== undefined && url.protocol === 'https:' && next.protocol === 'http:') {
      return {
        cause: msg('redirectToHttp', next.host),
        fix: msg('redirectToHttpFix'),
        retryable: false,
      };
    }
    if (next.origin !== url.origin) {
      const { authorization: _dropped, ...rest } = sent;
      sent = rest;
    }
    url = next;
  }
}

const HTML_PAGE: Reason = { cause: msg('htmlPage'), fix: msg('htmlPageFix'), retryable: false };

/**
 * The response body, capped at --max-bytes while it streams (gzip inflated incrementally): whole (`head` is
 * then all of it), or through the caller's sink for an exposition (`kept`, with its first and last bytes).
 */
async function readBody(
  res: Response,
  ctx: ScrapeContext,
  timeout: AbortSignal,
  contentType: string | undefined,
): Promise<{ head: Buffer; tail: Buffer; kept?: KeptBody } | Reason> {
  if (res.body === null) return { head: Buffer.alloc(0), tail: Buffer.alloc(0) };
  try {
    const sink = ctx.opts.strict === true || /json/i.test(contentType ?? '') ? undefined : ctx.opts.sink;
    if (sink) return await streamCapped(res.body, { maxBytes: ctx.maxBytes }, sink());
    const bytes = await readCapped(res.body, { maxBytes: ctx.maxBytes });
    return { head: bytes, tail: bytes };
  } catch (err) {
    await res.body?.cancel().catch(() => {});
    if (err instanceof SourceTooLargeError) return { cause: msg('response', err.reason), retryable: false };
    if (err instanceof SourceTruncatedError) return { cause: msg('response', err.reason), retryable: true };
    if (err instanceof SourceEncodingError) return { cause: msg('responseIs', err.reason), retryable: false };
    if (ctx.signal.aborted) throw ctx.signal.reason;
    if (timeout.aborted)
      return {
        cause: msg('readTimedOut', formatDuration(ctx.timeoutMs)),
        retryable: true,
      };
    const { message } = rootCause(err);
    return {
      cause: msg('bodyCut', oneLine(message)),
      retryable: true,
    };
  }
}

/**
 * Exposition bytes -> text, or why they are not usable: cut short (no final newline, or OpenMetrics
 * without # EOF) or, with --strict, not UTF-8. JSON (the Prometheus API) is left to its own parser.
 */
function checkBody(bytes: Uint8Array, contentType: string | undefined, strict: boolean): string | Reason {
  const json = contentType !== undefined && /json/i.test(contentType);
  const cut = json ? undefined : truncation(bytes, /openmetrics/i.test(contentType ?? ''));
  if (cut) return { cause: msg('response', cut), retryable: true };
  try {
    return decodeUtf8(bytes, strict);
  } catch (err) {
    if (err instanceof SourceEncodingError)
      return { cause: msg('responseHas', err.reason), retryable: false };
    throw err;
  }
}

/**
 * Node's own modules that only reading a URL needs, loaded then (a dynamic import() would not do: the bundle
 * runs as a vm.Script, which has no dynamic-import callback for modules outside it).
 */
const builtin = createRequire(import.meta.url);

/** node:http's reason phrases, loaded with the first URL read. */
let statusCodes: Record<number, string | undefined> = {};

function statusReason(status: number, statusText: string, target: UrlTarget, ctx: ScrapeContext): Reason {
  const url = target.url;
  const text = oneLine(statusText || statusCodes[status] || '');
  const cause = msg('httpStatus', status, text);
  const retryable = status === 429 || status >= 500;
  const viaApiServer = /\/api\/v1\/namespaces\/[^/]+\/pods\/[^/]+\/proxy(?:\/|$)/.test(url.pathname);
  switch (status) {
    case 400:
      return url.protocol === 'http:'
        ? { cause, fix: msg('badRequestHttpsFix'), retryable }
        : { cause, retryable };
    case 401: {
      let fix: Message = msg('unauthorizedFix');
      if (ctx.tokenFile !== undefined) fix = msg('checkTokenFile');
      else if (target.prometheus)
        fix = target.basicAuth ? msg('checkPrometheusCredentials') : msg('prometheusUnauthorizedFix');
      else if (target.basicAuth) fix = msg('checkUrlCredentials');
      return { cause, fix, retryable };
    }
    case 403:
      return {
        cause,
        fix: viaApiServer ? msg('forbiddenProxyFix') : msg('forbiddenFix'),
        retryable,
      };
    case 404:
      return { cause, fix: msg('htmlPageFix'), retryable };
    default:
      return { cause, retryable };
  }
}

const UNTRUSTED_CERT_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/** Why a request failed on the network (refused, DNS, TLS...), by code where known. */
export function networkReason(err: unknown, url: URL, portHint: string): Reason {
  const { code, message } = rootCause(err);
  const host = url.hostname;
  if (code !== undefined && UNTRUSTED_CERT_CODES.has(code)) {
    return {
      cause: msg('certUntrusted'),
      fix: msg('certUntrustedFix'),
      retryable: false,
    };
  }
  switch (code) {
    case 'CERT_HAS_EXPIRED':
      return { cause: msg('certExpired'), fix: msg('certExpiredFix'), retryable: false };
    case 'CERT_NOT_YET_VALID':
      return {
        cause: msg('certNotYetValid'),
        fix: msg('certNotYetValidFix'),
        retryable: false,
      };
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return {
        cause: msg('certWrongHost', host),
        fix: msg('certWrongHostFix'),
        retryable: false,
      };
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return {
        cause: msg('notTls'),
        fix: msg('useHttp'),
        retryable: false,
      };
    case 'ECONNREFUSED':
      return { cause: msg('connectionRefused'), fix: msg('checkHostPort', portHint), retryable: true };
    case 'ENOTFOUND':
      return { cause: msg('hostNotFound', host), fix: msg('checkHostName'), retryable: true };
    case 'EAI_AGAIN':
      return { cause: msg('dnsFailed', host), retryable: true };
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return url.protocol === 'http:'
        ? { cause: msg('connectionClosed'), fix: msg('useHttps'), retryable: true }
        : { cause: msg('connectionClosed'), retryable: true };
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return { cause: msg('connectTimedOut'), fix: msg('checkReachable'), retryable: true };
    case 'EHOSTUNREACH':
      return { cause: msg('hostUnreachable'), retryable: true };
    case 'ENETUNREACH':
      return { cause: msg('networkUnreachable'), retryable: true };
  }
  if (message === 'bad port') {
    return {
      cause: msg('unsafePort', url.port),
      fix: msg('unsafePortFix', portHint),
      retryable: false,
    };
  }
  if (code?.startsWith('ERR_SSL_') || code === 'EPROTO' || code?.startsWith('ERR_TLS_')) {
    return { cause: msg('tlsFailed', oneLine(message)), retryable: false };
  }
  return { cause: oneLine(message) || msg('requestFailed'), retryable: true };
}

/** The innermost error with a code (undici wraps socket errors in `TypeError: fetch failed`). */
function rootCause(err: unknown): { code?: string; message: string } {
  let found: { code?: string; message: string } | undefined;
  let current: unknown = err;
  for (let depth = 0; current instanceof Error && depth < 8; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    found = { code: typeof code === 'string' ? code : undefined, message: current.message };
    if (typeof code === 'string') return found;
    const inner =
      current instanceof AggregateError && current.errors.length > 0 ? current.errors[0] : undefined;
    current = (current as { cause?: unknown }).cause ?? inner;
  }
  return found ?? { message: String(err) };
}

async function readCaFile(file: string): Promise<string> {
  let pem: string;
  try {
    pem = await fsp.readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(msg('cannotReadFlagFileOf', '--ca', file, fsReason(err)), msg('caHint'));
  }
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const { X509Certificate } = builtin('node:crypto') as typeof import('node:crypto');
  try {
    if (blocks.length === 0) throw new Error('no certificate found');
    for (const block of blocks) new X509Certificate(block);
  } catch (err) {
    throw new UsageError(msg('notPem', file, oneLine((err as Error).message)), msg('pemHint'));
  }
  return pem;
}

/** The bearer token, trimmed. Errors name the file, never its content. */
async function readTokenFile(file: string): Promise<string> {
  let token: string;
  try {
    token = (await fsp.readFile(file, 'utf8')).trim();
  } catch (err) {
    throw new UsageError(
      msg('cannotReadFlagFileOf', '--token-file', file, fsReason(err)),
      msg('tokenFileHint'),
    );
  }
  if (token === '') throw new UsageError(msg('tokenFileEmpty', file));
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new UsageError(msg('tokenFileNotToken', file));
  }
  return token;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** `250ms`, `10s`, `1.5s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${Number((ms / 1000).toFixed(1))}s`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function positiveNumber(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(msg('mustBePositive', what, value));
  return value;
}

function nonNegativeNumber(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new UsageError(msg('mustBeNonNegative', what, value));
  return value;
}

function nonNegativeInteger(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) throw new UsageError(msg('mustBeWholeNonNegative', what, value));
  return value;
}
