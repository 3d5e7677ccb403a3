/**
 * The data behind the MCP resources, as plain JSON-able values:
 *
 * - `standardResource`: a standard from the registry with the limits in force at the assessment time
 *   (the same rows as the `standards` command);
 * - `intensityResource`: a region's grid intensity and PUE with their sources, and its hour-of-day
 *   profile scaled to the annual figure (the same figures as `gridAt`, which every carbon result uses);
 * - `workloadMetricsResource`: one pod's Kepler figures, or a workload's pods with the power sum of the
 *   shared workload loader (the same figure the workload tools use);
 * - the listings and completions of those resources.
 *
 * Lookups that find nothing throw the usual typed errors (UsageError for an unknown standard or region,
 * InputError for a workload without metrics) with the closest names as the hint; the front end maps
 * them to its own "not found". URIs are the MCP layer's business: nothing here builds one.
 *
 * `intensityResource` reads `ctx.config()` with the run's own region: --pue and --intensity replace that region's
 * figures only, and any other region read keeps its own (as in get_regional_comparison's rows).
 */
import { annualIntensity } from '../carbon/basis.js';
import { gridAt } from '../carbon/grid.js';
import { bestWindows } from '../carbon/profile.js';
import {
  getRegion,
  getStandard,
  type IntensityFigure,
  type KcarbonConfig,
  listRegions,
  listStandards,
  type OfficialFactor,
  type PueFigure,
  type Standard,
} from '../config/index.js';
import { type PowerBasis, zonesOf, zonesUsed } from '../kepler/basis.js';
import { type MetricsInfo, metricsInfo } from '../kepler/metrics-info.js';
import type { PodEnergy, WorkloadState } from '../kepler/model.js';
import { podPower } from '../kepler/power.js';
import { podMatches, podsInScope, workloadOf } from '../kepler/workloads.js';
import { compareText } from '../util/compare.js';
import { type LiveFigure, liveFigure } from './grid-data.js';
import { standardsCommand } from './standards.js';
import type { RunContext } from './types.js';
import { type LoadedWorkload, loadWorkload } from './workload.js';

/** The key `value` is stored under (lookups are case-insensitive), else `fallback`. */
function keyOf<T>(table: Record<string, T>, value: T, fallback: string): string {
  return Object.keys(table).find((k) => table[k] === value) ?? fallback;
}

function roundValues(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v]));
}

// ---------------------------------------------------------------------------------------------
// Standards

export interface LimitInForce {
  id: string;
  metric: string;
  /** null = no limit in force yet (its first threshold is still ahead). */
  limit: number | null;
  unit?: string;
  comparison: string;
}

export type StandardResource = Standard & {
  /** The registry key (the lookup is case-insensitive). */
  code: string;
  limits_in_force: { on: string; checks: LimitInForce[] };
};

/** A standard as the registry holds it, with the limits in force on the assessment day. */
export async function standardResource(ctx: RunContext, code: string): Promise<StandardResource> {
  const config = await ctx.config();
  const standard = getStandard(config, code); // UsageError naming the known standards
  const canonical = keyOf(config.standards, standard, code);
  // The limits in force are the `standards` command's rows: one place decides which threshold applies.
  const row = (await standardsCommand.run({}, ctx)).standards.find((s) => s.code === canonical);
  return {
    code: canonical,
    ...standard,
    limits_in_force: {
      on: ctx.now.toISOString().slice(0, 10),
      checks: (row?.checks ?? []).flatMap((c) =>
        c.metric === 'report'
          ? []
          : [
              {
                id: c.id,
                metric: c.metric,
                limit: c.limit_in_force,
                unit: c.unit,
                comparison: c.comparison ?? '<=',
              },
            ],
      ),
    },
  };
}

export interface StandardListing {
  code: string;
  name: string;
  jurisdiction: string;
  legal_status: string;
  instrument: string;
}

/** Every standard of the registry, sorted by code. */
export async function listStandardCodes(ctx: RunContext): Promise<StandardListing[]> {
  return listStandards(await ctx.config()).map((s) => ({
    code: s.code,
    name: s.name,
    jurisdiction: s.jurisdiction,
    legal_status: s.legalStatus,
    instrument: s.instrument,
  }));
}

// ---------------------------------------------------------------------------------------------
// Grid intensity

export interface HourlyProfileResource {
  id: string;
  zone: string;
  time_zone: string;
  utc_offset_hours: number;
  unit: string;
  basis: string;
  method: string;
  scaled_to: number;
  gCO2eq_kWh_by_local_hour: number[];
  cleanest_hours: number[];
  dirtiest_hours: number[];
  shape: {
    basis: string;
    year: number;
    source: string;
    licence?: string;
    attribution?: string;
    note?: string;
  };
  note?: string;
}

