/** `kcarbon regions WORKLOAD --to r1,r2` / get_regional_comparison: the workload's emissions in other regions. */
import { z } from 'zod';
import { figures, gridOf } from '../carbon/assess.js';
import { annualIntensity, basisChoice, comparisonBasis, standardIntensities } from '../carbon/basis.js';
import { evaluateChecks, overallStatus, StatusSchema } from '../carbon/checks.js';
import { getRegion } from '../config/index.js';
import { TEXT_EN } from '../i18n/messages.js';
import { TEXT } from '../i18n/text.js';
import { MetricsInfoSchema, metricsInfo } from '../kepler/metrics-info.js';
import { statusText } from '../render/compliance.js';
import { fmt, listing, table } from '../render/table.js';
import { compareText } from '../util/compare.js';
import { assessSettings, DataUsedSchema, dataUsed } from './carbon-settings.js';
import { MAX_LENGTH, namespaceInput, standardInput, workloadNameInput } from './common.js';
import { sdkBestRegions } from './grid-data.js';
import { REGIONS } from './manifests.js';
import { defineCommand } from './types.js';
import { loadWorkload } from './workload.js';

/** The original tool's default comparison set. */
const DEFAULT_COMPARISON = ['us-east-1', 'eu-north-1', 'ap-northeast-1'];
/** Migrate when the best region saves more than this share of emissions. */
const MIGRATION_THRESHOLD_PERCENT = 10;

const input = z.object({
  workload_name: workloadNameInput,
  namespace: namespaceInput,
  current_region: z
    .string()
    .min(1)
    .max(MAX_LENGTH.region)
    .optional()
    .describe('Region the workload runs in now (default from config)'),
  comparison_regions: z
    .array(z.string().min(1).max(MAX_LENGTH.region))
    .min(1)
    .max(200)
    .default(DEFAULT_COMPARISON)
    .describe(`Regions to compare with (default ${DEFAULT_COMPARISON.join(', ')}); each listed once`),
  standard: standardInput,
});

const comparison = z.object({
  region: z.string(),
  region_name: z.string(),
  provider: z.string(),
  carbon_intensity_gCO2eq_kWh: z.number().describe('Annual average grid intensity'),
  pue: z.number(),
  effective_intensity_gCO2eq_kWh: z.number().describe('grid x PUE'),
  hourly_emissions_gCO2eq: z.number(),
  monthly_emissions_kg: z.number(),
  savings_percent: z.number().describe('Emissions saved against the current region (negative = worse)'),
  status: StatusSchema.describe(
    "Selected standards judged on this region's annual average intensity and PUE (not the hour of the day)",
  ),
  is_current: z.boolean(),
  like_for_like: z
    .boolean()
    .describe(
      'false: the region has a figure only on another basis than the others (e.g. a direct eGRID factor beside life-cycle ones); it is listed, never chosen as best_region',
    ),
  intensity_basis: z.string().describe("The basis of this region's figure (lifecycle, direct...)"),
  intensity_source: z.string(),
  intensity_year: z.number(),
  pue_source: z.string(),
});

const output = () =>
  z.object({
    workload: z.string(),
    namespace: z.string(),
    power_watts: z.number(),
    current_region: z.string(),
    comparisons: z.array(comparison).describe('Every region once, lowest emissions first'),
    best_region: z.string(),
    best_region_savings_percent: z.number(),
    migration_recommendation: z.string(),
    basis: z.string(),
    comparison_basis: z
      .string()
      .describe(
        "The basis every region's intensity is on: the run's (--basis) when each compared region has a figure on it, else lifecycle",
      ),
    grid_best: z
      .object({
        provider: z.string(),
        from: z.string(),
        to: z.string(),
        best: z.array(
          z.object({ region: z.string(), location: z.string(), time: z.string(), rating: z.number() }),
        ),
      })
      .optional()
      .describe(
        "With --grid carbon-aware-sdk: the SDK's cleanest compared region over the next 24 h (/emissions/bylocations/best)",
      ),
    metrics: MetricsInfoSchema(),
    data_used: DataUsedSchema(),
  });
export type RegionsResult = z.infer<ReturnType<typeof output>>;

