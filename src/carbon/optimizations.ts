/**
 * Optimizations, computed from data, never constants. Each step changes one factor of
 * emissions = power x PUE x intensity, so its reduction r is exact and combined steps multiply:
 * E' = E x (1 - r1)(1 - r2)...  Steps apply in a fixed order: regional_migration,
 * temporal_shift (on the destination's profile when migrating), pue_improvement, resource_rightsizing.
 */
import { z } from 'zod';
import { getRegion, type KcarbonConfig, listRegions } from '../config/index.js';
import { compareText } from '../util/compare.js';
import { frozen, memo } from '../util/memo.js';
import { once } from '../util/once.js';
import { round } from '../util/round.js';
import { annualIntensity, comparisonBasis } from './basis.js';
import { combineReductions } from './formulas.js';
import { type Grid, gridAt } from './grid.js';
import { HOUR_MS, offlineLookup } from './hourly.js';
import { describeOptimization } from './optimization-text.js';
import { bestWindows, windowAverage } from './profile.js';
import {
  DEFAULT_WITHIN_HOURS,
  deadlineWindows,
  hasForecast,
  nextClockStart,
  utcOffsetLabel,
  zonedClock,
  zonedIso,
} from './window.js';

export const OPTIMIZATION_TYPES = [
  'regional_migration',
  'temporal_shift',
  'pue_improvement',
  'resource_rightsizing',
] as const;
export type OptimizationType = (typeof OPTIMIZATION_TYPES)[number];
export const OptimizationTypeSchema = z.enum(OPTIMIZATION_TYPES);

export const OptimizationSchema = once(() =>
  z.object({
    type: OptimizationTypeSchema,
    description: z.string().describe('For people, in English (the same for every --lang)'),
    params: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .describe(
        "The values the description is built from, with `case` naming which sentence of the type's it is",
      ),
    applicable: z.boolean().describe('false when the data show nothing to gain or no data'),
    estimated_reduction_percent: z.number().describe('Emissions reduction of this step, percent'),
    estimated_new_power_watts: z.number(),
    estimated_new_intensity_gco2_kwh: z
      .number()
      .describe(
        'Grid intensity the optimized figures use (g/kWh): the destination region at the assessment time, or the current intensity scaled by the best/now window ratio',
      ),
    estimated_new_pue: z.number(),
    implementation_complexity: z.enum(['low', 'medium', 'high']),
    basis: z.string().describe('What the estimate rests on (data and assumptions)'),
    target_region: z.string().optional(),
    intensity_basis: z
      .string()
      .optional()
      .describe(
        "regional_migration: the basis both regions' intensities are compared on (the run's, or lifecycle when a compared region has no figure on the run's basis)",
      ),
    window_start_local: z.string().optional(),
    window_end_local: z.string().optional(),
    window_start: z
      .object({ utc: z.string(), local: z.string() })
      .optional()
      .describe("temporal_shift from a forecast: the window's start, in UTC and the region's time zone"),
    window_end: z.object({ utc: z.string(), local: z.string() }).optional(),
    implementation_steps: z.array(z.string()),
  }),
);
export type Optimization = z.infer<ReturnType<typeof OptimizationSchema>>;

export interface OptimizationState {
  region: string;
  grid: Grid;
  /** Grid intensity in force (g/kWh). */
  intensity: number;
  /** Intensity the carbon check judges (g/kWh): hour-weighted over a period, else the daily mean. */
  checkIntensity: number;
  pue: number;
  powerWatts: number;
}

export interface OptimizationInputs {
  config: KcarbonConfig;
  at: Date;
  /** Window length for temporal shifting (hours). */
  durationHours: number;
  /** PUE target (tightest PUE limit in force among the selected standards), if any. */
  pueTarget?: number;
  /** Measured CPU utilisation of the workload's nodes (0..1), if Kepler reports it. */
  measuredUtilization?: number;
  targetUtilization: { value: number; source: string };
  /** GPU part of the workload's power (W); rightsizing CPU requests does not change it. */
  gpuWatts?: number;
  /** Deadline for a forecast-driven temporal shift (hours from `at`; default 24). */
  withinHours?: number;
  /**
   * Over a period: the workload's own hour-weighted intensity, what its runs met. A temporal shift is then
   * weighed against it, not against a run starting now.
   */
  periodIntensity?: number;
}

