/**
 * Property tests (fast-check): for generated expositions with arbitrary label values, help texts and numbers,
 * parse(serialize(x)) equals x in text 0.0.4 and OpenMetrics 1.0; and arbitrary bytes or token soup never make
 * the parser throw anything but its own InputError. The seed is fixed (FC_SEED overrides it) so a run is
 * reproducible; a failure prints the seed and the shrunk counter-example.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { parseExposition } from '../src/parser/index.js';
import type { MetricFamily, Sample } from '../src/parser/types.js';

const SEED = Number(process.env.FC_SEED ?? 20261130);
const runs = (n: number) => ({ seed: SEED, numRuns: n });

const SUFFIXES = /(_total|_created|_count|_sum|_bucket|_info|_gcount|_gsum)$/;
const metricName = fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,15}$/).filter((n) => !SUFFIXES.test(n));
const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,10}$/).filter((n) => !n.startsWith('__'));
/** Any text, including quotes, backslashes, newlines, control characters and astral code points. */
const text = fc.string({ unit: 'grapheme', maxLength: 24 });
const value = fc.oneof(
  fc.double(),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0),
);
const labels = fc.uniqueArray(fc.tuple(labelName, text), { selector: ([k]) => k, maxLength: 4 });

interface GenFamily {
  name: string;
  type: 'counter' | 'gauge' | 'untyped';
  help?: string;
  series: { labels: [string, string][]; value: number; ts?: number }[];
}

const family = (
  types: GenFamily['type'][],
  tsArb: fc.Arbitrary<number | undefined>,
  helpArb: fc.Arbitrary<string>,
) =>
  fc.record({
    name: metricName,
    type: fc.constantFrom(...types),
    help: fc.option(helpArb, { nil: undefined }),
    series: fc.uniqueArray(fc.record({ labels, value, ts: tsArb }), {
      minLength: 1,
      maxLength: 4,
      // One sample per label set: a duplicate series is a different question.
      selector: (s) => JSON.stringify([...s.labels].sort()),
    }),
  });

const families = (
  types: GenFamily['type'][],
  tsArb: fc.Arbitrary<number | undefined>,
  helpArb: fc.Arbitrary<string> = text,
) => fc.uniqueArray(family(types, tsArb, helpArb), { selector: (f) => f.name, minLength: 1, maxLength: 5 });

const num = (v: number) =>
  Number.isNaN(v)
    ? 'NaN'
    : v === Number.POSITIVE_INFINITY
      ? '+Inf'
      : v === Number.NEGATIVE_INFINITY
        ? '-Inf'
        : Object.is(v, -0)
          ? '-0'
          : String(v);
const escLabel = (s: string) => s.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
const escHelpText = (s: string) => s.replaceAll('\\', '\\\\').replaceAll('\n', '\\n');
const labelText = (ls: [string, string][]) =>
  ls.length ? `{${ls.map(([k, v]) => `${k}="${escLabel(v)}"`).join(',')}}` : '';

function serializeText(fams: GenFamily[]): string {
  let out = '';
  for (const f of fams) {
    if (f.help !== undefined) out += `# HELP ${f.name} ${escHelpText(f.help)}\n`;
    out += `# TYPE ${f.name} ${f.type}\n`;
    for (const s of f.series)
      out += `${f.name}${labelText(s.labels)} ${num(s.value)}${s.ts === undefined ? '' : ` ${s.ts}`}\n`;
  }
  return out;
}

function serializeOpenMetrics(fams: GenFamily[]): string {
  let out = '';
  for (const f of fams) {
    const type = f.type === 'untyped' ? 'unknown' : f.type;
    out += `# TYPE ${f.name} ${type}\n`;
    if (f.help !== undefined) out += `# HELP ${f.name} ${escLabel(f.help)}\n`;
    const sampleName = f.type === 'counter' ? `${f.name}_total` : f.name;
    for (const s of f.series)
      out += `${sampleName}${labelText(s.labels)} ${num(s.value)}${s.ts === undefined ? '' : ` ${s.ts}`}\n`;
  }
  return `${out}# EOF\n`;
}

