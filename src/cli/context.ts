/** Global CLI flags -> RunSettings (plain data), parsed and validated once. */

import { readFileSync } from 'node:fs';
import type { RunSettings } from '../commands/context.js';
import { msg, UsageError } from '../errors.js';
import { parseComponents } from '../kepler/basis.js';
import { parseZones } from '../kepler/zones.js';
import { MAX_RETRIES, parseByteSize, parseKeplerService, parseSourceSpecs } from '../sources/index.js';
import { prometheusUrlCredentials } from '../sources/spec.js';
import { parseCount } from '../util/count.js';
import { parseDurationSeconds } from '../util/duration.js';
import { parseInstant } from '../util/time.js';
import type { CliIO } from './io.js';

export interface GlobalOpts {
  source?: string[];
  demo?: boolean;
  keplerService?: string;
  kubeconfig?: string;
  context?: string;
  prometheus?: string;
  window?: string;
  zones?: string;
  components?: string;
  sample?: string;
  strict?: boolean;
  allowPartial?: boolean;
  maxBytes?: string;
  timeout?: string;
  retries?: string;
  ca?: string;
  insecure?: boolean;
  tokenFile?: string;
  openmetrics?: boolean;
  quiet?: boolean;
  config?: string;
  pue?: string;
  intensity?: string;
  basis?: string;
  grid?: string;
  gridUrl?: string;
  gridCache?: string;
  gridStrict?: boolean;
  at?: string;
  prometheusUser?: string;
  prometheusPasswordFile?: string;
  prometheusHeader?: string[];
  prometheusMaxSeries?: string;
  debug?: boolean;
}

/** `Name: value` header flags -> headers (names lower-cased). */
export function parseHeaders(values: string[] | undefined): Record<string, string> | undefined {
  if (!values?.length) return undefined;
  const out: Record<string, string> = {};
  for (const v of values) {
    const m = /^\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*:\s*(.*?)\s*$/.exec(v);
    if (!m || /[\r\n]/.test(v)) {
      throw new UsageError(msg('notHeader', v), msg('headerFormat'));
    }
    out[m[1]!.toLowerCase()] = m[2]!;
  }
  return out;
}

/** Basic auth for Prometheus: --prometheus-user with the password from a file or PROMETHEUS_PASSWORD. */
function prometheusAuth(
  g: GlobalOpts,
  env: NodeJS.ProcessEnv,
): { username: string; password: string } | undefined {
  if (g.prometheusUser === undefined) {
    if (g.prometheusPasswordFile !== undefined)
      throw new UsageError(
        msg('needs', '--prometheus-password-file', '--prometheus-user'),
        msg('add', '--prometheus-user NAME'),
      );
    return undefined;
  }
  let password = env.PROMETHEUS_PASSWORD;
  if (g.prometheusPasswordFile !== undefined) {
    try {
      password = readFileSync(g.prometheusPasswordFile, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      throw new UsageError(
        msg(
          'cannotReadFlagFile',
          '--prometheus-password-file',
          g.prometheusPasswordFile,
          (err as NodeJS.ErrnoException).code ?? (err as Error).message,
        ),
      );
    }
  }
  if (password === undefined) throw new UsageError(msg('passwordMissing'), msg('passwordHint'));
  return { username: g.prometheusUser, password };
}

function positiveNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new UsageError(msg('notPositiveNumber', flag, value));
  }
  return n;
}

function finiteNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(msg('notNumber', flag, value));
  return n;
}

export function parseAt(value: string | undefined): Date | undefined {
  return value === undefined ? undefined : parseInstant(value, '--at');
}

function parseGridUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol)) {
    throw new UsageError(
      msg('notHttpUrl', '--grid-url', value),
      msg('example', '--grid-url http://127.0.0.1:8080/v3'),
    );
  }
  return value;
}

