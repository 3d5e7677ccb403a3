/**
 * The source -> parser -> model pipeline: read every configured source, parse each exposition,
 * build per-node snapshots, optionally sample twice for counter-based watts, and merge.
 */
import { setTimeout as delay, setImmediate as nextTurn } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describeError, InputError, msg, SourceUnreachableError, UsageError } from '../errors.js';
import { noteReason } from '../i18n/index.js';
import { FamilyFilter, parseExposition, parseKept } from '../parser/index.js';
import type { ParseResult } from '../parser/types.js';
import { readHistoryFile } from '../sources/history-file.js';
import { readSources } from '../sources/index.js';
import { downKeplerTargets, readPrometheus } from '../sources/prometheus.js';
import { PrometheusClient } from '../sources/prometheus-history.js';
import { seriesKey } from '../sources/prometheus-labels.js';
import type { KeplerServiceRef } from '../sources/spec.js';
import type { FetchedSource, SourceOptions, SourceReadResult } from '../sources/types.js';
import { fewReasons } from '../util/reasons.js';
import { buildSnapshot, emptySnapshot, keplerFamilies, type OptionalLevel } from './build.js';
import { collectSnapshot } from './collect.js';
import { counterHistory, prometheusHistory, targetsUnchecked } from './history.js';
import { mergeSnapshots } from './merge.js';
import { type KeplerSnapshot, warning } from './model.js';
import type { Period, PeriodEnergy } from './period.js';
import { sampleWatts } from './sample.js';

/** Kepler recomputes its figures every 5 s (monitor.interval); counters move no faster. */
export const KEPLER_INTERVAL_SECONDS = 5;

/** The bundled demo cluster (fixtures/demo), resolved from this module in src/ or dist/. */
export const DEMO_DIR = fileURLToPath(new URL('../../fixtures/demo/', import.meta.url));

export interface LoadOptions extends SourceOptions {
  /** Workload levels below the pod the command reads (default all): the others' series are skipped unread. */
  levels?: readonly OptionalLevel[];
  specs: string[];
  demo?: boolean;
  strict?: boolean;
  /** Scrape twice this many seconds apart and compute watts from the joules counters. */
  sampleSeconds?: number;
  /** Read Kepler's series from this Prometheus server instead of the exporters. */
  prometheus?: string;
  /** With prometheus: average power over this window (rate of the joules counters). */
  windowSeconds?: number;
  /** Assessment time: the instant Prometheus is queried at, with a window. */
  at?: Date;
  /** Find Kepler's exporters through this Service (--kepler-service), with the kubeconfig options below. */
  keplerService?: KeplerServiceRef;
  kubeconfig?: string;
  kubeContext?: string;
  /** Environment for discovery (KUBERNETES_SERVICE_HOST, KUBECONFIG, HOME). */
  env?: NodeJS.ProcessEnv;
  /** Prometheus basic auth (--prometheus-user, password from --prometheus-password-file or env). */
  prometheusAuth?: { username: string; password: string };
  /** Split Prometheus answers above this many series (--prometheus-max-series). */
  prometheusMaxSeries?: number;
  /** Diagnostics (--debug): Prometheus queries and their count. */
  debug?: (message: string) => void;
}

/** The demo's history: two typical days of counter readings (fixtures/demo/history/). */
export const DEMO_HISTORY = fileURLToPath(
  new URL('../../fixtures/demo/history/counters.json', import.meta.url),
);

/** Prometheus is the whole source: with another one beside it the user must pick (never one silently ignored). */
function refuseMixedPrometheus(opts: LoadOptions): void {
  if (opts.demo || opts.specs.length > 0 || opts.sampleSeconds || opts.keplerService) {
    throw new InputError(
      msg('cannotCombine', '--prometheus', '--source, --demo, --kepler-service, --sample'),
      msg('pickOneSource'),
    );
  }
}

