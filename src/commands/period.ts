/**
 * Periods: `since` / `from` / `to` on assess, compare, list, summary, top and hotspots (CLI --since 24h,
 * --from/--to; the same MCP parameters). With a period a command reads energy per pod and clock hour
 * (ctx.energyHistory) instead of the current power, and runs its usual logic on the period's average power,
 * with the carbon check judging each workload's own hour-weighted intensity.
 */
import { z } from 'zod';
import {
  type AssessSettings,
  type CarbonBasis,
  gridOf,
  gridOnBasis,
  PERIOD_BASIS,
  STEADY_STATE_BASIS,
} from '../carbon/assess.js';
import type { Grid } from '../carbon/grid.js';
import { type PeriodFigures, periodFigures, sliceIntensities, weightedIntensity } from '../carbon/period.js';
import { msg, UsageError } from '../errors.js';
import { type PowerBasis, powerBasis, zonesOf } from '../kepler/basis.js';
import { periodSnapshot } from '../kepler/history.js';
import type { PodEnergy } from '../kepler/model.js';
import {
  addInto,
  makePeriod,
  type Period,
  type PeriodEnergy,
  type PodPeriodEnergy,
  podJoulesBySlice,
} from '../kepler/period.js';
import { groupWorkloads } from '../kepler/workloads.js';
import { compareText } from '../util/compare.js';
import { parseDurationSeconds } from '../util/duration.js';
import { once } from '../util/once.js';
import { parseInstant } from '../util/time.js';
import type { RunSettings } from './context.js';
import type { RunContext } from './types.js';

/** Longest period: a 1 h-step range query stays under Prometheus's 11 000 points. */
export const MAX_PERIOD_DAYS = 400;

export const periodShape = {
  since: z
    .string()
    .min(1)
    .max(32)
    .optional()
    .describe(
      'Period ending at `to`, e.g. 24h or 7d: energy (kWh) and hour-weighted carbon over it instead of current power (history: Prometheus)',
    ),
  from: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('Period start, ISO 8601 with Z or an offset (with `to`; instead of `since`)'),
  to: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('Period end, ISO 8601 with Z or an offset (default: the assessment time)'),
};

export { PERIOD_OPTIONS } from './manifests.js';

export interface PeriodInput {
  since?: string;
  from?: string;
  to?: string;
}

/**
 * A server's settings for one call: its --window and --sample say how it reads current power, and a call asking
 * for a period (any of periodShape's fields) reads history, where they do not apply. (On the CLI, giving both at
 * once is a usage error: kepler/load.ts loadHistory.)
 */
export function serverCallSettings(settings: RunSettings, input: Record<string, unknown>): RunSettings {
  if (!Object.keys(periodShape).some((k) => input[k] !== undefined)) return settings;
  const { windowSeconds: _window, sampleSeconds: _sample, ...source } = settings.source;
  return { ...settings, source };
}

/** The period an input asks for, or undefined. `now` is the assessment time (--at). */
export function resolvePeriod(input: PeriodInput, now: Date): Period | undefined {
  if (input.since === undefined && input.from === undefined) {
    if (input.to !== undefined)
      throw new UsageError(msg('toNeedsStart'), msg('example', '--since 24h --to 2026-01-15T00:00:00Z'));
    return undefined;
  }
  if (input.since !== undefined && input.from !== undefined)
    throw new UsageError(msg('sinceAndFrom'), msg('passOne'));
  const to = input.to !== undefined ? parseInstant(input.to, '--to') : now;
  // A period cannot end after the assessment time: those hours have no energy yet (a minute's leeway for clocks).
  if (to.getTime() > now.getTime() + 60_000)
    throw new UsageError(
      msg('periodInFuture', String(input.to), now.toISOString()),
      msg('periodInFutureHint'),
    );
  const from =
    input.since !== undefined
      ? new Date(
          to.getTime() -
            parseDurationSeconds(input.since, '--since', { unitRequired: true, example: '24h' }) * 1000,
        )
      : parseInstant(input.from!, '--from');
  // A --since beyond the dates a clock can name (99999999999d) leaves no start at all: too long, not backwards.
  if (Number.isNaN(from.getTime()))
    throw new UsageError(msg('periodTooLong', MAX_PERIOD_DAYS), msg('periodShorten'));
  if (!(from < to)) throw new UsageError(msg('periodBackwards', String(input.from), input.to ?? 'now'));
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * 86_400_000)
    throw new UsageError(msg('periodTooLong', MAX_PERIOD_DAYS), msg('periodShorten'));
  return makePeriod(from, to);
}

