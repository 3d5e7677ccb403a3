/** `kcarbon schedule WORKLOAD --duration 4h` / calculate_optimal_schedule: the cleanest time to run. */
import { z } from 'zod';
import { gridOf } from '../carbon/assess.js';
import { emissionsGrams, energyKwh, facilityKwh } from '../carbon/formulas.js';
import { bestWindows, clock, windowAverage } from '../carbon/profile.js';
import { listRegions } from '../config/index.js';
import { InputError } from '../errors.js';
import type { Style } from '../render/style.js';
import { fmt, keyValues } from '../render/table.js';
import { round } from '../util/round.js';
import { assessSettings, DataUsedSchema, dataUsed } from './carbon-settings.js';
import { namespaceInput, REGION_OPTION, regionInput, WORKLOAD_ARG, workloadNameInput } from './common.js';
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
});

const windowSchema = z.object({
  start_local: z.string(),
  end_local: z.string(),
  average_gCO2eq_kWh: z.number(),
});

const output = z.object({
  workload: z.string(),
  namespace: z.string(),
  region: z.string(),
  duration_hours: z.number(),
  power_watts: z.number(),
  utc_offset_hours: z.number().describe('Local standard time of the profile (no DST)'),
  current_schedule: z.string(),
  current_start_local: z.string(),
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
  data_used: DataUsedSchema,
  timestamp: z.string(),
});
export type ScheduleResult = z.infer<typeof output>;

export const scheduleCommand = defineCommand({
  name: 'schedule',
  tool: 'calculate_optimal_schedule',
  title: 'Optimal schedule',
  summary: 'The cleanest time of day to run a workload for --duration',
  description:
    "Finds the start hour with the lowest rolling-window average of the region's hour-of-day intensity profile for " +
    'the given duration (windows may wrap past midnight) and compares it with starting now.',
  input,
  output,
  args: [WORKLOAD_ARG],
  options: [
    {
      key: 'duration_hours',
      flags: '-d, --duration <hours>',
      description: 'run length, e.g. 4h or 90m',
      parse: 'duration-hours',
    },
    REGION_OPTION,
  ],
  primaryList: 'optimal_windows',
  readsMetrics: true,
  async run(args, ctx) {
    const { snap, basis, workload: w, power } = await loadWorkload(args, ctx);
    const settings = await assessSettings({ region: args.region }, ctx);
    const grid = gridOf(settings);
    if (!grid.hourly && grid.used.intensity_basis !== 'lifecycle' && !grid.used.annual_intensity.note) {
      throw new InputError(
        `the official emission factor (--basis ${grid.used.intensity_basis}) is one annual figure: under it every hour counts the same, so there is no cleaner time to run`,
        'schedule on the grid itself with --basis lifecycle (the default)',
      );
    }
    if (!grid.hourly) {
      const withProfile = listRegions(settings.config)
        .filter((r) => r.profile)
        .map((r) => r.code);
      throw new InputError(
        `region '${settings.region}' has no hour-of-day intensity profile, so every hour looks the same`,
        `regions with profiles: ${withProfile.join(', ')}; or add a profile with --config`,
      );
    }
    const d = args.duration_hours;
    const runGrams = (intensity: number) =>
      emissionsGrams(facilityKwh(energyKwh(power, d), grid.pue), intensity);
    const now = windowAverage(grid.hourly, grid.localHours, d);
    const best = bestWindows(grid.hourly, d);
    const first = best.find((b) => b.startHour >= grid.localHours) ?? best[0]!;
    const wait = (((first.startHour - grid.localHours) % 24) + 24) % 24;
    const reduction = now > 0 ? Math.max(0, 1 - first.average / now) : 0;
    const tz = `UTC${grid.used.utc_offset_hours >= 0 ? '+' : ''}${grid.used.utc_offset_hours}`;
    const start = clock(grid.localHours);
    return {
      workload: w.name,
      namespace: w.namespace,
      region: settings.region,
      duration_hours: d,
      power_watts: round(power),
      utc_offset_hours: grid.used.utc_offset_hours,
      current_schedule: `now, ${start}–${clock(grid.localHours + d)} local (${tz})`,
      current_start_local: start,
      current_carbon_intensity: round(now, 3),
      current_emissions_gCO2eq: round(runGrams(now), 4),
      optimal_schedule: `${clock(first.startHour)}–${clock(first.endHour)} local (${tz})`,
      optimal_start_local: clock(first.startHour),
      optimal_end_local: clock(first.endHour),
      optimal_windows: best.map((b) => ({
        start_local: clock(b.startHour),
        end_local: clock(b.endHour),
        average_gCO2eq_kWh: round(b.average, 3),
      })),
      optimal_carbon_intensity: round(first.average, 3),
      optimal_emissions_gCO2eq: round(runGrams(first.average), 4),
      reduction_percent: round(reduction * 100, 2),
      hours_until_optimal_start: round(wait, 2),
      recommendation:
        reduction <= 0
          ? `Run now: no ${d} h window in ${settings.region} is cleaner than starting at ${start}`
          : `Start at ${clock(first.startHour)} local (in ${fmt(wait, 1)} h): ${fmt(reduction * 100, 1)} % less CO2e per run than starting now`,
      hourly_profile_gCO2eq_kWh: grid.hourly.map((v) => round(v, 3)),
      data_used: dataUsed(grid, settings, { snap, basis }),
      timestamp: ctx.now.toISOString(),
    };
  },
  renderTable(r, style) {
    const head = keyValues(style, [
      ['Workload', `${r.namespace}/${r.workload} (${fmt(r.power_watts)} W), ${r.duration_hours} h per run`],
      [
        'Now',
        `${r.current_schedule}: ${fmt(r.current_carbon_intensity, 1)} g/kWh, ${fmt(r.current_emissions_gCO2eq, 2)} gCO2e`,
      ],
      [
        'Best',
        `${r.optimal_schedule}: ${fmt(r.optimal_carbon_intensity, 1)} g/kWh, ${fmt(r.optimal_emissions_gCO2eq, 2)} gCO2e`,
      ],
      ['Saving', `${fmt(r.reduction_percent, 2)} %`],
    ]);
    return `${head}\n\n${curve(style, r)}\n\n${r.recommendation}`;
  },
});

/** The 24-hour curve as bars, with the best window and the current hour marked. */
function curve(style: Style, r: ScheduleResult): string {
  const values = r.hourly_profile_gCO2eq_kWh;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const width = 40;
  const start = Number(r.optimal_start_local.slice(0, 2));
  const inWindow = (h: number) => (((h - start) % 24) + 24) % 24 < r.duration_hours;
  const nowHour = Number(r.current_start_local.slice(0, 2));
  return values
    .map((v, h) => {
      const n = max > min ? Math.round(((v - min) / (max - min)) * (width - 4)) + 4 : width / 2;
      const bar = '#'.repeat(n);
      const marked = inWindow(h) ? style.c.green(bar) : bar;
      const tags = [inWindow(h) ? 'best' : '', h === nowHour ? 'now' : ''].filter(Boolean).join(', ');
      return `${String(h).padStart(2, '0')}:00 ${marked}${' '.repeat(Math.max(0, width - n))} ${fmt(v, 1).padStart(6)}${tags ? `  <- ${tags}` : ''}`;
    })
    .join('\n');
}
