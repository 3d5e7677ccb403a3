/**
 * Helpers for test/seed-defects.test.ts: small Kepler v0.11.2-shaped `/metrics` dumps (same families, HELP and
 * TYPE text and label order as fixtures/demo), JSON walking, and the built-in config figures the tests check
 * kcarbon's output against by hand.
 */
import { readFileSync } from 'node:fs';
import { cli } from './cli.js';

export const ROOT = new URL('../../', import.meta.url);
export const DEMO_DIR = new URL('fixtures/demo/', ROOT);
export const SEED_DIR = new URL('fixtures/seed/', ROOT);

export function readJson<T = unknown>(url: URL): T {
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}

/** Escapes a label value as the Prometheus text format requires (`\\`, `\"`, `\n`). */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export interface SeedPod {
  name: string;
  namespace: string;
  /** Pod UID; derived from the name when absent. */
  id?: string;
  state?: 'running' | 'terminated';
  /** Watts per zone; a string is printed as written (e.g. `NaN`, `+Inf`). */
  watts: Record<string, number | string>;
  /** Joules per zone (defaults to watts x 3600 for numeric watts). */
  joules?: Record<string, number>;
}

export interface DumpOptions {
  node: string;
  pods: SeedPod[];
  /** Zone labels of the node series (default: the zones the pods use). */
  zones?: string[];
  /** Node active / idle watts per zone (default: pods' sum x 1.5 + 1, and 40 W idle). */
  nodeWatts?: Record<string, { active: number; idle: number }>;
  /** Node active / idle joules per zone (default: watts x 3600). */
  nodeJoules?: Record<string, { active: number; idle: number }>;
  usageRatio?: number;
}

/** A deterministic UUID-shaped pod id for a name. */
export function podId(name: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  return `${hex}-0000-4000-8000-${hex}${hex.slice(0, 4)}`;
}

function num(v: number | string): string {
  return typeof v === 'string' ? v : String(v);
}

/** One node's Kepler v0.11.2 exposition (text format 0.0.4). */
export function keplerDump(opts: DumpOptions): string {
  const zones = opts.zones ?? [...new Set(opts.pods.flatMap((p) => Object.keys(p.watts)))];
  const node = escapeLabelValue(opts.node);
  const podSum = (zone: string) =>
    opts.pods.reduce((s, p) => {
      const v = Number(p.watts[zone] ?? 0);
      return s + (Number.isFinite(v) ? v : 0);
    }, 0);
  const nodeWatts = (zone: string) => opts.nodeWatts?.[zone] ?? { active: podSum(zone) * 1.5 + 1, idle: 40 };
  const nodeJoules = (zone: string) => {
    const w = nodeWatts(zone);
    return opts.nodeJoules?.[zone] ?? { active: w.active * 3600, idle: w.idle * 3600 };
  };
  const out: string[] = [
    "# HELP kepler_build_info A metric with a constant '1' value labeled with version information",
    '# TYPE kepler_build_info gauge',
    'kepler_build_info{arch="amd64",branch="HEAD",goversion="go1.23.12",revision="99d84313",version="v0.11.2"} 1',
  ];
  const nodeFamily = (
    name: string,
    help: string,
    type: 'gauge' | 'counter',
    value: (zone: string) => number,
  ) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const z of zones) {
      out.push(`${name}{node_name="${node}",path="aggregated-${z}",zone="${z}"} ${value(z)}`);
    }
  };
  nodeFamily(
    'kepler_node_cpu_active_joules_total',
    'Energy consumption of cpu in active state at node level in joules',
    'counter',
    (z) => nodeJoules(z).active,
  );
  nodeFamily(
    'kepler_node_cpu_active_watts',
    'Power consumption of cpu in active state at node level in watts',
    'gauge',
    (z) => nodeWatts(z).active,
  );
  nodeFamily(
    'kepler_node_cpu_idle_joules_total',
    'Energy consumption of cpu in idle state at node level in joules',
    'counter',
    (z) => nodeJoules(z).idle,
  );
  nodeFamily(
    'kepler_node_cpu_idle_watts',
    'Power consumption of cpu in idle state at node level in watts',
    'gauge',
    (z) => nodeWatts(z).idle,
  );
  out.push(
    '# HELP kepler_node_cpu_usage_ratio CPU usage ratio of a node (value between 0.0 and 1.0)',
    '# TYPE kepler_node_cpu_usage_ratio gauge',
    `kepler_node_cpu_usage_ratio{node_name="${node}"} ${opts.usageRatio ?? 0.25}`,
  );
  nodeFamily(
    'kepler_node_cpu_watts',
    'Power consumption of cpu at node level in watts',
    'gauge',
    (z) => nodeWatts(z).active + nodeWatts(z).idle,
  );
  const podLabels = (p: SeedPod, zone: string) =>
    `node_name="${node}",pod_id="${p.id ?? podId(`${p.namespace}/${p.name}`)}",pod_name="${escapeLabelValue(
      p.name,
    )}",pod_namespace="${escapeLabelValue(p.namespace)}",state="${p.state ?? 'running'}",zone="${zone}"`;
  out.push(
    '# HELP kepler_pod_cpu_joules_total Energy consumption of cpu at pod level in joules',
    '# TYPE kepler_pod_cpu_joules_total counter',
  );
  for (const p of opts.pods) {
    for (const z of Object.keys(p.watts)) {
      const w = Number(p.watts[z]);
      const j = p.joules?.[z] ?? (Number.isFinite(w) ? w * 3600 : 0);
      out.push(`kepler_pod_cpu_joules_total{${podLabels(p, z)}} ${j}`);
    }
  }
  out.push(
    '# HELP kepler_pod_cpu_watts Power consumption of cpu at pod level in watts',
    '# TYPE kepler_pod_cpu_watts gauge',
  );
  for (const p of opts.pods) {
    for (const z of Object.keys(p.watts))
      out.push(`kepler_pod_cpu_watts{${podLabels(p, z)}} ${num(p.watts[z]!)}`);
  }
  return `${out.join('\n')}\n`;
}

