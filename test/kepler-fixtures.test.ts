/**
 * Issue 8 "done when": on fixtures built from Kepler's own code (fixtures/kepler), pod, workload, namespace and
 * node totals with GPU included equal sums computed here independently from the files (a regex over the
 * exposition lines, not kcarbon's parser), for text 0.0.4 and OpenMetrics, from files, from a local HTTP exporter
 * and through a real Prometheus. The mixed cluster (RAPL + GPU, hwmon, psys, fake meter) names every zone
 * fallback and flags the fake node in --json. The real legacy history sums from its two readings.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultZonesFor } from '../src/kepler/basis.js';
import { buildSnapshot } from '../src/kepler/build.js';
import { sampleWatts } from '../src/kepler/sample.js';
import { parseExposition } from '../src/parser/index.js';
import { cli } from './support/cli.js';
import { type PrometheusServer, startPrometheus, waitForQuery } from './support/prometheus.js';
import { cliJson } from './support/seed.js';
import { startServer, type TestServer } from './support/servers.js';

const AT = '2026-01-15T05:00:00Z';
const DIR = new URL('../fixtures/kepler/', import.meta.url);
const NODES = {
  'gpu-a100-1': 'gpu-node',
  'arm-grace-1': 'arm-hwmon',
  'laptop-psys': 'laptop-psys',
  'fake-vm-1': 'fake-meter',
} as const;
type Node = keyof typeof NODES;
/** The zones each node sums, by the rule in README (package+dram where both, else the top-level zone). */
const ZONES: Record<Node, string[]> = {
  'gpu-a100-1': ['package', 'dram'],
  'arm-grace-1': ['cpu_power'],
  'laptop-psys': ['psys'],
  'fake-vm-1': ['package', 'dram'],
};
const file = (n: Node, fmt: 'text' | 'om') =>
  new URL(`${NODES[n]}/${n}.${fmt === 'text' ? 'prom' : 'om.txt'}`, DIR).pathname;

