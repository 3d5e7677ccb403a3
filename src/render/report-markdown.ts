/**
 * `kcarbon report -o markdown`: for $GITHUB_STEP_SUMMARY and mail. A pass/fail headline,
 * rounded numbers, human column names. Every user-facing word is in TEXT.
 */

import type { CheckResult } from '../carbon/checks.js';
import type { Gate } from '../carbon/gate.js';
import type { ReportResult } from '../commands/report.js';
import { lang, localized, optimizationText, tr } from '../i18n/index.js';
import { TEXT as SENTENCES } from '../i18n/text.js';
import { hotspotsAdvice, reportTitle } from './advice.js';
import {
  changeRows,
  decimalsOfLimit,
  figureBeside,
  joinAttributions,
  kept,
  num,
  PRECISION,
  qty,
  quantityOfHeading,
} from './human.js';
import { localText, utcText } from './instant.js';

export const TEXT_EN = {
  pass: '✅ PASS',
  fail: '❌ FAIL',
  /** A report-only run (--no-fail, fail_on never) with findings: it gated nothing, so it does not say PASS. */
  findings: '⚠️ FINDINGS',
  /** The generic markdown's gate line (list, assess...): failing checks by severity. */
  gate: (errors: number, warnings: number, excused: number) =>
    [
      errors === 0
        ? 'no failing checks of severity error'
        : `${errors} failing check${errors === 1 ? '' : 's'} of severity error`,
      ...(warnings ? [`${warnings} of severity warning`] : []),
      ...(excused ? [`${excused} excused by exceptions`] : []),
    ].join(', '),
  /** The gate policy the verdict was judged under (fail_on, allow_partial). */
  policy: (failOn: 'error' | 'warning' | 'never', allowPartial: boolean) =>
    `${
      failOn === 'never'
        ? 'report only: findings never fail'
        : failOn === 'warning'
          ? 'fails on errors and warnings'
          : 'fails on errors'
    }${allowPartial ? ', partial data accepted' : ''}`,
  /** Leads the verdict line when sources failed and partial data is not accepted (the gate fails). */
  incomplete: 'incomplete data: sources failed or series left out',
  /** `local`: the region's wall clock at that instant (render/instant.ts), absent where it is UTC's. */
  pointInTime: (at: string, local?: string) => `Point-in-time reading at ${at}${local ? ` (${local})` : ''}`,
  period: (from: string, to: string, hours: number, local?: string) =>
    `Period ${from} to ${to} (${hours} h${local ? `; ${local}` : ''})`,
  totals: (
    power: string,
    energy: string,
    emissions: string,
    rate: string,
    findings: number,
    average = false,
  ) =>
    `**${power}** ${average ? 'on average' : 'now'} · **${energy}** per day · **${emissions}** CO2e per month · **${rate}** of workloads compliant · **${findings}** failed check${findings === 1 ? '' : 's'}`,
  periodTotals: (energy: string, emissions: string) =>
    `Over the period: **${energy}** · **${emissions}** CO2e`,
  periodCols: ['Energy in period', 'CO2e in period'],
  meta: (region: string, standards: string) => `Region ${region} · standards ${standards}`,
  /** The headline's words for a namespace whose budget failed: its failing figures, each against its limit. */
  namespaceOver: (namespace: string, figures: string) => `namespace ${namespace} over its budget: ${figures}`,
  budgetFigure: (value: string, limit: string) => `${value} (max ${limit})`,
  /** A unit for people ("kgCO2e/month"; Korean "kgCO2e/월"). */
  unit: (unit: string) => unit,
  budgets: 'Namespace budgets',
  budgetCols: ['Namespace', 'Check', 'Value', 'Limit', 'Status'],
  namespaces: 'Namespaces',
  namespaceCols: [
    'Namespace',
    'Workloads',
    'Power',
    'Energy / day',
    'CO2e / month',
    'Compliant',
    'Failed checks',
  ],
  topConsumers: 'Top consumers',
  topCols: ['Workload', 'Kind', 'Power', 'CO2e / month', 'Status', 'Failed checks'],
  hotspots: 'Hotspots and actions',
  hotspotLine: (n: number, threshold: string, share: string, saving: string) =>
    `${n} pods draw ${threshold} or more (${share} of the power); their actions could save ${saving} CO2e a month.`,
  actionCols: ['Priority', 'Resource', 'Action', 'Saves / month', 'Why'],
  intensity: 'Cleanest hours',
  intensityLine: (region: string, hours: number, start: string, end: string, best: string, now: string) =>
    `In ${region} the cleanest ${hours} h window is ${start}–${end} local (${best} on average); now ${now}.`,
  daily: 'Per day',
  dailyCols: ['Day (UTC)', 'Hours', 'Energy', 'CO2e'],
  trend: 'Change since the previous run',
  changeCols: ['Figure', 'Previous run', 'This run', 'Change'],
  changeRows: {
    energy: 'Energy per day',
    emissions: 'Emissions per month',
    compliance: 'Compliant workloads',
    findings: 'Failed checks',
  },
  data: (intensity: number, iyear: number, pue: number, pyear: number, at: string) =>
    `Grid intensity ${intensity} gCO2e/kWh (${iyear}), PUE ${pue} (${pyear}); metrics read at ${at}.`,
} as const;