export const PeriodSchema = once(() =>
  z
    .object({
      from: z.string().describe('Start (ISO 8601, UTC)'),
      to: z.string().describe('End (ISO 8601, UTC)'),
      hours: z.number().describe('Length in hours'),
    })
    .describe('The period the energy figures cover'),
);

/** Fields of a result (or row) over a period. */
export const periodFields = once(() => ({
  energy_kwh: z
    .number()
    .optional()
    .describe('IT energy over the period: Σ of the hourly increases of the joules counters / 3.6e6'),
  average_power_watts: z.number().optional().describe('energy_kwh x 1000 / period hours'),
  emissions_kg: z.number().optional().describe('Σ over clock hours of E_h x PUE x I(h) / 1000'),
  intensity_weighted_gCO2eq_kWh: z
    .number()
    .optional()
    .describe(
      'Σ E_h x I(h) / Σ E_h: the grid intensity the energy was drawn at (what the carbon check judges)',
    ),
}));

/**
 * A scope's totals over a period (summary and top): the period fields less average_power_watts, which these
 * commands give per pod (their total_power_watts is the scope's average power over a period).
 */
export const scopePeriodFields = once(() => {
  const { average_power_watts: _, ...totals } = periodFields();
  return totals;
});

/** A workload's figures over a period (summary and top). */
export const WorkloadEnergySchema = once(() =>
  z.object({
    namespace: z.string(),
    workload: z.string(),
    kind: z.string(),
    pods: z.number(),
    energy_kwh: z.number(),
    average_power_watts: z.number(),
    emissions_kg: z.number(),
    intensity_weighted_gCO2eq_kWh: z.number(),
  }),
);

export interface PeriodRun {
  period: Period;
  energy: PeriodEnergy;
  /** ctx whose snapshot is the period: every pod that drew energy in it, at its average power. */
  ctx: RunContext;
  /** What pod energy sums (components and zones per node), as for power (kepler/basis.ts). */
  basis: PowerBasis;
  byId: Map<string, PodPeriodEnergy>;
}

/** With a period: the history and a run context over it; without: undefined. */
export async function periodRun(input: PeriodInput, ctx: RunContext): Promise<PeriodRun | undefined> {
  const period = resolvePeriod(input, ctx.now);
  if (!period) return undefined;
  const energy = await ctx.energyHistory(period);
  const snap = periodSnapshot(energy);
  // Its warnings (increases left out) are the run's, as a loaded snapshot's are.
  for (const w of snap.warnings) ctx.warn(w);
  const basis = powerBasis(snap, { components: ctx.components, zones: ctx.zones });
  const snapshot = Promise.resolve(snap);
  const basisP = Promise.resolve(basis);
  return {
    period,
    energy,
    basis,
    byId: new Map(energy.pods.map((p) => [p.id, p])),
    ctx: { ...ctx, snapshot: () => snapshot, powerBasis: () => basisP },
  };
}

/** Joules per clock hour of a set of pods: CPU zones of each pod's node + GPU, as the basis selects. */
export function podsJoules(run: PeriodRun, pods: readonly PodEnergy[]): number[] {
  const n = run.energy.slices.length;
  const acc = new Array<number>(n).fill(0);
  const cpu = run.basis.components.includes('cpu');
  const gpu = run.basis.components.includes('gpu');
  for (const p of pods) {
    const h = run.byId.get(p.id);
    if (!h) continue;
    const components = [...(cpu ? zonesOf(run.basis, p.node) : []), ...(gpu ? ['gpu'] : [])];
    addInto(acc, podJoulesBySlice(h, components, n));
  }
  return acc;
}

