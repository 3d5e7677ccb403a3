/** `kcarbon summary` / get_power_consumption_summary: cluster or namespace power at a glance. */
import { z } from 'zod';
import { assessPower } from '../carbon/assess.js';
import { MetricsInfoSchema, metricsInfo } from '../kepler/metrics-info.js';
import type { KeplerSnapshot, PodEnergy } from '../kepler/model.js';
import { podsInScope } from '../kepler/workloads.js';
import { sumZones } from '../kepler/zones.js';
import { fmt, keyValues, table, watts } from '../render/table.js';
import { round } from '../util/round.js';
import { assessSettings, DataUsedSchema, dataUsed } from './carbon-settings.js';
import { namespaceInput, REGION_OPTION, regionInput, STANDARD_OPTION, standardInput } from './common.js';
import { defineCommand } from './types.js';
import { loadScope } from './workload.js';

const input = z.object({
  namespace: namespaceInput,
  region: regionInput,
  standard: standardInput,
});

const output = z.object({
  namespace: z.string().describe('The namespace summarised, or "all"'),
  total_consumers: z.number().describe('Running pods with Kepler metrics in scope'),
  total_power_watts: z.number().describe('Sum of running pods power in the selected zones (W)'),
  average_power_watts: z.number().describe('total_power_watts / total_consumers (W)'),
  hourly_emissions_gCO2eq: z
    .number()
    .describe('Total W / 1000 x PUE x grid intensity at the assessment time'),
  monthly_emissions_kg: z.number().describe('hourly x 730 / 1000'),
  compliance_rate_percent: z.number().describe('Share of running pods COMPLIANT with the selected standards'),
  terminated_pods: z.number().describe('Pods Kepler still exports as terminated (not in current power)'),
  namespaces: z
    .array(
      z.object({
        namespace: z.string(),
        pods: z.number(),
        power_watts: z.number(),
        share_percent: z.number(),
      }),
    )
    .describe('Every namespace in scope, highest power first (no truncation)'),
  nodes: z
    .array(
      z.object({
        node: z.string(),
        pods: z.number(),
        pods_power_watts: z.number().describe('Sum of running pods power on the node (W)'),
        node_active_watts: z.number().describe('Node active power in the same zones (W)'),
        node_idle_watts: z.number().describe('Node idle power in the same zones; not allocated to pods (W)'),
      }),
    )
    .describe('Per node: pod power beside the node active and idle power'),
  top_3_consumers: z.array(
    z.object({ name: z.string(), namespace: z.string(), power_watts: z.number(), compliant: z.boolean() }),
  ),
  metrics: MetricsInfoSchema,
  data_used: DataUsedSchema,
});
export type SummaryResult = z.infer<typeof output>;

/** The headline figures of a scope (get_power_consumption_summary), also in top's `summary`. */
export function scopeTotals(rows: { watts: number; a: { status: string } }[]) {
  const total = rows.reduce((s, r) => s + r.watts, 0);
  return {
    total,
    total_consumers: rows.length,
    total_power_watts: round(total),
    average_power_watts: round(total / rows.length),
    compliance_rate_percent: round(
      (rows.filter((r) => r.a.status === 'COMPLIANT').length / rows.length) * 100,
      2,
    ),
  };
}

/** Terminated pods Kepler still exports in the scope (never in current power). */
export function terminatedInScope(snap: KeplerSnapshot, namespace: string | undefined): PodEnergy[] {
  return podsInScope(snap, namespace, { includeTerminated: true }).filter((p) => p.state === 'terminated');
}

