/**
 * Exposition parser: the shared Kepler fixtures (fixtures/samples), then every rule of the text 0.0.4 /
 * OpenMetrics 1.0 formats the parser handles, error reporting, `wantFamily` and input forms.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import {
  findFamily,
  MAX_WARNINGS,
  type MetricFamily,
  type ParseOptions,
  type ParseResult,
  parseExposition,
  type Sample,
} from '../src/parser/index.js';

const SAMPLES = new URL('../fixtures/samples/', import.meta.url);
const readSample = (name: string) => readFileSync(new URL(name, SAMPLES), 'utf8');
const TEXT = readSample('SYNTHETIC_new-0.11.2_worker-1_text-0.0.4.prom');
const OM = readSample('SYNTHETIC_new-0.11.2_worker-1_openmetrics-1.0.0.txt');
const OLD = readSample('SYNTHETIC_old-0.7.12_worker-1_text-0.0.4.prom');
const REDFISH = readSample(
  'new-0.11_kepler-operator_docs-user-guides-experimental-redfish.md_kepler_platform_watts.prom',
);

function family(r: ParseResult, name: string): MetricFamily {
  const f = r.families.get(name);
  if (!f) throw new Error(`no family ${name}; have ${[...r.families.keys()].join(', ')}`);
  return f;
}

/** The single sample of `name` whose labels include `match`. */
function sampleOf(r: ParseResult, familyName: string, match: Record<string, string>): Sample {
  const found = family(r, familyName).samples.filter((s) =>
    Object.entries(match).every(([k, v]) => s.labels[k] === v),
  );
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** Parses, expecting no malformed line. */
function parseOk(input: string | Uint8Array, opts: ParseOptions = {}): ParseResult {
  const r = parseExposition(input, opts);
  expect(r.warnings).toEqual([]);
  expect(r.skippedLines).toBe(0);
  return r;
}

/** Samples of one single-family input, as [name, labels, value] triples. */
function samplesOf(input: string, opts: ParseOptions = {}) {
  const r = parseOk(input, opts);
  return [...r.families.values()].flatMap((f) => f.samples.map((s) => [s.name, s.labels, s.value]));
}

function messages(r: ParseResult): string[] {
  return r.warnings.map((w) => `${w.line}: ${w.message}`);
}

describe('fixtures: Kepler v0.11.2 text 0.0.4', () => {
  const r = parseOk(TEXT, { origin: 'worker-1.prom' });

  it('reads every family and sample line', () => {
    expect(r.format).toBe('text');
    expect(r.families.size).toBe(23);
    expect(r.sampleLines).toBe(85);
    const total = [...r.families.values()].reduce((n, f) => n + f.samples.length, 0);
    expect(total).toBe(85);
  });

  it('has kepler_build_info version v0.11.2', () => {
    const f = family(r, 'kepler_build_info');
    expect(f.type).toBe('gauge');
    expect(f.help).toBe("A metric with a constant '1' value labeled with version information");
    expect(f.samples).toEqual([
      {
        name: 'kepler_build_info',
        labels: {
          arch: 'amd64',
          branch: 'HEAD',
          goversion: 'go1.23.12',
          revision: '99d84313',
          version: 'v0.11.2',
        },
        value: 1,
      },
    ]);
  });

  it('has node package watts = active + idle', () => {
    const pkg = { zone: 'package', node_name: 'worker-1', path: 'aggregated-package' };
    const total = sampleOf(r, 'kepler_node_cpu_watts', pkg).value;
    const active = sampleOf(r, 'kepler_node_cpu_active_watts', pkg).value;
    const idle = sampleOf(r, 'kepler_node_cpu_idle_watts', pkg).value;
    expect(total).toBe(182.613412);
    expect(active).toBe(64.13383);
    expect(idle).toBe(118.479582);
    expect(active + idle).toBeCloseTo(total, 9);
    expect(family(r, 'kepler_node_cpu_joules_total').type).toBe('counter');
  });

  it('decodes the process comm with an escaped quote and backslash', () => {
    const s = sampleOf(r, 'kepler_process_cpu_joules_total', { pid: '5555' });
    expect(s.labels.comm).toBe('odd "name"\\x');
    expect(s.labels).toEqual({
      comm: 'odd "name"\\x',
      container_id: '',
      exe: '/opt/bin/odd',
      node_name: 'worker-1',
      pid: '5555',
      state: 'running',
      type: 'regular',
      vm_id: '',
      zone: 'package',
    });
    expect(s.value).toBe(12.25);
  });

  it('keeps the summary go_gc_duration_seconds in one family', () => {
    const f = family(r, 'go_gc_duration_seconds');
    expect(f.type).toBe('summary');
    expect(f.samples.map((s) => [s.name, s.labels.quantile, s.value])).toEqual([
      ['go_gc_duration_seconds', '0', 2.4951e-5],
      ['go_gc_duration_seconds', '0.25', 4.0315e-5],
      ['go_gc_duration_seconds', '0.5', 5.6791e-5],
      ['go_gc_duration_seconds', '0.75', 8.2137e-5],
      ['go_gc_duration_seconds', '1', 0.000981312],
      ['go_gc_duration_seconds_sum', undefined, 0.140236911],
      ['go_gc_duration_seconds_count', undefined, 1830],
    ]);
    expect(r.families.has('go_gc_duration_seconds_sum')).toBe(false);
  });

  it('keeps empty label values and the terminated pod', () => {
    const c = family(r, 'kepler_process_cpu_joules_total').samples.filter(
      (s) => s.labels.container_id === '',
    );
    expect(c.length).toBeGreaterThan(0);
    const pods = family(r, 'kepler_pod_cpu_watts').samples;
    expect(pods.some((s) => s.labels.state === 'terminated')).toBe(true);
  });
});

describe('fixtures: OpenMetrics 1.0 and text give the same samples', () => {
  const text = parseOk(TEXT);
  const om = parseOk(OM);

  it('detects OpenMetrics and names counter families without _total', () => {
    expect(om.format).toBe('openmetrics');
    expect(om.families.size).toBe(23);
    expect(om.sampleLines).toBe(85);
    const f = family(om, 'kepler_pod_cpu_joules');
    expect(f.type).toBe('counter');
    expect(f.help).toBe('Energy consumption of cpu at pod level in joules');
    expect(f.samples.every((s) => s.name === 'kepler_pod_cpu_joules_total')).toBe(true);
    expect(om.families.has('kepler_pod_cpu_joules_total')).toBe(false);
    expect(text.families.has('kepler_pod_cpu_joules_total')).toBe(true);
  });

  it('yields identical kepler_* samples', () => {
    const keplerSamples = (r: ParseResult) =>
      [...r.families.values()]
        .filter((f) => f.name.startsWith('kepler_'))
        .flatMap((f) => f.samples)
        .map((s) => `${s.name}${JSON.stringify(s.labels)} ${s.value}`)
        .sort();
    const a = keplerSamples(text);
    expect(a.length).toBe(73);
    expect(keplerSamples(om)).toEqual(a);
  });

  it('maps families across the two namings with findFamily', () => {
    expect(findFamily(om, 'kepler_node_cpu_joules_total')?.name).toBe('kepler_node_cpu_joules');
    expect(findFamily(text, 'kepler_node_cpu_joules')?.name).toBe('kepler_node_cpu_joules_total');
    expect(findFamily(om, 'kepler_node_cpu_watts')?.name).toBe('kepler_node_cpu_watts');
    expect(findFamily(om, 'kepler_node_cpu_watts_total')).toBeUndefined();
    expect(findFamily(text, 'nope')).toBeUndefined();
  });

  it('reads OpenMetrics quantile labels as written (0.0, 1.0)', () => {
    const q = family(om, 'go_gc_duration_seconds').samples.map((s) => s.labels.quantile);
    expect(q).toEqual(['0.0', '0.25', '0.5', '0.75', '1.0', undefined, undefined]);
  });
});

describe('fixtures: legacy 0.7.12 and a real Redfish excerpt', () => {
  it('reads the legacy exposition, HELP trailing space kept', () => {
    const r = parseOk(OLD);
    expect(r.families.size).toBe(20);
    expect(r.sampleLines).toBe(92);
    expect(family(r, 'kepler_exporter_build_info').samples[0]!.labels.version).toBe('v0.7.12');
    expect(family(r, 'kepler_container_joules_total').help).toBe('Aggregated value in joules value from ');
  });

  it('reads the Redfish platform watts', () => {
    const r = parseOk(REDFISH);
    const f = family(r, 'kepler_platform_watts');
    expect(f.samples.map((s) => [s.labels.chassis_id, s.labels.source_name, s.value])).toEqual([
      ['1U', 'Power Supply 1', 245],
      ['2U', 'Power Supply 1', 345],
    ]);
  });
});

describe('labels', () => {
  it('decodes escapes and keeps , and } inside quoted values', () => {
    const input =
      'm{a="back\\\\slash",b="q\\"uote",c="new\\nline",d="comma, and } brace {",e="tail\\\\"} 1\n';
    expect(samplesOf(input)).toEqual([
      ['m', { a: 'back\\slash', b: 'q"uote', c: 'new\nline', d: 'comma, and } brace {', e: 'tail\\' }, 1],
    ]);
  });

  it('keeps unknown escapes as written', () => {
    expect(samplesOf('m{a="x\\ty\\u"} 1\n')).toEqual([['m', { a: 'x\\ty\\u' }, 1]]);
  });

  it('accepts empty values, a trailing comma, empty braces and blanks', () => {
    const input = [
      'm{a="",b="x",} 1',
      'm{} 2',
      'm { c = "y" , d="" } 3',
      'n\t4',
      '  o{a="1"}   5  ',
      '',
    ].join('\n');
    expect(samplesOf(input)).toEqual([
      ['m', { a: '', b: 'x' }, 1],
      ['m', {}, 2],
      ['m', { c: 'y', d: '' }, 3],
      ['n', {}, 4],
      ['o', { a: '1' }, 5],
    ]);
  });

  it('handles labels named __proto__ and constructor as plain labels', () => {
    const lines = Array.from({ length: 12 }, (_, i) => `m{__proto__="p${i}",constructor="c${i}"} ${i}`);
    const r = parseOk(`${lines.join('\n')}\n`);
    const s = family(r, 'm').samples;
    expect(s).toHaveLength(12);
    for (const [i, sample] of s.entries()) {
      expect(Object.getPrototypeOf(sample.labels)).toBe(Object.prototype);
      expect(Object.keys(sample.labels)).toEqual(['__proto__', 'constructor']);
      expect(sample.labels.constructor).toBe(`c${i}`);
      expect(Object.getOwnPropertyDescriptor(sample.labels, '__proto__')?.value).toBe(`p${i}`);
    }
  });

  it('builds the same label objects when label order or sets change within a family', () => {
    // Enough lines with one layout for the parser to specialise, then other layouts.
    const expected: Array<Record<string, string>> = [];
    const lines: string[] = [];
    const add = (labels: Record<string, string>) => {
      expected.push(labels);
      lines.push(
        `fam{${Object.entries(labels)
          .map(([k, v]) => `${k}="${v}"`)
          .join(',')}} ${lines.length}`,
      );
    };
    for (let i = 0; i < 20; i++) add({ a: `a${i}`, b: 'bee', c: `c${i}` });
    add({ b: 'x', a: 'y', c: 'z' });
    add({ a: 'only' });
    add({ a: 'p', b: 'q', c: 'r', d: 's' });
    for (let i = 0; i < 20; i++) add({ a: `a${i}`, b: 'bee2', c: `c${i}` });
    add({ c: '1', b: '2' });
    const r = parseOk(`${lines.join('\n')}\n`);
    const got = family(r, 'fam').samples;
    expect(got.map((s) => s.labels)).toEqual(expected);
    expect(got.map((s) => Object.keys(s.labels).join())).toEqual(expected.map((l) => Object.keys(l).join()));
    expect(got.map((s) => s.value)).toEqual(expected.map((_, i) => i));
  });

  it('reads non-ASCII label values, from strings and bytes', () => {
    const input = 'm{pod="café-☕",app="日本",x="𝄞"} 1\nm{pod="plain",app="b",x="c"} 2\n';
    const expected = [
      ['m', { pod: 'café-☕', app: '日本', x: '𝄞' }, 1],
      ['m', { pod: 'plain', app: 'b', x: 'c' }, 2],
    ];
    expect(samplesOf(input)).toEqual(expected);
    const fromBytes = parseOk(Buffer.from(input, 'utf8'));
    expect([...fromBytes.families.values()][0]!.samples.map((s) => [s.name, s.labels, s.value])).toEqual(
      expected,
    );
  });

  it('parses a 5 MB label value', () => {
    const big = 'x'.repeat(5_000_000);
    const input = `# TYPE huge gauge\nhuge{a="1",blob="${big}",z="\\"end\\""} 42\nhuge{a="2"} 7\n`;
    const r = parseOk(input);
    const [first, second] = family(r, 'huge').samples;
    expect(first!.labels.blob!.length).toBe(5_000_000);
    expect(first!.labels.blob).toBe(big);
    expect(first!.labels.z).toBe('"end"');
    expect(first!.value).toBe(42);
    expect(second).toEqual({ name: 'huge', labels: { a: '2' }, value: 7 });
  });
});

describe('values and timestamps', () => {
  it('reads Go floats: NaN, infinities, exponents, signs', () => {
    const input = [
      'v{k="nan"} NaN',
      'v{k="pinf"} +Inf',
      'v{k="ninf"} -Inf',
      'v{k="inf"} Inf',
      'v{k="exp1"} 8.578e-05',
      'v{k="exp2"} 1.09661987e+06',
      'v{k="exp3"} 1E3',
      'v{k="neg"} -12.5',
      'v{k="plus"} +3',
      'v{k="dot"} .5',
      'v{k="trail"} 5.',
      'v{k="negzero"} -0',
      'v{k="big"} 123456789012345678901234567890',
      'v{k="long"} 0.1234567890123456789',
      'v{k="tiny"} 4.9e-324',
      'v{k="huge"} 1.7976931348623157e308',
      '',
    ].join('\n');
    const values = Object.fromEntries(
      samplesOf(input).map(([, l, v]) => [(l as Record<string, string>).k, v]),
    );
    expect(values.nan).toBeNaN();
    expect(values.pinf).toBe(Number.POSITIVE_INFINITY);
    expect(values.ninf).toBe(Number.NEGATIVE_INFINITY);
    expect(values.inf).toBe(Number.POSITIVE_INFINITY);
    expect(values.exp1).toBe(8.578e-5);
    expect(values.exp2).toBe(1096619.87);
    expect(values.exp3).toBe(1000);
    expect(values.neg).toBe(-12.5);
    expect(values.plus).toBe(3);
    expect(values.dot).toBe(0.5);
    expect(values.trail).toBe(5);
    expect(Object.is(values.negzero, -0)).toBe(true);
    expect(values.big).toBe(Number('123456789012345678901234567890'));
    expect(values.long).toBe(Number('0.1234567890123456789'));
    expect(values.tiny).toBe(4.9e-324);
    expect(values.huge).toBe(1.7976931348623157e308);
  });

  it('reads special values case-insensitively in OpenMetrics', () => {
    const input = 'a nan\nb +inf\nc -INF\nd Infinity\ne +Infinity\nf -infinity\n# EOF\n';
    const v = samplesOf(input).map(([, , value]) => value);
    expect(v[0]).toBeNaN();
    expect(v.slice(1)).toEqual([Infinity, -Infinity, Infinity, Infinity, -Infinity]);
  });

  it('decodes floats exactly like Number()', () => {
    // Deterministic pseudo-random decimals in the shapes exporters print.
    let seed = 12345;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const texts: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const v = (rand() - 0.3) * 10 ** Math.floor(rand() * 30 - 12);
      texts.push(
        String(v),
        v.toExponential(),
        v.toFixed(Math.floor(rand() * 12)),
        v.toPrecision(1 + (i % 17)),
      );
    }
    const input = `${texts.map((t, i) => `f{i="${i}"} ${t}`).join('\n')}\n`;
    const got = family(parseOk(input), 'f').samples.map((s) => s.value);
    expect(got).toEqual(texts.map(Number));
  });

  it('reads text timestamps as milliseconds', () => {
    const r = parseOk('m{a="1"} 1 1395066363000\nm{a="2"} 2 -5\nm{a="3"} 3\n');
    const [a, b, c] = family(r, 'm').samples;
    expect(a!.timestampMs).toBe(1395066363000);
    expect(b!.timestampMs).toBe(-5);
    expect(c).toEqual({ name: 'm', labels: { a: '3' }, value: 3 });
    expect('timestampMs' in c!).toBe(false);
  });

  it('converts OpenMetrics timestamps from seconds', () => {
    const r = parseOk('m{a="1"} 1 1520879607.789\nm{a="2"} 2 1520879607\n# EOF\n');
    expect(family(r, 'm').samples.map((s) => s.timestampMs)).toEqual([1520879607789, 1520879607000]);
  });

  it('rejects bad values and timestamps', () => {
    const input = [
      'm{a="1"} abc',
      'm{a="2"} 0x10',
      'm{a="3"} 1_000',
      'm{a="4"} 1.2.3',
      'm{a="5"} 1e',
      'm{a="6"} 1 1.5',
      'm{a="7"} 1 2 3',
      'm{a="8"} 1',
      '',
    ].join('\n');
    const r = parseExposition(input);
    expect(messages(r)).toEqual([
      '1: invalid value "abc"',
      '2: invalid value "0x10"',
      '3: invalid value "1_000"',
      '4: invalid value "1.2.3"',
      '5: invalid value "1e"',
      '6: invalid timestamp "1.5"',
      '7: unexpected text after the timestamp',
    ]);
    expect(family(r, 'm').samples.map((s) => s.labels.a)).toEqual(['8']);
  });
});

