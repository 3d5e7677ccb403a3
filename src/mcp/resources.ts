/**
 * MCP resources: the original three URI schemes, as templates with list and completion callbacks.
 *
 * - `compliance-standards://{jurisdiction}/{standard_code}`: every standard in the config
 *   (`korea/KR_CARBON_2050` as in the original; the ISO code, e.g. `kr/...`, works too).
 * - `carbon-intensity://{region}`: grid intensity and PUE figures with their sources, the hour-of-day
 *   profile scaled to the annual figure, the country's official factors and the live provider's figure.
 * - `workload-metrics://{namespace}/{pod_name}`: one pod's Kepler figures, or every pod of a workload.
 *
 * This file only maps URIs to the readers of src/commands/resources.ts (which hold the logic) and their
 * typed errors to JSON-RPC errors: an unknown standard, region or workload is -32002 "resource not
 * found", anything else (unreachable metrics, a bad config) is an internal error.
 * Values are looked up in the server's config and metrics only; a URI never names a file or URL.
 */

import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ReadResourceResult, Resource } from '@modelcontextprotocol/sdk/types.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { SPECS } from '../commands/all.js';
import { createRunContext } from '../commands/context.js';
import {
  intensityResource,
  listNamespaces,
  listPods,
  listRegionCodes,
  listStandardCodes,
  type PodListing,
  type RegionListing,
  standardResource,
  workloadMetricsResource,
} from '../commands/resources.js';
import type { RunContext } from '../commands/types.js';
import { describeError, InputError, msg, UsageError } from '../errors.js';
import type { KeplerSnapshot } from '../kepler/model.js';
import { round, roundJson } from '../util/round.js';
import { mcpErrorText } from './error-text.js';
import { internalError, resourceNotFound } from './errors.js';
import type { Extra } from './progress.js';
import type { McpDeps } from './types.js';

export const STANDARD_TEMPLATE = 'compliance-standards://{jurisdiction}/{standard_code}';
export const INTENSITY_TEMPLATE = 'carbon-intensity://{region}';
export const METRICS_TEMPLATE = 'workload-metrics://{namespace}/{pod_name}';

const JSON_MIME = 'application/json';
const MAX_COMPLETIONS = 100;

// ---------------------------------------------------------------------------------------------
// Jurisdictions (URI segments)

/** Names the original used in URIs (it had only `korea`); other jurisdictions get their English name. */
const JURISDICTION_NAMES: Record<string, string> = { KR: 'korea' };

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

function englishName(code: string): string | undefined {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'region' }).of(code.toUpperCase());
    return name && name !== code.toUpperCase() ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The URI segment of a jurisdiction code: `KR` -> `korea`, `JP` -> `japan`, `EU` -> `european-union`. */
export function jurisdictionSlug(code: string): string {
  const name = JURISDICTION_NAMES[code.toUpperCase()] ?? englishName(code);
  return name ? slug(name) : code.toLowerCase();
}

/** Every spelling accepted for a jurisdiction in a URI: its slug, its code, its English name. */
function jurisdictionMatches(code: string, segment: string): boolean {
  const s = segment.toLowerCase();
  const name = englishName(code);
  return s === jurisdictionSlug(code) || s === code.toLowerCase() || (name !== undefined && s === slug(name));
}

export function standardUri(code: string, standard: { jurisdiction: string }): string {
  return `compliance-standards://${jurisdictionSlug(standard.jurisdiction)}/${code}`;
}

function intensityUri(region: string): string {
  return `carbon-intensity://${region}`;
}

function metricsUri(namespace: string, pod: string): string {
  return `workload-metrics://${encodeURIComponent(namespace)}/${encodeURIComponent(pod)}`;
}

// ---------------------------------------------------------------------------------------------
// Helpers

const notFound = resourceNotFound;

/** URI template variables are not percent-decoded by the SDK. */
function variable(vars: Record<string, string | string[]>, name: string, uri: string): string {
  const raw = vars[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value === '') throw notFound(uri, `missing ${name}`);
  try {
    return decodeURIComponent(value);
  } catch {
    throw notFound(uri, `malformed ${name} '${value}'`);
  }
}

/** A resource's JSON, its numbers rounded per unit as a command's result is (src/util/round.ts). */
function json(uri: string, body: unknown): ReadResourceResult {
  return { contents: [{ uri, mimeType: JSON_MIME, text: JSON.stringify(roundJson(body), null, 2) }] };
}

/** Completion values: unique, starting with `prefix` (case-insensitive), sorted, at most 100. */
export function complete(values: Iterable<string>, prefix: string): string[] {
  const p = prefix.toLowerCase();
  return [...new Set(values)]
    .filter((v) => v.toLowerCase().startsWith(p))
    .sort()
    .slice(0, MAX_COMPLETIONS);
}

