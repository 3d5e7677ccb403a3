/** Terminal rendering of statuses and check lists, shared by the compliance commands. */
import type { CheckResult } from '../carbon/checks.js';
import type { Style } from './style.js';
import { fmt, table } from './table.js';

export function statusText(style: Style, status: string): string {
  if (status === 'COMPLIANT') return style.c.green(status);
  if (status === 'NON_COMPLIANT') return style.c.red.bold(status);
  return style.c.dim(status);
}

export function renderChecks(style: Style, checks: CheckResult[]): string {
  return table(
    style,
    ['Standard', 'Check', 'Status', 'Value', 'Limit', 'Gap'],
    checks.map((c) => [
      c.standard,
      c.check,
      statusText(style, c.status),
      c.value === undefined
        ? c.kpis
          ? Object.entries(c.kpis)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')
          : ''
        : `${c.value} ${c.unit}`,
      c.limit === undefined ? (c.note ?? '') : `${c.comparison ?? '<='} ${c.limit}`,
      c.gap_percent === undefined ? '' : `${c.gap_percent > 0 ? '+' : ''}${fmt(c.gap_percent, 1)} %`,
    ]),
    ['left', 'left', 'left', 'right', 'left', 'right'],
  );
}
