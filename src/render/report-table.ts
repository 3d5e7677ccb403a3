/** `kcarbon report` in a terminal: the headline, the namespaces and the change since the previous run. */

import type { ReportResult } from '../commands/report.js';
import { localized, tr } from '../i18n/index.js';
import { statusText } from './compliance.js';
import { qty, signed } from './human.js';
import { utcText } from './instant.js';
import { budgetRows, headlineOf, verdictKind } from './report-markdown.js';
import type { Style } from './style.js';
import { keyValues, table } from './table.js';

export const TEXT_EN = {
  /** The headline's word for a report-only run with findings (report-markdown.ts verdictKind). */
  findings: 'FINDINGS',
  totals: 'Totals',
  period: 'Period',
  periodLine: (from: string, to: string, hours: number, energy: string, emissions: string) =>
    `${from} – ${to} (${hours} h): ${energy}, ${emissions} CO2e`,
  cleanest: 'Cleanest window',
  change: 'Since previous',
  namespaceCols: ['Namespace', 'Workloads', 'Power', 'CO2e/month', 'Compliant', 'Failed'],
  budgetCols: ['Namespace', 'Check', 'Value', 'Limit', 'Status'],
  more: 'html (-o html or --report html=FILE) adds top consumers, actions, the intensity curve and the trend',
  totalsLine: (power: string, energy: string, emissions: string, rate: string) =>
    `${power}, ${energy}/day, ${emissions} CO2e/month, ${rate} compliant`,
  cleanestLine: (start: string, end: string, best: string, now: string) =>
    `${start}–${end} local, ${best} (now ${now})`,
} as const;

/** The current language's texts (src/i18n), English where untranslated. */
const TEXT = localized('reportTable', TEXT_EN);

export function reportTable(r: ReportResult, style: Style): string {
  const t = r.totals;
  const shown = verdictKind(r.gate);
  const line = `${shown === 'findings' ? TEXT.findings : tr(r.verdict)}: ${headlineOf(r)}`;
  const head =
    shown === 'pass'
      ? style.c.green.bold(line)
      : shown === 'findings'
        ? style.c.yellow.bold(line)
        : style.c.red.bold(line);
  const pairs: [string, string][] = [
    [
      TEXT.totals,
      TEXT.totalsLine(
        qty(t.power_watts, 'watts'),
        qty(t.energy_kwh_per_day, 'kwh'),
        qty(t.emissions_kg_month, 'kg'),
        qty(t.compliance_rate_percent, 'percent'),
      ),
    ],
  ];
  if (r.period && t.energy_kwh !== undefined && t.emissions_kg !== undefined)
    pairs.unshift([
      TEXT.period,
      TEXT.periodLine(
        utcText(r.period.from),
        utcText(r.period.to),
        r.period.hours,
        qty(t.energy_kwh, 'kwh'),
        qty(t.emissions_kg, 'kg'),
      ),
    ]);
  if (r.intensity)
    pairs.push([
      TEXT.cleanest,
      TEXT.cleanestLine(
        r.intensity.best_window.start_local,
        r.intensity.best_window.end_local,
        qty(r.intensity.best_average_gCO2eq_kWh, 'intensity'),
        qty(r.intensity.now_gCO2eq_kWh, 'intensity'),
      ),
    ]);
  if (r.trend) {
    const s = r.trend.since_previous;
    pairs.push([
      TEXT.change,
      `${signed(s.energy_kwh_per_day.change, 'kwh')}/day, ${signed(s.emissions_kg_month.change, 'kg')} CO2e/month, ${signed(s.compliance_rate_percent.change, 'percent', tr('points'))}`,
    ]);
  }
  const ns = table(
    style,
    [...TEXT.namespaceCols],
    r.namespaces.map((n) => [
      n.namespace,
      n.workloads,
      qty(n.power_watts, 'watts'),
      qty(n.emissions_kg_month, 'kg'),
      `${n.compliant_workloads}/${n.workloads}`,
      n.findings,
    ]),
    ['left', 'right', 'right', 'right', 'right', 'right'],
  );
  // Namespace budgets fail the gate without any workload failing: each one judged, with its status.
  const budgets = budgetRows(r);
  const nsBudgets = budgets.length
    ? `\n${table(
        style,
        [...TEXT.budgetCols],
        budgets.map((b) => [...b.cells.slice(0, 4), statusText(style, b.status, b.cells[4])]),
        ['left', 'left', 'right', 'right', 'left'],
      )}\n`
    : '';
  return `${head}\n${keyValues(style, pairs)}\n\n${ns}\n${nsBudgets}${style.c.dim(TEXT.more)}`;
}
