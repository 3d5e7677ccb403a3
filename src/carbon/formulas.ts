/**
 * The formulas of README "Methodology", as pure functions. Units are in the names.
 * Location-based emissions as in the SCI specification: E (kWh, incl. facility overhead) x I (g/kWh).
 */

/** kWh = J / 3.6e6 */
export const JOULES_PER_KWH = 3_600_000;

/** A month is 730 h everywhere in kcarbon (8760 h / 12). */
export const HOURS_PER_MONTH = 730;

/** energy kWh = W x h / 1000 */
export function energyKwh(watts: number, hours: number): number {
  return (watts * hours) / 1000;
}

/** facility energy = IT energy x PUE */
export function facilityKwh(itKwh: number, pue: number): number {
  return itKwh * pue;
}

/** emissions g = facility kWh x grid intensity (g/kWh) */
export function emissionsGrams(facilityEnergyKwh: number, intensityGPerKwh: number): number {
  return facilityEnergyKwh * intensityGPerKwh;
}

/** g CO2e per hour of running at `watts`. */
export function hourlyEmissionsGrams(watts: number, pue: number, intensity: number): number {
  return emissionsGrams(facilityKwh(energyKwh(watts, 1), pue), intensity);
}

/** kg CO2e per 730 h month. */
export function monthlyEmissionsKg(watts: number, pue: number, intensity: number): number {
  return (hourlyEmissionsGrams(watts, pue, intensity) * HOURS_PER_MONTH) / 1000;
}

/** A workload's carbon intensity per kWh of IT energy: grid intensity x PUE. */
export function effectiveIntensity(gridIntensity: number, pue: number): number {
  return gridIntensity * pue;
}

/** Gap to a limit in percent: (value - limit) / limit x 100; positive = over the limit. */
export function gapPercent(value: number, limit: number): number {
  return ((value - limit) / limit) * 100;
}

/** Combined reduction of independent fractional reductions: 1 - (1 - r1)(1 - r2)... in [0, 1). */
export function combineReductions(reductions: readonly number[]): number {
  return 1 - reductions.reduce((acc, r) => acc * (1 - clampFraction(r)), 1);
}

export function clampFraction(r: number): number {
  if (!Number.isFinite(r) || r < 0) return 0;
  return Math.min(r, 1);
}
