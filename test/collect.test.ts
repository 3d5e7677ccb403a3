/**
 * The fast path (src/parser/scan.ts + src/kepler/collect.ts) against the full one (parseExposition +
 * buildSnapshot): for generated Kepler node dumps, with and without the oddities the fast path leaves to the
 * full parser, the fast snapshot is either undefined or exactly the full path's — and plain dumps do take the
 * fast path. The seed is fixed (FC_SEED overrides it).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSnapshot, keplerFamilies, MODEL_LABELS } from '../src/kepler/build.js';
import { collectSnapshot } from '../src/kepler/collect.js';
import type { KeplerSnapshot } from '../src/kepler/model.js';
import { filterExposition, parseExposition, parseKept, scanPlain } from '../src/parser/index.js';

const SEED = Number(process.env.FC_SEED ?? 20261201);
const runs = (n: number) => ({ seed: SEED, numRuns: n });
const scrape = { origin: 'node.prom', nodeHint: 'hint', fetchedAt: new Date(0) };

/** Both paths over the same kept lines; the full path's error message when it throws. */
function both(text: string, want = keplerFamilies([])) {
  const kept = filterExposition(text, want);
  const fast = collectSnapshot(kept.bytes, { wantFamily: want }, scrape);
  let full: KeplerSnapshot | string;
  try {
    full = buildSnapshot(parseKept(kept, { wantFamily: want, origin: scrape.origin }), scrape);
  } catch (err) {
    full = (err as Error).message;
  }
  return { fast, full };
}

const BUILD = 'kepler_build_info{arch="amd64",version="v0.11.2"} 1\n';
const HEAD = (name: string, type = 'gauge') => `# HELP ${name} help text\n# TYPE ${name} ${type}\n`;

interface GenPod {
  id: string;
  name?: string;
  ns: string;
  state: string;
  zones: string[];
  watts: number;
  joules: number;
  node: string;
}

const pod = fc.record({
  // A small pool, so pods share ids (same pod in two states, or repeated).
  id: fc.constantFrom('', 'a1', 'b2', 'c3', 'd4', 'e5', '0f6'),
  name: fc.option(fc.constantFrom('web-1', 'db-0', 'job-x'), { nil: undefined }),
  ns: fc.constantFrom('default', 'ml'),
  state: fc.constantFrom('running', 'running', 'terminated', 'unknown'),
  zones: fc.subarray(['package', 'dram', 'package-1', 'Core', 'psys'], { minLength: 0, maxLength: 3 }),
  watts: fc.oneof(fc.double({ min: 0, max: 500, noNaN: true }), fc.integer({ min: 0, max: 9 })),
  joules: fc.double({ min: 0, max: 1e9, noNaN: true }),
  node: fc.constantFrom('worker-1', 'worker-2', ''),
});

/** Oddities that send a dump to the full path (or test its edges). */
const rare = fc.constantFrom(false, false, false, false, false, true);
const odd = fc.record({
  jouleFirst: fc.boolean(),
  shuffleLabels: fc.boolean(),
  extraLabel: fc.boolean(),
  duplicate: rare,
  badValue: rare,
  escape: rare,
  timestamp: rare,
  crlf: rare,
  noBuildInfo: rare,
  gpu: fc.boolean(),
  containers: fc.boolean(),
  malformed: rare,
  nodeSeries: fc.boolean(),
});
type Odd = typeof odd extends fc.Arbitrary<infer T> ? T : never;

function line(name: string, labels: [string, string][], value: number, o: Partial<Odd>, k: number) {
  const ls = o.shuffleLabels && k % 2 === 1 ? [...labels].reverse() : labels;
  const text = ls.map(([n, v]) => `${n}="${v}"`).join(',');
  return `${name}{${text}} ${value}${o.timestamp && k === 0 ? ' 1700000000000' : ''}\n`;
}