const COMPLEXITY: Record<OptimizationType, 'low' | 'medium' | 'high'> = {
  temporal_shift: 'low',
  resource_rightsizing: 'medium',
  regional_migration: 'high',
  pue_improvement: 'high',
};

function result(
  type: OptimizationType,
  before: OptimizationState,
  after: OptimizationState,
  text: { description: string; params: Record<string, string | number>; basis: string; steps: string[] },
  extra: Partial<Optimization> = {},
): { optimization: Optimization; before: OptimizationState; state: OptimizationState; reduction: number } {
  // Emissions are power x PUE x intensity: the ratio of the factors is the emissions ratio,
  // and it is defined at 0 W too (0 W is not a special case).
  const factor =
    ((after.pue * after.intensity) / (before.pue * before.intensity)) *
    (before.powerWatts > 0 ? after.powerWatts / before.powerWatts : 1);
  const r = Math.max(0, 1 - factor);
  return {
    reduction: r,
    optimization: {
      type,
      description: text.description,
      params: text.params,
      applicable: r > 0,
      estimated_reduction_percent: r * 100,
      estimated_new_power_watts: after.powerWatts,
      estimated_new_intensity_gco2_kwh: after.intensity,
      estimated_new_pue: after.pue,
      implementation_complexity: COMPLEXITY[type],
      basis: text.basis,
      implementation_steps: text.steps,
      ...extra,
    },
    before,
    state: after,
  };
}

/**
 * The regions a workload in `region` could move to, cheapest (intensity x PUE) first, on one comparison basis.
 * They depend on the region, the PUE target and the run's basis only, not on the workload: worked out once per
 * config and key (hotspots asks for thousands of workloads in a handful of regions).
 */
function migrationCandidates(inp: OptimizationInputs, region: string, runChoice: string) {
  return memo(inp.config, `migration|${region}|${inp.pueTarget ?? ''}|${runChoice}`, () => {
    const pool = listRegions(inp.config).filter(
      (r) => r.code !== region && (inp.pueTarget === undefined || r.pue.value <= inp.pueTarget),
    );
    // Like for like: every region on one basis (basis.ts comparisonBasis), figures of another basis left out.
    const cmp = comparisonBasis(inp.config, [region, ...pool.map((r) => r.code)], runChoice);
    const candidates = pool
      .filter((r) => !cmp.otherBasis.includes(r.code))
      .map((r) => ({
        code: r.code,
        name: r.name,
        annual: annualIntensity(inp.config, r.code, cmp.choice).figure.value,
        pue: r.pue.value,
      }))
      .sort((a, b) => a.annual * a.pue - b.annual * b.pue || compareText(a.code, b.code));
    return frozen({ cmp, candidates });
  });
}

