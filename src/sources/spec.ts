/**
 * What the user passes to `--source` (or KEPLER_ENDPOINT): splitting, and telling stdin, URLs and paths apart.
 */

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { msg, UsageError } from '../errors.js';

/**
 * The source specs from repeated `--source` values, each of which may hold several comma-separated entries;
 * falls back to `env.KEPLER_ENDPOINT` (also comma-separated) when no value is given. Trims, drops empties and
 * de-duplicates keeping the first occurrence. Returns [] when nothing is given.
 */
export function parseSourceSpecs(values: string[] | undefined, env: NodeJS.ProcessEnv): string[] {
  const fromFlags = splitSpecs(values ?? []);
  if (fromFlags.length > 0) return fromFlags;
  const fromEnv = env.KEPLER_ENDPOINT;
  return fromEnv === undefined ? [] : splitSpecs([fromEnv]);
}

function splitSpecs(values: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const value of values) {
    for (const part of value.split(',')) {
      const spec = part.trim();
      if (spec !== '') seen.add(spec);
    }
  }
  return [...seen];
}

export type ClassifiedSpec =
  | { kind: 'stdin'; spec: string }
  | {
      kind: 'url';
      spec: string;
      /** The URL to request, without user info. */
      url: URL;
      /** The spec with any password masked: safe to print, used as `origin`. */
      display: string;
      /** `user:password` from the URL, sent as HTTP basic auth. */
      basicAuth?: { username: string; password: string };
    }
  | { kind: 'path'; spec: string; path: string };

/** Tells stdin (`-`), http(s) URLs and filesystem paths (or `file:` URLs) apart. */
export function classifySpec(spec: string): ClassifiedSpec {
  if (spec === '-') return { kind: 'stdin', spec };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(spec)?.[1]?.toLowerCase();
  if (scheme === undefined) return { kind: 'path', spec, path: spec };
  if (scheme === 'file') {
    try {
      return { kind: 'path', spec, path: fileURLToPath(spec) };
    } catch (err) {
      throw new UsageError(msg('badFileUrl', spec, (err as Error).message));
    }
  }
  if (scheme !== 'http' && scheme !== 'https') {
    throw new UsageError(msg('sourceUnsupported', redactUrlText(spec)), msg('keplerUrlHint'));
  }
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    throw new UsageError(msg('sourceInvalidUrl', redactUrlText(spec)), msg('keplerUrlHint'));
  }
  const basicAuth = takeCredentials(url);
  if (basicAuth === undefined) return { kind: 'url', spec, url, display: spec };
  return { kind: 'url', spec, url, display: redactUrlText(spec), basicAuth };
}

/**
 * The user and password written in a URL (`http://user:password@host/`), taken out of it: they go as a Basic
 * Authorization header, never in the URL (fetch refuses such a URL, and its text would show the password).
 */
export function takeCredentials(url: URL): { username: string; password: string } | undefined {
  if (url.username === '' && url.password === '') return undefined;
  // A '%' not followed by two hex digits is the character itself, not an encoding error.
  const decoded = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const basicAuth = { username: decoded(url.username), password: decoded(url.password) };
  url.username = '';
  url.password = '';
  return basicAuth;
}

/** A --prometheus URL without the credentials written in it, and those credentials (URL.canParse: Node 19.9). */
export function prometheusUrlCredentials(spec: string): {
  url: string;
  basicAuth?: { username: string; password: string };
} {
  if (!URL.canParse(spec)) return { url: spec };
  const url = new URL(spec);
  const basicAuth = takeCredentials(url);
  return basicAuth ? { url: url.href, basicAuth } : { url: spec };
}

/** Masks the password of `scheme://user:password@host...` so the spec can be printed. */
export function redactUrlText(spec: string): string {
  const masked = spec.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*):[^/?#@]*@/i, '$1:***@');
  if (masked !== spec || URL.canParse(spec)) return masked;
  // Not a URL, perhaps for a password with an unencoded '/', '#' or '?': all up to the last '@' may be secret.
  return spec.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*):.*@/i, '$1:***@');
}

/**
 * A node name for a dump file: its base name without `.gz` and one further extension
 * (`worker-1.prom` -> `worker-1`, `a.prom.gz` -> `a`, `ip-10-0-0-5.ec2.internal.prom` -> `ip-10-0-0-5.ec2.internal`).
 */
export function nodeHintFromPath(file: string): string {
  let base = path.basename(file);
  if (/\.gz$/i.test(base)) base = base.slice(0, -3);
  const ext = path.extname(base);
  if (ext !== '' && ext !== base) base = base.slice(0, -ext.length);
  return base;
}

/**
 * A node name for a URL: the pod of an API-server proxy URL
 * (`/api/v1/namespaces/<ns>/pods/[scheme:]<pod>[:port]/proxy/...`), else the host name.
 */
export function nodeHintFromUrl(url: URL): string {
  const proxied = /\/api\/v1\/namespaces\/[^/]+\/pods\/([^/]+)\/proxy(?:\/|$)/.exec(url.pathname)?.[1];
  if (proxied !== undefined) {
    let parts: string[];
    try {
      parts = decodeURIComponent(proxied).split(':');
    } catch {
      parts = proxied.split(':');
    }
    if (parts.length > 1 && /^https?$/i.test(parts[0] ?? '')) parts.shift();
    const pod = parts[0];
    if (pod) return pod;
  }
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** `--kepler-service NAMESPACE/NAME[:PORT]`: the Kubernetes Service in front of Kepler's DaemonSet. */
export interface KeplerServiceRef {
  namespace: string;
  name: string;
  /** Port name or number; default: the port named http, metrics or https, else the Service's only port. */
  port?: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function parseKeplerService(spec: string): KeplerServiceRef {
  const m = /^([^/:\s]+)\/([^/:\s]+)(?::([^/:\s]+))?$/.exec(spec.trim());
  if (!m || !DNS_LABEL.test(m[1]!) || !DNS_LABEL.test(m[2]!)) {
    throw new UsageError(msg('notNamespaceName', spec), msg('keplerServiceHint'));
  }
  return { namespace: m[1]!, name: m[2]!, ...(m[3] === undefined ? {} : { port: m[3] }) };
}
