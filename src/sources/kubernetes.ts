/**
 * Kepler discovery (`--kepler-service NAMESPACE/NAME`): every exporter of Kepler's DaemonSet, found through
 * the Kubernetes API instead of a list of node addresses that goes stale as nodes come and go.
 *
 *  - In a pod (KUBERNETES_SERVICE_HOST set, service-account token mounted): the Service's EndpointSlices,
 *    read with the pod's token and CA; exporters are scraped directly at their pod IPs.
 *  - In a pod without a token (automountServiceAccountToken: false): the headless Service's DNS records.
 *  - Outside a cluster: the current kubeconfig context (`--kubeconfig`, `--context`); each exporter is scraped
 *    directly when its pod IP answers a TCP connect, otherwise through the API server's pod proxy.
 *
 * A handful of typed requests with undici (already a dependency) rather than @kubernetes/client-node: that
 * client is several megabytes with its own HTTP stack and dozens of transitive packages, and loading it
 * would slow every start-up; kcarbon needs one list call and the proxy path. This module is imported only
 * when --kepler-service is given.
 */

import { execFile } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Agent, fetch } from 'undici';
import { fsReason, msg, SourceUnreachableError, UsageError } from '../errors.js';
import { fetchUrls, type UrlTarget } from './http.js';
import type { KeplerServiceRef } from './spec.js';
import type { FetchedSource, SourceFailure, SourceOptions, SourceReadResult } from './types.js';

/** Where Kubernetes mounts a pod's service-account credentials. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
/** Kepler's default exporter port (used when DNS discovery cannot learn the port). */
export const KEPLER_PORT = 28282;
const PREFERRED_PORT_NAMES = ['http', 'metrics', 'http-metrics', 'https'];
const API_TIMEOUT_MS = 10_000;
const PROBE_TIMEOUT_MS = 1_500;

export interface KubernetesOptions extends SourceOptions {
  service: KeplerServiceRef;
  /** --kubeconfig (else KUBECONFIG, else ~/.kube/config). */
  kubeconfig?: string;
  /** --context (else the kubeconfig's current-context). */
  context?: string;
  env?: NodeJS.ProcessEnv;
  /** Tests point this at a fixture directory. */
  serviceAccountDir?: string;
  /** Tests replace the resolver for the headless-Service DNS mode. */
  resolve?: (host: string) => Promise<string[]>;
}

/** Credentials and address of an API server. */
export interface KubeAccess {
  server: string;
  /** How they were found, for messages: `in-cluster service account` or `kubeconfig context NAME`. */
  via: string;
  inCluster: boolean;
  ca?: string;
  token?: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
}

/** One Kepler exporter behind the Service. */
export interface KeplerEndpoint {
  address: string;
  port: number;
  scheme: 'http' | 'https';
  node?: string;
  pod?: string;
  ready: boolean;
}

/** What to scrape: built once, read once per scrape (twice with --sample). */
export interface DiscoveredKepler {
  endpoints: KeplerEndpoint[];
  read: (opts: SourceOptions) => Promise<SourceReadResult>;
}

export async function discoverKepler(opts: KubernetesOptions): Promise<DiscoveredKepler> {
  const env = opts.env ?? process.env;
  const saDir = opts.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  const explicitKubeconfig = opts.kubeconfig !== undefined || opts.context !== undefined;
  const label = `${opts.service.namespace}/${opts.service.name}`;

  let access: KubeAccess | undefined;
  if (!explicitKubeconfig && env.KUBERNETES_SERVICE_HOST) {
    access = await inClusterAccess(env, saDir);
    if (access === undefined) {
      const endpoints = await dnsEndpoints(opts.service, opts.resolve);
      return { endpoints, read: (o) => readEndpoints(label, endpoints, o, undefined, new Set()) };
    }
  } else {
    access = await kubeconfigAccess(opts, env);
  }
  const endpoints = await listEndpoints(access, opts.service, opts.signal);
  // In a pod the exporters' pod IPs are routable (and pods/proxy is not granted); outside, probe first.
  const proxied = new Set<KeplerEndpoint>();
  if (!access.inCluster) {
    const reachable = await Promise.all(endpoints.map((e) => canConnect(e.address, e.port)));
    endpoints.forEach((e, i) => {
      if (!reachable[i] && e.pod !== undefined) proxied.add(e);
    });
  }
  const api = access;
  return { endpoints, read: (o) => readEndpoints(label, endpoints, o, api, proxied) };
}