export const regionsCommand = defineCommand({
  ...REGIONS,
  input,
  output,
  primaryList: 'comparisons',
  async run(args, ctx) {
    const { snap, basis, workload: w, power } = await loadWorkload(args, ctx);
    const settings = await assessSettings({ region: args.current_region, standard: args.standard }, ctx);
    const { config } = settings;
    const current = settings.region;
    const codes = [current, ...args.comparison_regions].filter((c, i, all) => all.indexOf(c) === i);
    for (const c of codes) getRegion(config, c); // an unknown region is an error naming the known ones
    const gridBest = await sdkBestRegions(ctx, config, codes, 24);
    // Every region on one basis: the run's when all of them have a figure on it, else life-cycle (basis.ts).
    const cmp = comparisonBasis(config, codes, basisChoice(config));
    const rows = codes.map((code) => {
      const region = getRegion(config, code);
      const { figure: intensity, choice } = annualIntensity(config, code, cmp.choice);
      const f = {
        ...figures(power, intensity.value, region.pue.value),
        ...standardIntensities(
          settings.standards,
          choice,
          (b) => annualIntensity(config, code, b).figure.value,
        ),
      };
      return {
        code,
        f,
        row: {
          region: code,
          region_name: region.name,
          provider: region.provider,
          carbon_intensity_gCO2eq_kWh: intensity.value,
          pue: region.pue.value,
          effective_intensity_gCO2eq_kWh: f.effectiveIntensity,
          hourly_emissions_gCO2eq: f.hourlyGrams,
          monthly_emissions_kg: f.monthlyKg,
          savings_percent: 0,
          status: overallStatus(evaluateChecks(settings.standards, f, ctx.now)),
          is_current: code === current,
          like_for_like: !cmp.otherBasis.includes(code),
          intensity_basis: intensity.basis,
          intensity_source: `${intensity.source.split(';')[0]} (${intensity.basis})`,
          intensity_year: intensity.year,
          pue_source: `${region.pue.source.split(';')[0]} (${region.pue.year})`,
        },
      };
    });
    const cur = rows.find((r) => r.code === current)!;
    // Savings from the factor ratio, so a 0 W workload compares regions too.
    for (const r of rows) {
      r.row.savings_percent = (1 - r.f.effectiveIntensity / cur.f.effectiveIntensity) * 100;
    }
    rows.sort((a, b) => a.f.effectiveIntensity - b.f.effectiveIntensity || compareText(a.code, b.code));
    // A figure on another basis is not compared with the current region's: the best is the cheapest like for like
    // (the current region itself when no other is).
    const best = rows.find((r) => r.row.like_for_like || r.code === current)!;
    const saving = best.row.savings_percent;
    return {
      workload: w.name,
      namespace: w.namespace,
      power_watts: power,
      current_region: current,
      comparisons: rows.map((r) => r.row),
      best_region: best.code,
      best_region_savings_percent: saving,
      migration_recommendation: TEXT_EN.regionsAdvice(
        current,
        best.code,
        best.row.region_name,
        fmt(saving, 1),
        fmt(cur.f.monthlyKg - best.f.monthlyKg, 3),
        MIGRATION_THRESHOLD_PERCENT,
        saving > MIGRATION_THRESHOLD_PERCENT,
      ),
      basis: [
        `annual average grid intensity (${cmp.choice}) x region PUE; emissions = W / 1000 x PUE x intensity`,
        cmp.note,
        cmp.otherBasis.length
          ? `not like for like: ${cmp.otherBasis.join(', ')} ${cmp.otherBasis.length === 1 ? 'has' : 'have'} only a figure on another basis than ${cmp.figureBasis} (see intensity_source)`
          : undefined,
      ]
        .filter(Boolean)
        .join('; '),
      comparison_basis: cmp.choice,
      ...(gridBest ? { grid_best: gridBest } : {}),
      metrics: metricsInfo(snap, basis),
      data_used: dataUsed(gridOf(settings), settings),
    };
  },
  renderTable(r, style) {
    const t = table(
      style,
      ['Region', 'Name', 'Grid (g/kWh)', 'PUE', 'gCO2e/h', 'kgCO2e/month', 'Saving', 'Status'],
      // A region whose figure is on another basis shows that basis and claims no saving: the advice below never
      // picks it, so the table does not offer it either.
      r.comparisons.map((c) => [
        c.is_current ? style.c.bold(`${c.region} *`) : c.region,
        c.region_name,
        c.like_for_like
          ? fmt(c.carbon_intensity_gCO2eq_kWh, 1)
          : `${fmt(c.carbon_intensity_gCO2eq_kWh, 1)} (${c.intensity_basis})`,
        c.pue,
        fmt(c.hourly_emissions_gCO2eq, 3),
        fmt(c.monthly_emissions_kg, 3),
        c.like_for_like ? `${fmt(c.savings_percent, 1)} %` : '—',
        statusText(style, c.status),
      ]),
      ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'left'],
      // On a narrow terminal the hourly figure moves to -o wide first; the saving stays. The region code (and
      // the current region's *) reads whole: the descriptive name wraps instead.
      { secondary: [4], whole: [0], prose: [1] },
    );
    const cur = r.comparisons.find((c) => c.is_current);
    const best = r.comparisons.find((c) => c.region === r.best_region);
    const advice = TEXT.regionsAdvice(
      r.current_region,
      r.best_region,
      best?.region_name ?? r.best_region,
      fmt(r.best_region_savings_percent, 1),
      fmt((cur?.monthly_emissions_kg ?? 0) - (best?.monthly_emissions_kg ?? 0), 3),
      MIGRATION_THRESHOLD_PERCENT,
      r.best_region_savings_percent > MIGRATION_THRESHOLD_PERCENT,
    );
    const other = r.comparisons.filter((c) => !c.like_for_like).map((c) => c.region);
    return listing(style, t, {
      above: TEXT.regionsHead(`${r.namespace}/${r.workload}`, fmt(r.power_watts)),
      below: other.length
        ? `${advice}\n${TEXT.regionsOtherBasis(other.join(', '), r.comparison_basis)}`
        : advice,
    });
  },
});
