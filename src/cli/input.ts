/** argv values -> a command's input object, validated by its zod schema. */
import { z } from 'zod';
import type { CommandSpec, OptionParser } from '../commands/types.js';
import { issueMsg, msg, UsageError, valueAt } from '../errors.js';
import { parseDurationSeconds } from '../util/duration.js';
import { longFlag } from './global-options.js';

export { longFlag };

export function parseOptionValue(raw: unknown, parser: OptionParser | undefined, flag: string): unknown {
  if (typeof raw !== 'string') return raw;
  switch (parser) {
    case 'int': {
      if (!/^-?\d+$/.test(raw.trim())) throw new UsageError(msg('notWholeNumber', flag, raw));
      return Number(raw);
    }
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw new UsageError(msg('notNumber', flag, raw));
      return n;
    }
    case 'list':
      return raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    case 'upper':
      return raw.trim().toUpperCase().replaceAll('-', '_');
    case 'duration-hours':
      return /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : parseDurationSeconds(raw, flag) / 3600;
    default:
      return raw;
  }
}

/** Build and validate the input; a zod failure becomes one UsageError naming the flag. */
export function buildInput(
  spec: CommandSpec,
  positionals: unknown[],
  opts: Record<string, unknown>,
  attributeOf: (flags: string) => string,
): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  spec.args.forEach((a, i) => {
    if (positionals[i] !== undefined) raw[a.key] = positionals[i];
  });
  for (const o of spec.options) {
    const v = opts[attributeOf(o.flags)];
    if (v === undefined) continue;
    // commander gives a negatable `--no-x` flag the default true: only its explicit use counts.
    if (/^--no-/.test(longFlag(o.flags)) && v !== false) continue;
    raw[o.key] = o.value !== undefined ? o.value : parseOptionValue(v, o.parse, longFlag(o.flags));
  }
  const shape = (spec.input as z.ZodObject).shape as Record<string, z.ZodType>;
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string' && shape[key]) raw[key] = enumSpelling(shape[key], value);
  }
  // One parse per process: zod's compiled fast path (new Function per object schema, about 2.5 ms cold) would
  // never be used again, so it is not built (the MCP server, parsing every call, keeps it).
  const result = (spec.input as z.ZodObject).safeParse(raw, { jitless: true });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    const arg = spec.args.find((a) => a.key === key);
    const opt = spec.options.find((o) => o.key === key);
    const name = arg ? `<${arg.name}>` : opt ? longFlag(opt.flags) : key;
    throw new UsageError(
      msg('invalidValue', name, issueMsg(issue, valueAt(raw, issue.path))),
      msg('seeHelp', spec.name),
    );
  }
  return result.data as Record<string, unknown>;
}

/** Any case and the common spellings of an enum value: noncompliant, non-compliant, Non_Compliant -> NON_COMPLIANT. */
function enumSpelling(field: z.ZodType, value: string): string {
  let f: z.ZodType = field;
  while (f instanceof z.ZodOptional || f instanceof z.ZodDefault) f = f.unwrap() as z.ZodType;
  if (!(f instanceof z.ZodEnum)) return value;
  const norm = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');
  const match = (f.options as string[]).find((o) => norm(o) === norm(value));
  return match ?? value;
}