// ---------------------------------------------------------------------------------------------------------
// Credentials

async function inClusterAccess(env: NodeJS.ProcessEnv, dir: string): Promise<KubeAccess | undefined> {
  let token: string;
  try {
    token = (await readFile(path.join(dir, 'token'), 'utf8')).trim();
  } catch {
    return undefined; // no token mounted: fall back to DNS
  }
  const ca = await readFile(path.join(dir, 'ca.crt'), 'utf8').catch(() => undefined);
  const host = env.KUBERNETES_SERVICE_HOST!;
  const port = env.KUBERNETES_SERVICE_PORT || '443';
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return {
    server: `https://${hostPart}:${port}`,
    via: 'in-cluster service account',
    inCluster: true,
    ca,
    token,
  };
}

interface Named<T> {
  name: string;
  [key: string]: unknown;
  value?: T;
}

interface KubeconfigCluster {
  server?: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
}

interface KubeconfigUser {
  token?: string;
  tokenFile?: string;
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
  exec?: { command: string; args?: string[]; env?: { name: string; value: string }[]; apiVersion?: string };
  'auth-provider'?: { name?: string };
}

interface Kubeconfig {
  file: string;
  currentContext?: string;
  contexts: Map<string, { cluster?: string; user?: string; dir: string }>;
  clusters: Map<string, { cluster: KubeconfigCluster; dir: string }>;
  users: Map<string, { user: KubeconfigUser; dir: string }>;
}

/** The kubeconfig files to read: --kubeconfig, else each file of KUBECONFIG (path-list), else ~/.kube/config. */
export function kubeconfigFiles(flag: string | undefined, env: NodeJS.ProcessEnv): string[] {
  if (flag !== undefined) return [flag];
  const list = (env.KUBECONFIG ?? '').split(path.delimiter).filter((f) => f.trim() !== '');
  if (list.length > 0) return list;
  const home = env.HOME || os.homedir();
  return [path.join(home, '.kube', 'config')];
}

/** Reads and merges kubeconfig files the way kubectl does: the first file to set a name or the context wins. */
export async function loadKubeconfig(files: string[]): Promise<Kubeconfig> {
  const { parse } = await import('yaml');
  const merged: Kubeconfig = {
    file: files.join(path.delimiter),
    contexts: new Map(),
    clusters: new Map(),
    users: new Map(),
  };
  let read = 0;
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if (files.length > 1 && (err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new UsageError(msg('cannotReadKubeconfig', file, fsReason(err)), msg('kubeconfigHint'));
    }
    let doc: Record<string, unknown>;
    try {
      // An unresolved tag is kubectl's business, not a multi-line Node warning on our stderr.
      doc = (parse(text, { logLevel: 'error' }) ?? {}) as Record<string, unknown>;
    } catch (err) {
      throw new UsageError(msg('kubeconfigNotYaml', file, oneLine((err as Error).message)));
    }
    read++;
    const dir = path.dirname(path.resolve(file));
    if (
      merged.currentContext === undefined &&
      typeof doc['current-context'] === 'string' &&
      doc['current-context']
    )
      merged.currentContext = doc['current-context'];
    for (const c of asNamed(doc.contexts)) {
      const v = (c.context ?? {}) as { cluster?: string; user?: string };
      if (!merged.contexts.has(c.name)) merged.contexts.set(c.name, { ...v, dir });
    }
    for (const c of asNamed(doc.clusters)) {
      if (!merged.clusters.has(c.name))
        merged.clusters.set(c.name, { cluster: (c.cluster ?? {}) as KubeconfigCluster, dir });
    }
    for (const u of asNamed(doc.users)) {
      if (!merged.users.has(u.name))
        merged.users.set(u.name, { user: (u.user ?? {}) as KubeconfigUser, dir });
    }
  }
  if (read === 0) {
    throw new UsageError(msg('noKubeconfig', files.join(', ')), msg('noKubeconfigHint'));
  }
  return merged;
}

