/** `kcarbon schedule WORKLOAD --duration 4h` / calculate_optimal_schedule: the cleanest time to run. */
import { z } from 'zod';
import { gridOf } from '../carbon/assess.js';
import { emissionsGrams, energyKwh, facilityKwh } from '../carbon/formulas.js';
import { HourRunSchema } from '../carbon/grid.js';
import { HOUR_MS, hourSources } from '../carbon/hourly.js';
import { bestWindows, localHours, windowAverage } from '../carbon/profile.js';
import {
  DEFAULT_WITHIN_HOURS,
  deadlineWindows,
  hasForecast,
  nextClockStart,
  offsetHoursLabel,
  utcOffsetLabel,
  zonedClock,
  zonedIso,
} from '../carbon/window.js';
import { getRegion, listRegions, statedBy } from '../config/index.js';
import { InputError, msg } from '../errors.js';
import { tr } from '../i18n/index.js';
import { TEXT_EN } from '../i18n/messages.js';
import { TEXT } from '../i18n/text.js';
import { MetricsInfoSchema, metricsInfo } from '../kepler/metrics-info.js';
import { warning } from '../kepler/model.js';
import type { Style } from '../render/style.js';
import { fmt, keyValues } from '../render/table.js';
import { assessSettings, DataUsedSchema, dataUsed } from './carbon-settings.js';
import {
  checkWithinCoversRun,
  namespaceInput,
  regionInput,
  withinInput,
  workloadNameInput,
} from './common.js';
import { SCHEDULE } from './manifests.js';
import { defineCommand } from './types.js';
import { loadWorkload } from './workload.js';

const input = z.object({
  workload_name: workloadNameInput,
  namespace: namespaceInput,
  duration_hours: z
    .number()
    .positive()
    .max(24)
    .default(4)
    .describe('How long one run takes, in hours (default 4, at most 24)'),
  region: regionInput,
  within_hours: withinInput.describe(
    'Deadline: the run ends within this many hours from now (default 24 with a forecasting grid provider; without one and without a deadline, the typical day is searched)',
  ),
});

const instantSchema = z.object({
  utc: z.string().describe('ISO 8601, UTC'),
  local: z.string().describe("ISO 8601 in the region's time zone"),
});

const windowSchema = z.object({
  start_local: z.string(),
  end_local: z.string(),
  average_gCO2eq_kWh: z.number(),
  start: instantSchema.optional(),
  end: instantSchema.optional(),
  live_share: z
    .number()
    .optional()
    .describe("Share of the window's time covered by the grid provider's figures"),
  hour_sources: z
    .array(HourRunSchema())
    .optional()
    .describe("With a grid provider: where the window's hourly figures came from, as runs of clock hours"),
});

const output = () =>
  z.object({
    workload: z.string(),
    namespace: z.string(),
    region: z.string(),
    duration_hours: z.number(),
    power_watts: z.number(),
    utc_offset_hours: z.number().describe('Local standard time of the profile (no DST)'),
    mode: z
      .enum(['forecast', 'deadline', 'typical-day'])
      .describe(
        "forecast: the grid provider's forecast hours (offline profile where it has none), up to the deadline; deadline: the offline profile on the clock up to --within; typical-day: the best hours of a typical day",
      ),
    within_hours: z.number().nullable().describe('Deadline in hours from now (null = typical day)'),
    time_zone: z.string().describe("The region's IANA time zone"),
    current_start: instantSchema,
    optimal_start: instantSchema,
    optimal_end: instantSchema,
    current_schedule: z.string(),
    current_start_local: z.string(),
    current_end_local: z.string(),
    current_carbon_intensity: z.number().describe('Average grid intensity of a run starting now (g/kWh)'),
    current_emissions_gCO2eq: z.number().describe('Emissions of one run starting now'),
    optimal_schedule: z.string(),
    optimal_start_local: z.string(),
    optimal_end_local: z.string(),
    optimal_windows: z.array(windowSchema).describe('Every start hour with the lowest average (ties kept)'),
    optimal_carbon_intensity: z.number(),
    optimal_emissions_gCO2eq: z.number(),
    reduction_percent: z.number().describe('1 - optimal / current intensity'),
    hours_until_optimal_start: z.number(),
    recommendation: z.string(),
    hourly_profile_gCO2eq_kWh: z
      .array(z.number())
      .length(24)
      .describe('Local hours 0..23, scaled to the annual intensity'),
    metrics: MetricsInfoSchema(),
    data_used: DataUsedSchema(),
  });
export type ScheduleResult = z.infer<ReturnType<typeof output>>;

/**
 * Whether the advice is to wait for the best window: only for a reduction it can show (0.1 % or more), so a window
 * as clean as now (a 24 h run) says "Run now".
 */
const advisesWait = (reductionPercent: number) => reductionPercent >= 0.05;

