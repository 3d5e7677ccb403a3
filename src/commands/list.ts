/** `kcarbon list` / list_workloads_by_compliance: every workload with its compliance status. */
import { z } from 'zod';
import { assessPower, figures, gridOf, measuredUtilization } from '../carbon/assess.js';
import {
  type CheckResult,
  CheckResultSchema,
  evaluateChecks,
  type Figures,
  StatusSchema,
} from '../carbon/checks.js';
import type { KcarbonConfig } from '../config/schema.js';
import { tr } from '../i18n/index.js';
import { TEXT } from '../i18n/text.js';
import { gpuWatts, shownGpuWatts } from '../kepler/basis.js';
import { MetricsInfoSchema, metricsInfo } from '../kepler/metrics-info.js';
import { warning } from '../kepler/model.js';
import { podPower } from '../kepler/power.js';
import { closestNames, groupWorkloads } from '../kepler/workloads.js';
import { checkFigure, statusText } from '../render/compliance.js';
import { utcText } from '../render/instant.js';
import { columns, fmt, listing } from '../render/table.js';
import { compareText } from '../util/compare.js';
import {
  assessSettings,
  DataUsedSchema,
  dataUsed,
  namespaceBudget,
  workloadBudget,
} from './carbon-settings.js';
import { maxKgMonthInput, maxWattsInput, namespaceInput, regionInput, standardInput } from './common.js';
import { knownFigure } from './components.js';
import { GateSchema, gatePolicyShape, judgeGate } from './gate.js';
import { LIST } from './manifests.js';
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
import { defineCommand, type RunContext } from './types.js';
import { loadScope } from './workload.js';

const input = z.object({
  namespace: namespaceInput,
  standard: standardInput,
  status_filter: StatusSchema.optional().describe(
    'Show only workloads with this status (display only: counts and the exit code use every workload)',
  ),
  region: regionInput,
  max_watts: maxWattsInput.describe('Budget for every workload: fail when one draws more watts'),
  max_kg_month: maxKgMonthInput.describe(
    'Budget for every workload: fail when one emits more kg CO2e per month',
  ),
  ...periodShape,
  ...gatePolicyShape,
});

const statusOrNone = z.enum(['COMPLIANT', 'NON_COMPLIANT', 'NOT_ASSESSED']);
const workloadRow = z.object({
  workload: z.string(),
  namespace: z.string(),
  kind: z.string(),
  pods: z.number(),
  status: StatusSchema,
  carbon_status: statusOrNone,
  pue_status: statusOrNone,
  budget_status: statusOrNone,
  power_watts: z
    .number()
    .describe("Sum of the workload's running pods: CPU zones + GPU, as metrics.components says (W)"),
  gpu_watts: z
    .number()
    .nullable()
    .describe(
      'GPU part of power_watts (W); null: a pod of its GPU power is unknown (warning gpu-energy-unknown), left out of power_watts',
    ),
  emissions_kg_month: z.number(),
  ...periodFields(),
  failed_checks: z.array(z.string()),
  checks: z.array(CheckResultSchema()).describe('Every check judged on the workload'),
});

const output = () =>
  z.object({
    namespace: z.string(),
    standards: z.array(z.string()).describe('Codes of the standards checked'),
    region: z.string(),
    status_filter: z.string().nullable(),
    total_workloads: z.number().describe('Every workload in scope, before the filter'),
    compliant_count: z.number(),
    non_compliant_count: z.number(),
    compliance_summary: z.object({
      fully_compliant: z.number(),
      carbon_compliant: z.number(),
      pue_compliant: z.number(),
      non_compliant: z.number(),
    }),
    workloads: z.array(workloadRow).describe('Workloads shown (after status_filter), highest power first'),
    hidden_findings: z
      .array(
        z.object({
          namespace: z.string(),
          workload: z.string(),
          kind: z.string(),
          checks: z.array(CheckResultSchema()).describe('Its NON_COMPLIANT checks'),
        }),
      )
      .optional()
      .describe(
        'Workloads status_filter hid that have NON_COMPLIANT checks: the gate counts them, so SARIF, JUnit and GitHub annotations list them too',
      ),
    namespace_checks: z
      .array(
        z.object({
          namespace: z.string(),
          power_watts: z.number(),
          emissions_kg_month: z.number(),
          checks: z.array(CheckResultSchema()),
        }),
      )
      .describe('Namespace budgets from the config, judged on the namespace totals'),
    gate: GateSchema(),
    period: PeriodSchema().optional(),
    metrics: MetricsInfoSchema(),
    data_used: DataUsedSchema(),
  });
