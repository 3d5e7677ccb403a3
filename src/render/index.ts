/** One reporter function per output format (knip style), looked up by name. */

import { COMMANDS } from '../commands/registry.js';
import type { CommandSpec } from '../commands/types.js';
import { msg, UsageError } from '../errors.js';
import { reasonText } from '../i18n/index.js';
import { TEXT } from '../i18n/text.js';
import { metricsOf } from '../kepler/metrics-info.js';
import { escapeStrings, safeJson } from '../util/escape.js';
import { toCsv } from './csv.js';
import { toGithub } from './github.js';
import { toHtml } from './html.js';
import { toJunit } from './junit.js';
import { humanMarkdown, seriesText, toMarkdown, verdictOf, withIncompleteNote } from './markdown.js';
import { toSarif } from './sarif.js';
import type { Style } from './style.js';
import { fitLines } from './table.js';
import { toYaml } from './yaml.js';

export interface ReportContext {
  style: Style;
  version: string;
  /** SARIF location of a workload: repo-relative path with {namespace} and {name}. */
  manifestPattern: string;
}

/** A reporter returns a promise only when it imports what it needs on first use (yaml: not in every run). */
export type Reporter = (spec: CommandSpec, result: unknown, ctx: ReportContext) => string | Promise<string>;

function checksOf(spec: CommandSpec, result: unknown, format: string) {
  if (!spec.checkResults) {
    const gates = COMMANDS.filter((c) => c.gating).map((c) => c.name);
    throw new UsageError(msg('formatNeedsChecks', format, spec.name), msg('useWith', gates.join(', ')));
  }
  return spec.checkResults(result);
}

export const REPORTERS: Record<string, Reporter> = {
  table: (spec, result, ctx) => {
    const text = spec.renderTable(result, ctx.style);
    // --no-headers: the rows alone (partial data is still said on stderr), and no rows is no output.
    if (ctx.style.headers === false) return text ? fitLines(`${text}\n`, ctx.style.width) : '';
    return fitLines(`${text}\n${tableFooter(result, ctx.style)}`, ctx.style.width);
  },
  wide: (spec, result, ctx) =>
    REPORTERS.table!(spec, result, { ...ctx, style: { ...ctx.style, wide: true, width: undefined } }),
  yaml: (_spec, result) => toYaml(result),
  json: (_spec, result) => `${safeJson(result, 2)}\n`,
  markdown: (spec, result) =>
    humanMarkdown(
      spec.renderMarkdown
        ? withIncompleteNote(spec.renderMarkdown(result), result)
        : toMarkdown(spec, result),
    ),
  html: (spec, result) => spec.renderHtml?.(result) ?? toHtml(spec, result),
  csv: (spec, result) => toCsv(spec, result),
  sarif: (spec, result, ctx) =>
    toSarif(checksOf(spec, result, 'sarif'), {
      version: ctx.version,
      command: spec.name,
      manifestPattern: ctx.manifestPattern,
      metrics: metricsOf(result),
      gate: spec.gate?.(result),
    }),
  junit: (spec, result, ctx) =>
    toJunit(
      checksOf(spec, result, 'junit'),
      spec.name,
      metricsOf(result),
      ctx.manifestPattern,
      spec.gate?.(result).fail_on,
      spec.gate?.(result).allow_partial,
    ),
  github: (spec, result, ctx) => {
    const verdict = verdictOf(spec, result);
    return toGithub(checksOf(spec, result, 'github'), {
      manifestPattern: ctx.manifestPattern,
      metrics: metricsOf(result),
      ...(verdict ? { verdict: { command: spec.name, word: verdict.word, text: verdict.text } } : {}),
    });
  },
};

/** Under every table of partial data: how many nodes reported and which sources failed, with why. */
function tableFooter(result: unknown, style: Style): string {
  const info = metricsOf(result);
  if (!info || info.complete) return '';
  const series = seriesText(info);
  const lines = [
    ...(info.sources_failed.length > 0 || !series
      ? [style.c.red(TEXT.incompleteFooter(info.nodes_reporting.length, info.nodes_expected))]
      : []),
    ...info.sources_failed.map((f) => `  ${TEXT.failedSource(f.error ? reasonText(f.error) : f.origin)}`),
    ...(series ? [style.c.red(TEXT.incompleteSeriesFooter(series))] : []),
  ];
  return `\n${lines.join('\n')}\n`;
}

export const FORMATS = Object.keys(REPORTERS);

/** The format as kcarbon names it, in any case (`-o JSON` = json); an unknown one is a usage error. */
export function checkFormat(format: string, where: string): string {
  const name = format.toLowerCase();
  if (!REPORTERS[name])
    throw new UsageError(msg('formatUnsupported', where, format), msg('useOneOf', FORMATS.join(', ')));
  return name;
}

export async function renderResult(
  spec: CommandSpec,
  result: unknown,
  format: string,
  ctx: ReportContext,
): Promise<string> {
  format = checkFormat(format, '--format');
  // JSON, SARIF and YAML escape control characters in their own syntax and keep the exact value; every other
  // format shows them as \xHH.
  const safe = format === 'json' || format === 'sarif' || format === 'yaml' ? result : escapeStrings(result);
  return REPORTERS[format]!(spec, safe, ctx);
}