export interface ResourceContext {
  deps: McpDeps;
  snapshot(signal?: AbortSignal): Promise<KeplerSnapshot>;
}

export function resourceContext(deps: McpDeps): ResourceContext {
  return { deps, snapshot: (signal) => deps.cache.get(signal) };
}

interface ReadOptions {
  signal?: AbortSignal;
  /** Told of every failure to read the metrics. */
  onMetricsError?: (err: unknown) => void;
}

/**
 * The RunContext of one read, list or completion: the server's settings and its shared metrics cache. A
 * carbon-intensity:// read describes its region as a row of get_regional_comparison does: --intensity and --pue
 * state the figures of the server's region (--region, else the configured one), not of each region read.
 */
export function runContext(rc: ResourceContext, opts: ReadOptions = {}): RunContext {
  return createRunContext(rc.deps.settings, {
    warn: (m) => rc.deps.log.warn(m),
    signal: opts.signal,
    snapshot: () =>
      rc.snapshot(opts.signal).catch((err: unknown) => {
        opts.onMetricsError?.(err);
        throw err;
      }),
  });
}

/**
 * Runs a reader and answers with its JSON. Its lookup errors (UsageError, InputError) are -32002;
 * the same error types raised while reading the metrics are not about the URI, so they are internal.
 */
async function read(
  rc: ResourceContext,
  uri: string,
  opts: ReadOptions,
  reader: (ctx: RunContext) => Promise<unknown>,
): Promise<ReadResourceResult> {
  const fromMetrics = new WeakSet<object>();
  const ctx = runContext(rc, {
    ...opts,
    onMetricsError: (err) => {
      if (typeof err === 'object' && err !== null) fromMetrics.add(err);
    },
  });
  try {
    return json(uri, await reader(ctx));
  } catch (err) {
    if (err instanceof McpError) throw err;
    if ((err instanceof UsageError || err instanceof InputError) && !fromMetrics.has(err)) {
      // In the client's words: tool and parameter names, not the CLI's commands and flags.
      throw notFound(uri, mcpErrorText(describeError(err), { options: [] }, SPECS));
    }
    throw internalError(describeError(err), { uri });
  }
}

// ---------------------------------------------------------------------------------------------
// compliance-standards://{jurisdiction}/{standard_code}

function registerStandards(server: McpServer, rc: ResourceContext): void {
  const template = new ResourceTemplate(STANDARD_TEMPLATE, {
    list: async () => ({
      resources: (await listStandardCodes(runContext(rc))).map(
        (s): Resource => ({
          uri: standardUri(s.code, s),
          name: s.code,
          title: s.name,
          description: `${s.legal_status} (${s.jurisdiction}): ${s.instrument}`,
          mimeType: JSON_MIME,
        }),
      ),
    }),
    complete: {
      jurisdiction: async (value) =>
        complete(
          (await listStandardCodes(runContext(rc))).map((s) => jurisdictionSlug(s.jurisdiction)),
          value,
        ),
      standard_code: async (value, ctx) => {
        const j = ctx?.arguments?.jurisdiction;
        const standards = (await listStandardCodes(runContext(rc))).filter(
          (s) => !j || jurisdictionMatches(s.jurisdiction, j),
        );
        return complete(
          standards.map((s) => s.code),
          value,
        );
      },
    },
  });
  server.registerResource(
    'compliance-standards',
    template,
    {
      title: 'Compliance standards',
      description:
        'A standard kcarbon checks against (law, regulation, label or reference value): its checks, limits with ' +
        'their sources and dates, and the limits in force today. compliance-standards://korea/KR_CARBON_2050 as in ' +
        'the original; resources/list names every standard.',
      mimeType: JSON_MIME,
    },
    async (uri, vars) => {
      const jurisdiction = variable(vars, 'jurisdiction', uri.href);
      const code = variable(vars, 'standard_code', uri.href);
      return read(rc, uri.href, {}, async (ctx) => {
        const { code: canonical, ...standard } = await standardResource(ctx, code);
        const canonicalUri = standardUri(canonical, standard);
        if (!jurisdictionMatches(standard.jurisdiction, jurisdiction)) {
          throw notFound(
            uri.href,
            `standard '${canonical}' belongs to jurisdiction ${standard.jurisdiction}, not '${jurisdiction}'; read ${canonicalUri}`,
          );
        }
        return { code: canonical, uri: canonicalUri, ...standard };
      });
    },
  );
}