function migration(s: OptimizationState, inp: OptimizationInputs) {
  const runChoice = s.grid.model.intensity.choice;
  const { cmp, candidates } = migrationCandidates(inp, s.region, runChoice);
  // The current region on the comparison basis: its own grid (live hours kept) when that is the run's.
  const onRunBasis = cmp.choice === runChoice;
  const hereGrid = onRunBasis
    ? s.grid
    : gridAt(inp.config, s.region, inp.at, offlineLookup(inp.config, cmp.choice));
  const here: OptimizationState = onRunBasis
    ? s
    : {
        ...s,
        grid: hereGrid,
        intensity: hereGrid.atTime,
        checkIntensity: hereGrid.steadyState * (s.checkIntensity / s.grid.steadyState),
      };
  const best = candidates[0];
  const left = cmp.otherBasis.filter((r) => r !== s.region);
  const basisNote = [
    cmp.note,
    left.length ? `left out, their only figure being on another basis: ${left.join(', ')}` : undefined,
  ]
    .filter(Boolean)
    .join('; ');
  const withNote = (text: string) => (basisNote ? `${text}; ${basisNote}` : text);
  const extra = { intensity_basis: cmp.choice };
  if (!best || best.annual * best.pue >= hereGrid.annual * here.pue) {
    return result(
      'regional_migration',
      s,
      s,
      {
        ...describeOptimization('regional_migration', 'none', {
          region: s.region,
          pue_target: inp.pueTarget,
        }),
        basis: withNote(`annual grid intensity (${cmp.choice}) x PUE of every configured region`),
        steps: [],
      },
      extra,
    );
  }
  // The destination's own intensity at the assessment time (its profile, its local hour), same basis.
  const grid = gridAt(inp.config, best.code, inp.at, offlineLookup(inp.config, cmp.choice));
  if (grid.atTime * best.pue >= here.intensity * here.pue) {
    return result(
      'regional_migration',
      s,
      s,
      {
        ...describeOptimization('regional_migration', 'not-now', {
          target: best.code,
          intensity: round(grid.atTime, 1),
          pue: best.pue,
        }),
        basis: withNote(`intensity (${cmp.choice}) at the assessment time x PUE`),
        steps: [],
      },
      extra,
    );
  }
  // The check's intensity keeps the workload's timing: its ratio to the daily mean, carried to the destination
  // (without history the ratio is 1, so the destination's daily mean).
  const checkIntensity = grid.steadyState * (here.checkIntensity / hereGrid.steadyState);
  const after = { ...here, region: best.code, grid, intensity: grid.atTime, checkIntensity, pue: best.pue };
  return result(
    'regional_migration',
    here,
    after,
    {
      ...describeOptimization('regional_migration', 'move', {
        target: best.code,
        name: best.name,
        pue_target: inp.pueTarget,
        annual: best.annual,
        now: round(grid.atTime, 1),
        pue: best.pue,
      }),
      basis: withNote(
        `annual intensity (${cmp.choice}) x PUE: ${s.region} ${hereGrid.annual} x ${here.pue} vs ${best.code} ${best.annual} x ${best.pue} (${grid.used.annual_intensity.source.split(';')[0]}, ${grid.used.annual_intensity.year})`,
      ),
      steps: [
        `Check data-residency and latency constraints for moving to ${best.code}`,
        `Provision a cluster or node group in ${best.code} and deploy the workload there`,
        'Shift traffic or schedule batch runs to the new region, then scale down the old one',
      ],
    },
    { target_region: best.code, ...extra },
  );
}

/**
 * temporal_shift on the clock up to a deadline: the best window in a grid provider's forecast, or (--within without
 * one) in the offline hour-of-day profile laid on the clock, as schedule's deadline mode.
 */
function temporalFromForecast(s: OptimizationState, inp: OptimizationInputs, forecast: boolean) {
  const within = inp.withinHours ?? DEFAULT_WITHIN_HOURS;
  const found = deadlineWindows(s.grid.model, inp.at.getTime(), inp.durationHours, within);
  const best = found.best[0]!;
  const now = found.now.average;
  const tz = getRegion(inp.config, s.region).timeZone;
  const at = (ms: number) => ({ utc: new Date(ms).toISOString(), local: zonedIso(ms, tz) });
  const profile = s.grid.used.hourly_profile?.id;
  const live = s.grid.used.live;
  const source = found.liveOnly
    ? `${live?.provider} figures (${live?.basis}) beside the offline profile (${s.grid.model.intensity.figure.basis}): only windows on the same figures as a run starting now are compared`
    : forecast
      ? `${live?.provider} forecast (${live?.signal}), offline profile for hours it does not cover`
      : `hour-of-day profile ${profile ? `${profile} ` : ''}on the clock`;
  if (best.average >= now) {
    return result('temporal_shift', s, s, {
      ...describeOptimization('temporal_shift', 'forecast-now', {
        hours: inp.durationHours,
        within,
        region: s.region,
      }),
      basis: source,
      steps: [],
    });
  }
  const ratio = best.average / now;
  const after = { ...s, intensity: s.intensity * ratio, checkIntensity: s.checkIntensity * ratio };
  const start = at(best.startMs);
  const end = at(best.endMs);
  return result(
    'temporal_shift',
    s,
    after,
    {
      ...describeOptimization('temporal_shift', 'forecast-window', {
        start: start.local,
        end: end.local,
        hours: inp.durationHours,
        best: round(best.average, 1),
        now: round(now, 1),
      }),
      basis: `${inp.durationHours} h average over the ${source}; deadline ${within} h`,
      steps: [
        `Start the job at ${start.utc} (${start.local})`,
        'Mark the work as deferrable and queue it for the window',
      ],
    },
    {
      window_start_local: start.local.slice(11, 16),
      window_end_local: end.local.slice(11, 16),
      window_start: start,
      window_end: end,
    },
  );
}

