/**
 * Kepler 0.7–0.9 writes every process it sees as a container: one outside any pod under the pseudo-container
 * `system_processes` (pod_name `system_processes`, namespace `system`), and with cgroup-ID attribution one in the
 * root cgroup under `kernel_processes` (namespace `kernel`) (v0.7.12 pkg/cgroup/resolve_container.go,
 * pkg/utils/utils.go). Neither is a pod (`_` is not allowed in a pod name): their energy is the node's other
 * processes, not a workload's. One predicate for every path that reads legacy counters (an exporter's scrape,
 * Prometheus --window and periods).
 */
const PSEUDO_PODS: ReadonlySet<string> = new Set(['system_processes', 'kernel_processes']);

/** Whether a legacy container series' pod_name names a pod: not empty, not one of Kepler's pseudo-pods. */
export function isLegacyPod(podName: string): boolean {
  return podName !== '' && !PSEUDO_PODS.has(podName);
}
