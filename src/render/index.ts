/** One reporter function per output format (knip style), looked up by name. */
import { COMMANDS } from '../commands/registry.js';
import type { CommandSpec } from '../commands/types.js';
import { UsageError } from '../errors.js';
import { toCsv } from './csv.js';
import { toJunit } from './junit.js';
import { toMarkdown } from './markdown.js';
import { toSarif } from './sarif.js';
import type { Style } from './style.js';

export interface ReportContext {
  style: Style;
  version: string;
  /** SARIF location of a workload: repo-relative path with {namespace} and {name}. */
  manifestPattern: string;
}

export type Reporter = (spec: CommandSpec, result: unknown, ctx: ReportContext) => string;

function checksOf(spec: CommandSpec, result: unknown, format: string) {
  if (!spec.checkResults) {
    const gates = COMMANDS.filter((c) => c.checkResults).map((c) => c.name);
    throw new UsageError(
      `--format ${format} needs compliance checks; kcarbon ${spec.name} has none`,
      `use it with: ${gates.join(', ')}`,
    );
  }
  return spec.checkResults(result);
}

export const REPORTERS: Record<string, Reporter> = {
  table: (spec, result, ctx) => `${spec.renderTable(result, ctx.style)}\n`,
  json: (_spec, result) => `${JSON.stringify(result, null, 2)}\n`,
  markdown: (spec, result) => toMarkdown(spec, result),
  csv: (spec, result) => toCsv(spec, result),
  sarif: (spec, result, ctx) =>
    toSarif(checksOf(spec, result, 'sarif'), {
      version: ctx.version,
      command: spec.name,
      manifestPattern: ctx.manifestPattern,
    }),
  junit: (spec, result) => toJunit(checksOf(spec, result, 'junit'), spec.name),
};

export const FORMATS = Object.keys(REPORTERS);

export function checkFormat(format: string, where: string): void {
  if (!REPORTERS[format])
    throw new UsageError(`${where} '${format}' is not supported`, `use one of: ${FORMATS.join(', ')}`);
}

export function renderResult(spec: CommandSpec, result: unknown, format: string, ctx: ReportContext): string {
  checkFormat(format, '--format');
  return REPORTERS[format]!(spec, result, ctx);
}
