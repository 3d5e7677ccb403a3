/** `kcarbon compare WORKLOAD` / compare_optimization_impact: before/after of chosen optimizations. */
import { z } from 'zod';
import { assessPower, figures, limitsAt, measuredUtilization } from '../carbon/assess.js';
import { evaluateChecks, overallStatus, StatusSchema } from '../carbon/checks.js';
import { energyKwh, facilityKwh, HOURS_PER_MONTH } from '../carbon/formulas.js';
import { offlineLookup } from '../carbon/hourly.js';
import {
  applyOptimizations,
  OPTIMIZATION_TYPES,
  OptimizationSchema,
  OptimizationTypeSchema,
} from '../carbon/optimizations.js';
import { optimizationText, tr } from '../i18n/index.js';
import { TEXT } from '../i18n/text.js';
import { MetricsInfoSchema, metricsInfo } from '../kepler/metrics-info.js';
import { warning } from '../kepler/model.js';
import { statusText } from '../render/compliance.js';
import { fmt, table } from '../render/table.js';
import { assessSettings, DataUsedSchema, dataUsed, workloadBudget } from './carbon-settings.js';
import { checkWithinCoversRun, workloadAssessmentShape } from './common.js';
import { COMPARE } from './manifests.js';
import {
  PeriodSchema,
  periodBasis,
  periodFields,
  periodJson,
  periodRun,
  periodUsed,
  workloadPeriod,
} from './period.js';
import { defineCommand } from './types.js';
import { loadWorkload } from './workload.js';

const input = z.object({
  ...workloadAssessmentShape,
  optimizations: z
    .array(OptimizationTypeSchema)
    .min(1)
    .default(['temporal_shift', 'resource_rightsizing'])
    .describe(`Optimizations to apply together: ${OPTIMIZATION_TYPES.join(', ')}`),
});

const output = () =>
  z.object({
    workload: z.string(),
    namespace: z.string(),
    region: z.string(),
    current_status: StatusSchema,
    current_power_watts: z.number(),
    current_emissions_gCO2eq_hour: z.number(),
    current_monthly_emissions_kg: z.number(),
    current_carbon_intensity_gCO2eq_kWh: z.number().describe('Grid intensity now (g/kWh)'),
    current_check_intensity_gCO2eq_kWh: z
      .number()
      .describe(
        'The intensity the carbon check and the monthly emissions are judged on (g/kWh): the daily mean without history, over a period the hour-weighted intensity the workload met',
      ),
    optimized_status: StatusSchema.describe('Recomputed from the optimized figures'),
    optimized_region: z.string(),
    optimized_power_watts: z.number(),
    optimized_pue: z.number(),
    optimized_carbon_intensity_gCO2eq_kWh: z
      .number()
      .describe('Grid intensity after the optimizations (g/kWh)'),
    optimized_check_intensity_gCO2eq_kWh: z
      .number()
      .describe('The intensity the optimized status is judged on (g/kWh)'),
    optimized_emissions_gCO2eq_hour: z.number(),
    optimized_monthly_emissions_kg: z.number(),
    reduction_percent: z.number().describe('1 - (1 - r1)(1 - r2)..., never above 100'),
    power_reduction_watts: z.number(),
    emissions_reduction_kg_month: z.number(),
    facility_energy_reduction_kwh_month: z.number(),
    estimated_cost_savings_usd_month: z
      .number()
      .nullable()
      .describe('Facility energy saved x defaults.electricityPrice; null when no price is configured'),
    applied_optimizations: z
      .array(OptimizationSchema())
      .describe('In the order applied, each on the result of the previous'),
    implementation_steps: z.array(z.string()),
    period: PeriodSchema().optional(),
    ...periodFields(),
    metrics: MetricsInfoSchema(),
    data_used: DataUsedSchema(),
  });
export type CompareResult = z.infer<ReturnType<typeof output>>;