export function settingsFromFlags(g: GlobalOpts, io: CliIO): RunSettings {
  const retries = g.retries === undefined ? undefined : Number(g.retries);
  // At most MAX_RETRIES: each retry waits up to twice as long as the last (capped), so more only delays the error.
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0 && retries <= MAX_RETRIES)) {
    throw new UsageError(msg('notWholeNumberRange', '--retries', 0, MAX_RETRIES, String(g.retries)));
  }
  if (g.demo && g.source?.length)
    throw new UsageError(msg('exclusive', '--demo', '--source'), msg('pickOne'));
  // A flag beats an environment variable of another source kind (KEPLER_SERVICE vs KEPLER_ENDPOINT...).
  const explicit = !!(g.source?.length || g.demo || g.prometheus);
  const service = g.keplerService ?? (explicit ? undefined : io.env.KEPLER_SERVICE?.trim() || undefined);
  if (service !== undefined && g.keplerService !== undefined && explicit) {
    throw new UsageError(
      msg('cannotCombine', '--kepler-service', '--source, --demo, --prometheus'),
      msg('pickOne'),
    );
  }
  if ((g.kubeconfig !== undefined || g.context !== undefined) && service === undefined) {
    throw new UsageError(msg('onlyWith', '--kubeconfig, --context', '--kepler-service NAMESPACE/NAME'));
  }
  const promUrl =
    g.prometheus ?? (g.source?.length || g.demo || service ? undefined : io.env.PROMETHEUS_URL || undefined);
  // A user and password in the URL are basic auth, as for --source; given with --prometheus-user too, which one
  // was meant is not guessed.
  const prom = promUrl === undefined ? undefined : prometheusUrlCredentials(promUrl);
  const flagAuth = prometheusAuth(g, io.env);
  if (prom?.basicAuth && flagAuth)
    throw new UsageError(msg('prometheusCredentialsTwice'), msg('prometheusCredentialsTwiceHint'));
  return {
    source: {
      specs: g.prometheus || service ? (g.source ?? []) : parseSourceSpecs(g.source, io.env),
      demo: g.demo,
      prometheus: prom?.url,
      keplerService: service === undefined ? undefined : parseKeplerService(service),
      kubeconfig: g.kubeconfig,
      kubeContext: g.context,
      env: io.env,
      windowSeconds: g.window ? parseDurationSeconds(g.window, '--window') : undefined,
      at: parseAt(g.at),
      strict: g.strict,
      sampleSeconds: g.sample ? parseDurationSeconds(g.sample, '--sample', { wait: true }) : undefined,
      timeoutMs: g.timeout ? parseDurationSeconds(g.timeout, '--timeout', { wait: true }) * 1000 : undefined,
      retries,
      maxBytes: g.maxBytes === undefined ? undefined : parseByteSize(g.maxBytes, '--max-bytes'),
      caFile: g.ca,
      insecure: g.insecure,
      tokenFile: g.tokenFile ?? io.env.KEPLER_TOKEN_FILE,
      openMetrics: g.openmetrics,
      stdin: io.stdin,
      headers: parseHeaders(g.prometheusHeader),
      prometheusAuth: flagAuth ?? prom?.basicAuth,
      // A count of series: 0.5 would split every answer down to single hours, then give up.
      prometheusMaxSeries:
        g.prometheusMaxSeries === undefined
          ? undefined
          : parseCount(g.prometheusMaxSeries, '--prometheus-max-series'),
      ...(g.debug ? { debug: (m: string) => io.stderr.write(`kcarbon: debug: ${m}\n`) } : {}),
    },
    zones: g.zones === undefined ? undefined : parseZones(g.zones),
    components: parseComponents(g.components),
    configPath: g.config,
    overrides: {
      pue: positiveNumber(g.pue, '--pue'),
      // 0 is a grid's figure (all renewable), as KCARBON_INTENSITY=0 and a config's is: the loader checks the range.
      intensity: finiteNumber(g.intensity, '--intensity'),
      ...(g.basis !== undefined ? { basis: g.basis } : {}),
    },
    at: parseAt(g.at),
    env: io.env,
    grid: {
      ...(g.grid !== undefined ? { provider: g.grid } : {}),
      ...(g.gridUrl !== undefined ? { url: parseGridUrl(g.gridUrl) } : {}),
      ...(g.gridCache !== undefined ? { cacheDir: g.gridCache } : {}),
      ...(g.gridStrict ? { strict: true } : {}),
    },
  };
}