interface Line {
  name: string;
  labels: Record<string, string>;
  value: number;
}
/** Independent reading: one sample per line, labels without escapes (the fixtures have none). */
function lines(text: string): Line[] {
  const out: Line[] = [];
  for (const l of text.split('\n')) {
    const m = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(l);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const p of m[2]!.matchAll(/([a-z_]+)="([^"]*)"/g)) labels[p[1]!] = p[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

interface Expected {
  pods: Map<string, { ns: string; node: string; cpu: number; gpu: number; state: string; kwh: number }>;
}
function expected(fmt: 'text' | 'om'): Expected {
  const pods: Expected['pods'] = new Map();
  for (const n of Object.keys(NODES) as Node[]) {
    for (const s of lines(readFileSync(file(n, fmt), 'utf8'))) {
      if (!s.name.startsWith('kepler_pod_')) continue;
      const p = pods.get(s.labels.pod_name!) ?? {
        ns: s.labels.pod_namespace!,
        node: n,
        cpu: 0,
        gpu: 0,
        state: s.labels.state!,
        kwh: 0,
      };
      if (s.name === 'kepler_pod_cpu_watts' && ZONES[n].includes(s.labels.zone!)) p.cpu += s.value;
      if (s.name === 'kepler_pod_gpu_watts') p.gpu += s.value;
      if (s.name === 'kepler_pod_cpu_joules_total' && ZONES[n].includes(s.labels.zone!))
        p.kwh += s.value / 3.6e6;
      if (s.name === 'kepler_pod_gpu_joules_total') p.kwh += s.value / 3.6e6;
      pods.set(s.labels.pod_name!, p);
    }
  }
  return { pods };
}
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
type Json = ReturnType<typeof JSON.parse>;

/** The same checks whatever the source: files, HTTP exporter or Prometheus. */
async function checkTotals(source: string[], fmt: 'text' | 'om', opts: { prometheus?: boolean } = {}) {
  const e = expected(fmt);
  const running = [...e.pods.entries()].filter(([, p]) => p.state === 'running');
  const s = await cliJson<Json>(['summary', ...source, '--at', AT]);
  expect(s.total_power_watts).toBeCloseTo(sum(running.map(([, p]) => p.cpu + p.gpu)), 6);
  expect(s.total_gpu_watts).toBeCloseTo(sum(running.map(([, p]) => p.gpu)), 6);
  expect(s.total_gpu_watts).toBeCloseTo(968.1, 6);
  for (const ns of s.namespaces) {
    const mine = running.filter(([, p]) => p.ns === ns.namespace);
    expect(ns.power_watts, ns.namespace).toBeCloseTo(sum(mine.map(([, p]) => p.cpu + p.gpu)), 6);
    expect(ns.gpu_watts, ns.namespace).toBeCloseTo(sum(mine.map(([, p]) => p.gpu)), 6);
  }
  for (const n of s.nodes) {
    const mine = running.filter(([, p]) => p.node === n.node);
    expect(n.pods_power_watts, n.node).toBeCloseTo(sum(mine.map(([, p]) => p.cpu + p.gpu)), 6);
    expect(n.zones, n.node).toEqual(ZONES[n.node as Node]);
  }
  const gpuNode = s.nodes.find((n: Json) => n.node === 'gpu-a100-1');
  expect(gpuNode).toMatchObject({ gpus: 2, gpu_active_watts: 968.1, gpu_idle_watts: 103 });
  if (!opts.prometheus) expect(gpuNode.platform_watts).toBe(1540);

  // Workload: the trainer Deployment, 125.7 W CPU + 968.1 W GPU.
  const a = await cliJson<Json>(['assess', 'trainer', ...source, '--at', AT]);
  const trainer = running.filter(([name]) => name.startsWith('trainer-'));
  expect(a.current_power_watts).toBeCloseTo(sum(trainer.map(([, p]) => p.cpu + p.gpu)), 6);
  expect(a.current_power_watts).toBeCloseTo(125.7 + 968.1, 6);

  // Pods: every running pod's power and GPU share; the terminated pod keeps its GPU energy.
  const t = await cliJson<Json>(['top', ...source, '--at', AT, '-l', '100', '--include-terminated']);
  for (const c of t.consumers) {
    const p = e.pods.get(c.name)!;
    expect(c.power_watts, c.name).toBeCloseTo(p.cpu + p.gpu, 6);
    expect(c.gpu_watts, c.name).toBeCloseTo(p.gpu, 6);
  }
  expect(t.consumers).toHaveLength(running.length);
  const inference = t.terminated.find((x: Json) => x.name.startsWith('inference-'));
  expect(inference.energy_kwh).toBeCloseTo(e.pods.get(inference.name)!.kwh, 6);
  expect(inference.gpu_energy_kwh).toBeCloseTo(86400 / 3.6e6, 6);

  // Hotspots see the GPU pods.
  const h = await cliJson<Json>(['hotspots', ...source, '--at', AT, '--threshold', '100']);
  expect(h.hotspots.map((x: Json) => x.name).sort()).toEqual(trainer.map(([n]) => n).sort());
  return s;
}

const ALL = (fmt: 'text' | 'om') => (Object.keys(NODES) as Node[]).flatMap((n) => ['--source', file(n, fmt)]);

describe('Kepler fixtures from files', () => {
  for (const fmt of ['text', 'om'] as const) {
    it(`${fmt}: pod, workload, namespace and node totals with GPU equal the sums of the files`, async () => {
      await checkTotals(ALL(fmt), fmt);
    });
  }

  it('mixed cluster: one zone-fallback warning per fallback node, the fake node flagged in --json', async () => {
    const s = await cliJson<Json>(['summary', ...ALL('text'), '--at', AT]);
    const fallback = s.warnings.filter((w: Json) => w.code === 'zone-fallback');
    expect(fallback.map((w: Json) => w.nodes)).toEqual([['arm-grace-1'], ['laptop-psys']]);
    expect(s.warnings).toContainEqual(expect.objectContaining({ code: 'fake-meter', nodes: ['fake-vm-1'] }));
    expect(s.metrics.nodes_not_measured).toEqual(['fake-vm-1']);
    expect(s.nodes.find((n: Json) => n.node === 'fake-vm-1').measured).toBe(false);
    expect(s.metrics.zones_by_node).toEqual(ZONES);
    expect(s.metrics.components).toEqual(['cpu', 'gpu']);
  });

  it('--components and --zones select what is summed', async () => {
    const e = expected('text');
    const running = [...e.pods.values()].filter((p) => p.state === 'running');
    const cpu = await cliJson<Json>(['summary', ...ALL('text'), '--at', AT, '--components', 'cpu']);
    expect(cpu.total_power_watts).toBeCloseTo(sum(running.map((p) => p.cpu)), 6);
    expect(cpu.total_gpu_watts).toBe(0);
    const gpu = await cliJson<Json>([
      'top',
      ...ALL('text'),
      '--at',
      AT,
      '--components',
      'gpu',
      '--sort',
      'gpu',
    ]);
    expect(gpu.consumers[0]).toMatchObject({
      name: 'trainer-7d9f8c6b5d-x2k4p',
      power_watts: 540.5,
      cpu_watts: 0,
    });
    const forced = await cliJson<Json>([
      'summary',
      '--source',
      file('laptop-psys', 'text'),
      '--zones',
      'package',
    ]);
    expect(forced.total_power_watts).toBeCloseTo(4, 6);
    expect(forced.warnings.map((w: Json) => w.code)).not.toContain('zone-fallback');
  });

  it('a bad --components is one usage error (exit 2); default zones follow the node', async () => {
    const r = await cli(['summary', ...ALL('text'), '--components', 'cpu,tpu']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kcarbon: error: --components has unknown 'tpu'.*cpu,gpu/);
    expect(defaultZonesFor(['core', 'dram', 'package', 'psys', 'uncore'])).toEqual(['package', 'dram']);
    expect(defaultZonesFor(['core', 'package', 'psys', 'uncore'])).toEqual(['psys']);
    expect(defaultZonesFor(['core', 'package', 'uncore'])).toEqual(['package']);
    expect(defaultZonesFor(['cpu_power', 'io_power'])).toEqual(['cpu_power']);
    expect(defaultZonesFor(['vdd_soc'])).toEqual(['vdd_soc']);
  });

  it('rightsizing leaves GPU power as it is and says so', async () => {
    const a = await cliJson<Json>(['assess', 'trainer', ...ALL('text'), '--at', AT]);
    const r = a.optimizations.find((o: Json) => o.type === 'resource_rightsizing');
    // u = 0.62 >= t = 0.5: nothing to right-size; at t = 0.9 only the CPU part scales.
    expect(r.applicable).toBe(false);
    const b = await cliJson<Json>([
      'assess',
      'trainer',
      ...ALL('text'),
      '--at',
      AT,
      '--target-utilization',
      '0.9',
    ]);
    const rb = b.optimizations.find((o: Json) => o.type === 'resource_rightsizing');
    expect(rb.estimated_new_power_watts).toBeCloseTo(125.7 * (0.62 / 0.9) + 968.1, 3);
    expect(rb.basis).toMatch(/GPU part G = 968.1 W is left as is/);
  });
});

describe('Kepler fixtures over HTTP', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  for (const fmt of ['text', 'om'] as const) {
    it(`${fmt}: a local exporter per node gives the same totals`, async () => {
      const urls: string[] = [];
      for (const n of Object.keys(NODES) as Node[]) {
        const body = readFileSync(file(n, fmt));
        const s = await startServer((_req, res) => {
          res.writeHead(200, {
            'content-type':
              fmt === 'om'
                ? 'application/openmetrics-text; version=1.0.0; charset=utf-8'
                : 'text/plain; version=0.0.4',
          });
          res.end(body);
        });
        servers.push(s);
        urls.push('--source', s.url());
      }
      await checkTotals([...urls, ...(fmt === 'om' ? ['--openmetrics'] : [])], fmt);
    });
  }
});

