/** What Prometheus adds to Kepler's series when it scrapes them, and how copies are counted once. */

/**
 * Labels a scrape config or the Prometheus Operator puts on a target's series, never Kepler's own (Kepler writes
 * pod_namespace, pod_name, container_name...): copies of one series that differ only in these — one exporter
 * scraped by two jobs, a static job beside a ServiceMonitor — are one series, counted once.
 */
export const SCRAPE_LABELS = [
  'job',
  'endpoint',
  'service',
  'namespace',
  'pod',
  'container',
  'prometheus',
  'prometheus_replica',
];

/**
 * Of those, the ones that change when the scraped Kepler pod is replaced (a DaemonSet rollout; Kepler's own
 * ServiceMonitor names the `instance` by node, so the old and the new pod's series differ in `pod` only): such
 * series follow each other in time, each holding part of a range's energy, so they are added, not deduplicated.
 */
const SUCCESSIVE_LABELS = ['pod', 'container'];

/**
 * One of each set of copies of `expr`'s series, dropping `extra` labels too: `max without (<scrape labels>)` over
 * `sum without (pod, container)` (the series of successive Kepler pods added first).
 */
export function oneCopy(expr: string, extra: readonly string[] = []): string {
  const copies = [...extra, ...SCRAPE_LABELS.filter((l) => !SUCCESSIVE_LABELS.includes(l))];
  return `max without (${copies.join(', ')}) (sum without (${SUCCESSIVE_LABELS.join(', ')}) (${expr}))`;
}

/** A series' identity from its labels (all of them, or all but `ignored`): equal keys, one series. */
export function seriesKey(labels: Record<string, string>, ignored?: ReadonlySet<string>): string {
  const entries = Object.entries(labels).filter(([k]) => !ignored?.has(k));
  return JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Whether a failed Prometheus query was refused (an HTTP 4xx: a proxy allowing other queries only, a query the
 * server will not run) rather than lost (a 5xx, a reset, a timeout): a refusal is how that server is, and asking
 * again changes nothing; a lost answer leaves a question open this time.
 */
export function refusedQuery(error: string): boolean {
  return /\bHTTP 4\d\d\b/.test(error);
}
