/**
 * A generated Kepler history for backfilling a real Prometheus (promtool tsdb create-blocks-from openmetrics),
 * with the truth each test compares against computed from the same definitions:
 *
 *  - 2026-01-13 04:00 → 2026-01-15 06:00 UTC (50 h), scraped every 60 s:
 *      shop/checkout-7d4b9c8f6d-x2x9z   a service at 30 W package + 5 W dram all the time; its counters reset
 *                                       (Kepler restart) at 2026-01-14 10:30:30;
 *      shop/cart-6d9f8b7c5d-q7w8z       20 W + 4 W, stored with exported_pod_name/exported_pod_namespace (Kepler
 *                                       scraped with honor_labels: false; pod_name/pod_namespace are the target's);
 *      batch/nightly-report-<min>-<5>   a CronJob 02:00–05:00 KST (17:00–20:00 UTC) each day, 40 W + 6 W, a new pod
 *                                       each day, exported as state="terminated" for 10 min after it ends;
 *      batch/daytime-etl-<min>-<5>      the same 11:00–15:00 KST (02:00–06:00 UTC);
 *  - 2026-01-13 02:00 → 04:00, every 15 min: 2,000 pods in namespaces scale-00..scale-09, 2 W package each;
 *  - 2026-01-10 10:00 → 12:20, every 60 s: glitch/tail on tail-node, 10 W package (its data end inside an hour);
 *  - 2026-01-12 22:00 → 2026-01-13 00:00, every 60 s: legacy Kepler 0.7–0.9 counters
 *      (kepler_container_{package,dram}_joules_total{mode="dynamic"}) of legacy/old-app-0 (two containers,
 *      8 W + 2 W package and 1 W dram each), and of Kepler's pseudo-pods for the node's other processes,
 *      system/system_processes (50 W package) and kernel/kernel_processes (5 W), which are no workloads;
 *  - 2026-01-12 07:30 → 12:00, every 60 s, with `up` and kepler_build_info: two nodes of 10 W package pods —
 *      dup/web on dup-node, whose exporter two jobs scrape (kepler, and kepler-dup as a ServiceMonitor would with
 *      endpoint/namespace/pod/service labels: every series twice; kepler-dup could not scrape it 10:00–11:00,
 *      kepler could); roll/app on roll-node, scraped by a ServiceMonitor job naming the instance by node, whose
 *      Kepler pod was replaced at 09:30 (the series before and after differ in `pod`); and down/api on down-node, whose
 *      exporter Prometheus could not scrape from 10:00 to 11:00
 *      (up 0, no other sample; the counter went on, so the next reading holds that hour's joules).
 * Counters start at 0 when a pod starts; values are joules.
 */
import { writeFileSync } from 'node:fs';

const T = (s: string) => Date.parse(s);
export const MAIN_START = T('2026-01-13T04:00:00Z');
export const MAIN_END = T('2026-01-15T06:00:00Z');
export const SCALE_START = T('2026-01-13T02:00:00Z');
export const SCALE_END = T('2026-01-13T04:00:00Z');
export const LEGACY_START = T('2026-01-12T22:00:00Z');
export const LEGACY_END = T('2026-01-13T00:00:00Z');
export const SCALE_PODS = 2000;
/** Two hours of two pods of node nan-node, one of which exported a NaN reading at NAN_AT. */
export const NAN_START = T('2026-01-12T18:00:00Z');
export const NAN_END = T('2026-01-12T20:00:00Z');
export const NAN_AT = T('2026-01-12T19:00:00Z');
/** Two hours of one pod (node lonely-node) whose last reading, at LONELY_END, is NaN. */
/** Duplicate scrapes and a target down for an hour (DOWN_FROM to DOWN_TO). */
export const TWIN_START = T('2026-01-12T07:30:00Z');
export const TWIN_END = T('2026-01-12T12:00:00Z');
export const DOWN_FROM = T('2026-01-12T10:00:00Z');
export const DOWN_TO = T('2026-01-12T11:00:00Z');
/** roll-node's Kepler pod replaced (its series then carry another `pod` label; the workload's counter goes on). */
export const ROLLOUT_AT = T('2026-01-12T09:30:00Z');
export const LONELY_START = T('2026-01-12T14:00:00Z');
export const LONELY_END = T('2026-01-12T16:00:00Z');
/**
 * One 10 W pod (node tail-node) from TAIL_START, scraped 30 s into each minute; its data end inside an hour, the last
 * reading 30 s before TAIL_END (12:20). (More than a day before the other data: no period of theirs has it before.)
 */
