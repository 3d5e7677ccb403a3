/** Global CLI flags -> RunSettings (plain data), parsed and validated once. */
import type { RunSettings } from '../commands/context.js';
import { UsageError } from '../errors.js';
import { parseComponents } from '../kepler/basis.js';
import { parseZones } from '../kepler/zones.js';
import { parseByteSize, parseKeplerService, parseSourceSpecs } from '../sources/index.js';
import { parseDurationSeconds } from '../util/duration.js';
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
}

function positiveNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new UsageError(`${flag} expects a positive number, got '${value}'`);
  }
  return n;
}

export function parseAt(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  // ISO 8601 with an explicit offset only, so the same flag means the same instant on every machine.
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
  const d = new Date(value);
  if (!iso.test(value.trim()) || Number.isNaN(d.getTime())) {
    throw new UsageError(
      `--at '${value}' is not a date-time`,
      'use ISO 8601 with Z or an offset, e.g. 2026-01-15T05:00:00Z or 2026-01-15T14:00:00+09:00',
    );
  }
  return d;
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
      `--grid-url '${value}' is not an http(s) URL`,
      'e.g. --grid-url http://127.0.0.1:8080/v3',
    );
  }
  return value;
}

export function settingsFromFlags(g: GlobalOpts, io: CliIO): RunSettings {
  const retries = g.retries === undefined ? undefined : Number(g.retries);
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0)) {
    throw new UsageError(`--retries expects a whole number >= 0, got '${g.retries}'`);
  }
  if (g.demo && g.source?.length) throw new UsageError('--demo and --source are exclusive', 'pick one');
  // A flag beats an environment variable of another source kind (KEPLER_SERVICE vs KEPLER_ENDPOINT...).
  const explicit = !!(g.source?.length || g.demo || g.prometheus);
  const service = g.keplerService ?? (explicit ? undefined : io.env.KEPLER_SERVICE?.trim() || undefined);
  if (service !== undefined && g.keplerService !== undefined && explicit) {
    throw new UsageError(
      '--kepler-service cannot be combined with --source, --demo or --prometheus',
      'pick one',
    );
  }
  if ((g.kubeconfig !== undefined || g.context !== undefined) && service === undefined) {
    throw new UsageError('--kubeconfig and --context only apply with --kepler-service NAMESPACE/NAME');
  }
  return {
    source: {
      specs: g.prometheus || service ? (g.source ?? []) : parseSourceSpecs(g.source, io.env),
      demo: g.demo,
      prometheus:
        g.prometheus ??
        (g.source?.length || g.demo || service ? undefined : io.env.PROMETHEUS_URL || undefined),
      keplerService: service === undefined ? undefined : parseKeplerService(service),
      kubeconfig: g.kubeconfig,
      kubeContext: g.context,
      env: io.env,
      windowSeconds: g.window ? parseDurationSeconds(g.window, '--window') : undefined,
      at: parseAt(g.at),
      strict: g.strict,
      sampleSeconds: g.sample ? parseDurationSeconds(g.sample, '--sample') : undefined,
      timeoutMs: g.timeout ? parseDurationSeconds(g.timeout, '--timeout') * 1000 : undefined,
      retries,
      maxBytes: g.maxBytes === undefined ? undefined : parseByteSize(g.maxBytes, '--max-bytes'),
      caFile: g.ca,
      insecure: g.insecure,
      tokenFile: g.tokenFile ?? io.env.KEPLER_TOKEN_FILE,
      openMetrics: g.openmetrics,
      stdin: io.stdin,
    },
    zones: g.zones === undefined ? undefined : parseZones(g.zones),
    components: parseComponents(g.components),
    configPath: g.config,
    overrides: {
      pue: positiveNumber(g.pue, '--pue'),
      intensity: positiveNumber(g.intensity, '--intensity'),
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