// ---------------------------------------------------------------------------------------------
// carbon-intensity://{region}

function regionSummary(r: RegionListing): string {
  return `${r.name}: ${r.intensity.value} ${r.intensity.unit} (${r.intensity.basis}, ${r.intensity.year}), PUE ${r.pue}`;
}

function registerIntensity(server: McpServer, rc: ResourceContext): void {
  const template = new ResourceTemplate(INTENSITY_TEMPLATE, {
    list: async () => ({
      resources: (await listRegionCodes(runContext(rc))).map(
        (r): Resource => ({
          uri: intensityUri(r.code),
          name: r.code,
          title: `${r.name} (${r.provider})`,
          description: regionSummary(r),
          mimeType: JSON_MIME,
        }),
      ),
    }),
    complete: {
      region: async (value) =>
        complete(
          (await listRegionCodes(runContext(rc))).map((r) => r.code),
          value,
        ),
    },
  });
  server.registerResource(
    'carbon-intensity',
    template,
    {
      title: 'Grid carbon intensity of a cloud region',
      description:
        "A region's annual grid carbon intensity (gCO2e/kWh, with source, year and basis), its PUE figure, its " +
        'hour-of-day profile scaled to the annual intensity, the official national factors of its country (source, ' +
        'publication date, which one --basis official uses), the basis runs use by default, and the live figure of ' +
        'the configured grid provider (provider, signal, basis, timestamp) or why there is none, with the ' +
        'attribution the data requires.',
      mimeType: JSON_MIME,
    },
    async (uri, vars) => {
      const region = variable(vars, 'region', uri.href);
      return read(rc, uri.href, {}, (ctx) => intensityResource(ctx, region));
    },
  );
}

// ---------------------------------------------------------------------------------------------
// workload-metrics://{namespace}/{pod_name}

function registerWorkloadMetrics(server: McpServer, rc: ResourceContext): void {
  const { log } = rc.deps;
  /** Listings and completions offer nothing (and log why) when the metrics cannot be read. */
  const orNothing = async <T>(what: (ctx: RunContext) => Promise<T[]>): Promise<T[]> => {
    try {
      return await what(runContext(rc));
    } catch (err) {
      log.warn(`workload-metrics: ${describeError(err)}`);
      return [];
    }
  };
  const template = new ResourceTemplate(METRICS_TEMPLATE, {
    list: async () => {
      return {
        resources: (await orNothing((ctx) => listPods(ctx))).map(
          (p: PodListing): Resource => ({
            uri: metricsUri(p.namespace, p.pod),
            name: `${p.namespace}/${p.pod}`,
            description: `${round(p.power_watts, 3)} W on ${p.node}, ${p.state}`,
            mimeType: JSON_MIME,
          }),
        ),
      };
    },
    complete: {
      namespace: async (value) => complete(await orNothing(listNamespaces), value),
      pod_name: async (value, ctx) => {
        const ns = ctx?.arguments?.namespace || undefined;
        const pods = await orNothing((c) => listPods(c, ns));
        return complete(
          pods.flatMap((p) => [p.pod, p.workload]),
          value,
        );
      },
    },
  });
  server.registerResource(
    'workload-metrics',
    template,
    {
      title: 'Kepler metrics of a pod or workload',
      description:
        "A pod's Kepler figures: watts and joules per RAPL zone, containers, node and state. A workload name " +
        '(Deployment, Job, StatefulSet...) lists its pods with their sum.',
      mimeType: JSON_MIME,
    },
    async (uri, vars, extra: Extra) => {
      const namespace = variable(vars, 'namespace', uri.href);
      const name = variable(vars, 'pod_name', uri.href);
      return read(rc, uri.href, { signal: extra.signal }, (ctx) =>
        workloadMetricsResource(ctx, namespace, name).catch((err: unknown) => {
          throw inUriTerms(err, name);
        }),
      );
    },
  );
}

/**
 * A workload found in another namespace: the hint names the resource to read (its namespace is in the URI), not
 * the `namespace` parameter a tool would take.
 */
function inUriTerms(err: unknown, name: string): unknown {
  if (!(err instanceof InputError) || err.hintMsg?.code !== 'workloadElsewhere') return err;
  const [namespaces, first] = err.hintMsg.params as [string, string];
  return new InputError(
    err.msg ?? err.message,
    msg('workloadElsewhereUri', namespaces, metricsUri(first, name)),
  );
}

export function registerResources(server: McpServer, deps: McpDeps): void {
  const rc = resourceContext(deps);
  registerStandards(server, rc);
  registerIntensity(server, rc);
  registerWorkloadMetrics(server, rc);
}