function dump(pods: GenPod[], o: Partial<Odd>): string {
  let out = '# a comment\n';
  if (!o.noBuildInfo) out += HEAD('kepler_build_info') + BUILD;
  if (o.nodeSeries) {
    out += HEAD('kepler_node_cpu_watts');
    out +=
      'kepler_node_cpu_watts{node_name="worker-1",path="/sys/class/powercap/intel-rapl",zone="package"} 120.5\n';
    out +=
      'kepler_node_cpu_watts{node_name="worker-1",path="/sys/class/powercap/intel-rapl",zone="dram"} 20.25\n';
    out += HEAD('kepler_node_cpu_idle_watts');
    out += 'kepler_node_cpu_idle_watts{node_name="worker-1",zone="package"} 40\n';
  }
  const fams: [string, 'watts' | 'joules'][] = [
    ['kepler_pod_cpu_watts', 'watts'],
    ['kepler_pod_cpu_joules_total', 'joules'],
  ];
  if (o.jouleFirst) fams.reverse();
  let k = 0;
  for (const [fam, field] of fams) {
    out += HEAD(fam, field === 'joules' ? 'counter' : 'gauge');
    for (const p of pods) {
      for (const zone of p.zones) {
        const labels: [string, string][] = [
          ['node_name', p.node],
          ['pod_id', p.id],
          ...(p.name === undefined ? [] : ([['pod_name', p.name]] as [string, string][])),
          ['pod_namespace', p.ns],
          ['state', p.state],
          ['zone', zone],
        ];
        if (o.extraLabel && k % 3 === 0) labels.push(['instance', `10.0.0.${k % 2}:28282`]);
        out += line(fam, labels, field === 'watts' ? p.watts : p.joules, o, k++);
      }
    }
  }
  if (o.gpu) {
    out += HEAD('kepler_pod_gpu_watts');
    for (const p of pods) out += `kepler_pod_gpu_watts{pod_id="${p.id}",state="${p.state}"} 3.5\n`;
  }
  if (o.containers) {
    out += HEAD('kepler_container_cpu_watts');
    for (const p of pods)
      out += `kepler_container_cpu_watts{container_id="c-${p.id}",container_name="app",pod_id="${p.id}",state="${p.state}",zone="package"} 1.25\n`;
  }
  if (o.duplicate && pods.length > 0 && pods[0]!.zones.length > 0) {
    const p = pods[0]!;
    out += `kepler_pod_cpu_watts{node_name="${p.node}",pod_id="${p.id}",pod_namespace="${p.ns}",state="${p.state}",zone="${p.zones[0]}"${p.name === undefined ? '' : `,pod_name="${p.name}"`}} 1\n`;
  }
  if (o.badValue) out += 'kepler_pod_cpu_watts{pod_id="zz",state="running",zone="package"} -5\n';
  if (o.escape) out += 'kepler_pod_cpu_watts{pod_id="esc",pod_name="a\\"b",zone="dram"} 2\n';
  if (o.malformed) out += 'kepler_pod_cpu_watts{pod_id="mal" 2\n';
  return o.crlf ? out.replaceAll('\n', '\r\n') : out;
}

