/**
 * `kcarbon report`: the cron job's report. One run of the gate (list), the hotspots and the
 * region's hour-of-day curve, gathered into one result that the html, markdown and json
 * reporters render. With past runs (`--history FILE` on the CLI) it adds the trend.
 */
import { z } from 'zod';
import { gridOf } from '../carbon/assess.js';
import { CheckResultSchema } from '../carbon/checks.js';
import type { Gate } from '../carbon/gate.js';
import { gridAt } from '../carbon/grid.js';
import { bestWindows } from '../carbon/profile.js';
import { nextClockStart, zonedClock } from '../carbon/window.js';
import { getRegion } from '../config/index.js';
import { MetricsInfoSchema, metricsInfo } from '../kepler/metrics-info.js';
import { warning } from '../kepler/model.js';
import { HOUR_MS } from '../kepler/period.js';
import { reportTitle } from '../render/advice.js';
import { reportHtml } from '../render/report-html.js';
import {
  failedIncomplete,
  failingNames,
  TEXT_EN as HEADLINE_EN,
  namespacesOver,
  reportMarkdown,
} from '../render/report-markdown.js';
import { reportTable } from '../render/report-table.js';
import { compareText } from '../util/compare.js';
import { once } from '../util/once.js';
import { assessSettings, DataUsedSchema, dataUsed } from './carbon-settings.js';
import { namespaceInput, regionInput, standardInput } from './common.js';
import { GateSchema, gatePolicyShape } from './gate.js';
import { hotspotsCommand } from './hotspots.js';
import { listCommand } from './list.js';
import { REPORT } from './manifests.js';
import {
  basisName,
  PeriodFiguresOf,
  type PeriodRun,
  periodRun,
  periodShape,
  periodUsed,
  podsJoules,
} from './period.js';
import { scopeAggregate } from './summary.js';
import { defineCommand, type Envelope, type RunContext } from './types.js';
import { loadScope } from './workload.js';

/** How many rows the report lists where a full list would not be read. */
export const REPORT_LIMITS = { topConsumers: 10, actions: 10, worstWorkloads: 5, trendRuns: 30 } as const;

const input = z.object({
  namespace: namespaceInput,
  region: regionInput,
  standard: standardInput,
  window_hours: z
    .number()
    .positive()
    .max(24)
    .default(4)
    .describe('Length of the cleanest window marked on the 24-hour intensity curve, in hours (default 4)'),
  ...periodShape,
  ...gatePolicyShape,
});

/** One line of the history file: a run's headline figures. */
export const HistoryEntrySchema = once(() =>
  z.object({
    timestamp: z.string(),
    verdict: z.enum(['PASS', 'FAIL']),
    power_watts: z.number(),
    energy_kwh_per_day: z.number(),
    emissions_kg_month: z.number(),
    compliance_rate_percent: z.number(),
    workloads: z.number(),
    findings: z.number(),
    worst_workloads: z.array(z.object({ workload: z.string(), emissions_kg_month: z.number() })),
    namespace: z
      .string()
      .nullable()
      .optional()
      .describe("The run's namespace; null for every one (a namespace may be called 'all')"),
    region: z.string().optional(),
    period_hours: z
      .number()
      .nullable()
      .optional()
      .describe("The period's length in hours; null for a point-in-time reading"),
    complete: z
      .boolean()
      .optional()
      .describe(
        "Whether the run's data were complete; false leaves it out of the trend (lines written before kcarbon recorded it count as complete)",
      ),
  }),
);
export type HistoryEntry = z.infer<ReturnType<typeof HistoryEntrySchema>>;

const nsRow = z.object({
  namespace: z.string(),
  workloads: z.number(),
  pods: z.number(),
  power_watts: z.number(),
  energy_kwh_per_day: z.number().describe('power_watts x 24 h / 1000 (at the measured power)'),
  emissions_kg_month: z.number(),
  compliant_workloads: z.number(),
  compliance_rate_percent: z.number(),
  findings: z.number().describe('NON_COMPLIANT checks in the namespace (workloads and namespace budget)'),
  energy_kwh: z.number().optional().describe('Over a period: IT energy of the namespace in it (kWh)'),
  emissions_kg: z
    .number()
    .optional()
    .describe('Over a period: Σ over clock hours of E_h x PUE x I(h) / 1000 (kg CO2e)'),
});

