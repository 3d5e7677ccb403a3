/**
 * Options every command shares, declared once as data (npm-check-updates style): the
 * commander wiring and the README's option list both come from this table.
 */
import { H } from '../i18n/help.js';
import { helpText } from '../i18n/index.js';
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
  /** Only for the commands that judge checks and gate (assess, list, report: their manifests' `gating`). */
  gating?: boolean;
}

export const GLOBAL_OPTIONS: GlobalOptionSpec[] = [
  {
    flags: '-s, --source <spec>',
    description: H.source,
    env: 'KEPLER_ENDPOINT',
    metrics: true,
    repeatable: true,
  },
  { flags: '--demo', description: H.demo, metrics: true },
  {
    flags: '--kepler-service <ns/name>',
    description: H.keplerService,
    env: 'KEPLER_SERVICE',
    metrics: true,
  },
  {
    flags: '--kubeconfig <file>',
    description: H.kubeconfig,
    env: 'KUBECONFIG',
    metrics: true,
  },
  {
    flags: '--context <name>',
    description: H.context,
    metrics: true,
  },
  {
    flags: '--prometheus <url>',
    description: H.prometheus,
    env: 'PROMETHEUS_URL',
    metrics: true,
  },
  {
    flags: '--prometheus-user <name>',
    description: H.prometheusUser,
    metrics: true,
  },
  {
    flags: '--prometheus-password-file <file>',
    description: H.prometheusPasswordFile,
    metrics: true,
  },
  {
    flags: '--prometheus-header <header>',
    description: H.prometheusHeader,
    metrics: true,
    repeatable: true,
  },
  {
    flags: '--prometheus-max-series <n>',
    description: H.prometheusMaxSeries,
    metrics: true,
  },
  {
    flags: '--window <duration>',
    description: H.window,
    metrics: true,
  },
  {
    flags: '--zones <list>',
    description: H.zones,
    metrics: true,
  },
  {
    flags: '--components <list>',
    description: H.components,
    metrics: true,
  },
  {
    flags: '--sample <duration>',
    description: H.sample,
    metrics: true,
  },
  {
    flags: '--strict',
    description: H.strict,
    metrics: true,
  },
  {
    flags: '--allow-partial',
    description: H.allowPartial,
    metrics: true,
  },
  { flags: '--timeout <duration>', description: H.timeout, metrics: true },
  {
    flags: '--retries <n>',
    description: H.retries,
    metrics: true,
  },
  {
    flags: '--max-bytes <size>',
    description: H.maxBytes,
    metrics: true,
  },
  { flags: '--ca <file>', description: H.ca, metrics: true },
  { flags: '--insecure', description: H.insecure, metrics: true },
  {
    flags: '--token-file <file>',
    description: H.tokenFile,
    env: 'KEPLER_TOKEN_FILE',
    metrics: true,
  },
  {
    flags: '--openmetrics',
    description: H.openmetrics,
    metrics: true,
  },
  {
    flags: '--config <path>',
    description: H.config,
    env: 'KCARBON_CONFIG',
    config: true,
  },
  { flags: '--pue <ratio>', description: H.pue, metrics: true },
  {
    flags: '--intensity <g>',
    description: H.intensity,
    metrics: true,
  },
  {
    flags: '--basis <basis>',
    description: H.basis,
    env: 'KCARBON_BASIS',
    config: true,
  },
  {
    flags: '--grid <provider>',
    description: H.grid,
    env: 'KCARBON_GRID',
    config: true,
  },
  {
    flags: '--grid-url <url>',
    description: H.gridUrl,
    config: true,
  },
  {
    flags: '--grid-cache <dir>',
    description: H.gridCache,
    config: true,
  },
  {
    flags: '--grid-strict',
    description: H.gridStrict,
    config: true,
  },
  {
    flags: '--at <time>',
    description: H.at,
    config: true,
  },
  {
    flags: '-o, --format <format>',
    description: H.format,
  },
  {
    flags: '--history <file>',
    description: H.history,
    commands: ['report'],
  },
  { flags: '--mail-to <addresses>', description: H.mailTo, commands: ['report'] },
  { flags: '--mail-from <address>', description: H.mailFrom, commands: ['report'] },
  { flags: '--smtp <url>', description: H.smtp, env: 'KCARBON_SMTP_URL', commands: ['report'] },
  {
    flags: '--report <format=file>',
    description: H.report,
    repeatable: true,
  },
  {
    flags: '--sarif-location <pattern>',
    gating: true,
    description: H.sarifLocation,
  },
  {
    flags: '--fail-on <severity>',
    gating: true,
    description: H.failOn,
  },
  {
    flags: '--no-fail',
    gating: true,
    description: H.noFail,
  },
  { flags: '--exit-code <n>', gating: true, description: H.exitCode },
  {
    flags: '--no-annotations',
    gating: true,
    description: H.noAnnotations,
  },
  { flags: '--json', description: H.json },
  { flags: '--no-headers', description: H.noHeaders },
  { flags: '--lang <lang>', description: H.lang },
  { flags: '--color', description: H.color },
  { flags: '--no-color', description: H.noColor },
  { flags: '-q, --quiet', description: H.quiet },
  {
    flags: '--debug',
    description: H.debug,
  },
];

/** The long flag of a commander flags string: `-l, --limit <n>` -> `--limit`. */
export function longFlag(flags: string): string {
  return /--[\w-]+/.exec(flags)?.[0] ?? flags;
}

/** An option's --help text in the current language, with the environment variable it falls back to. */
export function optionText(o: { description: string; env?: string }): string {
  return o.env ? `${helpText(o.description)} (${helpText(H.envSuffix)} ${o.env})` : helpText(o.description);
}