describe('OpenMetrics specifics', () => {
  it('strips exemplars', () => {
    const input = [
      '# TYPE foo counter',
      'foo_total 17.0 1520879607.789 # {trace_id="KOO5S4vxi0o"} 0.67',
      'foo_created 1520430000.123',
      '# TYPE h histogram',
      'h_bucket{le="0.1"} 8 # {trace_id="x",span="a } b"} 0.054 1520879607.7',
      'h_bucket{le="+Inf"} 17',
      'h_count 17',
      'h_sum 324789.3',
      '# EOF',
      '',
    ].join('\n');
    const r = parseOk(input);
    expect(family(r, 'foo').samples.map((s) => [s.name, s.value, s.timestampMs])).toEqual([
      ['foo_total', 17, 1520879607789],
      ['foo_created', 1520430000.123, undefined],
    ]);
    expect(family(r, 'h').samples.map((s) => [s.name, s.labels, s.value])).toEqual([
      ['h_bucket', { le: '0.1' }, 8],
      ['h_bucket', { le: '+Inf' }, 17],
      ['h_count', {}, 17],
      ['h_sum', {}, 324789.3],
    ]);
  });

  it('reports malformed exemplars', () => {
    const r = parseExposition('a 1 # junk\nb 1 # {x="1"}\nc 1 # {x="1"} 2 3 4\nd 1 # {x="1"} 2\n# EOF\n');
    expect(messages(r)).toEqual(['1: invalid exemplar', '2: invalid exemplar', '3: invalid exemplar']);
    expect([...r.families.keys()]).toEqual(['d']);
  });

  it('reads UNIT and the OpenMetrics HELP escapes', () => {
    const input = [
      '# TYPE e_seconds gauge',
      '# UNIT e_seconds seconds',
      '# HELP e_seconds A "quoted" \\"help\\" with \\\\ and \\n.',
      'e_seconds 1.0',
      '# EOF',
    ].join('\n');
    const f = family(parseOk(input), 'e_seconds');
    expect(f.unit).toBe('seconds');
    expect(f.help).toBe('A "quoted" "help" with \\ and \n.');
  });

  it('keeps \\" in text-format HELP', () => {
    const f = family(parseOk('# HELP t a \\"b\\" \\\\ \\n c\nt 1\n'), 't');
    expect(f.help).toBe('a \\"b\\" \\ \n c');
  });

  it('detects OpenMetrics by # UNIT and then requires # EOF', () => {
    const r = parseExposition('# TYPE x_bytes gauge\n# UNIT x_bytes bytes\nx_bytes 1\n');
    expect(r.format).toBe('openmetrics');
    expect(family(r, 'x_bytes').samples).toHaveLength(1);
    expect(messages(r)).toEqual(['4: missing "# EOF" at the end of OpenMetrics input']);
  });

  it('requires # EOF when the format is forced', () => {
    const r = parseExposition('a 1\nb 2\n', { format: 'openmetrics' });
    expect(r.format).toBe('openmetrics');
    expect(r.skippedLines).toBe(1);
    expect(messages(r)).toEqual(['3: missing "# EOF" at the end of OpenMetrics input']);
    expect(() => parseExposition('a 1\n', { format: 'openmetrics', strict: true, origin: 'om.txt' })).toThrow(
      'om.txt:2: missing "# EOF" at the end of OpenMetrics input',
    );
  });

  it('rejects content after # EOF, blank lines and plain comments', () => {
    const r = parseExposition('a 1\n\n# just a comment\nb 2\n# EOF\nc 3\n', { format: 'openmetrics' });
    expect(r.format).toBe('openmetrics');
    expect(messages(r)).toEqual([
      '2: blank line in OpenMetrics input',
      '3: comment line other than HELP, TYPE, UNIT or EOF in OpenMetrics input',
      '6: content after "# EOF"',
    ]);
    expect([...r.families.keys()]).toEqual(['a', 'b']);
  });

  it('treats # EOF and # UNIT as comments in forced text format', () => {
    const r = parseOk('a 1\n# UNIT a x\n# EOF\nb 2\n', { format: 'text' });
    expect(r.format).toBe('text');
    expect([...r.families.keys()]).toEqual(['a', 'b']);
    expect(family(r, 'a').unit).toBeUndefined();
  });

  it('names families without TYPE unknown (OpenMetrics) or untyped (text)', () => {
    expect(family(parseOk('a 1\n# EOF\n'), 'a').type).toBe('unknown');
    expect(family(parseOk('a 1\n'), 'a').type).toBe('untyped');
  });
});

