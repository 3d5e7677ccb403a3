/**
 * Markdown for $GITHUB_STEP_SUMMARY and mailed cron reports, from any command's JSON result:
 * its scalar fields as a list, each list of records as a table, and the data used as a footnote.
 */
import type { CommandSpec } from '../commands/types.js';
import { describeIncomplete, findMetricsInfo } from '../kepler/metrics-info.js';

type Json = Record<string, unknown>;

export const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
export const isRecordList = (v: unknown): v is Json[] =>
  Array.isArray(v) &&
  v.length > 0 &&
  v.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x));

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.every(isScalar) ? v.join(', ') : '';
  if (typeof v === 'object') return '';
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

function tableOf(rows: Json[]): string {
  const cols = columnsOf(rows);
  return [
    `| ${cols.join(' | ')} |`,
    `|${cols.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${cols.map((c) => md(cellText(r[c]))).join(' | ')} |`),
  ].join('\n');
}

/** The warning block that opens a markdown report of partial data (empty when every source was read). */
export function incompleteNote(result: unknown): string[] {
  const info = findMetricsInfo(result);
  if (!info || info.complete) return [];
  return [
    `> **Warning: ${md(describeIncomplete(info))}.** The figures below cover only the nodes that reported.`,
    ...info.sources_failed.map((f) => `> - ${md(f.error || f.origin)}`),
    '',
  ];
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

export function toMarkdown(spec: CommandSpec, result: unknown): string {
  const r = result as Json;
  const out: string[] = [`## kcarbon ${spec.name}: ${spec.title}`, ''];
  out.push(...incompleteNote(result));
  for (const [k, v] of Object.entries(r)) if (isScalar(v)) out.push(`- **${k}**: ${md(cellText(v))}`);
  for (const [k, v] of Object.entries(r)) {
    if (isRecordList(v)) out.push('', `### ${k}`, '', tableOf(v));
    else if (v && typeof v === 'object' && !Array.isArray(v) && k !== 'data_used' && k !== 'metrics') {
      const nested = Object.entries(v as Json).filter(([, x]) => isScalar(x));
      if (nested.length)
        out.push('', `### ${k}`, '', ...nested.map(([nk, nv]) => `- **${nk}**: ${md(cellText(nv))}`));
    }
  }
  const used = r.data_used as { grid?: Json & { annual_intensity?: Json; pue?: Json } } | undefined;
  if (used?.grid) {
    const g = used.grid;
    out.push(
      '',
      `Data: region ${g.region} (${g.region_name}), local hour ${g.local_hour}; grid intensity ${g.annual_intensity?.value} ` +
        `g/kWh (${String(g.annual_intensity?.source ?? '').split(';')[0]}, ${g.annual_intensity?.year}); ` +
        `PUE ${g.pue?.value} (${String(g.pue?.source ?? '').split(';')[0]}, ${g.pue?.year}).` +
        (g.hourly_profile ? ` ${(g.hourly_profile as Json).attribution ?? ''}` : ''),
    );
  }
  return `${out.join('\n')}\n`;
}
