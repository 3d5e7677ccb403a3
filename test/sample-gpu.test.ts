/**
 * --sample and Kepler's workload GPU counters (v0.11.4+): a pod's kepler_pod_gpu_joules_total is the sum over its
 * current processes (internal/monitor/process.go, container.go, pod.go), so it goes down when a GPU process exits,
 * with no restart. Such a fall is not a reset from zero (ΔJ = J₂ read the remaining processes' whole energy as the
 * interval's: 30,050 J / 10 s = 3,005 W on a 250 W GPU).
 */
import { describe, expect, it } from 'vitest';
import { powerBasis } from '../src/kepler/basis.js';
import { buildSnapshot, wantKeplerFamily } from '../src/kepler/build.js';
import { metricsInfo } from '../src/kepler/metrics-info.js';
import type { KeplerSnapshot } from '../src/kepler/model.js';
import { sampleWatts } from '../src/kepler/sample.js';
import { parseExposition } from '../src/parser/index.js';
import { cli } from './support/cli.js';
import { startServer } from './support/servers.js';

const ORIGIN = 'http://10.0.1.5:28282/metrics';

interface Pod {
  name: string;
  cpu: number;
  /** GPU joules counter; undefined: not exported (no current process has GPU energy). */
  gpuJoules?: number;
  /** GPU watts gauge; undefined: not exported (0 W now). */
  gpuWatts?: number;
}

/** One scrape of a Kepler v0.11.4 node with one 250 W-class GPU (its hardware counter `gpuNode` J). */
function exposition(pods: Pod[], gpuNode: number): string {
  const labels = (p: Pod) =>
    `node_name="gpu-1",pod_id="uid-${p.name}",pod_name="${p.name}",pod_namespace="ml",state="running"`;
  const device = 'gpu="0",gpu_name="NVIDIA A100",gpu_uuid="GPU-aaa",node_name="gpu-1",vendor="nvidia"';
  return [
    '# TYPE kepler_build_info gauge',
    'kepler_build_info{arch="amd64",branch="HEAD",goversion="go1.24",revision="x",version="v0.11.4"} 1',
    '# TYPE kepler_node_cpu_active_joules_total counter',
    `kepler_node_cpu_active_joules_total{node_name="gpu-1",path="aggregated-package",zone="package"} ${gpuNode}`,
    '# TYPE kepler_pod_cpu_joules_total counter',
    ...pods.map((p) => `kepler_pod_cpu_joules_total{${labels(p)},zone="package"} ${p.cpu}`),
    '# TYPE kepler_pod_cpu_watts gauge',
    ...pods.map((p) => `kepler_pod_cpu_watts{${labels(p)},zone="package"} 10`),
    '# TYPE kepler_pod_gpu_joules_total counter',
    ...pods.flatMap((p) =>
      p.gpuJoules === undefined ? [] : [`kepler_pod_gpu_joules_total{${labels(p)}} ${p.gpuJoules}`],
    ),
    '# TYPE kepler_pod_gpu_watts gauge',
    ...pods.flatMap((p) =>
      p.gpuWatts === undefined ? [] : [`kepler_pod_gpu_watts{${labels(p)}} ${p.gpuWatts}`],
    ),
    '# TYPE kepler_node_gpu_joules_total counter',
    `kepler_node_gpu_joules_total{${device}} ${gpuNode}`,
    '',
  ].join('\n');
}

const snap = (text: string, at: number): KeplerSnapshot =>
  buildSnapshot(parseExposition(text, { origin: ORIGIN, wantFamily: wantKeplerFamily }), {
    origin: ORIGIN,
    nodeHint: 'gpu-1',
    fetchedAt: new Date(at),
  });