const change = z.object({ previous: z.number(), current: z.number(), change: z.number() });

const output = () =>
  z.object({
    title: z.string(),
    verdict: z
      .enum(['PASS', 'FAIL'])
      .describe('FAIL when a NON_COMPLIANT check of severity error is not excused (warnings alone pass)'),
    headline: z.string().describe('One line under the verdict'),
    namespace: z.string(),
    region: z.string(),
    time_zone: z
      .string()
      .describe("The region's IANA time zone: the markdown and html reports give its wall clock beside UTC"),
    standards: z.array(z.string()),
    period: z
      .object({ from: z.string(), to: z.string(), hours: z.number() })
      .nullable()
      .describe('The period the figures cover; null for a point-in-time reading'),
    totals: z.object({
      workloads: z.number(),
      pods: z.number(),
      power_watts: z.number(),
      energy_kwh_per_day: z.number(),
      emissions_kg_month: z.number(),
      compliance_rate_percent: z.number().describe('Share of workloads COMPLIANT'),
      findings: z.number().describe('NON_COMPLIANT checks not excused (errors and warnings)'),
      energy_kwh: z.number().optional().describe('Over a period: IT energy in it (kWh)'),
      emissions_kg: z.number().optional().describe('Over a period: emissions in it (kg CO2e)'),
    }),
    namespaces: z.array(nsRow).describe('Every namespace, highest power first'),
    top_consumers: z.array(
      z.object({
        namespace: z.string(),
        workload: z.string(),
        kind: z.string(),
        pods: z.number(),
        power_watts: z.number(),
        emissions_kg_month: z.number(),
        status: z.string(),
        failed_checks: z.array(z.string()),
      }),
    ),
    hotspots: z.object({
      total: z.number(),
      threshold_watts: z.number(),
      share_percent: z.number(),
      potential_co2_reduction_kg_month: z.number(),
      power_watts: z.number().describe('Power of the hotspots (W)'),
      actions: z.array(
        z.object({
          priority: z.string(),
          resource: z.string(),
          action_type: z.string(),
          reason: z.string(),
          params: z.record(z.string(), z.union([z.string(), z.number()])),
          estimated_co2_reduction_kg_month: z.number(),
        }),
      ),
      recommendation: z.string(),
    }),
    intensity: z
      .object({
        region: z.string(),
        utc_offset_hours: z.number(),
        local_hour: z.number(),
        hourly_gCO2eq_kWh: z.array(z.number()).describe('Local standard hours 0..23'),
        window_hours: z.number(),
        best_window: z.object({ start_local: z.string(), end_local: z.string(), start_hour: z.number() }),
        best_average_gCO2eq_kWh: z.number(),
        now_gCO2eq_kWh: z.number(),
      })
      .nullable()
      .describe("The region's 24-hour curve; null when the region has no hour-of-day profile"),
    daily: z
      .array(
        z.object({
          date: z.string(),
          hours: z
            .number()
            .describe('Hours of the period in that UTC day (fewer on a partial first or last day)'),
          energy_kwh: z.number(),
          emissions_kg: z.number(),
        }),
      )
      .nullable()
      .describe(
        'Per UTC day over the period (the first and last days may be partial); null for a point-in-time reading',
      ),
    trend: z
      .object({
        runs: z.array(HistoryEntrySchema()).describe('Past runs (oldest first), then this one'),
        since_previous: z.object({
          energy_kwh_per_day: change,
          emissions_kg_month: change,
          compliance_rate_percent: change,
          findings: change,
        }),
      })
      .nullable()
      .describe(
        "Trend over the complete runs of the history file (the CLI's --history); null without one, on the first, or when this run's data are incomplete",
      ),
    gate: GateSchema(),
    history_entry: HistoryEntrySchema().describe('This run as one history line (the CLI appends it)'),
    checks: z
      .array(
        z.object({
          namespace: z.string(),
          name: z.string(),
          kind: z.string(),
          checks: z.array(CheckResultSchema()),
        }),
      )
      .describe('Every judged workload and namespace budget with its checks (SARIF/JUnit)'),
    metrics: MetricsInfoSchema(),
    data_used: DataUsedSchema(),
  });
/** The report as its renderers see it: its own keys in the JSON envelope. */
export type ReportResult = z.infer<ReturnType<typeof output>> & Envelope;

