/**
 * I(region, hour): the grid intensity of a region for every clock hour, as one pure model per region
 * and run. Offline it is the region's annual figure shaped by its hour-of-day profile (profile.ts);
 * a grid provider (live history or forecast) replaces the clock hours it covers with `withHours`.
 * Everything hour-dependent (the intensity at --at, periods, schedule, temporal_shift) reads this.
 */
import { getProfile, getRegion, type KcarbonConfig } from '../config/index.js';
import { HOUR_MS } from '../kepler/period.js';
import { type AnnualIntensity, annualIntensity } from './basis.js';
import { localHours, mean, scaleProfile } from './profile.js';

export { HOUR_MS };

/** A figure for one UTC clock hour from somewhere other than the offline profile. */
export interface HourFigure {
  /** g CO2e/kWh for the whole clock hour. */
  value: number;
  /** Who supplied it, e.g. `electricitymaps`. */
  provider: string;
  /** average or marginal. */
  signal?: string;
  /** lifecycle, direct or marginal. */
  basis?: string;
  /** history, latest or forecast (the newest kind among the provider's points in the hour). */
  kind?: string;
  /** Start (ISO 8601) of the provider's first figure in the hour: the figure's own timestamp. */
  timestamp?: string;
  /** The provider's zone, location or region. */
  zone?: string;
}

/** What a live provider supplied for a region's model (summary for data_used). */
export interface LiveInfo {
  provider: string;
  zone: string;
  signal: string;
  basis: string;
  fetchedAt: string;
  endpoints: readonly string[];
  notes: readonly string[];
  /** WattTime's signal index (percentile of the current marginal rate). */
  index?: { percent: number; at: string };
}

export interface HourlyIntensity {
  region: string;
  /** The annual figure's choice (lifecycle, official, official:<id>) and the figure itself. */
  intensity: AnnualIntensity;
  /** Annual average intensity (g/kWh). */
  annual: number;
  /** UTC offset of the local standard hours `byLocalHour` is indexed by. */
  utcOffsetHours: number;
  /** Intensity by local standard hour (the profile scaled to the annual figure); undefined = flat annual. */
  byLocalHour?: readonly number[];
  /** Clock hours (key: hour start in ms since the epoch, UTC) whose figure replaces the offline one. */
  hours: ReadonlyMap<number, HourFigure>;
  /** The live provider behind `hours`, when there is one. */
  live?: LiveInfo;
}

/**
 * Whether the live hours are on another basis or signal than the offline figures (a marginal rate beside life-cycle
 * averages): a span mixing the two then compares signals, not hours.
 */
export function liveOnOtherBasis(m: HourlyIntensity): boolean {
  return m.live !== undefined && (m.live.basis !== m.intensity.figure.basis || m.live.signal !== 'average');
}

/** Start (ms) of the UTC clock hour containing t. Every zone kcarbon knows is offset by whole hours... */
export function hourStart(t: number): number {
  return Math.floor(t / HOUR_MS) * HOUR_MS;
}

/** UTC offset (hours, standard time) of an IANA zone: the smaller of January's and July's offsets. */
export function standardOffsetHours(timeZone: string, year: number): number {
  const offset = (month: number) => {
    const d = new Date(Date.UTC(year, month, 1, 12));
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(d);
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
    if (!m) return 0;
    return (m[1] === '-' ? -1 : 1) * (Number(m[2]) + Number(m[3] ?? 0) / 60);
  };
  return Math.min(offset(0), offset(6));
}

/**
 * The offline model of one region: its annual figure on the chosen basis (basis.ts), shaped by its
 * profile when it has one and the figure is not an official (flat) factor.
 */
export function offlineIntensity(
  config: KcarbonConfig,
  regionCode: string,
  year: number,
  choice?: string,
): HourlyIntensity {
  const region = getRegion(config, regionCode);
  const intensity = annualIntensity(config, regionCode, choice);
  const profile = region.profile && intensity.shaped ? getProfile(config, region.profile) : undefined;
  const annual = intensity.figure.value;
  return {
    region: regionCode,
    intensity,
    annual,
    utcOffsetHours: profile ? profile.utcOffsetHours : standardOffsetHours(region.timeZone, year),
    ...(profile ? { byLocalHour: scaleProfile(profile.hourly, annual) } : {}),
    hours: new Map(),
  };
}

