/**
 * Which annual intensity a region gets: its configured figure (Electricity Maps life-cycle, shaped by
 * the zone's hour-of-day profile) or its country's official emission factor (flat: official reporting
 * multiplies annual kWh by one factor, so no hour is cleaner than another). Pure: config in, figure out.
 */
import { getRegion, type IntensityFigure, type KcarbonConfig, type OfficialFactor } from '../config/index.js';
import { UsageError } from '../errors.js';

export const LIFECYCLE = 'lifecycle';
export const OFFICIAL = 'official';

export interface AnnualIntensity {
  /** The run's (or standard's) choice: lifecycle, official or official:<id>. */
  choice: string;
  /** The figure used (value in gCO2e/kWh, basis, year, source; official factors add published and use). */
  figure: IntensityFigure & { published?: string; use?: string };
  /** Whether the zone's hour-of-day profile shapes it (false for official factors). */
  shaped: boolean;
  /** `official` or `official:<id>` when the figure is an official factor. */
  official?: { country: string; id: string };
  /** Why the figure is not what was asked for (no official factor for the region's country). */
  note?: string;
}

/** The choice in force: the standard's, else the run's (`--basis`, KCARBON_BASIS, defaults.basis), else lifecycle. */
export function basisChoice(config: KcarbonConfig, standardBasis?: string): string {
  return standardBasis ?? config.defaults.basis ?? LIFECYCLE;
}

/** The official factor `id` (or the current one) of a country, undefined when the country has none. */
export function officialFactor(
  config: KcarbonConfig,
  country: string,
  id?: string,
): { id: string; factor: OfficialFactor } | undefined {
  const set = config.officialFactors[country];
  if (!set) return undefined;
  const key = id ?? set.current;
  const factor = set.factors[key];
  if (!factor) {
    throw new UsageError(
      `unknown official factor '${key}' for ${country}; known: ${Object.keys(set.factors).sort().join(', ')}`,
      `e.g. --basis official (the current ${set.current} factor) or --basis official:${Object.keys(set.factors).sort()[0]}`,
    );
  }
  return { id: key, factor };
}

export function annualIntensity(config: KcarbonConfig, regionCode: string, choice?: string): AnnualIntensity {
  const region = getRegion(config, regionCode);
  const chosen = choice ?? basisChoice(config);
  const configured: AnnualIntensity = { choice: chosen, figure: region.intensity, shaped: true };
  if (chosen === LIFECYCLE) return configured;
  const id = chosen.startsWith(`${OFFICIAL}:`) ? chosen.slice(OFFICIAL.length + 1) : undefined;
  const found = officialFactor(config, region.country, id);
  if (!found) {
    return {
      ...configured,
      note: `no official emission factor for ${region.country} in config (officialFactors); the region's ${region.intensity.basis} figure is used`,
    };
  }
  return {
    choice: chosen,
    figure: found.factor,
    shaped: false,
    official: { country: region.country, id: found.id },
  };
}

/**
 * The intensities the selected standards' carbon checks need besides the run's own: one per basis a
 * standard states (`standard.basis`), computed with `intensityOn` (the same time and place as the run's).
 */
export function standardIntensities(
  standards: ReadonlyArray<{ standard: { basis?: string } }>,
  runBasis: string,
  intensityOn: (choice: string) => number,
): { basis: string; intensityByBasis?: Record<string, number> } {
  const others = [...new Set(standards.map((s) => s.standard.basis))].filter(
    (b): b is string => b !== undefined && b !== runBasis,
  );
  if (others.length === 0) return { basis: runBasis };
  return { basis: runBasis, intensityByBasis: Object.fromEntries(others.map((b) => [b, intensityOn(b)])) };
}
