import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { measuredUtilization } from '../src/carbon/assess.js';
import { powerBasis } from '../src/kepler/basis.js';
import { buildSnapshot, wantKeplerFamily } from '../src/kepler/build.js';
import { mergeSnapshots } from '../src/kepler/merge.js';
import { type KeplerSnapshot, warning } from '../src/kepler/model.js';
import { checkPowerAvailable, podPower, rankedRows, rankScope } from '../src/kepler/power.js';
import { sampleWatts } from '../src/kepler/sample.js';
import { findWorkload, podMatches, workloadOf } from '../src/kepler/workloads.js';
import { normaliseZone, parseZones, sumZones } from '../src/kepler/zones.js';
import { parseExposition } from '../src/parser/index.js';
import { errorLine } from './support/errors.js';

const basisOf = (x: KeplerSnapshot, zones?: string[]) => powerBasis(x, { components: ['cpu', 'gpu'], zones });

const SAMPLES = new URL('../fixtures/samples/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, SAMPLES), 'utf8');
const TEXT = 'SYNTHETIC_new-0.11.2_worker-1_text-0.0.4.prom';
const OM = 'SYNTHETIC_new-0.11.2_worker-1_openmetrics-1.0.0.txt';
const LEGACY = 'SYNTHETIC_old-0.7.12_worker-1_text-0.0.4.prom';

function snap(
  text: string,
  origin = 'worker-1.prom',
  nodeHint = 'worker-1',
  at = new Date(0),
): KeplerSnapshot {
  const parsed = parseExposition(text, { origin, wantFamily: wantKeplerFamily });
  return buildSnapshot(parsed, { origin, nodeHint, fetchedAt: at });
}
const noWarn = () => {};

describe('Kepler v0.11 model', () => {
  const s = snap(read(TEXT));

  it('detects the version and reads node active/idle split', () => {
    expect(s.format).toBe('v0.10+');
    expect(s.version).toBe('v0.11.2');
    const node = s.nodes.find((n) => n.name === 'worker-1')!;
    expect(node.watts.package).toBeCloseTo(182.613412, 6);
    expect(node.activeWatts.package! + node.idleWatts.package!).toBeCloseTo(182.613412, 6);
  });

  it('excludes terminated pods from current power and sums package + dram of running pods', () => {
    const rows = rankedRows(rankScope(s, undefined, basisOf(s)));
    expect(rows.map((r) => r.pod.name)).not.toContain('etl-nightly-29345678-abcde');
    const web = rows.find((r) => r.pod.name.startsWith('web-frontend'))!;
    expect(web.watts).toBeCloseTo(18.734102 + 2.201733, 6);
    // hand sum of the running pods' package + dram watts in the fixture
    const total = rows.reduce((a, r) => a + r.watts, 0);
    expect(total).toBeCloseTo(0.412337 + 0.048116 + 18.734102 + 2.201733 + 0.970221 + 0.09, 6);
    // pods never exceed the node's active power: idle is not theirs
    expect(total).toBeLessThan(64.13383 + 7.516423);
  });

  it('joins containers to pods by pod_id only', () => {
    const web = s.pods.find((p) => p.name.startsWith('web-frontend'))!;
    expect(web.containers.map((c) => c.name).sort()).toEqual(['app', 'nginx']);
    const sum = web.containers.reduce((a, c) => a + (c.watts.package ?? 0), 0);
    expect(sum).toBeCloseTo(web.watts.package!, 6);
  });

  it('reads the same model from OpenMetrics', () => {
    const o = snap(read(OM));
    const key = (x: KeplerSnapshot) =>
      x.pods.map((p) => `${p.namespace}/${p.name}/${p.state}/${podPower(p, basisOf(x)).toFixed(6)}`).sort();
    expect(key(o)).toEqual(key(s));
    expect(o.pods.find((p) => p.name.startsWith('web'))!.joules.package).toBe(
      s.pods.find((p) => p.name.startsWith('web'))!.joules.package,
    );
  });

  it('uses the scraped node name when node_name is empty', () => {
    const text = read(TEXT).replaceAll('node_name="worker-1"', 'node_name=""');
    const e = snap(text, 'http://10.0.0.7:28282/metrics', '10.0.0.7');
    expect(new Set(e.pods.map((p) => p.node))).toEqual(new Set(['10.0.0.7']));
    expect(e.warnings.map((w) => w.message).join(' ')).toMatch(/node_name=""/);
    expect(e.warnings[0]).toMatchObject({ code: 'node-name-empty' });
  });
});

describe('legacy Kepler 0.7', () => {
  const s = snap(read(LEGACY));
  it('is detected by its build-info metric and has energy but no watts', () => {
    expect(s.format).toBe('legacy-0.7');
    expect(s.version).toBe('v0.7.12');
    expect(s.hasWatts).toBe(false);
    const web = s.pods.find((p) => p.name === 'web-frontend-7c9d8f6b5-qz8lm')!;
    expect(web.namespace).toBe('shop');
    // dynamic share only: idle was split onto workloads in 0.7, kcarbon does not count it
    expect(web.joules.package).toBeCloseTo(37332.403, 3);
    expect(web.joules.dram).toBeCloseTo(4817.084, 3);
    expect(s.pods.map((p) => p.name)).not.toContain('system_processes');
  });
  it('asks for --sample instead of reporting 0 W', () => {
    expect(errorLine(() => checkPowerAvailable(s, basisOf(s), noWarn))).toMatch(/--sample/);
  });
  it('yields watts from two scrapes, handling a counter reset', () => {
    const later = read(LEGACY).replace(
      /(kepler_container_package_joules_total\{container_id="1f2e[^}]*mode="dynamic"[^}]*\}) 37332.403/,
      '$1 37432.403',
    );
    const a = snap(read(LEGACY), 'x', 'worker-1', new Date(0));
    const b = snap(later, 'x', 'worker-1', new Date(10_000));
    const w = sampleWatts(a, b, 10);
    const web = w.pods.find((p) => p.name.startsWith('web-frontend'))!;
    expect(web.watts.package).toBeCloseTo(10, 6); // 100 J in 10 s
    expect(web.watts.dram).toBe(0);
    // a reset: the later counter is lower, so it restarted from zero
    const reset = snap(read(LEGACY).replace(/ 37332.403$/m, ' 50'), 'x', 'worker-1', new Date(10_000));
    const r = sampleWatts(a, reset, 10).pods.find((p) => p.name.startsWith('web-frontend'))!;
    expect(r.watts.package).toBeCloseTo(5, 6);
  });
});

describe('zones', () => {
  it('defaults to package + dram and rejects nested sums', () => {
    expect(parseZones(undefined)).toEqual(['package', 'dram']);
    expect(parseZones('psys')).toEqual(['psys']);
    expect(errorLine(() => parseZones('package,core'))).toMatch(/double counts/);
    expect(errorLine(() => parseZones('psys,dram'))).toMatch(/double counts/);
    // Names of Object.prototype members are zones like any other (they crashed as lookups in a plain object).
    expect(parseZones('package,constructor')).toEqual(['package', 'constructor']);
    expect(sumZones({ package: 2, dram: 1 }, ['package', 'constructor', '__proto__'])).toBe(2);
    expect(normaliseZone('package-0')).toBe('package');
  });
  it('errors when no chosen zone is reported', () => {
    const s = snap(read(TEXT));
    expect(errorLine(() => checkPowerAvailable(s, basisOf(s, ['psys']), noWarn))).toMatch(
      /zones reported: dram, package/,
    );
  });
});

describe('workloads', () => {
  it('strips generated suffixes', () => {
    expect(workloadOf('web-frontend-7c9d8f6b5-qz8lm')).toEqual({ name: 'web-frontend', kind: 'Deployment' });
    expect(workloadOf('postgres-1')).toEqual({ name: 'postgres', kind: 'StatefulSet' });
    expect(workloadOf('kepler-8hj2k').name).toBe('kepler');
    expect(workloadOf('etl-nightly-29345678-abcde')).toEqual({ name: 'etl-nightly', kind: 'CronJob' });
    expect(podMatches('web-frontend-7c9d8f6b5-qz8lm', 'web')).toBe(false);
    expect(podMatches('api-gateway-5d8f7c9b6d-kq2zt', 'api')).toBe(false);
  });
  it('finds a Deployment by name and sums its pods; unknown names suggest the closest', () => {
    const s = snap(read(TEXT));
    const w = findWorkload(s, 'web-frontend');
    expect(w.namespace).toBe('shop');
    expect(w.pods).toHaveLength(1);
    expect(errorLine(() => findWorkload(s, 'web-frontend', 'default'))).toMatch(/namespace 'shop'/);
    expect(errorLine(() => findWorkload(s, 'web-frontnd'))).toMatch(/did you mean 'web-frontend'/);
    expect(errorLine(() => findWorkload(s, 'etl-nightly'))).toMatch(/no running pods/);
  });
  it('a workload missing over a period names each origin whose hours were missing once', () => {
    // Hourly increases left out on two nodes and an empty hour, all from one Prometheus: one origin, said once.
    const o = 'http://prom:9090/';
    const left = (node: string) =>
      warning(
        'value-excluded',
        { origin: o, node, count: 1, hours: 2, metric: 'kepler_pod_cpu_joules_total', kinds: 'reset' },
        [node],
      );
    const s: KeplerSnapshot = {
      ...snap(read(TEXT)),
      sources: [{ origin: o, ok: true }],
      warnings: [left('n1'), left('n2'), warning('history-hours-empty', { origin: o, spans: 'x', hours: 1 })],
    };
    expect(errorLine(() => findWorkload(s, 'batch-api'))).toMatch(
      /it may run on a node whose source failed: http:\/\/prom:9090\/ —/,
    );
  });
  it('merges nodes and counts a pod reported twice once', () => {
    const a = snap(read(TEXT), 'a.prom');
    const b = snap(read(TEXT), 'b.prom');
    const m = mergeSnapshots([a, b]);
    expect(m.pods).toHaveLength(a.pods.length);
    expect(m.warnings.map((w) => w.message).join('\n')).toMatch(/counted once/);
  });
});

describe('measured CPU utilization (rightsizing input)', () => {
  // Two nodes at usage ratios 0.2 and 0.8; pods drawing 10 W (package) on a and 30 W on b.
  const dump = (ra: number, rb: number) =>
    [
      'kepler_build_info{version="v0.11.2"} 1',
      `kepler_node_cpu_usage_ratio{node_name="a"} ${ra}`,
      `kepler_node_cpu_usage_ratio{node_name="b"} ${rb}`,
      'kepler_node_cpu_watts{node_name="a",zone="package"} 50',
      'kepler_node_cpu_watts{node_name="b",zone="package"} 60',
      'kepler_pod_cpu_watts{node_name="a",pod_id="p1",pod_name="p1",pod_namespace="ns",state="running",zone="package"} 10',
      'kepler_pod_cpu_watts{node_name="b",pod_id="p2",pod_name="p2",pod_namespace="ns",state="running",zone="package"} 30',
      '',
    ].join('\n');
  it('is the pods CPU-watt-weighted mean of their nodes ratios, per snapshot', () => {
    const x = snap(dump(0.2, 0.8));
    // (10 x 0.2 + 30 x 0.8) / (10 + 30) = 26 / 40 = 0.65
    expect(measuredUtilization(x, x.pods, basisOf(x))).toBeCloseTo(0.65, 12);
    expect(measuredUtilization(x, [x.pods.find((p) => p.name === 'p1')!], basisOf(x))).toBeCloseTo(0.2, 12);
    // Another snapshot has its own ratios: (10 x 0.5 + 30 x 0.1) / 40 = 8 / 40 = 0.2
    const y = snap(dump(0.5, 0.1));
    expect(measuredUtilization(y, y.pods, basisOf(y))).toBeCloseTo(0.2, 12);
  });
});
