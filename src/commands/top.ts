/** `kcarbon top` / list_top_power_consumers: pods ranked by power. */
import { z } from 'zod';
import { assessPower, gridOf, runStatus } from '../carbon/assess.js';
import { JOULES_PER_KWH } from '../carbon/formulas.js';
import { TEXT } from '../i18n/text.js';
import { entityJoules, zonesOf } from '../kepler/basis.js';
import { MetricsInfoSchema, metricsInfo } from '../kepler/metrics-info.js';
import { podPower, rankedWatts } from '../kepler/power.js';
import { statusText } from '../render/compliance.js';
import { utcText } from '../render/instant.js';
import { columns, fmt, listing } from '../render/table.js';
import { compareText } from '../util/compare.js';
import { orderDesc } from '../util/desc-order.js';
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
import { TOP } from './manifests.js';
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
  scopePeriodFields,
  WorkloadEnergySchema,
  workloadsByEnergy,
} from './period.js';
import { scopeTotals, terminatedInScope } from './summary.js';
import { defineCommand } from './types.js';
import { loadScope } from './workload.js';

const input = z.object({
  namespace: namespaceInput,
  limit: z.number().int().min(1).max(10_000).default(10).describe('How many pods to list (default 10)'),
  sort_by: z
    .enum(['power', 'gpu'])
    .default('power')
    .describe(
      'Ranking: power (CPU + GPU watts, highest first) or gpu (GPU watts, highest first). There is no per-pod efficiency ranking: the idle share is a node property (node_idle_share_percent)',
    ),
  region: regionInput,
  standard: standardInput,
  include_terminated: z
    .boolean()
    .default(false)
    .describe('Also list the terminated pods Kepler still exports, with their energy (never in the ranking)'),
  ...periodShape,
});

const consumer = once(() =>
  z.object({
    rank: z.number(),
    name: z.string().describe('Pod name'),
    namespace: z.string(),
    node: z.string(),
    power_watts: z.number().describe('Pod power: CPU zones + GPU, as metrics.components says (W)'),
    ...componentWattsShape,
    share_percent: z.number().describe('Share of the scope total power'),
    zone_watts: z.record(z.string(), z.number()).describe('Pod CPU power per zone summed on its node (W)'),
    status: z
      .enum(['COMPLIANT', 'NON_COMPLIANT'])
      .describe('Selected standards (budgets are judged per workload)'),
    carbon_compliant: z.boolean(),
    pue_compliant: z.boolean(),
    monthly_emissions_kg: z.number(),
    ...nodeIdleShareShape,
    ...periodFields(),
  }),
);

const output = () =>
  z.object({
    namespace: z.string(),
    sort_by: z.string(),
    limit: z.number(),
    total_consumers: z.number().describe('Running pods in scope (before the limit)'),
    total_power_watts: z.number(),
    summary: z
      .object({
        total_consumers: z.number(),
        total_power_watts: z.number(),
        average_power_watts: z.number(),
        compliance_rate_percent: z.number(),
      })
      .describe('The scope at a glance (as get_power_consumption_summary)'),
    consumers: z.array(consumer()),
    terminated: z
      .array(
        z.object({
          name: z.string(),
          namespace: z.string(),
          node: z.string(),
          energy_kwh: z
            .number()
            .describe('Final energy counters, CPU zones + GPU as metrics.components says (kWh)'),
          gpu_energy_kwh: z.number().describe('GPU part of energy_kwh (kWh)'),
          last_power_watts: z.number(),
        }),
      )
      .optional()
      .describe('With include_terminated: finished pods, excluded from current power'),
    period: PeriodSchema().optional(),
    ...scopePeriodFields(),
    workloads: z
      .array(WorkloadEnergySchema())
      .optional()
      .describe('Over a period: workloads in scope by energy, highest first (the first `limit`)'),
    metrics: MetricsInfoSchema(),
    data_used: DataUsedSchema(),
  });
export type TopResult = z.infer<ReturnType<typeof output>>;

