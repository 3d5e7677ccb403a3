#!/usr/bin/env node
/**
 * Generates the bundled demo cluster in fixtures/demo/: one Kepler v0.11.2 `/metrics` dump (text format 0.0.4)
 * per worker node of an invented Seoul (ap-northeast-2) EKS cluster, plus expected.json with the figures tests
 * compare against, and the generated totals block of fixtures/demo/README.md.
 *
 * Every value, name and ID is invented. The output is deterministic: a seeded PRNG, a fixed snapshot time, no
 * clock and no environment input. Re-running it must give byte-identical files.
 *
 *   node test/support/generate-demo.mjs [--out DIR]
 *
 * Internally all power is kept in integer microwatts and all energy in integer microjoules (Kepler's own unit),
 * so pod = sum of containers holds exactly and the expected sums carry no float drift. The only float arithmetic
 * is Kepler's own node split: active W = node W x usage ratio, idle W = node W - active W.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  exposition,
  pod as gpuFixturePod,
  zones as gpuFixtureZones,
  textFormat,
} from '../../fixtures/kepler/generate.mjs';

const SEED = 0x6b63_0b2e;
/** When the dumps were "scraped": 2025-11-20 18:42:10 UTC (03:42 KST). */
const SNAPSHOT_MS = Date.UTC(2025, 10, 20, 18, 42, 10);
const HOUR = 3600;
const DAY = 86400;

// ---------------------------------------------------------------------------------------------------------------
// Deterministic randomness

/** A small seeded PRNG: a Weyl sequence run through a 32-bit integer mixer. Returns [0, 1). */
function createRng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 0x1_0000_0000;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const chars = (alphabet, n) => {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
    return s;
  };
  return {
    next,
    int,
    chars,
    range: (lo, hi) => lo + (hi - lo) * next(),
    /** base x (1 +- rel), uniformly. */
    jitter: (base, rel) => base * (1 + rel * (2 * next() - 1)),
  };
}

const rng = createRng(SEED);
const HEX = '0123456789abcdef';
/** The alphabet Kubernetes uses for generated name suffixes (no vowels, no look-alikes). */
const K8S_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

const podSuffix = () => rng.chars(K8S_ALPHABET, 5);
const templateHash = () => rng.chars(K8S_ALPHABET, 10);
const containerId = () => rng.chars(HEX, 64);