export interface IntensityResource {
  region: string;
  region_name: string;
  provider: string;
  location: string;
  country: string;
  time_zone: string;
  grid_zone: string;
  carbon_intensity: IntensityFigure;
  pue: PueFigure;
  alternatives?: IntensityFigure[];
  /** null = the region has no profile: its annual figure applies at every hour. */
  hourly_profile: HourlyProfileResource | null;
  /** The official national factors of the region's country (--basis official), null when config has none. */
  official_factors: OfficialFactorsResource | null;
  /** The annual figure runs use by default (config defaults.basis / KCARBON_BASIS / --basis). */
  basis_in_force: {
    choice: string;
    value: number;
    unit: string;
    basis: string;
    year: number;
    source: string;
  };
  /** The configured live provider's figure for the hour of the assessment time, or why there is none. */
  live: LiveFigure;
  attribution: string[];
  note?: string;
}

export interface OfficialFactorsResource {
  country: string;
  name: string;
  local_name?: string;
  legal_basis?: string;
  /** The factor `--basis official` uses. */
  current: string;
  factors: Array<OfficialFactor & { id: string; current: boolean }>;
}

/** A country's official factors as config holds them, the current one first, then newest year first. */
function officialFactorsOf(config: KcarbonConfig, country: string): OfficialFactorsResource | null {
  const set = config.officialFactors[country];
  if (!set) return null;
  return {
    country,
    name: set.name,
    ...(set.localName ? { local_name: set.localName } : {}),
    ...(set.legalBasis ? { legal_basis: set.legalBasis } : {}),
    current: set.current,
    factors: Object.entries(set.factors)
      .map(([id, f]) => ({ id, current: id === set.current, ...f }))
      .sort((a, b) => Number(b.current) - Number(a.current) || b.year - a.year || compareText(a.id, b.id)),
  };
}

const SCALING_METHOD =
  "I(h) = annual intensity x profile[h] / mean(profile): the profile gives the shape of a typical day in local standard time, the region's annual figure its level, basis and year";

