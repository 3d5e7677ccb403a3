import { expect } from 'vitest';
/**
 * A Kepler v0.11.4 node without an idle counter, `t` units (seconds, or scrapes) after it started: its pod draws
 * 10 J per unit and the node 40 J active; with `total`, its total counter (kepler_node_cpu_joules_total) 100 J, so
 * 60 J idle: exactly 1.5 x active over any interval.
 */
export function idlelessNode(name: string, t: number, total: boolean): string {
  const pod = `node_name="${name}",pod_id="uid-${name}",pod_name="app-${name}",pod_namespace="idle",state="running"`;
  const zone = `node_name="${name}",path="aggregated-package",zone="package"`;
  return [
    '# TYPE kepler_build_info gauge',
    'kepler_build_info{arch="amd64",branch="HEAD",goversion="go1.24",revision="x",version="v0.11.4"} 1',
    '# TYPE kepler_node_cpu_active_joules_total counter',
    `kepler_node_cpu_active_joules_total{${zone}} ${1000 + 40 * t}`,
    ...(total
      ? [
          '# TYPE kepler_node_cpu_joules_total counter',
          `kepler_node_cpu_joules_total{${zone}} ${6000 + 100 * t}`,
        ]
      : []),
    '# TYPE kepler_pod_cpu_joules_total counter',
    `kepler_pod_cpu_joules_total{${pod},zone="package"} ${500 + 10 * t}`,
    '# TYPE kepler_pod_cpu_watts gauge',
    `kepler_pod_cpu_watts{${pod},zone="package"} 10`,
    '',
  ].join('\n');
}

interface NodeRow {
  node: string;
  cpu_active_watts: number;
  cpu_idle_watts: number | null;
  node_idle_watts: number | null;
  idle_share_percent?: number;
}

interface SummaryJson {
  nodes: NodeRow[];
  namespaces: { namespace: string; idle_allocated_watts: number | null }[];
  warnings: { code: string; params: unknown }[];
}

/**
 * `summary --json` over an idlelessNode('no-idle', ..., false) and one 'with-total': the first's idle is unknown
 * (null, a node-idle-unknown warning, no idle share, none allocated to namespace idle); the other node's row.
 */
export function expectNoIdleUnknown(j: SummaryJson) {
  const byName = (name: string) => j.nodes.find((n) => n.node === name)!;
  const none = byName('no-idle');
  expect(none.cpu_active_watts).toBeGreaterThan(0);
  expect(none.cpu_idle_watts).toBeNull();
  expect(none.node_idle_watts).toBeNull();
  expect(none.idle_share_percent).toBeUndefined();
  expect(j.warnings.find((w) => w.code === 'node-idle-unknown')?.params).toEqual({
    nodes: 'no-idle',
    count: 1,
  });
  expect(j.namespaces.find((n) => n.namespace === 'idle')?.idle_allocated_watts).toBeNull();
  return byName('with-total');
}