/** A random (version 4) UUID, as Kubernetes uses for pod UIDs. */
function uuid() {
  const h = rng.chars(HEX, 32).split('');
  h[12] = '4';
  h[16] = '89ab'[rng.int(0, 3)];
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Value formatting, as the Prometheus Go client prints text format 0.0.4

/**
 * strconv.AppendFloat(f, 'g', -1, 64) with expfmt's special cases: the shortest digits that round-trip,
 * exponent form when the decimal exponent is < -4 or >= 6 (`2.4951e-05`, `1.09661987e+06`).
 */
function goFloat(x) {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return '+Inf';
  if (x === Number.NEGATIVE_INFINITY) return '-Inf';
  if (x === 0) return '0';
  const sign = x < 0 ? '-' : '';
  const [mantissa, expPart] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exp = Number(expPart);
  if (exp < -4 || exp >= 6) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const e = Math.abs(exp);
    return `${sign}${digits[0]}${frac}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const fracPart = digits.slice(exp + 1);
  return `${sign}${intPart}${fracPart ? `.${fracPart}` : ''}`;
}

/** Integer micro-units (µW, µJ) to the float Kepler exports. */
const fromMicro = (u) => u / 1e6;
const micro = (x) => Math.round(x * 1e6);
/** Rounds to 6 decimal places, half away from zero (the rounding used in expected.json). */
const round6 = (x) => Math.sign(x) * (Math.round(Math.abs(x) * 1e6) / 1e6);

// ---------------------------------------------------------------------------------------------------------------
// The cluster

const RAPL = '/host/sys/class/powercap';
/** max_energy_range_uj of one socket's zone, in µJ (typical Intel server values). */
const MAX_RANGE_UJ = {
  package: 262_143_328_850,
  core: 262_143_328_850,
  uncore: 262_143_328_850,
  dram: 65_712_999_613,
};

const SKYLAKE_2S = {
  sockets: 2,
  coresPerSocket: 24,
  model: 'Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz',
  zones: [
    { zone: 'package', path: 'aggregated-package' },
    { zone: 'dram', path: 'aggregated-dram' },
  ],
};
const SAPPHIRE_1S = { sockets: 1, coresPerSocket: 48, model: 'Intel(R) Xeon(R) Platinum 8488C' };

/**
 * busyTarget: the node's CPU usage ratio; systemShare: the part of node active power not attributed to any pod
 * (system processes, kernel). keplerUptime: seconds since the kepler DaemonSet pod started; bootAge: since boot.
 */
const NODES = [
  {
    name: 'ip-10-0-1-17.ap-northeast-2.compute.internal',
    ...SKYLAKE_2S,
    busyTarget: 0.42,
    systemShare: 0.15,
    keplerUptime: 5 * HOUR + 4 * 60 + 11,
    bootAge: 12 * DAY + 7 * HOUR,
  },
  {
    name: 'ip-10-0-2-143.ap-northeast-2.compute.internal',
    ...SKYLAKE_2S,
    busyTarget: 0.36,
    systemShare: 0.17,
    keplerUptime: 5 * HOUR + 3 * 60 + 37,
    bootAge: 12 * DAY + 7 * HOUR + 12 * 60,
  },
  {
    name: 'ip-10-0-3-52.ap-northeast-2.compute.internal',
    ...SAPPHIRE_1S,
    // The one node whose RAPL also exposes core and uncore (both inside package): summing all zones double counts.
    zones: [
      { zone: 'package', path: `${RAPL}/intel-rapl:0` },
      { zone: 'core', path: `${RAPL}/intel-rapl:0:0` },
      { zone: 'uncore', path: `${RAPL}/intel-rapl:0:1` },
      { zone: 'dram', path: `${RAPL}/intel-rapl:0:2` },
    ],
    busyTarget: 0.19,
    systemShare: 0.2,
    keplerUptime: 5 * HOUR + 2 * 60 + 58,
    bootAge: 6 * DAY + 19 * HOUR,
  },
  {
    name: 'ip-10-0-1-208.ap-northeast-2.compute.internal',
    ...SAPPHIRE_1S,
    zones: [
      { zone: 'package', path: `${RAPL}/intel-rapl:0` },
      { zone: 'dram', path: `${RAPL}/intel-rapl:0:0` },
    ],
    busyTarget: 0.23,
    systemShare: 0.18,
    keplerUptime: 5 * HOUR + 1 * 60 + 49,
    bootAge: 3 * DAY + 2 * HOUR,
  },
];
const [A, B, C, D] = [0, 1, 2, 3];
const ALL_NODES = [A, B, C, D];

/** A container template: name, package watts, dram as a fraction of package, jitter of package watts. */
const ctr = (name, pkg, dramFrac, spread = 0.15) => ({ name, pkg, dramFrac, spread });
const minutesSinceEpoch = (ms) => Math.floor(ms / 60_000);
const cronMinute = (h, m) => minutesSinceEpoch(Date.UTC(2025, 10, 20, h, m));

/**
 * Workloads. Pod fields: node (index), scale (x the container watts), age (s; capped by the node's boot age),
 * state (default running), ran (s, for terminated pods), cron (scheduled minute for CronJob pods).
 */
const WORKLOADS = [
  {
    ns: 'ai-team',
    kind: 'Job',
    name: 'ml-training-job',
    containers: [ctr('trainer', 34, 0.12, 0.06)],
    pods: [
      { node: A, scale: 1.12, age: 3 * HOUR + 12 * 60 },
      { node: B, scale: 0.92, age: 3 * HOUR + 12 * 60 },
    ],
  },
  {
    ns: 'ai-team',
    kind: 'StatefulSet',
    name: 'jupyter',
    containers: [ctr('notebook', 1.4, 0.09)],
    pods: [{ node: C, age: 4 * DAY }],
  },
  {
    ns: 'ai-team',
    kind: 'Deployment',
    name: 'model-serving',
    containers: [ctr('model-server', 4.2, 0.11)],
    pods: [
      { node: A, age: 1 * HOUR + 41 * 60 },
      { node: C, age: 1 * HOUR + 40 * 60 },
      { node: D, age: 1 * HOUR + 39 * 60 },
    ],
  },
  {
    ns: 'production',
    kind: 'Deployment',
    name: 'web-frontend',
    containers: [ctr('app', 1.6, 0.08), ctr('nginx', 0.32, 0.06)],
    pods: [
      { node: B, age: 2 * DAY },
      { node: C, age: 2 * DAY },
      { node: D, age: 2 * DAY },
    ],
  },
  {
    ns: 'production',
    kind: 'Deployment',
    name: 'api-gateway',
    containers: [ctr('gateway', 1.1, 0.07)],
    pods: [
      { node: A, age: 3 * DAY },
      { node: D, age: 3 * DAY },
    ],
  },
  {
    ns: 'production',
    kind: 'StatefulSet',
    name: 'postgres',
    containers: [ctr('postgres', 6.4, 0.14), ctr('postgres-exporter', 0.06, 0.07)],
    pods: [
      { node: B, age: 21 * DAY },
      { node: D, scale: 0.5, age: 21 * DAY },
    ],
  },
  {
    ns: 'production',
    kind: 'Deployment',
    name: 'redis',
    containers: [ctr('redis', 0.85, 0.15)],
    pods: [{ node: C, age: 9 * DAY }],
  },
  {
    ns: 'batch',
    kind: 'CronJob',
    name: 'batch-job',
    containers: [ctr('batch', 4.8, 0.1)],
    pods: [
      // Runs every 10 minutes: the 18:40 run is running, the 18:30 run finished 35 s before the scrape.
      { node: A, cron: cronMinute(18, 40), age: 2 * 60 + 10 },
      { node: A, cron: cronMinute(18, 30), state: 'terminated', scale: 1.1, ran: 11 * 60 + 35 },
    ],
  },
  {
    ns: 'batch',
    kind: 'Job',
    name: 'etl-nightly',
    containers: [ctr('etl', 8.7, 0.12)],
    pods: [{ node: D, state: 'terminated', ran: 1 * HOUR + 38 * 60 }],
  },
  {
    ns: 'monitoring',
    kind: 'StatefulSet',
    name: 'prometheus-k8s',
    containers: [ctr('prometheus', 3.4, 0.13), ctr('config-reloader', 0.0011, 0.07)],
    pods: [{ node: C, age: 6 * DAY }],
  },
  {
    ns: 'monitoring',
    kind: 'DaemonSet',
    name: 'node-exporter',
    containers: [ctr('node-exporter', 0.14, 0.07), ctr('kube-rbac-proxy', 0.0009, 0.07)],
    pods: ALL_NODES.map((node) => ({ node, age: 30 * DAY })),
  },
  {
    ns: 'kepler',
    kind: 'DaemonSet',
    name: 'kepler',
    containers: [ctr('kepler', 0.9, 0.09)],
    pods: ALL_NODES.map((node) => ({ node, age: NODES[node].keplerUptime })),
  },
  {
    ns: 'kube-system',
    kind: 'Deployment',
    name: 'coredns',
    containers: [ctr('coredns', 0.38, 0.06)],
    pods: [
      { node: A, age: 12 * DAY },
      { node: B, age: 12 * DAY },
    ],
  },
  {
    ns: 'kube-system',
    kind: 'DaemonSet',
    name: 'kube-proxy',
    containers: [ctr('kube-proxy', 0.11, 0.06)],
    pods: ALL_NODES.map((node) => ({ node, age: 30 * DAY })),
  },
  {
    ns: 'kube-system',
    kind: 'DaemonSet',
    name: 'aws-node',
    containers: [ctr('aws-node', 0.22, 0.06), ctr('aws-eks-nodeagent', 0.045, 0.06)],
    pods: ALL_NODES.map((node) => ({ node, age: 30 * DAY })),
  },
];

/** Single-process containers that also get process-level series (process W and J = the container's). */
const CONTAINER_PROCESSES = {
  kepler: { comm: 'kepler', exe: '/usr/bin/kepler', cores: 0.06 },
  coredns: { comm: 'coredns', exe: '/coredns', cores: 0.02 },
};

/** Host processes outside any container (type="regular"): package watts and CPU cores used on average. */
const SYSTEM_PROCESSES = [
  { comm: 'systemd', exe: '/usr/lib/systemd/systemd', pid: [1, 1], watts: 0.012, cores: 0.0015 },
  {
    comm: 'systemd-journal',
    exe: '/usr/lib/systemd/systemd-journald',
    pid: [380, 720],
    watts: 0.035,
    cores: 0.003,
  },
  { comm: 'containerd', exe: '/usr/bin/containerd', pid: [2100, 2900], watts: 0.28, cores: 0.02 },
  { comm: 'kubelet', exe: '/usr/bin/kubelet', pid: [3000, 3900], watts: 0.72, cores: 0.045 },
  {
    comm: 'containerd-shim',
    exe: '/usr/bin/containerd-shim-runc-v2',
    pid: [4100, 9000],
    watts: 0.004,
    cores: 4e-4,
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Building the model (integer µW / µJ)

const zoneNames = (node) => node.zones.map((z) => z.zone);

/** Per-zone power of one consumer, from its package watts: dram, and core/uncore where the node has them. */
function zonePower(node, pkgUw, dramFrac, split) {
  const p = { package: pkgUw, dram: Math.max(1, Math.round(pkgUw * dramFrac)) };
  if (zoneNames(node).includes('core')) {
    p.core = Math.round(pkgUw * split.core);
    p.uncore = Math.round(pkgUw * split.uncore);
  }
  return p;
}

const splitDraw = () => ({ core: rng.range(0.6, 0.7), uncore: rng.range(0.09, 0.14) });
const energyOf = (powerUw, seconds, factor) =>
  Object.fromEntries(Object.entries(powerUw).map(([z, uw]) => [z, Math.round(uw * seconds * factor)]));

function podName(w, pod, index) {
  switch (w.kind) {
    case 'Deployment':
      w.hash ??= templateHash();
      return `${w.name}-${w.hash}-${podSuffix()}`;
    case 'StatefulSet':
      return `${w.name}-${index}`;
    case 'CronJob':
      return `${w.name}-${pod.cron}-${podSuffix()}`;
    default: // DaemonSet, Job
      return `${w.name}-${podSuffix()}`;
  }
}

function buildPods() {
  const pods = [];
  for (const w of WORKLOADS) {
    w.pods.forEach((spec, index) => {
      const node = NODES[spec.node];
      const state = spec.state ?? 'running';
      const name = podName(w, spec, index);
      const uid = uuid();
      // Seconds of this pod's life that Kepler has seen (its energy counters start when Kepler first sees it).
      const seen = state === 'terminated' ? spec.ran : Math.min(spec.age, node.bootAge, node.keplerUptime);
      const containers = w.containers.map((c) => {
        const pkgUw = micro(rng.jitter(c.pkg * (spec.scale ?? 1), c.spread));
        const watts = zonePower(node, pkgUw, rng.jitter(c.dramFrac, 0.15), splitDraw());
        const factor = rng.range(0.88, 1.08); // average power over its life vs now
        return {
          name: c.name,
          id: containerId(),
          watts,
          joules: energyOf(watts, seen, factor),
          age: spec.age,
        };
      });
      const sum = (key) =>
        Object.fromEntries(zoneNames(node).map((z) => [z, containers.reduce((s, c) => s + c[key][z], 0)]));
      pods.push({
        namespace: w.ns,
        workload: w.name,
        kind: w.kind,
        name,
        uid,
        node: node.name,
        nodeIndex: spec.node,
        state,
        containers,
        watts: sum('watts'),
        joules: sum('joules'),
      });
    });
  }
  return pods;
}

function buildProcesses(node, pods) {
  const procs = SYSTEM_PROCESSES.map((p) => {
    const watts = zonePower(node, micro(rng.jitter(p.watts, 0.25)), rng.jitter(0.07, 0.2), splitDraw());
    return {
      comm: p.comm,
      exe: p.exe,
      pid: rng.int(p.pid[0], p.pid[1]),
      type: 'regular',
      containerId: '',
      watts,
      joules: energyOf(watts, node.keplerUptime, rng.range(0.9, 1.1)),
      cpuSeconds: Math.round(rng.jitter(p.cores, 0.2) * node.bootAge * 100) / 100,
    };
  });
  for (const pod of pods) {
    if (pod.state !== 'running') continue;
    for (const c of pod.containers) {
      const p = CONTAINER_PROCESSES[c.name];
      if (!p) continue;
      const seen = Math.min(c.age, node.bootAge);
      procs.push({
        comm: p.comm,
        exe: p.exe,
        pid: rng.int(10_000, 60_000),
        type: 'container',
        containerId: c.id,
        watts: c.watts,
        joules: c.joules,
        cpuSeconds: Math.round(rng.jitter(p.cores, 0.2) * seen * 100) / 100,
      });
    }
  }
  return procs;
}

function buildNode(node, pods) {
  const onNode = pods.filter((p) => p.node === node.name);
  const zones = zoneNames(node);
  const cpus = node.sockets * node.coresPerSocket * 2;
  // Kepler's usage ratio: busy / total CPU time over the 5 s interval (USER_HZ 100).
  const totalTicks = cpus * 100 * 5;
  const usageRatio = (Math.round(node.busyTarget * totalTicks) + rng.int(-40, 40)) / totalTicks;
  const processes = buildProcesses(node, onNode);
  const uptime = node.keplerUptime;
  const sysFactor = rng.range(0.92, 1.06);
  const idleFactor = rng.range(0.98, 1.02);

  const zoneData = node.zones.map(({ zone, path: zonePath }) => {
    const podsUw = onNode.reduce((s, p) => s + p.watts[zone], 0);
    const podsUj = onNode.reduce((s, p) => s + p.joules[zone], 0);
    const wattsUw = Math.ceil(podsUw / (1 - node.systemShare) / usageRatio);
    const watts = fromMicro(wattsUw);
    const active = watts * usageRatio; // Kepler: activePower = power x ratio, idlePower = power - activePower
    const idle = watts - active;
    const activeUj = podsUj + Math.round((active * 1e6 - podsUw) * uptime * sysFactor);
    const idleUj = Math.round(idle * 1e6 * uptime * idleFactor);
    // The raw RAPL counter: Kepler seeds active+idle with the first reading and (for aggregated zones) wraps its
    // sum at the sum of the sockets' max_energy_range_uj, so raw = (active + idle) mod range.
    const rawUj = (activeUj + idleUj) % (MAX_RANGE_UJ[zone] * node.sockets);
    return { zone, path: zonePath, podsUw, watts, wattsUw, active, idle, activeUj, idleUj, rawUj };
  });
  return { ...node, zoneList: zones, cpus, usageRatio, processes, zoneData, pods: onNode };
}

// ---------------------------------------------------------------------------------------------------------------
// Self-checks of the construction (the throwaway parse-back check lives outside the repo)

function assert(cond, message) {
  if (!cond) throw new Error(`generate-demo: ${message}`);
}

function checkNode(n) {
  for (const z of n.zoneData) {
    const running = n.pods.filter((p) => p.state === 'running').reduce((s, p) => s + p.watts[z.zone], 0);
    const regular = n.processes.filter((p) => p.type === 'regular').reduce((s, p) => s + p.watts[z.zone], 0);
    assert(running + regular < z.active * 1e6, `${n.name} ${z.zone}: pods + system processes >= active`);
    assert(z.podsUw < z.active * 1e6, `${n.name} ${z.zone}: all pods >= active`);
    const podsUj = n.pods.reduce((s, p) => s + p.joules[z.zone], 0);
    assert(podsUj < z.activeUj, `${n.name} ${z.zone}: pod joules >= node active joules`);
  }
  const byZone = Object.fromEntries(n.zoneData.map((z) => [z.zone, z]));
  if (byZone.core) {
    assert(
      byZone.core.wattsUw + byZone.uncore.wattsUw <= byZone.package.wattsUw,
      `${n.name}: core+uncore > package`,
    );
    for (const p of n.pods) {
      assert(p.watts.core + p.watts.uncore <= p.watts.package, `${p.name}: core+uncore > package`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering (text format 0.0.4, as client_golang's expfmt writes it)

const escapeLabel = (v) => String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const escapeHelp = (v) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function compareTuples(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}

/** A family of plain samples; labels are sorted by name and samples by label values, as the Go client does. */
function family(name, type, help, samples) {
  const rows = samples.map(({ labels, value }) => {
    const keys = Object.keys(labels).sort();
    return { keys, values: keys.map((k) => String(labels[k])), value };
  });
  rows.sort((a, b) => compareTuples(a.values, b.values));
  const lines = rows.map(({ keys, values, value }) => {
    const ls = keys.map((k, i) => `${k}="${escapeLabel(values[i])}"`).join(',');
    return `${name}${ls ? `{${ls}}` : ''} ${goFloat(value)}`;
  });
  return { name, type, help, lines };
}

function goFamilies(n) {
  const ns = (lo, hi) => rng.int(lo, hi) / 1e9; // Go durations are whole nanoseconds
  const quantiles = [ns(19_000, 29_000), ns(33_000, 45_000), ns(48_000, 64_000), ns(72_000, 96_000)];
  quantiles.push(ns(600_000, 1_600_000));
  const count = Math.round(n.keplerUptime / rng.range(9, 11));
  const sum = Math.round(count * rng.range(60_000, 78_000)) / 1e9;
  const q = ['0', '0.25', '0.5', '0.75', '1'];
  const gc = {
    name: 'go_gc_duration_seconds',
    type: 'summary',
    help: 'A summary of the wall-time pause (stop-the-world) duration in garbage collection cycles.',
    lines: [
      ...q.map((qq, i) => `go_gc_duration_seconds{quantile="${qq}"} ${goFloat(quantiles[i])}`),
      `go_gc_duration_seconds_sum ${goFloat(sum)}`,
      `go_gc_duration_seconds_count ${goFloat(count)}`,
    ],
  };
  return [
    gc,
    family('go_goroutines', 'gauge', 'Number of goroutines that currently exist.', [
      { labels: {}, value: rng.int(88, 112) },
    ]),
    family('go_info', 'gauge', 'Information about the Go environment.', [
      { labels: { version: 'go1.23.12' }, value: 1 },
    ]),
    family('go_threads', 'gauge', 'Number of OS threads created.', [{ labels: {}, value: rng.int(16, 22) }]),
    family(
      'promhttp_metric_handler_errors_total',
      'counter',
      'Total number of internal errors encountered by the promhttp metric handler.',
      [
        { labels: { cause: 'encoding' }, value: 0 },
        { labels: { cause: 'gathering' }, value: 0 },
      ],
    ),
  ];
}

const joulesHelp = (level) => `Energy consumption of cpu at ${level} level in joules`;
const wattsHelp = (level) => `Power consumption of cpu at ${level} level in watts`;

function renderNode(n) {
  const node_name = n.name;
  const fams = [...goFamilies(n)];
  fams.push(
    family(
      'kepler_build_info',
      'gauge',
      "A metric with a constant '1' value labeled with version information",
      [
        {
          labels: {
            arch: 'amd64',
            branch: 'HEAD',
            goversion: 'go1.23.12',
            revision: '99d84313',
            version: 'v0.11.2',
          },
          value: 1,
        },
      ],
    ),
  );

  // node
  const nodeZone = (key) =>
    n.zoneData.map((z) => ({ labels: { node_name, path: z.path, zone: z.zone }, value: key(z) }));
  const stateHelp = (what, state, unit) => `${what} of cpu in ${state} state at node level in ${unit}`;
  fams.push(
    family(
      'kepler_node_cpu_joules_total',
      'counter',
      joulesHelp('node'),
      nodeZone((z) => fromMicro(z.rawUj)),
    ),
    family(
      'kepler_node_cpu_watts',
      'gauge',
      wattsHelp('node'),
      nodeZone((z) => z.watts),
    ),
    family(
      'kepler_node_cpu_active_joules_total',
      'counter',
      stateHelp('Energy consumption', 'active', 'joules'),
      nodeZone((z) => fromMicro(z.activeUj)),
    ),
    family(
      'kepler_node_cpu_idle_joules_total',
      'counter',
      stateHelp('Energy consumption', 'idle', 'joules'),
      nodeZone((z) => fromMicro(z.idleUj)),
    ),
    family(
      'kepler_node_cpu_active_watts',
      'gauge',
      stateHelp('Power consumption', 'active', 'watts'),
      nodeZone((z) => z.active),
    ),
    family(
      'kepler_node_cpu_idle_watts',
      'gauge',
      stateHelp('Power consumption', 'idle', 'watts'),
      nodeZone((z) => z.idle),
    ),
    family('kepler_node_cpu_usage_ratio', 'gauge', 'CPU usage ratio of a node (value between 0.0 and 1.0)', [
      { labels: { node_name }, value: n.usageRatio },
    ]),
  );

  // one series per logical CPU: processors 0..N-1 fill socket 0 cores, socket 1 cores, then the SMT siblings
  const cpuInfo = [];
  for (let p = 0; p < n.cpus; p++) {
    const core = p % (n.sockets * n.coresPerSocket);
    cpuInfo.push({
      labels: {
        core_id: core % n.coresPerSocket,
        model_name: n.model,
        physical_id: Math.floor(core / n.coresPerSocket),
        processor: p,
        vendor_id: 'GenuineIntel',
      },
      value: 1,
    });
  }
  fams.push(family('kepler_node_cpu_info', 'gauge', 'CPU information from procfs', cpuInfo));

  // pods and containers (terminated ones keep their last watts and final joules)
  const podSeries = (key) =>
    n.pods.flatMap((p) =>
      n.zoneList.map((zone) => ({
        labels: {
          node_name,
          pod_id: p.uid,
          pod_name: p.name,
          pod_namespace: p.namespace,
          state: p.state,
          zone,
        },
        value: fromMicro(p[key][zone]),
      })),
    );
  const containerSeries = (key) =>
    n.pods.flatMap((p) =>
      p.containers.flatMap((c) =>
        n.zoneList.map((zone) => ({
          labels: {
            container_id: c.id,
            container_name: c.name,
            node_name,
            pod_id: p.uid,
            runtime: 'containerd',
            state: p.state,
            zone,
          },
          value: fromMicro(c[key][zone]),
        })),
      ),
    );
  fams.push(
    family('kepler_pod_cpu_joules_total', 'counter', joulesHelp('pod'), podSeries('joules')),
    family('kepler_pod_cpu_watts', 'gauge', wattsHelp('pod'), podSeries('watts')),
    family(
      'kepler_container_cpu_joules_total',
      'counter',
      joulesHelp('container'),
      containerSeries('joules'),
    ),
    family('kepler_container_cpu_watts', 'gauge', wattsHelp('container'), containerSeries('watts')),
  );

  // processes
  const procLabels = (p) => ({
    comm: p.comm,
    container_id: p.containerId,
    exe: p.exe,
    node_name,
    pid: p.pid,
    type: p.type,
    vm_id: '',
  });
  const procSeries = (key) =>
    n.processes.flatMap((p) =>
      n.zoneList.map((zone) => ({
        labels: { ...procLabels(p), state: 'running', zone },
        value: fromMicro(p[key][zone]),
      })),
    );
  fams.push(
    family('kepler_process_cpu_joules_total', 'counter', joulesHelp('process'), procSeries('joules')),
    family('kepler_process_cpu_watts', 'gauge', wattsHelp('process'), procSeries('watts')),
    family(
      'kepler_process_cpu_seconds_total',
      'counter',
      'Total user and system time of cpu at process level in seconds',
      n.processes.map((p) => ({ labels: procLabels(p), value: p.cpuSeconds })),
    ),
  );

  fams.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out = [];
  for (const f of fams) {
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`, ...f.lines);
  }
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// expected.json and the README totals

