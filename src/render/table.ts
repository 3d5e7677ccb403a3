/** Terminal tables (cli-table3) and number formatting shared by the command renderers. */
import Table from 'cli-table3';
import type { Style } from './style.js';

export type Align = 'left' | 'right';

export function table(
  style: Style,
  head: string[],
  rows: (string | number)[][],
  align: Align[] = [],
): string {
  const t = new Table({
    head: head.map((h) => style.c.bold(h)),
    style: { head: [], border: [], compact: true },
    colAligns: head.map((_, i) => align[i] ?? 'left'),
    chars: style.color ? {} : undefined,
  });
  for (const r of rows) t.push(r.map((v) => String(v)));
  return t.toString();
}

/** Fixed decimals, trimming nothing: stable columns. */
export function fmt(n: number, digits = 2): string {
  return Number.isFinite(n) ? n.toFixed(digits) : String(n);
}

export function watts(n: number): string {
  return `${fmt(n, 2)} W`;
}

/** "key: value" lines under a heading. */
export function keyValues(style: Style, pairs: [string, string][]): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${style.c.dim(k.padEnd(width))}  ${v}`).join('\n');
}