export type ListResult = z.infer<ReturnType<typeof output>>;

export const listCommand = defineCommand({
  ...LIST,
  input,
  output,
  primaryList: 'workloads',
  async run(args, outer) {
    const pr = await periodRun(args, outer);
    const ctx = pr?.ctx ?? outer;
    const { snap, basis, rows: scope } = await loadScope(args, ctx);
    const pods = scope.map((r) => r.pod);
    const settings = await assessSettings(args, ctx);
    const grid = gridOf(settings);
    const over = pr && new PeriodFiguresOf(pr, grid, settings);
    const groups = groupWorkloads(pods);
    const rows = groups.map((g, i) => {
      ctx.progress(i, groups.length, TEXT.progressAssessing(`${g.namespace}/${g.name}`));
      const power = g.pods.reduce((s, p) => s + podPower(p, basis), 0);
      const gpu = g.pods.reduce((s, p) => s + gpuWatts(p, basis), 0);
      const pf = over?.of(g.pods);
      const a = assessPower(power, settings, {
        budget: workloadBudget(settings.config, g.namespace, g.name, args),
        utilization: measuredUtilization(snap, g.pods, basis),
        gpuWatts: gpu,
        ...(pf ? { basis: periodBasis(pf) } : {}),
      });
      const budgetChecks = a.checks.filter((c) => c.standard === 'BUDGET');
      return {
        a,
        row: {
          workload: g.name,
          namespace: g.namespace,
          kind: g.kind,
          pods: g.pods.length,
          status: a.status,
          carbon_status: a.carbonStatus,
          pue_status: a.pueStatus,
          budget_status: (budgetChecks.length === 0
            ? 'NOT_ASSESSED'
            : budgetChecks.some((c) => c.status === 'NON_COMPLIANT')
              ? 'NON_COMPLIANT'
              : 'COMPLIANT') as 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_ASSESSED',
          power_watts: power,
          gpu_watts: g.pods.some((p) => shownGpuWatts(p, basis) === null) ? null : gpu,
          emissions_kg_month: a.figures.monthlyKg,
          checks: a.checks,
          ...(pf ? periodJson(pf) : {}),
          failed_checks: a.checks
            .filter((c) => c.status === 'NON_COMPLIANT')
            .map((c) => `${c.standard}/${c.check}`),
        },
      };
    });
    rows.sort((x, y) => y.row.power_watts - x.row.power_watts || compareText(x.row.workload, y.row.workload));
    // Namespace budgets: judged on the namespace totals.
    const namespaces = [...new Set(rows.map((r) => r.row.namespace))].sort();
    const namespaceChecks = namespaces.flatMap((ns) => {
      const budget = namespaceBudget(settings.config, ns);
      if (!budget.maxWatts && !budget.maxKgMonth) return [];
      const inNs = rows.filter((r) => r.row.namespace === ns);
      const power = inNs.reduce((s, r) => s + r.a.figures.powerWatts, 0);
      // The namespace's intensity is its workloads' power-weighted one (each steady-state or period-weighted).
      const weighted = inNs.reduce((s, r) => s + r.a.figures.powerWatts * r.a.figures.checkIntensity, 0);
      const f: Figures = figures(
        power,
        grid.atTime,
        grid.pue,
        power > 0 ? weighted / power : grid.steadyState,
      );
      return [
        {
          namespace: ns,
          power_watts: power,
          emissions_kg_month: f.monthlyKg,
          checks: evaluateChecks([], f, ctx.now, budget),
        },
      ];
    });
    warnUnusedBudgets(
      settings.config,
      rows.map((r) => r.row),
      args.namespace,
      ctx,
    );
    const judgedRows = rows.map((r) => r.row);
    // The gate sees every workload and namespace budget: --status filters only what is shown.
    const { gate, checks } = await judgeGate(
      [
        ...judgedRows.map((w) => ({
          namespace: w.namespace,
          name: w.workload,
          kind: w.kind,
          checks: w.checks,
        })),
        ...namespaceChecks.map((n) => ({
          namespace: n.namespace,
          name: n.namespace,
          kind: 'Namespace',
          checks: n.checks,
        })),
      ],
      ctx,
      args,
      args.namespace !== undefined ? { namespace: args.namespace } : undefined,
    );
    const all = judgedRows.map((w, i) => ({ ...w, checks: checks[i]! }));
    const nsJudged = namespaceChecks.map((n, i) => ({ ...n, checks: checks[judgedRows.length + i]! }));
    return {
      namespace: args.namespace ?? 'all',
      standards: settings.standards.map((s) => s.code),
      region: settings.region,
      status_filter: args.status_filter ?? null,
      total_workloads: all.length,
      compliant_count: all.filter((r) => r.status === 'COMPLIANT').length,
      non_compliant_count: all.filter((r) => r.status === 'NON_COMPLIANT').length,
      compliance_summary: {
        fully_compliant: all.filter((r) => r.status === 'COMPLIANT').length,
        carbon_compliant: all.filter((r) => r.carbon_status === 'COMPLIANT').length,
        pue_compliant: all.filter((r) => r.pue_status === 'COMPLIANT').length,
        non_compliant: all.filter((r) => r.status === 'NON_COMPLIANT').length,
      },
      workloads: args.status_filter ? all.filter((r) => r.status === args.status_filter) : all,
      ...(args.status_filter ? hiddenFindings(all, args.status_filter) : {}),
      namespace_checks: nsJudged,
      gate,
      ...(pr ? { period: periodUsed(pr.period) } : {}),
      metrics: metricsInfo(snap, basis),
      data_used: dataUsed(grid, settings, basisName(pr)),
    };
  },
  renderTable(r, style) {
    type Row = (typeof r.workloads)[number];
    // Over a period: energy, emissions and the hour-weighted intensity; otherwise current power.
    const figures: [string, (w: Row) => string][] = r.period
      ? [
          ['kWh', (w) => fmt(w.energy_kwh ?? 0, 3)],
          ['kgCO2e', (w) => fmt(w.emissions_kg ?? 0, 3)],
          ['g/kWh (hour-weighted)', (w) => fmt(w.intensity_weighted_gCO2eq_kWh ?? 0, 1)],
        ]
      : [
          ['Power (W)', (w) => fmt(w.power_watts)],
          ['GPU (W)', (w) => knownFigure(w.gpu_watts)],
          ['kgCO2e/month', (w) => fmt(w.emissions_kg_month, 3)],
        ];
    const t = columns(
      style,
      ['Namespace', 'Workload', 'Kind', 'Pods', ...figures.map(([h]) => h), 'Status', 'Failed checks'],
      r.workloads.map((w) => [
        w.namespace,
        w.workload,
        w.kind,
        w.pods,
        ...figures.map(([, f]) => f(w)),
        statusText(style, w.status),
        // A finding an exception excuses is still NON_COMPLIANT, but does not fail the gate: the table says so.
        w.checks
          .filter((c) => c.status === 'NON_COMPLIANT')
          .map((c) =>
            c.excused ? TEXT.excusedCheck(`${c.standard}/${c.check}`) : `${c.standard}/${c.check}`,
          )
          .join(', '),
      ]),
      ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'left', 'left'],
      // Dropped in this order on a narrow terminal (-o wide shows them): kind, GPU or hour-weighted g/kWh, pods.
      { secondary: [2, r.period ? 6 : 5, 3], whole: [7] },
    );
    // A namespace budget's figure at the decimals of its column in the table (W 2, kgCO2e/month 3), or more where
    // those would put it on the other side of the limit than its verdict (1.990395 over 1.9902 reads 1.9904);
    // in markdown and html at the decimals for people, on the same rule (render/compliance.ts).
    const figure = (c: { value?: number; unit: string; limit?: number }) =>
      c.value === undefined ? '' : checkFigure(style, c.value, c.unit, c.limit);
    const ns = r.namespace_checks
      .flatMap((n) =>
        n.checks.map(
          (c) =>
            `${TEXT.namespaceScope(n.namespace)} ${c.excused ? TEXT.excusedCheck(c.check) : c.check}: ${figure(c)} ${tr(c.unit)} (${c.comparison} ${c.limit}) ${statusText(style, c.status)}`,
        ),
      )
      .join('\n');
    const over = r.period
      ? TEXT.listOver(utcText(r.period.from), utcText(r.period.to), fmt(r.period.hours, 2))
      : '';
    const line = TEXT.listFooter(
      r.total_workloads,
      r.compliant_count,
      r.non_compliant_count,
      r.standards.join(', '),
      r.region,
      over,
    );
    const excused = r.gate.excused > 0 ? TEXT.listExcused(r.gate.excused) : '';
    return listing(style, [t, ns].filter(Boolean).join('\n'), { below: `${line}${excused}` });
  },
  // Reports show what is shown (status_filter applies) and every finding the gate counts: a CI report is red
  // exactly when the gate fails.
  checkResults: (r) => [
    ...r.workloads.map((w) => ({ namespace: w.namespace, name: w.workload, kind: w.kind, checks: w.checks })),
    ...(r.hidden_findings ?? []).map((w) => ({
      namespace: w.namespace,
      name: w.workload,
      kind: w.kind,
      checks: w.checks,
    })),
    ...r.namespace_checks.map((n) => ({
      namespace: n.namespace,
      name: n.namespace,
      kind: 'Namespace',
      checks: n.checks,
    })),
  ],
  findings: (r) => r.gate.errors + r.gate.warnings,
  gate: (r) => r.gate,
});