/**
 * The line under the verdict (English; the renderers translate it): the namespace budgets that failed, named
 * with their figures (they fail the gate without making any workload non-compliant), then the workloads.
 */
function headline(
  gate: Gate,
  nonCompliant: number,
  workloads: number,
  standards: string,
  namespacesFailed: string[],
  names: string,
): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const counts = [
    plural(gate.errors, 'failing check'),
    plural(gate.warnings, 'warning'),
    ...(gate.excused ? [`${gate.excused} excused`] : []),
  ].join(', ');
  const judged =
    nonCompliant === 0
      ? `all ${workloads} workloads meet ${standards}`
      : `${nonCompliant} of ${workloads} workloads non-compliant${names ? ` (${names})` : ''}: ${counts}`;
  // A gate failed on incomplete data says so first: "all workloads meet" is only about the nodes that answered.
  return [...(failedIncomplete(gate) ? [HEADLINE_EN.incomplete] : []), ...namespacesFailed, judged].join(
    '; ',
  );
}

/** ctx whose energy history is read once per period (list, hotspots and the report share it). */
function onceHistory(ctx: RunContext): RunContext {
  const read = new Map<string, ReturnType<RunContext['energyHistory']>>();
  return {
    ...ctx,
    energyHistory(p) {
      const key = `${p.from.toISOString()}/${p.to.toISOString()}`;
      if (!read.has(key)) read.set(key, ctx.energyHistory(p));
      return read.get(key)!;
    },
  };
}

/** Energy and emissions per UTC day of the period: the clock-hour slices of each day, summed. */
function dailyFigures(pr: PeriodRun, over: PeriodFiguresOf, pods: Parameters<typeof podsJoules>[1]) {
  const joules = podsJoules(pr, pods);
  const days = new Map<string, { joules: number[]; ms: number }>();
  pr.energy.slices.forEach((s, i) => {
    const date = new Date(s.start).toISOString().slice(0, 10);
    const day = days.get(date) ?? { joules: new Array<number>(joules.length).fill(0), ms: 0 };
    days.set(date, day);
    day.joules[i] = joules[i] ?? 0;
    day.ms += s.end - s.start;
  });
  return [...days.entries()].map(([date, day]) => {
    const f = over.ofJoules(day.joules);
    return { date, hours: day.ms / HOUR_MS, energy_kwh: f.energyKwh, emissions_kg: f.emissionsKg };
  });
}

const delta = (previous: number, current: number) => ({
  previous,
  current,
  change: current - previous,
});

/** Past runs from the front end, each validated; a bad line is skipped with a warning. */
async function pastRuns(ctx: RunContext): Promise<HistoryEntry[]> {
  if (!ctx.history) return [];
  const out: HistoryEntry[] = [];
  for (const [i, raw] of (await ctx.history()).entries()) {
    const p = HistoryEntrySchema().safeParse(raw);
    if (p.success) out.push(p.data);
    else ctx.warn(warning('history-skipped', { entry: i + 1 }));
  }
  return out;
}