/** Two scrapes 10 s apart: infer-0's GPU counter grows by 500 J (50 W), the node's GPU by 2,500 J (250 W). */
function sampled(train1: Omit<Pod, 'name' | 'cpu'>, train2: Omit<Pod, 'name' | 'cpu'>, infer2 = 3500) {
  const a = snap(
    exposition(
      [
        { name: 'train-0', cpu: 1000, ...train1 },
        { name: 'infer-0', cpu: 500, gpuJoules: 3000, gpuWatts: 50 },
      ],
      100_000,
    ),
    0,
  );
  const b = snap(
    exposition(
      [
        { name: 'train-0', cpu: 1100, ...train2 },
        { name: 'infer-0', cpu: 600, gpuJoules: infer2, gpuWatts: 50 },
      ],
      102_500,
    ),
    10_000,
  );
  const s = sampleWatts(a, b, 10);
  const pod = (name: string) => s.pods.find((p) => p.name === name)!;
  const info = metricsInfo(s, powerBasis(s, { components: ['cpu', 'gpu'] }));
  return { s, pod, info, codes: s.warnings.map((w) => w.code) };
}

describe('--sample: a pod GPU counter that goes down', () => {
  it('is not a counter reset: the GPU gauge at the second scrape stands in, said in a warning', () => {
    // A 60,000 J process exited; the other process's counter went on to 30,050 J. Kepler's gauge says 5 W.
    const { s, pod, info, codes } = sampled(
      { gpuJoules: 60_000, gpuWatts: 240 },
      { gpuJoules: 30_050, gpuWatts: 5 },
    );
    expect(pod('train-0').gpuWatts).toBe(5);
    expect(pod('train-0').watts.package).toBeCloseTo(10, 9);
    expect(pod('infer-0').gpuWatts).toBeCloseTo(50, 9);
    expect(codes).toEqual(['gpu-counter-fell']);
    expect(s.warnings[0]!.message).toBe(
      `${ORIGIN}: pod ml/train-0: its GPU energy counter went down between the two scrapes (Kepler sums the GPU energy of the pod's current processes: one exited, or Kepler restarted), so its GPU power is Kepler's kepler_pod_gpu_watts at the second scrape, 5.0 W, not an average over the interval`,
    );
    // an estimate Kepler gives, not a figure left out
    expect(info.complete).toBe(true);
  });

  it('with no gauge (0 W now, or none written): the GPU part is unknown, left out, and the data are incomplete', () => {
    const { pod, info, codes } = sampled({ gpuJoules: 60_000, gpuWatts: 240 }, { gpuJoules: 30_050 });
    expect(pod('train-0').gpuWatts).toBeUndefined();
    expect(pod('train-0').watts.package).toBeCloseTo(10, 9);
    expect(codes).toEqual(['gpu-energy-unknown']);
    expect(info.complete).toBe(false);
    expect(info.series_left_out).toEqual([{ origin: ORIGIN, count: 1 }]);
  });

  it('a counter gone (its last GPU process exited) is a fall too, not 0 W', () => {
    const { pod, info, codes } = sampled({ gpuJoules: 60_000, gpuWatts: 240 }, {});
    expect(pod('train-0').gpuWatts).toBeUndefined();
    expect(codes).toEqual(['gpu-energy-unknown']);
    expect(info.complete).toBe(false);
  });

  it('a counter that grows, or appears, is read as before', () => {
    const grew = sampled({ gpuJoules: 60_000, gpuWatts: 240 }, { gpuJoules: 61_500, gpuWatts: 150 });
    expect(grew.pod('train-0').gpuWatts).toBeCloseTo(150, 9);
    expect(grew.codes).toEqual([]);
    const appeared = sampled({}, { gpuJoules: 1_200, gpuWatts: 150 });
    expect(appeared.pod('train-0').gpuWatts).toBeCloseTo(120, 9);
    expect(appeared.codes).toEqual([]);
  });

  it("pods drawing more GPU power than their node's GPUs: a warning, and the data are incomplete", () => {
    // infer-0's counter moves by 5,000 J in 10 s (500 W) on a GPU that drew 250 W
    const { info, codes, s } = sampled(
      { gpuJoules: 60_000, gpuWatts: 240 },
      { gpuJoules: 61_500, gpuWatts: 150 },
      8000,
    );
    expect(codes).toEqual(['gpu-above-node']);
    expect(s.warnings[0]!.message).toContain(
      "node gpu-1: its pods' GPU power (650.0 W) is more than its GPUs' (250.0 W)",
    );
    expect(info.complete).toBe(false);
  });
});

