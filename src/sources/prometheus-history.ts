/**
 * Energy history from Prometheus (or Thanos, Mimir, Cortex, VictoriaMetrics: the same HTTP API).
 * Per clock hour, the increase() of Kepler's joules counters, aggregated on the server
 * (`sum by (pod labels, zone) (max without (state, <scrape labels>) (increase(...[1h])))`: one series of a pod's
 * running and terminated states, and of two jobs scraping one exporter, not two added): full hours in one range query
 * with a 1 h step, a partial first or last hour in one instant query over its own length. A query the server
 * refuses as too large (HTTP 422), or whose answer holds more series than `maxSeries`, is split by namespace,
 * then by time, and the parts merged. Every query is counted and, with `debug`, logged.
 */
import { msg, SourceUnreachableError } from '../errors.js';
import { fetchUrls, PROMETHEUS_PORTS, type UrlTarget } from './http.js';
import { prometheusBase } from './prometheus.js';
import { oneCopy, seriesKey } from './prometheus-labels.js';
import { redactUrlText } from './spec.js';
import type { SourceOptions } from './types.js';

export interface PrometheusOptions extends SourceOptions {
  /** Basic auth (--prometheus-user and a password from a file or env). */
  basicAuth?: { username: string; password: string };
  /** Log each query (--debug). */
  debug?: (message: string) => void;
  /** Split any answer holding more series than this (default 20 000). */
  maxSeries?: number;
}

export const DEFAULT_MAX_SERIES = 20_000;

/** A span of clock hours asked for at once: the hour *ends* (ms) it is evaluated at, and the range. */
export interface HourQuery {
  /** Evaluation times (ms): the end of each piece, a 1 h step apart for full hours. */
  ends: number[];
  /** Range of increase() in ms: 3 600 000 for full hours, the piece's length for a partial one. */
  rangeMs: number;
}

/** One series of the answer: its labels and the increase at each evaluation time (ms -> joules). */
export interface IncreaseSeries {
  labels: Record<string, string>;
  values: Map<number, number>;
}

export interface CounterQuery {
  /** Counter name, e.g. kepler_pod_cpu_joules_total. */
  metric: string;
  /** Extra matchers inside the braces, e.g. `mode="dynamic"` (legacy). */
  matchers?: string;
  /** Labels kept by the server-side sum (and their exported_ twins). */
  by: string[];
  /** Label the data are split by when too big (namespace). */
  splitLabel: string;
}

export class PrometheusClient {
  readonly base: URL;
  readonly origin: string;
  queries = 0;
  /** Progress of a period read (opts.progress.queries): planned queries, answered, splits, refusals. */
  readonly progress = { done: 0, total: 0, splits: 0, refused: 0 };
  constructor(
    url: string,
    readonly opts: PrometheusOptions,
  ) {
    this.base = prometheusBase(url);
    this.origin = redactUrlText(this.base.href);
  }

  /** Count planned queries, answers, splits or refusals (`add`) and tell the progress line. */
  tell(add: Partial<PrometheusClient['progress']>): void {
    for (const [k, v] of Object.entries(add) as [keyof PrometheusClient['progress'], number][])
      this.progress[k] += v;
    this.opts.progress?.queries?.({ ...this.progress });
  }

  /** GET an API path; returns `data` of a success answer. Throws TooLargeError on HTTP 422. */
  async get(path: string, params: [string, string][]): Promise<unknown> {
    const u = new URL(path, this.base);
    for (const [k, v] of params) u.searchParams.append(k, v);
    const t: UrlTarget = {
      origin: `${this.origin}${path}`,
      url: u,
      portHint: PROMETHEUS_PORTS,
      prometheus: true,
      ...(this.opts.basicAuth ? { basicAuth: this.opts.basicAuth } : {}),
    };
    this.queries++;
    this.opts.debug?.(
      `prometheus query ${this.queries}: ${path} ${params.map(([k, v]) => `${k}=${v}`).join(' ')}`,
    );
    const [outcome] = await fetchUrls([t], this.opts);
    if (!outcome!.ok) {
      if (/HTTP 422\b/.test(outcome!.failure.error)) throw new TooLargeError(outcome!.failure.error);
      throw new SourceUnreachableError(
        outcome!.failure.reason ?? outcome!.failure.error,
        msg('checkPrometheusUrl'),
      );
    }
    let json: { status?: string; data?: unknown; error?: string };
    try {
      json = JSON.parse(outcome!.source.body);
    } catch {
      throw new SourceUnreachableError(msg('notPrometheusApi', t.origin), msg('checkPrometheusUrl'));
    }
    if (json.status !== 'success')
      throw new SourceUnreachableError(msg('queryFailed', t.origin, json.error ?? json.status ?? 'unknown'));
    return json.data;
  }

