#!/usr/bin/env node
/**
 * Generates fixtures/demo/history/counters.json: two typical days (48 h, hourly readings) of the demo cluster's
 * pod joules counters, so `kcarbon ... --demo --since 24h` shows a period without a Prometheus.
 *
 *  - every running pod of the demo dumps (fixtures/demo/*.prom) draws its current watts, per CPU zone and GPU,
 *    all the time;
 *  - two CronJobs in namespace `batch`, with a new pod each day as Kubernetes names them
 *    (<cronjob>-<scheduled minute since the epoch>-<5 chars>): `nightly-report` 02:00–05:00 KST
 *    (17:00–20:00 UTC) and `daytime-etl` 11:00–15:00 KST (02:00–06:00 UTC), 40 W package + 6 W dram each.
 *
 * All values are invented and deterministic (no clock, no randomness). Re-running gives the same file.
 *   node test/support/generate-demo-history.mjs
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DEMO = fileURLToPath(new URL('../../fixtures/demo/', import.meta.url));
const START = Date.UTC(2025, 10, 19, 0, 0, 0);
const HOURS = 48;
const STEP = 3600;
/** Uptime before the history starts, so services' counters do not start at 0. */
const UPTIME_H = 100;

const LINE = /^kepler_pod_(cpu|gpu)_watts\{([^}]*)\} (\S+)$/;
const series = [];
for (const file of readdirSync(DEMO)
  .filter((f) => f.endsWith('.prom'))
  .sort()) {
  for (const line of readFileSync(path.join(DEMO, file), 'utf8').split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...m[2].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (labels.state !== 'running') continue;
    delete labels.state;
    const watts = Number(m[3]);
    const joules = Array.from({ length: HOURS + 1 }, (_, i) => round((UPTIME_H + i) * STEP * watts));
    series.push({ metric: `kepler_pod_${m[1]}_joules_total`, labels, joules });
  }
}

const CRONJOBS = [
  { name: 'nightly-report', startUtc: 17, hours: 3, node: 'ip-10-0-2-143.ap-northeast-2.compute.internal' },
  { name: 'daytime-etl', startUtc: 2, hours: 4, node: 'ip-10-0-1-208.ap-northeast-2.compute.internal' },
];
const ZONES = { package: 40, dram: 6 };
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
for (const job of CRONJOBS) {
  for (let day = 0; day < HOURS / 24; day++) {
    const startMs = START + (day * 24 + job.startUtc) * 3_600_000;
    const minute = startMs / 60_000;
    const suffix = Array.from(
      { length: 5 },
      (_, i) => ALPHABET[(minute * (i + 7) + day * 13 + i) % ALPHABET.length],
    ).join('');
    const pod = `${job.name}-${minute}-${suffix}`;
    const id = `00000000-0000-4000-8000-${String(minute).padStart(12, '0')}`;
    const first = day * 24 + job.startUtc;
    for (const [zone, watts] of Object.entries(ZONES)) {
      const joules = Array.from({ length: HOURS + 1 }, (_, i) =>
        i < first || i > first + job.hours ? null : round((i - first) * STEP * watts),
      );
      series.push({
        metric: 'kepler_pod_cpu_joules_total',
        labels: { node_name: job.node, pod_id: id, pod_name: pod, pod_namespace: 'batch', zone },
        joules,
      });
    }
  }
}

function round(x) {
  return Math.round(x * 1000) / 1000;
}

const out = {
  comment:
    'Invented history of the demo cluster (test/support/generate-demo-history.mjs): pod joules counters read hourly for 48 h. Services draw their demo watts all day; batch/nightly-report runs 02:00-05:00 KST and batch/daytime-etl 11:00-15:00 KST, a new pod each day. kcarbon repeats these two days onto the days a period asks for.',
  start: new Date(START).toISOString(),
  step_seconds: STEP,
  series,
};
writeFileSync(path.join(DEMO, 'history', 'counters.json'), `${JSON.stringify(out)}\n`);
console.log(`wrote ${series.length} series`);
