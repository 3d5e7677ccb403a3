/**
 * The English --help texts, by key: command summaries and descriptions, every option and argument, the group
 * headings and commander's own titles. The command manifests and option tables take their descriptions from
 * here (H.key), so each text is written once; helpText() turns it into the current language, and every other
 * catalogue has these keys (type-checked: Catalogue.help is Record<HelpKey, string>). Flag names, units and
 * identifiers stay as they are in every language.
 */

/** Defaults quoted in `serve --help` (serve.ts uses the same constants). */
export const SERVE_DEFAULTS = {
  host: '127.0.0.1',
  port: 8000,
  cacheTtl: '15s',
  maxSessions: 100,
  sessionIdle: '30m',
  tokenEnv: 'KCARBON_MCP_TOKEN',
} as const;
const S = SERVE_DEFAULTS;

export const HELP_EN = {
  // the program
  program: 'Power, energy and carbon compliance of Kubernetes workloads, measured by Kepler',
  configGroup: 'config commands',
  // commands: one-line summary (help, README) and the longer description (help, MCP tool description)
  assessSummary: 'Power, emissions and compliance of one workload',
  assessDescription:
    "A workload's power (sum of its running pods, measured by Kepler), hourly and monthly emissions (with PUE), " +
    'and every check of the selected standards and budgets, with the gap in percent and computed optimizations.',
  compareSummary: 'Before and after of applying optimizations to a workload',
  compareDescription:
    'Applies the chosen optimizations in order (regional_migration, temporal_shift, pue_improvement, ' +
    'resource_rightsizing), each to the result of the previous; reductions multiply and the optimized status is ' +
    'recomputed from the optimized power, PUE and intensity.',
  listSummary: 'Every workload with its compliance status (the CI gate)',
  listDescription:
    'Groups running pods into workloads (Deployment, StatefulSet, Job... by their generated names), assesses each ' +
    'against the selected standards and budgets, and lists them. status_filter only changes what is shown.',
  regionsSummary: "A workload's emissions in other cloud regions",
  regionsDescription:
    "Compares the workload's hourly and monthly emissions in its current region and other regions, using each " +
    'region annual grid intensity and PUE (annual averages, so regions in different time zones compare fairly).',
  scheduleSummary: 'The cleanest time to run a workload for --duration (from the grid forecast with --grid)',
  scheduleDescription:
    "Finds the start with the lowest average grid intensity over the run: from a grid provider's forecast when one " +
    'is configured (within the deadline, answered as timestamps in the region time zone and UTC), else from the ' +
    "region's hour-of-day profile (windows may wrap past midnight), and compares it with starting now.",
  hotspotsSummary: 'Pods drawing at least --threshold watts, with compliance and actions',
  hotspotsDescription:
    'Running pods whose Kepler-measured power is at or above a threshold, highest first, with their compliance ' +
    'status and computed preventive actions (each action estimated alone; per pod, actions combine multiplicatively).',
  topSummary: 'Pods ranked by power, like kubectl top',
  topDescription:
    'Running pods ranked by Kepler-measured power (package + dram zones by default), with node and share of the total.',
  summarySummary: 'Cluster or namespace power: totals, per namespace and per node',
  summaryDescription:
    'Total, average and per-namespace power of running pods measured by Kepler (package + dram zones by default), ' +
    'with per-node pod, active and idle power. Terminated pods are counted but not in current power.',
  standardsSummary: 'The standards kcarbon checks, with limits, legal status and sources',
  standardsDescription:
    'Every standard in the registry (built-in config/regulations.json plus the user config): what kind of rule it ' +
    'is, each check and the limit in force at the assessment time, and where the numbers come from.',
  reportSummary: 'The nightly report: verdict, namespaces, top consumers, hotspots, cleanest hours, trend',
  reportDescription:
    'One report of the cluster (or a namespace) for cron jobs and CI summaries: a pass/fail verdict over the ' +
    'selected standards and budgets, energy, emissions and compliance per namespace, top consumers, hotspots with ' +
    "their actions, and the region's 24-hour intensity curve with the cleanest window. Render it as html, " +
    'markdown or json; with a history file it also shows the trend since earlier runs.',
  reportToolDescription:
    'One report of the cluster (or a namespace): a pass/fail verdict over the selected standards and budgets (the ' +
    'headline says what failed), energy, emissions and compliance per namespace, top consumers, hotspots with their ' +
    "actions, and the region's 24-hour intensity curve with the cleanest window. The result is the report's data; " +
    'trend is null here (it is read from a history file the CLI keeps).',
  configShowSummary: 'Every setting in force with its value and where it came from',
  configShowDescription:
    'The settings kcarbon runs with (defaults, the region figures, budgets, severities and exceptions) after ' +
    'merging the built-in config/, the discovered or given user config, .kcarbonignore.yaml, environment and flags, ' +
    'each with its origin.',
  configSchemaSummary: 'The JSON Schema of a kcarbon config file, for editors',
  configSchemaDescription:
    'Prints the JSON Schema (draft 2020-12) of a user config file; point "$schema" or your editor at it to ' +
    'validate kcarbon.config.json/.yaml while typing.',
  serveSummary: 'Run the MCP server (stdio, or Streamable HTTP and SSE)',
  serveDescription:
    'Tools (one per command), resource templates and prompts are generated from the same registry as the CLI. ' +
    'Metrics come only from the sources given here, and are reused for --cache-ttl. Over http the server ' +
    'binds 127.0.0.1 by default and checks Host and Origin; a bearer token (--token-file or ' +
    `${S.tokenEnv}) is required to bind any other address.\n\n` +
    "Note: in serve, --token-file is the MCP clients' token; Kepler's is --kepler-token-file.",
  // arguments and command options
  workloadArg: 'pod or controller name',
  namespace: 'namespace to look at',
  allNamespaces: 'all namespaces (the default when -n is absent)',
  standard: 'standards to check, comma-separated',
  region: 'cloud region of the cluster',
  duration: 'run length for time-shifting, e.g. 4h',
  within:
    'deadline for time-shifting: the window ends within this time from now (in a forecasting --grid, else in the hour-of-day profile on the clock), e.g. 24h',
  targetUtilization: 'rightsizing target, 0..1',
  maxWatts: 'budget: fail above this power',
  maxKgMonth: 'budget: fail above these emissions',
  since:
    'energy and hour-weighted carbon over this period, e.g. 24h, 7d (needs --prometheus, or --demo: its history reaches back to the start of the day before)',
  from: 'period start, ISO 8601 (instead of --since)',
  to: 'period end, ISO 8601 (default --at, else now)',
  optimizations:
    'any of regional_migration, temporal_shift, pue_improvement, resource_rightsizing (comma-separated, no spaces)',
  statusFilter: 'show only COMPLIANT or NON_COMPLIANT',
  currentRegion: 'current region (default from config)',
  comparisonRegions: 'regions to compare, comma-separated',
  regionsStandard: 'standards to judge each region by',
  scheduleDuration: 'run length, e.g. 4h or 90m',
  scheduleWithin:
    'deadline: the run ends within this time from now, e.g. 24h (default 24h with a forecasting --grid)',
  threshold: 'hotspot threshold in watts',
  noCompliance: 'power only: no compliance status or actions',
  limit: 'how many pods to list',
  sortBy: 'ranking: power or gpu',
  includeTerminated: 'also list terminated pods with their energy',
  windowHours: 'length of the cleanest window on the intensity curve, e.g. 4h',
  // options every command shares
  source:
    'metrics source: a file, a directory of per-node dumps, - for stdin, or http(s) URLs (repeat or comma-separate)',
  demo: 'use the bundled demo cluster (fixtures/demo)',
  keplerService:
    "find every Kepler exporter through this Service's EndpointSlices (in a pod: its service account; outside: kubeconfig)",
  kubeconfig: 'with --kepler-service: kubeconfig file (default ~/.kube/config)',
  context: "with --kepler-service: kubeconfig context (default the file's current-context)",
  prometheus: 'read Kepler series from Prometheus (all nodes in one query) instead of the exporters',
  prometheusUser:
    'Prometheus basic-auth user (password from --prometheus-password-file or PROMETHEUS_PASSWORD)',
  prometheusPasswordFile: 'file holding the Prometheus basic-auth password',
  prometheusHeader:
    "extra request header for Prometheus, e.g. 'X-Scope-OrgID: tenant' (Mimir, Cortex; repeatable)",
  prometheusMaxSeries:
    'split a Prometheus query by namespace, then time, when its answer exceeds n series (default 20000)',
  window: 'with --prometheus: average power over this window, e.g. 1h (rate of the joules counters)',
  zones:
    "CPU zones summed for pod power on every node (default: package,dram where reported, else the node's top-level zone)",
  components: 'what pod power sums: cpu, gpu or cpu,gpu (default)',
  sample: 'scrape twice, e.g. 10s apart (at least 5s), and average watts from the joules counters',
  strict:
    'stop at the first malformed metrics line instead of skipping it, and exit 3 when any source failed',
  allowPartial:
    'let a gate (assess, list, report) pass on what was read when some sources failed or series were left out (default: exit 3)',
  timeout: 'per-request timeout for URLs (default 10s)',
  retries:
    'retries per URL on network errors and 5xx (default 2, at most 10; the wait doubles from 250 ms, at most 30 s)',
  maxBytes:
    'largest source read, raw and after gunzip, e.g. 512MiB (default 256MiB); a larger source is a failed source',
  ca: 'PEM CA bundle to trust for https sources',
  insecure: 'skip TLS certificate verification (explicit opt-in)',
  tokenFile: 'bearer token file for Kepler behind kube-rbac-proxy, or for Prometheus',
  openmetrics: 'ask endpoints for OpenMetrics instead of text 0.0.4',
  config: 'user config file or directory (regions, standards, budgets) merged over config/',
  pue: "replace the region's PUE for this run",
  intensity:
    "replace the region's grid intensity (gCO2e/kWh) at every hour of this run; a live --grid provider is then not used",
  basis:
    "annual grid intensity: lifecycle (Electricity Maps, default), official (the country's official factor) or official:<id>",
  grid: 'live grid intensity: offline (default), electricitymaps, carbon-aware-sdk or watttime; its figures replace the profile for the hours they cover',
  gridUrl: "the grid provider's base URL (self-hosted or test server), e.g. http://127.0.0.1:8080/v3",
  gridCache:
    'cache directory for grid responses (default $XDG_CACHE_HOME/kcarbon/grid or ~/.cache/kcarbon/grid)',
  gridStrict: 'exit 3 when the grid provider fails instead of falling back to offline data',
  at: 'assessment time, ISO 8601 with Z or an offset, e.g. 2026-01-15T05:00:00Z (default now)',
  format:
    'output format: table, wide (every column), json, yaml, markdown, html, csv, sarif, junit or github (annotations)',
  history: 'append this run to a JSON-lines history file and show the trend since earlier runs',
  mailTo: 'mail the report (HTML, with a plain-text part) to these addresses, comma-separated',
  mailFrom: 'sender address of the report mail (default kcarbon@<host name>)',
  smtp: 'SMTP relay to mail through: smtp://[user:pass@]host[:port] (STARTTLS) or smtps://…',
  report: 'also write a report to a file, e.g. sarif=kcarbon.sarif (repeatable)',
  sarifLocation: 'SARIF location of a workload (default k8s/{namespace}/{name}.yaml; assess, list, report)',
  failOn:
    'fail on findings of this severity or worse: error (default), warning or never (assess, list, report)',
  noFail:
    'report only, same as --fail-on never: exit 0 even when a check is NON_COMPLIANT (cron reports; assess, list, report)',
  exitCode: 'exit code of a failing gate (default 1; assess, list, report)',
  noAnnotations:
    'under GITHUB_ACTIONS=true, do not print ::error/::warning annotations when the gate fails (assess, list, report)',
  json: 'shorthand for --format json',
  noHeaders:
    'tables without their header row; a listing (top, list...) prints only its rows, no title or totals',
  lang: 'output and --help language: en or ko (default from LANG)',
  color: 'force colour',
  noColor: 'disable colour (also NO_COLOR)',
  quiet: 'hide warnings',
  debug: 'print stack traces with errors, and each Prometheus query with their count',
  // serve's own options
  serveMcp: 'serve the Model Context Protocol (required; the only server mode)',
  serveTransport: 'stdio (default; for Claude Desktop) or http (Streamable HTTP at /mcp, legacy SSE at /sse)',
  serveHost: `http: address to bind (default ${S.host})`,
  servePort: `http: port (default ${S.port}; 0 = any free port)`,
  serveStateless: 'http: no sessions; a fresh server for every request',
  serveTokenFile: `http: file holding the bearer token MCP clients must send; required off loopback (env ${S.tokenEnv} holds the token itself)`,
  serveKeplerTokenFile: "bearer token file for Kepler behind kube-rbac-proxy (other commands' --token-file)",
  serveAllowedOrigins: 'http: comma-separated browser origins allowed besides loopback ones',
  serveAllowedHosts: 'http: comma-separated Host names allowed besides 127.0.0.1, localhost and [::1]',
  serveMaxSessions: `http: open sessions (Streamable HTTP and SSE) at most; more get 503 (default ${S.maxSessions})`,
  serveSessionIdle: `http: close a session after this long with no request and no stream open (default ${S.sessionIdle})`,
  serveCacheTtl: `reuse metrics this long between tool calls (default ${S.cacheTtl}; 0 = scrape every call)`,
  serveDebug: 'print stack traces with errors',
  // help layout: the groups of shared options, commander's titles and built-in options
  sourceOptions: 'Source options:',
  carbonOptions: 'Carbon data options:',
  outputOptions: 'Output options:',
  gateOptions: 'Gate options:',
  examples: 'Examples:',
  usage: 'Usage:',
  usageOptions: '[options]',
  usageCommand: '[command]',
  options: 'Options:',
  commands: 'Commands:',
  arguments: 'Arguments:',
  globalOptions: 'Global Options:',
  helpOption: 'display help for command',
  versionOption: 'output the version number',
  envSuffix: 'env',
} as const;

export type HelpKey = keyof typeof HELP_EN;
/** Short alias for the manifests and option tables: `description: H.region`. */
export const H = HELP_EN;