/** Where a run gets each region's model from. A grid provider wraps this to add the hours it covers. */
export type IntensityLookup = (regionCode: string, year: number) => HourlyIntensity;

const offlineByConfig = new WeakMap<KcarbonConfig, Map<string, HourlyIntensity>>();

/**
 * The offline lookup of a run: each region's model is built once per config (= once per run) and
 * basis choice (default: the run's, config.defaults.basis).
 */
export function offlineLookup(config: KcarbonConfig, choice?: string): IntensityLookup {
  const cache = offlineByConfig.get(config) ?? new Map<string, HourlyIntensity>();
  offlineByConfig.set(config, cache);
  return (regionCode, year) => {
    const key = `${choice ?? ''}|${regionCode}@${year}`;
    const m = cache.get(key) ?? offlineIntensity(config, regionCode, year, choice);
    cache.set(key, m);
    return m;
  };
}

/** The model with the given clock hours replaced (a grid provider's history or forecast). */
export function withHours(m: HourlyIntensity, figures: Iterable<[number, HourFigure]>): HourlyIntensity {
  const hours = new Map(m.hours);
  for (const [t, f] of figures) hours.set(hourStart(t), f);
  return { ...m, hours };
}

/** I(h): intensity (g/kWh) of the clock hour containing `t` (ms). */
export function intensityAt(m: HourlyIntensity, t: number): number {
  const given = m.hours.get(hourStart(t));
  if (given) return given.value;
  if (!m.byLocalHour) return m.annual;
  // Offsets are whole hours for every profile in config/, so a clock hour is one local hour.
  return m.byLocalHour[Math.floor(localHours(new Date(t), m.utcOffsetHours))]!;
}

/**
 * Daily mean of the offline model: what a workload running steadily through a day is judged on.
 * The profile is scaled to the annual figure, so this is the annual figure (exactly, not a float sum).
 */
export function dailyMean(m: HourlyIntensity, at: number): number {
  if (m.hours.size === 0) return m.annual;
  const day = Array.from({ length: 24 }, (_, i) => intensityAt(m, at - (i + 1) * HOUR_MS));
  return mean(day);
}

/** Consecutive clock hours of a period whose figures come from the same place. */
export interface HourRun {
  /** First hour's start and the last hour's end (ISO 8601, UTC). */
  from: string;
  to: string;
  hours: number;
  /** The provider, or `offline` (the region's annual figure shaped by its profile). */
  source: string;
  signal: string;
  basis: string;
  /** Provider figures: history, latest or forecast. */
  kind?: string;
  zone?: string;
  /** Provider figures: the first hour's own timestamp (each hour's figure is the provider's for that hour). */
  first_timestamp?: string;
}

/** Where each clock hour of [from, to) got its figure: provider or offline, as runs of equal provenance. */
export function hourSources(
  m: HourlyIntensity,
  from: number,
  to: number,
): { hours: number; provider_hours: number; offline_hours: number; runs: HourRun[] } {
  const runs: HourRun[] = [];
  let provided = 0;
  let total = 0;
  for (let h = hourStart(from); h < to; h += HOUR_MS) {
    total++;
    const f = m.hours.get(h);
    if (f) provided++;
    const source = f ? f.provider : 'offline';
    const signal = f ? (f.signal ?? 'average') : 'average';
    const basis = f ? (f.basis ?? 'lifecycle') : m.intensity.figure.basis;
    const last = runs[runs.length - 1];
    if (
      last &&
      last.source === source &&
      last.signal === signal &&
      last.basis === basis &&
      last.kind === f?.kind &&
      Date.parse(last.to) === h
    ) {
      last.to = new Date(h + HOUR_MS).toISOString();
      last.hours++;
      continue;
    }
    runs.push({
      from: new Date(h).toISOString(),
      to: new Date(h + HOUR_MS).toISOString(),
      hours: 1,
      source,
      signal,
      basis,
      ...(f?.kind ? { kind: f.kind } : {}),
      ...(f?.zone ? { zone: f.zone } : {}),
      ...(f?.timestamp ? { first_timestamp: f.timestamp } : {}),
    });
  }
  return { hours: total, provider_hours: provided, offline_hours: total - provided, runs };
}
