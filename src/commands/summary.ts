/** `kcarbon summary` / get_power_consumption_summary: cluster or namespace power at a glance. */
import { z } from 'zod';
import { assessPower, gridOf, runStatus } from '../carbon/assess.js';
import { tr } from '../i18n/index.js';
import { TEXT } from '../i18n/text.js';
import { type NodePower, nodePower, type PowerBasis, zonesOf } from '../kepler/basis.js';
import { MetricsInfoSchema, metricsInfo } from '../kepler/metrics-info.js';
import type { KeplerSnapshot, NodeEnergy, PodEnergy } from '../kepler/model.js';
import { nodePowers, type PodPowerRow, type PodTable, type RankedPods, rankedRows } from '../kepler/power.js';
import { podsInScope } from '../kepler/workloads.js';
import { utcText } from '../render/instant.js';
import { fmt, keyValues, table, watts } from '../render/table.js';
import { compareText } from '../util/compare.js';
import { frozen, memo } from '../util/memo.js';
import { assessSettings, DataUsedSchema, dataUsed } from './carbon-settings.js';
import { namespaceInput, regionInput, standardInput } from './common.js';
import { knownFigure, warnUnknownIdle } from './components.js';
import { SUMMARY } from './manifests.js';
import {
  nodesByEnergy,
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
import { defineCommand } from './types.js';
import { loadScope } from './workload.js';

const input = z.object({
  namespace: namespaceInput,
  region: regionInput,
  standard: standardInput,
  ...periodShape,
});

const output = () =>
  z.object({
    namespace: z.string().describe('The namespace summarised, or "all"'),
    total_consumers: z.number().describe('Running pods with Kepler metrics in scope'),
    total_power_watts: z
      .number()
      .describe('Sum of running pods power: CPU zones + GPU, as metrics.components says (W)'),
    total_cpu_watts: z.number().describe('CPU part of total_power_watts (W)'),
    total_gpu_watts: z.number().describe('GPU part of total_power_watts (W)'),
    average_power_watts: z.number().describe('total_power_watts / total_consumers (W)'),
    hourly_emissions_gCO2eq: z
      .number()
      .describe('Total W / 1000 x PUE x grid intensity at the assessment time'),
    monthly_emissions_kg: z.number().describe('hourly x 730 / 1000'),
    compliance_rate_percent: z
      .number()
      .describe('Share of running pods COMPLIANT with the selected standards'),
    terminated_pods: z.number().describe('Pods Kepler still exports as terminated (not in current power)'),
    namespaces: z
      .array(
        z.object({
          namespace: z.string(),
          pods: z.number(),
          power_watts: z.number(),
          gpu_watts: z.number().describe('GPU part of power_watts (W)'),
          share_percent: z.number(),
          idle_allocated_watts: z
            .number()
            .nullable()
            .describe(
              "Node idle power these pods would carry if idle were shared out: per node and component, idle x the pod's share of the node's active power. Not in power_watts. null: a node of theirs gives no idle figure, and always over a period (the history holds pod energy only: no node idle power)",
            ),
          ...periodFields(),
        }),
      )
      .describe('Every namespace in scope, highest power (over a period: energy) first (no truncation)'),
    period: PeriodSchema().optional(),
    ...scopePeriodFields(),
    workloads: z
      .array(WorkloadEnergySchema())
      .optional()
      .describe('Over a period: every workload in scope by energy, highest first'),
    nodes_energy: z
      .array(
        z.object({
          node: z.string(),
          pods: z.number(),
          energy_kwh: z.number().describe("Energy of the node's pods in scope (not the node's idle energy)"),
          emissions_kg: z.number(),
        }),
      )
      .optional()
      .describe('Over a period: the energy of the pods on each node, highest first'),
    nodes: z
      .array(
        z.object({
          node: z.string(),
          pods: z.number(),
          pods_power_watts: z.number().describe('Sum of running pods power on the node, in scope (W)'),
          node_active_watts: z
            .number()
            .nullable()
            .describe(
              'Node active power, CPU zones + GPU as selected (W); null: its GPU active power is unknown',
            ),
          node_idle_watts: z
            .number()
            .nullable()
            .describe(
              'Node idle power, CPU zones + GPU as selected; not allocated to pods (W). null: unknown (no idle gauge, nor a total to take it from)',
            ),
          cpu_active_watts: z.number().describe('Node CPU active power in the node zones (W)'),
          cpu_idle_watts: z
            .number()
            .nullable()
            .describe(
              'Node CPU idle power in the node zones (W); its idle gauge, else total - active; null: unknown',
            ),
          gpu_active_watts: z
            .number()
            .nullable()
            .describe(
              'Node GPU active power, all GPUs (W); its active gauge, else total - idle; null: unknown (a GPU that reports only its total)',
            ),
          gpu_idle_watts: z.number().nullable().describe('Node GPU idle power, all GPUs (W); null: unknown'),
          gpus: z.number().describe('GPUs Kepler meters on the node'),
          zones: z.array(z.string()).describe('CPU zones summed on this node'),
          idle_share_percent: z
            .number()
            .optional()
            .describe(
              'node_idle_watts / (node_active_watts + node_idle_watts) x 100: a property of the node',
            ),
          platform_watts: z
            .number()
            .optional()
            .describe('Whole-server power from the BMC (kepler_platform_watts, Redfish); absent without one'),
          platform_unattributed_watts: z
            .number()
            .optional()
            .describe(
              'platform_watts minus the power of every running pod on the node: fans, power supplies, idle, other devices (W)',
            ),
          platform_unattributed_percent: z
            .number()
            .optional()
            .describe('platform_unattributed_watts / platform_watts x 100'),
          measured: z
            .boolean()
            .describe("false on Kepler's fake CPU meter: the node's figures are not measured"),
        }),
      )
      .describe(
        'Per node: pod power beside the node active and idle power per component, and platform power (current readings only: empty over a period)',
      ),
    top_3_consumers: z.array(
      z.object({ name: z.string(), namespace: z.string(), power_watts: z.number(), compliant: z.boolean() }),
    ),
    metrics: MetricsInfoSchema(),
    data_used: DataUsedSchema(),
  });
export type SummaryResult = z.infer<ReturnType<typeof output>>;

/** The headline figures of a scope (get_power_consumption_summary), also in top's `summary`. */
export function scopeTotals(total: number, consumers: number, compliant: number) {
  return {
    total,
    total_consumers: consumers,
    total_power_watts: total,
    average_power_watts: total / consumers,
    compliance_rate_percent: (compliant / consumers) * 100,
  };
}

function withoutAverage<T extends { average_power_watts: number }>(j: T): Omit<T, 'average_power_watts'> {
  const { average_power_watts: _, ...rest } = j;
  return rest;
}

/** Terminated pods Kepler still exports in the scope (never in current power). */
export function terminatedInScope(snap: KeplerSnapshot, namespace: string | undefined): PodEnergy[] {
  return podsInScope(snap, namespace, { includeTerminated: true }).filter((p) => p.state === 'terminated');
}

/** One node of the summary: pods in scope, node power per component, idle share and platform power. */
function nodeRow(
  n: NodeEnergy,
  inScope: { pods: number; watts: number } | undefined,
  runningWatts: ReadonlyMap<string, number>,
  basis: PowerBasis,
) {
  const p = nodePower(n, basis);
  const active = p.gpuActive === undefined ? undefined : p.cpuActive + p.gpuActive;
  const idle = p.cpuIdle === undefined || p.gpuIdle === undefined ? undefined : p.cpuIdle + p.gpuIdle;
  // Platform power is the whole server: compare it with every running pod on the node, whatever the scope.
  const allPods = runningWatts.get(n.name) ?? 0;
  const platform = n.platformWatts;
  const unattributed = platform === undefined ? null : platform - allPods;
  return {
    node: n.name,
    pods: inScope?.pods ?? 0,
    pods_power_watts: inScope?.watts ?? 0,
    node_active_watts: active ?? null,
    node_idle_watts: idle ?? null,
    cpu_active_watts: p.cpuActive,
    cpu_idle_watts: p.cpuIdle ?? null,
    gpu_active_watts: p.gpuActive ?? null,
    gpu_idle_watts: p.gpuIdle ?? null,
    gpus: p.gpus,
    zones: [...zonesOf(basis, n.name)],
    ...(idle !== undefined && active !== undefined && active + idle > 0
      ? { idle_share_percent: (idle / (active + idle)) * 100 }
      : {}),
    ...(platform === undefined || unattributed === null
      ? {}
      : {
          platform_watts: platform,
          platform_unattributed_watts: unattributed,
          ...(platform > 0 ? { platform_unattributed_percent: (unattributed / platform) * 100 } : {}),
        }),
    measured: !n.fakeMeter,
  };
}

/**
 * Power of every running pod on each node, whatever the scope, added in snapshot order (once, not once per
 * node), by node name.
 */
function runningWattsByNode(power: PodTable): Map<string, number> {
  const { running, node, watts } = power;
  const sums = new Float64Array(power.nodes.length);
  for (let k = 0; k < running.length; k++) sums[node[running[k]!]!]! += watts[running[k]!]!;
  return new Map(power.nodes.map((name, d) => [name, sums[d]!]));
}

/**
 * The sums of a scope's running pods (ranked, highest first) that need no verdict, grid or period: total and GPU
 * power, namespace rows (highest power first), node rows and terminated pods. Pure in the ranking (one per
 * snapshot, basis and namespace), so it is worked out once per snapshot. Every sum adds in ranking order, into
 * arrays by namespace and node index (the pod table's columns: no pod object is read).
 */
export function scopeAggregate(
  ranked: RankedPods,
  snap: KeplerSnapshot,
  basis: PowerBasis,
  namespace: string | undefined,
) {
  return memo(ranked, 'summary', () => {
    const { order, power } = ranked;
    const { watts, gpu, cpu } = power;
    const nsOf = power.namespace;
    const nodeOf = power.node;
    const nsPods = new Int32Array(power.namespaces.length);
    const nsWatts = new Float64Array(power.namespaces.length);
    const nsGpu = new Float64Array(power.namespaces.length);
    const nsIdle = new Float64Array(power.namespaces.length);
    const nodePods = new Int32Array(power.nodes.length);
    const nodeWatts = new Float64Array(power.nodes.length);
    // Each node's active and idle power per component, by node index (0 for a node that reports none; NaN for
    // an idle figure the node does not give, so the namespaces with pods on it have none either).
    const byName = nodePowers(snap, basis);
    const nodePower = (f: (p: NodePower) => number | undefined) =>
      Float64Array.from(power.nodes, (name) => {
        const p = byName.get(name);
        return p ? (f(p) ?? Number.NaN) : 0;
      });
    const cpuActive = nodePower((p) => p.cpuActive);
    const cpuIdle = nodePower((p) => p.cpuIdle);
    const gpuActive = nodePower((p) => p.gpuActive);
    const gpuIdle = nodePower((p) => p.gpuIdle);
    let total = 0;
    let totalGpu = 0;
    // Namespaces in the order the ranking first meets them: rows equal in power and name (for the collator: a
    // zero-width space, NFC against NFD) keep that order through the stable sort below, as they always have.
    const nsInOrder: number[] = [];
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      const w = watts[i]!;
      const g = gpu[i]!;
      const s = nsOf[i]!;
      const d = nodeOf[i]!;
      total += w;
      totalGpu += g;
      if (nsPods[s] === 0) nsInOrder.push(s);
      nsPods[s]!++;
      nsWatts[s]! += w;
      nsGpu[s]! += g;
      // The node idle power the pod would carry if idle were shared out (it is not, by Kepler or in pod power):
      // per component, node idle x the pod's share of the node's active power in that component (Kepler's own
      // split of active power by CPU time, reused); 0 where the node reports no active power in a component, unknown
      // (NaN) where its GPU active power is (a GPU pod's share of it is then unknown).
      const ca = cpuActive[d]!;
      const ga = gpuActive[d]!;
      nsIdle[s]! +=
        (ca > 0 && cpu[i]! > 0 ? (cpuIdle[d]! * cpu[i]!) / ca : 0) +
        (g > 0 && (ga > 0 || Number.isNaN(ga)) ? (gpuIdle[d]! * g) / ga : 0);
      nodePods[d]!++;
      nodeWatts[d]! += w;
    }
    const inScope = new Map<string, { pods: number; watts: number }>();
    power.nodes.forEach((name, d) => {
      if (nodePods[d]! > 0) inScope.set(name, { pods: nodePods[d]!, watts: nodeWatts[d]! });
    });
    // Platform power is compared with every running pod on its node: summed only when some node has it.
    const running = snap.nodes.some((n) => n.platformWatts !== undefined)
      ? runningWattsByNode(power)
      : new Map<string, number>();
    const namespaces = nsInOrder
      .map((s) => ({
        namespace: power.namespaces[s]!,
        pods: nsPods[s]!,
        power_watts: nsWatts[s]!,
        gpu_watts: nsGpu[s]!,
        share_percent: total > 0 ? (nsWatts[s]! / total) * 100 : 0,
        idle_allocated_watts: Number.isNaN(nsIdle[s]!) ? null : nsIdle[s]!,
      }))
      .sort((a, b) => b.power_watts - a.power_watts || compareText(a.namespace, b.namespace));
    return {
      total,
      totalGpu,
      namespaces: frozen(namespaces),
      nodes: frozen(
        snap.nodes
          .filter((n) => inScope.has(n.name) || namespace === undefined)
          .map((n) => nodeRow(n, inScope.get(n.name), running, basis))
          .sort((a, b) => compareText(a.node, b.node)),
      ),
      terminated: terminatedCount(power, namespace),
    };
  });
}