function temporal(s: OptimizationState, inp: OptimizationInputs) {
  // Over a period, what the workload's runs met in the state's region: its own hour-weighted intensity, or after a
  // migration that timing carried to the destination (the state's check intensity), never the origin's figure.
  const period = inp.periodIntensity === undefined ? undefined : s.checkIntensity;
  // A forecast, or a deadline (--within): the best window on the clock up to it, as schedule finds it.
  const forecast = hasForecast(s.grid.model, inp.at.getTime(), inp.durationHours, inp.withinHours);
  if (period === undefined && (forecast || inp.withinHours !== undefined))
    return temporalFromForecast(s, inp, forecast);
  const hourly = s.grid.hourly;
  if (!hourly) {
    return result('temporal_shift', s, s, {
      ...(s.grid.used.intensity_basis === 'lifecycle'
        ? describeOptimization('temporal_shift', 'no-profile', { region: s.region })
        : describeOptimization('temporal_shift', 'official', { basis: s.grid.used.intensity_basis })),
      basis: 'annual average intensity',
      steps: [],
    });
  }
  // Against what the workload's runs met over the period, else against a run starting now.
  const now = period ?? windowAverage(hourly, s.grid.localHours, inp.durationHours);
  const best = bestWindows(hourly, inp.durationHours)[0]!;
  if (best.average >= now) {
    return result('temporal_shift', s, s, {
      ...(period === undefined
        ? describeOptimization('temporal_shift', 'now-best', { hours: inp.durationHours, region: s.region })
        : describeOptimization('temporal_shift', 'period-best', {
            hours: inp.durationHours,
            region: s.region,
            weighted: round(period, 1),
          })),
      basis: `hour-of-day profile ${s.grid.used.hourly_profile?.id}`,
      steps: [],
    });
  }
  const ratio = best.average / now;
  const after = { ...s, intensity: s.intensity * ratio, checkIntensity: s.checkIntensity * ratio };
  // The window's hours are the profile's standard time; a CronJob is set on the region's wall clock (daylight
  // saving time, a half-hour zone): the next start's wall-clock time, with the zone to set it in.
  const tz = getRegion(inp.config, s.region).timeZone;
  const nextMs = nextClockStart(inp.at.getTime(), s.grid.localHours, best.startHour);
  const next = zonedIso(nextMs, tz);
  const start = zonedClock(nextMs, tz);
  const endMs = nextMs + Math.round(inp.durationHours * HOUR_MS);
  const end = zonedClock(endMs, tz);
  // A run of a day or more: its end clock alone reads as a short window (12:00–13:00 for 25 h); the days it ends later.
  const days =
    inp.durationHours >= 24
      ? Math.round(
          (Date.parse(zonedIso(endMs, tz).slice(0, 10)) - Date.parse(next.slice(0, 10))) / (24 * HOUR_MS),
        )
      : undefined;
  return result(
    'temporal_shift',
    s,
    after,
    {
      ...describeOptimization('temporal_shift', period === undefined ? 'window' : 'period-window', {
        start,
        end,
        ...(days ? { days } : {}),
        hours: inp.durationHours,
        best: round(best.average, 1),
        now: round(now, 1),
      }),
      basis: `${inp.durationHours} h rolling average of profile ${s.grid.used.hourly_profile?.id} (${s.grid.used.hourly_profile?.source.split(';')[0]}, ${s.grid.used.hourly_profile?.year}) scaled to the annual intensity`,
      steps: [
        `Schedule the job as a CronJob starting at ${start} (timeZone: ${tz}, ${utcOffsetLabel(next)} on ${next.slice(0, 10)})`,
        'Mark the work as deferrable and queue it for the window',
      ],
    },
    { window_start_local: start, window_end_local: end },
  );
}

function pueImprovement(s: OptimizationState, inp: OptimizationInputs) {
  if (inp.pueTarget === undefined || s.pue <= inp.pueTarget) {
    return result('pue_improvement', s, s, {
      ...(inp.pueTarget === undefined
        ? describeOptimization('pue_improvement', 'no-target', {})
        : describeOptimization('pue_improvement', 'meets', { pue: s.pue, target: inp.pueTarget })),
      basis: 'region PUE against the tightest PUE limit in force',
      steps: [],
    });
  }
  const after = { ...s, pue: inp.pueTarget };
  return result('pue_improvement', s, after, {
    ...describeOptimization('pue_improvement', 'improve', { pue: s.pue, target: inp.pueTarget }),
    basis: 'facility energy = IT energy x PUE; the IT energy is unchanged',
    steps: [
      'Raise supply air temperature within ASHRAE limits and contain hot/cold aisles',
      'Move the workload to a facility or provider region with a PUE at or below the target',
    ],
  });
}

