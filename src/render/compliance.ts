/** Terminal rendering of statuses and check lists, shared by the compliance commands. */
import type { CheckResult } from '../carbon/checks.js';
import { tr } from '../i18n/index.js';
import { checkNoteText } from '../i18n/text.js';
import { decimalsBeside, figureBeside, kept, quantityOfHeading } from './human.js';
import type { Style } from './style.js';
import { fmt, table } from './table.js';

/**
 * Decimals of a check's figure by its unit: in a terminal table one more step than for people (README "Rounding":
 * W 2, kgCO2e/month 3, g/kWh 1, kWh 3), in markdown and html those for people (render/human.ts).
 */
const TABLE_DECIMALS: Readonly<Record<string, number>> = { W: 2, 'kgCO2e/month': 3, 'gCO2e/kWh': 1, kWh: 3 };

/**
 * A check's figure at the decimals of its unit, or more where those would put it on the other side of its limit
 * (1.990395 over 1.9902 reads 1.9904, never 1.990: over its limit, never read as equal to it). In markdown and
 * html marked so that their rounding for people leaves it as it is. A figure of another unit (a PUE) as it is.
 */
export function checkFigure(style: Style, value: number, unit: string, limit?: number): string {
  const d = TABLE_DECIMALS[unit];
  const q = quantityOfHeading(unit);
  if (d === undefined || q === undefined) return String(value);
  if (!style.markdown) return fmt(value, decimalsBeside(value, limit, d));
  return kept(figureBeside(value, q, limit));
}

/** The unit of a reporting duty's figure, from its key (`energy_kwh_month`, `carbon_kg_month`; a PUE has none). */
const kpiUnit = (key: string): string =>
  /_kwh(_|$)/.test(key) ? 'kWh' : /_kg(_|$)/.test(key) ? 'kgCO2e/month' : '';

/** A status coloured by what it says; `text` replaces the status word (an excused one says why). */
export function statusText(style: Style, status: string, text = tr(status)): string {
  if (status === 'COMPLIANT') return style.c.green(text);
  if (status === 'NON_COMPLIANT') return style.c.red.bold(text);
  return style.c.dim(text);
}

export function renderChecks(style: Style, checks: CheckResult[]): string {
  return table(
    style,
    ['Standard', 'Check', 'Status', 'Value', 'Limit', 'Gap'],
    checks.map((c) => [
      tr(c.standard),
      c.check,
      statusText(style, c.status),
      c.value === undefined
        ? c.kpis
          ? Object.entries(c.kpis)
              .map(([k, v]) => `${k}=${checkFigure(style, v, kpiUnit(k))}`)
              .join(' ')
          : ''
        : // A PUE is a bare ratio: labelled by its name, not by the JSON's unit word 'ratio' (English in Korean).
          c.unit === 'ratio' && c.metric === 'pue'
          ? `PUE ${c.value}`
          : `${checkFigure(style, c.value, c.unit, c.limit)} ${tr(c.unit)}`,
      c.limit === undefined
        ? c.note === undefined
          ? ''
          : checkNoteText(c.note)
        : `${c.comparison ?? '<='} ${c.limit}`,
      c.gap_percent === undefined ? '' : `${c.gap_percent > 0 ? '+' : ''}${fmt(c.gap_percent, 1)} %`,
    ]),
    ['left', 'left', 'left', 'right', 'left', 'right'],
  );
}