/**
 * Energy per pod and clock hour over a period. History lives in Prometheus (or the demo's bundled file);
 * exporters, dumps and --sample are single points in time, so a period with them is a usage error, and so is
 * --window (an average of current power).
 */
export async function loadHistory(opts: LoadOptions, period: Period): Promise<PeriodEnergy> {
  // Both read current power; over a period neither would be used, so neither is silently ignored.
  if (opts.windowSeconds) throw new UsageError(msg('periodWithWindow'), msg('periodWithWindowHint'));
  if (opts.sampleSeconds) throw new UsageError(msg('periodWithSample'), msg('periodWithSampleHint'));
  if (opts.prometheus) {
    refuseMixedPrometheus(opts);
    const client = new PrometheusClient(opts.prometheus, {
      ...opts,
      ...(opts.prometheusAuth ? { basicAuth: opts.prometheusAuth } : {}),
      ...(opts.prometheusMaxSeries ? { maxSeries: opts.prometheusMaxSeries } : {}),
    });
    const energy = await prometheusHistory(client, period);
    opts.debug?.(`prometheus: ${energy.queries} queries for ${energy.slices.length} clock hours`);
    return energy;
  }
  if (opts.demo) return counterHistory(await readHistoryFile(DEMO_HISTORY), period, { repeatDaily: true });
  throw new UsageError(msg('periodNeedsHistory'), msg('periodHistoryHint'));
}

function toSnapshot(
  src: FetchedSource,
  strict: boolean,
  wantFamily: (name: string) => boolean = keplerFamilies(),
): KeplerSnapshot {
  const opts = {
    strict,
    origin: src.origin,
    wantFamily,
    format: src.contentType?.includes('openmetrics') ? ('openmetrics' as const) : undefined,
  };
  const scrape = { origin: src.origin, nodeHint: src.nodeHint, fetchedAt: src.fetchedAt };
  // The kept lines of a plain exposition go the fast way (collect.ts); anything else, the full parser's.
  const fast = src.kept && !strict ? collectSnapshot(src.kept.bytes, opts, scrape) : undefined;
  if (fast) return fast;
  const parsed = src.kept ? parseKept(src.kept, opts) : parseExposition(src.body, opts);
  if (src.copiesDifferIn) dropCopies(parsed, src.copiesDifferIn);
  return buildSnapshot(parsed, scrape);
}

