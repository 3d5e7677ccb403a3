/**
 * The English source texts that are not kept beside their renderer (labels, sentences of the command
 * tables, standard names, --help texts), and the shape every catalogue has. en.ts gathers all English.
 */

import type { OPTIMIZATIONS_EN } from '../carbon/optimization-text.js';
import type { WARNINGS_EN } from '../kepler/warnings.js';
import type { TEXT_EN as HTML_EN } from '../render/report-html.js';
import type { TEXT_EN as MD_EN } from '../render/report-markdown.js';
import type { TEXT_EN as TABLE_EN } from '../render/report-table.js';
import type { ERRORS_EN } from './errors.js';
import type { HelpKey } from './help.js';

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
  'points',
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
  'CPU active (W)',
  'CPU idle (W)',
  'GPU active (W)',
  'GPU idle (W)',
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
  'Judged on (g/kWh)',
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
  'Avg W',
  'kgCO2e/month saved',
  'current',
  'optimized',
  'best',
  'now',
  'law',
  'regulation',
  'reference',
  'voluntary-certification',
  'roadmap',
  'budget',
  'yes',
  'Setting',
  'Origin',
  'Files',
  'built-in',
  'user config',
  'env',
  // command titles (headings of the generic markdown and html)
  'Assess workload compliance',
  'Compare optimization impact',
  'Configuration in force',
  'Config file JSON Schema',
  'Power hotspots',
  'List workloads by compliance',
  'Regional comparison',
  'Cluster carbon report',
  'Optimal schedule',
  'Compliance standards',
  'Power consumption summary',
  'Top power consumers',
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
  /** After the list's footer when exceptions excused findings (they do not fail the gate). */
  listExcused: (n: number) =>
    `; ${n} finding${n === 1 ? '' : 's'} excused by exceptions (not failing the gate)`,
  /** A figure the data do not give (a node's idle power without an idle gauge): shown, never as 0. */
  unknownFigure: 'unknown',
  /** A failed check an exception excuses, in the list's Failed checks column. */
  excusedCheck: (check: string) => `${check} (excused)`,
  listOver: (from: string, to: string, hours: string) => ` over ${from} – ${to} (${hours} h)`,
  pods: (n: number) => `${n} running pod${n === 1 ? '' : 's'}`,
  /** Over a period: the pods that ran in it (a CronJob's finished ones too), not those running now. */
  podsInPeriod: (n: number) => `${n} pod${n === 1 ? '' : 's'} in the period`,
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
  noCarbonCheck: 'none: no selected standard has a carbon check',
  periodLine: (from: string, to: string, hours: string, kwh: string, kg: string, watts: string) =>
    `${from} – ${to} (${hours} h): ${kwh} kWh, ${kg} kgCO2e, average ${watts} W`,
  usage: 'kcarbon: usage',
  warningPrefix: 'kcarbon: warning:',
  progressSources: (done: number, total: number, failed: number) =>
    `reading sources: ${done}/${total} done${failed > 0 ? `, ${failed} failed` : ''}`,
  progressWait: (seconds: number) => `--sample: waiting ${seconds} s for the second scrape`,
  progressAssessing: (workload: string) => `assessing ${workload}`,
  shortMcpToken: () => 'the MCP bearer token is shorter than 16 characters; use e.g. openssl rand -hex 32',
  httpOnlyFlags: (flags: string) => `${flags} only apply to --transport http; ignored`,
  sourceNotYet: (reason: string) => `${reason}; tool calls fail until it is there`,
  mcpReadyStdio: () => 'MCP server ready on stdio',
  mcpListening: (
    url: string,
    sse: string,
    health: string,
    token: boolean,
    stateless: boolean,
    hosts: string,
  ) =>
    `MCP server listening on ${url} (legacy SSE: ${sse}, health: ${health}` +
    `${token ? ', bearer token required' : ''}${stateless ? ', stateless' : ''}; Host accepted: ${hosts})`,
  progressQueries: (done: number, total: number, splits: number, refused: number) =>
    `reading Prometheus: ${done}/${total} queries done` +
    `${splits > 0 ? `, ${splits} split${splits === 1 ? '' : 's'}` : ''}` +
    `${refused > 0 ? `, ${refused} refused as too large` : ''}`,
  historyNotJson: (file: string, line: number) => `${file}:${line} is not JSON; skipped`,
  finding: (what: string, value: string, gap: string, limit: string, check: string, status: string) =>
    `${what}: ${value} is ${gap} % over ${limit} [${check}, ${status}]`,
  excused: (finding: string, reason: string) => `${finding} — excused: ${reason}`,
  sourceFailedTitle: 'kcarbon: source failed',
  failed: 'failed',
  periodSpan: (from: string, to: string, hours: string) => `${from} – ${to} (${hours} h)`,
  periodEnergy: (kwh: string, kg: string, intensity: string) =>
    `${kwh} kWh IT, ${kg} kgCO2e at ${intensity} g/kWh (hour-weighted)`,
  topShown: (shown: number, total: number) => ` (top ${shown} of ${total})`,
  topFooter: (pods: number, watts: string, summed: string) => `${pods} running pods, ${watts} W (${summed})`,
  topPeriod: (pods: number, from: string, to: string, kwh: string, kg: string) =>
    `${pods} pods with energy over ${from} – ${to}: ${kwh} kWh, ${kg} kgCO2e, ranked by energy`,
  terminatedHeading: 'Terminated (not in current power):',
  hotspotsLine: (n: number, threshold: string, watts: string, share: string, scope: string) =>
    `${n} hotspot(s) at or above ${threshold} W: ${watts} W, ${share} % of ${scope} W`,
  hotspotsPotential: (kg: string, watts: string) =>
    `Potential: ${kg} kgCO2e/month, ${watts} W (per pod, actions combined, not double counted)`,
  hotspotsAdvice: (
    n: number,
    threshold: string,
    watts: string,
    top?: { action: string; resource: string; reason: string; kg: string },
  ) =>
    n === 0
      ? `No pod draws ${threshold} W or more`
      : top
        ? `Start with ${top.action} for ${top.resource}: ${top.reason} (-${top.kg} kgCO2e/month)`
        : `${n} hotspot(s) draw ${watts} W; no computed action reduces their emissions`,
  compareApplied: 'Applied in order (reductions multiply):',
  compareCombined: (percent: string, kg: string) =>
    `Combined: -${percent} % emissions, ${kg} kgCO2e/month saved`,
  regionsHead: (workload: string, watts: string) => `${workload}: ${watts} W (* = current region)`,
  regionsOtherBasis: (regions: string, basis: string) =>
    `${regions}: no ${basis} figure, only one on another basis (in brackets): listed, not compared, no saving claimed (—)`,
  regionsAdvice: (
    current: string,
    best: string,
    bestName: string,
    saving: string,
    kg: string,
    threshold: number,
    move: boolean,
  ) =>
    best === current
      ? `${current} is already the cleanest of the compared regions`
      : move
        ? `Consider ${best} (${bestName}): ${saving} % less emissions (${kg} kgCO2e/month)`
        : `Stay in ${current}: the best alternative ${best} saves only ${saving} % (threshold ${threshold} %)`,
  scheduleWorkload: (workload: string, watts: string, hours: number) =>
    `${workload} (${watts} W), ${hours} h per run`,
  scheduleNow: (start: string, end: string, tz: string) => `${start}–${end} local (${tz})`,
  scheduleBest: (start: string, end: string, tz: string) => `${start}–${end} local (${tz})`,
  scheduleTypicalDay: 'typical day (hour-of-day profile)',
  scheduleStandardHours: (tz: string) =>
    `Profile hours below are standard time (${tz}); daylight saving ignored`,
  scheduleSearched: (provider: string | undefined, within: string) =>
    `${provider ? `${provider} forecast` : 'hour-of-day profile'}, ending within ${within} h`,
  scheduleReference: 'Typical day (offline profile), for reference:',
  scheduleAdvice: (
    better: boolean,
    hours: number,
    region: string,
    startNow: string,
    start: string,
    wait: string,
    local: string,
    percent: string,
    provider?: string,
  ) =>
    better
      ? `Start at ${start} local (in ${wait} h, ${local}): ${percent} % less CO2e per run than starting now${provider ? ` (${provider} forecast)` : ''}`
      : `Run now: no ${hours} h window in ${region} is cleaner than starting at ${startNow}`,
  standardReport: (kpis: string) => `report ${kpis}`,
  noLimitYet: '(none yet)',
  // A check's note (`checks[].note`: English in the JSON; the check table words it again, text.ts checkNote).
  noteReportDuty: (kpis: string, due: string) =>
    `reporting duty: ${kpis}${due ? ` (${due})` : ''}; kcarbon measures energy, carbon and PUE only`,
  noteVariant: (variant: string, judged: string) =>
    `alternative for '${variant}' facilities; kcarbon judges the '${judged}' variant`,
  noteLimitFrom: (from: string, max: number) => `no limit in force before ${from} (then ${max})`,
  noteNoLimit: () => 'no limit in force',
  reportTitle: (scope: string, region: string) => `kcarbon report: ${scope} in ${region}`,
  dataNote: (
    region: string,
    name: string,
    hour: number,
    intensity: number,
    intensitySource: string,
    intensityYear: number,
    pue: number,
    pueSource: string,
    pueYear: number,
  ) =>
    `Data: region ${region} (${name}), local hour ${hour}; grid intensity ${intensity} g/kWh (${intensitySource}, ${intensityYear}); PUE ${pue} (${pueSource}, ${pueYear}).`,
  incomplete: (reporting: number, expected: number, failed: number, sources: string) =>
    `incomplete data: ${reporting} of ${expected} nodes reporting; ${failed} source${failed === 1 ? '' : 's'} failed: ${sources}`,
  incompleteNote: (what: string) => `Warning: ${what}.`,
  incompleteCover: 'The figures below cover only the nodes that reported.',
  incompleteFooter: (reporting: number, expected: number) =>
    `Incomplete: ${reporting} of ${expected} nodes reporting`,
  /** Series a source had but the figures leave out (excluded values, malformed lines): count, where. */
  seriesLeftOut: (count: number, origins: string) =>
    `${count} series left out in ${origins} (excluded, malformed or missing values; see the warnings)`,
  andMore: (n: number) => `and ${n} more (see the warnings)`,
  incompleteSeries: (what: string) => `incomplete data: ${what}`,
  incompleteSeriesFooter: (what: string) => `Incomplete: ${what}`,
  failedSource: (reason: string) => `failed: ${reason}`,
  incompleteHow: (how: 'exit' | 'strictExit' | 'accepted' | 'strict') =>
    how === 'exit'
      ? ' (exit 3; --allow-partial accepts what was read)'
      : how === 'strictExit'
        ? ' (exit 3: --strict; --allow-partial does not override it)'
        : how === 'accepted'
          ? ' (accepted: --allow-partial)'
          : ' (--strict makes this exit 3)',
  recommendation: (compliant: boolean, failed: number, best?: string, bestPercent?: number) =>
    `${compliant ? 'COMPLIANT with every selected check.' : `NON_COMPLIANT: ${failed} check(s) fail.`}${best ? ` Largest single reduction: ${best} (-${bestPercent} %).` : ''}`,
};

