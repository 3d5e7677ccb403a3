/** Terminal rendering of statuses and check lists, shared by the compliance commands. */
import type { CheckResult } from '../carbon/checks.js';
import { tr } from '../i18n/index.js';
import type { Style } from './style.js';
import { fmt, table } from './table.js';

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
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')
          : ''
        : // A PUE is a bare ratio: labelled by its name, not by the JSON's unit word 'ratio' (English in Korean).
          c.unit === 'ratio' && c.metric === 'pue'
          ? `PUE ${c.value}`
          : `${c.value} ${tr(c.unit)}`,
      c.limit === undefined ? (c.note ?? '') : `${c.comparison ?? '<='} ${c.limit}`,
      c.gap_percent === undefined ? '' : `${c.gap_percent > 0 ? '+' : ''}${fmt(c.gap_percent, 1)} %`,
    ]),
    ['left', 'left', 'left', 'right', 'left', 'right'],
  );
}