export const TAIL_START = T('2026-01-10T10:00:00Z');
export const TAIL_END = T('2026-01-10T12:20:00Z');
const RESET_AT = T('2026-01-14T10:30:30Z');

interface Run {
  namespace: string;
  pod: string;
  id: string;
  node: string;
  /** [start, end) ms and watts per zone */
  start: number;
  end: number;
  watts: Record<string, number>;
  exported?: boolean;
}

const NODE = 'ip-10-0-1-17.ap-northeast-2.compute.internal';
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function cronRuns(name: string, startUtcHour: number, hours: number): Run[] {
  const runs: Run[] = [];
  for (let day = T('2026-01-13T00:00:00Z'); day < MAIN_END; day += 86_400_000) {
    const start = day + startUtcHour * 3_600_000;
    const end = start + hours * 3_600_000;
    if (start < MAIN_START || end > MAIN_END) continue;
    const minute = start / 60_000;
    const suffix = Array.from({ length: 5 }, (_, i) => ALPHABET[(minute + i * 7) % ALPHABET.length]).join('');
    runs.push({
      namespace: 'batch',
      pod: `${name}-${minute}-${suffix}`,
      id: `00000000-0000-4000-8000-${String(minute).padStart(12, '0')}`,
      node: NODE,
      start,
      end,
      watts: { package: 40, dram: 6 },
    });
  }
  return runs;
}

export const RUNS: Run[] = [
  {
    namespace: 'shop',
    pod: 'checkout-7d4b9c8f6d-x2x9z',
    id: '11111111-0000-4000-8000-000000000001',
    node: NODE,
    start: MAIN_START,
    end: MAIN_END,
    watts: { package: 30, dram: 5 },
  },
  {
    namespace: 'shop',
    pod: 'cart-6d9f8b7c5d-q7w8z',
    id: '11111111-0000-4000-8000-000000000002',
    node: NODE,
    start: MAIN_START,
    end: MAIN_END,
    watts: { package: 20, dram: 4 },
    exported: true,
  },
  ...cronRuns('nightly-report', 17, 3),
  ...cronRuns('daytime-etl', 2, 4),
];

/** Generated truth: kWh a workload (pod name prefix) drew in [from, to). */
export function truthKwh(prefix: string, from: number, to: number): number {
  let j = 0;
  for (const r of RUNS.filter((x) => x.pod.startsWith(prefix))) {
    const s = Math.max(r.start, from);
    const e = Math.min(r.end, to);
    if (e > s) j += ((e - s) / 1000) * Object.values(r.watts).reduce((a, b) => a + b, 0);
  }
  return j / 3.6e6;
}

const esc = (v: string) => v.replaceAll('\\', '\\\\').replaceAll('"', '\\"');
const labels = (l: Record<string, string>) =>
  `{${Object.entries(l)
    .map(([k, v]) => `${k}="${esc(v)}"`)
    .join(',')}}`;

