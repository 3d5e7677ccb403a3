/**
 * Options every command shares, declared once as data (npm-check-updates style): the
 * commander wiring and the README's option list both come from this table.
 */
export interface GlobalOptionSpec {
  flags: string;
  description: string;
  /** Environment variable read when the flag is absent. */
  env?: string;
  /** Only for commands that read metrics. */
  metrics?: boolean;
  /** Carbon data and time options: every command, and the MCP server. */
  config?: boolean;
  repeatable?: boolean;
  /** Only for these commands. */
  commands?: string[];
}

export const GLOBAL_OPTIONS: GlobalOptionSpec[] = [
  {
    flags: '-s, --source <spec>',
    description:
      'metrics source: a file, a directory of per-node dumps, - for stdin, or http(s) URLs (repeat or comma-separate)',
    env: 'KEPLER_ENDPOINT',
    metrics: true,
    repeatable: true,
  },
  { flags: '--demo', description: 'use the bundled demo cluster (fixtures/demo)', metrics: true },
  {
    flags: '--kepler-service <ns/name>',
    description:
      "find every Kepler exporter through this Service's EndpointSlices (in a pod: its service account; outside: kubeconfig)",
    env: 'KEPLER_SERVICE',
    metrics: true,
  },
  {
    flags: '--kubeconfig <file>',
    description: 'with --kepler-service: kubeconfig file (default ~/.kube/config)',
    env: 'KUBECONFIG',
    metrics: true,
  },
  {
    flags: '--context <name>',
    description: "with --kepler-service: kubeconfig context (default the file's current-context)",
    metrics: true,
  },
  {
    flags: '--prometheus <url>',
    description: 'read Kepler series from Prometheus (all nodes in one query) instead of the exporters',
    env: 'PROMETHEUS_URL',
    metrics: true,
  },
  {
    flags: '--prometheus-user <name>',
    description:
      'Prometheus basic-auth user (password from --prometheus-password-file or PROMETHEUS_PASSWORD)',
    metrics: true,
  },
  {
    flags: '--prometheus-password-file <file>',
    description: 'file holding the Prometheus basic-auth password',
    metrics: true,
  },
  {
    flags: '--prometheus-header <header>',
    description:
      "extra request header for Prometheus, e.g. 'X-Scope-OrgID: tenant' (Mimir, Cortex; repeatable)",
    metrics: true,
    repeatable: true,
  },
  {
    flags: '--prometheus-max-series <n>',
    description:
      'split a Prometheus query by namespace, then time, when its answer exceeds n series (default 20000)',
    metrics: true,
  },
  {
    flags: '--window <duration>',
    description: 'with --prometheus: average power over this window, e.g. 1h (rate of the joules counters)',
    metrics: true,
  },
  {
    flags: '--zones <list>',
    description:
      "CPU zones summed for pod power on every node (default: package,dram where reported, else the node's top-level zone)",
    metrics: true,
  },
  {
    flags: '--components <list>',
    description: 'what pod power sums: cpu, gpu or cpu,gpu (default)',
    metrics: true,
  },
  {
    flags: '--sample <duration>',
    description: 'scrape twice, e.g. 10s apart (at least 5s), and average watts from the joules counters',
    metrics: true,
  },
  {
    flags: '--strict',
    description:
      'stop at the first malformed metrics line instead of skipping it, and exit 3 when any source failed',
    metrics: true,
  },
  {
    flags: '--allow-partial',
    description:
      'let a gate (assess, list, a budget) pass on the nodes that reported when some sources failed (default: exit 3)',
    metrics: true,
  },
  { flags: '--timeout <duration>', description: 'per-request timeout for URLs (default 10s)', metrics: true },
  {
    flags: '--retries <n>',
    description: 'retries per URL on network errors and 5xx (default 2)',
    metrics: true,
  },
  {
    flags: '--max-bytes <size>',
    description:
      'largest source read, raw and after gunzip, e.g. 512MiB (default 256MiB); a larger source is a failed source',
    metrics: true,
  },
  { flags: '--ca <file>', description: 'PEM CA bundle to trust for https sources', metrics: true },
  { flags: '--insecure', description: 'skip TLS certificate verification (explicit opt-in)', metrics: true },
  {
    flags: '--token-file <file>',
    description: 'bearer token file for Kepler behind kube-rbac-proxy, or for Prometheus',
    env: 'KEPLER_TOKEN_FILE',
    metrics: true,
  },
  {
    flags: '--openmetrics',
    description: 'ask endpoints for OpenMetrics instead of text 0.0.4',
    metrics: true,
  },
  {
    flags: '--config <path>',
    description: 'user config file or directory (regions, standards, budgets) merged over config/',
    env: 'KCARBON_CONFIG',
    config: true,
  },
  { flags: '--pue <ratio>', description: "replace the region's PUE for this run", metrics: true },
  {
    flags: '--intensity <g>',
    description: "replace the region's grid intensity (gCO2e/kWh) for this run",
    metrics: true,
  },
  {
    flags: '--basis <basis>',
    description:
      "annual grid intensity: lifecycle (Electricity Maps, default), official (the country's official factor) or official:<id>",
    env: 'KCARBON_BASIS',
    config: true,
  },
  {
    flags: '--grid <provider>',
    description:
      'live grid intensity: offline (default), electricitymaps, carbon-aware-sdk or watttime; its figures replace the profile for the hours they cover',
    env: 'KCARBON_GRID',
    config: true,
  },
  {
    flags: '--grid-url <url>',
    description: "the grid provider's base URL (self-hosted or test server), e.g. http://127.0.0.1:8080/v3",
    config: true,
  },
  {
    flags: '--grid-cache <dir>',
    description:
      'cache directory for grid responses (default $XDG_CACHE_HOME/kcarbon/grid or ~/.cache/kcarbon/grid)',
    config: true,
  },
  {
    flags: '--grid-strict',
    description: 'exit 3 when the grid provider fails instead of falling back to offline data',
    config: true,
  },
  {
    flags: '--at <time>',
    description: 'assessment time, ISO 8601 with Z or an offset, e.g. 2026-01-15T05:00:00Z (default now)',
    config: true,
  },
  {
    flags: '-o, --format <format>',
    description:
      'output format: table, wide (every column), json, yaml, markdown, html, csv, sarif, junit or github (annotations)',
  },
  {
    flags: '--history <file>',
    description: 'append this run to a JSON-lines history file and show the trend since earlier runs',
    commands: ['report'],
  },
  {
    flags: '--report <format=file>',
    description: 'also write a report to a file, e.g. sarif=kcarbon.sarif (repeatable)',
    repeatable: true,
  },
  {
    flags: '--sarif-location <pattern>',
    description: 'SARIF location of a workload (default k8s/{namespace}/{name}.yaml)',
  },
  {
    flags: '--fail-on <severity>',
    description: 'fail on findings of this severity or worse: error (default), warning or never',
  },
  {
    flags: '--no-fail',
    description:
      'report only, same as --fail-on never: exit 0 even when a check is NON_COMPLIANT (cron reports)',
  },
  { flags: '--exit-code <n>', description: 'exit code of a failing gate (default 1)' },
  {
    flags: '--no-annotations',
    description: 'under GITHUB_ACTIONS=true, do not print ::error/::warning annotations when the gate fails',
  },
  { flags: '--json', description: 'shorthand for --format json' },
  { flags: '--no-headers', description: 'tables without their header row' },
  { flags: '--lang <lang>', description: 'output and --help language: en or ko (default from LANG)' },
  { flags: '--color', description: 'force colour' },
  { flags: '--no-color', description: 'disable colour (also NO_COLOR)' },
  { flags: '-q, --quiet', description: 'hide warnings' },
  {
    flags: '--debug',
    description: 'print stack traces with errors, and each Prometheus query with their count',
  },
];