const TOTAL_ZONES = ['package', 'dram'];

function buildExpected(nodes, cpuPods, gpuPod) {
  // The GPU node's pod counts like any other; pod power is CPU (package + dram) + GPU, as kcarbon sums it.
  const pods = [...cpuPods, gpuPod];
  const running = pods.filter((p) => p.state === 'running');
  const terminated = pods.filter((p) => p.state === 'terminated');
  const pd = (p) => p.watts.package + p.watts.dram + (p.gpuWatts ?? 0); // µW
  const w = (uw) => round6(fromMicro(uw));
  const namespaces = [...new Set(WORKLOADS.map((x) => x.ns))].sort();

  const nodeNamespace = {};
  const nodeRunning = {};
  for (const n of nodes) {
    const mine = running.filter((p) => p.node === n.name);
    nodeNamespace[n.name] = Object.fromEntries(
      namespaces
        .filter((ns) => mine.some((p) => p.namespace === ns))
        .map((ns) => [ns, w(mine.filter((p) => p.namespace === ns).reduce((s, p) => s + pd(p), 0))]),
    );
    nodeRunning[n.name] = w(mine.reduce((s, p) => s + pd(p), 0));
  }
  const byNamespace = Object.fromEntries(
    namespaces.map((ns) => [ns, w(running.filter((p) => p.namespace === ns).reduce((s, p) => s + pd(p), 0))]),
  );
  const count = (list) =>
    Object.fromEntries(namespaces.map((ns) => [ns, list.filter((p) => p.namespace === ns).length]));

  const top = [...running]
    .sort((a, b) => pd(b) - pd(a) || (a.namespace + a.name < b.namespace + b.name ? -1 : 1))
    .slice(0, 5)
    .map((p, i) => ({
      rank: i + 1,
      namespace: p.namespace,
      pod: p.name,
      node: p.node,
      package: w(p.watts.package),
      dram: w(p.watts.dram),
      gpu: w(p.gpuWatts ?? 0),
      watts: w(pd(p)),
    }));

  const nodeZones = Object.fromEntries(
    nodes.map((n) => [
      n.name,
      Object.fromEntries(
        n.zoneData.map((z) => [
          z.zone,
          { path: z.path, watts: round6(z.watts), active: round6(z.active), idle: round6(z.idle) },
        ]),
      ),
    ]),
  );

  return {
    description:
      'Figures of the bundled demo cluster (fixtures/demo/*.prom), computed by test/support/generate-demo.mjs from its own data. All values are invented.',
    rounding:
      'All watts are rounded to 6 decimal places (half away from zero). Pod and container watts are exact 6-decimal values, so the sums are exact; node active/idle watts are Kepler-style floats (active = watts x usage ratio), rounded here.',
    keplerVersion: 'v0.11.2',
    snapshotTime: new Date(SNAPSHOT_MS).toISOString(),
    zones: TOTAL_ZONES,
    state: 'running',
    nodes: nodes.map((n) => ({
      name: n.name,
      file: `${n.name}.prom`,
      sockets: n.sockets,
      cpus: n.cpus,
      zones: n.zoneList,
      usageRatio: n.usageRatio,
      runningPods: running.filter((p) => p.node === n.name).length,
      terminatedPods: terminated.filter((p) => p.node === n.name).length,
      ...(n.gpu
        ? {
            keplerVersion: 'v0.11.4',
            gpu: { gpus: n.gpu.gpus, active: round6(n.gpu.active), idle: round6(n.gpu.idle) },
          }
        : {}),
    })),
    gpuNode: {
      name: GPU_NODE,
      file: `${GPU_NODE}.prom`,
      keplerVersion: 'v0.11.4',
      gpus: 2,
      pod: {
        namespace: gpuPod.namespace,
        pod: gpuPod.name,
        package: w(gpuPod.watts.package),
        dram: w(gpuPod.watts.dram),
        gpu: w(gpuPod.gpuWatts),
      },
    },
    runningPods: running.length,
    terminatedPods: terminated.length,
    terminated: terminated.map((p) => ({ namespace: p.namespace, pod: p.name, node: p.node })),
    runningPodsByNamespace: count(running),
    clusterRunningWatts: {
      package: w(running.reduce((s, p) => s + p.watts.package, 0)),
      dram: w(running.reduce((s, p) => s + p.watts.dram, 0)),
      gpu: w(running.reduce((s, p) => s + (p.gpuWatts ?? 0), 0)),
      total: w(running.reduce((s, p) => s + pd(p), 0)),
    },
    namespaceRunningWatts: byNamespace,
    nodeRunningWatts: nodeRunning,
    nodeNamespaceRunningWatts: nodeNamespace,
    topPods: top,
    nodeZones,
  };
}