/** Keeps the first of each set of samples of a family that are equal in every label but `differIn`. */
function dropCopies(parsed: ParseResult, differIn: readonly string[]): void {
  const ignored = new Set(differIn);
  for (const family of parsed.families.values()) {
    const seen = new Set<string>();
    family.samples = family.samples.filter((s) => {
      const key = `${s.name}\u0000${seriesKey(s.labels, ignored)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
}

type Reader = (opts: SourceOptions) => Promise<SourceReadResult>;

/** Longest run of parsing between event-loop turns (milliseconds). */
const PARSE_SLICE_MS = 8;

async function scrape(opts: LoadOptions, read: Reader): Promise<KeplerSnapshot[]> {
  const want = keplerFamilies(opts.levels);
  // Each body streams through a family filter: only what the command reads is kept (not with --strict).
  const sink = () => new FamilyFilter(want);
  // A local source is parsed as soon as it is read, its kept bytes still in the processor's caches (parsing 100
  // dumps took 8% less than reading them all first); what it gives, or throws, is taken below in sources' order.
  const early = new Map<FetchedSource, { snap: KeplerSnapshot } | { err: unknown }>();
  const onRead = (src: FetchedSource) => {
    try {
      early.set(src, { snap: toSnapshot(src, false, want) });
    } catch (err) {
      early.set(src, { err });
    } finally {
      // The snapshot holds strings of its own, not the kept bytes: their buffer serves the next source.
      src.kept?.release?.();
    }
  };
  const { ok, failed } = await read(opts.strict ? opts : { ...opts, sink, onRead });
  const snaps: KeplerSnapshot[] = [];
  // Date.now(), not performance.now(): the global `performance` loads perf_hooks on first use (about 0.5 ms of
  // a short run), and a millisecond is resolution enough here.
  let turn = Date.now();
  for (const src of ok) {
    // Parsing a hundred dumps takes hundreds of milliseconds: the event loop gets a turn between sources every
    // few milliseconds, so a server answers its health checks meanwhile.
    if (Date.now() - turn > PARSE_SLICE_MS) {
      await nextTurn();
      turn = Date.now();
    }
    try {
      const parsed = early.get(src);
      if (parsed === undefined) snaps.push(toSnapshot(src, opts.strict ?? false, want));
      else if ('snap' in parsed) snaps.push(parsed.snap);
      else throw parsed.err;
    } catch (err) {
      // One unreadable dump among several is a node left out, as for a URL that fails; --strict stops.
      if (opts.strict || ok.length + failed.length === 1 || !(err instanceof InputError)) throw err;
      snaps.push(emptyFailed(src.origin, describeError(err)));
    }
  }
  for (const f of failed) {
    if (f.reason) noteReason(f.error, f.reason);
    snaps.push(emptyFailed(f.origin, f.error));
  }
  return snaps;
}

/** A source that could not be read: it keeps its place in `sources`, with no data. */
function emptyFailed(origin: string, error: string): KeplerSnapshot {
  const snap = emptySnapshot('v0.10+', { origin, nodeHint: '', fetchedAt: new Date() });
  return { ...snap, sources: [{ origin, ok: false, error }] };
}

/**
 * --sample: watts from both scrapes of every node. A node whose first or second scrape failed is a failed
 * source (never reported from its gauges beside sampled nodes); its reason says which scrape.
 */
export function pairSamples(
  first: KeplerSnapshot[],
  second: KeplerSnapshot[],
  sampleSeconds: number,
): KeplerSnapshot[] {
  const byOrigin = new Map(first.map((b) => [b.sources[0]?.origin, b]));
  return second.map((after) => {
    const origin = after.sources[0]?.origin ?? '';
    const before = byOrigin.get(origin);
    if (!after.sources[0]?.ok) {
      const error = after.sources[0]?.error ?? origin;
      return emptyFailed(origin, `${error} (second of the two --sample scrapes)`);
    }
    if (!before?.sources[0]?.ok) {
      const error = before?.sources[0]?.error ?? `${origin}: not read`;
      return emptyFailed(origin, `${error} (first of the two --sample scrapes; watts need both)`);
    }
    const seconds = (Date.parse(after.capturedAt) - Date.parse(before.capturedAt)) / 1000;
    return sampleWatts(before, after, seconds > 0 ? seconds : sampleSeconds);
  });
}

/**
 * The checks of the source options that need no read: a combination loadSnapshot would refuse on every call. A
 * server runs them at start (exit 2 there rather than a failed tool call each time).
 */
export function checkLoadOptions(opts: LoadOptions): void {
  if (opts.prometheus) {
    refuseMixedPrometheus(opts);
    return;
  }
  if (opts.windowSeconds)
    throw new InputError(
      msg('windowNeedsPrometheus'),
      msg('example', '--prometheus http://prometheus:9090 --window 1h'),
    );
  const specs = opts.demo ? [DEMO_DIR] : opts.specs;
  if (opts.keplerService && specs.length > 0) {
    throw new InputError(msg('cannotCombine', '--kepler-service', '--source, --demo'), msg('pickOneSource'));
  }
  if (specs.length === 0 && !opts.keplerService) {
    throw new InputError(msg('noSourceGiven'), msg('noSourceGivenHint'));
  }
  if (opts.sampleSeconds !== undefined && opts.sampleSeconds < KEPLER_INTERVAL_SECONDS) {
    throw new InputError(
      msg('sampleTooShort', opts.sampleSeconds, KEPLER_INTERVAL_SECONDS),
      msg('sampleLonger', KEPLER_INTERVAL_SECONDS * 2),
    );
  }
  if (opts.sampleSeconds && !specs.every((s) => /^https?:\/\//i.test(s))) {
    throw new InputError(msg('sampleNeedsUrls'), msg('sampleNeedsUrlsHint'));
  }
}

export async function loadSnapshot(opts: LoadOptions): Promise<KeplerSnapshot> {
  checkLoadOptions(opts);
  if (opts.prometheus) {
    const [read, targets] = await Promise.all([
      readPrometheus(opts.prometheus, opts).then(
        (src) => ({ src }),
        (err: unknown) => ({ err }),
      ),
      downKeplerTargets(opts.prometheus, opts),
    ]);
    if ('err' in read) {
      // No current Kepler series because every exporter Prometheus scrapes is down: unreachable sources (exit 3),
      // not a Prometheus that was never set up to scrape Kepler (exit 2).
      if (
        read.err instanceof InputError &&
        'down' in targets &&
        targets.down.length > 0 &&
        targets.upCount === 0
      )
        throw new SourceUnreachableError(
          msg('keplerTargetsAllDown', targets.instances.length, fewReasons(targets.instances, 5)),
          msg('keplerTargetsDownHint'),
        );
      throw read.err;
    }
    const src = read.src;
    const snap = toSnapshot(src, opts.strict ?? false);
    // An exporter Prometheus could not scrape is a node missing from its answer: a failed source, as a URL is.
    const failed =
      'down' in targets ? targets.down.map((f) => ({ origin: f.origin, ok: false, error: f.error })) : [];
    const result: KeplerSnapshot = {
      ...snap,
      sources: [...snap.sources, ...failed],
      warnings: [
        ...snap.warnings,
        ...failed.map((f) => warning('source-failed', { error: f.error })),
        ...('unchecked' in targets ? [targetsUnchecked(src.origin, targets.unchecked)] : []),
      ],
    };
    return opts.windowSeconds
      ? { ...result, wattsFrom: 'sampled', sampleSeconds: opts.windowSeconds }
      : { ...result, fromPrometheusNow: true };
  }
  const specs = opts.demo ? [DEMO_DIR] : opts.specs;
  let read: Reader = (o) => readSources(specs, o);
  if (opts.keplerService) {
    // Discovered once; --sample scrapes the same exporters twice.
    const { discoverKepler } = await import('../sources/kubernetes.js');
    const found = await discoverKepler({
      ...opts,
      service: opts.keplerService,
      kubeconfig: opts.kubeconfig,
      context: opts.kubeContext,
    });
    read = found.read;
  }
  const first = await scrape(opts, read);
  let parts = first;
  if (opts.sampleSeconds && opts.sampleSeconds > 0) {
    opts.progress?.wait(opts.sampleSeconds);
    await delay(opts.sampleSeconds * 1000, undefined, { signal: opts.signal });
    const second = await scrape(opts, read);
    parts = pairSamples(first, second, opts.sampleSeconds);
  }
  // Failed sources keep their entry in `sources` but contribute no data; merge keeps the format of real data.
  const withData = parts.filter((p) => p.sources[0]?.ok);
  if (withData.length === 0) {
    const reasons = parts.flatMap((p) => p.sources.map((x) => x.error ?? x.origin));
    throw new InputError(msg('noKeplerInSources', ...reasons), msg('checkSources'));
  }
  // Warned only when the report goes ahead: with no data at all, the error above lists every source.
  const merged = mergeSnapshots(withData);
  const failedSources = parts.filter((p) => !p.sources[0]?.ok).flatMap((p) => p.sources);
  const failedWarnings = failedSources.map((x) =>
    warning('source-failed', { error: x.error ?? x.origin }, x.node ? [x.node] : undefined),
  );
  return {
    ...merged,
    sources: [...merged.sources, ...failedSources],
    warnings: [...merged.warnings, ...failedWarnings],
  };
}
