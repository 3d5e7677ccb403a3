/**
 * MCP resources: the original three URI schemes, as templates with list and completion callbacks.
 *
 * - `compliance-standards://{jurisdiction}/{standard_code}`: every standard in the config
 *   (`korea/KR_CARBON_2050` as in the original; the ISO code, e.g. `kr/...`, works too).
 * - `carbon-intensity://{region}`: grid intensity and PUE figures with their sources, and the
 *   hour-of-day profile scaled to the annual figure.
 * - `workload-metrics://{namespace}/{pod_name}`: one pod's Kepler figures, or every pod of a workload.
 *
 * Values are looked up in the server's config and metrics only; a URI never names a file or URL.
 */

import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ReadResourceResult, Resource } from '@modelcontextprotocol/sdk/types.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { scaleProfile } from '../carbon/profile.js';
import {
  checkLimitAt,
  getProfile,
  getRegion,
  getStandard,
  type KcarbonConfig,
  listRegions,
  listStandards,
  loadConfig,
  type Region,
  type Standard,
} from '../config/index.js';
import { describeError, KcarbonError } from '../errors.js';
import { metricsInfo } from '../kepler/metrics-info.js';
import type { KeplerSnapshot, PodEnergy } from '../kepler/model.js';
import { podPower } from '../kepler/power.js';
import { findWorkload, podMatches, workloadOf } from '../kepler/workloads.js';
import { round } from '../util/round.js';
import { internalError, resourceNotFound } from './errors.js';
import type { Extra } from './progress.js';
import type { McpDeps } from './types.js';

export const STANDARD_TEMPLATE = 'compliance-standards://{jurisdiction}/{standard_code}';
export const INTENSITY_TEMPLATE = 'carbon-intensity://{region}';
export const METRICS_TEMPLATE = 'workload-metrics://{namespace}/{pod_name}';

const JSON_MIME = 'application/json';
const MAX_COMPLETIONS = 100;

// ---------------------------------------------------------------------------------------------
// Jurisdictions

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

function json(uri: string, body: unknown): ReadResourceResult {
  return { contents: [{ uri, mimeType: JSON_MIME, text: JSON.stringify(body, null, 2) }] };
}

/** Completion values: unique, starting with `prefix` (case-insensitive), sorted, at most 100. */
export function complete(values: Iterable<string>, prefix: string): string[] {
  const p = prefix.toLowerCase();
  return [...new Set(values)]
    .filter((v) => v.toLowerCase().startsWith(p))
    .sort()
    .slice(0, MAX_COMPLETIONS);
}

function roundValues(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, round(v)]));
}

/** Lookups throw "not found" themselves; anything else (unreachable metrics, a bad config) is internal. */
function asResourceError(err: unknown, uri: string): McpError {
  if (err instanceof McpError) return err;
  return internalError(describeError(err), { uri });
}

export interface ResourceContext {
  deps: McpDeps;
  /** Config as the server loads it, with an optional region override (as the tools do). */
  config(region?: string): Promise<KcarbonConfig>;
  snapshot(signal?: AbortSignal): Promise<KeplerSnapshot>;
}

export function resourceContext(deps: McpDeps): ResourceContext {
  const { settings } = deps;
  return {
    deps,
    config: (region) =>
      loadConfig({
        configPath: settings.configPath,
        env: settings.env,
        overrides: { ...settings.overrides, ...(region === undefined ? {} : { region }) },
        now: settings.at ?? new Date(),
      }),
    snapshot: (signal) => deps.cache.get(signal),
  };
}

// ---------------------------------------------------------------------------------------------
// compliance-standards://{jurisdiction}/{standard_code}

export function standardUri(code: string, standard: Standard): string {
  return `compliance-standards://${jurisdictionSlug(standard.jurisdiction)}/${code}`;
}

export async function readStandard(rc: ResourceContext, uri: string, jurisdiction: string, code: string) {
  const config = await rc.config();
  let standard: Standard;
  try {
    standard = getStandard(config, code);
  } catch (err) {
    throw notFound(uri, describeError(err));
  }
  const canonical = Object.keys(config.standards).find((k) => config.standards[k] === standard) ?? code;
  if (!jurisdictionMatches(standard.jurisdiction, jurisdiction)) {
    throw notFound(
      uri,
      `standard '${canonical}' belongs to jurisdiction ${standard.jurisdiction}, not '${jurisdiction}'; read ${standardUri(canonical, standard)}`,
    );
  }
  const at = rc.deps.settings.at ?? new Date();
  return json(uri, {
    code: canonical,
    uri: standardUri(canonical, standard),
    ...standard,
    limits_in_force: {
      on: at.toISOString().slice(0, 10),
      checks: standard.checks.flatMap((c) =>
        c.metric === 'report'
          ? []
          : [
              {
                id: c.id,
                metric: c.metric,
                limit: checkLimitAt(c, at) ?? null,
                unit: c.max.unit,
                comparison: c.comparison ?? '<=',
              },
            ],
      ),
    },
  });
}