export const topCommand = defineCommand({
  ...TOP,
  input,
  output,
  primaryList: 'consumers',
  async run(args, outer) {
    const pr = await periodRun(args, outer);
    const ctx = pr?.ctx ?? outer;
    const scope = await loadScope(args, ctx);
    const { snap, basis, ranked } = scope;
    const settings = await assessSettings(args, ctx);
    const grid = gridOf(settings);
    const over = pr && new PeriodFiguresOf(pr, grid, settings);
    // Without a period (each pod's own hours) a pod's verdict does not depend on its power (top judges no budgets):
    // the run's verdict counts for every pod, and only the pods listed are assessed for their own figures.
    const status = over ? undefined : runStatus(settings);
    const { watts, gpu } = ranked.power;
    // Ties of GPU power by power, then in the ranking's order.
    const order =
      args.sort_by === 'gpu' ? orderDesc(gpu, ranked.order, (a, b) => watts[b]! - watts[a]!) : ranked.order;
    // Over a period a pod's power is its average (energy / hours), so this ranking is by energy; every pod's own
    // verdict counts then. Otherwise only the pods listed are made into rows.
    const rows = Array.from(over ? order : order.subarray(0, args.limit), (i) => {
      const pod = ranked.pods[i]!;
      const pf = over?.of([pod]);
      return {
        pod,
        watts: watts[i]!,
        pf,
        a: over ? assessPower(watts[i]!, settings, pf ? { basis: periodBasis(pf) } : {}) : undefined,
        split: componentWatts(pod, basis),
      };
    });
    const assessed = (r: (typeof rows)[number]) => r.a ?? assessPower(r.watts, settings);
    warnUnknownIdle(
      snap,
      basis,
      rows.slice(0, args.limit).map((r) => r.pod.node),
      ctx,
    );
    const scopePeriod = over?.of(scope.rows.map((r) => r.pod));
    const consumers = ranked.order.length;
    const compliant = over
      ? rows.filter((r) => r.a?.status === 'COMPLIANT').length
      : status === 'COMPLIANT'
        ? consumers
        : 0;
    const totals = scopeTotals(rankedWatts(ranked), consumers, compliant);
    const total = totals.total;
    return {
      namespace: args.namespace ?? 'all',
      sort_by: args.sort_by,
      limit: args.limit,
      total_consumers: consumers,
      total_power_watts: total,
      summary: {
        total_consumers: totals.total_consumers,
        total_power_watts: totals.total_power_watts,
        average_power_watts: totals.average_power_watts,
        compliance_rate_percent: totals.compliance_rate_percent,
      },
      ...(args.include_terminated
        ? {
            terminated: terminatedInScope(snap, args.namespace)
              .map((p) => ({
                name: p.name,
                namespace: p.namespace,
                node: p.node,
                energy_kwh: entityJoules(p, basis) / JOULES_PER_KWH,
                gpu_energy_kwh: basis.components.includes('gpu') ? (p.gpuJoules ?? 0) / JOULES_PER_KWH : 0,
                last_power_watts: podPower(p, basis),
              }))
              .sort((x, y) => y.energy_kwh - x.energy_kwh || compareText(x.name, y.name)),
          }
        : {}),
      consumers: rows.slice(0, args.limit).map((r, i) => {
        const a = assessed(r);
        return {
          rank: i + 1,
          name: r.pod.name,
          namespace: r.pod.namespace,
          node: r.pod.node,
          power_watts: r.watts,
          ...r.split,
          share_percent: total > 0 ? (r.watts / total) * 100 : 0,
          zone_watts: basis.components.includes('cpu')
            ? Object.fromEntries(zonesOf(basis, r.pod.node).map((z) => [z, r.pod.watts[z] ?? 0]))
            : {},
          status: a.status,
          carbon_compliant: a.carbonStatus !== 'NON_COMPLIANT',
          pue_compliant: a.pueStatus !== 'NON_COMPLIANT',
          monthly_emissions_kg: a.figures.monthlyKg,
          ...nodeIdleSharePercent(snap, r.pod.node, basis),
          ...(r.pf ? periodJson(r.pf) : {}),
        };
      }),
      ...(pr && over && scopePeriod
        ? {
            period: periodUsed(pr.period),
            energy_kwh: periodJson(scopePeriod).energy_kwh,
            emissions_kg: periodJson(scopePeriod).emissions_kg,
            intensity_weighted_gCO2eq_kWh: periodJson(scopePeriod).intensity_weighted_gCO2eq_kWh,
            workloads: workloadsByEnergy(
              scope.rows.map((r) => r.pod),
              over,
            ).slice(0, args.limit),
          }
        : {}),
      metrics: metricsInfo(snap, basis),
      data_used: dataUsed(grid, settings, basisName(pr)),
    };
  },
  renderTable(r, style) {
    const t = columns(
      style,
      [
        '#',
        'Namespace',
        'Pod',
        'Node',
        r.period ? 'Avg W' : 'Power (W)',
        'GPU (W)',
        'Share',
        r.period ? 'kWh' : 'kgCO2e/month',
        r.period ? 'kgCO2e' : 'Node idle',
        'Status',
      ],
      r.consumers.map((c) => [
        c.rank,
        c.namespace,
        c.name,
        c.node,
        fmt(c.power_watts),
        knownFigure(c.gpu_watts),
        `${fmt(c.share_percent, 1)} %`,
        r.period ? fmt(c.energy_kwh ?? 0, 3) : fmt(c.monthly_emissions_kg, 3),
        r.period
          ? fmt(c.emissions_kg ?? 0, 3)
          : c.node_idle_share_percent === undefined
            ? ''
            : `${fmt(c.node_idle_share_percent, 1)} %`,
        statusText(style, c.status),
      ]),
      ['right', 'left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'left'],
      { secondary: [3, 5, 8, 6], whole: [9] },
    );
    const shown =
      r.consumers.length < r.total_consumers ? TEXT.topShown(r.consumers.length, r.total_consumers) : '';
    const done = r.terminated?.length
      ? `\n\n${listing(
          style,
          columns(
            style,
            ['Namespace', 'Pod', 'Node', 'Energy (kWh)'],
            r.terminated.map((p) => [p.namespace, p.name, p.node, fmt(p.energy_kwh, 4)]),
            ['left', 'left', 'left', 'right'],
          ),
          { above: TEXT.terminatedHeading },
        )}`
      : '';
    const over = r.period
      ? TEXT.topPeriod(
          r.total_consumers,
          utcText(r.period.from),
          utcText(r.period.to),
          fmt(r.energy_kwh ?? 0, 3),
          fmt(r.emissions_kg ?? 0, 3),
        )
      : undefined;
    if (over) return listing(style, t, { below: style.c.dim(`${over}${shown}`) });
    const summed = r.metrics.components
      .map((c) => (c === 'cpu' ? `cpu: ${r.metrics.zones.join(' + ')}` : c))
      .join(', ');
    const footer = `${TEXT.topFooter(r.total_consumers, fmt(r.total_power_watts), summed)}${shown}`;
    return `${listing(style, t, { below: style.c.dim(footer) })}${done}`;
  },
});
