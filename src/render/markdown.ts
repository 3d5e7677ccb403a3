/**
 * Markdown for $GITHUB_STEP_SUMMARY and mailed cron reports of any command without its own: the
 * command's table rendering as markdown, a pass/fail line for gates, the data used as a footnote.
 */
import type { CommandSpec } from '../commands/types.js';
import { localized, reasonText, tr, warningText } from '../i18n/index.js';
import { TEXT as SENTENCES } from '../i18n/text.js';
import { type MetricsInfo, metricsOf, seriesLost } from '../kepler/metrics-info.js';
import type { Warning } from '../kepler/model.js';
import { humanNumbers, KEEP } from './human.js';
import { failedIncomplete, policyOf, TEXT_EN, verdictKind } from './report-markdown.js';
import { makeStyle } from './style.js';

const TEXT = localized('reportMarkdown', TEXT_EN);

type Json = Record<string, unknown>;

export const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** A cell: a list of scalars joined with commas, an object (or a list of them) as its JSON, else the value. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.every(isScalar) ? v.join(', ') : JSON.stringify(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Columns of a record list: every key holding a scalar or a list of scalars in some record. */
export function columnsOf(rows: Json[]): string[] {
  const cols: string[] = [];
  for (const r of rows) {
    for (const [k, v] of Object.entries(r)) {
      if (!cols.includes(k) && (isScalar(v) || (Array.isArray(v) && v.every(isScalar)))) cols.push(k);
    }
  }
  return cols;
}

const md = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The warning block that opens a markdown report of partial data (empty when every source was read). */
export function incompleteNote(result: unknown): string[] {
  const info = metricsOf(result);
  if (!info || info.complete) return [];
  const warnings = (result as { warnings?: Warning[] }).warnings ?? [];
  const leftOut = warnings.filter((w) => seriesLost(w) > 0);
  return [
    `> **${md(SENTENCES.incompleteNote(incompleteText(info)))}**${info.sources_failed.length > 0 ? ` ${SENTENCES.incompleteCover}` : ''}`,
    ...info.sources_failed.map((f) => `> - ${md(f.error ? reasonText(f.error) : f.origin)}`),
    // What was left out, as the warnings on stderr say it (hours missing, values excluded): a report's reader sees
    // no stderr. The first few; the rest counted.
    ...leftOut.slice(0, LEFT_OUT_SHOWN).map((w) => `> - ${md(warningText(w))}`),
    ...(leftOut.length > LEFT_OUT_SHOWN
      ? [`> - ${md(SENTENCES.andMore(leftOut.length - LEFT_OUT_SHOWN))}`]
      : []),
    '',
  ];
}

/** Warnings of series left out a partial-data note names one by one. */
const LEFT_OUT_SHOWN = 5;

/** Why the data are incomplete, in the run's language: sources that failed, series left out, or both. */
export function incompleteText(info: MetricsInfo): string {
  const series = seriesText(info);
  if (info.sources_failed.length === 0 && series) return SENTENCES.incompleteSeries(series);
  const failed = SENTENCES.incomplete(
    info.nodes_reporting.length,
    info.nodes_expected,
    info.sources_failed.length,
    info.sources_failed.map((f) => f.origin).join(', '),
  );
  return series ? `${failed}; ${series}` : failed;
}

/** The series left out, counted, and where (empty when none). */
export function seriesText(info: MetricsInfo): string {
  const left = info.series_left_out ?? [];
  if (left.length === 0) return '';
  return SENTENCES.seriesLeftOut(
    left.reduce((n, l) => n + l.count, 0),
    left.map((l) => l.origin).join(', '),
  );
}

/** A command's own markdown with the partial-data warning under its first heading. */
export function withIncompleteNote(markdown: string, result: unknown): string {
  const note = incompleteNote(result);
  if (note.length === 0) return markdown;
  const lines = markdown.split('\n');
  const at = lines.findIndex((l) => l.startsWith('#'));
  lines.splice(at + 1, 0, '', ...note);
  return lines.join('\n');
}

/**
 * Markdown blocks from a command's table rendering: pipe tables, lists and fenced blocks (a document, as
 * `config schema` gives under `style.markdown`) as they are, aligned text (a chart, columns of figures) in a
 * fenced block, every other line its own paragraph.
 */
function blocks(text: string): string[] {
  const groups: string[][] = [];
  let cur: string[] = [];
  let kind = '';
  const flush = () => {
    if (cur.length)
      groups.push(kind === 'text' && cur.some((l) => /\S {2,}\S/.test(l)) ? ['```', ...cur, '```'] : cur);
    cur = [];
  };
  for (const raw of text.split('\n')) {
    const l = raw.trimEnd();
    if (kind === 'fence' || l.startsWith('```')) {
      // Kept line for line, indentation and blank lines included, up to the closing fence.
      if (kind !== 'fence') flush();
      const closes = kind === 'fence' && l === '```';
      cur.push(l);
      kind = 'fence';
      if (closes) {
        flush();
        kind = '';
      }
      continue;
    }
    const k = l.trim() === '' ? 'blank' : l.startsWith('|') ? 'table' : l.startsWith('- ') ? 'list' : 'text';
    if (k !== kind || k === 'blank') flush();
    kind = k;
    if (k !== 'blank') cur.push(l);
  }
  flush();
  return groups.flatMap((g, i) => {
    const body =
      g[0]!.startsWith('```') || g[0]!.startsWith('|') || g[0]!.startsWith('- ')
        ? g
        : g.flatMap((l, j) => (j ? ['', md(l.trim())] : [md(l.trim())]));
    return i ? ['', ...body] : body;
  });
}

/**
 * Markdown for people: every number followed by its unit rounded to that unit's precision (src/render/human.ts),
 * outside code blocks (their columns are aligned as printed).
 */
export function humanMarkdown(markdown: string): string {
  return markdown
    .split(/(^```[^\n]*\n[\s\S]*?^```$)/m)
    .map((part, i) => (i % 2 ? part.replaceAll(KEEP, '') : humanNumbers(part)))
    .join('');
}

/** The verdict of a command's recorded gate (pass/fail under its policy, with the counts), for the generic reporters. */
export function verdictOf(
  spec: CommandSpec,
  result: unknown,
): { passed: boolean; kind: 'pass' | 'fail' | 'findings'; word: string; text: string } | undefined {
  const gate = spec.gate?.(result);
  if (!gate) return undefined;
  const kind = verdictKind(gate);
  return {
    passed: gate.passed,
    kind,
    word: TEXT[kind],
    text: `${failedIncomplete(gate) ? `${TEXT.incomplete}; ` : ''}${TEXT.gate(gate.errors, gate.warnings, gate.excused)} (${policyOf(gate)})`,
  };
}

/**
 * The generic markdown of a command without its own (every one but report): a heading, the
 * partial-data warning, a pass/fail line for commands with a gate, then the command's own table
 * rendering as markdown (its column headings and rounding, empty columns and fields left out),
 * and the data used as a footnote.
 */
export function toMarkdown(spec: CommandSpec, result: unknown): string {
  const out: string[] = [`## ${commandHeading(spec)}`, ''];
  out.push(...incompleteNote(result));
  const verdict = verdictOf(spec, result);
  if (verdict) out.push(`**${verdict.word}**: ${verdict.text}`, '');
  out.push(...body(spec, result));
  const note = dataNote(result);
  if (note) out.push('', note);
  return `${out.join('\n')}\n`;
}

/** `kcarbon <command>: <title>` in the run's language. */
export function commandHeading(spec: CommandSpec): string {
  return `kcarbon ${spec.name}: ${tr(spec.title)}`;
}

/** The command's table rendering as markdown blocks (its column headings and rounding). */
export function body(spec: CommandSpec, result: unknown): string[] {
  return blocks(spec.renderTable(result, { ...makeStyle(false, { wide: true }), markdown: true }));
}

/** The data used, as one footnote (undefined when the result used no grid data). */
export function dataNote(result: unknown): string | undefined {
  const used = (result as Json).data_used as
    | { grid?: Json & { annual_intensity?: Json; pue?: Json } }
    | undefined;
  if (!used?.grid) return undefined;
  const g = used.grid;
  const source = (v: unknown) => String(v ?? '').split(';')[0]!;
  return (
    SENTENCES.dataNote(
      String(g.region),
      String(g.region_name),
      Number(g.local_hour),
      Number(g.annual_intensity?.value),
      source(g.annual_intensity?.source),
      Number(g.annual_intensity?.year),
      Number(g.pue?.value),
      source(g.pue?.source),
      Number(g.pue?.year),
    ) + (g.hourly_profile ? ` ${(g.hourly_profile as Json).attribution ?? ''}` : '')
  );
}
