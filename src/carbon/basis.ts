/**
 * Which annual intensity a region gets: its configured figure (Electricity Maps life-cycle, shaped by
 * the zone's hour-of-day profile) or its country's official emission factor (flat: official reporting
 * multiplies annual kWh by one factor, so no hour is cleaner than another). Pure: config in, figure out.
 */
import { getRegion, type IntensityFigure, type KcarbonConfig, type OfficialFactor } from '../config/index.js';
import { msg, UsageError } from '../errors.js';

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
    const known = Object.keys(set.factors).sort();
    throw new UsageError(
      msg('unknownFactor', key, country, known.join(', ')),
      msg('factorHint', set.current, known[0] ?? ''),
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

/** The basis regions are compared on (region migration, `regions`), and what that leaves out. */
export interface ComparisonBasis {
  /** The choice every compared figure is on: the run's when every compared region has it, else lifecycle. */
  choice: string;
  /** The basis of the figures compared (lifecycle or direct): the current region's figure on `choice`. */
  figureBasis: string;
  /** Regions whose figure on `choice` is on another basis (e.g. a direct eGRID figure among life-cycle ones). */
  otherBasis: string[];
  /** Why the comparison is not on the run's choice, when it is not. */
  note?: string;
}

/**
 * Figures on different bases are never compared: an official factor (direct emissions, one country) is not
 * set against another region's life-cycle figure. Regions compare on the run's basis choice when every one
 * of them has a figure on it (an official factor for each region's country); otherwise all of them, the
 * current one included, compare on their life-cycle region figures. `regions[0]` is the current region.
 */
export function comparisonBasis(
  config: KcarbonConfig,
  regions: readonly string[],
  runChoice: string,
): ComparisonBasis {
  const current = regions[0]!;
  let choice = runChoice;
  let note: string | undefined;
  if (runChoice !== LIFECYCLE) {
    const lacking = regions.filter((r) => !annualIntensity(config, r, runChoice).official);
    if (lacking.length > 0) {
      choice = LIFECYCLE;
      const lackingCountries = new Set(lacking.map((r) => getRegion(config, r).country));
      const own = annualIntensity(config, current, runChoice);
      const lc = annualIntensity(config, current, LIFECYCLE);
      note =
        `regions compared on the life-cycle basis: ${[...lackingCountries].sort().slice(0, 3).join(', ')}` +
        `${lackingCountries.size > 3 ? ` and ${lackingCountries.size - 3} more countries` : ''} ` +
        `${lackingCountries.size === 1 ? 'has' : 'have'} no ${runChoice} factor in config (config/emission-factors.json), ` +
        `and a direct official factor is not comparable with life-cycle figures, so ${current} counts at its life-cycle ` +
        `${lc.figure.value} g/kWh (${lc.figure.year}), not its ${runChoice} ${own.figure.value}`;
    }
  }
  const figureBasis = annualIntensity(config, current, choice).figure.basis;
  const otherBasis = regions.filter((r) => annualIntensity(config, r, choice).figure.basis !== figureBasis);
  return { choice, figureBasis, otherBasis, ...(note ? { note } : {}) };
}
