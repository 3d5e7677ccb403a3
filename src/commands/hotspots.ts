/** `kcarbon hotspots` / identify_power_hotspots: pods at or above a power threshold, with compliance and actions. */
import { z } from 'zod';
import { assessPower, gridOf, measuredUtilization } from '../carbon/assess.js';
import { combineReductions } from '../carbon/formulas.js';
import { gridAt } from '../carbon/grid.js';
import { eachOptimizationMonthly } from '../carbon/optimizations.js';
import { STATED_FIGURE_MAX } from '../config/basics.js';
import { optimizationText, tr } from '../i18n/index.js';
import { TEXT } from '../i18n/text.js';
import { gpuWatts } from '../kepler/basis.js';
import { MetricsInfoSchema, metricsInfo } from '../kepler/metrics-info.js';
import { hotspotsAdvice } from '../render/advice.js';
import { statusText } from '../render/compliance.js';
import { fmt, listing, table, wrapText } from '../render/table.js';
import { compareText } from '../util/compare.js';
import { once } from '../util/once.js';
import { assessSettings, DataUsedSchema, dataUsed } from './carbon-settings.js';
import { namespaceInput, regionInput, standardInput } from './common.js';
import {
  componentWatts,
  componentWattsShape,
  knownFigure,
  nodeIdleSharePercent,
  nodeIdleShareShape,
  warnUnknownIdle,
} from './components.js';
import { HOTSPOTS } from './manifests.js';
import {
  basisName,
  PeriodFiguresOf,
  PeriodSchema,
  periodBasis,
  periodFields,
  periodJson,
  periodRun,
  periodShape,
  periodUsed,
} from './period.js';
import { defineCommand } from './types.js';
import { loadScope } from './workload.js';

/** Priority of an action by the CO2e it saves per month (kg). */
const PRIORITY_KG = { high: 1, medium: 0.1 } as const;

const input = z.object({
  namespace: namespaceInput,
  power_threshold_watts: z
    .number()
    .min(0)
    .max(STATED_FIGURE_MAX)
    .default(1)
    .describe('A pod drawing at least this many watts is a hotspot (default 1 W, at most 1e9)'),
  include_compliance_check: z
    .boolean()
    .default(true)
    .describe('Add each hotspot compliance status and computed preventive actions (default true)'),
  region: regionInput,
  standard: standardInput,
  ...periodShape,
});

const hotspot = once(() =>
  z.object({
    rank: z.number(),
    name: z.string(),
    namespace: z.string(),
    node: z.string(),
    power_watts: z.number().describe('Pod power: CPU zones + GPU, as metrics.components says (W)'),
    ...componentWattsShape,
    share_percent: z.number().describe('Share of the scope total power'),
    ...nodeIdleShareShape,
    ...periodFields(),
    status: z.enum(['COMPLIANT', 'NON_COMPLIANT']).optional(),
    carbon_compliant: z.boolean().optional(),
    pue_compliant: z.boolean().optional(),
    monthly_emissions_kg: z.number().optional(),
  }),
);

const action = once(() =>
  z.object({
    action_type: z.string(),
    priority: z.enum(['high', 'medium', 'low']),
    resource: z.string().describe('namespace/pod'),
    reason: z.string().describe("The optimization's description (English for every --lang)"),
    params: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .describe("The optimization's params, from which renderers word the reason in the run's language"),
    estimated_reduction_percent: z.number(),
    estimated_savings_watts: z.number(),
    estimated_co2_reduction_kg_month: z.number(),
    implementation_steps: z.array(z.string()),
  }),
);

const output = () =>
  z.object({
    namespace: z.string(),
    threshold_watts: z.number(),
    summary: z.object({
      total_hotspots: z.number(),
      total_power_watts: z.number().describe('Power of the hotspots (W)'),
      scope_power_watts: z.number().describe('Power of all running pods in scope (W)'),
      hotspot_share_percent: z.number(),
      total_preventive_actions: z.number(),
      high_priority_actions: z.number(),
      potential_power_savings_watts: z.number().describe('Power saved by the rightsizing actions'),
      potential_co2_reduction_kg_month: z
        .number()
        .describe('Per hotspot, its actions combined multiplicatively (never double counted), summed'),
    }),
    hotspots: z.array(hotspot()).describe('Every hotspot, highest power first (no truncation)'),
    preventive_actions: z.array(action()).describe('Every applicable action, largest CO2e saving first'),
    recommendation: z.string(),
    period: PeriodSchema().optional(),
    metrics: MetricsInfoSchema(),
    data_used: DataUsedSchema(),
  });
