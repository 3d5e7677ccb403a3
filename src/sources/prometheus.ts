/**
 * Prometheus as a metrics source (`--prometheus URL`, env PROMETHEUS_URL). Kepler series scraped by
 * Prometheus from every node come back in one read:
 *  - now: `GET /federate?match[]=...` returns the latest sample of each Kepler series in text format;
 *  - `--window 1h`: average power over the window, from the joules counters with `rate()` via
 *    `GET /api/v1/query`, written out as the watts gauges Kepler itself exposes.
 * Either way the result is exposition text for the same parser and model as a direct scrape.
 */
import { englishOf, InputError, msg, SourceUnreachableError } from '../errors.js';
import { fetchUrls, PROMETHEUS_PORTS, type UrlTarget } from './http.js';
import { isLegacyPod } from './legacy-pods.js';
import { oneCopy, SCRAPE_LABELS } from './prometheus-labels.js';
import { redactUrlText } from './spec.js';
import type { FetchedSource, SourceFailure, SourceOptions } from './types.js';

/** The Kepler families kcarbon reads (v0.10+ and legacy); process-level series are left in Prometheus. */
export const FEDERATE_MATCH =
  '{__name__=~"kepler_(pod|container|vm|node)_.*|kepler_platform_watts|kepler_build_info|kepler_exporter_build_info"}';

/** Counter -> gauge pairs for windowed power, and gauges averaged over the window. */
const RATES: [string, string][] = [
  ['kepler_pod_cpu_joules_total', 'kepler_pod_cpu_watts'],
  ['kepler_container_cpu_joules_total', 'kepler_container_cpu_watts'],
  ['kepler_vm_cpu_joules_total', 'kepler_vm_cpu_watts'],
  // The node's total from its own counter: never active + a missing idle (read as 0 W idle).
  ['kepler_node_cpu_joules_total', 'kepler_node_cpu_watts'],
  ['kepler_node_cpu_active_joules_total', 'kepler_node_cpu_active_watts'],
  ['kepler_node_cpu_idle_joules_total', 'kepler_node_cpu_idle_watts'],
  // GPU (Kepler v0.11.4+): workloads have no zone label; node devices carry gpu, gpu_uuid, gpu_name, vendor.
  ['kepler_pod_gpu_joules_total', 'kepler_pod_gpu_watts'],
  ['kepler_container_gpu_joules_total', 'kepler_container_gpu_watts'],
  ['kepler_vm_gpu_joules_total', 'kepler_vm_gpu_watts'],
  ['kepler_node_gpu_active_joules_total', 'kepler_node_gpu_active_watts'],
  ['kepler_node_gpu_idle_joules_total', 'kepler_node_gpu_idle_watts'],
  ['kepler_node_gpu_joules_total', 'kepler_node_gpu_watts'],
];
/** Read as they are at the time: a terminated pod's energy is its final counters, CPU zones and GPU. */
const INSTANT = [
  'kepler_build_info',
  'kepler_pod_cpu_joules_total',
  'kepler_pod_gpu_joules_total',
  'kepler_node_cpu_active_joules_total',
  'kepler_node_cpu_idle_joules_total',
];

/** The --prometheus URL as a base for API paths (a usage error when it is not an http(s) URL). */
export function prometheusBase(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError(
      msg('notPrometheusUrl', redactUrlText(url)),
      msg('example', 'http://prometheus.monitoring:9090'),
    );
  }
  if (!/^https?:$/.test(u.protocol)) throw new InputError(msg('prometheusNeedsHttp', u.protocol));
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return u;
}

/** One /api/v1/query target per expression, all evaluated at `time` (seconds). */
function instantQueries(base: URL, exprs: string[], time: string, opts: PromOptions): UrlTarget[] {
  return exprs.map((q) =>
    target(
      base,
      'api/v1/query',
      [
        ['query', q],
        ['time', time],
      ],
      opts,
    ),
  );
}