describe('families', () => {
  it('groups histogram, summary, counter and info samples under the declared family', () => {
    const input = [
      '# TYPE h histogram',
      'h_bucket{le="1"} 1',
      'h_bucket{le="+Inf"} 2',
      'h_sum 3',
      'h_count 2',
      'h_created 1',
      '# TYPE s summary',
      's{quantile="0.5"} 1',
      's_sum 1',
      's_count 1',
      '# TYPE c counter',
      'c_total 5',
      '# TYPE i info',
      'i_info{v="1"} 1',
      '# TYPE gh gaugehistogram',
      'gh_bucket{le="+Inf"} 1',
      'gh_gsum 1',
      'gh_gcount 1',
      '# TYPE g gauge',
      'g 1',
      'g_sum 2',
      'loose_total 3',
      '',
    ].join('\n');
    const r = parseOk(input);
    const names = (f: string) => family(r, f).samples.map((s) => s.name);
    expect([...r.families.keys()]).toEqual(['h', 's', 'c', 'i', 'gh', 'g', 'g_sum', 'loose_total']);
    expect(names('h')).toEqual(['h_bucket', 'h_bucket', 'h_sum', 'h_count', 'h_created']);
    expect(names('s')).toEqual(['s', 's_sum', 's_count']);
    expect(names('c')).toEqual(['c_total']);
    expect(names('i')).toEqual(['i_info']);
    expect(names('gh')).toEqual(['gh_bucket', 'gh_gsum', 'gh_gcount']);
    // A gauge has no _sum: that sample is a family of its own, untyped, like any undeclared name.
    expect(family(r, 'g_sum').type).toBe('untyped');
    expect(family(r, 'loose_total').type).toBe('untyped');
  });

  it('reports a duplicate TYPE and a TYPE after samples, keeping the first TYPE', () => {
    const r = parseExposition(
      '# TYPE a gauge\n# TYPE a counter\na 1\nb 2\n# TYPE b gauge\n# HELP a x\n# HELP a y\n',
    );
    expect(messages(r)).toEqual([
      '2: duplicate TYPE line for a',
      '5: TYPE line for b after its samples',
      '7: duplicate HELP line for a',
    ]);
    expect(family(r, 'a').type).toBe('gauge');
    expect(family(r, 'a').help).toBe('x');
    expect(family(r, 'b').type).toBe('untyped');
  });

  it('reports a bad TYPE or HELP line', () => {
    const r = parseExposition(
      '# TYPE a bogus\n# TYPE b gauge extra\n# HELP\n# TYPE 1x gauge\n# TYPE\tc\tGAUGE\nc 1\n',
    );
    expect(messages(r)).toEqual([
      '1: unknown metric type "bogus" for a',
      '2: unexpected text after TYPE value',
      '3: missing metric name in HELP line',
      '4: invalid metric name in TYPE line',
    ]);
    expect(family(r, 'c').type).toBe('gauge');
  });

  it('treats other # lines as comments in text format', () => {
    const r = parseOk('# a comment\n#comment\n# HELPX no\n#\n# TYPEA b gauge\na 1\n');
    expect([...r.families.keys()]).toEqual(['a']);
  });

  it('tolerates quoted UTF-8 metric and label names', () => {
    const input = [
      '# TYPE "my.metric" gauge',
      '# HELP "my.metric" dotted',
      '{"my.metric",l="v"} 1',
      '{"my.metric", "label.with.dots"="x", plain="y"} 2',
      '{ "my.metric" } 3',
      '"other.metric"{a="b"} 4',
      '',
    ].join('\n');
    const r = parseOk(input);
    const f = family(r, 'my.metric');
    expect(f.type).toBe('gauge');
    expect(f.help).toBe('dotted');
    expect(f.samples.map((s) => [s.name, s.labels, s.value])).toEqual([
      ['my.metric', { l: 'v' }, 1],
      ['my.metric', { 'label.with.dots': 'x', plain: 'y' }, 2],
      ['my.metric', {}, 3],
    ]);
    expect(family(r, 'other.metric').samples[0]!.labels).toEqual({ a: 'b' });
  });

  it('detects duplicate series, with labels in any order', () => {
    const input = [
      'm{a="1",b="2"} 1',
      'm{a="1",b="3"} 2',
      'm{b="2",a="1"} 3',
      'm{a="1",b="2"} 4',
      'm 5',
      'm 6',
      'm{} 7',
      '',
    ].join('\n');
    const r = parseExposition(input);
    expect(messages(r)).toEqual([
      '3: duplicate sample m{b="2",a="1"}',
      '4: duplicate sample m{a="1",b="2"}',
      '6: duplicate sample m{}',
      '7: duplicate sample m{}',
    ]);
    expect(family(r, 'm').samples.map((s) => s.value)).toEqual([1, 2, 5]);
  });

  it('does not confuse series that differ only by escapes or sample name', () => {
    const input = [
      '# TYPE s summary',
      's_sum{a="x"} 1',
      's_count{a="x"} 1',
      'm{a="q\\"",b="1"} 1',
      'm{a="q",b="\\"1"} 2',
      'm{a="x\\\\y"} 3',
      'm{a="x\\y"} 4',
      '',
    ].join('\n');
    const r = parseExposition(input);
    // `\\` and the unknown escape `\y` decode to the same text: the second is a duplicate.
    expect(messages(r)).toEqual(['7: duplicate sample m{a="x\\\\y"}']);
    expect(family(r, 's').samples).toHaveLength(2);
    expect(family(r, 'm').samples).toHaveLength(3);
  });

  it('finds duplicates among many series', () => {
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++)
      lines.push(`m{id="series-with-a-long-common-prefix-${i}",zone="package"} ${i}`);
    lines.push('m{zone="package",id="series-with-a-long-common-prefix-4321"} 0');
    const r = parseExposition(`${lines.join('\n')}\n`);
    expect(messages(r)).toEqual(['5001: duplicate sample m{zone="package",id="series-with-a-lo...']);
    expect(family(r, 'm').samples).toHaveLength(5000);
  });
});

