/**
 * Grid carbon intensity and PUE of a region at an assessment time, with the data used.
 * Hourly figures scale the zone's hour-of-day profile to the region's annual intensity
 * (profile.ts), so they keep the annual figure's basis and year.
 */
import { z } from 'zod';
import { getProfile, getRegion, type KcarbonConfig, type Profile } from '../config/index.js';
import { sharedPart } from '../util/memo.js';
import { once } from '../util/once.js';
import {
  dailyMean,
  type HourlyIntensity,
  hourSources,
  hourStart,
  type IntensityLookup,
  intensityAt,
  offlineLookup,
} from './hourly.js';
import { localHours } from './profile.js';

export const FigureUsedSchema = once(() =>
  z.object({
    value: z.number(),
    unit: z.string(),
    basis: z.string().optional(),
    year: z.number(),
    source: z.string(),
    origin: z.string().optional(),
    attribution: z.string().optional(),
    published: z
      .string()
      .optional()
      .describe('Publication date of an official factor (YYYY-MM-DD, or YYYY-MM)'),
    use: z.string().optional().describe('What an official factor is for'),
    note: z.string().optional(),
  }),
);
export type FigureUsed = z.infer<ReturnType<typeof FigureUsedSchema>>;

/** Consecutive clock hours whose figures come from the same place (hourly.ts HourRun). */
export const HourRunSchema = once(() =>
  z.object({
    from: z.string(),
    to: z.string(),
    hours: z.number(),
    source: z.string().describe('The provider, or offline'),
    signal: z.string().describe('average or marginal'),
    basis: z.string().describe('lifecycle, direct or marginal'),
    kind: z.string().optional().describe('history, latest or forecast'),
    zone: z.string().optional(),
    first_timestamp: z.string().optional().describe("The first hour's figure's own timestamp"),
  }),
);

export const GridUsedSchema = once(() =>
  z
    .object({
      region: z.string(),
      region_name: z.string(),
      provider: z.string(),
      intensity_basis: z
        .string()
        .describe(
          'lifecycle (the region figure, Electricity Maps), official or official:<id> (national factor)',
        ),
      annual_intensity: FigureUsedSchema().describe('Annual average grid intensity of the region'),
      intensity_at_time_gCO2eq_kWh: z.number().describe('Grid intensity at the assessment time'),
      figure_at_time: z
        .object({
          source: z.string().describe('offline (config/ data) or the live provider'),
          signal: z.string().describe('average or marginal'),
          basis: z.string().describe('lifecycle, direct or marginal'),
          timestamp: z
            .string()
            .describe("The figure's own time: the provider's data point, or the assessment hour offline"),
          kind: z.string().optional().describe('Live figures: history, latest or forecast'),
          zone: z.string().optional(),
        })
        .describe('Where the intensity at the assessment time came from'),
      live: z
        .object({
          provider: z.string(),
          zone: z.string(),
          signal: z.string(),
          basis: z.string(),
          fetched_at: z.string(),
          hours_covered: z
            .number()
            .describe('Clock hours the provider supplied (they replace the offline figures)'),
          first_hour: z.string().optional(),
          last_hour: z.string().optional(),
          endpoints: z.array(z.string()),
          notes: z.array(z.string()),
          signal_index_percent: z
            .number()
            .optional()
            .describe('WattTime: percentile of the current marginal rate'),
        })
        .optional()
        .describe('The live grid provider behind the hourly figures (--grid)'),
      period_figures: z
        .object({
          hours: z.number().describe('Clock hours of the period'),
          provider_hours: z.number().describe("Hours with the provider's figure"),
          offline_hours: z
            .number()
            .describe('Hours the provider had no figure for: the offline profile and annual figure are used'),
          runs: z
            .array(HourRunSchema())
            .describe('Consecutive hours whose figures come from the same place, in order'),
        })
        .optional()
        .describe("Over a period with a live provider: where each hour's intensity came from"),
      assessed_at: z.string().describe('Assessment time (ISO 8601)'),
      local_hour: z.number().describe('Local standard hour of the assessment time, 0..23'),
      utc_offset_hours: z.number(),
      hourly_profile: z
        .object({ id: z.string(), year: z.number(), source: z.string(), attribution: z.string().optional() })
        .optional()
        .describe('Hour-of-day profile used to scale the annual figure; absent = annual average used'),
      pue: FigureUsedSchema(),
    })
    .describe('The grid and facility data every figure of this result was computed from'),
);
export type GridUsed = z.infer<ReturnType<typeof GridUsedSchema>>;

