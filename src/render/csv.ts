/** CSV (RFC 4180) of a command's main list: the `primaryList` field, or its first list of records. */
import type { CommandSpec } from '../commands/types.js';
import { msg, UsageError } from '../errors.js';
import { cellText, columnsOf } from './markdown.js';

type Json = Record<string, unknown>;

const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

export function toCsv(spec: CommandSpec, result: unknown): string {
  const r = result as Json;
  const key =
    spec.primaryList ??
    Object.keys(r).find(
      (k) => Array.isArray(r[k]) && (r[k] as unknown[]).every((x) => typeof x === 'object'),
    );
  const rows = (key ? r[key] : undefined) as Json[] | undefined;
  if (!key || !Array.isArray(rows)) {
    throw new UsageError(msg('noCsvList', spec.name), msg('useJsonOrMarkdown'));
  }
  const cols = columnsOf(rows);
  return `${[cols.join(','), ...rows.map((row) => cols.map((c) => quote(cellText(row[c]))).join(','))].join('\r\n')}\r\n`;
}