/** A region's intensity and PUE figures with their sources, and its hourly profile as `gridAt` scales it. */
export async function intensityResource(ctx: RunContext, code: string): Promise<IntensityResource> {
  const config = await ctx.config();
  const grid = gridAt(config, code, ctx.now); // UsageError naming the known regions
  const region = getRegion(config, code);
  const inForce = annualIntensity(config, keyOf(config.regions, region, code));
  const { profile, hourly } = grid;
  const attribution = new Set<string>();
  for (const a of [region.intensity.attribution, region.pue.attribution, profile?.attribution]) {
    if (a) attribution.add(a);
  }
  let hourlyProfile: HourlyProfileResource | null = null;
  if (profile && hourly && region.profile) {
    hourlyProfile = {
      id: region.profile,
      zone: profile.zone,
      time_zone: profile.timeZone,
      utc_offset_hours: profile.utcOffsetHours,
      unit: profile.unit,
      basis: region.intensity.basis,
      method: SCALING_METHOD,
      scaled_to: grid.annual,
      gCO2eq_kWh_by_local_hour: hourly.map((v) => v),
      cleanest_hours: bestWindows(hourly, 1).map((w) => w.startHour),
      // The dirtiest hours are the one-hour windows with the lowest negated intensity.
      dirtiest_hours: bestWindows(
        hourly.map((v) => -v),
        1,
      ).map((w) => w.startHour),
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
  return {
    region: keyOf(config.regions, region, code),
    region_name: region.name,
    provider: region.provider,
    location: region.location,
    country: region.country,
    time_zone: region.timeZone,
    grid_zone: region.gridZone,
    carbon_intensity: region.intensity,
    pue: region.pue,
    ...(region.alternatives ? { alternatives: region.alternatives } : {}),
    hourly_profile: hourlyProfile,
    official_factors: officialFactorsOf(config, region.country),
    basis_in_force: {
      choice: inForce.choice,
      value: inForce.figure.value,
      unit: inForce.figure.unit,
      basis: inForce.figure.basis,
      year: inForce.figure.year,
      source: inForce.figure.source,
    },
    live: await liveFigure(ctx, config, keyOf(config.regions, region, code)),
    attribution: [...attribution],
    ...(region.note ? { note: region.note } : {}),
  };
}

export interface RegionListing {
  code: string;
  name: string;
  provider: string;
  intensity: { value: number; unit: string; basis: string; year: number };
  pue: number;
}

/** Every region of the registry, sorted by code. */
export async function listRegionCodes(ctx: RunContext): Promise<RegionListing[]> {
  return listRegions(await ctx.config()).map((r) => ({
    code: r.code,
    name: r.name,
    provider: r.provider,
    intensity: {
      value: r.intensity.value,
      unit: r.intensity.unit,
      basis: r.intensity.basis,
      year: r.intensity.year,
    },
    pue: r.pue.value,
  }));
}

// ---------------------------------------------------------------------------------------------
// Workload metrics

export interface PodMetrics {
  pod: string;
  namespace: string;
  uid: string;
  workload: string;
  workload_kind: string;
  node: string;
  state: WorkloadState;
  in_current_power: boolean;
  power_watts: number;
  watts_by_zone: Record<string, number>;
  joules_by_zone: Record<string, number>;
  /** GPU power and energy counter (0 for a pod that uses no GPU; power null: unknown, gpu-energy-unknown). */
  gpu_watts: number | null;
  gpu_joules: number;
  containers: {
    name: string;
    id: string;
    runtime: string;
    state: WorkloadState;
    watts_by_zone: Record<string, number>;
    joules_by_zone: Record<string, number>;
  }[];
}

export type PodMetricsResource = PodMetrics & { zones: string[]; metrics: MetricsInfo };

export interface WorkloadMetricsResource {
  workload: string;
  namespace: string;
  workload_kind: string;
  running_pods: number;
  terminated_pods: number;
  /** Sum over the running pods; absent (with `note`) when every pod has terminated. */
  power_watts?: number;
  note?: string;
  zones: string[];
  /** Running pods first, then terminated ones, each by name. */
  pods: PodMetrics[];
  metrics: MetricsInfo;
}

function podMetrics(pod: PodEnergy, basis: PowerBasis): PodMetrics {
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
    power_watts: podPower(pod, basis),
    watts_by_zone: roundValues(pod.watts),
    joules_by_zone: roundValues(pod.joules),
    gpu_watts: pod.gpuUnknown ? null : (pod.gpuWatts ?? 0),
    gpu_joules: pod.gpuJoules ?? 0,
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

const byName = (a: PodEnergy, b: PodEnergy) => compareText(a.name, b.name);

/**
 * A pod's figures when `name` is a pod of `namespace` (running or terminated); otherwise the workload of
 * that name as the shared loader finds it, with its pods and their power sum. A workload whose pods have
 * all terminated has no current power (the loader refuses it); its pods' last figures are still shown.
 */
export async function workloadMetricsResource(
  ctx: RunContext,
  namespace: string,
  name: string,
): Promise<PodMetricsResource | WorkloadMetricsResource> {
  const snap = await ctx.snapshot();
  const basis = await ctx.powerBasis();
  const metrics = metricsInfo(snap, basis);
  const pod = snap.pods.find((p) => p.namespace === namespace && p.name === name);
  if (pod) return { ...podMetrics(pod, basis), zones: [...zonesOf(basis, pod.node)], metrics };

  let loaded: LoadedWorkload;
  try {
    loaded = await loadWorkload({ workload_name: name, namespace }, ctx);
  } catch (err) {
    const ended = podsInScope(snap, namespace, { includeTerminated: true }).filter((p) =>
      podMatches(p.name, name),
    );
    // Unknown names (with the closest ones as hint) and unusable metrics keep the loader's error.
    if (ended.length === 0 || ended.some((p) => p.state === 'running')) throw err;
    ended.sort(byName);
    return {
      workload: name,
      namespace,
      workload_kind: workloadOf(ended[0]!.name).kind,
      running_pods: 0,
      terminated_pods: ended.length,
      note: 'no running pod: current power unknown (terminated pods keep their last figures)',
      zones: zonesUsed(basis),
      pods: ended.map((p) => podMetrics(p, basis)),
      metrics,
    };
  }
  const { workload, power } = loaded;
  const pods = [...[...workload.pods].sort(byName), ...[...workload.terminated].sort(byName)];
  return {
    workload: name,
    namespace,
    workload_kind: workload.kind,
    running_pods: workload.pods.length,
    terminated_pods: workload.terminated.length,
    power_watts: power,
    zones: zonesUsed(basis),
    pods: pods.map((p) => podMetrics(p, basis)),
    metrics,
  };
}

/** Namespaces of every pod Kepler reports (running or terminated), sorted. */
export async function listNamespaces(ctx: RunContext): Promise<string[]> {
  const pods = podsInScope(await ctx.snapshot(), undefined, { includeTerminated: true });
  return [...new Set(pods.map((p) => p.namespace))].sort();
}

export interface PodListing {
  namespace: string;
  pod: string;
  /** The controller name the pod most likely belongs to (its own name if none). */
  workload: string;
  node: string;
  state: WorkloadState;
  power_watts: number;
}

/** Every pod Kepler reports (running or terminated), of one namespace or all, in the snapshot's order. */
export async function listPods(ctx: RunContext, namespace?: string): Promise<PodListing[]> {
  const basis = await ctx.powerBasis();
  return podsInScope(await ctx.snapshot(), namespace, { includeTerminated: true }).map((p) => ({
    namespace: p.namespace,
    pod: p.name,
    workload: workloadOf(p.name).name,
    node: p.node,
    state: p.state,
    power_watts: podPower(p, basis),
  }));
}