export const summaryCommand = defineCommand({
  name: 'summary',
  tool: 'get_power_consumption_summary',
  title: 'Power consumption summary',
  summary: 'Cluster or namespace power: totals, per namespace and per node',
  description:
    'Total, average and per-namespace power of running pods measured by Kepler (package + dram zones by default), ' +
    'with per-node pod, active and idle power. Terminated pods are counted but not in current power.',
  input,
  output,
  args: [],
  options: [REGION_OPTION, STANDARD_OPTION],
  primaryList: 'namespaces',
  readsMetrics: true,
  levels: [],
  async run(args, ctx) {
    const scope = await loadScope(args, ctx);
    const snap = scope.snap;
    const settings = await assessSettings(args, ctx);
    const rows = scope.rows.map((r) => ({
      ...r,
      a: assessPower(r.watts, settings),
    }));
    const totals = scopeTotals(rows);
    const total = totals.total;
    const all = assessPower(total, settings);
    const byNs = new Map<string, { pods: number; watts: number }>();
    const byNode = new Map<string, { pods: number; watts: number }>();
    for (const r of rows) {
      const ns = byNs.get(r.pod.namespace) ?? { pods: 0, watts: 0 };
      ns.pods++;
      ns.watts += r.watts;
      byNs.set(r.pod.namespace, ns);
      const nd = byNode.get(r.pod.node) ?? { pods: 0, watts: 0 };
      nd.pods++;
      nd.watts += r.watts;
      byNode.set(r.pod.node, nd);
    }

    return {
      namespace: args.namespace ?? 'all',
      total_consumers: totals.total_consumers,
      total_power_watts: totals.total_power_watts,
      average_power_watts: totals.average_power_watts,
      hourly_emissions_gCO2eq: round(all.figures.hourlyGrams, 4),
      monthly_emissions_kg: round(all.figures.monthlyKg, 4),
      compliance_rate_percent: totals.compliance_rate_percent,
      terminated_pods: terminatedInScope(snap, args.namespace).length,
      namespaces: [...byNs.entries()]
        .sort((a, b) => b[1].watts - a[1].watts || a[0].localeCompare(b[0]))
        .map(([namespace, v]) => ({
          namespace,
          pods: v.pods,
          power_watts: round(v.watts),
          share_percent: round(total > 0 ? (v.watts / total) * 100 : 0, 2),
        })),
      nodes: snap.nodes
        .filter((n) => byNode.has(n.name) || args.namespace === undefined)
        .map((n) => ({
          node: n.name,
          pods: byNode.get(n.name)?.pods ?? 0,
          pods_power_watts: round(byNode.get(n.name)?.watts ?? 0),
          node_active_watts: round(sumZones(n.activeWatts, ctx.zones)),
          node_idle_watts: round(sumZones(n.idleWatts, ctx.zones)),
        }))
        .sort((a, b) => a.node.localeCompare(b.node)),
      top_3_consumers: rows.slice(0, 3).map((r) => ({
        name: r.pod.name,
        namespace: r.pod.namespace,
        power_watts: round(r.watts),
        compliant: r.a.status === 'COMPLIANT',
      })),
      metrics: metricsInfo(snap, ctx.zones),
      data_used: dataUsed(all.grid, settings),
    };
  },
  renderTable(r, style) {
    const head = keyValues(style, [
      ['Scope', r.namespace === 'all' ? 'all namespaces' : `namespace ${r.namespace}`],
      ['Running pods', String(r.total_consumers)],
      ['Total power', style.c.bold(watts(r.total_power_watts))],
      ['Average per pod', watts(r.average_power_watts)],
      [
        'Emissions',
        `${fmt(r.hourly_emissions_gCO2eq, 2)} gCO2e/h, ${fmt(r.monthly_emissions_kg, 3)} kgCO2e/month in ${r.data_used.grid.region}`,
      ],
      [
        'Compliant pods',
        `${fmt(r.compliance_rate_percent, 1)} % (${r.data_used.standards.map((s) => s.code).join(', ')})`,
      ],
      ['Terminated pods', `${r.terminated_pods} (not in current power)`],
      ['Zones', r.metrics.zones.join(' + ')],
    ]);
    const ns = table(
      style,
      ['Namespace', 'Pods', 'Power (W)', 'Share'],
      r.namespaces.map((n) => [n.namespace, n.pods, fmt(n.power_watts), `${fmt(n.share_percent, 1)} %`]),
      ['left', 'right', 'right', 'right'],
    );
    const nodes = table(
      style,
      ['Node', 'Pods', 'Pods (W)', 'Node active (W)', 'Node idle (W)'],
      r.nodes.map((n) => [
        n.node,
        n.pods,
        fmt(n.pods_power_watts),
        fmt(n.node_active_watts),
        fmt(n.node_idle_watts),
      ]),
      ['left', 'right', 'right', 'right', 'right'],
    );
    return `${head}\n\n${ns}\n\n${nodes}`;
  },
});