export interface Grid {
  used: GridUsed;
  /** Region PUE. */
  pue: number;
  /** Annual average intensity (g/kWh). */
  annual: number;
  /** Intensity at the assessment time (g/kWh): I(h) of the hour containing it. */
  atTime: number;
  /** Daily mean of I(h): what a workload running steadily through the day is judged on (= annual offline). */
  steadyState: number;
  /** I(h) of the region for every hour (hourly.ts). */
  model: HourlyIntensity;
  /** 24 hourly intensities (g/kWh) scaled to the annual figure, local standard time; undefined without a profile. */
  hourly?: number[];
  /** Local time of day at the assessment time, fractional hours. */
  localHours: number;
  profile?: Profile;
}

function figureUsed(f: {
  value: number;
  unit: string;
  basis?: string;
  year: number;
  source: string;
  origin?: string;
  attribution?: string;
  published?: string;
  use?: string;
}): FigureUsed {
  return {
    value: f.value,
    unit: f.unit,
    ...(f.basis ? { basis: f.basis } : {}),
    year: f.year,
    source: f.source,
    ...(f.origin ? { origin: f.origin } : {}),
    ...(f.attribution ? { attribution: f.attribution } : {}),
    ...(f.published ? { published: f.published } : {}),
    ...(f.use ? { use: f.use } : {}),
  };
}

/** The hour-of-day profile a grid used, as data_used says it (one shared object per profile in the MCP server). */
function profileUsed(id: string, profile: Profile): NonNullable<GridUsed['hourly_profile']> {
  return sharedPart(profile, `used:${id}`, () => ({
    id,
    year: profile.year,
    source: profile.source,
    ...(profile.attribution ? { attribution: profile.attribution } : {}),
  }));
}

export { standardOffsetHours } from './hourly.js';

function periodFigures(model: HourlyIntensity, period: { from: Date; to: Date }) {
  const s = hourSources(model, period.from.getTime(), period.to.getTime());
  return { hours: s.hours, provider_hours: s.provider_hours, offline_hours: s.offline_hours, runs: s.runs };
}

export function gridAt(
  config: KcarbonConfig,
  regionCode: string,
  at: Date,
  lookup: IntensityLookup = offlineLookup(config),
  period?: { from: Date; to: Date },
): Grid {
  const region = getRegion(config, regionCode);
  const model = lookup(regionCode, at.getUTCFullYear());
  const profile = region.profile && model.byLocalHour ? getProfile(config, region.profile) : undefined;
  const offset = model.utcOffsetHours;
  const hours = localHours(at, offset);
  const annual = model.annual;
  const hourly = model.byLocalHour ? [...model.byLocalHour] : undefined;
  const atTime = intensityAt(model, at.getTime());
  const given = model.hours.get(hourStart(at.getTime()));
  const hourKeys = [...model.hours.keys()].sort((a, b) => a - b);
  return {
    pue: region.pue.value,
    annual,
    atTime,
    steadyState: dailyMean(model, at.getTime()),
    model,
    hourly,
    localHours: hours,
    profile,
    used: {
      region: regionCode,
      region_name: region.name,
      provider: region.provider,
      intensity_basis: model.intensity.choice,
      // What comes from config alone is one shared, frozen object in the MCP server (src/util/memo.ts).
      annual_intensity: sharedPart(model.intensity, 'annual-used', () => ({
        ...figureUsed(model.intensity.figure),
        ...(model.intensity.note ? { note: model.intensity.note } : {}),
      })),
      intensity_at_time_gCO2eq_kWh: atTime,
      figure_at_time: given
        ? {
            source: given.provider,
            signal: given.signal ?? 'average',
            basis: given.basis ?? 'lifecycle',
            timestamp: given.timestamp ?? new Date(hourStart(at.getTime())).toISOString(),
            ...(given.kind ? { kind: given.kind } : {}),
            ...(given.zone ? { zone: given.zone } : {}),
          }
        : {
            source: 'offline',
            signal: 'average',
            basis: model.intensity.figure.basis,
            timestamp: new Date(hourStart(at.getTime())).toISOString(),
          },
      ...(model.live
        ? {
            live: {
              provider: model.live.provider,
              zone: model.live.zone,
              signal: model.live.signal,
              basis: model.live.basis,
              fetched_at: model.live.fetchedAt,
              hours_covered: hourKeys.length,
              ...(hourKeys.length
                ? {
                    first_hour: new Date(hourKeys[0]!).toISOString(),
                    last_hour: new Date(hourKeys[hourKeys.length - 1]!).toISOString(),
                  }
                : {}),
              endpoints: [...model.live.endpoints],
              notes: [...model.live.notes],
              ...(model.live.index ? { signal_index_percent: model.live.index.percent } : {}),
            },
            ...(period ? { period_figures: periodFigures(model, period) } : {}),
          }
        : {}),
      assessed_at: at.toISOString(),
      local_hour: Math.floor(hours),
      utc_offset_hours: offset,
      ...(profile && region.profile
        ? {
            hourly_profile: profileUsed(region.profile, profile),
          }
        : {}),
      pue: sharedPart(region.pue, 'used', () => figureUsed(region.pue)),
    },
  };
}