/** The current language's texts (src/i18n), English where untranslated. */
const TEXT = localized('reportMarkdown', TEXT_EN);

/** `(fails on errors)`: the policy a recorded gate was judged under, for the verdict line of every format. */
export function policyOf(gate: Pick<Gate, 'fail_on' | 'allow_partial'>): string {
  return TEXT.policy(gate.fail_on, gate.allow_partial);
}

/** Whether the gate failed on incomplete data (sources failed, partial data not accepted). */
export const failedIncomplete = (gate: Pick<Gate, 'complete' | 'allow_partial'>) =>
  !gate.complete && !gate.allow_partial;

/**
 * The verdict as a headline shows it (every command's markdown and html, the report's table): the gate's, except
 * that a report-only gate (fail_on never) with findings says FINDINGS, not PASS: a manager reading the mail must
 * not see a green PASS over failing workloads. The JSON verdict stays the gate's (PASS, as the exit code 0).
 */
export function verdictKind(
  gate: Pick<Gate, 'passed' | 'fail_on' | 'errors' | 'warnings'>,
): 'pass' | 'fail' | 'findings' {
  if (!gate.passed) return 'fail';
  return gate.fail_on === 'never' && gate.errors + gate.warnings > 0 ? 'findings' : 'pass';
}

/**
 * The line under the verdict: the result's own (English) headline, or the catalogue's in another language,
 * led by the incomplete-data reason when that failed the gate, and followed by the policy it was judged under.
 */
export function headlineOf(
  r: ReportResult,
  /** For markdown and html, rounded for people after: marks the budget figures it must leave (`kept`). */
  mark: (figure: string) => string = (f) => f,
): string {
  const localizedHeadline = (
    TEXT as { headline?: (nc: number, w: number, f: number, s: string, names: string) => string }
  ).headline;
  const nonCompliant = r.namespaces.reduce((s, n) => s + (n.workloads - n.compliant_workloads), 0);
  // (The JSON headline leads with the incomplete phrase already: added once, below, in every language.)
  let english = r.headline.startsWith(`${TEXT_EN.incomplete}; `)
    ? r.headline.slice(TEXT_EN.incomplete.length + 2)
    : r.headline;
  // Its budget figures keep their decimals beside their limits when the text is rounded for people.
  const plain = namespacesOver(namespaceBudgets(r), TEXT_EN);
  const marked = namespacesOver(namespaceBudgets(r), TEXT_EN, mark);
  plain.forEach((phrase, i) => {
    english = english.replace(phrase, marked[i]!);
  });
  const text =
    lang() === 'en' || !localizedHeadline
      ? english
      : [
          ...namespacesOver(namespaceBudgets(r), TEXT, mark),
          localizedHeadline(
            nonCompliant,
            r.totals.workloads,
            r.totals.findings,
            r.standards.join(', '),
            failingNames(r.checks),
          ),
        ].join('; ');
  return `${failedIncomplete(r.gate) ? `${TEXT.incomplete}; ` : ''}${text} (${policyOf(r.gate)})`;
}

/**
 * The non-compliant workloads a headline names ("batch/nightly-report", at most three, then "+N"): a failing
 * check of theirs not excused. Empty when none.
 */