/** How many terminated pods Kepler still exports in the scope (`terminatedInScope`, counted). */
function terminatedCount(power: PodTable, namespace: string | undefined): number {
  if (namespace === undefined) return power.terminated.reduce((a, b) => a + b, 0);
  const ns = power.namespaces.indexOf(namespace);
  return ns < 0 ? 0 : power.terminated[ns]!;
}

/** Namespace rows with their period's figures, from the pods of each (in ranking order). */
function namespacesOver<T extends { namespace: string }>(
  rows: readonly T[],
  pods: ReadonlyMap<string, PodEnergy[]>,
  over: PeriodFiguresOf,
) {
  // Over a period there is no node idle power to share out (the history holds pod energy only): unknown, not 0 W.
  return rows.map((n) => ({
    ...n,
    idle_allocated_watts: null,
    ...periodJson(over.of(pods.get(n.namespace)!)),
  }));
}

/** The scope's pods of each namespace, in ranking order (what a period's figures per namespace are of). */
function podsByNamespace(ranked: RankedPods): Map<string, PodEnergy[]> {
  const lists = new Map<string, PodEnergy[]>();
  for (const i of ranked.order) {
    const pod = ranked.pods[i]!;
    const list = lists.get(pod.namespace);
    if (list === undefined) lists.set(pod.namespace, [pod]);
    else list.push(pod);
  }
  return lists;
}

