/**
 * summary sums a scope from the pod table's columns (namespace and node indices, power by pod index) in ranking
 * order, without reading the pod objects: its totals, namespace rows, node rows and terminated count must be
 * those of the plain definition over the pods themselves. Powers are binary fractions, so every sum is exact in
 * any order and the rounded JSON compares equal whatever the order of addition.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRunContext } from '../src/commands/context.js';
import { summaryCommand } from '../src/commands/summary.js';
import { powerBasis } from '../src/kepler/basis.js';
import { DEMO_DIR } from '../src/kepler/load.js';
import { emptyNode, type KeplerSnapshot, type NodeEnergy, type PodEnergy } from '../src/kepler/model.js';
import { podPower } from '../src/kepler/power.js';
import { roundJson } from '../src/util/round.js';
import { cli } from './support/cli.js';
import { snapshotOf } from './support/snapshot.js';

const SEED = Number(process.env.FC_SEED ?? 20261201);
const watts = fc.constantFrom(0, 0.25, 0.5, 1, 1.5, 2.75, 8);

const node = (name: string, active: number, idle: number, platform?: number): NodeEnergy => ({
  ...emptyNode(name, 'x'),
  watts: { package: active + idle, dram: 0.5 },
  activeWatts: { package: active, dram: 0.25 },
  idleWatts: { package: idle, dram: 0.25 },
  ...(platform === undefined ? {} : { platformWatts: platform }),
});

/** A run context whose metrics are `snap` (built-in config, a fixed date). */
const contextFor = (snap: KeplerSnapshot) =>
  createRunContext(
    {
      source: { specs: [] },
      overrides: {},
      env: { KCARBON_CONFIG: '' },
      at: new Date(Date.UTC(2026, 0, 15)),
    },
    { warn() {}, snapshot: async () => snap },
  );