describe('Kepler fixtures through a real Prometheus', () => {
  let prom: PrometheusServer;
  const servers: TestServer[] = [];
  beforeAll(async () => {
    for (const n of Object.keys(NODES) as Node[]) {
      const body = readFileSync(file(n, 'text'));
      servers.push(
        await startServer((_req, res) => {
          res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
          res.end(body);
        }),
      );
    }
    prom = await startPrometheus(servers.map((s) => `127.0.0.1:${s.port}`));
    await waitForQuery(prom.url, 'count by (node_name) (kepler_node_cpu_watts)', (k) => k === 4);
    await waitForQuery(prom.url, 'kepler_pod_gpu_watts', (k) => k === 2);
  }, 60_000);
  afterAll(async () => {
    await prom?.stop();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('federated series give the same totals, GPU included', async () => {
    await checkTotals(['--prometheus', prom.url], 'text', { prometheus: true });
  });
});

describe('legacy history (kepler-model-server, Kepler 0.7)', () => {
  const LEGACY = new URL('legacy-model-server/', DIR);
  const read = (name: string, t: number) =>
    buildSnapshot(parseExposition(readFileSync(new URL(name, LEGACY), 'utf8')), {
      origin: name,
      nodeHint: 'x',
      fetchedAt: new Date(t * 1000),
    });

  it('two readings give each pod ΔJ/Δt of its dynamic package + dram + GPU counters', () => {
    const [t1, t2] = [1702462599, 1702462686];
    const a = read(`reading-1-${t1}.prom`, t1);
    const b = read(`reading-2-${t2}.prom`, t2);
    expect(a.format).toBe('legacy-0.7');
    expect(a.version).toBeUndefined();
    expect(a.nodes[0]!.name).toBe('kind-fms-control-plane');
    const w = sampleWatts(a, b, t2 - t1);
    // Independently: per pod, Σ over its containers' dynamic counters of (J2 - J1) / Δt.
    const energy = (name: string) => {
      const byPod = new Map<string, { cpu: number; gpu: number }>();
      for (const s of lines(readFileSync(new URL(name, LEGACY), 'utf8'))) {
        const m = /^kepler_container_(package|dram|gpu)_joules_total$/.exec(s.name);
        if (!m || s.labels.mode !== 'dynamic') continue;
        const key = `${s.labels.container_namespace}/${s.labels.pod_name}`;
        const p = byPod.get(key) ?? { cpu: 0, gpu: 0 };
        if (m[1] === 'gpu') p.gpu += s.value;
        else p.cpu += s.value;
        byPod.set(key, p);
      }
      return byPod;
    };
    const e1 = energy(`reading-1-${t1}.prom`);
    const e2 = energy(`reading-2-${t2}.prom`);
    let checked = 0;
    for (const p of w.pods) {
      const before = e1.get(p.id);
      const after = e2.get(p.id)!;
      if (!before) continue;
      const cpu = (after.cpu - before.cpu) / (t2 - t1);
      const gpu = (after.gpu - before.gpu) / (t2 - t1);
      expect((p.watts.package ?? 0) + (p.watts.dram ?? 0), p.id).toBeCloseTo(cpu, 6);
      expect(p.gpuWatts ?? 0, p.id).toBeCloseTo(gpu, 6);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
    expect(w.nodes[0]!.gpus[0]!.activeWatts).toBeGreaterThan(0);
  });
});