export const summaryCommand = defineCommand({
  ...SUMMARY,
  input,
  output,
  primaryList: 'namespaces',
  async run(args, outer) {
    const pr = await periodRun(args, outer);
    const ctx = pr?.ctx ?? outer;
    const scope = await loadScope(args, ctx);
    const snap = scope.snap;
    const basis = scope.basis;
    const settings = await assessSettings(args, ctx);
    const over = pr && new PeriodFiguresOf(pr, gridOf(settings), settings);
    // What depends only on the pods in scope is summed once per snapshot (the MCP server's cached one too);
    // verdicts, grid and period figures are the call's own.
    const agg = scopeAggregate(scope.ranked, snap, basis, args.namespace);
    warnUnknownIdle(
      snap,
      basis,
      agg.nodes.map((n) => n.node),
      ctx,
    );
    const consumers = scope.ranked.order.length;
    // Without a period (each pod's own hours) or budgets every pod gets the run's verdict: judged once.
    const status = over ? undefined : runStatus(settings);
    const statusOf = (r: PodPowerRow) =>
      status ?? assessPower(r.watts, settings, { basis: periodBasis(over!.of([r.pod])) }).status;
    const compliant =
      status === undefined
        ? scope.rows.filter((r) => statusOf(r) === 'COMPLIANT').length
        : status === 'COMPLIANT'
          ? consumers
          : 0;
    const totals = scopeTotals(agg.total, consumers, compliant);
    const total = agg.total;
    const allPeriod = over?.of(scope.rows.map((r) => r.pod));
    const all = assessPower(total, settings, allPeriod ? { basis: periodBasis(allPeriod) } : {});

    return {
      namespace: args.namespace ?? 'all',
      total_consumers: totals.total_consumers,
      total_power_watts: totals.total_power_watts,
      total_cpu_watts: total - agg.totalGpu,
      total_gpu_watts: agg.totalGpu,
      average_power_watts: totals.average_power_watts,
      hourly_emissions_gCO2eq: all.figures.hourlyGrams,
      monthly_emissions_kg: all.figures.monthlyKg,
      compliance_rate_percent: totals.compliance_rate_percent,
      terminated_pods: agg.terminated,
      namespaces: over ? namespacesOver(agg.namespaces, podsByNamespace(scope.ranked), over) : agg.namespaces,
      ...(pr && allPeriod
        ? {
            period: periodUsed(pr.period),
            ...withoutAverage(periodJson(allPeriod)),
            workloads: workloadsByEnergy(
              scope.rows.map((r) => r.pod),
              over!,
            ),
            nodes_energy: nodesByEnergy(
              scope.rows.map((r) => r.pod),
              over!,
            ),
          }
        : {}),
      // Node power is a current reading: over a period the history holds pod energy only, so no node rows
      // (never 0 W for data not read).
      nodes: pr ? [] : agg.nodes,
      top_3_consumers: rankedRows(scope.ranked, 3).map((r) => ({
        name: r.pod.name,
        namespace: r.pod.namespace,
        power_watts: r.watts,
        compliant: statusOf(r) === 'COMPLIANT',
      })),
      metrics: metricsInfo(snap, basis),
      data_used: dataUsed(all.grid, settings, all.basis.basis),
    };
  },
  renderTable(r, style) {
    const head = keyValues(style, [
      ['Scope', r.namespace === 'all' ? tr('all namespaces') : TEXT.namespaceScope(r.namespace)],
      // Over a period the pods are those that ran in it, and the power is the period's average (energy / hours).
      [r.period ? 'Pods in the period' : 'Running pods', String(r.total_consumers)],
      [
        r.period ? 'Average power' : 'Total power',
        `${style.c.bold(watts(r.total_power_watts))}${r.total_gpu_watts > 0 ? ` (CPU ${watts(r.total_cpu_watts)}, GPU ${watts(r.total_gpu_watts)})` : ''}`,
      ],
      ['Average per pod', watts(r.average_power_watts)],
      [
        'Emissions',
        TEXT.emissionsIn(
          fmt(r.hourly_emissions_gCO2eq, 2),
          fmt(r.monthly_emissions_kg, 3),
          r.data_used.grid.region,
        ),
      ],
      [
        'Compliant pods',
        `${fmt(r.compliance_rate_percent, 1)} % (${r.data_used.standards.map((s) => s.code).join(', ')})`,
      ],
      // Terminated pods count in a period's energy: "not in current power" only applies to a current reading.
      ...(r.period ? [] : [['Terminated pods', TEXT.terminated(r.terminated_pods)] as [string, string]]),
      ['Summed', TEXT.summed(r.metrics.components.join(' + '), r.metrics.zones.join(' + '))],
    ]);
    const ns = table(
      style,
      ['Namespace', 'Pods', 'Power (W)', 'GPU (W)', 'Share'],
      r.namespaces.map((n) => [
        n.namespace,
        n.pods,
        fmt(n.power_watts),
        fmt(n.gpu_watts),
        `${fmt(n.share_percent, 1)} %`,
      ]),
      ['left', 'right', 'right', 'right', 'right'],
    );
    const opt = (v: number | undefined) => (v === undefined ? '' : fmt(v));
    const nodes = table(
      style,
      [
        'Node',
        'Pods',
        'Pods (W)',
        'CPU active (W)',
        'CPU idle (W)',
        'GPU active (W)',
        'GPU idle (W)',
        'Idle share',
        'Platform (W)',
        'Unattributed',
      ],
      r.nodes.map((n) => [
        `${n.node}${n.measured ? '' : ' (fake meter)'}`,
        n.pods,
        fmt(n.pods_power_watts),
        fmt(n.cpu_active_watts),
        knownFigure(n.cpu_idle_watts),
        n.gpus > 0 ? knownFigure(n.gpu_active_watts) : '',
        n.gpus > 0 ? knownFigure(n.gpu_idle_watts) : '',
        n.idle_share_percent === undefined ? '' : `${fmt(n.idle_share_percent, 1)} %`,
        opt(n.platform_watts),
        n.platform_unattributed_percent === undefined
          ? ''
          : `${opt(n.platform_unattributed_watts)} (${fmt(n.platform_unattributed_percent, 1)} %)`,
      ]),
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
      // On a narrow terminal the platform and GPU columns move to -o wide (in this order).
      { secondary: [9, 8, 6, 5] },
    );
    if (r.period && r.workloads) {
      const energy = keyValues(style, [
        ['Period', TEXT.periodSpan(utcText(r.period.from), utcText(r.period.to), fmt(r.period.hours, 2))],
        [
          'Energy',
          TEXT.periodEnergy(
            fmt(r.energy_kwh ?? 0, 3),
            fmt(r.emissions_kg ?? 0, 3),
            fmt(r.intensity_weighted_gCO2eq_kWh ?? 0, 1),
          ),
        ],
      ]);
      const wl = table(
        style,
        ['Namespace', 'Workload', 'Kind', 'Pods', 'kWh', 'kgCO2e', 'g/kWh'],
        r.workloads.map((w) => [
          w.namespace,
          w.workload,
          w.kind,
          w.pods,
          fmt(w.energy_kwh, 3),
          fmt(w.emissions_kg, 3),
          fmt(w.intensity_weighted_gCO2eq_kWh, 1),
        ]),
        ['left', 'left', 'left', 'right', 'right', 'right', 'right'],
      );
      const nodesEnergy = table(
        style,
        ['Node', 'Pods', 'kWh', 'kgCO2e'],
        (r.nodes_energy ?? []).map((n) => [n.node, n.pods, fmt(n.energy_kwh, 3), fmt(n.emissions_kg, 3)]),
        ['left', 'right', 'right', 'right'],
      );
      return `${energy}\n\n${head}\n\n${wl}\n\n${ns}\n\n${nodesEnergy}`;
    }
    return `${head}\n\n${ns}\n\n${nodes}`;
  },
});
