/**
 * Power -> energy, emissions and compliance for a set of pods (a workload, a pod, a namespace).
 * One function used by every command, so the same pod gets the same answer everywhere.
 */
import type { KcarbonConfig } from '../config/index.js';
import { cpuWatts, type PowerBasis } from '../kepler/basis.js';
import type { KeplerSnapshot, PodEnergy } from '../kepler/model.js';
import { memo } from '../util/memo.js';
import { roundAs } from '../util/round.js';
import { standardIntensities } from './basis.js';
import {
  type BudgetLimits,
  type CheckResult,
  type Figures,
  judgeChecks,
  type metricStatus,
  type SelectedStandard,
  type Status,
} from './checks.js';
import {
  effectiveIntensity,
  energyKwh,
  facilityKwh,
  HOURS_PER_MONTH,
  hourlyEmissionsGrams,
  monthlyEmissionsKg,
} from './formulas.js';
import { type Grid, gridAt } from './grid.js';
import { type IntensityLookup, offlineLookup } from './hourly.js';
import {
  eachOptimization,
  type Optimization,
  type OptimizationInputs,
  type OptimizationState,
} from './optimizations.js';

export interface AssessSettings {
  config: KcarbonConfig;
  at: Date;
  region: string;
  standards: SelectedStandard[];
  durationHours: number;
  targetUtilization: { value: number; source: string };
  /** I(region, hour) of the run: offline, or with a live provider's hours laid over it (live.ts). */
  lookup?: IntensityLookup;
  /** The period of the run (--since/--from/--to): data_used says where each of its hours' figures came from. */
  period?: { from: Date; to: Date };
  /** Deadline (hours) for a forecast-driven temporal shift. */
  withinHours?: number;
}

export function figures(
  powerWatts: number,
  gridIntensity: number,
  pue: number,
  checkIntensity: number = gridIntensity,
): Figures {
  return {
    powerWatts,
    gridIntensity,
    checkIntensity,
    pue,
    effectiveIntensity: effectiveIntensity(gridIntensity, pue),
    hourlyGrams: hourlyEmissionsGrams(powerWatts, pue, gridIntensity),
    // A month holds every hour of the day: judged at the steady-state (or period-weighted) intensity, never
    // at the hour the command runs, so a kg/month budget does not flip with the clock.
    monthlyKg: monthlyEmissionsKg(powerWatts, pue, checkIntensity),
    monthlyFacilityKwh: facilityKwh(energyKwh(powerWatts, HOURS_PER_MONTH), pue),
  };
}

/**
 * CPU usage ratio of the nodes the pods run on, weighted by each pod's CPU power (undefined when Kepler reports
 * none): rightsizing scales the CPU part only, so a GPU pod's GPU power does not make its node's CPU ratio count
 * more.
 */
export function measuredUtilization(
  snap: KeplerSnapshot,
  pods: PodEnergy[],
  basis: PowerBasis,
): number | undefined {
  // Once per snapshot: commands ask it for every workload.
  const ratio = memo(snap, 'node-usage-ratio', () => new Map(snap.nodes.map((n) => [n.name, n.usageRatio])));
  let w = 0;
  let acc = 0;
  const plain: number[] = [];
  for (const p of pods) {
    const u = ratio.get(p.node);
    if (u === undefined || !Number.isFinite(u)) continue;
    const pw = cpuWatts(p, basis);
    w += pw;
    acc += pw * u;
    plain.push(u);
  }
  if (plain.length === 0) return undefined;
  return w > 0 ? acc / w : plain.reduce((a, b) => a + b, 0) / plain.length;
}

/** What the carbon check judged: the workload's hour-weighted intensity, or the daily mean (no history). */
export interface CarbonBasis {
  /** g CO2e/kWh */
  intensity: number;
  basis: string;
  /**
   * The same figure on another basis choice (a standard that states its own, e.g. KR_CARBON_2050: life-cycle),
   * when it is the workload's own (over a period: its energy-weighted mean of that basis' hours). Without it a
   * standard on another basis is judged on that basis' daily mean.
   */
  intensityOn?: (choice: string) => number;
}

export const STEADY_STATE_BASIS = 'steady-state (no history)';
export const PERIOD_BASIS = 'period (hour-weighted)';

export interface Assessment {
  grid: Grid;
  /** What the carbon check judged. */
  basis: CarbonBasis;
  figures: Figures;
  checks: CheckResult[];
  status: Status;
  carbonStatus: ReturnType<typeof metricStatus>;
  pueStatus: ReturnType<typeof metricStatus>;
  targetIntensity?: number;
  targetPue?: number;
  optimizationInputs: OptimizationInputs;
  start: OptimizationState;
}

/** The run's grid context: the region's grid at the assessment time, computed once per settings (= per run). */
const grids = new WeakMap<AssessSettings, Grid>();
export function gridOf(s: AssessSettings): Grid {
  let grid = grids.get(s);
  if (!grid) {
    grid = gridAt(s.config, s.region, s.at, s.lookup, s.period);
    grids.set(s, grid);
  }
  return grid;
}

/**
 * The run's grid on another basis choice, offline (a standard stating its own basis is judged on it), once per
 * settings and choice.
 */
const basisGrids = new WeakMap<AssessSettings, Map<string, Grid>>();
export function gridOnBasis(s: AssessSettings, choice: string): Grid {
  let grids = basisGrids.get(s);
  if (!grids) {
    grids = new Map();
    basisGrids.set(s, grids);
  }
  let grid = grids.get(choice);
  if (!grid) {
    grid = gridAt(s.config, s.region, s.at, offlineLookup(s.config, choice), s.period);
    grids.set(choice, grid);
  }
  return grid;
}