/** What the parser should give back for the generated families. */
function expected(fams: GenFamily[], format: 'text' | 'openmetrics') {
  return fams.map((f) => ({
    name: f.name,
    type: format === 'openmetrics' && f.type === 'untyped' ? 'unknown' : f.type,
    help: f.help,
    samples: f.series.map((s) => ({
      name: format === 'openmetrics' && f.type === 'counter' ? `${f.name}_total` : f.name,
      labels: Object.fromEntries(s.labels),
      value: s.value,
      timestampMs: s.ts === undefined ? undefined : format === 'openmetrics' ? s.ts * 1000 : s.ts,
    })),
  }));
}

function actual(fams: Map<string, MetricFamily>) {
  return [...fams.values()].map((f) => ({
    name: f.name,
    type: f.type,
    help: f.help,
    samples: f.samples.map((s: Sample) => ({
      name: s.name,
      labels: { ...s.labels },
      value: s.value,
      timestampMs: s.timestampMs,
    })),
  }));
}

describe('parse(serialize(x)) == x', () => {
  it('text 0.0.4', () => {
    const ts = fc.option(fc.integer({ min: -1e12, max: 4e12 }), { nil: undefined });
    fc.assert(
      // Text 0.0.4 skips blanks between the name and the help (as Prometheus does): a help text cannot
      // start with one, so the generator does not produce such texts.
      fc.property(
        families(
          ['counter', 'gauge', 'untyped'],
          ts,
          text.filter((h) => !/^[ \t]/.test(h)),
        ),
        (fams) => {
          const r = parseExposition(serializeText(fams), { format: 'text', strict: true });
          expect(r.skippedLines).toBe(0);
          expect(actual(r.families)).toEqual(expected(fams, 'text'));
        },
      ),
      runs(400),
    );
  });

  it('OpenMetrics 1.0', () => {
    const ts = fc.option(fc.integer({ min: 0, max: 4e9 }), { nil: undefined });
    fc.assert(
      fc.property(families(['counter', 'gauge', 'untyped'], ts), (fams) => {
        const r = parseExposition(serializeOpenMetrics(fams), { format: 'openmetrics', strict: true });
        expect(r.skippedLines).toBe(0);
        expect(actual(r.families)).toEqual(expected(fams, 'openmetrics'));
      }),
      runs(400),
    );
  });
});

/** Parses, and lets only the parser's own error escape. */
function parsesOrRefuses(input: string | Uint8Array, strict: boolean, format?: 'text' | 'openmetrics') {
  try {
    const r = parseExposition(input, { strict, format });
    expect(r.skippedLines).toBeGreaterThanOrEqual(0);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
  }
}

describe('never throws anything but its own error', () => {
  const soup = fc
    .array(
      fc.constantFrom(
        '#',
        ' ',
        '\t',
        '\n',
        '\r',
        '{',
        '}',
        '"',
        '\\',
        '=',
        ',',
        'a',
        '_',
        ':',
        '1',
        '.',
        'e',
        '+',
        '-',
        'NaN',
        'Inf',
        '# TYPE ',
        '# HELP ',
        '# UNIT ',
        '# EOF',
        '_total',
        'counter',
        'gauge',
        'histogram',
        '_bucket{le="',
        '\u00e9',
        '\ud83d\ude00',
        '\u0000',
      ),
      { maxLength: 60 },
    )
    .map((parts) => parts.join(''));

  it.each([
    [false, undefined],
    [true, undefined],
    [false, 'openmetrics'],
    [true, 'openmetrics'],
  ] as const)('arbitrary bytes (strict %s, format %s)', (strict, format) => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => parsesOrRefuses(bytes, strict, format)),
      runs(500),
    );
    fc.assert(
      fc.property(soup, (s) => parsesOrRefuses(s, strict, format)),
      runs(500),
    );
  });
});