export const scheduleCommand = defineCommand({
  ...SCHEDULE,
  input,
  output,
  primaryList: 'optimal_windows',
  async run(args, ctx) {
    checkWithinCoversRun(args);
    const { snap, basis, workload: w, power } = await loadWorkload(args, ctx);
    const settings = await assessSettings(
      { region: args.region, duration_hours: args.duration_hours, within_hours: args.within_hours },
      ctx,
    );
    const grid = gridOf(settings);
    const region = getRegion(settings.config, settings.region);
    const fromMs = ctx.now.getTime();
    const forecast = hasForecast(grid.model, fromMs, args.duration_hours, args.within_hours);
    if (
      !forecast &&
      !grid.hourly &&
      grid.used.intensity_basis !== 'lifecycle' &&
      !grid.used.annual_intensity.note
    ) {
      throw new InputError(
        msg('officialNoSchedule', String(grid.used.intensity_basis)),
        msg('officialNoScheduleHint'),
      );
    }
    if (!forecast && !grid.hourly) {
      // A stated figure (--intensity, KCARBON_INTENSITY, a server's setting) is the same at every hour by design.
      const stated = statedBy(grid.used.annual_intensity.origin);
      if (stated !== undefined) {
        throw new InputError(msg('statedIntensityNoSchedule', stated), msg('statedIntensityNoScheduleHint'));
      }
      const withProfile = listRegions(settings.config)
        .filter((r) => r.profile)
        .map((r) => r.code);
      throw new InputError(msg('noProfile', settings.region), msg('noProfileHint', withProfile.join(', ')));
    }
    const d = args.duration_hours;
    const runGrams = (intensity: number) =>
      emissionsGrams(facilityKwh(energyKwh(power, d), grid.pue), intensity);
    const instant = (ms: number) => ({
      utc: new Date(ms).toISOString(),
      local: zonedIso(ms, region.timeZone),
    });
    // Clock times people set a CronJob by are the region's wall clock at that instant (daylight saving time, a
    // half-hour zone), though the profile's hours are its standard time (README: Methodology).
    const localClock = (ms: number) => zonedClock(ms, region.timeZone);
    const zoneAt = (ms: number) => utcOffsetLabel(zonedIso(ms, region.timeZone));
    const start = localClock(fromMs);
    const endNow = localClock(fromMs + Math.round(d * HOUR_MS));
    const tz = zoneAt(fromMs);
    const hourly = grid.hourly ?? Array.from({ length: 24 }, () => grid.annual);

    let mode: 'forecast' | 'deadline' | 'typical-day';
    let now: number;
    let bestAverage: number;
    let bestStartMs: number;
    let windows: z.infer<typeof windowSchema>[];
    if (forecast || args.within_hours !== undefined) {
      mode = forecast ? 'forecast' : 'deadline';
      const found = deadlineWindows(grid.model, fromMs, d, args.within_hours ?? DEFAULT_WITHIN_HOURS);
      if (found.liveOnly && grid.model.live)
        ctx.warn(
          warning('grid-window-basis', {
            provider: grid.model.live.provider,
            basis: grid.model.live.basis,
            offline_basis: grid.model.intensity.figure.basis,
          }),
        );
      now = found.now.average;
      const first = found.best[0]!;
      bestAverage = first.average;
      bestStartMs = first.startMs;
      windows = found.best.map((b) => ({
        start_local: localClock(b.startMs),
        end_local: localClock(b.endMs),
        average_gCO2eq_kWh: b.average,
        start: instant(b.startMs),
        end: instant(b.endMs),
        live_share: b.liveShare,
        ...(grid.model.live ? { hour_sources: hourSources(grid.model, b.startMs, b.endMs).runs } : {}),
      }));
    } else {
      mode = 'typical-day';
      now = windowAverage(hourly, grid.localHours, d);
      const best = bestWindows(hourly, d);
      const first = best.find((b) => b.startHour >= grid.localHours) ?? best[0]!;
      bestAverage = first.average;
      // Each window from its next start on the clock, as its wall-clock time.
      const nextStart = (hour: number) => nextClockStart(fromMs, grid.localHours, hour);
      bestStartMs = nextStart(first.startHour);
      windows = best.map((b) => ({
        start_local: localClock(nextStart(b.startHour)),
        end_local: localClock(nextStart(b.startHour) + Math.round(d * HOUR_MS)),
        average_gCO2eq_kWh: b.average,
      }));
    }
    const bestEndMs = bestStartMs + Math.round(d * HOUR_MS);
    const wait = (bestStartMs - fromMs) / HOUR_MS;
    // Floating-point noise (a window equal to now, summed in another order) is no reduction.
    const raw = now > 0 ? 1 - bestAverage / now : 0;
    const reduction = raw > 1e-9 ? raw : 0;
    const optimalStart = localClock(bestStartMs);
    const optimalEnd = localClock(bestEndMs);
    return {
      workload: w.name,
      namespace: w.namespace,
      region: settings.region,
      duration_hours: d,
      power_watts: power,
      utc_offset_hours: grid.used.utc_offset_hours,
      mode,
      within_hours: mode === 'typical-day' ? null : (args.within_hours ?? DEFAULT_WITHIN_HOURS),
      time_zone: region.timeZone,
      current_start: instant(fromMs),
      optimal_start: instant(bestStartMs),
      optimal_end: instant(bestEndMs),
      current_schedule: TEXT_EN.scheduleNow(start, endNow, tz),
      current_start_local: start,
      current_end_local: endNow,
      current_carbon_intensity: now,
      current_emissions_gCO2eq: runGrams(now),
      optimal_schedule: TEXT_EN.scheduleBest(optimalStart, optimalEnd, zoneAt(bestStartMs)),
      optimal_start_local: optimalStart,
      optimal_end_local: optimalEnd,
      optimal_windows: windows,
      optimal_carbon_intensity: bestAverage,
      optimal_emissions_gCO2eq: runGrams(bestAverage),
      reduction_percent: reduction * 100,
      hours_until_optimal_start: wait,
      recommendation: TEXT_EN.scheduleAdvice(
        advisesWait(reduction * 100),
        d,
        settings.region,
        start,
        optimalStart,
        fmt(wait, 1),
        instant(bestStartMs).local,
        fmt(reduction * 100, 1),
        mode === 'forecast' ? grid.used.live?.provider : undefined,
      ),
      hourly_profile_gCO2eq_kWh: hourly.map((v) => v),
      metrics: metricsInfo(snap, basis),
      data_used: dataUsed(grid, settings),
    };
  },
  renderTable(r, style) {
    const tz = utcOffsetLabel(r.current_start.local);
    const provider = r.mode === 'forecast' ? (r.data_used.grid.live?.provider ?? 'provider') : undefined;
    const head = keyValues(style, [
      [
        'Workload',
        TEXT.scheduleWorkload(`${r.namespace}/${r.workload}`, fmt(r.power_watts), r.duration_hours),
      ],
      [
        'Now',
        `${TEXT.scheduleNow(r.current_start_local, r.current_end_local, tz)}: ${fmt(r.current_carbon_intensity, 1)} g/kWh, ${fmt(r.current_emissions_gCO2eq, 2)} gCO2e`,
      ],
      [
        'Best',
        `${TEXT.scheduleBest(r.optimal_start_local, r.optimal_end_local, utcOffsetLabel(r.optimal_start.local))}: ${fmt(r.optimal_carbon_intensity, 1)} g/kWh, ${fmt(r.optimal_emissions_gCO2eq, 2)} gCO2e`,
      ],
      [
        'Window',
        `${r.optimal_start.local} – ${r.optimal_end.local} (${r.optimal_start.utc} – ${r.optimal_end.utc})`,
      ],
      ['Saving', `${fmt(r.reduction_percent, 2)} %`],
      [
        'Searched',
        r.mode === 'typical-day'
          ? TEXT.scheduleTypicalDay
          : TEXT.scheduleSearched(provider, fmt(r.within_hours ?? 0, 1)),
      ],
    ]);
    // The curve's rows are the profile's standard hours: said when the wall clock differs (DST, a half-hour zone).
    const standard = offsetHoursLabel(r.utc_offset_hours);
    const hoursNote =
      utcOffsetLabel(r.current_start.local) === standard ? '' : `${TEXT.scheduleStandardHours(standard)}\n`;
    const profileNote = `${r.mode === 'forecast' ? `\n${TEXT.scheduleReference}\n` : '\n'}${hoursNote}`;
    const advice = TEXT.scheduleAdvice(
      advisesWait(r.reduction_percent),
      r.duration_hours,
      r.region,
      r.current_start_local,
      r.optimal_start_local,
      fmt(r.hours_until_optimal_start, 1),
      r.optimal_start.local,
      fmt(r.reduction_percent, 1),
      provider,
    );
    return `${head}\n${profileNote}${curve(style, r)}\n\n${advice}`;
  },
});