/**
 * The basis the run's figures are on. A live provider's hours on another basis (WattTime's marginal rate, a
 * direct figure) are laid over the run's: the run's figures are then on that basis, and a standard stating its
 * own (KR_CARBON_2050: life-cycle) is judged on the offline figure of its basis, never on the provider's signal.
 */
function runBasisOf(grid: Grid): string {
  const live = grid.model.live?.basis;
  return live !== undefined && live !== grid.used.intensity_basis ? live : grid.used.intensity_basis;
}

/** Check intensities on the bases other standards state, at their daily means: once per settings (= per run). */
const basisIntensities = new WeakMap<AssessSettings, ReturnType<typeof standardIntensities>>();
function basisIntensitiesOf(s: AssessSettings, grid: Grid): ReturnType<typeof standardIntensities> {
  let v = basisIntensities.get(s);
  if (!v) {
    v = standardIntensities(s.standards, runBasisOf(grid), (b) => gridOnBasis(s, b).steadyState);
    basisIntensities.set(s, v);
  }
  return v;
}

/**
 * Per workload only what is the workload's: its power, budget and basis. The grid and the checks that
 * depend only on region, hour and standards come from the run's grid context (gridOf, evaluateChecks' plan).
 */
export function assessPower(
  powerWatts: number,
  s: AssessSettings,
  opts: {
    budget?: BudgetLimits;
    utilization?: number;
    basis?: CarbonBasis;
    /** GPU part of powerWatts (W): CPU rightsizing leaves it as is. */
    gpuWatts?: number;
  } = {},
): Assessment {
  const grid = gridOf(s);
  // Without history a workload is judged as running steadily through the day: the daily mean of I(h).
  const basis = opts.basis ?? { intensity: grid.steadyState, basis: STEADY_STATE_BASIS };
  const f: Figures = {
    ...figures(powerWatts, grid.atTime, grid.pue, basis.intensity),
    // Standards stating another basis are judged on that basis' figure for the workload (over a period: its own
    // hours), else on that basis' daily mean (flat for an official factor).
    ...(basis.intensityOn
      ? standardIntensities(s.standards, runBasisOf(grid), basis.intensityOn)
      : basisIntensitiesOf(s, grid)),
  };
  const judged = judgeChecks(s.standards, f, limitsAt(s), opts.budget);
  const optimizationInputs: OptimizationInputs = {
    config: s.config,
    at: s.at,
    durationHours: s.durationHours,
    pueTarget: judged.targetPue,
    measuredUtilization: opts.utilization,
    targetUtilization: s.targetUtilization,
    gpuWatts: opts.gpuWatts,
    ...(s.withinHours !== undefined ? { withinHours: s.withinHours } : {}),
    ...(basis.basis === PERIOD_BASIS ? { periodIntensity: basis.intensity } : {}),
  };
  return {
    grid,
    basis,
    figures: f,
    // Built when read: most rows of a cluster-wide result need only the verdicts.
    get checks() {
      return judged.checks();
    },
    status: judged.status,
    carbonStatus: judged.carbonStatus,
    pueStatus: judged.pueStatus,
    targetIntensity: judged.targetIntensity,
    targetPue: judged.targetPue,
    optimizationInputs,
    start: {
      region: s.region,
      grid,
      intensity: grid.atTime,
      checkIntensity: basis.intensity,
      pue: grid.pue,
      powerWatts,
    },
  };
}

/**
 * When the limits a run judges by are taken: the assessment time, or over a period its last instant (the period is
 * [from, to)): a period is judged by the rules in force when its energy was drawn, so its verdict does not change
 * with the day the command runs (a 2025 period read in 2030 is not held to a 2030 PUE limit).
 */
export function limitsAt(s: Pick<AssessSettings, 'at' | 'period'>): Date {
  return s.period ? new Date(s.period.to.getTime() - 1) : s.at;
}

/**
 * The verdict of any workload without a budget or a period basis of its own: it does not depend on power
 * (only budgets do), so it is judged once per run. What summary needs per pod.
 */
const runStatuses = new WeakMap<AssessSettings, Status>();
export function runStatus(s: AssessSettings): Status {
  let status = runStatuses.get(s);
  if (status === undefined) {
    status = assessPower(0, s).status;
    runStatuses.set(s, status);
  }
  return status;
}

export function recommendedOptimizations(a: Assessment): Optimization[] {
  return eachOptimization(a.start, a.optimizationInputs).sort(
    (x, y) => y.estimated_reduction_percent - x.estimated_reduction_percent,
  );
}

/** One sentence saying what failed and the single biggest lever. */
export function recommendation(a: Assessment, optimizations: Optimization[]): string {
  const failed = a.checks.filter((c) => c.status === 'NON_COMPLIANT');
  const best = optimizations.find((o) => o.applicable);
  const lever = best
    ? ` Largest single reduction: ${best.type} (-${roundAs('%', best.estimated_reduction_percent)} %): ${best.description}.`
    : '';
  if (failed.length === 0) return `COMPLIANT with every selected check.${lever}`;
  const parts = failed.map(
    (c) =>
      `${c.standard} ${c.check}: ${roundAs(c.unit, c.value)} ${c.unit} is ${roundAs('%', c.gap_percent)} % over ${c.limit}`,
  );
  return `NON_COMPLIANT: ${parts.join('; ')}.${lever}`;
}
