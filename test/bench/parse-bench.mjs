// Exposition parser benchmark: `npm run bench` (builds first, runs with --expose-gc).
//
// Generates in memory a deterministic (seeded) Kepler v0.11 node dump of ~26 MB: node, pod, container, VM
// and ~100k process series with the v0.11 label sets (some values with escaped quotes, backslashes and
// newlines), plus go_* with a summary. Then it times, round-robin with a GC before each call, the median of
// several runs after a warm-up:
//   (a) kcarbon full parse, (b) kcarbon keeping only kepler_{pod,node,container}_* and kepler_build_info,
//   (c) parse-prometheus-text-format full parse, (d) `text.split('\n').length`, a floor for raw scanning;
//   plus kcarbon on a Buffer (UTF-8 decoding included).
// It checks that both parsers see the same samples (count and sum of values per family) and exits non-zero
// when they do not; speed never fails the run. MB = 10^6 bytes of UTF-8 input. Knobs:
// KCARBON_BENCH_PROCESSES (default 20000), KCARBON_BENCH_ROUNDS (default 9).
import { performance } from 'node:perf_hooks';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { parseExposition } from '../../dist/parser/index.js';
import { generateNode } from './generate.mjs';

const PROCESSES = Number(process.env.KCARBON_BENCH_PROCESSES ?? 20_000);
const PODS = 300;
const CONTAINERS = 600;
const VMS = 4;
const NODE = 'worker-17.prod.example.internal';
/** Timed rounds (each times every case once, after a warm-up); the median is reported. */
const ROUNDS = Number(process.env.KCARBON_BENCH_ROUNDS ?? 9);

// ---- measurement ---------------------------------------------------------------------------------------

const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};

/**
 * Times the cases round-robin (so a busy machine slows all of them alike): one warm-up call each, then
 * `rounds` rounds of one timed call per case, a full GC before every call. Reports the median per case.
 * Only `summarize(result)` of each case's last call is kept, so no result weighs on the next timings.
 */
function measureAll(cases, rounds) {
  const times = cases.map(() => []);
  const summaries = cases.map((c) => {
    gc();
    return (c.summarize ?? (() => undefined))(c.fn());
  });
  for (let r = 0; r < rounds; r++) {
    cases.forEach((c, k) => {
      gc();
      const t0 = performance.now();
      const result = c.fn();
      times[k].push(performance.now() - t0);
      if (r === rounds - 1 && c.summarize) summaries[k] = c.summarize(result);
    });
  }
  return cases.map((c, k) => {
    const sorted = times[k].sort((x, y) => x - y);
    return { label: c.label, ms: sorted[Math.floor(sorted.length / 2)], summary: summaries[k] };
  });
}

const wantFiltered = (name) =>
  name === 'kepler_build_info' ||
  name.startsWith('kepler_pod_') ||
  name.startsWith('kepler_node_') ||
  name.startsWith('kepler_container_');

/** Samples per family, and the sum of the values of counter, gauge and untyped families. */
function summarizeOurs(r) {
  const counts = new Map();
  const sums = new Map();
  for (const f of r.families.values()) {
    counts.set(f.name, f.samples.length);
    if (f.type === 'counter' || f.type === 'gauge' || f.type === 'untyped') {
      sums.set(
        f.name,
        f.samples.reduce((sum, s) => sum + s.value, 0),
      );
    }
  }
  return { counts, sums, skipped: r.skippedLines, sampleLines: r.sampleLines, warning: r.warnings[0] };
}

/** The same for parse-prometheus-text-format, whose summaries and histograms are folded into one entry. */
function summarizePpt(families) {
  const counts = new Map();
  const sums = new Map();
  for (const f of families) {
    let n = 0;
    let sum = 0;
    for (const m of f.metrics) {
      if (f.type === 'SUMMARY' || f.type === 'HISTOGRAM') {
        n += Object.keys(m.quantiles ?? m.buckets ?? {}).length;
        if (m.count !== undefined) n++;
        if (m.sum !== undefined) n++;
      } else {
        n++;
        sum += Number(m.value);
      }
    }
    counts.set(f.name, (counts.get(f.name) ?? 0) + n);
    if (f.type === 'COUNTER' || f.type === 'GAUGE' || f.type === 'UNTYPED') sums.set(f.name, sum);
  }
  return { counts, sums };
}

