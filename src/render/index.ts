/** One reporter function per output format (knip style), looked up by name. */
import type { CommandSpec } from '../commands/types.js';
import type { Style } from './style.js';

export type Reporter = (spec: CommandSpec, result: unknown, style: Style) => string;

export const REPORTERS: Record<string, Reporter> = {
  table: (spec, result, style) => `${spec.renderTable(result, style)}\n`,
  json: (_spec, result) => `${JSON.stringify(result, null, 2)}\n`,
};

export function renderResult(spec: CommandSpec, result: unknown, format: string, style: Style): string {
  const reporter = REPORTERS[format];
  if (!reporter) throw new Error(`no reporter for format ${format}`);
  return reporter(spec, result, style);
}
