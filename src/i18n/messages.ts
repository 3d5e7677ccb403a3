/**
 * The English source texts that are not kept beside their renderer (labels, sentences of the command
 * tables, standard names, --help texts), and the shape every catalogue has. en.ts gathers all English.
 */

import type { OPTIMIZATIONS_EN } from '../carbon/optimization-text.js';
import type { WARNINGS_EN } from '../kepler/warnings.js';
import type { TEXT_EN as HTML_EN } from '../render/report-html.js';
import type { TEXT_EN as MD_EN } from '../render/report-markdown.js';
import type { TEXT_EN as TABLE_EN } from '../render/report-table.js';

/** Table headings, key-value labels and statuses, translated by their English text (tr()). */
export const LABELS = [
  'COMPLIANT',
  'NON_COMPLIANT',
  'NOT_APPLICABLE',
  'NOT_ASSESSED',
  'REPORT',
  'PASS',
  'FAIL',
  'Workload',
  'Workloads',
  'Status',
  'Power',
  'Power (W)',
  'GPU (W)',
  'Emissions',
  'Intensity',
  'Region',
  'Period',
  'Carbon check',
  'Optimization',
  'Reduction',
  'Effort',
  'What',
  'Standard',
  'Check',
  'Value',
  'Limit',
  'Gap',
  'Namespace',
  'Kind',
  'Pods',
  'Failed checks',
  'kgCO2e/month',
  'g/kWh (hour-weighted)',
  'Scope',
  'Running pods',
  'Pods in the period',
  'Total power',
  'Average power',
  'Average per pod',
  'Compliant pods',
  'Terminated pods',
  'Summed',
  'Share',
  'Node',
  'Pods (W)',
  'CPU active',
  'CPU idle',
  'GPU active',
  'GPU idle',
  'Idle share',
  'Platform (W)',
  'Unattributed',
  'Energy',
  'Now',
  'Best',
  'Window',
  'Saving',
  'Searched',
  'Pod',
  'Energy (kWh)',
  'Node idle',
  'Priority',
  'Resource',
  'Action',
  'Why',
  'Intensity (g/kWh)',
  'PUE',
  'Grid (g/kWh)',
  'Name',
  'Code',
  'Jurisdiction',
  'Checks (limit in force)',
  'Basis',
  'Default',
  'all namespaces',
  'high',
  'medium',
  'low',
  'KR_CARBON_2050',
  'KR_PUE_GREEN_DC',
] as const;
export type LabelText = (typeof LABELS)[number];

/** Sentences of the command tables (English). */
export const TEXT_EN = {
  listFooter: (
    total: number,
    compliant: number,
    nonCompliant: number,
    standard: string,
    region: string,
    over: string,
  ) =>
    `${total} workloads, ${compliant} compliant, ${nonCompliant} non-compliant (${standard} in ${region}${over})`,
  listOver: (from: string, to: string, hours: string) => ` over ${from} – ${to} (${hours} h)`,
  pods: (n: number) => `${n} running pod${n === 1 ? '' : 's'}`,
  namespaceScope: (ns: string) => `namespace ${ns}`,
  emissionsLine: (hourly: string, monthly: string) => `${hourly} gCO2e/h, ${monthly} kgCO2e/month (730 h)`,
  emissionsIn: (hourly: string, monthly: string, region: string) =>
    `${hourly} gCO2e/h, ${monthly} kgCO2e/month in ${region}`,
  intensityLine: (grid: string, hour: number, pue: number, facility: string) =>
    `grid ${grid} g/kWh at local hour ${hour}; x PUE ${pue} = ${facility} g per IT kWh`,
  regionLine: (region: string, name: string, hour: number) => `${region} (${name}), local hour ${hour}`,
  terminated: (n: number) => `${n} (not in current power)`,
  summed: (components: string, zones: string) => `${components}; CPU zones ${zones}`,
  judgedOn: (intensity: string, basis: string) => `judged on ${intensity} g/kWh (${basis})`,
  periodLine: (from: string, to: string, hours: string, kwh: string, kg: string, watts: string) =>
    `${from} – ${to} (${hours} h): ${kwh} kWh, ${kg} kgCO2e, average ${watts} W`,
  usage: 'kcarbon: usage',
  recommendation: (compliant: boolean, failed: number, best?: string, bestPercent?: number) =>
    `${compliant ? 'COMPLIANT with every selected check.' : `NON_COMPLIANT: ${failed} check(s) fail.`}${best ? ` Largest single reduction: ${best} (-${bestPercent} %).` : ''}`,
};

/** Names of the KR standards (English; the Korean catalogue gives the laws' Korean names). */
export const STANDARDS_EN = {
  KR_CARBON_2050: 'Carbon Neutrality Act: reference grid intensity (not a legal limit)',
  KR_PUE_GREEN_DC:
    'Green Data Center certification: top PUE band (voluntary; the Energy Use Rationalization Act sets no PUE limit)',
};