/** The findings of the workloads a status filter hides (none: no field). */
function hiddenFindings<
  W extends { namespace: string; workload: string; kind: string; status: string; checks: CheckResult[] },
>(
  all: W[],
  shown: string,
): { hidden_findings?: { namespace: string; workload: string; kind: string; checks: CheckResult[] }[] } {
  const hidden = all
    .filter((w) => w.status !== shown)
    .map((w) => ({
      namespace: w.namespace,
      workload: w.workload,
      kind: w.kind,
      checks: w.checks.filter((c) => c.status === 'NON_COMPLIANT'),
    }))
    .filter((w) => w.checks.length > 0);
  return hidden.length > 0 ? { hidden_findings: hidden } : {};
}

/**
 * A configured budget that names no workload or namespace read (a typo, a renamed deployment) would otherwise
 * judge nothing and pass in silence: each one in scope (all namespaces, or the one asked for) is a warning, with
 * the closest name read.
 */
function warnUnusedBudgets(
  config: KcarbonConfig,
  rows: readonly { namespace: string; workload: string }[],
  namespace: string | undefined,
  ctx: RunContext,
): void {
  const workloads = new Set(rows.map((r) => `${r.namespace}/${r.workload}`));
  const namespaces = new Set(rows.map((r) => r.namespace));
  const inScope = (ns: string) => namespace === undefined || ns === namespace;
  for (const key of Object.keys(config.budgets.workloads)) {
    if (workloads.has(key) || !inScope(key.split('/')[0]!)) continue;
    const [suggestion] = closestNames(key, workloads, 1);
    ctx.warn(
      warning('budget-unused', { budget: `workloads["${key}"]`, ...(suggestion ? { suggestion } : {}) }),
    );
  }
  for (const ns of Object.keys(config.budgets.namespaces)) {
    if (namespaces.has(ns) || !inScope(ns)) continue;
    const [suggestion] = closestNames(ns, namespaces, 1);
    ctx.warn(
      warning('budget-unused', { budget: `namespaces["${ns}"]`, ...(suggestion ? { suggestion } : {}) }),
    );
  }
}
