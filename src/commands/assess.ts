/** `kcarbon assess WORKLOAD` / assess_workload_compliance: one workload against the selected standards. */
import { z } from 'zod';
import {
  assessPower,
  measuredUtilization,
  recommendation,
  recommendedOptimizations,
} from '../carbon/assess.js';
import { CheckResultSchema, StatusSchema } from '../carbon/checks.js';
import { energyKwh, facilityKwh, HOURS_PER_MONTH } from '../carbon/formulas.js';
import { OptimizationSchema } from '../carbon/optimizations.js';
import { lang, optimizationText, tr } from '../i18n/index.js';
import { TEXT } from '../i18n/text.js';
import { MetricsInfoSchema, metricsInfo } from '../kepler/metrics-info.js';
import { podPower } from '../kepler/power.js';
import { renderChecks, statusText } from '../render/compliance.js';
import { utcText } from '../render/instant.js';
import { fmt, keyValues, table } from '../render/table.js';
import { compareText } from '../util/compare.js';
import { roundAs } from '../util/round.js';
import { assessSettings, DataUsedSchema, dataUsed, workloadBudget } from './carbon-settings.js';
import { checkWithinCoversRun, workloadAssessmentShape } from './common.js';
import { GateSchema, gatePolicyShape, judgeGate } from './gate.js';
import { ASSESS } from './manifests.js';
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

const input = z.object({ ...workloadAssessmentShape, ...gatePolicyShape });

const statusOrNone = z.enum(['COMPLIANT', 'NON_COMPLIANT', 'NOT_ASSESSED']);

const output = () =>
  z.object({
    workload: z.string(),
    namespace: z.string(),
    kind: z.string().describe('Controller kind inferred from pod names'),
    standards: z.array(z.string()).describe('Codes of the standards checked'),
    region: z.string(),
    status: StatusSchema.describe('NON_COMPLIANT if any check fails'),
    carbon_status: statusOrNone,
    pue_status: statusOrNone,
    current_power_watts: z.number().describe('Sum of the running pods power (W)'),
    hourly_emissions_gCO2eq: z.number().describe('W / 1000 x PUE x grid intensity'),
    monthly_emissions_kg: z.number().describe('hourly x 730 / 1000'),
    it_energy_kwh_month: z.number(),
    facility_energy_kwh_month: z.number(),
    current_carbon_intensity_gCO2eq_kWh: z
      .number()
      .describe('Grid intensity at the assessment time and region (hourly and monthly emissions use it)'),
    carbon_check_intensity_gCO2eq_kWh: z
      .number()
      .describe(
        "The run's basis intensity a carbon check judges: the daily mean without history (data_used.basis), the hour-weighted intensity over a period; a standard that declares its own basis judges that basis's figure instead (each check's value and intensity_basis)",
      ),
    facility_carbon_intensity_gCO2eq_kWh: z
      .number()
      .describe('Grid intensity x PUE: g CO2e per kWh of IT energy'),
    target_carbon_intensity_gCO2eq_kWh: z.number().nullable(),
    grid_carbon_intensity_gCO2eq_kWh: z.number().describe('Grid intensity at the assessment time'),
    current_pue: z.number(),
    target_pue: z.number().nullable(),
    recommendation: z.string(),
    optimizations: z.array(OptimizationSchema()).describe('Each optimization alone, largest reduction first'),
    priority_actions: z.array(z.string()),
    checks: z.array(CheckResultSchema()),
    gate: GateSchema(),
    pods: z.array(z.object({ name: z.string(), node: z.string(), power_watts: z.number() })),
    terminated_pods: z.array(z.string()),
    period: PeriodSchema().optional(),
    ...periodFields(),
    metrics: MetricsInfoSchema(),
    data_used: DataUsedSchema(),
  });
export type AssessResult = z.infer<ReturnType<typeof output>>;