/** --help texts translated by their English text (command summaries, option descriptions, commander's titles). */
export const HELP = [
  'Power, emissions and compliance of one workload',
  'Before and after of applying optimizations to a workload',
  'Every workload with its compliance status (the CI gate)',
  "A workload's emissions in other cloud regions",
  'The cleanest time to run a workload for --duration (from the grid forecast with --grid)',
  'Pods drawing at least --threshold watts, with compliance and actions',
  'Pods ranked by power, like kubectl top',
  'Cluster or namespace power: totals, per namespace and per node',
  'The standards kcarbon checks, with limits, legal status and sources',
  'The nightly report: verdict, namespaces, top consumers, hotspots, cleanest hours, trend',
  'standards to check, comma-separated',
  'cloud region of the cluster',
  'run length for time-shifting, e.g. 4h',
  'deadline for time-shifting with a forecasting --grid, e.g. 24h',
  'rightsizing target, 0..1',
  'budget: fail above this power',
  'budget: fail above these emissions',
  'energy and hour-weighted carbon over this period, e.g. 24h, 7d (needs --prometheus)',
  'period start, ISO 8601 (instead of --since)',
  'period end, ISO 8601 (default --at, else now)',
  'pod or controller name',
  'show only COMPLIANT or NON_COMPLIANT',
  'run length, e.g. 4h or 90m',
  'deadline: the run ends within this time from now, e.g. 24h (default 24h with a forecasting --grid)',
  'use the bundled demo cluster (fixtures/demo)',
  'user config file or directory (regions, standards, budgets) merged over config/',
  "replace the region's PUE for this run",
  "replace the region's grid intensity (gCO2e/kWh) for this run",
  "annual grid intensity: lifecycle (Electricity Maps, default), official (the country's official factor) or official:<id>",
  'live grid intensity: offline (default), electricitymaps, carbon-aware-sdk or watttime; its figures replace the profile for the hours they cover',
  "the grid provider's base URL (self-hosted or test server), e.g. http://127.0.0.1:8080/v3",
  'cache directory for grid responses (default $XDG_CACHE_HOME/kcarbon/grid or ~/.cache/kcarbon/grid)',
  'exit 3 when the grid provider fails instead of falling back to offline data',
  'assessment time, ISO 8601 with Z or an offset, e.g. 2026-01-15T05:00:00Z (default now)',
  'shorthand for --format json',
  'force colour',
  'disable colour (also NO_COLOR)',
  'hide warnings',
  'output and --help language: en or ko (default from LANG)',
  'namespace to look at',
  'all namespaces (the default when -n is absent)',
  'metrics source: a file, a directory of per-node dumps, - for stdin, or http(s) URLs (repeat or comma-separate)',
  'read Kepler series from Prometheus (all nodes in one query) instead of the exporters',
  'with --prometheus: average power over this window, e.g. 1h (rate of the joules counters)',
  'output format: table, json, markdown, html, csv, sarif, junit or github (annotations)',
  'also write a report to a file, e.g. sarif=kcarbon.sarif (repeatable)',
  'report only, same as --fail-on never: exit 0 even when a check is NON_COMPLIANT (cron reports)',
  'print stack traces with errors, and each Prometheus query with their count',
  'per-request timeout for URLs (default 10s)',
  'retries per URL on network errors and 5xx (default 2)',
  'PEM CA bundle to trust for https sources',
  'skip TLS certificate verification (explicit opt-in)',
  'fail on findings of this severity or worse: error (default), warning or never',
  'Usage:',
  'Options:',
  'Commands:',
  'Arguments:',
  'Global Options:',
  'display help for command',
  'output the version number',
] as const;
export type HelpText = (typeof HELP)[number];

/** Strings stay strings, lists stay lists, functions keep their parameters: a translation has the same shape. */
export type Translated<T> = T extends string
  ? string
  : T extends readonly string[]
    ? readonly string[]
    : T extends (...args: infer A) => string
      ? (...args: A) => string
      : { [K in keyof T]: Translated<T[K]> };

/** Every catalogue: the same sections and keys as the English one. */
export interface Catalogue {
  labels: Record<LabelText, string>;
  reportTable: Translated<typeof TABLE_EN>;
  reportMarkdown: Translated<typeof MD_EN> & {
    headline: (nonCompliant: number, workloads: number, findings: number, standards: string) => string;
  };
  reportHtml: Translated<typeof HTML_EN>;
  standards: Translated<typeof STANDARDS_EN>;
  text: Translated<typeof TEXT_EN>;
  help: Record<HelpText, string>;
  /** Every warning by its code, from the warning's params. */
  warning: Translated<typeof WARNINGS_EN>;
  /** Every optimization outcome by type and case, from the optimization's params. */
  optimization: Translated<typeof OPTIMIZATIONS_EN>;
}