/** The 24-hour curve as bars, with the best window and the current hour marked. */
function curve(style: Style, r: ScheduleResult): string {
  const values = r.hourly_profile_gCO2eq_kWh;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const width = 40;
  // The profile's rows are standard-time hours (utc_offset_hours), the *_local clocks the wall's: rows from instants.
  const standardHour = (utc: string) => Math.floor(localHours(new Date(utc), r.utc_offset_hours) + 1e-9);
  const start = standardHour(r.optimal_start.utc);
  const inWindow = (h: number) => (((h - start) % 24) + 24) % 24 < r.duration_hours;
  const nowHour = standardHour(r.current_start.utc);
  return values
    .map((v, h) => {
      const n = max > min ? Math.round(((v - min) / (max - min)) * (width - 4)) + 4 : width / 2;
      const bar = '#'.repeat(n);
      const marked = inWindow(h) ? style.c.green(bar) : bar;
      const tags = [inWindow(h) ? tr('best') : '', h === nowHour ? tr('now') : ''].filter(Boolean).join(', ');
      return `${String(h).padStart(2, '0')}:00 ${marked}${' '.repeat(Math.max(0, width - n))} ${fmt(v, 1).padStart(6)}${tags ? `  <- ${tags}` : ''}`;
    })
    .join('\n');
}