export const reportCommand = defineCommand({
  ...REPORT,
  input,
  output,
  primaryList: 'namespaces',
  async run(args, outer): Promise<z.infer<ReturnType<typeof output>>> {
    const ctx = onceHistory(outer);
    const pr = await periodRun(args, ctx);
    const period = { since: args.since, from: args.from, to: args.to };
    const base = { namespace: args.namespace, region: args.region, standard: args.standard };
    const inPeriod = { ...base, ...period };
    const [list, hot, scope, settings] = [
      await listCommand.run(
        listCommand.input.parse({
          ...inPeriod,
          fail_on: args.fail_on,
          allow_partial: args.allow_partial,
        }) as Parameters<typeof listCommand.run>[0],
        ctx,
      ),
      await hotspotsCommand.run(
        hotspotsCommand.input.parse(inPeriod) as Parameters<typeof hotspotsCommand.run>[0],
        ctx,
      ),
      await loadScope(base, pr?.ctx ?? ctx),
      await assessSettings(inPeriod, pr?.ctx ?? ctx),
    ];
    // The report's figures are its verdict's: the run's grid, with a live provider's hours where it has them (over a
    // period, its history), as list judged each workload on — so totals, namespaces, days and data_used agree with it.
    const grid = gridOf(settings);
    // The cleanest-hours curve is the region's typical day (the offline profile): its 'now' is read off that curve.
    const typicalDay = gridAt(settings.config, settings.region, ctx.now);
    const { timeZone } = getRegion(settings.config, settings.region);
    const over = pr && new PeriodFiguresOf(pr, grid, settings);
    const podsOf = (ns?: string) => scope.rows.map((r) => r.pod).filter((p) => !ns || p.namespace === ns);
    const periodOf = (ns?: string) => {
      if (!over) return {};
      const f = over.of(podsOf(ns));
      return { energy_kwh: f.energyKwh, emissions_kg: f.emissionsKg };
    };
    const failedIn = (checks: { status: string }[]) =>
      checks.filter((c) => c.status === 'NON_COMPLIANT').length;
    // Power sums as summary adds them (its pods, highest first), so the two commands give the same figures to the
    // last rounded digit; summed by workload, a total near a rounding boundary came out 0.001 W apart.
    const agg = scopeAggregate(scope.ranked, scope.snap, scope.basis, args.namespace);
    const nsPower = new Map(agg.namespaces.map((n) => [n.namespace, n.power_watts]));
    const namespaces = [...new Set(list.workloads.map((w) => w.namespace))].map((ns) => {
      const ws = list.workloads.filter((w) => w.namespace === ns);
      const power = nsPower.get(ns) ?? ws.reduce((s, w) => s + w.power_watts, 0);
      const compliant = ws.filter((w) => w.status === 'COMPLIANT').length;
      const nsChecks = list.namespace_checks.find((n) => n.namespace === ns)?.checks ?? [];
      return {
        namespace: ns,
        workloads: ws.length,
        pods: ws.reduce((s, w) => s + w.pods, 0),
        power_watts: power,
        energy_kwh_per_day: (power * 24) / 1000,
        emissions_kg_month: ws.reduce((s, w) => s + w.emissions_kg_month, 0),
        compliant_workloads: compliant,
        compliance_rate_percent: (compliant / ws.length) * 100,
        findings: ws.reduce((s, w) => s + failedIn(w.checks), 0) + failedIn(nsChecks),
        ...periodOf(ns),
      };
    });
    namespaces.sort((a, b) => b.power_watts - a.power_watts || compareText(a.namespace, b.namespace));
    const power = agg.total;
    const gate = list.gate;
    const metrics = metricsInfo(scope.snap, scope.basis);
    const findings = gate.errors + gate.warnings;
    const totals = {
      workloads: list.total_workloads,
      pods: scope.rows.length,
      power_watts: power,
      energy_kwh_per_day: (power * 24) / 1000,
      emissions_kg_month: list.workloads.reduce((s, w) => s + w.emissions_kg_month, 0),
      compliance_rate_percent: list.total_workloads
        ? (list.compliant_count / list.total_workloads) * 100
        : 100,
      findings,
      ...periodOf(),
    };
    // The verdict is the gate's under the requested policy (fail_on, allow_partial), as the exit code is.
    const verdict: 'PASS' | 'FAIL' = gate.passed ? 'PASS' : 'FAIL';
    const byEmissions = [...list.workloads].sort((a, b) => b.emissions_kg_month - a.emissions_kg_month);
    const entry: HistoryEntry = {
      timestamp: ctx.now.toISOString(),
      verdict,
      power_watts: totals.power_watts,
      energy_kwh_per_day: totals.energy_kwh_per_day,
      emissions_kg_month: totals.emissions_kg_month,
      compliance_rate_percent: totals.compliance_rate_percent,
      workloads: totals.workloads,
      findings,
      worst_workloads: byEmissions.slice(0, REPORT_LIMITS.worstWorkloads).map((w) => ({
        workload: `${w.namespace}/${w.workload}`,
        emissions_kg_month: w.emissions_kg_month,
      })),
      namespace: args.namespace ?? null,
      region: settings.region,
      period_hours: pr ? pr.period.hours : null,
      complete: metrics.complete,
    };
    // Runs on incomplete data (a node down, hours missing: accepted with --allow-partial, or not) are recorded but
    // never compared: their lower figures would read as a change, and the next complete run as one back. Without a
    // complete previous run, or on incomplete data now, there is no trend.
    // Compared only with runs of the same scope (namespace, region, period length: a -n batch run is not a fall
    // in the cluster's energy); lines written before kcarbon recorded a field match any value of it.
    const same = <T>(a: T | undefined, b: T) => a === undefined || a === b;
    const past = (await pastRuns(ctx)).filter(
      (e) =>
        e.complete !== false &&
        same(e.namespace, entry.namespace) &&
        same(e.region, entry.region) &&
        same(e.period_hours, entry.period_hours),
    );
    const previous = metrics.complete ? past[past.length - 1] : undefined;
    let intensity: ReportResult['intensity'] = null;
    if (typicalDay.hourly) {
      const best = bestWindows(typicalDay.hourly, args.window_hours);
      const first = best.find((b) => b.startHour >= typicalDay.localHours) ?? best[0]!;
      const windowStart = nextClockStart(ctx.now.getTime(), typicalDay.localHours, first.startHour);
      intensity = {
        region: settings.region,
        utc_offset_hours: typicalDay.used.utc_offset_hours,
        local_hour: typicalDay.localHours,
        hourly_gCO2eq_kWh: [...typicalDay.hourly],
        window_hours: args.window_hours,
        // The profile's hours are standard time; the window's next start and end are told on the region's wall
        // clock (daylight saving time), as temporal_shift's action and schedule tell them.
        best_window: {
          start_local: zonedClock(windowStart, timeZone),
          end_local: zonedClock(windowStart + args.window_hours * HOUR_MS, timeZone),
          start_hour: first.startHour,
        },
        best_average_gCO2eq_kWh: first.average,
        now_gCO2eq_kWh: typicalDay.atTime,
      };
    }
    return {
      title: reportTitle('en', args.namespace, settings.region),
      verdict,
      headline: headline(
        gate,
        list.non_compliant_count,
        totals.workloads,
        list.standards.join(', '),
        namespacesOver(list.namespace_checks, HEADLINE_EN),
        failingNames(listCommand.checkResults?.(list) ?? []),
      ),
      namespace: args.namespace ?? 'all',
      region: settings.region,
      time_zone: timeZone,
      standards: list.standards,
      period: pr ? periodUsed(pr.period) : null,
      totals,
      namespaces,
      top_consumers: list.workloads.slice(0, REPORT_LIMITS.topConsumers).map((w) => ({
        namespace: w.namespace,
        workload: w.workload,
        kind: w.kind,
        pods: w.pods,
        power_watts: w.power_watts,
        emissions_kg_month: w.emissions_kg_month,
        status: w.status,
        failed_checks: w.failed_checks,
      })),
      hotspots: {
        total: hot.summary.total_hotspots,
        threshold_watts: hot.threshold_watts,
        share_percent: hot.summary.hotspot_share_percent,
        potential_co2_reduction_kg_month: hot.summary.potential_co2_reduction_kg_month,
        power_watts: hot.summary.total_power_watts,
        actions: hot.preventive_actions.slice(0, REPORT_LIMITS.actions).map((a) => ({
          priority: a.priority,
          resource: a.resource,
          action_type: a.action_type,
          reason: a.reason,
          params: a.params,
          estimated_co2_reduction_kg_month: a.estimated_co2_reduction_kg_month,
        })),
        recommendation: hot.recommendation,
      },
      intensity,
      daily: pr && over ? dailyFigures(pr, over, podsOf()) : null,
      trend: previous
        ? {
            runs: [...past.slice(-(REPORT_LIMITS.trendRuns - 1)), entry],
            since_previous: {
              energy_kwh_per_day: delta(previous.energy_kwh_per_day, entry.energy_kwh_per_day),
              emissions_kg_month: delta(previous.emissions_kg_month, entry.emissions_kg_month),
              compliance_rate_percent: delta(previous.compliance_rate_percent, entry.compliance_rate_percent),
              findings: delta(previous.findings, entry.findings),
            },
          }
        : null,
      gate,
      history_entry: entry,
      checks: listCommand.checkResults?.(list) ?? [],
      metrics,
      data_used: dataUsed(grid, settings, basisName(pr)),
    };
  },
  renderTable: (r, style) => reportTable(r, style),
  renderMarkdown: (r) => reportMarkdown(r),
  renderHtml: (r) => reportHtml(r),
  findings: (r) => r.totals.findings,
  gate: (r) => r.gate,
  checkResults: (r) => r.checks,
});
