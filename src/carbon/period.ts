/**
 * Energy and emissions over a period (README "Methodology", Periods), from joules per clock hour:
 *   E_h (kWh) = J_h / 3.6e6
 *   energy_kwh = Σ E_h                                  (IT energy)
 *   average_power_watts = energy_kwh × 1000 / hours
 *   emissions_kg = Σ E_h × PUE × I(h) / 1000
 *   intensity_weighted = Σ E_h × I(h) / Σ E_h          (the time-weighted mean of I(h) when Σ E_h = 0)
 * I(h) is the region's hourly model (hourly.ts): the same figure at the same hour for every workload.
 */
import type { HourSlice, Period } from '../kepler/period.js';
import { JOULES_PER_KWH } from './formulas.js';
import { type HourlyIntensity, intensityAt } from './hourly.js';

export interface PeriodFigures {
  energyKwh: number;
  averagePowerWatts: number;
  emissionsKg: number;
  /** g CO2e/kWh: what the carbon check judges over a period. */
  weightedIntensity: number;
  /** IT energy (kWh) of each slice: what weights I(h), on any basis (weightedIntensity). */
  energyBySlice: number[];
}

/** Σ E_h and Σ E_h × I(h) over the slices. */
function energySums(
  energyBySlice: readonly number[],
  intensities: readonly number[],
): { kwh: number; weighted: number } {
  let kwh = 0;
  let weighted = 0;
  for (let i = 0; i < energyBySlice.length; i++) {
    kwh += energyBySlice[i]!;
    weighted += energyBySlice[i]! * intensities[i]!;
  }
  return { kwh, weighted };
}

/** Σ E_h × I(h) / Σ E_h from the sums (the time-weighted mean of I(h) when Σ E_h = 0). */
function meanIntensity(
  sums: { kwh: number; weighted: number },
  slices: readonly HourSlice[],
  intensities: readonly number[],
): number {
  if (sums.kwh > 0) return sums.weighted / sums.kwh;
  return (
    slices.reduce((s, x, i) => s + x.hours * intensities[i]!, 0) / slices.reduce((s, x) => s + x.hours, 0)
  );
}

/** Σ E_h × I(h) / Σ E_h over the slices (the time-weighted mean of I(h) when Σ E_h = 0). */
export function weightedIntensity(
  energyBySlice: readonly number[],
  slices: readonly HourSlice[],
  intensities: readonly number[],
): number {
  return meanIntensity(energySums(energyBySlice, intensities), slices, intensities);
}

/** I(h) of each slice of a period (computed once per region and period, shared by every workload). */
export function sliceIntensities(m: HourlyIntensity, slices: readonly HourSlice[]): number[] {
  return slices.map((s) => intensityAt(m, s.start));
}

export function periodFigures(
  joulesBySlice: readonly number[],
  slices: readonly HourSlice[],
  intensities: readonly number[],
  pue: number,
  period: Period,
): PeriodFigures {
  const energyBySlice = slices.map((_, i) => (joulesBySlice[i] ?? 0) / JOULES_PER_KWH);
  const sums = energySums(energyBySlice, intensities);
  return {
    energyKwh: sums.kwh,
    averagePowerWatts: period.hours > 0 ? (sums.kwh * 1000) / period.hours : 0,
    emissionsKg: (sums.weighted * pue) / 1000,
    weightedIntensity: meanIntensity(sums, slices, intensities),
    energyBySlice,
  };
}