/** The OpenMetrics text promtool backfills (samples time-ordered per series). */
export function historyOpenMetrics(): string {
  const pod: string[] = [];
  const STEP = 60_000;
  for (let t = MAIN_START; t <= MAIN_END; t += STEP) {
    for (const r of RUNS) {
      const running = t >= r.start && t <= r.end;
      const terminated = t > r.end && t <= r.end + 10 * 60_000 && r.end < MAIN_END;
      if (!running && !terminated) continue;
      const since = r.pod.startsWith('checkout') && t >= RESET_AT ? RESET_AT : r.start;
      const tt = Math.min(t, r.end);
      for (const [zone, w] of Object.entries(r.watts)) {
        const l: Record<string, string> = r.exported
          ? {
              exported_pod_name: r.pod,
              exported_pod_namespace: r.namespace,
              pod_name: 'kepler-7xk2p',
              pod_namespace: 'kepler',
            }
          : { pod_name: r.pod, pod_namespace: r.namespace };
        Object.assign(l, {
          instance: '10.0.1.17:28282',
          job: 'kepler',
          node_name: r.node,
          pod_id: r.id,
          state: running ? 'running' : 'terminated',
          zone,
        });
        pod.push(`kepler_pod_cpu_joules_total${labels(l)} ${((tt - since) / 1000) * w} ${t / 1000}`);
      }
    }
  }
  for (let t = SCALE_START; t <= SCALE_END; t += 15 * 60_000) {
    for (let i = 0; i < SCALE_PODS; i++) {
      const l = {
        instance: `10.0.${i % 8}.1:28282`,
        job: 'kepler',
        node_name: `scale-node-${i % 8}`,
        pod_id: `22222222-0000-4000-8000-${String(i).padStart(12, '0')}`,
        pod_name: `svc-${i}-7d4b9c8f6d-abcde`,
        pod_namespace: `scale-${String(i % 10).padStart(2, '0')}`,
        state: 'running',
        zone: 'package',
      };
      pod.push(`kepler_pod_cpu_joules_total${labels(l)} ${((t - SCALE_START) / 1000) * 2} ${t / 1000}`);
    }
  }
  // steady: 10 W; glitchy: 5 W, but its reading at NAN_AT is NaN (a broken meter Prometheus stored as is).
  for (let t = NAN_START; t <= NAN_END; t += 60_000) {
    for (const [name, w] of [
      ['steady', 10],
      ['glitchy', 5],
    ] as const) {
      const l = {
        instance: '10.0.7.7:28282',
        job: 'kepler',
        node_name: 'nan-node',
        pod_id: `33333333-0000-4000-8000-00000000000${name === 'steady' ? 1 : 2}`,
        pod_name: name,
        pod_namespace: 'glitch',
        state: 'running',
        zone: 'package',
      };
      const v = name === 'glitchy' && t === NAN_AT ? 'NaN' : String(((t - NAN_START) / 1000) * w);
      pod.push(`kepler_pod_cpu_joules_total${labels(l)} ${v} ${t / 1000}`);
    }
  }
  for (let t = LONELY_START; t <= LONELY_END; t += 60_000) {
    const l = {
      instance: '10.0.7.8:28282',
      job: 'kepler',
      node_name: 'lonely-node',
      pod_id: '33333333-0000-4000-8000-000000000003',
      pod_name: 'lonely',
      pod_namespace: 'glitch',
      state: 'running',
      zone: 'package',
    };
    const v = t === LONELY_END ? 'NaN' : String(((t - LONELY_START) / 1000) * 5);
    pod.push(`kepler_pod_cpu_joules_total${labels(l)} ${v} ${t / 1000}`);
  }
  for (let t = TAIL_START + 30_000; t < TAIL_END; t += 60_000) {
    const l = {
      instance: '10.0.7.9:28282',
      job: 'kepler',
      node_name: 'tail-node',
      pod_id: '33333333-0000-4000-8000-000000000004',
      pod_name: 'tail',
      pod_namespace: 'glitch',
      state: 'running',
      zone: 'package',
    };
    pod.push(`kepler_pod_cpu_joules_total${labels(l)} ${((t - TAIL_START) / 1000) * 10} ${t / 1000}`);
  }
  const up: string[] = [];
  const build: string[] = [];
  // Scraped 30 s into each minute, as real scrapes are not on the hour: a range [h, h + 1h] is the same whether
  // Prometheus closes it at both ends (2.x) or only at the end (3.x).
  for (let t = TWIN_START + 30_000; t < TWIN_END; t += 60_000) {
    const targets = [
      { node: 'dup-node', ns: 'dup', pod: 'web', instance: '10.0.8.1:28282', jobs: ['kepler', 'kepler-dup'] },
      { node: 'down-node', ns: 'down', pod: 'api', instance: '10.0.8.2:28282', jobs: ['kepler'] },
      // Kepler's own ServiceMonitor names the instance by node; its Kepler pod was replaced at 09:30 (a rollout).
      { node: 'roll-node', ns: 'roll', pod: 'app', instance: 'roll-node', jobs: ['kepler-sm'] },
    ];
    for (const x of targets) {
      for (const job of x.jobs) {
        // down-node's only job, and dup-node's second one (its first still scrapes it: nothing is missing).
        const down = (x.node === 'down-node' || job === 'kepler-dup') && t > DOWN_FROM && t < DOWN_TO;
        // kepler-dup is a ServiceMonitor's job: the Prometheus Operator adds its target labels to every series.
        const target = {
          instance: x.instance,
          job,
          ...(job === 'kepler-dup'
            ? { endpoint: 'http', namespace: 'kepler', pod: 'kepler-7xk2p', service: 'kepler' }
            : {}),
          ...(job === 'kepler-sm'
            ? {
                endpoint: 'http',
                namespace: 'kepler',
                pod: t < ROLLOUT_AT ? 'kepler-old01' : 'kepler-new02',
                service: 'kepler',
              }
            : {}),
        };
        up.push(`up${labels(target)} ${down ? 0 : 1} ${t / 1000}`);
        if (down) continue;
        build.push(`kepler_build_info${labels({ ...target, version: 'v0.11.2' })} 1 ${t / 1000}`);
        const l = {
          ...target,
          node_name: x.node,
          pod_id: `44444444-0000-4000-8000-00000000000${['dup-node', 'down-node', 'roll-node'].indexOf(x.node) + 1}`,
          pod_name: x.pod,
          pod_namespace: x.ns,
          state: 'running',
          zone: 'package',
        };
        pod.push(`kepler_pod_cpu_joules_total${labels(l)} ${((t - TWIN_START) / 1000) * 10} ${t / 1000}`);
      }
    }
  }
  const legacy: Record<string, string[]> = { package: [], dram: [] };
  for (let t = LEGACY_START; t <= LEGACY_END; t += 60_000) {
    const s = (t - LEGACY_START) / 1000;
    // Kepler 0.7–0.9 writes the node's other processes as containers of pseudo-pods (system/system_processes,
    // kernel/kernel_processes): not workloads.
    for (const [c, w, namespace, pod] of [
      ['app', 8, 'legacy', 'old-app-0'],
      ['sidecar', 2, 'legacy', 'old-app-0'],
      ['system_processes', 50, 'system', 'system_processes'],
      ['kernel_processes', 5, 'kernel', 'kernel_processes'],
    ] as const) {
      const l = {
        container_id: c.endsWith('_processes') ? c : `c-${c}`,
        container_name: c,
        container_namespace: namespace,
        instance: '10.0.9.9:9102',
        job: 'kepler',
        mode: 'dynamic',
        pod_name: pod,
        source: 'rapl-sysfs',
      };
      legacy.package!.push(`kepler_container_package_joules_total${labels(l)} ${s * w} ${t / 1000}`);
      legacy.dram!.push(`kepler_container_dram_joules_total${labels(l)} ${s * 1} ${t / 1000}`);
    }
  }
  return [
    '# TYPE kepler_pod_cpu_joules counter',
    ...pod,
    '# TYPE kepler_container_package_joules counter',
    ...legacy.package!,
    '# TYPE kepler_container_dram_joules counter',
    ...legacy.dram!,
    '# TYPE up gauge',
    ...up,
    '# TYPE kepler_build_info gauge',
    ...build,
    '# EOF',
    '',
  ].join('\n');
}

export function writeHistory(file: string): void {
  writeFileSync(file, historyOpenMetrics());
}
