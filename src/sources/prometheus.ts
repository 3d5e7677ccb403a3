/**
 * Prometheus as a metrics source (`--prometheus URL`, env PROMETHEUS_URL). Kepler series scraped by
 * Prometheus from every node come back in one read:
 *  - now: `GET /federate?match[]=...` returns the latest sample of each Kepler series in text format;
 *  - `--window 1h`: average power over the window, from the joules counters with `rate()` via
 *    `GET /api/v1/query`, written out as the watts gauges Kepler itself exposes.
 * Either way the result is exposition text for the same parser and model as a direct scrape.
 */
import { InputError, SourceUnreachableError } from '../errors.js';
import { fetchUrls, type UrlTarget } from './http.js';
import { redactUrlText } from './spec.js';
import type { FetchedSource, SourceOptions } from './types.js';

/** The Kepler families kcarbon reads (v0.10+ and legacy); process-level series are left in Prometheus. */
export const FEDERATE_MATCH =
  '{__name__=~"kepler_(pod|container|vm|node)_.*|kepler_platform_watts|kepler_build_info|kepler_exporter_build_info"}';

/** Counter -> gauge pairs for windowed power, and gauges averaged over the window. */
const RATES: [string, string][] = [
  ['kepler_pod_cpu_joules_total', 'kepler_pod_cpu_watts'],
  ['kepler_container_cpu_joules_total', 'kepler_container_cpu_watts'],
  ['kepler_vm_cpu_joules_total', 'kepler_vm_cpu_watts'],
  ['kepler_node_cpu_active_joules_total', 'kepler_node_cpu_active_watts'],
  ['kepler_node_cpu_idle_joules_total', 'kepler_node_cpu_idle_watts'],
  // GPU (Kepler v0.11+): workloads have no zone label; node devices carry gpu, gpu_uuid, gpu_name, vendor.
  ['kepler_pod_gpu_joules_total', 'kepler_pod_gpu_watts'],
  ['kepler_container_gpu_joules_total', 'kepler_container_gpu_watts'],
  ['kepler_vm_gpu_joules_total', 'kepler_vm_gpu_watts'],
  ['kepler_node_gpu_active_joules_total', 'kepler_node_gpu_active_watts'],
  ['kepler_node_gpu_idle_joules_total', 'kepler_node_gpu_idle_watts'],
  ['kepler_node_gpu_joules_total', 'kepler_node_gpu_watts'],
];
const INSTANT = [
  'kepler_build_info',
  'kepler_pod_cpu_joules_total',
  'kepler_node_cpu_active_joules_total',
  'kepler_node_cpu_idle_joules_total',
];

function baseUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError(
      `--prometheus '${redactUrlText(url)}' is not a URL`,
      'e.g. http://prometheus.monitoring:9090',
    );
  }
  if (!/^https?:$/.test(u.protocol)) throw new InputError(`--prometheus needs http(s), got ${u.protocol}`);
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return u;
}

function target(base: URL, path: string, params: [string, string][]): UrlTarget {
  const u = new URL(path, base);
  for (const [k, v] of params) u.searchParams.append(k, v);
  return { origin: `${redactUrlText(base.href)}${path}`, url: u };
}

const escapeLabel = (v: string) => v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');

interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** Prometheus instant vector -> exposition lines named `name`. */
export function vectorToText(name: string, samples: VectorSample[]): string {
  return samples
    .map((s) => {
      const labels = Object.entries(s.metric)
        .filter(([k]) => k !== '__name__')
        .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
        .join(',');
      return `${name}{${labels}} ${s.value[1]}\n`;
    })
    .join('');
}

function parseVector(body: string, origin: string): VectorSample[] {
  let json: { status?: string; data?: { resultType?: string; result?: VectorSample[] }; error?: string };
  try {
    json = JSON.parse(body);
  } catch {
    throw new SourceUnreachableError(
      `${origin}: not a Prometheus API response`,
      'check the --prometheus URL',
    );
  }
  if (json.status !== 'success' || json.data?.resultType !== 'vector') {
    throw new SourceUnreachableError(
      `${origin}: query failed: ${json.error ?? json.status ?? 'unknown error'}`,
    );
  }
  return json.data.result ?? [];
}

export async function readPrometheus(
  url: string,
  opts: SourceOptions & { windowSeconds?: number; at?: Date },
): Promise<FetchedSource> {
  const base = baseUrl(url);
  const fetchedAt = new Date();
  if (!opts.windowSeconds) {
    const [outcome] = await fetchUrls([target(base, 'federate', [['match[]', FEDERATE_MATCH]])], opts);
    if (!outcome!.ok)
      throw new SourceUnreachableError(outcome!.failure.error, 'check the --prometheus URL (port 9090)');
    if (!/kepler_/.test(outcome!.source.body)) {
      throw new InputError(
        `${outcome!.source.origin}: Prometheus holds no Kepler series`,
        'check that Prometheus scrapes the Kepler exporters (ServiceMonitor or scrape config)',
      );
    }
    return { ...outcome!.source, nodeHint: '' };
  }
  const w = `${Math.round(opts.windowSeconds)}s`;
  const time = String((opts.at ?? fetchedAt).getTime() / 1000);
  const queries: [string, string][] = [
    ...RATES.map(([counter, gauge]): [string, string] => [gauge, `rate(${counter}[${w}])`]),
    ['kepler_node_cpu_usage_ratio', `avg_over_time(kepler_node_cpu_usage_ratio[${w}])`],
    ['kepler_platform_watts', `avg_over_time(kepler_platform_watts[${w}])`],
    ...INSTANT.map((name): [string, string] => [name, name]),
  ];
  const targets = queries.map(([, q]) =>
    target(base, 'api/v1/query', [
      ['query', q],
      ['time', time],
    ]),
  );
  const outcomes = await fetchUrls(targets, opts);
  const failed = outcomes.find((o) => !o.ok);
  if (failed && !failed.ok)
    throw new SourceUnreachableError(failed.failure.error, 'check the --prometheus URL (port 9090)');
  let body = '';
  const active: VectorSample[] = [];
  const idle: VectorSample[] = [];
  queries.forEach(([name], i) => {
    const o = outcomes[i]!;
    if (!o.ok) return;
    const vector = parseVector(o.source.body, o.source.origin);
    if (name === 'kepler_node_cpu_active_watts') active.push(...vector);
    if (name === 'kepler_node_cpu_idle_watts') idle.push(...vector);
    body += vectorToText(name, vector);
  });
  // Node total = active + idle, matched on the labels Kepler puts on both.
  const key = (m: Record<string, string>) => `${m.instance}|${m.node_name}|${m.zone}|${m.path}`;
  const idleBy = new Map(idle.map((s) => [key(s.metric), Number(s.value[1])]));
  body += vectorToText(
    'kepler_node_cpu_watts',
    active.map((s) => ({
      metric: s.metric,
      value: [s.value[0], String(Number(s.value[1]) + (idleBy.get(key(s.metric)) ?? 0))],
    })),
  );
  if (!/^kepler_pod_cpu_watts\{/m.test(body)) {
    throw new InputError(
      `${redactUrlText(base.href)}: no kepler_pod_cpu_joules_total data in the last ${w}`,
      'check that Prometheus scrapes Kepler v0.10+ and that the window covers at least two scrapes',
    );
  }
  return {
    origin: `${redactUrlText(base.href)} (rate over ${w})`,
    nodeHint: '',
    body,
    contentType: 'text/plain; version=0.0.4',
    fetchedAt,
  };
}