/** Prometheus basic auth (--prometheus-user and its password), on every request when given. */
type PromOptions = SourceOptions & { prometheusAuth?: { username: string; password: string } };

function target(base: URL, path: string, params: [string, string][], opts: PromOptions = {}): UrlTarget {
  const u = new URL(path, base);
  for (const [k, v] of params) u.searchParams.append(k, v);
  return {
    origin: `${redactUrlText(base.href)}${path}`,
    url: u,
    portHint: PROMETHEUS_PORTS,
    prometheus: true,
    ...(opts.prometheusAuth ? { basicAuth: opts.prometheusAuth } : {}),
  };
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
    throw new SourceUnreachableError(msg('notPrometheusApi', origin), msg('checkPrometheusUrl'));
  }
  if (json.status !== 'success' || json.data?.resultType !== 'vector') {
    throw new SourceUnreachableError(
      msg('queryFailed', origin, json.error ?? json.status ?? 'unknown error'),
    );
  }
  return json.data.result ?? [];
}

/** Largest /federate answer read; above it current power is aggregated on the server (aggregatedNow). */
export const FEDERATE_MAX_BYTES = 32 * 1024 * 1024;

const POD_LABELS = 'pod_namespace, pod_name, pod_id, node_name, state, instance';

/**
 * Current power without /federate: pod series summed on the server per pod (and zone) — containers, VMs and
 * processes stay in Prometheus — and the per-node families, whose size is bounded by the node count. Two jobs
 * scraping one exporter give each series twice (they differ in scrape labels only): one is kept, not both added.
 */
const NOW_QUERIES: [string, string][] = [
  ['kepler_pod_cpu_watts', `sum by (${POD_LABELS}, zone) (${oneCopy('kepler_pod_cpu_watts')})`],
  ['kepler_pod_cpu_joules_total', `sum by (${POD_LABELS}, zone) (${oneCopy('kepler_pod_cpu_joules_total')})`],
  ['kepler_pod_gpu_watts', `sum by (${POD_LABELS}) (${oneCopy('kepler_pod_gpu_watts')})`],
  ['kepler_pod_gpu_joules_total', `sum by (${POD_LABELS}) (${oneCopy('kepler_pod_gpu_joules_total')})`],
  ...[
    'kepler_build_info',
    'kepler_node_cpu_watts',
    'kepler_node_cpu_active_watts',
    'kepler_node_cpu_idle_watts',
    'kepler_node_cpu_active_joules_total',
    'kepler_node_cpu_idle_joules_total',
    'kepler_node_cpu_usage_ratio',
    'kepler_node_gpu_watts',
    'kepler_node_gpu_active_watts',
    'kepler_node_gpu_idle_watts',
    'kepler_platform_watts',
  ].map((n): [string, string] => [n, oneCopy(n)]),
];