describe('fast path (scan + collect) against the full parser and model', () => {
  it('gives the full path snapshot or nothing, for any generated dump', () => {
    let taken = 0;
    fc.assert(
      fc.property(fc.array(pod, { maxLength: 12 }), odd, (pods, o) => {
        const text = dump(pods, o);
        for (const want of [keplerFamilies([]), keplerFamilies()]) {
          const { fast, full } = both(text, want);
          if (fast === undefined) continue;
          taken++;
          expect(fast).toStrictEqual(full);
        }
      }),
      runs(400),
    );
    // The comparison is not vacuous: the fast path answers for a good share of the dumps.
    expect(taken).toBeGreaterThan(100);
  });

  it('takes the fast path for plain dumps (in either family order, with node, GPU and container series)', () => {
    const distinct = fc.uniqueArray(pod, {
      selector: (p) => `${p.id || `${p.ns}/${p.name}`}|${p.state === 'terminated'}`,
      maxLength: 12,
    });
    fc.assert(
      fc.property(distinct, fc.boolean(), fc.boolean(), fc.boolean(), (pods, jouleFirst, gpu, containers) => {
        // Every pod is a workload (an id or a name): a key-less line is the full path's.
        const named = pods.map((p) => (p.id || p.name ? p : { ...p, id: 'x9' }));
        const unique = [...new Map(named.map((p) => [`${p.id}|${p.state === 'terminated'}`, p])).values()];
        const text = dump(unique, { jouleFirst, gpu, containers, nodeSeries: true, shuffleLabels: true });
        for (const want of [keplerFamilies([]), keplerFamilies()]) {
          const { fast, full } = both(text, want);
          expect(fast).toBeDefined();
          expect(fast).toStrictEqual(full);
        }
      }),
      runs(200),
    );
  });

  it('orders pods as the model does: by their first watts series, then those with joules only', () => {
    const text =
      HEAD('kepler_build_info') +
      BUILD +
      HEAD('kepler_pod_cpu_joules_total', 'counter') +
      'kepler_pod_cpu_joules_total{pod_id="only-j",pod_name="j",node_name="n2",zone="package"} 5\n' +
      'kepler_pod_cpu_joules_total{pod_id="both",pod_name="b",node_name="n1",zone="package"} 7\n' +
      HEAD('kepler_pod_cpu_watts') +
      'kepler_pod_cpu_watts{pod_id="both",pod_name="b",node_name="n3",zone="package"} 2\n';
    const { fast, full } = both(text);
    expect(fast).toStrictEqual(full);
    // The pod's node comes from its watts series (read first by the model), not the joules line before it.
    expect(fast!.pods.map((p) => [p.id, p.node])).toEqual([
      ['both', 'n3'],
      ['only-j', 'n2'],
    ]);
  });

  it('reads a family that repeats the pods of the one before like any other (same text, or not)', () => {
    // The second family's lines are mostly the first family's label texts again (the collector looks for the
    // next pod by its labels' text): a line that differs, a missing pod, zones in another order and a pod whose
    // first watts line carries other labels must give the model's snapshot all the same.
    const j = (id: string, name: string, zone: string, v: number) =>
      `kepler_pod_cpu_joules_total{node_name="n1",pod_id="${id}",pod_name="${name}",state="running",zone="${zone}"} ${v}\n`;
    const w = (id: string, name: string, zone: string, v: number) =>
      `kepler_pod_cpu_watts{node_name="n1",pod_id="${id}",pod_name="${name}",state="running",zone="${zone}"} ${v}\n`;
    const text =
      HEAD('kepler_build_info') +
      BUILD +
      HEAD('kepler_pod_cpu_joules_total', 'counter') +
      j('a', 'a-1', 'dram', 1) +
      j('a', 'a-1', 'package', 2) +
      j('b', 'b-1', 'dram', 3) +
      j('b', 'b-1', 'package', 4) +
      j('c', 'c-1', 'dram', 5) +
      j('c', 'c-1', 'package', 6) +
      j('d', 'd-1', 'dram', 7) +
      HEAD('kepler_pod_cpu_watts') +
      // a: as before; b: its first watts line names it otherwise (the model takes that name), its second is
      // the joules line's text; c: missing; d: zones in another order, and one more.
      w('a', 'a-1', 'dram', 0.5) +
      w('a', 'a-1', 'package', 1.5) +
      w('b', 'b-2', 'dram', 2.5) +
      w('b', 'b-1', 'package', 3.5) +
      w('d', 'd-1', 'package', 4.5) +
      w('d', 'd-1', 'dram', 5.5);
    const { fast, full } = both(text);
    expect(fast).toBeDefined();
    expect(fast).toStrictEqual(full);
    expect(fast!.pods.map((p) => [p.id, p.name])).toEqual([
      ['a', 'a-1'],
      ['b', 'b-2'],
      ['d', 'd-1'],
      ['c', 'c-1'],
    ]);
    // A line repeated in the second family is a duplicate there: the full path's.
    expect(both(text + w('d', 'd-1', 'dram', 6)).fast).toBeUndefined();
  });

  it('sums the sockets of a zone (package-0 + package-1) like the model', () => {
    const text =
      HEAD('kepler_build_info') +
      BUILD +
      HEAD('kepler_pod_cpu_watts') +
      'kepler_pod_cpu_watts{pod_id="p",zone="package-0"} 1.5\n' +
      'kepler_pod_cpu_watts{pod_id="p",zone="package-1"} 2.25\n';
    const { fast, full } = both(text);
    expect(fast).toStrictEqual(full);
    expect(fast!.pods[0]!.watts).toEqual({ package: 3.75 });
  });

  it('reads the pod lines the WebAssembly loop reads (short decimals, exponents, states, zones) as the full path', () => {
    const line = (name: string, id: string, state: string, zone: string, v: string) =>
      `${name}{node_name="n1",pod_id="${id}",pod_name="w-${id}",pod_namespace="ns",state="${state}",zone="${zone}"} ${v}\n`;
    const fam = (name: string, values: string[]) =>
      HEAD(name) +
      line(name, 'a1', 'running', 'package-0', values[0]!) +
      line(name, 'a1', 'running', 'package-1', values[1]!) +
      line(name, 'a1', 'running', 'dram', values[2]!) +
      line(name, 'a1', 'terminated', 'package-0', values[3]!) +
      line(name, 'b2', 'running', 'dram', values[4]!) +
      line(name, 'b2', 'running', '', values[5]!) +
      `${name}{pod_id="c3",state="running"} ${values[6]}\n`;
    for (const jouleFirst of [false, true]) {
      const watts = fam('kepler_pod_cpu_watts', ['1.5', '2.25', '0.1', '1e-06', '1.5E+02', '.5', '7.']);
      const joules = fam('kepler_pod_cpu_joules_total', [
        '41885.787',
        '0',
        '3e2',
        '0.000123',
        '12345678901234',
        '5',
        '6',
      ]);
      const text = HEAD('kepler_build_info') + BUILD + (jouleFirst ? joules + watts : watts + joules);
      const { fast, full } = both(text);
      expect(fast).toBeDefined();
      expect(fast).toStrictEqual(full);
    }
  });

  it('leaves to the full path what it must warn about or cannot read exactly', () => {
    const base = HEAD('kepler_build_info') + BUILD + HEAD('kepler_pod_cpu_watts');
    const cases = {
      duplicate:
        'kepler_pod_cpu_watts{pod_id="p",zone="dram"} 1\nkepler_pod_cpu_watts{zone="dram",pod_id="p"} 2\n',
      'bad value': 'kepler_pod_cpu_watts{pod_id="p",zone="dram"} NaN\n',
      negative: 'kepler_pod_cpu_watts{pod_id="p",zone="dram"} -1\n',
      escape: 'kepler_pod_cpu_watts{pod_id="p",pod_name="a\\\\b",zone="dram"} 1\n',
      timestamp: 'kepler_pod_cpu_watts{pod_id="p",zone="dram"} 1 1700000000000\n',
      malformed: 'kepler_pod_cpu_watts{pod_id="p",zone="dram" 1\n',
      'no id or name': 'kepler_pod_cpu_watts{zone="dram"} 1\n',
      'no newline at the end': 'kepler_pod_cpu_watts{pod_id="p",zone="dram"} 1',
      'blank before =': 'kepler_pod_cpu_watts{pod_id ="p",zone="dram"} 1\n',
      // The scan finds a line's end by reading it: a line cut short must not run on into the next one.
      'line cut in a value': 'kepler_pod_cpu_watts{pod_id="p\n",zone="dram"} 1\n',
      // Cut in a value, the next line starting with the label's separator: no quote closes the value on its line.
      'line cut in a value before a comma': 'kepler_pod_cpu_watts{pod_id="p\n,zone="dram"} 1\n',
      'line cut in a name': 'kepler_pod_cpu_watts{pod_id="p",zo\nne="dram"} 1\n',
      'line cut before the value': 'kepler_pod_cpu_watts{pod_id="p",zone="dram"}\n2\n',
      'no value': 'kepler_pod_cpu_watts{pod_id="p",zone="dram"} \n',
      'blank after the value': 'kepler_pod_cpu_watts{pod_id="p",zone="dram"} 1 \n',
    };
    for (const [what, tail] of Object.entries(cases)) {
      const { fast } = both(base + tail);
      expect(fast, what).toBeUndefined();
    }
    // OpenMetrics, and a dump without Kepler's build info (legacy and others).
    expect(both(`${base}kepler_pod_cpu_watts{pod_id="p",zone="dram"} 1\n# EOF\n`).fast).toBeUndefined();
    expect(both(`${HEAD('kepler_pod_cpu_watts')}kepler_pod_cpu_watts{pod_id="p"} 1\n`).fast).toBeUndefined();
  });

  it('reads a pod relabelled between or within families, and a value excluded in one family only, as the full path', () => {
    const pod = (fam: string, id: string, name: string, ns: string, zone: string, v: string) =>
      `${fam}{node_name="n1",pod_id="${id}",pod_name="${name}",pod_namespace="${ns}",state="running",zone="${zone}"} ${v}\n`;
    const J = 'kepler_pod_cpu_joules_total';
    const W = 'kepler_pod_cpu_watts';
    const head = HEAD('kepler_build_info') + BUILD;
    const inputs = {
      relabelled:
        head +
        HEAD(J, 'counter') +
        pod(J, 'A', 'x', 'n', 'dram', '1') +
        pod(J, 'A', 'y', 'm', 'package', '1') +
        HEAD(W) +
        pod(W, 'Z', 'z', 'n', 'package', '4') +
        pod(W, 'A', 'y', 'm', 'package', '4') +
        pod(W, 'A', 'x', 'n', 'dram', '1'),
      'negative watts only':
        head +
        HEAD(J, 'counter') +
        pod(J, 'a', 'a', 'n', 'package', '2.5') +
        pod(J, 'b', 'b', 'n', 'package', '2.5') +
        HEAD(W) +
        pod(W, 'a', 'a', 'n', 'package', '1') +
        pod(W, 'b', 'b', 'n', 'package', '-2.5'),
    };
    for (const [what, text] of Object.entries(inputs)) {
      const { fast, full } = both(text);
      if (fast !== undefined) expect(fast, what).toStrictEqual(full);
    }
  });

  it('declines an input with an escape on a sample line before scanning any line (no double work)', () => {
    // The escape is on the last line: the scan must give up before handing over the first sample.
    const lines = ['# HELP m a help text with a \\ backslash\n', '# TYPE m gauge\n'];
    for (let i = 0; i < 50; i++) lines.push(`m{pod_id="p-${i}",zone="dram"} ${i}\n`);
    const escaped = [...lines, 'm{pod_id="q",pod_name="a \\"b\\"",zone="dram"} 1\n'].join('');
    let samples = 0;
    const sink = {
      family: () => false,
      sample: () => {
        samples++;
        return true;
      },
    };
    expect(scanPlain(Buffer.from(escaped), { labels: MODEL_LABELS }, sink)).toBe(false);
    expect(samples).toBe(0);
    // A backslash in a comment alone keeps the fast path.
    expect(scanPlain(Buffer.from(lines.join('')), { labels: MODEL_LABELS }, sink)).toBe(true);
    expect(samples).toBe(50);
  });

  it('scans the labels of interest, and only those, as the parser reads them', () => {
    const text =
      '# TYPE m gauge\nm{a="1",zone="x",pod_id="p-1",b=""} 1.5e3\nm{pod_id="p-2",zone=""} 2\nother 3\n';
    const got: [string, Record<string, string>, number][] = [];
    const ok = scanPlain(
      Buffer.from(text),
      { labels: MODEL_LABELS },
      {
        family: () => false,
        sample: (name, line, value) => {
          got.push([name, line.record(), value]);
          return true;
        },
      },
    );
    expect(ok).toBe(true);
    const parsed = parseExposition(text);
    const want = [...parsed.families.values()].flatMap((f) =>
      f.samples.map((s): [string, Record<string, string>, number] => [
        s.name,
        Object.fromEntries(
          Object.entries(s.labels).filter(([k]) => (MODEL_LABELS as readonly string[]).includes(k)),
        ),
        s.value,
      ]),
    );
    expect(got).toEqual(want);
  });
});