/** Names of the KR standards (English; the Korean catalogue gives the laws' Korean names). */
export const STANDARDS_EN = {
  KR_CARBON_2050: 'Carbon Neutrality Act: reference grid intensity (not a legal limit)',
  KR_PUE_GREEN_DC:
    'Green Data Center certification: top PUE band (voluntary; the Energy Use Rationalization Act sets no PUE limit)',
  // The other built-in standards, named as config/regulations.json names them (English reads config's name and
  // local name; this catalogue only gives other languages a name of their own).
  JP_PUE_2030: 'Japan data-centre benchmark: PUE 1.4 by FY2030',
  DE_ENEFG: 'Germany Energy Efficiency Act: data-centre PUE limits',
  SG_GREEN_DC: 'Singapore Green Data Centre Roadmap: PUE 1.3',
  EU_EED: 'EU Energy Efficiency Directive: data-centre reporting',
  CN_DC_ACTION_PLAN: 'China data-centre green low-carbon action plan: average PUE below 1.5',
};

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
    headline: (
      nonCompliant: number,
      workloads: number,
      findings: number,
      standards: string,
      names: string,
    ) => string;
  };
  reportHtml: Translated<typeof HTML_EN>;
  standards: Translated<typeof STANDARDS_EN>;
  text: Translated<typeof TEXT_EN>;
  help: Record<HelpKey, string>;
  /** Error messages and hints by code (src/i18n/errors.ts). */
  errors: Translated<typeof ERRORS_EN>;
  /** Every warning by its code, from the warning's params. */
  warning: Translated<typeof WARNINGS_EN>;
  /** Every optimization outcome by type and case, from the optimization's params. */
  optimization: Translated<typeof OPTIMIZATIONS_EN>;
}
