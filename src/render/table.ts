/**
 * Terminal tables (cli-table3) and number formatting shared by the command renderers. Tables fit
 * the terminal: when wider than style.width the widest columns shrink and their cells wrap.
 */
import { stripVTControlCharacters } from 'node:util';
import Table from 'cli-table3';
import { displayWidth, tr } from '../i18n/index.js';
import { humanCell, quantityOfHeading } from './human.js';
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
  /** Columns plain columns never cut with an ellipsis (a status must read whole). */
  whole?: number[];
}

/** A pipe table (the generic markdown reporter): every column, headings translated, empty columns left out. */
export function pipeTable(englishHead: string[], rows: (string | number)[][], align: Align[] = []): string {
  const cell = (v: unknown) =>
    stripVTControlCharacters(String(v ?? ''))
      .replaceAll('|', '\\|')
      .replaceAll('\n', ' ')
      .trim();
  const cols = englishHead.map((_, i) => i).filter((i) => rows.some((r) => cell(r[i]) !== ''));
  // A bare number under a heading with a unit is rounded for people (markdown is read in mail and summaries).
  const quantity = englishHead.map((h) => quantityOfHeading(h));
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(cols.map((i) => cell(tr(englishHead[i]!)))),
    `|${cols.map((i) => (align[i] === 'right' ? '---:' : '---')).join('|')}|`,
    ...rows.map((r) => line(cols.map((i) => humanCell(cell(r[i]), quantity[i])))),
  ].join('\n');
}

export function table(
  style: Style,
  englishHead: string[],
  rows: (string | number)[][],
  align: Align[] = [],
  opts: TableOptions = {},
): string {
  if (style.markdown) return `\n${pipeTable(englishHead, rows, align)}\n`;
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

/** `text` cut to `width` display columns, ending in "…" when cut (colour is dropped from a cut cell). */
export function truncate(text: string, width: number): string {
  if (visible(text) <= width) return text;
  let out = '';
  for (const ch of stripVTControlCharacters(text)) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/** A heading in upper case, its units kept as written ("Power (W)" -> "POWER (W)", kgCO2e and kWh unchanged). */
export function upperHeading(h: string): string {
  return h
    .split(' ')
    .map((w) => (/[0-9/]|[a-z][A-Z]|^\(/.test(w) ? w : w.toUpperCase()))
    .join(' ');
}

/** Columns between kubectl-like plain columns. */
const GAP = '   ';

/**
 * kubectl-like plain columns: no borders, upper-case headers, three spaces between columns, text
 * left-aligned and numbers right-aligned. To fit the width, secondary columns drop out (-o wide shows
 * them), then the widest text columns are cut with an ellipsis, never broken mid-word over two lines.
 */
export function columns(
  style: Style,
  englishHead: string[],
  rows: (string | number)[][],
  align: Align[] = [],
  opts: TableOptions = {},
): string {
  if (style.markdown) return `\n${pipeTable(englishHead, rows, align)}\n`;
  const head = englishHead.map((h) => upperHeading(tr(h)));
  const cells = rows.map((r) => head.map((_, i) => String(r[i] ?? '').replaceAll('\n', ' ')));
  const showHead = style.headers !== false;
  const natural = (i: number) =>
    Math.max(showHead ? visible(head[i]!) : 0, ...cells.map((r) => visible(r[i]!)));
  const total = (ix: number[], w: (i: number) => number) =>
    ix.reduce((a, i) => a + w(i), 0) + GAP.length * Math.max(0, ix.length - 1);
  let cols = head.map((_, i) => i);
  if (style.width && !style.wide) {
    for (const i of opts.secondary ?? [])
      if (total(cols, natural) > style.width) cols = cols.filter((c) => c !== i);
    // Then columns with nothing in them (a header alone is no information).
    for (const i of [...cols].reverse())
      if (total(cols, natural) > style.width && cells.every((r) => r[i] === ''))
        cols = cols.filter((c) => c !== i);
  }
  const widths = new Map(cols.map((i) => [i, natural(i)]));
  if (style.width) {
    // Text columns give way, the widest first, down to 8 columns (or their header).
    const floor = (i: number) =>
      opts.whole?.includes(i)
        ? natural(i)
        : Math.min(natural(i), Math.max(8, showHead ? visible(head[i]!) : 0));
    let over = total(cols, (i) => widths.get(i)!) - style.width;
    while (over > 0) {
      let pick = -1;
      for (const i of cols)
        if (
          align[i] !== 'right' &&
          widths.get(i)! > floor(i) &&
          (pick < 0 || widths.get(i)! > widths.get(pick)!)
        )
          pick = i;
      if (pick < 0) break;
      widths.set(pick, widths.get(pick)! - 1);
      over--;
    }
  }
  const line = (r: string[]) =>
    cols
      .map((i) => {
        const w = widths.get(i)!;
        const text = truncate(r[i]!, w);
        const pad = ' '.repeat(Math.max(0, w - visible(text)));
        return align[i] === 'right' ? pad + text : text + pad;
      })
      .join(GAP)
      .trimEnd();
  return [...(showHead ? [style.c.bold(line(head))] : []), ...cells.map(line)].join('\n');
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
  if (style.markdown)
    return pairs
      .filter(([, v]) => v.trim() !== '')
      .map(([k, v]) => `- **${k}**: ${v.replaceAll('\n', ' ')}`)
      .join('\n');
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
