/**
 * Generic html for any command's JSON result (the report command has its own): the scalar
 * fields as a list and each list of records as a table, on one self-contained page.
 */
import type { CommandSpec } from '../commands/types.js';
import { cellText, columnsOf, isRecordList, isScalar, verdictOf } from './markdown.js';
import { esc } from './svg.js';

type Json = Record<string, unknown>;

const CSS =
  'body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;max-width:1100px;margin:0 auto;padding:16px}' +
  'table{border-collapse:collapse;font-size:13px;margin:6px 0}th,td{text-align:left;padding:3px 8px;border-bottom:1px solid #e4e7eb}' +
  'th{background:#f0f4f8}@media print{table{break-inside:auto}}';

export function toHtml(spec: CommandSpec, result: unknown): string {
  const r = result as Json;
  const parts: string[] = [`<h1>kcarbon ${esc(spec.name)}: ${esc(spec.title)}</h1>`];
  const verdict = verdictOf(spec, result);
  if (verdict)
    parts.push(
      `<p class="verdict ${verdict.passed ? 'pass' : 'fail'}"><strong>${esc(verdict.word)}</strong>: ${esc(verdict.text)}</p>`,
    );
  parts.push('<ul>');
  for (const [k, v] of Object.entries(r))
    if (isScalar(v) && v !== null) parts.push(`<li><strong>${esc(k)}</strong>: ${esc(cellText(v))}</li>`);
  parts.push('</ul>');
  for (const [k, v] of Object.entries(r)) {
    if (!isRecordList(v)) continue;
    const cols = columnsOf(v);
    parts.push(
      `<h2>${esc(k)}</h2><table><thead><tr>${cols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>`,
      ...v.map((row) => `<tr>${cols.map((c) => `<td>${esc(cellText(row[c]))}</td>`).join('')}</tr>`),
      '</tbody></table>',
    );
  }
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>kcarbon ${esc(spec.name)}</title>\n<style>${CSS}</style>\n</head>\n<body>\n${parts.join('\n')}\n</body>\n</html>\n`;
}
