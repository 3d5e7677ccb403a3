/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per (standard, check), one result per NON_COMPLIANT
 * check of a resource. Live-cluster findings have no manifest line, so each points at the conventional
 * manifest path of the workload (line 1) and says so in the message.
 */
import { createRequire } from 'node:module';
import type { CheckResult } from '../carbon/checks.js';
import type { Gate } from '../carbon/gate.js';
import type { ResourceChecks } from '../commands/types.js';
import type { MetricsInfo } from '../kepler/metrics-info.js';
import { compareText } from '../util/compare.js';
import { safeJson } from '../util/escape.js';

/**
 * node:crypto, loaded with the first SARIF log: loading it initialises OpenSSL (~10 ms of CPU), which no other
 * output of a CLI run needs. Required, not import()ed: the bundle runs as a vm.Script.
 */
const builtin = createRequire(import.meta.url);
const fingerprint = (text: string): string =>
  (builtin('node:crypto') as typeof import('node:crypto'))
    .createHash('sha256')
    .update(text)
    .digest('hex')
    .slice(0, 32);

export interface SarifOptions {
  version: string;
  command: string;
  /** Repo-relative path of a workload's manifest; {namespace} and {name} are replaced. */
  manifestPattern: string;
  /** The metrics the run read: failed sources become tool execution notifications. */
  metrics?: MetricsInfo;
  /** The result's recorded gate: its verdict and policy go in the invocation's property bag. */
  gate?: Pick<Gate, 'fail_on' | 'allow_partial' | 'errors' | 'warnings' | 'excused' | 'complete' | 'passed'>;
}

const ruleId = (c: CheckResult) => `${c.standard}/${c.check}`;

/** Where kcarbon's docs live; rules link to the section on gates. */
const INFO_URI = 'https://www.npmjs.com/package/kcarbon';

/** The repo-relative manifest path of a workload ({namespace} and {name} replaced). */
export function manifestPath(pattern: string, r: { namespace: string; name: string; kind?: string }): string {
  // A namespace's own finding (its budget) points at the namespace's manifest, not at a workload named like it.
  const name = r.kind === 'Namespace' ? 'namespace' : r.name;
  return pattern.replaceAll('{namespace}', r.namespace).replaceAll('{name}', name);
}

/**
 * A manifest path as a SARIF `uri-reference` (RFC 3986): each segment percent-encoded, so a space, a '%' or a
 * non-ASCII character in a name or the pattern points at the file it names.
 */
export function manifestUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/**
 * A source's origin as a SARIF `uri-reference`: a URL keeps its scheme and authority, and the rest of it, like a
 * file path, is percent-encoded segment by segment (a Prometheus origin names a target after a space; a dump's
 * directory may hold a space or a '%').
 */
export function originUri(origin: string): string {
  const url = /^([a-z][a-z0-9+.-]*:\/\/[^/\s]*)(.*)$/is.exec(origin);
  if (!url) return manifestUri(origin);
  // What follows the authority is a path: it starts with '/' (a note after the address, "(rate over 1h)", too).
  const rest = url[2]!;
  return `${url[1]}${rest === '' || rest.startsWith('/') ? '' : '/'}${manifestUri(rest)}`;
}

function describe(c: CheckResult): string {
  if (c.standard === 'BUDGET')
    return `Budget (config budgets, of a workload or a namespace): ${c.metric.replaceAll('_', ' ')} ${c.comparison ?? '<='} limit`;
  return `${c.standard} ${c.check}: ${c.metric.replaceAll('_', ' ')} ${c.comparison ?? '<='} limit (${c.legal_status})`;
}

