/**
 * The light half of every command: what the CLI needs to build its commander program and --help (name, MCP
 * tool name, texts, arguments and options as data) and nothing that runs. The implementation (zod schemas,
 * run(), renderers) lives in the command's own module and is imported only when the command runs
 * (registry.ts), so `kcarbon --help` never loads the engine. Each implementation spreads its manifest into
 * defineCommand(), so a name, a flag or a text is written once.
 */

import { H } from '../i18n/help.js';
import type { OptionalLevel } from '../kepler/build.js';

/** A positional CLI argument, bound to an input key. */
export interface ArgSpec {
  key: string;
  name: string;
  /** English --help text (from HELP_EN; translated by helpText()). */
  description: string;
  required: boolean;
}

export type OptionParser = 'int' | 'number' | 'list' | 'duration-hours' | 'upper' | 'string';

/** A CLI option bound to an input key. Declared as data: the CLI and README come from it. */
export interface OptionSpec {
  key: string;
  /** commander flags, e.g. `-l, --limit <n>` */
  flags: string;
  /** English --help text (from HELP_EN; translated by helpText()). */
  description: string;
  parse?: OptionParser;
  /** Constant value to store when the flag is given (for boolean switches such as -A). */
  value?: unknown;
}

export interface CommandManifest {
  /** CLI subcommand name ("config show": a subcommand of its group). */
  name: string;
  /** MCP tool name (the original project's). */
  tool: string;
  title: string;
  /** One line for --help and the README (English; HELP_EN). */
  summary: string;
  /** Longer text: the MCP tool description, and --help after the summary (English; HELP_EN). */
  description: string;
  /** The MCP tool's description where the CLI's says what only the CLI does (output formats, files). */
  toolDescription?: string;
  args: ArgSpec[];
  options: OptionSpec[];
  /** Whether run() reads metrics (the MCP annotation openWorldHint, and the CLI's source options). */
  readsMetrics: boolean;
  /** The input has `namespace`: the CLI adds -n/-A. */
  namespaced?: boolean;
  /** The command judges checks (SARIF, JUnit, --fail-on): its implementation has checkResults(). */
  gating?: boolean;
  /**
   * Kepler levels below the pod that run() reads (containers, VMs); the CLI leaves the others' series
   * unread. Absent = every level. (The MCP server's shared snapshot cache always reads every level.)
   */
  levels?: readonly OptionalLevel[];
  /** Extra lines for the examples at the end of --help. */
  examples?: string[];
}

export const WORKLOAD_ARG: ArgSpec = {
  key: 'workload_name',
  name: 'workload',
  description: H.workloadArg,
  required: true,
};

export const STANDARD_OPTION: OptionSpec = {
  key: 'standard',
  flags: '--standard <codes>',
  description: H.standard,
};
export const REGION_OPTION: OptionSpec = {
  key: 'region',
  flags: '-r, --region <code>',
  description: H.region,
};

export const WITHIN_OPTION: OptionSpec = {
  key: 'within_hours',
  flags: '--within <duration>',
  description: H.within,
  parse: 'duration-hours',
};

/** Budget flags: per workload, like the config's budgets.workloads. */
export const BUDGET_OPTIONS: OptionSpec[] = [
  { key: 'max_watts', flags: '--max-watts <W>', description: H.maxWatts, parse: 'number' },
  { key: 'max_kg_month', flags: '--max-kg-month <kg>', description: H.maxKgMonth, parse: 'number' },
];

/** --since / --from / --to (periodShape in period.ts). */
export const PERIOD_OPTIONS: OptionSpec[] = [
  { key: 'since', flags: '--since <duration>', description: H.since },
  { key: 'from', flags: '--from <time>', description: H.from },
  { key: 'to', flags: '--to <time>', description: H.to },
];

/** CLI options of workloadAssessmentShape (common.ts). */
export const WORKLOAD_ASSESSMENT_OPTIONS: OptionSpec[] = [
  STANDARD_OPTION,
  REGION_OPTION,
  {
    key: 'duration_hours',
    flags: '--duration <hours>',
    description: H.duration,
    parse: 'duration-hours',
  },
  WITHIN_OPTION,
  {
    key: 'target_utilization',
    flags: '--target-utilization <ratio>',
    description: H.targetUtilization,
    parse: 'number',
  },
  ...BUDGET_OPTIONS,
  ...PERIOD_OPTIONS,
];

export const ASSESS: CommandManifest = {
  name: 'assess',
  tool: 'assess_workload_compliance',
  title: 'Assess workload compliance',
  summary: H.assessSummary,
  description: H.assessDescription,
  args: [WORKLOAD_ARG],
  options: WORKLOAD_ASSESSMENT_OPTIONS,
  readsMetrics: true,
  namespaced: true,
  gating: true,
};

export const COMPARE: CommandManifest = {
  name: 'compare',
  tool: 'compare_optimization_impact',
  title: 'Compare optimization impact',
  summary: H.compareSummary,
  description: H.compareDescription,
  args: [WORKLOAD_ARG],
  options: [
    { key: 'optimizations', flags: '--optimizations <list>', description: H.optimizations, parse: 'list' },
    ...WORKLOAD_ASSESSMENT_OPTIONS,
  ],
  readsMetrics: true,
  namespaced: true,
};