function asNamed(value: unknown): Named<unknown>[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is Named<unknown> => !!v && typeof v === 'object' && typeof v.name === 'string');
}

async function kubeconfigAccess(opts: KubernetesOptions, env: NodeJS.ProcessEnv): Promise<KubeAccess> {
  const config = await loadKubeconfig(kubeconfigFiles(opts.kubeconfig, env));
  const contextName = opts.context ?? config.currentContext;
  if (contextName === undefined) {
    throw new UsageError(msg('noCurrentContext', config.file), msg('noCurrentContextHint'));
  }
  const context = config.contexts.get(contextName);
  if (context === undefined) {
    const known = [...config.contexts.keys()].join(', ') || 'none';
    throw new UsageError(msg('noSuchContext', contextName, known), msg('checkContext'));
  }
  const cluster = context.cluster === undefined ? undefined : config.clusters.get(context.cluster);
  if (cluster?.cluster.server === undefined) {
    throw new UsageError(msg('contextNoServer', contextName));
  }
  const user = (context.user === undefined ? undefined : config.users.get(context.user)) ?? {
    user: {},
    dir: cluster.dir,
  };
  const c = cluster.cluster;
  const u = user.user;
  const access: KubeAccess = {
    server: c.server!.replace(/\/+$/, ''),
    via: `kubeconfig context ${contextName}`,
    inCluster: false,
    insecure: c['insecure-skip-tls-verify'] === true,
    ca: await pem(
      c['certificate-authority-data'],
      c['certificate-authority'],
      cluster.dir,
      'certificate-authority',
    ),
    cert: await pem(u['client-certificate-data'], u['client-certificate'], user.dir, 'client-certificate'),
    key: await pem(u['client-key-data'], u['client-key'], user.dir, 'client-key'),
  };
  if (u.token) access.token = u.token;
  else if (u.tokenFile) access.token = (await readPath(u.tokenFile, user.dir, 'tokenFile')).trim();
  else if (u.exec) Object.assign(access, await execCredential(u.exec, env));
  else if (u['auth-provider']) {
    throw new UsageError(
      msg('removedAuthProvider', contextName, u['auth-provider'].name ?? '?'),
      msg('removedAuthProviderHint'),
    );
  }
  return access;
}

async function pem(
  data: string | undefined,
  file: string | undefined,
  dir: string,
  field: string,
): Promise<string | undefined> {
  if (data) return Buffer.from(data, 'base64').toString('utf8');
  if (file) return readPath(file, dir, field);
  return undefined;
}

async function readPath(file: string, dir: string, field: string): Promise<string> {
  const full = path.resolve(dir, file);
  try {
    return await readFile(full, 'utf8');
  } catch (err) {
    throw new UsageError(msg('kubeconfigFile', field, full, fsReason(err)));
  }
}