describe('summary over the pod table', () => {
  it('gives the totals, namespace rows, node rows and terminated count of the plain definition', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            name: fc.constantFrom('a', 'b', 'web-1', 'db-0'),
            namespace: fc.constantFrom('default', 'ml', 'batch'),
            // n3 reports pods but no node series (its pods carry no idle share).
            node: fc.constantFrom('n1', 'n2', 'n3'),
            state: fc.constantFrom('running' as const, 'running' as const, 'terminated' as const),
            pkg: watts,
            dram: watts,
            gpu: fc.option(watts, { nil: undefined }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        fc.option(fc.constantFrom('default', 'ml', 'batch'), { nil: undefined }),
        async (gen, namespace) => {
          const pods: PodEnergy[] = gen.map((g, i) => ({
            id: `p${i}`,
            name: g.name,
            namespace: g.namespace,
            node: g.node,
            state: g.state,
            watts: { package: g.pkg, dram: g.dram },
            joules: {},
            containers: [],
            ...(g.gpu === undefined ? {} : { gpuWatts: g.gpu }),
          }));
          // n1 has a GPU (16 W active, 4 W idle): its pods' GPU power carries a share of the GPU's idle.
          const gpu0 = { index: '0', uuid: 'u0', name: 'g', vendor: 'nvidia', activeWatts: 16, idleWatts: 4 };
          const snap = snapshotOf([{ ...node('n1', 20, 10, 100), gpus: [gpu0] }, node('n2', 0, 30)], pods);
          const running = pods.filter(
            (p) => p.state === 'running' && (namespace === undefined || p.namespace === namespace),
          );
          const ctx = contextFor(snap);
          const input = summaryCommand.input.parse(namespace === undefined ? {} : { namespace });
          if (running.length === 0) {
            await expect(summaryCommand.run(input, ctx)).rejects.toThrow();
            return;
          }
          const r = await summaryCommand.run(input, ctx);

          const basis = powerBasis(snap, { components: ['cpu', 'gpu'] });
          const power = (p: PodEnergy) => podPower(p, basis);
          const gpu = (p: PodEnergy) => p.gpuWatts ?? 0;
          const cpu = (p: PodEnergy) => p.watts.package! + p.watts.dram!;
          const sum = (list: PodEnergy[], f: (p: PodEnergy) => number) => list.reduce((s, p) => s + f(p), 0);
          // Idle shared out by each node's CPU and GPU active power (n2 has no GPU; n3 reports no power): CPU idle x
          // the pod's CPU power / the node's CPU active, plus GPU idle x the pod's GPU power / the GPU's active.
          const activeCpu: Record<string, number> = { n1: 20.25, n2: 0.25 };
          const idleCpu: Record<string, number> = { n1: 10.25, n2: 30.25 };
          const idle = (p: PodEnergy) =>
            activeCpu[p.node] === undefined
              ? 0
              : (idleCpu[p.node]! * cpu(p)) / activeCpu[p.node]! + (p.node === 'n1' ? (4 * gpu(p)) / 16 : 0);
          const total = sum(running, power);
          const namespaces = [...new Set(running.map((p) => p.namespace))]
            .map((ns) => {
              const inNs = running.filter((p) => p.namespace === ns);
              return {
                namespace: ns,
                pods: inNs.length,
                power_watts: sum(inNs, power),
                gpu_watts: sum(inNs, gpu),
                share_percent: total > 0 ? (sum(inNs, power) / total) * 100 : 0,
                idle_allocated_watts: sum(inNs, idle),
              };
            })
            .sort((a, b) => b.power_watts - a.power_watts || (a.namespace < b.namespace ? -1 : 1));
          const nodeRows = r.nodes.map((n) => ({
            node: n.node,
            pods: n.pods,
            pods_power_watts: n.pods_power_watts,
          }));
          const onNode = (name: string) => running.filter((p) => p.node === name);
          const expectedNodes = ['n1', 'n2']
            .filter((name) => namespace === undefined || onNode(name).length > 0)
            .map((name) => ({
              node: name,
              pods: onNode(name).length,
              pods_power_watts: sum(onNode(name), power),
            }));
          const allRunningOnN1 = pods.filter((p) => p.state === 'running' && p.node === 'n1');

          expect(r.total_consumers).toBe(running.length);
          expect(r.total_power_watts).toBe(roundJson({ w_watts: total }).w_watts);
          expect(r.total_gpu_watts).toBe(roundJson({ w_watts: sum(running, gpu) }).w_watts);
          expect(r.namespaces).toEqual(roundJson(namespaces));
          expect(nodeRows).toEqual(roundJson(expectedNodes));
          const n1 = r.nodes.find((n) => n.node === 'n1');
          if (n1)
            expect(n1.platform_unattributed_watts).toBe(
              roundJson({ w_watts: 100 - sum(allRunningOnN1, power) }).w_watts,
            );
          expect(r.terminated_pods).toBe(
            pods.filter(
              (p) => p.state === 'terminated' && (namespace === undefined || p.namespace === namespace),
            ).length,
          );
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('keeps namespaces of equal power whose names collate equal in ranking order (ties by pod name)', async () => {
    // 'team' and 'team' + zero-width space, or é in NFC and NFD: the English collator calls them equal.
    for (const [x, y] of [
      ['team', 'team\u200b'],
      ['caf\u00e9', 'cafe\u0301'],
    ]) {
      const pod = (name: string, namespace: string, w = 4): PodEnergy => ({
        id: name,
        name,
        namespace,
        node: 'n1',
        state: 'running',
        watts: { package: w, dram: 0 },
        joules: {},
        containers: [],
      });
      // Pod b (namespace x) comes first in the snapshot; the ranking puts a (namespace y) first.
      const snap = snapshotOf([node('n1', 20, 10)], [pod('b', x!), pod('a', y!), pod('c', 'other', 1)]);
      const r = await summaryCommand.run(summaryCommand.input.parse({}), contextFor(snap));
      expect(r.namespaces.map((n) => n.namespace)).toEqual([y, x, 'other']);
    }
  });
});

describe("a node's idle power", () => {
  const pod = (id: string, node: string, pkg: number): PodEnergy => ({
    id,
    name: id,
    namespace: 'ns',
    node,
    state: 'running',
    watts: { package: pkg, dram: 0 },
    joules: {},
    containers: [],
  });
  const run = async (nodes: NodeEnergy[]) => {
    const warnings: string[] = [];
    const snap = snapshotOf(nodes, [pod('a', 'n1', 6), pod('b', 'n2', 2)]);
    const ctx = createRunContext(
      {
        source: { specs: [] },
        overrides: {},
        env: { KCARBON_CONFIG: '' },
        at: new Date(Date.UTC(2026, 0, 15)),
      },
      { warn: (text) => warnings.push(text), snapshot: async () => snap },
    );
    const r = roundJson(await summaryCommand.run(summaryCommand.input.parse({}), ctx)) as {
      nodes: {
        node: string;
        node_idle_watts: number | null;
        cpu_idle_watts: number | null;
        idle_share_percent?: number;
      }[];
      namespaces: { idle_allocated_watts: number | null }[];
    };
    return { r, warnings };
  };

  it('is its idle gauge, else its total less its active power (Kepler: total = active + idle)', async () => {
    // n1: package 10 W active, no idle gauge, 40 W total: idle 40 - 10 = 30 W, share 30 / 40 = 75 %.
    // n2: idle gauge 5 W (dram reports nothing). Pod a (6 of n1's 10 W active) carries 30 x 6/10 = 18 W,
    // pod b (2 of n2's 4 W) 5 x 2/4 = 2.5 W: the namespace 20.5 W.
    const n1 = { ...emptyNode('n1', 'x'), watts: { package: 40 }, activeWatts: { package: 10 } };
    const n2 = { ...emptyNode('n2', 'x'), activeWatts: { package: 4 }, idleWatts: { package: 5 } };
    const { r, warnings } = await run([n1, n2]);
    expect(r.nodes.map((n) => [n.node, n.cpu_idle_watts, n.idle_share_percent])).toEqual([
      ['n1', 30, 75],
      ['n2', 5, 55.56],
    ]);
    expect(r.namespaces[0]!.idle_allocated_watts).toBe(20.5);
    expect(warnings.join('\n')).not.toMatch(/idle figures are unknown/);
  });

  it('is unknown (null, said in a warning), never 0 W, without an idle gauge or a total', async () => {
    const n1 = { ...emptyNode('n1', 'x'), activeWatts: { package: 10 } };
    const n2 = { ...emptyNode('n2', 'x'), activeWatts: { package: 4 }, idleWatts: { package: 5 } };
    const { r, warnings } = await run([n1, n2]);
    const [a, b] = r.nodes;
    expect([a!.node_idle_watts, a!.cpu_idle_watts, a!.idle_share_percent]).toEqual([null, null, undefined]);
    expect(b!.node_idle_watts).toBe(5);
    // Pod a sits on n1: the namespace's idle share is unknown too.
    expect(r.namespaces[0]!.idle_allocated_watts).toBeNull();
    expect(warnings).toEqual([
      expect.stringMatching(
        /^1 node\(s\) report power but no idle power, nor both a total and an active power .*\(n1\): their idle figures are unknown, not 0$/,
      ),
    ]);
  });
});

describe('a GPU that reports only its total (kepler_node_gpu_watts)', () => {
  it('has unknown active and idle power (null, "unknown"), not active = the whole 250 W; the warning says what is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcarbon-gpu-total-'));
    const file = join(dir, 'g1.prom');
    const gpu = 'gpu="0",gpu_name="NVIDIA A100",gpu_uuid="GPU-a",node_name="g1",vendor="nvidia"';
    const pod = 'node_name="g1",pod_id="u1",pod_name="train-0",pod_namespace="ml",state="running"';
    writeFileSync(
      file,
      [
        '# TYPE kepler_build_info gauge',
        'kepler_build_info{version="v0.11.4"} 1',
        '# TYPE kepler_node_cpu_active_watts gauge',
        'kepler_node_cpu_active_watts{node_name="g1",path="p",zone="package"} 40',
        '# TYPE kepler_node_cpu_idle_watts gauge',
        'kepler_node_cpu_idle_watts{node_name="g1",path="p",zone="package"} 60',
        '# TYPE kepler_node_gpu_watts gauge',
        `kepler_node_gpu_watts{${gpu}} 250`,
        '# TYPE kepler_pod_cpu_watts gauge',
        `kepler_pod_cpu_watts{${pod},zone="package"} 10`,
        '# TYPE kepler_pod_gpu_watts gauge',
        `kepler_pod_gpu_watts{${pod}} 100`,
        '',
      ].join('\n'),
    );
    try {
      const r = await cli(['summary', '-A', '--source', file, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const n = JSON.parse(r.stdout).nodes[0];
      expect([n.cpu_active_watts, n.cpu_idle_watts]).toEqual([40, 60]);
      expect([n.gpu_active_watts, n.gpu_idle_watts, n.node_active_watts, n.node_idle_watts]).toEqual([
        null,
        null,
        null,
        null,
      ]);
      expect(n.idle_share_percent).toBeUndefined();
      expect(JSON.parse(r.stdout).namespaces[0].idle_allocated_watts).toBeNull();
      expect(r.stderr).toContain(
        '1 node(s) report power but no idle power, nor both a total and an active power to take it from (g1)',
      );
      const table = await cli(['summary', '-A', '--source', file, '-o', 'wide']);
      expect(table.stdout).toMatch(
        /g1 +\u2502 +1 \u2502 +110\.00 \u2502 +40\.00 \u2502 +60\.00 \u2502 +unknown \u2502 +unknown \u2502/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('idle power over a period', () => {
  it('is unknown (null) for every namespace: the history holds pod energy only, no node idle to share out', async () => {
    const r = await cli(['summary', '--demo', '--since', '24h', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.period).toBeDefined();
    expect(j.nodes).toEqual([]);
    expect(j.namespaces.length).toBeGreaterThan(0);
    for (const n of j.namespaces) expect(n.idle_allocated_watts, n.namespace).toBeNull();
    // the current reading keeps its figures
    const now = JSON.parse((await cli(['summary', '--demo', '--json'])).stdout);
    expect(
      now.namespaces.some((n: { idle_allocated_watts: number | null }) => n.idle_allocated_watts! > 0),
    ).toBe(true);
  });
});

describe('pods listed on a node whose idle power is unknown', () => {
  it('top and hotspots leave the idle share out and say why (node-idle-unknown), as summary does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcarbon-noidle-'));
    const node = 'ip-10-0-1-17.ap-northeast-2.compute.internal';
    // The node's idle series and its totals gone: active power alone.
    const text = readFileSync(join(DEMO_DIR, `${node}.prom`), 'utf8')
      .split('\n')
      .filter((l) => !/^kepler_node_cpu_(idle_watts|idle_joules_total|watts|joules_total)\{/.test(l))
      .join('\n');
    writeFileSync(join(dir, `${node}.prom`), text);
    for (const command of ['summary', 'top', 'hotspots']) {
      const r = await cli([command, '--source', dir, '--at', '2026-01-15T05:00:00Z', '--json']);
      expect(r.code, command).toBe(0);
      const warned = JSON.parse(r.stdout).warnings.filter(
        (w: { code: string }) => w.code === 'node-idle-unknown',
      );
      expect(
        warned.map((w: { nodes: string[] }) => w.nodes),
        command,
      ).toEqual([[node]]);
    }
    const top = JSON.parse(
      (await cli(['top', '--source', dir, '--at', '2026-01-15T05:00:00Z', '--json'])).stdout,
    );
    expect(top.consumers.every((c: object) => !('node_idle_share_percent' in c))).toBe(true);
  });
});