export const LIST: CommandManifest = {
  name: 'list',
  tool: 'list_workloads_by_compliance',
  title: 'List workloads by compliance',
  summary: H.listSummary,
  description: H.listDescription,
  args: [],
  options: [
    STANDARD_OPTION,
    { key: 'status_filter', flags: '--status <status>', description: H.statusFilter, parse: 'upper' },
    REGION_OPTION,
    ...BUDGET_OPTIONS,
    ...PERIOD_OPTIONS,
  ],
  readsMetrics: true,
  namespaced: true,
  gating: true,
  levels: [],
};

export const REGIONS: CommandManifest = {
  name: 'regions',
  tool: 'get_regional_comparison',
  title: 'Regional comparison',
  summary: H.regionsSummary,
  description: H.regionsDescription,
  args: [WORKLOAD_ARG],
  options: [
    { key: 'current_region', flags: '--from <region>', description: H.currentRegion },
    { key: 'comparison_regions', flags: '--to <regions>', description: H.comparisonRegions, parse: 'list' },
    { ...STANDARD_OPTION, description: H.regionsStandard },
  ],
  readsMetrics: true,
  namespaced: true,
};

export const SCHEDULE: CommandManifest = {
  name: 'schedule',
  tool: 'calculate_optimal_schedule',
  title: 'Optimal schedule',
  summary: H.scheduleSummary,
  description: H.scheduleDescription,
  args: [WORKLOAD_ARG],
  options: [
    {
      key: 'duration_hours',
      flags: '-d, --duration <hours>',
      description: H.scheduleDuration,
      parse: 'duration-hours',
    },
    REGION_OPTION,
    { ...WITHIN_OPTION, description: H.scheduleWithin },
  ],
  readsMetrics: true,
  namespaced: true,
};

export const HOTSPOTS: CommandManifest = {
  name: 'hotspots',
  tool: 'identify_power_hotspots',
  title: 'Power hotspots',
  summary: H.hotspotsSummary,
  description: H.hotspotsDescription,
  args: [],
  options: [
    {
      key: 'power_threshold_watts',
      flags: '-t, --threshold <watts>',
      description: H.threshold,
      parse: 'number',
    },
    { key: 'include_compliance_check', flags: '--no-compliance', description: H.noCompliance, value: false },
    REGION_OPTION,
    STANDARD_OPTION,
    ...PERIOD_OPTIONS,
  ],
  readsMetrics: true,
  namespaced: true,
  levels: [],
};

export const TOP: CommandManifest = {
  name: 'top',
  tool: 'list_top_power_consumers',
  title: 'Top power consumers',
  summary: H.topSummary,
  description: H.topDescription,
  args: [],
  options: [
    { key: 'limit', flags: '-l, --limit <n>', description: H.limit, parse: 'int' },
    { key: 'sort_by', flags: '--sort <by>', description: H.sortBy },
    REGION_OPTION,
    STANDARD_OPTION,
    {
      key: 'include_terminated',
      flags: '--include-terminated',
      description: H.includeTerminated,
      value: true,
    },
    ...PERIOD_OPTIONS,
  ],
  readsMetrics: true,
  namespaced: true,
  levels: [],
};

export const SUMMARY: CommandManifest = {
  name: 'summary',
  tool: 'get_power_consumption_summary',
  title: 'Power consumption summary',
  summary: H.summarySummary,
  description: H.summaryDescription,
  args: [],
  options: [REGION_OPTION, STANDARD_OPTION, ...PERIOD_OPTIONS],
  readsMetrics: true,
  namespaced: true,
  levels: [],
};

export const STANDARDS: CommandManifest = {
  name: 'standards',
  tool: 'list_compliance_standards',
  title: 'Compliance standards',
  summary: H.standardsSummary,
  description: H.standardsDescription,
  args: [],
  options: [],
  readsMetrics: false,
};

export const REPORT: CommandManifest = {
  name: 'report',
  tool: 'generate_report',
  title: 'Cluster carbon report',
  summary: H.reportSummary,
  description: H.reportDescription,
  toolDescription: H.reportToolDescription,
  args: [],
  options: [
    REGION_OPTION,
    STANDARD_OPTION,
    ...PERIOD_OPTIONS,
    {
      key: 'window_hours',
      flags: '--window-hours <hours>',
      description: H.windowHours,
      parse: 'duration-hours',
    },
  ],
  readsMetrics: true,
  namespaced: true,
  gating: true,
  examples: [
    'kcarbon report --source "$KEPLER_URLS" --history kcarbon.jsonl --report html=report.html -o markdown --no-fail',
  ],
};

export const CONFIG_SHOW: CommandManifest = {
  name: 'config show',
  tool: 'show_config',
  title: 'Configuration in force',
  summary: H.configShowSummary,
  description: H.configShowDescription,
  args: [],
  options: [REGION_OPTION],
  readsMetrics: false,
};

export const CONFIG_SCHEMA: CommandManifest = {
  name: 'config schema',
  tool: 'get_config_schema',
  title: 'Config file JSON Schema',
  summary: H.configSchemaSummary,
  description: H.configSchemaDescription,
  args: [],
  options: [],
  readsMetrics: false,
};