describe('malformed lines', () => {
  const bad = [
    ['m{a=1} 1', `expected '"' to start the value of label "a"`],
    ['m{a="1"b="2"} 1', `expected ',' or '}' after the value of label "a"`],
    ['m{="x"} 1', 'invalid label name'],
    ['m{1a="x"} 1', 'invalid label name'],
    ['m{a="x"', 'unterminated label set'],
    ['m{a="x} 1', 'unterminated label value'],
    ['m{a "x"} 1', `expected '=' after label name "a"`],
    ['m{a="1",a="2"} 1', 'duplicate label name "a"'],
    ['m{a="1"}', 'missing value'],
    ['m', 'missing value'],
    ['1m 2', 'invalid metric name'],
    ['m-x 2', 'invalid character in metric name'],
    ['{a="b"} 1', 'missing metric name'],
    ['{"unterminated} 1', 'unterminated quoted metric name'],
  ] as const;

  it.each(bad)('%s -> %s', (line, message) => {
    const r = parseExposition(`ok 1\n${line}\nok2 2\n`);
    expect(messages(r)).toEqual([`2: ${message}`]);
    expect(r.skippedLines).toBe(1);
    expect([...r.families.keys()]).toEqual(['ok', 'ok2']);
  });

  it('throws an InputError naming origin and line in strict mode', () => {
    const input = '# TYPE m gauge\nm{a="1"} 1\nm{a="2} 2\nm{a="3"} 3\n';
    let err: unknown;
    try {
      parseExposition(input, { strict: true, origin: 'metrics.prom' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toBe('metrics.prom:3: unterminated label value');
    expect((err as InputError).exitCode).toBe(2);
    expect(() => parseExposition('# TYPE a gauge\n# TYPE a gauge\n', { strict: true })).toThrow(
      '<input>:2: duplicate TYPE line for a',
    );
  });

  it('counts every skipped line but keeps the first warnings only', () => {
    const lines = ['good 1'];
    for (let i = 0; i < 25; i++) lines.push(`bad{x="${i} ${i}`);
    lines.push('good2 2');
    const r = parseExposition(`${lines.join('\n')}\n`);
    expect(r.skippedLines).toBe(25);
    expect(r.warnings).toHaveLength(MAX_WARNINGS);
    expect(r.warnings[0]).toEqual({ line: 2, message: 'unterminated label value' });
    expect(r.warnings[19]!.line).toBe(21);
    expect(r.sampleLines).toBe(2);
    expect([...r.families.keys()]).toEqual(['good', 'good2']);
  });
});

describe('input forms', () => {
  it('reads CRLF line ends', () => {
    const crlf = parseOk(TEXT.replace(/\n/g, '\r\n'));
    expect(crlf.families).toEqual(parseOk(TEXT).families);
    const omCrlf = parseOk(OM.replace(/\n/g, '\r\n'));
    expect(omCrlf.format).toBe('openmetrics');
    expect(omCrlf.families).toEqual(parseOk(OM).families);
  });

  it('strips a UTF-8 BOM from strings and bytes', () => {
    const plain = parseOk(TEXT).families;
    expect(parseOk(`\uFEFF${TEXT}`).families).toEqual(plain);
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]);
    expect(parseOk(bytes).families).toEqual(plain);
    const om = parseOk(`\uFEFF${OM}`);
    expect(om.format).toBe('openmetrics');
  });

  it('gives the same result for a Buffer, a Uint8Array and a string', () => {
    for (const input of [TEXT, OM, OLD]) {
      const fromString = parseOk(input);
      const buf = Buffer.from(input, 'utf8');
      expect(parseOk(buf)).toEqual(fromString);
      const u8 = new Uint8Array(buf.length + 8).subarray(4, 4 + buf.length);
      u8.set(buf);
      expect(parseOk(u8)).toEqual(fromString);
    }
  });

  it('accepts a last line without a newline, and empty input', () => {
    expect(samplesOf('a 1\nb 2')).toEqual([
      ['a', {}, 1],
      ['b', {}, 2],
    ]);
    const empty = parseOk('');
    expect(empty.families.size).toBe(0);
    expect(empty.format).toBe('text');
  });
});

describe('wantFamily', () => {
  it('is called once per family and skips unwanted families', () => {
    const calls: string[] = [];
    const r = parseOk(TEXT, {
      wantFamily: (name) => {
        calls.push(name);
        return (
          name.startsWith('kepler_pod_') || name === 'kepler_build_info' || name === 'go_gc_duration_seconds'
        );
      },
    });
    expect(new Set(calls).size).toBe(calls.length);
    expect(calls).toHaveLength(23);
    expect(calls).not.toContain('go_gc_duration_seconds_sum');
    expect([...r.families.keys()]).toEqual([
      'go_gc_duration_seconds',
      'kepler_build_info',
      'kepler_pod_cpu_joules_total',
      'kepler_pod_cpu_watts',
    ]);
    expect(family(r, 'go_gc_duration_seconds').samples).toHaveLength(7);
    expect(r.sampleLines).toBe(85);
  });

  it('is asked about OpenMetrics counter families by their family name', () => {
    const calls: string[] = [];
    const r = parseOk(OM, {
      wantFamily: (name) => {
        calls.push(name);
        return name === 'kepler_node_cpu_joules';
      },
    });
    expect(new Set(calls).size).toBe(calls.length);
    expect(calls).toContain('kepler_node_cpu_joules');
    expect(calls).not.toContain('kepler_node_cpu_joules_total');
    expect([...r.families.keys()]).toEqual(['kepler_node_cpu_joules']);
    expect(family(r, 'kepler_node_cpu_joules').samples).toHaveLength(2);
  });

  it('does not parse the labels of unwanted lines', () => {
    const r = parseOk('# TYPE junk gauge\njunk{this is not="valid 1\nkeep 1\n', {
      wantFamily: (n) => n !== 'junk',
    });
    expect([...r.families.keys()]).toEqual(['keep']);
    expect(r.sampleLines).toBe(2);
  });
});
