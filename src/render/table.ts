/**
 * Terminal tables (cli-table3) and number formatting shared by the command renderers. Tables fit
 * the terminal: when wider than style.width the widest columns shrink and their cells wrap.
 */
import { stripVTControlCharacters } from 'node:util';
import Table from 'cli-table3';
import { displayWidth, tr } from '../i18n/index.js';
import { humanCell, quantityOfHeading, twoSignificant } from './human.js';
import type { Style } from './style.js';

export type Align = 'left' | 'right';

/** Display width of a line (ANSI codes do not count). */
export const visible = (s: string) => displayWidth(stripVTControlCharacters(s));

/**
 * Where to break a word wider than `room` display columns (a UTF-16 index): after the last `-`, `_`, `.` or `/`
 * that fits, else as many characters as fit (wide characters count two).
 */
function breakAt(word: string, room: number): number {
  let width = 0;
  let fit = 0;
  let cut = -1;
  for (const ch of word) {
    width += displayWidth(ch);
    if (width > room) break;
    fit += ch.length;
    if ('-_./'.includes(ch)) cut = fit;
  }
  return Math.max(1, cut > room / 3 ? cut : fit);
}

/** SGR (colour) escape codes: a coloured line wraps at its spaces, its colour carried onto each next line. */
const SGR = /\x1b\[[0-9;]*m/g;

/**
 * Greedy word wrap to `width`; words longer than the width are broken after a `-`, `_`, `.` or `/` where one
 * fits (names such as `ip-10-0-1-17.ap-northeast-2.compute.internal`), else mid-word. A coloured line wraps at
 * its spaces only (a coloured word wider than the width stays whole), each wrapped line ending its colour and
 * the next one starting with the codes before it; other escape sequences (links) leave the line whole.
 */
export function wrapText(text: string, width: number, indent = ''): string {
  if (width < 1) return text;
  return text
    .split('\n')
    .flatMap((line) => {
      if (visible(line) <= width || line.replace(SGR, '') !== stripVTControlCharacters(line)) return [line];
      const coloured = line !== stripVTControlCharacters(line);
      const lead = /^\s*/.exec(line)![0];
      const out: string[] = [];
      let cur = '';
      for (let word of line.trim().split(/\s+/)) {
        const room = () => width - (out.length ? indent.length : lead.length);
        if (cur && visible(cur) + 1 + visible(word) <= room()) {
          cur += ` ${word}`;
          continue;
        }
        if (cur) out.push(cur);
        cur = '';
        while (!coloured && visible(word) > room()) {
          const cut = breakAt(word, room());
          out.push(word.slice(0, cut));
          word = word.slice(cut);
        }
        cur = word;
      }
      if (cur) out.push(cur);
      if (!coloured) return out.map((l, i) => (i === 0 ? lead : indent) + l);
      let codes = '';
      return out.map((l, i) => {
        const wrapped = `${i === 0 ? lead : `${indent}${codes}`}${l}${i < out.length - 1 ? '\x1b[0m' : ''}`;
        codes += (l.match(SGR) ?? []).join('');
        return wrapped;
      });
    })
    .join('\n');
}

export interface TableOptions {
  /** Columns dropped, in this order, while the table is wider than the terminal (-o wide shows them). */
  secondary?: number[];
  /** Columns never cut or wrapped (a status must read whole); `Status` columns always are. */
  whole?: number[];
  /** Columns of descriptive text that wrap at words first, whatever their heading (a region's long name). */
  prose?: number[];
}

/**
 * Columns that name things (by their English heading): at a narrow width they give way last — prose and
 * other text shrink first, then numbers move to -o wide — so `namespace/name` stays readable.
 */
const NAME_HEADINGS = new Set([
  'Namespace',
  'Workload',
  'Pod',
  'Node',
  'Resource',
  'Region',
  'Standard',
  'Check',
  'Name',
  'Code',
]);
/**
 * A compliance status (COMPLIANT, NON_COMPLIANT, or its translation): a `Status` column of short words is never
 * cut or wrapped (a legal status such as `voluntary-certification` is longer and may wrap).
 */
const isStatusColumn = (heading: string, cells: string[]) =>
  heading === 'Status' && cells.every((c) => visible(c) <= 'NON_COMPLIANT'.length);

/** Each column's part in fitting the width: whole (never shrinks), name (shrinks last), number, or text. */
function roles(
  englishHead: string[],
  rows: string[][],
  align: Align[],
  opts: TableOptions,
): ('whole' | 'name' | 'number' | 'text')[] {
  return englishHead.map((h, i) =>
    opts.whole?.includes(i) ||
    isStatusColumn(
      h,
      rows.map((r) => r[i] ?? ''),
    )
      ? 'whole'
      : opts.prose?.includes(i)
        ? 'text'
        : NAME_HEADINGS.has(h)
          ? 'name'
          : align[i] === 'right'
            ? 'number'
            : 'text',
  );
}

/**
 * Narrow columns by one at a time, the widest of those `which` selects first, down to `floor`, until `excess()`
 * is gone or none can give more.
 */
function shrinkWidest(
  cols: number[],
  widths: Map<number, number>,
  excess: () => number,
  which: (i: number) => boolean,
  floor: (i: number) => number,
): void {
  let over = excess();
  while (over > 0) {
    let pick = -1;
    for (const i of cols)
      if (which(i) && widths.get(i)! > floor(i) && (pick < 0 || widths.get(i)! > widths.get(pick)!)) pick = i;
    if (pick < 0) return;
    widths.set(pick, widths.get(pick)! - 1);
    over--;
  }
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
  const all = rows.map((r) => head.map((_, i) => String(r[i] ?? '')));
  const showHead = style.headers !== false;
  const role = roles(englishHead, all, align, opts);
  const cellLines = (i: number) => [...(showHead ? [head[i]!] : []), ...all.map((r) => r[i]!)];
  const natural = (i: number) => Math.max(1, ...cellLines(i).flatMap((c) => c.split('\n').map(visible)));
  /** The narrowest a column wraps to without breaking a word (text) or a name part (names). */
  const unbroken = (i: number, parts: RegExp) =>
    Math.max(1, ...cellLines(i).flatMap((c) => c.split(parts).map(visible)));
  const total = (ix: number[], w: (i: number) => number) => ix.reduce((a, i) => a + w(i) + 3, 1);
  let cols = head.map((_, i) => i);
  const widths = new Map<number, number>();
  if (style.width && !style.wide) {
    const over = () => total(cols, natural) > style.width!;
    // Secondary columns go first (from the right), then columns with nothing in them.
    for (const i of opts.secondary ?? []) if (over()) cols = cols.filter((c) => c !== i);
    for (const i of [...cols].reverse())
      if (over() && all.every((r) => r[i] === '')) cols = cols.filter((c) => c !== i);
  }
  if (style.width) {
    const width = style.width;
    const excess = () => total(cols, (i) => widths.get(i)!) - width;
    const shrink = (which: (i: number) => boolean, floor: (i: number) => number) =>
      shrinkWidest(cols, widths, excess, which, floor);
    const layout = () => {
      for (const i of cols) widths.set(i, natural(i));
      const words = (i: number) => Math.min(natural(i), Math.max(8, unbroken(i, /\s+/)));
      const parts = (i: number) => Math.min(natural(i), Math.max(8, unbroken(i, /(?<=[-_./])|\s+/)));
      // Prose wraps at words down to 30 columns, numbers' headings wrap, then names wrap after their
      // - _ . / parts (never cut off), then prose narrows to its longest word.
      shrink(
        (i) => role[i] === 'text',
        (i) => Math.max(words(i), Math.min(natural(i), 30)),
      );
      // A number's heading wraps at its spaces ("kgCO2e/month saved"); its figures never do.
      shrink(
        (i) => role[i] === 'number',
        (i) =>
          Math.max(
            1,
            ...all.map((r) => visible(r[i]!)),
            ...(showHead ? head[i]!.split(/\s+/).map(visible) : []),
          ),
      );
      shrink((i) => role[i] === 'name', parts);
      shrink((i) => role[i] === 'text', words);
    };
    layout();
    if (!style.wide && excess() > 0) {
      // Numbers move to -o wide (from the right) before any name is broken mid-word.
      for (const i of [...cols].reverse())
        if (excess() > 0 && role[i] === 'number' && cols.length > 1) {
          cols = cols.filter((c) => c !== i);
          layout();
        }
    }
    // The last resort: text and names break wherever they must.
    shrink(
      (i) => role[i] === 'text' || role[i] === 'name',
      () => 4,
    );
  }
  let header = showHead ? cols.map((i) => head[i]!) : [];
  let cells = all.map((r) => cols.map((i) => r[i]!));
  let colWidths: number[] | undefined;
  if (style.width && cols.some((i) => widths.get(i)! < natural(i))) {
    const fit = cols.map((i) => widths.get(i)!);
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

/**
 * A listing as printed: its table (or tables) with the lines around it, a title above and counts, totals or
 * advice below. With --no-headers only the rows are printed, for scripts (those lines are in the JSON).
 */
export function listing(style: Style, rows: string, around: { above?: string; below?: string }): string {
  if (style.headers === false) return rows;
  return [around.above, rows, around.below].filter((s) => s !== undefined && s !== '').join('\n');
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

/**
 * `text` cut to `width` display columns in the middle, "…" between its start and its end: names that share a
 * long prefix (a workload's pods, ml-training-job-7f9c-abcde) stay told apart by their ends.
 */
export function truncateMiddle(text: string, width: number): string {
  if (visible(text) <= width) return text;
  const chars = [...stripVTControlCharacters(text)];
  const room = width - 1;
  let head = '';
  let tail = '';
  for (let i = 0, j = chars.length - 1; i <= j; ) {
    // Alternately from the start and the end, the start first, while the next character fits.
    const fromHead = displayWidth(head) <= displayWidth(tail);
    const ch = fromHead ? chars[i]! : chars[j]!;
    if (displayWidth(head + tail + ch) > room) break;
    if (fromHead) {
      head += ch;
      i++;
    } else {
      tail = ch + tail;
      j--;
    }
  }
  return `${head}…${tail}`;
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
  const role = roles(englishHead, cells, align, opts);
  const widths = new Map(cols.map((i) => [i, natural(i)]));
  if (style.width) {
    const width = style.width;
    const excess = () => total(cols, (i) => widths.get(i)!) - width;
    const floor = (i: number) => Math.min(natural(i), Math.max(8, showHead ? visible(head[i]!) : 0));
    const cut = (which: (i: number) => boolean) => shrinkWidest(cols, widths, excess, which, floor);
    if (!style.wide) {
      // Long text (failed checks, notes) moves to -o wide, then numbers (from the right), before a name is cut.
      for (const kind of ['text', 'number'] as const)
        for (const i of [...cols].reverse())
          if (excess() > 0 && role[i] === kind && cols.length > 1) cols = cols.filter((c) => c !== i);
    }
    // What is left too wide is cut with an ellipsis, text before names; a status never.
    cut((i) => role[i] === 'text');
    cut((i) => role[i] === 'name');
  }
  const line = (r: string[]) =>
    cols
      .map((i) => {
        const w = widths.get(i)!;
        const text = role[i] === 'name' ? truncateMiddle(r[i]!, w) : truncate(r[i]!, w);
        const pad = ' '.repeat(Math.max(0, w - visible(text)));
        return align[i] === 'right' ? pad + text : text + pad;
      })
      .join(GAP)
      .trimEnd();
  return [...(showHead ? [style.c.bold(line(head))] : []), ...cells.map(line)].join('\n');
}

/**
 * Fixed decimals, trimming nothing: stable columns. A non-zero figure those decimals would show with fewer than
 * two significant digits keeps two instead (0.002607 at 3 decimals is 0.0026, not 0.003): the reader sees its
 * real value, and so does the markdown and html of a table, which re-round this text for people (human.ts).
 */
export function fmt(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return String(n);
  if (n !== 0 && Math.abs(n) < 10 ** (1 - digits)) return twoSignificant(n);
  return n.toFixed(digits);
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