/** Runs a client-go exec credential plugin (aws eks get-token, kubelogin...) and reads its ExecCredential. */
async function execCredential(
  exec: NonNullable<KubeconfigUser['exec']>,
  env: NodeJS.ProcessEnv,
): Promise<Partial<KubeAccess>> {
  const apiVersion = exec.apiVersion ?? 'client.authentication.k8s.io/v1';
  const childEnv: NodeJS.ProcessEnv = { ...env };
  for (const e of exec.env ?? []) childEnv[e.name] = e.value;
  childEnv.KUBERNETES_EXEC_INFO = JSON.stringify({
    apiVersion,
    kind: 'ExecCredential',
    spec: { interactive: false },
  });
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(exec.command, exec.args ?? [], { env: childEnv, timeout: 60_000 }, (err, out) =>
      err ? reject(err) : resolve(out),
    );
  }).catch((err: Error) => {
    throw new UsageError(msg('execFailed', exec.command, oneLine(err.message)), msg('execHint'));
  });
  let status: { token?: string; clientCertificateData?: string; clientKeyData?: string } | undefined;
  try {
    status = (JSON.parse(stdout) as { status?: typeof status }).status;
  } catch {
    status = undefined;
  }
  if (!status?.token && !status?.clientCertificateData) {
    throw new UsageError(msg('execNoToken', exec.command));
  }
  return status.token
    ? { token: status.token }
    : { cert: status.clientCertificateData, key: status.clientKeyData };
}

// ---------------------------------------------------------------------------------------------------------
// Discovery

interface EndpointSliceList {
  metadata?: { continue?: string };
  items?: EndpointSlice[];
}

interface EndpointSlice {
  addressType?: string;
  ports?: { name?: string; port?: number; appProtocol?: string }[] | null;
  endpoints?: {
    addresses?: string[];
    conditions?: { ready?: boolean | null };
    nodeName?: string;
    targetRef?: { kind?: string; name?: string };
  }[];
}

/** Lists the Service's EndpointSlices (paged) and returns one endpoint per exporter pod. */
export async function listEndpoints(
  access: KubeAccess,
  service: KeplerServiceRef,
  signal?: AbortSignal,
): Promise<KeplerEndpoint[]> {
  const label = `${service.namespace}/${service.name}`;
  const dispatcher = new Agent({
    connect: {
      ...(access.ca === undefined ? {} : { ca: access.ca }),
      ...(access.cert === undefined ? {} : { cert: access.cert, key: access.key }),
      rejectUnauthorized: access.insecure !== true,
    },
  });
  const slices: EndpointSlice[] = [];
  try {
    let next: string | undefined;
    do {
      const url = new URL(
        `${access.server}/apis/discovery.k8s.io/v1/namespaces/${encodeURIComponent(service.namespace)}/endpointslices`,
      );
      url.searchParams.set('labelSelector', `kubernetes.io/service-name=${service.name}`);
      url.searchParams.set('limit', '500');
      if (next) url.searchParams.set('continue', next);
      const list = await apiGet<EndpointSliceList>(url, access, dispatcher, signal, label);
      slices.push(...(list.items ?? []));
      next = list.metadata?.continue || undefined;
    } while (next);
  } finally {
    await dispatcher.close().catch(() => {});
  }
  const endpoints = endpointsFromSlices(slices, service);
  if (endpoints.length === 0 && service.port !== undefined) {
    // Endpoints there are, but none on the port asked for (--kepler-service NS/NAME:PORT): say so, with the ports.
    const ports = [
      ...new Set(
        slices.flatMap((s) =>
          (s.endpoints?.length ? (s.ports ?? []) : []).map((p) =>
            p.name ? `${p.name} (${p.port})` : String(p.port),
          ),
        ),
      ),
    ];
    if (ports.length > 0)
      throw new UsageError(
        msg('noSuchServicePort', label, service.port, ports.join(', ')),
        msg('example', `--kepler-service ${label}:${ports[0]!.split(' ')[0]}`),
      );
  }
  if (endpoints.length === 0) {
    throw new SourceUnreachableError(
      msg('noEndpoints', label, access.via),
      msg('noEndpointsHint', service.namespace, service.name),
    );
  }
  return endpoints;
}