function registerStandards(server: McpServer, rc: ResourceContext): void {
  const template = new ResourceTemplate(STANDARD_TEMPLATE, {
    list: async () => {
      const config = await rc.config();
      return {
        resources: listStandards(config).map(
          (s): Resource => ({
            uri: standardUri(s.code, s),
            name: s.code,
            title: s.name,
            description: `${s.legalStatus} (${s.jurisdiction}): ${s.instrument}`,
            mimeType: JSON_MIME,
          }),
        ),
      };
    },
    complete: {
      jurisdiction: async (value) =>
        complete(
          listStandards(await rc.config()).map((s) => jurisdictionSlug(s.jurisdiction)),
          value,
        ),
      standard_code: async (value, ctx) => {
        const j = ctx?.arguments?.jurisdiction;
        const standards = listStandards(await rc.config()).filter(
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
      try {
        return await readStandard(
          rc,
          uri.href,
          variable(vars, 'jurisdiction', uri.href),
          variable(vars, 'standard_code', uri.href),
        );
      } catch (err) {
        throw asResourceError(err, uri.href);
      }
    },
  );
}

// ---------------------------------------------------------------------------------------------
// carbon-intensity://{region}

function regionSummary(r: Region): string {
  return `${r.name}: ${r.intensity.value} ${r.intensity.unit} (${r.intensity.basis}, ${r.intensity.year}), PUE ${r.pue.value}`;
}

export async function readIntensity(rc: ResourceContext, uri: string, code: string) {
  let config: KcarbonConfig;
  let region: Region;
  try {
    config = await rc.config(code);
    region = getRegion(config, code);
  } catch (err) {
    if (err instanceof KcarbonError && err.name === 'UsageError') throw notFound(uri, describeError(err));
    throw err;
  }
  const canonical = Object.keys(config.regions).find((k) => config.regions[k] === region) ?? code;
  const profile = region.profile === undefined ? undefined : getProfile(config, region.profile);
  const attribution = new Set<string>();
  for (const a of [region.intensity.attribution, region.pue.attribution, profile?.attribution]) {
    if (a) attribution.add(a);
  }
  let hourly: Record<string, unknown> | null = null;
  if (profile) {
    const scaled = scaleProfile(profile.hourly, region.intensity.value);
    const min = Math.min(...scaled);
    const max = Math.max(...scaled);
    hourly = {
      id: region.profile,
      zone: profile.zone,
      time_zone: profile.timeZone,
      utc_offset_hours: profile.utcOffsetHours,
      unit: profile.unit,
      basis: region.intensity.basis,
      method:
        "I(h) = annual intensity x profile[h] / mean(profile): the profile gives the shape of a typical day in local standard time, the region's annual figure its level, basis and year",
      scaled_to: region.intensity.value,
      gCO2eq_kWh_by_local_hour: scaled.map((v) => round(v, 1)),
      cleanest_hours: scaled.flatMap((v, h) => (v - min < 1e-9 ? [h] : [])),
      dirtiest_hours: scaled.flatMap((v, h) => (max - v < 1e-9 ? [h] : [])),
      shape: {
        basis: profile.basis,
        year: profile.year,
        source: profile.source,
        ...(profile.licence ? { licence: profile.licence } : {}),
        ...(profile.attribution ? { attribution: profile.attribution } : {}),
        ...(profile.note ? { note: profile.note } : {}),
      },
      ...(profile.basis !== region.intensity.basis
        ? {
            note: `profile shape basis ${profile.basis} differs from the annual figure's ${region.intensity.basis}`,
          }
        : {}),
    };
  }
  return json(uri, {
    region: canonical,
    region_name: region.name,
    provider: region.provider,
    location: region.location,
    country: region.country,
    time_zone: region.timeZone,
    grid_zone: region.gridZone,
    carbon_intensity: region.intensity,
    pue: region.pue,
    ...(region.alternatives ? { alternatives: region.alternatives } : {}),
    hourly_profile: hourly,
    attribution: [...attribution],
    ...(region.note ? { note: region.note } : {}),
  });
}

function registerIntensity(server: McpServer, rc: ResourceContext): void {
  const template = new ResourceTemplate(INTENSITY_TEMPLATE, {
    list: async () => ({
      resources: listRegions(await rc.config()).map(
        (r): Resource => ({
          uri: `carbon-intensity://${r.code}`,
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
          listRegions(await rc.config()).map((r) => r.code),
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
        "A region's annual grid carbon intensity (gCO2e/kWh, with source, year and basis), its PUE figure, and its " +
        'hour-of-day profile scaled to the annual intensity, with the attribution the data requires.',
      mimeType: JSON_MIME,
    },
    async (uri, vars) => {
      try {
        return await readIntensity(rc, uri.href, variable(vars, 'region', uri.href));
      } catch (err) {
        throw asResourceError(err, uri.href);
      }
    },
  );
}

// ---------------------------------------------------------------------------------------------
// workload-metrics://{namespace}/{pod_name}

function podView(pod: PodEnergy, zones: readonly string[]) {
  const w = workloadOf(pod.name);
  return {
    pod: pod.name,
    namespace: pod.namespace,
    uid: pod.id,
    workload: w.name,
    workload_kind: w.kind,
    node: pod.node,
    state: pod.state,
    in_current_power: pod.state === 'running',
    power_watts: round(podPower(pod, zones)),
    watts_by_zone: roundValues(pod.watts),
    joules_by_zone: roundValues(pod.joules),
    containers: pod.containers.map((c) => ({
      name: c.name,
      id: c.id,
      runtime: c.runtime,
      state: c.state,
      watts_by_zone: roundValues(c.watts),
      joules_by_zone: roundValues(c.joules),
    })),
  };
}

export async function readWorkloadMetrics(
  rc: ResourceContext,
  uri: string,
  namespace: string,
  name: string,
  signal?: AbortSignal,
) {
  const snap = await rc.snapshot(signal);
  const zones = rc.deps.settings.zones;
  const metrics = metricsInfo(snap, zones);
  const pod = snap.pods.find((p) => p.namespace === namespace && p.name === name);
  if (pod) return json(uri, { ...podView(pod, zones), zones: [...zones], metrics });
  const pods = snap.pods
    .filter((p) => p.namespace === namespace && podMatches(p.name, name))
    .sort((a, b) => (a.state === b.state ? a.name.localeCompare(b.name) : a.state === 'running' ? -1 : 1));
  if (pods.length === 0) {
    try {
      findWorkload(snap, name, namespace); // throws the error naming the closest names
    } catch (err) {
      throw notFound(uri, describeError(err));
    }
    throw notFound(uri, `no pod or workload '${name}' in namespace '${namespace}'`);
  }
  const running = pods.filter((p) => p.state === 'running');
  return json(uri, {
    workload: name,
    namespace,
    workload_kind: workloadOf(pods[0]!.name).kind,
    running_pods: running.length,
    terminated_pods: pods.length - running.length,
    ...(running.length > 0
      ? { power_watts: round(running.reduce((s, p) => s + podPower(p, zones), 0)) }
      : { note: 'no running pod: current power unknown (terminated pods keep their last figures)' }),
    zones: [...zones],
    pods: pods.map((p) => podView(p, zones)),
    metrics,
  });
}

function registerWorkloadMetrics(server: McpServer, rc: ResourceContext): void {
  const { log } = rc.deps;
  const snapshotOrNothing = async (): Promise<KeplerSnapshot | undefined> => {
    try {
      return await rc.snapshot();
    } catch (err) {
      log.warn(`workload-metrics: ${describeError(err)}`);
      return undefined;
    }
  };
  const template = new ResourceTemplate(METRICS_TEMPLATE, {
    list: async () => {
      const snap = await snapshotOrNothing();
      const zones = rc.deps.settings.zones;
      return {
        resources: (snap?.pods ?? []).map(
          (p): Resource => ({
            uri: `workload-metrics://${encodeURIComponent(p.namespace)}/${encodeURIComponent(p.name)}`,
            name: `${p.namespace}/${p.name}`,
            description: `${round(podPower(p, zones), 3)} W (${zones.join(' + ')}) on ${p.node}, ${p.state}`,
            mimeType: JSON_MIME,
          }),
        ),
      };
    },
    complete: {
      namespace: async (value) =>
        complete((await snapshotOrNothing())?.pods.map((p) => p.namespace) ?? [], value),
      pod_name: async (value, ctx) => {
        const ns = ctx?.arguments?.namespace;
        const pods = ((await snapshotOrNothing())?.pods ?? []).filter((p) => !ns || p.namespace === ns);
        return complete(
          pods.flatMap((p) => [p.name, workloadOf(p.name).name]),
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
      try {
        return await readWorkloadMetrics(
          rc,
          uri.href,
          variable(vars, 'namespace', uri.href),
          variable(vars, 'pod_name', uri.href),
          extra.signal,
        );
      } catch (err) {
        throw asResourceError(err, uri.href);
      }
    },
  );
}

export function registerResources(server: McpServer, deps: McpDeps): void {
  const rc = resourceContext(deps);
  registerStandards(server, rc);
  registerIntensity(server, rc);
  registerWorkloadMetrics(server, rc);
}