export function failingNames(checks: Pick<ReportResult, 'checks'>['checks']): string {
  const names = checks
    .filter((c) => c.kind !== 'Namespace' && c.checks.some((x) => x.status === 'NON_COMPLIANT' && !x.excused))
    .map((c) => `${c.namespace}/${c.name}`);
  if (names.length === 0) return '';
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} +${names.length - 3}`;
}

/**
 * Rows "day (UTC) | hours | energy | CO2e" of a period's days: the hours say which days are partial (a bar of 5 h
 * beside bars of 24 is not a low day).
 */
export function dailyRows(r: Pick<ReportResult, 'daily'>): string[][] {
  return (r.daily ?? []).map((d) => [
    d.date,
    String(Math.round(d.hours * 100) / 100),
    qty(d.energy_kwh, 'kwh'),
    qty(d.emissions_kg, 'kg'),
  ]);
}

/** The namespace budgets a report judged (its checks of kind Namespace), each with its checks. */
export const namespaceBudgets = (r: Pick<ReportResult, 'checks'>) =>
  r.checks.filter((c) => c.kind === 'Namespace');

/**
 * A budget check's figure for people, with its unit ("1.99 kgCO2e/month", "5.7 W"): with the decimals that keep it
 * on its side of the limit (1.9904 over 1.9902, not 1.99), and its limit as stated.
 */
function budgetFigure(
  c: Pick<CheckResult, 'value' | 'limit' | 'unit'>,
  of: 'value' | 'limit',
  text: Pick<typeof TEXT_EN, 'unit'> = TEXT,
): string {
  const n = c[of];
  if (n === undefined) return '';
  const q = quantityOfHeading(c.unit);
  if (!q) return `${n} ${text.unit(c.unit)}`;
  const figure = of === 'limit' ? num(n, q, decimalsOfLimit(n, PRECISION[q])) : figureBeside(n, q, c.limit);
  return `${figure} ${text.unit(c.unit)}`;
}

/**
 * What failed among namespace budgets, for the headline: one phrase per namespace with a NON_COMPLIANT budget
 * check not excused by an exception ("namespace batch over its budget: 1.99 kgCO2e/month (max 1)"), in the
 * language of `text` (the JSON headline is English).
 */
export function namespacesOver(
  budgets: readonly { namespace: string; checks: readonly CheckResult[] }[],
  text: Pick<typeof TEXT_EN, 'namespaceOver' | 'budgetFigure' | 'unit'> = TEXT,
  /** For people (markdown, html): marks the figures humanNumbers must not round again (`kept`). */
  mark: (figure: string) => string = (f) => f,
): string[] {
  return budgets.flatMap((n) => {
    const failed = n.checks.filter((c) => c.status === 'NON_COMPLIANT' && !c.excused);
    if (failed.length === 0) return [];
    return [
      text.namespaceOver(
        n.namespace,
        failed
          .map((c) => text.budgetFigure(mark(budgetFigure(c, 'value', text)), String(c.limit ?? '')))
          .join(', '),
      ),
    ];
  });
}

/** Rows "namespace | check | value | limit | status" of every judged namespace budget (empty without budgets). */
export function budgetRows(
  r: Pick<ReportResult, 'checks'>,
  /** For markdown, which humanNumbers rounds: marks the figures it must leave (`kept`). */
  mark: (figure: string) => string = (f) => f,
): { cells: string[]; status: string }[] {
  return namespaceBudgets(r).flatMap((n) =>
    n.checks.map((c) => ({
      cells: [
        n.namespace,
        c.check,
        mark(budgetFigure(c, 'value')),
        `${c.comparison ?? '<='} ${mark(budgetFigure(c, 'limit'))}`,
        c.excused ? SENTENCES.excused(tr(c.status), c.excused.reason) : tr(c.status),
      ],
      status: c.status,
    })),
  );
}

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** A pipe table; columns listed in `right` are right-aligned. */
export function mdTable(head: readonly string[], rows: string[][], right: number[] = []): string {
  return [
    `| ${head.map(cell).join(' | ')} |`,
    `|${head.map((_, i) => (right.includes(i) ? '---:' : '---')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** The line under the title: the period the figures cover, or the instant they were read, in UTC and local time. */
export function readingTime(
  r: ReportResult,
  text: {
    pointInTime: (at: string, local?: string) => string;
    period: (from: string, to: string, hours: number, local?: string) => string;
  },
): string {
  if (r.period) {
    const { from, to, hours } = r.period;
    return text.period(utcText(from), utcText(to), hours, localText([from, to], r.time_zone));
  }
  const at = r.metrics.captured_at;
  return text.pointInTime(utcText(at), localText([at], r.time_zone));
}

export function reportMarkdown(r: ReportResult): string {
  const t = r.totals;
  const out: string[] = [
    `## ${TEXT[verdictKind(r.gate)]}: ${headlineOf(r, kept)}`,
    '',
    `${title(r)} · ${readingTime(r, TEXT)}`,
    '',
    TEXT.totals(
      qty(t.power_watts, 'watts'),
      qty(t.energy_kwh_per_day, 'kwh'),
      qty(t.emissions_kg_month, 'kg'),
      qty(t.compliance_rate_percent, 'percent'),
      t.findings,
      r.period !== null,
    ),
    '',
    ...(t.energy_kwh !== undefined && t.emissions_kg !== undefined
      ? [TEXT.periodTotals(qty(t.energy_kwh, 'kwh'), qty(t.emissions_kg, 'kg')), '']
      : []),
    TEXT.meta(r.region, r.standards.join(', ')),
    '',
    `### ${TEXT.namespaces}`,
    '',
    mdTable(
      r.period ? [...TEXT.namespaceCols, ...TEXT.periodCols] : TEXT.namespaceCols,
      r.namespaces.map((n) => [
        n.namespace,
        String(n.workloads),
        qty(n.power_watts, 'watts'),
        qty(n.energy_kwh_per_day, 'kwh'),
        qty(n.emissions_kg_month, 'kg'),
        `${n.compliant_workloads}/${n.workloads}`,
        String(n.findings),
        ...(n.energy_kwh !== undefined && n.emissions_kg !== undefined
          ? [qty(n.energy_kwh, 'kwh'), qty(n.emissions_kg, 'kg')]
          : []),
      ]),
      [1, 2, 3, 4, 5, 6, 7, 8],
    ),
    '',
    ...budgetSection(r),
    `### ${TEXT.topConsumers}`,
    '',
    mdTable(
      TEXT.topCols,
      r.top_consumers.map((w) => [
        `${w.namespace}/${w.workload}`,
        w.kind,
        qty(w.power_watts, 'watts'),
        qty(w.emissions_kg_month, 'kg'),
        tr(w.status),
        w.failed_checks.join(', '),
      ]),
      [2, 3],
    ),
    '',
    `### ${TEXT.hotspots}`,
    '',
    TEXT.hotspotLine(
      r.hotspots.total,
      qty(r.hotspots.threshold_watts, 'watts'),
      qty(r.hotspots.share_percent, 'percent'),
      qty(r.hotspots.potential_co2_reduction_kg_month, 'kg'),
    ),
    '',
  ];
  if (r.hotspots.actions.length)
    out.push(
      mdTable(
        TEXT.actionCols,
        r.hotspots.actions.map((a) => [
          tr(a.priority),
          a.resource,
          a.action_type,
          qty(a.estimated_co2_reduction_kg_month, 'kg'),
          optimizationText({ type: a.action_type, description: a.reason, params: a.params }),
        ]),
        [3],
      ),
      '',
    );
  out.push(`**${hotspotsText(r.hotspots)}**`, '');
  if (r.intensity) {
    const i = r.intensity;
    out.push(
      `### ${TEXT.intensity}`,
      '',
      TEXT.intensityLine(
        i.region,
        i.window_hours,
        i.best_window.start_local,
        i.best_window.end_local,
        qty(i.best_average_gCO2eq_kWh, 'intensity'),
        qty(i.now_gCO2eq_kWh, 'intensity'),
      ),
      '',
    );
  }
  if (r.daily?.length)
    out.push(`### ${TEXT.daily}`, '', mdTable(TEXT.dailyCols, dailyRows(r), [1, 2, 3]), '');
  if (r.trend) {
    const s = r.trend.since_previous;
    out.push(
      `### ${TEXT.trend}`,
      '',
      mdTable(TEXT.changeCols, changeRows(s, TEXT.changeRows), [1, 2, 3]),
      '',
    );
  }
  const g = r.data_used.grid;
  // Plain lines (the markdown is mailed as text too, where a <sub> tag shows as is), with the data's attribution
  // wherever its figures are used (Electricity Maps, ODbL).
  const attributions = joinAttributions([g.hourly_profile?.attribution, g.annual_intensity.attribution]);
  out.push(
    `_${TEXT.data(g.annual_intensity.value, g.annual_intensity.year, g.pue.value, g.pue.year, utcText(r.metrics.captured_at))}${attributions ? ` ${attributions}.` : ''}_`,
    '',
  );
  return out.join('\n');
}

/** The namespace budgets judged, failed ones and passed, under their heading (nothing without budgets). */
function budgetSection(r: ReportResult): string[] {
  const rows = budgetRows(r, kept);
  if (rows.length === 0) return [];
  return [
    `### ${TEXT.budgets}`,
    '',
    mdTable(
      TEXT.budgetCols,
      rows.map((b) => b.cells),
      [2, 3],
    ),
    '',
  ];
}

/** The report's title in the run's language. */
export function title(r: Pick<ReportResult, 'namespace' | 'region'>): string {
  return reportTitle('run', r.namespace === 'all' ? undefined : r.namespace, r.region);
}

/** The hotspots' recommendation in the run's language, from the report's figures. */
export function hotspotsText(h: ReportResult['hotspots']): string {
  return hotspotsAdvice('run', h.total, h.threshold_watts, h.power_watts, h.actions[0]);
}