/** One endpoint per pod (first address), the port chosen by name, number or preference; sorted by node. */
export function endpointsFromSlices(slices: EndpointSlice[], service: KeplerServiceRef): KeplerEndpoint[] {
  const byKey = new Map<string, KeplerEndpoint>();
  for (const slice of slices) {
    if (slice.addressType === 'FQDN') continue;
    const port = choosePort(slice.ports ?? [], service);
    if (port === undefined) continue;
    for (const ep of slice.endpoints ?? []) {
      const address = ep.addresses?.[0];
      if (!address) continue;
      const pod =
        ep.targetRef?.kind === 'Pod' || ep.targetRef?.kind === undefined ? ep.targetRef?.name : undefined;
      const key = pod ?? `${address}:${port.port}`;
      if (byKey.has(key)) continue;
      byKey.set(key, {
        address,
        port: port.port,
        scheme: port.https ? 'https' : 'http',
        ...(ep.nodeName ? { node: ep.nodeName } : {}),
        ...(pod ? { pod } : {}),
        // Kubernetes: a null ready condition means ready.
        ready: ep.conditions?.ready !== false,
      });
    }
  }
  return [...byKey.values()].sort((a, b) =>
    (a.node ?? a.address).localeCompare(b.node ?? b.address, 'en', { numeric: true }),
  );
}

function choosePort(
  ports: NonNullable<EndpointSlice['ports']>,
  service: KeplerServiceRef,
): { port: number; https: boolean } | undefined {
  const valid = ports.filter((p) => typeof p.port === 'number');
  let chosen: (typeof valid)[number] | undefined;
  if (service.port !== undefined) {
    chosen = valid.find((p) => p.name === service.port || String(p.port) === service.port);
    if (chosen === undefined && /^\d+$/.test(service.port) && valid.length === 0)
      return { port: Number(service.port), https: false };
  } else if (valid.length === 0) {
    return { port: KEPLER_PORT, https: false };
  } else {
    chosen =
      PREFERRED_PORT_NAMES.map((n) => valid.find((p) => p.name === n)).find((p) => p !== undefined) ??
      (valid.length === 1 ? valid[0] : undefined) ??
      valid.find((p) => p.port === KEPLER_PORT) ??
      valid[0];
  }
  if (chosen === undefined) return undefined;
  const https = chosen.appProtocol === 'https' || /https/i.test(chosen.name ?? '');
  return { port: chosen.port!, https };
}