function main() {
  const t0 = performance.now();
  const text = generateNode({
    node: NODE,
    pods: PODS,
    containers: CONTAINERS,
    processes: PROCESSES,
    vms: VMS,
  });
  const bytes = Buffer.byteLength(text, 'utf8');
  const buffer = Buffer.from(text, 'utf8');
  const mb = bytes / 1e6;
  const lines = text.split('\n').length - 1;
  console.log(
    `input: ${mb.toFixed(1)} MB, ${lines} lines, ${PROCESSES} processes, ${PODS} pods, ${CONTAINERS} containers` +
      ` (generated in ${((performance.now() - t0) / 1000).toFixed(1)} s; node ${process.version}` +
      `${typeof globalThis.gc === 'function' ? ', gc between runs' : ', no --expose-gc'})`,
  );

  const rows = measureAll(
    [
      { label: 'kcarbon full', fn: () => parseExposition(text), summarize: summarizeOurs },
      {
        label: 'kcarbon filtered (pod/node/container/build_info)',
        fn: () => parseExposition(text, { wantFamily: wantFiltered }),
        summarize: summarizeOurs,
      },
      {
        label: 'kcarbon full, Buffer input (incl. UTF-8 decode)',
        fn: () => parseExposition(buffer),
        summarize: summarizeOurs,
      },
      {
        label: 'parse-prometheus-text-format full',
        fn: () => parsePrometheusTextFormat(text),
        summarize: summarizePpt,
      },
      { label: "anchor: text.split('\\n').length", fn: () => text.split('\n').length },
    ],
    ROUNDS,
  );

  const w = Math.max(...rows.map((r) => r.label.length));
  console.log(`\n${'parser'.padEnd(w)}  ${'median ms'.padStart(10)}  ${'MB/s'.padStart(8)}`);
  for (const r of rows) {
    console.log(
      `${r.label.padEnd(w)}  ${r.ms.toFixed(1).padStart(10)}  ${(mb / (r.ms / 1000)).toFixed(1).padStart(8)}`,
    );
  }
  const [full, filtered, fromBuffer, ppt] = rows;
  console.log(`\nkcarbon full / parse-prometheus-text-format:     ${(ppt.ms / full.ms).toFixed(2)}x`);
  console.log(`kcarbon filtered / parse-prometheus-text-format: ${(ppt.ms / filtered.ms).toFixed(2)}x`);

  // Do both parsers see the same samples?
  const ours = full.summary;
  const theirs = ppt.summary;
  const problems = [];
  let total = 0;
  if (ours.skipped !== 0)
    problems.push(`kcarbon skipped ${ours.skipped} lines: ${JSON.stringify(ours.warning)}`);
  for (const [name, n] of theirs.counts) {
    total += n;
    const got = ours.counts.get(name) ?? 0;
    if (got !== n) problems.push(`${name}: kcarbon ${got} samples, parse-prometheus-text-format ${n}`);
    const [a, b] = [ours.sums.get(name), theirs.sums.get(name)];
    if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) problems.push(`${name}: value sums ${a} != ${b}`);
  }
  for (const name of ours.counts.keys()) {
    if (!theirs.counts.has(name)) problems.push(`${name}: only kcarbon has it`);
  }
  if (ours.sampleLines !== total) problems.push(`sample lines: kcarbon ${ours.sampleLines}, ppt ${total}`);
  for (const [name, n] of fromBuffer.summary.counts) {
    if (ours.counts.get(name) !== n) problems.push(`Buffer input: ${name} differs`);
  }
  if (fromBuffer.summary.counts.size !== ours.counts.size) problems.push('Buffer input: families differ');
  const wanted = [...ours.counts.keys()].filter(wantFiltered);
  for (const [name, n] of filtered.summary.counts) {
    if (!wantFiltered(name)) problems.push(`filtered parse kept ${name}`);
    else if (n !== ours.counts.get(name)) problems.push(`filtered ${name}: ${n} samples`);
  }
  if (filtered.summary.counts.size !== wanted.length) problems.push('filtered parse lost families');
  const ok = problems.length === 0;
  if (ok) {
    console.log(
      `\nsample-count check: OK (${ours.counts.size} families, ${total} samples; same counts and value sums in` +
        ` both parsers; Buffer input identical; filtered parse kept ${filtered.summary.counts.size} families)`,
    );
  } else {
    console.log(`\nsample-count check: FAILED\n  ${problems.slice(0, 20).join('\n  ')}`);
  }
  console.log(`total bench time ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (!ok) process.exitCode = 1;
}

main();
