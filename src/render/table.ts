/**
 * Terminal tables (cli-table3) and number formatting shared by the command renderers. Tables fit
 * the terminal: when wider than style.width the widest columns shrink and their cells wrap.
 */
import { stripVTControlCharacters } from 'node:util';
import Table from 'cli-table3';
import { displayWidth, tr } from '../i18n/index.js';
import type { Style } from './style.js';

export type Align = 'left' | 'right';

/** Display width of a line (ANSI codes do not count). */
export const visible = (s: string) => displayWidth(stripVTControlCharacters(s));

/** Greedy word wrap to `width`; words longer than the width are broken. ANSI-coloured text is left whole. */
export function wrapText(text: string, width: number, indent = ''): string {
  if (width < 1) return text;
  return text
    .split('\n')
    .flatMap((line) => {
      if (visible(line) <= width || line !== stripVTControlCharacters(line)) return [line];
      const lead = /^\s*/.exec(line)![0];
      const out: string[] = [];
      let cur = '';
      for (let word of line.trim().split(/\s+/)) {
        const room = () => width - (out.length ? indent.length : lead.length);
        if (cur && cur.length + 1 + word.length <= room()) {
          cur += ` ${word}`;
          continue;
        }
        if (cur) out.push(cur);
        cur = '';
        while (word.length > room()) {
          out.push(word.slice(0, room()));
          word = word.slice(room());
        }
        cur = word;
      }
      if (cur) out.push(cur);
      return out.map((l, i) => (i === 0 ? lead : indent) + l);
    })
    .join('\n');
}

/** Column content widths that fit `total` columns (borders and padding counted): shrink the widest first. */
export function fitWidths(natural: number[], total: number, min = 6): number[] {
  const w = [...natural];
  const budget = total - (3 * w.length + 1);
  let sum = w.reduce((a, b) => a + b, 0);
  while (sum > budget) {
    let i = -1;
    for (let j = 0; j < w.length; j++) if (w[j]! > min && (i < 0 || w[j]! > w[i]!)) i = j;
    if (i < 0) break;
    w[i]!--;
    sum--;
  }
  return w;
}

export interface TableOptions {
  /** Columns dropped, in this order, while the table is wider than the terminal (-o wide shows them). */
  secondary?: number[];
}

export function table(
  style: Style,
  englishHead: string[],
  rows: (string | number)[][],
  align: Align[] = [],
  opts: TableOptions = {},
): string {
  const head = englishHead.map((h) => tr(h));
  let cells = rows.map((r) => r.map((v) => String(v)));
  let cols = head.map((_, i) => i);
  const natural = (i: number) =>
    Math.max(
      1,
      visible(style.headers === false ? '' : head[i]!),
      ...cells.map((r) =>
        Math.max(
          0,
          ...String(r[i] ?? '')
            .split('\n')
            .map(visible),
        ),
      ),
    );
  const total = (ix: number[]) => ix.reduce((a, i) => a + natural(i) + 3, 1);
  if (style.width && !style.wide) {
    // Secondary columns go first (from the right), then the text columns shrink and wrap.
    for (const i of opts.secondary ?? []) if (total(cols) > style.width) cols = cols.filter((c) => c !== i);
  }
  let colWidths: number[] | undefined;
  let header = style.headers === false ? [] : cols.map((i) => head[i]!);
  cells = cells.map((r) => cols.map((i) => r[i] ?? ''));
  if (style.width && total(cols) > style.width) {
    const nat = cols.map(natural);
    // Right-aligned (numeric) columns keep their width; text columns shrink, the widest first.
    const fixed = cols.map((i) => align[i] === 'right');
    const budget =
      style.width - (3 * cols.length + 1) - nat.filter((_, k) => fixed[k]).reduce((a, b) => a + b, 0);
    const shrunk = fitWidths(
      nat.filter((_, k) => !fixed[k]),
      budget + 3 * nat.filter((_, k) => !fixed[k]).length + 1,
      8,
    );
    let j = 0;
    const fit = nat.map((w, k) => (fixed[k] ? w : shrunk[j++]!));
    cells = cells.map((r) => r.map((c, k) => wrapText(c, fit[k]!)));
    header = header.map((h, k) => wrapText(h, fit[k]!));
    colWidths = fit.map((w) => w + 2);
  }
  const t = new Table({
    ...(header.length ? { head: header.map((h) => style.c.bold(h)) } : {}),
    style: { head: [], border: [], compact: true },
    colAligns: cols.map((i) => align[i] ?? 'left'),
    ...(colWidths ? { colWidths } : {}),
    chars: style.color ? {} : undefined,
  });
  for (const r of cells) t.push(r);
  return t.toString();
}

/** Fixed decimals, trimming nothing: stable columns. */
export function fmt(n: number, digits = 2): string {
  return Number.isFinite(n) ? n.toFixed(digits) : String(n);
}

export function watts(n: number): string {
  return `${fmt(n, 2)} W`;
}

/** "key: value" lines under a heading; long values wrap under themselves. */
export function keyValues(style: Style, englishPairs: [string, string][]): string {
  const pairs = englishPairs.map(([k, v]): [string, string] => [tr(k), v]);
  const width = Math.max(...pairs.map(([k]) => displayWidth(k)));
  const indent = ' '.repeat(width + 2);
  return pairs
    .map(([k, v]) => {
      const value = style.width
        ? wrapText(v, style.width - width - 2, '')
            .split('\n')
            .join(`\n${indent}`)
        : v;
      return `${style.c.dim(k + ' '.repeat(width - displayWidth(k)))}  ${value}`;
    })
    .join('\n');
}

/** Every line of rendered text within the width (lines already fitting, tables included, are untouched). */
export function fitLines(text: string, width: number | undefined): string {
  if (!width) return text;
  return text
    .split('\n')
    .map((l) => (visible(l) > width ? wrapText(l, width, '  ') : l))
    .join('\n');
}