export function toSarif(resources: ResourceChecks[], opts: SarifOptions): string {
  const failing = resources.flatMap((r) =>
    r.checks.filter((c) => c.status === 'NON_COMPLIANT').map((c) => ({ r, c })),
  );
  const rules = [...new Map(resources.flatMap((r) => r.checks).map((c) => [ruleId(c), c])).values()]
    .filter((c) => c.status === 'COMPLIANT' || c.status === 'NON_COMPLIANT')
    .sort((a, b) => compareText(ruleId(a), ruleId(b)))
    .map((c) => ({
      id: ruleId(c),
      name: ruleId(c).replace(/[^A-Za-z0-9]+/g, ''),
      shortDescription: { text: describe(c) },
      fullDescription: {
        text: `${describe(c)}. Limit source: ${c.limit_source ?? 'kcarbon config'}${c.limit_year ? ` (${c.limit_year})` : ''}.`,
      },
      help: {
        text: 'Run `kcarbon assess <workload> -n <namespace>` for the figures, the data used and computed optimizations.',
      },
      helpUri: `${INFO_URI}#which-commands-gate`,
      defaultConfiguration: { level: c.severity ?? 'error' },
    }));
  const results = failing
    .map(({ r, c }) => {
      const uri = manifestUri(manifestPath(opts.manifestPattern, r));
      const text =
        r.kind === 'Namespace'
          ? `namespace ${r.namespace}: ${c.value} ${c.unit} is ${c.gap_percent} % over ${c.comparison} ${c.limit} ` +
            `[${ruleId(c)}], set in ${c.limit_source ?? 'config budgets'}. Live-cluster finding: the location is the namespace's conventional manifest path.`
          : `${r.namespace}/${r.name} (${r.kind}): ${c.value} ${c.unit} is ${c.gap_percent} % over ${c.comparison} ${c.limit} ` +
            `[${ruleId(c)}]. Live-cluster finding: the location is the workload's conventional manifest path.`;
      return {
        ruleId: ruleId(c),
        level: c.severity ?? 'error',
        message: { text },
        // An exception excuses the finding: code scanning shows it as suppressed, with the reason.
        ...(c.excused
          ? {
              suppressions: [
                {
                  kind: 'external',
                  status: 'accepted',
                  justification: `${c.excused.reason}${c.excused.expires ? ` (until ${c.excused.expires})` : ''}`,
                },
              ],
            }
          : {}),
        locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } } }],
        partialFingerprints: {
          // The kind tells a namespace's own finding from a workload named like it (namespace kepler, workload
          // kepler/kepler); a workload's stays what it was.
          primaryLocationLineHash: fingerprint(
            `${ruleId(c)}|${r.namespace}/${r.name}${r.kind === 'Namespace' ? '|Namespace' : ''}`,
          ),
        },
      };
    })
    .sort((a, b) => compareText(a.ruleId, b.ruleId) || compareText(a.message.text, b.message.text));
  const run = invocation(opts.metrics);
  const gate = opts.gate;
  const props = gate
    ? {
        properties: {
          gate: {
            fail_on: gate.fail_on,
            allow_partial: gate.allow_partial,
            errors: gate.errors,
            warnings: gate.warnings,
            excused: gate.excused,
            complete: gate.complete,
            passed: gate.passed,
          },
        },
      }
    : {};
  return `${safeJson(sarifLog(opts, rules, { ...run, ...props }, results), 2)}\n`;
}

/** The SARIF 2.1.0 log of one kcarbon run: the tool, the command's automation id, one invocation, results. */
export function sarifLog(
  opts: { version: string; command: string },
  rules: unknown[],
  invocation: Record<string, unknown>,
  results: unknown[],
) {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kcarbon',
            semanticVersion: opts.version.replace(/^v/, ''),
            informationUri: INFO_URI,
            rules,
          },
        },
        automationDetails: { id: `kcarbon/${opts.command}/` },
        invocations: [invocation],
        results,
      },
    ],
  };
}

/** A source's series left out, for SARIF notifications and JUnit cases (English, as their other texts). */
export function seriesLeftOutNote(l: { origin: string; count: number }): string {
  return `${l.count} series left out in ${l.origin} (excluded, malformed or missing values; see the warnings)`;
}

/**
 * The run's invocation: unsuccessful when the data are incomplete, with one notification per failed source and
 * per source whose series were left out.
 */
function invocation(metrics: MetricsInfo | undefined) {
  const failed = metrics?.sources_failed ?? [];
  const leftOut = metrics?.series_left_out ?? [];
  return {
    executionSuccessful: failed.length === 0 && leftOut.length === 0,
    toolExecutionNotifications: [
      ...failed.map((f) => ({
        level: 'error',
        descriptor: { id: 'source-failed' },
        message: {
          text: `${f.error || f.origin} (node left out: ${metrics!.nodes_reporting.length} of ${metrics!.nodes_expected} nodes reporting)`,
        },
        locations: [{ physicalLocation: { artifactLocation: { uri: originUri(f.origin) } } }],
      })),
      ...leftOut.map((l) => ({
        level: 'error',
        descriptor: { id: 'series-left-out' },
        message: { text: seriesLeftOutNote(l) },
        locations: [{ physicalLocation: { artifactLocation: { uri: originUri(l.origin) } } }],
      })),
    ],
  };
}