function rightsizing(s: OptimizationState, inp: OptimizationInputs) {
  const t = inp.targetUtilization.value;
  const u = inp.measuredUtilization;
  if (u === undefined) {
    return result('resource_rightsizing', s, s, {
      ...describeOptimization('resource_rightsizing', 'no-data', {}),
      basis: 'needs measured utilisation',
      steps: [],
    });
  }
  if (u >= t) {
    return result('resource_rightsizing', s, s, {
      ...describeOptimization('resource_rightsizing', 'meets', {
        used: round(u * 100, 1),
        target: round(t * 100, 1),
      }),
      basis: `measured node CPU usage ratio; target ${inp.targetUtilization.source}`,
      steps: [],
    });
  }
  // Only the CPU part scales: GPU power follows the GPU work, which right-sizing CPU requests does not change.
  const gpu = Math.min(Math.max(inp.gpuWatts ?? 0, 0), s.powerWatts);
  const after = { ...s, powerWatts: (s.powerWatts - gpu) * (u / t) + gpu };
  const gpuNote =
    gpu > 0
      ? `; the GPU part G = ${round(gpu, 3)} W is left as is (it follows GPU work, not CPU requests)`
      : '';
  return result('resource_rightsizing', s, after, {
    ...describeOptimization('resource_rightsizing', 'rightsize', {
      used: round(u * 100, 1),
      target: round(t * 100, 1),
      gpu_unchanged: gpu > 0 ? 1 : undefined,
    }),
    basis: `assumption: at constant work, CPU power scales with provisioned capacity, so P' = (P - G) x u / t + G (u measured by Kepler, t = ${t} from ${inp.targetUtilization.source})${gpuNote}`,
    steps: [
      'Set CPU/memory requests from observed usage (e.g. VPA recommendations)',
      'Let the cluster autoscaler bin-pack pods and remove the freed nodes',
    ],
  });
}

const STEP: Record<
  OptimizationType,
  (s: OptimizationState, i: OptimizationInputs) => ReturnType<typeof result>
> = {
  regional_migration: migration,
  temporal_shift: temporal,
  pue_improvement: pueImprovement,
  resource_rightsizing: rightsizing,
};

/** Each optimization alone, from the same starting point (what assess recommends). */
export function eachOptimization(start: OptimizationState, inp: OptimizationInputs): Optimization[] {
  return OPTIMIZATION_TYPES.map((t) => STEP[t](start, inp).optimization);
}

/**
 * Each optimization alone from `start`, with the share of the monthly emissions it saves: a month is judged at the
 * check intensity (steady state or the period's), so a migration saves 1 − (I'·PUE')/(I·PUE) of the annual
 * figures, not of the hour's (what `estimated_reduction_percent` says, at the assessment time).
 */
export function eachOptimizationMonthly(
  start: OptimizationState,
  inp: OptimizationInputs,
): { optimization: Optimization; monthlyReduction: number }[] {
  const monthly = (s: OptimizationState) =>
    s.pue * s.checkIntensity * (start.powerWatts > 0 ? s.powerWatts / start.powerWatts : 1);
  return OPTIMIZATION_TYPES.map((t) => {
    const r = STEP[t](start, inp);
    // Against the step's own starting figures: a migration compared on another basis than the run's (an official
    // factor beside life-cycle regions) starts from the current region on that basis, like for like.
    const before = monthly(r.before);
    return {
      optimization: r.optimization,
      monthlyReduction: before > 0 ? Math.max(0, 1 - monthly(r.state) / before) : r.reduction,
    };
  });
}

/** The selected optimizations applied in order; the combined reduction multiplies. */
export function applyOptimizations(
  start: OptimizationState,
  selected: readonly OptimizationType[],
  inp: OptimizationInputs,
): { steps: Optimization[]; final: OptimizationState; combinedReduction: number } {
  let state = start;
  const steps: Optimization[] = [];
  const reductions: number[] = [];
  for (const type of OPTIMIZATION_TYPES) {
    if (!selected.includes(type)) continue;
    const r = STEP[type](state, inp);
    steps.push(r.optimization);
    reductions.push(r.reduction);
    state = r.state;
  }
  return { steps, final: state, combinedReduction: combineReductions(reductions) };
}