export type HotspotsResult = z.infer<ReturnType<typeof output>>;

export const hotspotsCommand = defineCommand({
  ...HOTSPOTS,
  input,
  output,
  primaryList: 'hotspots',
  async run(args, outer): Promise<HotspotsResult> {
    const pr = await periodRun(args, outer);
    const ctx = pr?.ctx ?? outer;
    const { snap, basis, rows } = await loadScope(args, ctx);
    const scope = rows.reduce((s, r) => s + r.watts, 0);
    const hot = rows.filter((r) => r.watts >= args.power_threshold_watts);
    const hotTotal = hot.reduce((s, r) => s + r.watts, 0);
    const settings = args.include_compliance_check ? await assessSettings(args, ctx) : undefined;
    const config = settings?.config ?? (await ctx.config());
    const grid = settings ? gridOf(settings) : gridAt(config, args.region ?? config.defaults.region, ctx.now);
    // Over a period a hotspot is a pod whose average power (energy / hours) reaches the threshold.
    const over = pr && new PeriodFiguresOf(pr, grid, settings);
    const actions: z.infer<ReturnType<typeof action>>[] = [];
    let co2Potential = 0;
    let powerPotential = 0;
    warnUnknownIdle(
      snap,
      basis,
      hot.map((r) => r.pod.node),
      ctx,
    );
    const hotspots = hot.map((r, i) => {
      const pf = over?.of([r.pod]);
      const base = {
        rank: i + 1,
        name: r.pod.name,
        namespace: r.pod.namespace,
        node: r.pod.node,
        power_watts: r.watts,
        ...componentWatts(r.pod, basis),
        share_percent: scope > 0 ? (r.watts / scope) * 100 : 0,
        ...nodeIdleSharePercent(snap, r.pod.node, basis),
        ...(pf ? periodJson(pf) : {}),
      };
      if (!settings) return base;
      const a = assessPower(r.watts, settings, {
        utilization: measuredUtilization(snap, [r.pod], basis),
        gpuWatts: gpuWatts(r.pod, basis),
        ...(pf ? { basis: periodBasis(pf) } : {}),
      });
      // Monthly kg saved on the month's own figures (as compare and regions give them), not the hour's share.
      const applicable = eachOptimizationMonthly(a.start, a.optimizationInputs).filter(
        (x) => x.optimization.applicable,
      );
      co2Potential += a.figures.monthlyKg * combineReductions(applicable.map((x) => x.monthlyReduction));
      for (const { optimization: o, monthlyReduction } of applicable) {
        const kg = a.figures.monthlyKg * monthlyReduction;
        const watts = Math.max(0, r.watts - o.estimated_new_power_watts);
        powerPotential += watts;
        actions.push({
          action_type: o.type,
          priority: kg >= PRIORITY_KG.high ? 'high' : kg >= PRIORITY_KG.medium ? 'medium' : 'low',
          resource: `${r.pod.namespace}/${r.pod.name}`,
          reason: o.description,
          params: o.params,
          estimated_reduction_percent: o.estimated_reduction_percent,
          estimated_savings_watts: watts,
          estimated_co2_reduction_kg_month: kg,
          implementation_steps: o.implementation_steps,
        });
      }
      return {
        ...base,
        status: a.status,
        carbon_compliant: a.carbonStatus !== 'NON_COMPLIANT',
        pue_compliant: a.pueStatus !== 'NON_COMPLIANT',
        monthly_emissions_kg: a.figures.monthlyKg,
      };
    });
    actions.sort(
      (x, y) =>
        y.estimated_co2_reduction_kg_month - x.estimated_co2_reduction_kg_month ||
        compareText(x.resource, y.resource),
    );
    const top = actions[0];
    return {
      namespace: args.namespace ?? 'all',
      threshold_watts: args.power_threshold_watts,
      summary: {
        total_hotspots: hot.length,
        total_power_watts: hotTotal,
        scope_power_watts: scope,
        hotspot_share_percent: scope > 0 ? (hotTotal / scope) * 100 : 0,
        total_preventive_actions: actions.length,
        high_priority_actions: actions.filter((a) => a.priority === 'high').length,
        potential_power_savings_watts: powerPotential,
        potential_co2_reduction_kg_month: co2Potential,
      },
      hotspots,
      preventive_actions: actions,
      recommendation: hotspotsAdvice('en', hot.length, args.power_threshold_watts, hotTotal, top),
      ...(pr ? { period: periodUsed(pr.period) } : {}),
      metrics: metricsInfo(snap, basis),
      // The grid is used even without the compliance check (the actions' CO2 reductions): always said.
      data_used: dataUsed(grid, settings, basisName(pr)),
    };
  },
  renderTable(r, style) {
    const s = r.summary;
    const line = TEXT.hotspotsLine(
      s.total_hotspots,
      fmt(r.threshold_watts),
      fmt(s.total_power_watts),
      fmt(s.hotspot_share_percent, 1),
      fmt(s.scope_power_watts),
    );
    if (r.hotspots.length === 0) return listing(style, '', { below: line });
    const withCompliance = r.hotspots[0]?.status !== undefined;
    const t = table(
      style,
      [
        '#',
        'Namespace',
        'Pod',
        'Node',
        'Power (W)',
        'GPU (W)',
        'Share',
        ...(withCompliance ? ['kgCO2e/month', 'Status'] : []),
      ],
      r.hotspots.map((h) => [
        h.rank,
        h.namespace,
        h.name,
        h.node,
        fmt(h.power_watts),
        knownFigure(h.gpu_watts),
        `${fmt(h.share_percent, 1)} %`,
        ...(withCompliance ? [fmt(h.monthly_emissions_kg ?? 0, 3), statusText(style, h.status ?? '')] : []),
      ]),
      ['right', 'left', 'left', 'left', 'right', 'right', 'right', 'right', 'left'],
      { secondary: [3, 5, 6] },
    );
    const why = (a: (typeof r.preventive_actions)[number]) =>
      optimizationText({ type: a.action_type, description: a.reason, params: a.params });
    // Below 120 columns a table would squeeze each action's sentence into a column of a dozen characters, ten
    // lines per row: there each action is one line of figures and its sentence wrapped beneath, full width.
    const narrow = !style.markdown && style.width !== undefined && style.width < 120;
    const actionList = () =>
      r.preventive_actions
        .map(
          (a) =>
            `${wrapText(
              `${tr(a.priority)}  ${a.resource}  ${a.action_type}  ${fmt(a.estimated_co2_reduction_kg_month, 3)} ${tr('kgCO2e/month saved')}`,
              Math.max(24, style.width!),
              '    ',
            )}\n${wrapText(`    ${why(a)}`, Math.max(24, style.width!), '    ')}`,
        )
        .join('\n');
    const actions = r.preventive_actions.length
      ? `\n\n${listing(
          style,
          narrow
            ? actionList()
            : table(
                style,
                ['Priority', 'Resource', 'Action', 'kgCO2e/month saved', 'Why'],
                r.preventive_actions.map((a) => [
                  tr(a.priority),
                  a.resource,
                  a.action_type,
                  fmt(a.estimated_co2_reduction_kg_month, 3),
                  why(a),
                ]),
                ['left', 'left', 'left', 'right', 'left'],
              ),
          {
            below: TEXT.hotspotsPotential(
              fmt(s.potential_co2_reduction_kg_month, 3),
              fmt(s.potential_power_savings_watts),
            ),
          },
        )}`
      : '';
    const advice = hotspotsAdvice(
      'run',
      s.total_hotspots,
      r.threshold_watts,
      s.total_power_watts,
      r.preventive_actions[0],
    );
    return listing(style, `${listing(style, t, { below: style.c.dim(line) })}${actions}`, { below: advice });
  },
});