export const compareCommand = defineCommand({
  ...COMPARE,
  input,
  output,
  primaryList: 'applied_optimizations',
  async run(args, outer) {
    checkWithinCoversRun(args);
    const pr = await periodRun(args, outer);
    const ctx = pr?.ctx ?? outer;
    const { snap, basis, workload: w, power, gpuPower } = await loadWorkload(args, ctx);
    const runSettings = await assessSettings(args, ctx);
    const budget = workloadBudget(runSettings.config, w.namespace, w.name, args);
    const assessOn = (s: typeof runSettings) => {
      const pf = workloadPeriod(pr, s, w.pods);
      const a = assessPower(power, s, {
        budget,
        utilization: measuredUtilization(snap, w.pods, basis),
        gpuWatts: gpuPower,
        ...(pf ? { basis: periodBasis(pf) } : {}),
      });
      return { pf, a, applied: applyOptimizations(a.start, args.optimizations, a.optimizationInputs) };
    };
    let settings = runSettings;
    let { pf, a, applied } = assessOn(settings);
    // A migration compared on another basis than the run's (no official factor at the destination):
    // before and after are both computed on that basis, never one basis against another.
    const migration = applied.steps.find((o) => o.type === 'regional_migration');
    const runChoice = a.grid.model.intensity.choice;
    if (migration?.intensity_basis && migration.intensity_basis !== runChoice) {
      settings = { ...runSettings, lookup: offlineLookup(runSettings.config, migration.intensity_basis) };
      ({ pf, a, applied } = assessOn(settings));
      ctx.warn(
        warning('basis-switched', {
          basis: migration.intensity_basis,
          run_basis: runChoice,
          countries: Object.keys(runSettings.config.officialFactors).sort().join(', '),
          region: runSettings.region,
          value: a.grid.annual,
        }),
      );
    }
    const o = figures(
      applied.final.powerWatts,
      applied.final.intensity,
      applied.final.pue,
      applied.final.checkIntensity,
    );
    const optimizedStatus = overallStatus(evaluateChecks(settings.standards, o, limitsAt(settings), budget));
    const f = a.figures;
    const kwhSaved =
      facilityKwh(energyKwh(f.powerWatts, HOURS_PER_MONTH), f.pue) -
      facilityKwh(energyKwh(o.powerWatts, HOURS_PER_MONTH), o.pue);
    const price = settings.config.defaults.electricityPrice?.value;
    return {
      workload: w.name,
      namespace: w.namespace,
      region: settings.region,
      current_status: a.status,
      current_power_watts: power,
      current_emissions_gCO2eq_hour: f.hourlyGrams,
      current_monthly_emissions_kg: f.monthlyKg,
      current_carbon_intensity_gCO2eq_kWh: f.gridIntensity,
      current_check_intensity_gCO2eq_kWh: f.checkIntensity,
      optimized_status: optimizedStatus,
      optimized_region: applied.final.region,
      optimized_power_watts: o.powerWatts,
      optimized_pue: o.pue,
      optimized_carbon_intensity_gCO2eq_kWh: o.gridIntensity,
      optimized_check_intensity_gCO2eq_kWh: o.checkIntensity,
      optimized_emissions_gCO2eq_hour: o.hourlyGrams,
      optimized_monthly_emissions_kg: o.monthlyKg,
      reduction_percent: applied.combinedReduction * 100,
      power_reduction_watts: f.powerWatts - o.powerWatts,
      emissions_reduction_kg_month: f.monthlyKg - o.monthlyKg,
      facility_energy_reduction_kwh_month: kwhSaved,
      estimated_cost_savings_usd_month: price === undefined ? null : kwhSaved * price,
      applied_optimizations: applied.steps,
      implementation_steps: applied.steps.flatMap((s) => s.implementation_steps),
      ...(pr && pf ? { period: periodUsed(pr.period), ...periodJson(pf) } : {}),
      metrics: metricsInfo(snap, basis),
      data_used: dataUsed(a.grid, settings, a.basis.basis),
    };
  },
  renderTable(r, style) {
    const t = table(
      style,
      ['', 'Status', 'Power (W)', 'PUE', 'Intensity (g/kWh)', 'gCO2e/h', 'kgCO2e/month', 'Judged on (g/kWh)'],
      [
        [
          tr('current'),
          statusText(style, r.current_status),
          fmt(r.current_power_watts),
          r.data_used.grid.pue.value,
          fmt(r.current_carbon_intensity_gCO2eq_kWh, 1),
          fmt(r.current_emissions_gCO2eq_hour, 3),
          fmt(r.current_monthly_emissions_kg, 3),
          fmt(r.current_check_intensity_gCO2eq_kWh, 1),
        ],
        [
          `${tr('optimized')}${r.optimized_region !== r.region ? ` (${r.optimized_region})` : ''}`,
          statusText(style, r.optimized_status),
          fmt(r.optimized_power_watts),
          r.optimized_pue,
          fmt(r.optimized_carbon_intensity_gCO2eq_kWh, 1),
          fmt(r.optimized_emissions_gCO2eq_hour, 3),
          fmt(r.optimized_monthly_emissions_kg, 3),
          fmt(r.optimized_check_intensity_gCO2eq_kWh, 1),
        ],
      ],
      ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'],
    );
    const steps = r.applied_optimizations
      .map(
        (o) => `  ${o.type.padEnd(21)} -${fmt(o.estimated_reduction_percent, 2)} %  ${optimizationText(o)}`,
      )
      .join('\n');
    const combined = TEXT.compareCombined(
      fmt(r.reduction_percent, 2),
      fmt(r.emissions_reduction_kg_month, 3),
    );
    return `${t}\n\n${TEXT.compareApplied}\n${steps}\n\n${combined}`;
  },
});