/** Every value of a JSON document with its path (`a.b[2].c`). */
export function* walkJson(v: unknown, path = '$'): Generator<{ path: string; key: string; value: unknown }> {
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) {
      yield { path: `${path}[${i}]`, key: String(i), value: x };
      yield* walkJson(x, `${path}[${i}]`);
    }
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      yield { path: `${path}.${k}`, key: k, value: x };
      yield* walkJson(x, `${path}.${k}`);
    }
  }
}

/** Runs the CLI with `--json` and parses stdout; fails with stderr when the exit code is not expected. */
export async function cliJson<T = Record<string, unknown>>(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  codes: number[] = [0, 1],
): Promise<T & { __stderr: string; __code: number }> {
  const r = await cli([...args, '--json'], env);
  if (!codes.includes(r.code)) {
    throw new Error(`kcarbon ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  }
  const parsed = JSON.parse(r.stdout) as T;
  return Object.assign(parsed as object, { __stderr: r.stderr, __code: r.code }) as T & {
    __stderr: string;
    __code: number;
  };
}

/** Minutes from "HH:MM". */
export function minutes(clock: string): number {
  const m = /^(\d\d):(\d\d)$/.exec(clock);
  if (!m) throw new Error(`not a HH:MM clock: ${clock}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Length of a local window in hours, wrapping past midnight. */
export function windowHours(start: string, end: string): number {
  const d = (minutes(end) - minutes(start) + 1440) % 1440;
  return (d === 0 ? 1440 : d) / 60;
}

/** Lowest rolling average over `d` whole hours of a cyclic 24-value profile, and its start hour. */
export function bestWindowByHand(hourly: number[], d: number): { start: number; average: number } {
  let best = { start: -1, average: Number.POSITIVE_INFINITY };
  for (let s = 0; s < 24; s++) {
    let acc = 0;
    for (let k = 0; k < d; k++) acc += hourly[(s + k) % 24]!;
    const avg = acc / d;
    if (avg < best.average - 1e-9) best = { start: s, average: avg };
  }
  return best;
}