async function aggregatedNow(base: URL, opts: PromOptions, fetchedAt: Date): Promise<FetchedSource> {
  const time = String(fetchedAt.getTime() / 1000);
  const outcomes = await fetchUrls(
    instantQueries(
      base,
      NOW_QUERIES.map(([, q]) => q),
      time,
      opts,
    ),
    opts,
  );
  let body = '';
  outcomes.forEach((o, i) => {
    if (!o.ok)
      throw new SourceUnreachableError(o.failure.reason ?? o.failure.error, msg('checkPrometheusUrl'));
    body += vectorToText(NOW_QUERIES[i]![0], parseVector(o.source.body, o.source.origin));
  });
  if (!/^kepler_pod_(cpu|gpu)_watts\{/m.test(body)) {
    throw new InputError(msg('prometheusNoPower', redactUrlText(base.href)), msg('scrapeKeplerHint'));
  }
  return {
    origin: `${redactUrlText(base.href)} (aggregated per pod)`,
    nodeHint: '',
    body,
    contentType: 'text/plain; version=0.0.4',
    fetchedAt,
  };
}

/** Legacy Kepler 0.7–0.9 components (per-container counters `kepler_container_<c>_joules_total`). */
const LEGACY_COMPONENTS = ['package', 'dram', 'core', 'uncore', 'gpu'];

/**
 * Legacy Kepler 0.7–0.9 through Prometheus: its per-container counters' rate over the window, summed per pod
 * on the server (dynamic power only, as Kepler v0.10+ attributes), written as the v0.10 pod gauges so the same
 * model reads them. Legacy has no pod UID (`namespace/name` stands in) and no node label on containers: the
 * scraped instance names the node.
 */
async function legacyWindow(base: URL, w: string, time: string, opts: PromOptions): Promise<string> {
  const by = 'container_namespace, pod_name, instance, exported_instance';
  const queries = instantQueries(
    base,
    LEGACY_COMPONENTS.map(
      (c) => `sum by (${by}) (${oneCopy(`rate(kepler_container_${c}_joules_total{mode="dynamic"}[${w}])`)})`,
    ),
    time,
    opts,
  );
  const outcomes = await fetchUrls(queries, opts);
  let body = '';
  outcomes.forEach((o, i) => {
    if (!o.ok)
      throw new SourceUnreachableError(o.failure.reason ?? o.failure.error, msg('checkPrometheusUrl'));
    const c = LEGACY_COMPONENTS[i]!;
    const samples = parseVector(o.source.body, o.source.origin).flatMap((s): VectorSample[] => {
      const ns = s.metric.container_namespace ?? '';
      const pod = s.metric.pod_name ?? '';
      if (!isLegacyPod(pod)) return [];
      const node = (s.metric.exported_instance || s.metric.instance || '').replace(/:\d+$/, '');
      const metric: Record<string, string> = {
        node_name: node,
        pod_id: `${ns}/${pod}`,
        pod_name: pod,
        pod_namespace: ns,
        state: 'running',
        ...(c === 'gpu' ? {} : { zone: c }),
      };
      return [{ metric, value: s.value }];
    });
    body += vectorToText(c === 'gpu' ? 'kepler_pod_gpu_watts' : 'kepler_pod_cpu_watts', samples);
  });
  if (body) body += 'kepler_build_info{version="0.7-0.9 (legacy, via Prometheus)"} 1\n';
  return body;
}

/** Targets (job, instance) that have exposed Kepler's build info in the last day (v0.10+ and legacy). */
const KEPLER_TARGETS =
  'group by (job, instance) (last_over_time(kepler_build_info[1d]) or last_over_time(kepler_exporter_build_info[1d]))';

/**
 * The Kepler exporters Prometheus could not scrape: targets that have exposed Kepler's build info in the last day
 * and whose `up` is 0 at the time read (with a window, through the whole window: a node with no sample in it).
 * Their nodes are missing from what Prometheus answers, so a report on the rest is incomplete: each is a failed
 * source, once per instance (an HA pair or a deduplicating store may answer twice). Not seen: an exporter down for
 * more than a day, one Prometheus no longer lists as a target (its pod gone), or a Kepler older than its build info.
 * `unchecked`: Prometheus did not answer the query (why), so a missing node would not be noticed.
 */
export async function downKeplerTargets(
  url: string,
  opts: PromOptions & { windowSeconds?: number; at?: Date },
): Promise<{ down: SourceFailure[]; instances: string[]; upCount: number } | { unchecked: string }> {
  const base = prometheusBase(url);
  const up = opts.windowSeconds ? `max_over_time(up[${Math.max(1, Math.round(opts.windowSeconds))}s])` : 'up';
  const time = String((opts.at ?? new Date()).getTime() / 1000);
  const query = (state: 0 | 1) =>
    `group by (job, instance) (${up} == ${state} and on (job, instance) ${KEPLER_TARGETS})`;
  // The Kepler targets down, and how many are up (none up and no series: every exporter is down).
  const outcomes = await fetchUrls(instantQueries(base, [query(0), query(1)], time, opts), opts);
  let vector: VectorSample[];
  let upCount: number;
  try {
    const [down, upNow] = outcomes.map((o) => {
      if (!o.ok) throw new Error(o.failure.error);
      return parseVector(o.source.body, o.source.origin);
    });
    vector = down!;
    upCount = upNow!.length;
  } catch (err) {
    return { unchecked: (err as Error).message };
  }
  const byInstance = new Map(vector.map((s) => [s.metric.instance ?? '', s.metric.job ?? '']));
  const sorted = [...byInstance].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const down = sorted.map(([instance, job]) => {
    const reason = msg('keplerTargetDown', instance, job);
    return { origin: `${redactUrlText(base.href)} target ${instance}`, error: englishOf(reason), reason };
  });
  return { down, instances: sorted.map(([instance]) => instance), upCount };
}

export async function readPrometheus(
  url: string,
  opts: PromOptions & { windowSeconds?: number; at?: Date; debug?: (message: string) => void },
): Promise<FetchedSource> {
  const base = prometheusBase(url);
  const fetchedAt = new Date();
  if (!opts.windowSeconds) {
    // /federate returns every Kepler series as it is: fine for a few nodes, not for a cluster. Above a bounded
    // answer, current power is aggregated on the server per pod instead.
    const cap = Math.min(opts.maxBytes ?? FEDERATE_MAX_BYTES, FEDERATE_MAX_BYTES);
    const [outcome] = await fetchUrls([target(base, 'federate', [['match[]', FEDERATE_MATCH]], opts)], {
      ...opts,
      maxBytes: cap,
    });
    if (!outcome!.ok && /larger than --max-bytes/.test(outcome!.failure.error)) {
      opts.debug?.(
        `prometheus: /federate answer above ${cap} bytes; aggregating current power on the server`,
      );
      return aggregatedNow(base, opts, fetchedAt);
    }
    if (!outcome!.ok)
      throw new SourceUnreachableError(
        outcome!.failure.reason ?? outcome!.failure.error,
        msg('checkPrometheusUrl'),
      );
    if (!/kepler_/.test(outcome!.source.body)) {
      throw new InputError(msg('prometheusNoSeries', outcome!.source.origin), msg('scrapeKeplerHint'));
    }
    // Raw series: two jobs scraping one exporter give each twice, differing in scrape labels only.
    return { ...outcome!.source, nodeHint: '', copiesDifferIn: SCRAPE_LABELS };
  }
  const w = `${Math.round(opts.windowSeconds)}s`;
  const time = String((opts.at ?? fetchedAt).getTime() / 1000);
  // Two jobs scraping one exporter store each series twice, differing in scrape labels only: one is kept.
  const once = oneCopy;
  const queries: [string, string][] = [
    ...RATES.map(([counter, gauge]): [string, string] => [gauge, once(`rate(${counter}[${w}])`)]),
    ['kepler_node_cpu_usage_ratio', once(`avg_over_time(kepler_node_cpu_usage_ratio[${w}])`)],
    ['kepler_platform_watts', once(`avg_over_time(kepler_platform_watts[${w}])`)],
    ...INSTANT.map((name): [string, string] => [name, once(name)]),
  ];
  const outcomes = await fetchUrls(
    instantQueries(
      base,
      queries.map(([, q]) => q),
      time,
      opts,
    ),
    opts,
  );
  const failed = outcomes.find((o) => !o.ok);
  if (failed && !failed.ok)
    throw new SourceUnreachableError(
      failed.failure.reason ?? failed.failure.error,
      msg('checkPrometheusUrl'),
    );
  let body = '';
  queries.forEach(([name], i) => {
    const o = outcomes[i]!;
    if (!o.ok) return;
    body += vectorToText(name, parseVector(o.source.body, o.source.origin));
  });
  if (!/^kepler_pod_cpu_watts\{/m.test(body)) body += await legacyWindow(base, w, time, opts);
  if (!/^kepler_pod_cpu_watts\{/m.test(body)) {
    throw new InputError(
      msg('prometheusNoJoules', redactUrlText(base.href), w),
      msg('prometheusNoJoulesHint'),
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