export const assessCommand = defineCommand({
  ...ASSESS,
  input,
  output,
  primaryList: 'checks',
  async run(args, outer) {
    checkWithinCoversRun(args);
    const pr = await periodRun(args, outer);
    const ctx = pr?.ctx ?? outer;
    const { snap, basis, workload: w, power, gpuPower } = await loadWorkload(args, ctx);
    const settings = await assessSettings(args, ctx);
    const pf = workloadPeriod(pr, settings, w.pods);
    const a = assessPower(power, settings, {
      budget: workloadBudget(settings.config, w.namespace, w.name, args),
      utilization: measuredUtilization(snap, w.pods, basis),
      gpuWatts: gpuPower,
      ...(pf ? { basis: periodBasis(pf) } : {}),
    });
    const opts = recommendedOptimizations(a);
    const f = a.figures;
    const metrics = metricsInfo(snap, basis);
    const { gate, checks } = await judgeGate(
      [{ namespace: w.namespace, name: w.name, kind: w.kind, checks: a.checks }],
      ctx,
      args,
      { workload: `${w.namespace}/${w.name}` },
    );
    return {
      workload: w.name,
      namespace: w.namespace,
      kind: w.kind,
      standards: settings.standards.map((s) => s.code),
      region: settings.region,
      status: a.status,
      carbon_status: a.carbonStatus,
      pue_status: a.pueStatus,
      current_power_watts: power,
      hourly_emissions_gCO2eq: f.hourlyGrams,
      monthly_emissions_kg: f.monthlyKg,
      it_energy_kwh_month: energyKwh(power, HOURS_PER_MONTH),
      facility_energy_kwh_month: facilityKwh(energyKwh(power, HOURS_PER_MONTH), f.pue),
      current_carbon_intensity_gCO2eq_kWh: f.gridIntensity,
      carbon_check_intensity_gCO2eq_kWh: f.checkIntensity,
      facility_carbon_intensity_gCO2eq_kWh: f.effectiveIntensity,
      target_carbon_intensity_gCO2eq_kWh: a.targetIntensity ?? null,
      grid_carbon_intensity_gCO2eq_kWh: f.gridIntensity,
      current_pue: f.pue,
      target_pue: a.targetPue ?? null,
      // On incomplete data a verdict is only about what was read: the recommendation, which an assistant relays,
      // says so first.
      recommendation: `${metrics.complete ? '' : `Incomplete data (${metrics.nodes_reporting.length} of ${metrics.nodes_expected} nodes reporting${metrics.series_left_out.length ? ', series left out' : ''}): the figures cover only what was read and may understate this workload. `}${recommendation(a, opts)}`,
      optimizations: opts,
      priority_actions: opts
        .filter((o) => o.applicable)
        .map(
          (o) =>
            `${o.type}: ${o.description} (-${roundAs('%', o.estimated_reduction_percent)} % emissions, ${o.implementation_complexity} effort)`,
        ),
      checks: checks[0]!,
      gate,
      pods: w.pods
        .map((p) => ({ name: p.name, node: p.node, power_watts: podPower(p, basis) }))
        .sort((x, y) => y.power_watts - x.power_watts || compareText(x.name, y.name)),
      terminated_pods: w.terminated.map((p) => p.name).sort(),
      ...(pr && pf ? { period: periodUsed(pr.period), ...periodJson(pf) } : {}),
      metrics,
      data_used: dataUsed(a.grid, settings, a.basis.basis),
    };
  },
  renderTable(r, style) {
    const head = keyValues(style, [
      [
        'Workload',
        `${r.namespace}/${r.workload} (${r.kind}, ${(r.period ? TEXT.podsInPeriod : TEXT.pods)(r.pods.length)})`,
      ],
      ['Status', statusText(style, r.status)],
      // Over a period the power is the period's average (energy / hours), as summary says.
      [r.period ? 'Average power' : 'Power', `${fmt(r.current_power_watts)} W`],
      ['Emissions', TEXT.emissionsLine(fmt(r.hourly_emissions_gCO2eq, 3), fmt(r.monthly_emissions_kg, 3))],
      [
        'Intensity',
        TEXT.intensityLine(
          fmt(r.grid_carbon_intensity_gCO2eq_kWh, 1),
          r.data_used.grid.local_hour,
          r.current_pue,
          fmt(r.facility_carbon_intensity_gCO2eq_kWh, 1),
        ),
      ],
      ...(r.period
        ? [
            [
              'Period',
              TEXT.periodLine(
                utcText(r.period.from),
                utcText(r.period.to),
                fmt(r.period.hours, 2),
                fmt(r.energy_kwh ?? 0, 3),
                fmt(r.emissions_kg ?? 0, 3),
                fmt(r.average_power_watts ?? 0),
              ),
            ] as [string, string],
          ]
        : []),
      ['Carbon check', carbonCheckLine(r)],
      ['Region', TEXT.regionLine(r.region, r.data_used.grid.region_name, r.data_used.grid.local_hour)],
    ]);
    const opts = table(
      style,
      ['Optimization', 'Reduction', 'Effort', 'What'],
      r.optimizations.map((o) => [
        o.type,
        `${fmt(o.estimated_reduction_percent, 1)} %`,
        tr(o.implementation_complexity),
        optimizationText(o),
      ]),
      ['left', 'right', 'left', 'left'],
    );
    const best = r.optimizations.find((o) => o.applicable);
    // The recommendation in the JSON is English data; other languages say the same from the figures.
    const advice =
      lang() === 'en'
        ? r.recommendation
        : TEXT.recommendation(
            r.status === 'COMPLIANT',
            r.checks.filter((c) => c.status === 'NON_COMPLIANT').length,
            best?.type,
            best?.estimated_reduction_percent,
          );
    return `${head}\n\n${renderChecks(style, r.checks)}\n\n${opts}\n\n${advice}`;
  },
  findings: (r) => r.gate.errors + r.gate.warnings,
  gate: (r) => r.gate,
  checkResults: (r) => [{ namespace: r.namespace, name: r.workload, kind: r.kind, checks: r.checks }],
});

/**
 * What the carbon checks judged, from the checks themselves: a standard may declare its own basis
 * (KR_CARBON_2050 judges the life-cycle figure whatever --basis says), so the run's figure alone would
 * name a number no check used. One entry per figure and basis, with the standards that judged it.
 */
function carbonCheckLine(r: AssessResult): string {
  const judged = new Map<string, { value: number; basis?: string; standards: string[] }>();
  for (const c of r.checks) {
    if (c.metric !== 'carbon_intensity' || typeof c.value !== 'number') continue;
    const key = `${c.value}|${c.intensity_basis ?? ''}`;
    const entry = judged.get(key) ?? { value: c.value, basis: c.intensity_basis, standards: [] };
    if (!entry.standards.includes(c.standard)) entry.standards.push(c.standard);
    judged.set(key, entry);
  }
  // No selected standard judges carbon (--standard KR_PUE_GREEN_DC): nothing was judged on any figure.
  if (!r.checks.some((c) => c.metric === 'carbon_intensity')) return TEXT.noCarbonCheck;
  if (judged.size === 0) return TEXT.judgedOn(fmt(r.carbon_check_intensity_gCO2eq_kWh, 1), r.data_used.basis);
  return [...judged.values()]
    .map((j) =>
      TEXT.judgedOn(
        fmt(j.value, 1),
        [j.basis, j.standards.join(', '), r.data_used.basis].filter(Boolean).join('; '),
      ),
    )
    .join(' · ');
}