const BEGIN = '<!-- BEGIN GENERATED TOTALS (test/support/generate-demo.mjs) -->';
const END = '<!-- END GENERATED TOTALS -->';

function totalsMarkdown(exp) {
  const lines = [BEGIN, ''];
  lines.push(
    `Snapshot time ${exp.snapshotTime}. Running pods: **${exp.runningPods}**; terminated pods: **${exp.terminatedPods}** ` +
      `(${exp.terminated.map((t) => `\`${t.namespace}/${t.pod}\``).join(', ')}).`,
    '',
    `Cluster running-pod power, package + dram + GPU: **${exp.clusterRunningWatts.total} W** ` +
      `(package ${exp.clusterRunningWatts.package} W, dram ${exp.clusterRunningWatts.dram} W, GPU ${exp.clusterRunningWatts.gpu} W).`,
    '',
    '| Namespace | Running pods | Package + dram + GPU W |',
    '|---|---:|---:|',
  );
  for (const [ns, watts] of Object.entries(exp.namespaceRunningWatts)) {
    lines.push(`| ${ns} | ${exp.runningPodsByNamespace[ns]} | ${watts} |`);
  }
  lines.push(
    '',
    '| Node | Sockets / CPUs | Zones | Usage ratio | Running pods | Pods W (pkg+dram+GPU) | Node package W (active + idle) | Node dram W |',
    '|---|---|---|---:|---:|---:|---:|---:|',
  );
  for (const n of exp.nodes) {
    const z = exp.nodeZones[n.name];
    lines.push(
      `| ${n.name} | ${n.sockets} / ${n.cpus} | ${n.zones.join(', ')} | ${round6(n.usageRatio)} | ${n.runningPods} | ` +
        `${exp.nodeRunningWatts[n.name]} | ${z.package.watts} (${z.package.active} + ${z.package.idle}) | ${z.dram.watts} |`,
    );
  }
  lines.push(
    '',
    'Top 5 pods by package + dram + GPU watts:',
    '',
    '| # | Pod | Node | W |',
    '|---:|---|---|---:|',
  );
  for (const t of exp.topPods) lines.push(`| ${t.rank} | ${t.namespace}/${t.pod} | ${t.node} | ${t.watts} |`);
  lines.push('', END);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Main

/**
 * The GPU node (Kepler v0.11.4, the first release with GPU metrics): one more pod of ml-training-job, on two
 * NVIDIA H100 GPUs, written with the Kepler-faithful writer of fixtures/kepler (after the four CPU nodes, so their
 * random draws are unchanged).
 */
const GPU_NODE = 'ip-10-0-4-88.ap-northeast-2.compute.internal';
const GPU_POD = { name: 'ml-training-job-w4k7p', package: 38.6, dram: 4.4, gpu: 612.0 };
function buildGpuNode() {
  const uptime = 3 * HOUR + 12 * 60;
  const trainer = gpuFixturePod(
    GPU_POD.name,
    'ai-team',
    { package: GPU_POD.package, dram: GPU_POD.dram },
    GPU_POD.gpu,
    uptime,
    'trainer',
  );
  const node = {
    name: GPU_NODE,
    arch: 'amd64',
    branch: 'HEAD',
    revision: '7d1a3b5c',
    version: 'v0.11.4',
    uptime,
    usage: 0.31,
    zones: gpuFixtureZones(
      [
        ['package', '/sys/class/powercap/intel-rapl/intel-rapl:0', 44.1, 71.5],
        ['dram', '/sys/class/powercap/intel-rapl/intel-rapl:0/intel-rapl:0:0', 5.2, 9.8],
      ],
      uptime,
    ),
    gpus: [
      {
        index: '0',
        uuid: 'GPU-3e9d1c44-7b2a-4f80-9c1e-5a6b7c8d9e01',
        name: 'NVIDIA H100 80GB HBM3',
        vendor: 'nvidia',
        active: 318.2,
        idle: 68.0,
        activeJ: 318.2 * uptime,
        idleJ: 68.0 * uptime,
      },
      {
        index: '1',
        uuid: 'GPU-8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d',
        name: 'NVIDIA H100 80GB HBM3',
        vendor: 'nvidia',
        active: 293.8,
        idle: 67.5,
        activeJ: 293.8 * uptime,
        idleJ: 67.5 * uptime,
      },
    ],
    pods: [trainer],
  };
  // In the demo generator's own units (µW) for expected.json.
  const asDemoPod = {
    name: trainer.name,
    namespace: trainer.namespace,
    node: GPU_NODE,
    state: 'running',
    watts: { package: micro(GPU_POD.package), dram: micro(GPU_POD.dram) },
    gpuWatts: micro(GPU_POD.gpu),
  };
  // The node's entry in expected.json, in the shape of the CPU nodes' (its CPU zones; GPU beside).
  const zoneData = node.zones.map((z) => ({
    zone: z.zone,
    path: z.path,
    watts: z.active + z.idle,
    active: z.active,
    idle: z.idle,
  }));
  const summary = {
    name: GPU_NODE,
    sockets: 1,
    cpus: 64,
    zoneList: node.zones.map((z) => z.zone),
    usageRatio: node.usage,
    zoneData,
    gpu: { gpus: 2, active: 318.2 + 293.8, idle: 68.0 + 67.5 },
  };
  return { body: textFormat(exposition(node)), pod: asDemoPod, node: summary };
}

function main(argv) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const outFlag = argv.indexOf('--out');
  const outDir = outFlag >= 0 ? path.resolve(argv[outFlag + 1]) : path.resolve(here, '../../fixtures/demo');

  const pods = buildPods();
  const nodes = NODES.map((n) => buildNode(n, pods));
  nodes.forEach(checkNode);
  const bodies = nodes.map((n) => [`${n.name}.prom`, renderNode(n)]);
  const gpu = buildGpuNode();
  bodies.push([`${GPU_NODE}.prom`, gpu.body]);
  const expected = buildExpected([...nodes, gpu.node], pods, gpu.pod);

  mkdirSync(outDir, { recursive: true });
  const keep = new Set(bodies.map(([f]) => f));
  for (const f of readdirSync(outDir)) {
    if (f.endsWith('.prom') && !keep.has(f)) rmSync(path.join(outDir, f));
  }
  for (const [file, body] of bodies) writeFileSync(path.join(outDir, file), body);
  writeFileSync(path.join(outDir, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);

  const readme = path.join(outDir, 'README.md');
  let text;
  try {
    text = readFileSync(readme, 'utf8');
  } catch {
    text = undefined;
  }
  if (text?.includes(BEGIN) && text.includes(END)) {
    const updated =
      text.slice(0, text.indexOf(BEGIN)) +
      totalsMarkdown(expected) +
      text.slice(text.indexOf(END) + END.length);
    writeFileSync(readme, updated);
  } else {
    process.stderr.write(`note: ${readme} has no generated-totals markers; left alone\n`);
  }
  process.stdout.write(
    `wrote ${bodies.length} node dumps, expected.json to ${path.relative(process.cwd(), outDir) || '.'}: ` +
      `${expected.runningPods} running + ${expected.terminatedPods} terminated pods, ` +
      `${expected.clusterRunningWatts.total} W (package + dram + GPU)\n`,
  );
}

main(process.argv.slice(2));