/**
 * Figures of a set of pods over the period in a region (its I(h) per slice, computed once per grid). With the
 * run's settings, each set's figures also weight the hours of another basis (a standard that states its own):
 * `intensityOn`, each basis' I(h) computed once.
 */
export class PeriodFiguresOf {
  private readonly intensities: number[];
  private readonly onBasis = new Map<string, number[]>();
  constructor(
    readonly run: PeriodRun,
    readonly grid: Grid,
    private readonly settings?: AssessSettings,
  ) {
    this.intensities = sliceIntensities(grid.model, run.energy.slices);
  }
  of(pods: readonly PodEnergy[]): PeriodFigures & { intensityOn?: (choice: string) => number } {
    return this.ofJoules(podsJoules(this.run, pods));
  }
  ofJoules(joules: readonly number[]): PeriodFigures & { intensityOn?: (choice: string) => number } {
    const slices = this.run.energy.slices;
    const f = periodFigures(joules, slices, this.intensities, this.grid.pue, this.run.period);
    const settings = this.settings;
    if (!settings) return f;
    const intensityOn = (choice: string) => {
      let on = this.onBasis.get(choice);
      if (!on) {
        on = sliceIntensities(gridOnBasis(settings, choice).model, slices);
        this.onBasis.set(choice, on);
      }
      return weightedIntensity(f.energyBySlice, slices, on);
    };
    return { ...f, intensityOn };
  }
}

/** The carbon check's basis of a run: hour-weighted over a period, else steady state. */
export function basisName(pr: PeriodRun | undefined): string {
  return pr ? PERIOD_BASIS : STEADY_STATE_BASIS;
}

/**
 * What the carbon check judges over a period: the hour-weighted intensity, and on another basis a standard
 * states, that basis' hours weighted the same way (when the figures were made with the run's settings).
 */
export function periodBasis(f: PeriodFigures & { intensityOn?: (choice: string) => number }): CarbonBasis {
  return {
    intensity: f.weightedIntensity,
    basis: PERIOD_BASIS,
    ...(f.intensityOn ? { intensityOn: f.intensityOn } : {}),
  };
}

/** Workloads of a set of pods with their period figures, highest energy first. */
export function workloadsByEnergy(pods: readonly PodEnergy[], over: PeriodFiguresOf) {
  return groupWorkloads([...pods])
    .map((g) => ({
      namespace: g.namespace,
      workload: g.name,
      kind: g.kind,
      pods: g.pods.length,
      ...periodJson(over.of(g.pods)),
    }))
    .sort(
      (a, b) =>
        b.energy_kwh - a.energy_kwh ||
        compareText(a.namespace, b.namespace) ||
        compareText(a.workload, b.workload),
    );
}

/** One workload's figures over the run's period in the settings' region; undefined without a period. */
export function workloadPeriod(
  pr: PeriodRun | undefined,
  settings: AssessSettings,
  pods: readonly PodEnergy[],
): PeriodFigures | undefined {
  return pr && new PeriodFiguresOf(pr, gridOf(settings), settings).of(pods);
}

/** Pods' energy per node, highest first. */
export function nodesByEnergy(pods: readonly PodEnergy[], over: PeriodFiguresOf) {
  const byNode = new Map<string, PodEnergy[]>();
  for (const p of pods) byNode.set(p.node, [...(byNode.get(p.node) ?? []), p]);
  return [...byNode.entries()]
    .map(([node, list]) => {
      const f = periodJson(over.of(list));
      return { node, pods: list.length, energy_kwh: f.energy_kwh, emissions_kg: f.emissions_kg };
    })
    .sort((a, b) => b.energy_kwh - a.energy_kwh || compareText(a.node, b.node));
}

/** The period and its figures as result fields (rounded as everywhere). */
export function periodJson(f: PeriodFigures) {
  return {
    energy_kwh: f.energyKwh,
    average_power_watts: f.averagePowerWatts,
    emissions_kg: f.emissionsKg,
    intensity_weighted_gCO2eq_kWh: f.weightedIntensity,
  };
}

export function periodUsed(p: Period) {
  return { from: p.from.toISOString(), to: p.to.toISOString(), hours: p.hours };
}