  /** Metric names matching `re` that hold samples in [from, to] (index only: cheap on any server). */
  async metricNames(re: string, from?: number, to?: number): Promise<string[]> {
    const params: [string, string][] = [['match[]', `{__name__=~"${re}"}`]];
    if (from !== undefined && to !== undefined) params.push(['start', sec(from)], ['end', sec(to)]);
    return ((await this.get('api/v1/label/__name__/values', params)) as string[] | null) ?? [];
  }

  /** Values of a label on a metric in [from, to]. */
  async labelValues(label: string, match: string, from: number, to: number): Promise<string[]> {
    const data = await this.get(`api/v1/label/${encodeURIComponent(label)}/values`, [
      ['match[]', match],
      ['start', sec(from)],
      ['end', sec(to)],
    ]);
    return (data as string[] | null) ?? [];
  }

  /** An instant or range query; the answer as series of (time ms -> value). */
  async series(expr: string, ends: number[]): Promise<IncreaseSeries[]> {
    const data = (
      ends.length === 1
        ? await this.get('api/v1/query', [
            ['query', expr],
            ['time', sec(ends[0]!)],
          ])
        : await this.get('api/v1/query_range', [
            ['query', expr],
            ['start', sec(ends[0]!)],
            ['end', sec(ends[ends.length - 1]!)],
            ['step', sec(ends[1]! - ends[0]!)],
          ])
    ) as {
      resultType: string;
      result: { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[];
    };
    return data.result.map((r) => {
      const values = new Map<number, number>();
      // Prometheus writes NaN, +Inf and -Inf as such: kept (not dropped as if there were no sample), so the
      // caller can leave them out and say so.
      for (const [t, v] of r.values ?? (r.value ? [r.value] : [])) {
        values.set(Math.round(t * 1000), v === '+Inf' ? Infinity : v === '-Inf' ? -Infinity : Number(v));
      }
      return { labels: r.metric, values };
    });
  }
}

/** Thrown when the server refuses a query as too large: the caller splits it. */
export class TooLargeError extends Error {}

const sec = (ms: number) => String(ms / 1000);

/** PromQL duration of a range in ms. */
export function promDuration(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** Every label of `by` and its exported_ twin (when Prometheus scraped Kepler with honor_labels: false). */
export function withExported(by: readonly string[]): string[] {
  return by.flatMap((l) => [l, `exported_${l}`]);
}

/** The server-side aggregated increase of one counter over `rangeMs`, optionally for one split value. */
export function increaseExpr(q: CounterQuery, rangeMs: number, only?: string): string {
  const matchers = [q.matchers, only === undefined ? undefined : `${q.splitLabel}="${escapeValue(only)}"`]
    .filter(Boolean)
    .join(',');
  const by = withExported(q.by).join(', ');
  return `sum by (${by}) (${oneCopy(`increase(${q.metric}{${matchers}}[${promDuration(rangeMs)}])`, ['state'])})`;
}

/**
 * The Kepler exporters (instances) Prometheus could not scrape at all during each piece of `hq` (every `up` sample
 * in it 0, under every job that scrapes it: one job of two failing loses nothing): their nodes' energy in those
 * hours is missing from the increases. Targets that had exposed Kepler's build info in the day before; an exporter
 * that was not a target (its pod gone) is not missing. Returned per evaluation time (ms): the exporters down
 * through the piece ending then, with their jobs.
 */
export async function downTargetPieces(
  client: PrometheusClient,
  hq: HourQuery,
): Promise<Map<number, { job: string; instance: string }[]>> {
  const range = promDuration(hq.rangeMs);
  const known = promDuration(hq.rangeMs + 86_400_000);
  // 1 when a scrape succeeded in the piece, 0 when none did, per (job, instance) of Kepler's targets.
  const expr =
    `max by (job, instance) (max_over_time(up[${range}])) and on (job, instance) group by (job, instance) ` +
    `(last_over_time(kepler_build_info[${known}]) or last_over_time(kepler_exporter_build_info[${known}]))`;
  const byEnd = new Map<number, Map<string, { jobs: string[]; up: boolean }>>();
  for (const s of await client.series(expr, hq.ends)) {
    const instance = s.labels.instance ?? '';
    for (const [t, v] of s.values) {
      const at = byEnd.get(t) ?? new Map<string, { jobs: string[]; up: boolean }>();
      byEnd.set(t, at);
      const x = at.get(instance) ?? { jobs: [], up: false };
      x.jobs.push(s.labels.job ?? '');
      x.up ||= v > 0;
      at.set(instance, x);
    }
  }
  const out = new Map<number, { job: string; instance: string }[]>();
  for (const [t, at] of byEnd) {
    const down = [...at].filter(([, x]) => !x.up);
    if (down.length > 0)
      out.set(
        t,
        down.map(([instance, x]) => ({ instance, job: [...x.jobs].sort().join(', ') })),
      );
  }
  return out;
}

const escapeValue = (v: string) => v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');

/**
 * The increases of one counter for every piece of `hq`, split when the server (or `maxSeries`) says the
 * answer is too big: first by `splitLabel` (e.g. namespace), then each part by halving its evaluation times.
 */
export async function queryIncreases(
  client: PrometheusClient,
  q: CounterQuery,
  hq: HourQuery,
  window: { from: number; to: number },
): Promise<IncreaseSeries[]> {
  const max = client.opts.maxSeries ?? DEFAULT_MAX_SERIES;
  const attempt = async (ends: number[], only?: string): Promise<IncreaseSeries[] | undefined> => {
    try {
      const got = await client.series(increaseExpr(q, hq.rangeMs, only), ends);
      if (got.length <= max) return got;
    } catch (err) {
      if (!(err instanceof TooLargeError)) throw err;
    }
    client.tell({ refused: 1 });
    return undefined;
  };
  const byTime = async (ends: number[], only?: string): Promise<IncreaseSeries[]> => {
    const whole = await attempt(ends, only);
    if (whole) return whole;
    if (ends.length === 1) {
      throw new SourceUnreachableError(
        msg(
          'historyTooLarge',
          client.origin,
          q.metric,
          only === undefined ? '' : ` in ${q.splitLabel}="${only}"`,
        ),
        msg('historyTooLargeHint'),
      );
    }
    const half = Math.ceil(ends.length / 2);
    client.tell({ splits: 1 });
    return mergeSeries([
      ...(await byTime(ends.slice(0, half), only)),
      ...(await byTime(ends.slice(half), only)),
    ]);
  };
  const whole = await attempt(hq.ends);
  if (whole) return whole;
  const values = await client.labelValues(
    q.splitLabel,
    `${q.metric}${q.matchers ? `{${q.matchers}}` : ''}`,
    window.from,
    window.to,
  );
  client.opts.debug?.(`prometheus: splitting ${q.metric} by ${q.splitLabel} (${values.length} values)`);
  client.tell({ splits: 1 });
  const parts: IncreaseSeries[] = [];
  for (const v of values) parts.push(...(await byTime(hq.ends, v)));
  return parts;
}

/** Series with identical labels (from time-split parts) merged into one. */
export function mergeSeries(series: IncreaseSeries[]): IncreaseSeries[] {
  const byKey = new Map<string, IncreaseSeries>();
  for (const s of series) {
    const key = seriesKey(s.labels);
    const had = byKey.get(key);
    if (!had) byKey.set(key, { labels: s.labels, values: new Map(s.values) });
    else for (const [t, v] of s.values) had.values.set(t, v);
  }
  return [...byKey.values()];
}
