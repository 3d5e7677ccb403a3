/**
 * The config's light pieces: units, bounds and the small enums that commands' inputs and outputs use. Apart
 * from the config file schemas (schema.ts), which build a few hundred zod objects and are imported only when
 * config is validated: a CLI run on the built-in config its build validated never needs them (about 5 ms).
 */
import { z } from 'zod';

export const INTENSITY_UNIT = 'gCO2e/kWh';
export const PUE_UNIT = 'ratio';
/** Sanity bounds: a PUE below 1 is impossible, above 5 is almost certainly a typo. */
export const PUE_MIN = 1;
export const PUE_MAX = 5;
/**
 * Sanity bound on a grid carbon intensity: about twice the most carbon-intensive generation there is (coal's
 * lifecycle emissions reach some 1,000 gCO2e/kWh: IPCC AR5 WGIII Annex III, 2014; the dirtiest national grids
 * average under 1,000: Electricity Maps, 2024), so a larger figure is a typo or a unit mistake (kg, lb).
 */
export const INTENSITY_MAX = 2000;

/**
 * Bounds of a power or emissions figure a user states (a budget's watts or kg CO2e a month, a hotspot threshold):
 * 1 uW / 1 mg to 1 GW / a million tonnes a month, beyond any cluster. Outside them a gap to the figure (value /
 * limit) or a rounding of it is no longer a finite number.
 */
export const STATED_FIGURE_MIN = 1e-6;
export const STATED_FIGURE_MAX = 1e9;

/** Keys that describe where a figure comes from rather than what it says (schema.ts's provenance fields). */
export const PROVENANCE_KEYS = ['year', 'source', 'licence', 'attribution', 'note', 'origin'] as const;

/** Live grid providers (`--grid`); `offline` = the profiles and annual figures in config/ only. */
export const GridChoiceSchema = z.enum(['offline', 'electricitymaps', 'carbon-aware-sdk', 'watttime']);
export type GridChoiceName = z.infer<typeof GridChoiceSchema>;

/** How much a failing check weighs in the gate (`--fail-on`), and its SARIF level / JUnit failure type. */
export const SeveritySchema = z.enum(['error', 'warning']);
export type Severity = z.infer<typeof SeveritySchema>;

/** Budgets are judged as checks of a standard of this code (config `severity` and `exceptions` name it). */
export const BUDGET_STANDARD = 'BUDGET';
/** The budget checks: a workload's or namespace's power and monthly emissions (src/carbon/checks.ts). */
export const BUDGET_CHECK_IDS = ['max-watts', 'max-kg-month'] as const;

/**
 * Whether a check's limit is one a value can meet and a gap can be measured to: a PUE a facility can have, an
 * intensity above 0 (0 would fail every grid on Earth and divide the gap by zero). Config files and the env
 * variables that replace a limit are held to it alike.
 */
export function limitInRange(metric: 'pue' | 'carbon_intensity', value: number): boolean {
  return metric === 'pue' ? value >= PUE_MIN && value <= PUE_MAX : value > 0 && value <= INTENSITY_MAX;
}
