/** What Prometheus adds to Kepler's series when it scrapes them, and how copies are counted once. */

/**
 * Labels a scrape config or the Prometheus Operator puts on a target's series, never Kepler's own (Kepler writes
 * pod_namespace, pod_name, container_name...): copies of one series that differ only in these — one exporter
 * scraped by two jobs, a static job beside a ServiceMonitor — are one series, counted once (`max without`).
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

/** `max without (<scrape labels>, ...extra) (expr)`: one of each set of copies (see SCRAPE_LABELS). */
export function oneCopy(expr: string, extra: readonly string[] = []): string {
  return `max without (${[...extra, ...SCRAPE_LABELS].join(', ')}) (${expr})`;
}