async function apiGet<T>(
  url: URL,
  access: KubeAccess,
  dispatcher: Agent,
  signal: AbortSignal | undefined,
  label: string,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'kcarbon' };
  if (access.token) headers.authorization = `Bearer ${access.token}`;
  const timeout = AbortSignal.timeout(API_TIMEOUT_MS);
  let res: Awaited<ReturnType<typeof fetch>>;
  try {
    res = await fetch(url, {
      dispatcher,
      headers,
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    throw new SourceUnreachableError(
      msg('apiUnreachable', access.server, access.via, oneLine(rootMessage(err))),
      access.inCluster ? msg('apiPolicyHint') : msg('apiContextHint'),
    );
  }
  if (!res.ok) {
    const body = await res.text().catch(() => '');
    const detail = oneLine((safeJson(body) as { message?: string } | undefined)?.message ?? '');
    const hint =
      res.status === 401
        ? msg('credentialsRefusedHint')
        : res.status === 403
          ? msg('grantEndpointsHint', label.split('/')[0] ?? '')
          : undefined;
    throw new SourceUnreachableError(msg('endpointsFailed', label, res.status, detail, access.via), hint);
  }
  return (await res.json()) as T;
}

/** The headless Service's A/AAAA records: one per ready exporter pod (DNS does not name the nodes). */
async function dnsEndpoints(
  service: KeplerServiceRef,
  resolve: KubernetesOptions['resolve'],
): Promise<KeplerEndpoint[]> {
  const host = `${service.name}.${service.namespace}.svc`;
  const port = service.port !== undefined && /^\d+$/.test(service.port) ? Number(service.port) : KEPLER_PORT;
  let addresses: string[];
  try {
    addresses = resolve
      ? await resolve(host)
      : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch (err) {
    throw new SourceUnreachableError(
      msg('noTokenDnsFailed', host, oneLine(rootMessage(err))),
      msg('noTokenDnsFailedHint'),
    );
  }
  const unique = [...new Set(addresses)].sort();
  return unique.map((address) => ({ address, port, scheme: 'http' as const, ready: true }));
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

// ---------------------------------------------------------------------------------------------------------
// Scraping

function directUrl(e: KeplerEndpoint): URL {
  const host = e.address.includes(':') ? `[${e.address}]` : e.address;
  return new URL(`${e.scheme}://${host}:${e.port}/metrics`);
}

function proxyUrl(e: KeplerEndpoint, namespace: string, server: string): URL {
  const scheme = e.scheme === 'https' ? 'https:' : '';
  return new URL(
    `${server}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${scheme}${encodeURIComponent(e.pod!)}:${e.port}/proxy/metrics`,
  );
}

/**
 * Scrapes every endpoint: direct ones with the user's options (--token-file, --ca for kube-rbac-proxy),
 * proxied ones with the API server's credentials. An endpoint that does not answer is a failed source
 * named by its node; if none answers, SourceUnreachableError (exit 3).
 */
async function readEndpoints(
  label: string,
  endpoints: KeplerEndpoint[],
  opts: SourceOptions,
  access: KubeAccess | undefined,
  proxied: Set<KeplerEndpoint>,
): Promise<SourceReadResult> {
  const namespace = label.split('/')[0]!;
  const target = (e: KeplerEndpoint): UrlTarget => {
    const url = proxied.has(e) && access ? proxyUrl(e, namespace, access.server) : directUrl(e);
    return { origin: url.href, url };
  };
  const direct = endpoints.filter((e) => !proxied.has(e));
  const viaProxy = endpoints.filter((e) => proxied.has(e));
  const [d, p] = await Promise.all([
    fetchUrls(direct.map(target), opts),
    access && viaProxy.length > 0
      ? fetchUrls(viaProxy.map(target), {
          ...opts,
          caFile: undefined,
          tokenFile: undefined,
          caPem: access.ca,
          token: access.token,
          clientCert: access.cert,
          clientKey: access.key,
          insecure: access.insecure || opts.insecure,
        })
      : Promise.resolve([]),
  ]);
  const ok: FetchedSource[] = [];
  const failed: SourceFailure[] = [];
  const take = (list: KeplerEndpoint[], outcomes: Awaited<ReturnType<typeof fetchUrls>>) => {
    list.forEach((e, i) => {
      const o = outcomes[i]!;
      const who = e.node ? `node ${e.node}` : `pod ${e.pod ?? e.address}`;
      if (o.ok) ok.push({ ...o.source, nodeHint: e.node ?? e.pod ?? o.source.nodeHint });
      else
        failed.push({
          origin: o.failure.origin,
          error: `${who}${e.ready ? '' : ' (endpoint not ready)'}: ${o.failure.error}`,
        });
    });
  };
  take(direct, d);
  take(viaProxy, p);
  if (ok.length === 0) {
    throw new SourceUnreachableError(
      msg('noExporterAnswered', label, failed.map((f) => f.error).join('; ')),
      msg('noExporterAnsweredHint', namespace),
    );
  }
  return { ok, failed };
}

function rootMessage(err: unknown): string {
  let current: unknown = err;
  let message = String(err);
  for (let i = 0; current instanceof Error && i < 8; i++) {
    message = (current as NodeJS.ErrnoException).code
      ? `${(current as NodeJS.ErrnoException).code}: ${current.message}`
      : current.message;
    current = (current as { cause?: unknown }).cause;
  }
  return message;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
