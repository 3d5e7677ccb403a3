/** CSV (RFC 4180) of a command's main list: the `primaryList` field, or its first list of records. */
import { periodFields } from '../commands/period.js';
import type { CommandSpec } from '../commands/types.js';
import { msg, UsageError } from '../errors.js';
import { cellText, columnsOf } from './markdown.js';

type Json = Record<string, unknown>;

const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/**
 * A text cell a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage return before
 * one: OWASP "CSV Injection") is written after an apostrophe, which spreadsheets show as text. Only text:
 * numbers, negative ones included, stay numbers.
 */
const inert = (v: unknown, text: string) =>
  typeof v === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;

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
  // No rows: the header still names the columns (from the output schema), so a consumer's columns do not
  // depend on the data; a period's columns only over a period, a node's idle share (a reading of the moment) only
  // without one.
  const period = r.period !== undefined;
  const cols =
    rows.length > 0
      ? columnsOf(rows)
      : schemaColumns(spec.output, key).filter((c) =>
          period ? c !== 'node_idle_share_percent' : !(c in periodFields()),
        );
  const line = (row: Json) => cols.map((c) => quote(inert(row[c], cellText(row[c])))).join(',');
  return `${[cols.join(','), ...rows.map(line)].join('\r\n')}\r\n`;
}

/** Zod's definition of a schema (zod 4 keeps it on `_zod.def`). */
interface Def {
  type: string;
  shape?: Record<string, { _zod: { def: Def } }>;
  element?: { _zod: { def: Def } };
  innerType?: { _zod: { def: Def } };
  options?: { _zod: { def: Def } }[];
}
const defOf = (s: unknown): Def | undefined => (s as { _zod?: { def: Def } } | undefined)?._zod?.def;
/** Past optional, nullable and default wrappers. */
const unwrap = (d: Def | undefined): Def | undefined =>
  d && (d.type === 'optional' || d.type === 'nullable' || d.type === 'default')
    ? unwrap(defOf(d.innerType))
    : d;
const SCALARS = new Set(['string', 'number', 'boolean', 'enum', 'literal', 'null']);
const scalar = (d: Def | undefined): boolean =>
  d !== undefined &&
  (SCALARS.has(d.type) || (d.type === 'union' && (d.options ?? []).every((o) => scalar(unwrap(defOf(o))))));

/** The columns a record of list `key` has in the output schema: its scalar fields and lists of scalars. */
function schemaColumns(output: unknown, key: string): string[] {
  const list = unwrap(defOf(unwrap(defOf(output))?.shape?.[key]));
  const item = unwrap(defOf(list?.element));
  return Object.entries(item?.shape ?? {})
    .filter(([, s]) => {
      const d = unwrap(defOf(s));
      return scalar(d) || (d?.type === 'array' && scalar(unwrap(defOf(d.element))));
    })
    .map(([k]) => k);
}