describe('--sample and legacy Kepler 0.7–0.9', () => {
  it('a fall of a container GPU counter is a restart, as for the CPU (legacy accumulates per container)', () => {
    const legacy = (gpu: number, pkg: number) =>
      [
        '# TYPE kepler_exporter_build_info gauge',
        'kepler_exporter_build_info{version="v0.7.12"} 1',
        ...(['package', 'gpu'] as const).map(
          (c) =>
            `kepler_container_${c}_joules_total{container_id="c1",container_name="app",container_namespace="ml",mode="dynamic",pod_name="train-0"} ${c === 'gpu' ? gpu : pkg}`,
        ),
        '',
      ].join('\n');
    const s = sampleWatts(snap(legacy(5000, 1000), 0), snap(legacy(100, 1100), 10_000), 10);
    expect(s.pods[0]!.gpuWatts).toBeCloseTo(10, 9);
    expect(s.warnings.map((w) => w.code)).toEqual([]);
  });
});

/** An exporter of exposition() whose train-0 GPU reads `first` at odd scrapes, `later` at even ones (one run each pair). */
const twoScrapes = (first: Omit<Pod, 'name' | 'cpu'>, later: Omit<Pod, 'name' | 'cpu'>) => {
  let scrapes = 0;
  return startServer((_req, res) => {
    scrapes++;
    const train = scrapes % 2 === 1 ? first : later;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(
      exposition(
        [
          { name: 'train-0', cpu: 1000 + 100 * scrapes, ...train },
          { name: 'infer-0', cpu: 500 + 100 * scrapes, gpuJoules: 3000 + 500 * scrapes, gpuWatts: 50 },
        ],
        100_000 + 2500 * scrapes,
      ),
    );
  });
};

describe('--sample through the CLI', () => {
  it('a GPU process exiting between the scrapes: Kepler gauge, not 3,005 W', async () => {
    const s = await twoScrapes({ gpuJoules: 60_000, gpuWatts: 240 }, { gpuJoules: 30_050, gpuWatts: 5 });
    try {
      const r = await cli(['top', '-n', 'ml', '--source', s.url(), '--sample', '5s', '--json']);
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout);
      const train = j.consumers.find((c: { name: string }) => c.name === 'train-0');
      expect(train.gpu_watts).toBe(5);
      expect(r.stderr).toContain(
        "its GPU power is Kepler's kepler_pod_gpu_watts at the second scrape, 5.0 W",
      );
    } finally {
      await s.close();
    }
  });

  it('GPU power unknown (no gauge after the fall): null in JSON and "unknown" in tables, never 0', async () => {
    // its counter falls and Kepler writes no gauge: gpu-energy-unknown
    const s = await twoScrapes({ gpuJoules: 60_000, gpuWatts: 240 }, { gpuJoules: 30_050 });
    const args = ['-n', 'ml', '--source', s.url(), '--sample', '5s', '--allow-partial'];
    try {
      const top = await cli(['top', ...args, '--json']);
      expect(top.code, top.stderr).toBe(0);
      const consumers = JSON.parse(top.stdout).consumers as { name: string; gpu_watts: number | null }[];
      const train = consumers.find((c) => c.name === 'train-0')!;
      expect(train.gpu_watts).toBeNull();
      expect(consumers.find((c) => c.name === 'infer-0')!.gpu_watts).toBeGreaterThan(0);
      expect(top.stderr).toContain('its GPU power is unknown and left out');
      const list = await cli(['list', ...args, '--json']);
      const workloads = JSON.parse(list.stdout).workloads as { workload: string; gpu_watts: number | null }[];
      expect(workloads.find((w) => w.workload === 'train')!.gpu_watts).toBeNull();
      const table = await cli(['top', ...args]);
      expect(table.stdout).toMatch(/train-0 .* unknown /);
      expect(table.stdout).not.toMatch(/train-0 .* 0\.00 /);
      // without --allow-partial a gate does not pass on it
      expect((await cli(['list', ...args.slice(0, -1), '-q'])).code).toBe(3);
    } finally {
      await s.close();
    }
  });
});
