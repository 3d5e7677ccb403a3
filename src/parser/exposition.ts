/**
 * Prometheus text 0.0.4 / OpenMetrics 1.0 exposition parser.
 *
 * Speed (a node with process metrics exposes tens of MB):
 * - The input is decoded once. Characters are read from a typed array of its code units (the bytes when
 *   it is ASCII, else UTF-16), about twice as fast as `charCodeAt`; strings are sliced from the decoded
 *   text, whose indices are the same. Line ends are found with `indexOf('\n')`; no regex, no split.
 * - `wantFamily` is asked once per family; lines of unwanted families are skipped after reading the name.
 * - Label names are checked against the previous line of the family (same order in practice) instead of
 *   being sliced, and once a family has shown the same names a few times its label objects come from a
 *   compiled object-literal factory (one allocation, properties in-object).
 * - Label values are interned: repeated values (zone, state, node name, container ids, paths) share one string
 *   that is a copy, not a slice. Names, HELP texts and messages are copied too, so a result never keeps
 *   the whole input alive (V8 substrings of 13+ characters point into their parent string).
 * - Common floats are decoded without allocating.
 * - Unwanted families are not validated: a malformed line in one is skipped silently, even in strict mode.
 * Duplicate series are found with an order-independent hash of the labels computed during the scan; a hash
 * hit is confirmed by comparing the labels, so collisions never reject a valid line.
 */
import { Buffer, isAscii } from 'node:buffer';
import { endianness } from 'node:os';
import { InputError } from '../errors.js';
import type {
  ExpositionFormat,
  MetricFamily,
  MetricType,
  ParseOptions,
  ParseResult,
  ParseWarning,
  Sample,
} from './types.js';

/** Malformed lines kept in detail in `ParseResult.warnings`. */
export const MAX_WARNINGS = 20;

const TAB = 9;
const NL = 10;
const CR = 13;
const SP = 32;
const QUOTE = 34;
const HASH = 35;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const EQ = 61;
const BSLASH = 92;
const LBRACE = 123;
const RBRACE = 125;
const LOWER_E = 101;
const UPPER_E = 69;
const LOWER_N = 110;

/** Code units of the input, index for index with the decoded text, plus one 0 at the end. */
type Codes = Uint8Array | Uint16Array;

/** Character classes for ASCII: bit 1 = metric name char, bit 2 = label name char, bit 4 = digit. */
const NAME_CHAR = 1;
const LABEL_CHAR = 2;
const DIGIT = 4;
const CHAR_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const isDigit = c >= 48 && c <= 57;
  const isAlpha = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  let cls = 0;
  if (isDigit || isAlpha || c === 58) cls |= NAME_CHAR;
  if (isDigit || isAlpha) cls |= LABEL_CHAR;
  if (isDigit) cls |= DIGIT;
  CHAR_CLASS[c] = cls;
}

function charClass(c: number): number {
  return c < 128 ? CHAR_CLASS[c]! : 0;
}

function isBlank(c: number): boolean {
  return c === SP || c === TAB;
}

/** Character after a metric name at the start of a sample line. */
export function isNameEnd(c: number): boolean {
  return c === LBRACE || c === SP || c === TAB;
}

/** Character after a label name. */
function isKeyEnd(c: number): boolean {
  return c === EQ || c === SP || c === TAB;
}

/**
 * End of the name (metric names: NAME_CHAR, label names: LABEL_CHAR) starting at codes[i], which must not
 * start with a digit; -1 when there is no such name there.
 */
export function nameEnd(codes: Codes, i: number, end: number, cls: number): number {
  if ((charClass(codes[i]!) & (cls | DIGIT)) !== cls) return -1;
  i++;
  while (i < end && (charClass(codes[i]!) & cls) !== 0) i++;
  return i;
}

/** Whether codes[start, end) is a metric name (the parser reports a sample line whose name is not). */
export function isMetricName(codes: Codes, start: number, end: number): boolean {
  return start < end && nameEnd(codes, start, end, NAME_CHAR) === end;
}

/** Whether the line codes[start, end) starts with the `n`-character metric name written at codes[prevPos]. */
export function sameNameAt(codes: Codes, start: number, end: number, prevPos: number, n: number): boolean {
  return start + n < end && isNameEnd(codes[start + n]!) && matchAt(codes, start, prevPos, n);
}

/** Index of the first non-blank at or after i (or end). */
export function skipBlanks(codes: Codes, i: number, end: number): number {
  while (i < end) {
    const c = codes[i]!;
    if (c !== SP && c !== TAB) break;
    i++;
  }
  return i;
}

/** Index of the first blank at or after i (or end). */
export function skipToken(codes: Codes, i: number, end: number): number {
  while (i < end) {
    const c = codes[i]!;
    if (c === SP || c === TAB) break;
    i++;
  }
  return i;
}

/** Whether codes[i, i + n) equals codes[j, j + n). */
export function matchAt(codes: Codes, i: number, j: number, n: number): boolean {
  for (let k = 0; k < n; k++) {
    if (codes[i + k] !== codes[j + k]) return false;
  }
  return true;
}

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

export function hashString(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Combines a label name hash and value hash; the results are summed, so label order does not matter. */
export function mixLabel(keyHash: number, valueHash: number): number {
  let m = Math.imul(keyHash ^ (valueHash + 0x9e3779b9), 0x85ebca6b);
  m ^= m >>> 13;
  return Math.imul(m, 0xc2b2ae35);
}

/** Metric types by their lower-case spelling (the canonical strings, not slices of the input). */
export const TYPES: ReadonlyMap<string, MetricType> = new Map(
  (
    [
      'counter',
      'gauge',
      'histogram',
      'summary',
      'untyped',
      'unknown',
      'info',
      'stateset',
      'gaugehistogram',
    ] as const
  ).map((t) => [t, t]),
);

/** Sample-name suffixes that belong to a declared family `foo`, and the family types that allow them. */
export const SUFFIX_RULES: ReadonlyArray<readonly [string, readonly MetricType[]]> = [
  ['_total', ['counter']],
  ['_created', ['counter', 'histogram', 'summary', 'gaugehistogram']],
  ['_count', ['histogram', 'summary']],
  ['_sum', ['histogram', 'summary']],
  ['_bucket', ['histogram', 'gaugehistogram']],
  ['_gcount', ['gaugehistogram']],
  ['_gsum', ['gaugehistogram']],
  ['_info', ['info']],
];

// ---- numbers ----------------------------------------------------------------------------------------

/** Output of the float decoder (avoids allocating a result object per value). */
let numOut = 0;

/** The value the last successful parseFloatAt decoded. */
export function decoded(): number {
  return numOut;
}

/** text[s, e), or with no decoded text (null) the same characters read from the code units. */
function textAt(codes: Codes, text: string | null, s: number, e: number): string {
  return text !== null ? text.slice(s, e) : String.fromCharCode(...codes.subarray(s, e));
}

/** Go-style special values, case-insensitive like Go's strconv.ParseFloat. */
function parseSpecial(codes: Codes, text: string | null, s: number, e: number): boolean {
  const n = e - s;
  if (n < 3 || n > 9) return false;
  switch (textAt(codes, text, s, e).toLowerCase()) {
    case 'nan':
      numOut = Number.NaN;
      return true;
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      numOut = Number.POSITIVE_INFINITY;
      return true;
    case '-inf':
    case '-infinity':
      numOut = Number.NEGATIVE_INFINITY;
      return true;
    default:
      return false;
  }
}

/**
 * Decodes a Go float in text[s, e) into `numOut`; false when it is not one. Decimal numbers with at most
 * 15 significant digits and a power of ten within 1e±22 are computed exactly (one correctly rounded
 * multiplication or division of two exact doubles, so the result equals `Number()`); others use `Number()`.
 * `text` null: there is no decoded text, the rare cases read the code units.
 */
export function parseFloatAt(codes: Codes, text: string | null, s: number, e: number): boolean {
  let i = s;
  let c = codes[i]!;
  let neg = false;
  if (c === MINUS) {
    neg = true;
    i++;
  } else if (c === PLUS) {
    i++;
  }
  let mant = 0;
  let sig = 0;
  let scale = 0;
  let digits = 0;
  let exact = true;
  for (; i < e; i++) {
    c = codes[i]!;
    const d = c - 48;
    if (d < 0 || d > 9) break;
    digits++;
    if (sig > 0 || d !== 0) {
      if (sig < 15) {
        mant = mant * 10 + d;
        sig++;
      } else {
        exact = false;
      }
    }
  }
  if (i < e && c === DOT) {
    for (i++; i < e; i++) {
      c = codes[i]!;
      const d = c - 48;
      if (d < 0 || d > 9) break;
      digits++;
      // A fraction digit counts in the scale while it counts in the mantissa (a leading zero too). One path for
      // both: a separate branch for leading zeros was code a dump's first values (0.48, 4.8) never ran, and
      // optimised code gave up (deoptimised) at the first 0.05 (--trace-deopt).
      if (sig < 15) {
        if (sig > 0 || d !== 0) {
          mant = mant * 10 + d;
          sig++;
        }
        scale++;
      } else {
        exact = false;
      }
    }
  }
  if (digits === 0) return parseSpecial(codes, text, s, e);
  let exp = 0;
  if (i < e && (c === LOWER_E || c === UPPER_E)) {
    i++;
    c = codes[i]!;
    // Either sign takes the same steps (a sign, one increment, one multiplication below), not a branch of its
    // own: optimised code that had met only `e+06` gave up (deoptimised) at the first `e-05` of a dump, code it
    // had never run, and was compiled again (--trace-deopt).
    const expSign = c === MINUS ? -1 : 1;
    if (c === MINUS || c === PLUS) i++;
    let expDigits = 0;
    for (; i < e; i++) {
      const d = codes[i]! - 48;
      if (d < 0 || d > 9) break;
      if (exp < 100000) exp = exp * 10 + d;
      expDigits++;
    }
    if (expDigits === 0) return false;
    exp = (exp * expSign) | 0; // (| 0: -0 is 0)
  }
  if (i !== e) return false;
  const p = exp - scale;
  let v: number;
  if (exact && mant === 0) {
    v = 0;
  } else if (exact && p >= -22 && p <= 22) {
    v = p === 0 ? mant : p > 0 ? mant * POW10[p]! : mant / POW10[-p]!;
  } else {
    // Many digits or a large exponent: Number() parses the same decimal syntax (sign included).
    const r = Number(textAt(codes, text, s, e));
    if (Number.isNaN(r)) return false;
    numOut = r;
    return true;
  }
  numOut = neg ? -v : v;
  return true;
}

// ---- strings, labels, series ----------------------------------------------------------------------

/**
 * A copy of s that does not point into the input. V8 makes substrings of 13+ characters "sliced strings"
 * that keep the whole input alive; a caller that keeps a few families of many scrapes would otherwise hold
 * every full exposition in memory. Concatenation then slicing flattens into a new string of s's size.
 */
function detach(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/** Distinct label values kept by the interner (beyond it, values are copied one by one). */
const INTERN_MAX = 1 << 18;

/**
 * Label values read so far: a repeated value (node name, container ids, paths) is found by its hash
 * and a comparison with where it was first read, and shares one detached string. (A Map keyed by a
 * throwaway slice costs more: V8 hashes the slice again, character by character, on every lookup.)
 */
class Interner {
  private bits = 10;
  private hashes = new Int32Array(1 << 10);
  private starts = new Int32Array(1 << 10);
  /** Length + 1; 0 marks an empty slot. */
  private lens = new Int32Array(1 << 10);
  private strs: string[] = new Array<string>(1 << 10).fill('');
  private count = 0;

  constructor(
    private readonly text: string,
    private readonly codes: Codes,
  ) {}

  /** The value text[vs, ve) (no escapes in it), whose FNV hash is vh. */
  get(vs: number, ve: number, vh: number): string {
    const len = ve - vs;
    const mask = (1 << this.bits) - 1;
    const lens = this.lens;
    let slot = Math.imul(vh, 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const l = lens[slot]!;
      if (l === 0) break;
      if (l === len + 1 && this.hashes[slot] === vh && matchAt(this.codes, vs, this.starts[slot]!, len)) {
        return this.strs[slot]!;
      }
      slot = (slot + 1) & mask;
    }
    const str = detach(this.text.slice(vs, ve));
    if (this.count < INTERN_MAX) {
      this.hashes[slot] = vh;
      this.starts[slot] = vs;
      lens[slot] = len + 1;
      this.strs[slot] = str;
      if (++this.count * 2 > mask) this.grow();
    }
    return str;
  }

  private grow(): void {
    const { hashes, starts, lens, strs } = this;
    this.bits++;
    const size = 1 << this.bits;
    const mask = size - 1;
    this.hashes = new Int32Array(size);
    this.starts = new Int32Array(size);
    this.lens = new Int32Array(size);
    this.strs = new Array<string>(size).fill('');
    for (let k = 0; k < lens.length; k++) {
      if (lens[k] === 0) continue;
      let slot = Math.imul(hashes[k]!, 0x9e3779b1) >>> (32 - this.bits);
      while (this.lens[slot] !== 0) slot = (slot + 1) & mask;
      this.hashes[slot] = hashes[k]!;
      this.starts[slot] = starts[k]!;
      this.lens[slot] = lens[k]!;
      this.strs[slot] = strs[k]!;
    }
  }
}

/** Decodes the input once (dropping a UTF-8 BOM) and lays out its code units for scanning. */
function prepare(input: string | Uint8Array): { text: string; codes: Codes } {
  let text: string;
  if (typeof input === 'string') {
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    if (Buffer.byteLength(text, 'utf8') === text.length) {
      const codes = Buffer.allocUnsafe(text.length + 1);
      codes.write(text, 0, 'latin1');
      codes[text.length] = 0;
      return { text, codes };
    }
  } else {
    let bytes = input;
    if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
      bytes = bytes.subarray(3);
    text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    if (isAscii(bytes)) {
      const codes = Buffer.allocUnsafe(bytes.length + 1);
      codes.set(bytes);
      codes[bytes.length] = 0;
      return { text, codes };
    }
  }
  // Not ASCII: UTF-16 code units, which have the same indices as the string.
  const codes = new Uint16Array(text.length + 1);
  if (endianness() === 'LE') {
    Buffer.from(codes.buffer, codes.byteOffset, text.length * 2).write(text, 0, 'utf16le');
  } else {
    for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
  }
  return { text, codes };
}

function sameSeries(a: Sample, name: string, labels: Record<string, string>, count: number): boolean {
  if (a.name !== name) return false;
  let n = 0;
  for (const k in a.labels) {
    if (!Object.hasOwn(labels, k) || labels[k] !== a.labels[k]) return false;
    n++;
  }
  return n === count;
}

/** Series of one family, by hash of name and labels, for duplicate detection (open addressing). */
class SeriesSet {
  private bits = 4;
  private hashes = new Int32Array(1 << 4);
  /** Index into the family's samples + 1; 0 marks an empty slot. */
  private refs = new Int32Array(1 << 4);
  private count = 0;

  /** Records samples[index]'s series unless it is there already; false for a duplicate. */
  add(h: number, samples: Sample[], index: number, name: string, labels: Record<string, string>, n: number) {
    const mask = (1 << this.bits) - 1;
    const refs = this.refs;
    let slot = Math.imul(h, 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const r = refs[slot]!;
      if (r === 0) break;
      if (this.hashes[slot] === h && sameSeries(samples[r - 1]!, name, labels, n)) return false;
      slot = (slot + 1) & mask;
    }
    this.hashes[slot] = h;
    refs[slot] = index + 1;
    if (++this.count * 2 > mask) this.grow();
    return true;
  }

  private grow(): void {
    const { hashes, refs } = this;
    this.bits++;
    const size = 1 << this.bits;
    const mask = size - 1;
    this.hashes = new Int32Array(size);
    this.refs = new Int32Array(size);
    for (let k = 0; k < refs.length; k++) {
      if (refs[k] === 0) continue;
      let slot = Math.imul(hashes[k]!, 0x9e3779b1) >>> (32 - this.bits);
      while (this.refs[slot] !== 0) slot = (slot + 1) & mask;
      this.hashes[slot] = hashes[k]!;
      this.refs[slot] = refs[k]!;
    }
  }
}

function buildLabels(keys: string[], values: string[], n: number): Record<string, string> {
  const labels: Record<string, string> = {};
  for (let k = 0; k < n; k++) {
    const key = keys[k]!;
    if (key === '__proto__') {
      Object.defineProperty(labels, key, {
        value: values[k],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      labels[key] = values[k]!;
    }
  }
  return labels;
}

type LabelFactory = (values: string[]) => Record<string, string>;

/** Lines of a family with the same label names before its label objects come from a factory. */
const FACTORY_AFTER = 8;

/**
 * Compiles `(v) => ({"name0": v[0], "name1": v[1], ...})` for a family's label names. An object literal
 * with fixed names is allocated in one piece with its properties in-object, several times faster than
 * adding properties one by one through a generic keyed store (which, across families, is megamorphic).
 * Names are embedded as JSON string literals, so any name is safe; `__proto__` (which would set the
 * prototype in a literal) gets no factory.
 */
function makeFactory(keys: readonly string[]): LabelFactory | null {
  if (keys.includes('__proto__')) return null;
  const id = keys.join('\u0000');
  let factory = FACTORIES.get(id);
  if (factory === undefined) {
    const props = keys.map((k, i) => `${JSON.stringify(k)}: v[${i}]`).join(', ');
    try {
      factory = new Function('v', `return { ${props} };`) as LabelFactory;
    } catch {
      return null; // code generation disallowed (--disallow-code-generation-from-strings): build by hand
    }
    if (FACTORIES.size < FACTORIES_MAX) FACTORIES.set(id, factory);
  }
  return factory;
}

/**
 * Factories by label names, kept across parses: the same closure builds objects of the same shape every
 * time, so code optimized for one scrape stays valid for the next (new closures would each bring new
 * object shapes, and V8 would throw away and redo its optimized code on every parse).
 */
const FACTORIES = new Map<string, LabelFactory>();
const FACTORIES_MAX = 2000;

function snippet(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function renderSeries(name: string, labels: Record<string, string>): string {
  const parts: string[] = [];
  for (const k in labels) parts.push(`${k}=${JSON.stringify(labels[k])}`);
  return snippet(`${name}{${parts.join(',')}}`);
}

interface FamState {
  family: MetricFamily;
  wanted: boolean;
  /** In the result: declared by metadata, or had a valid sample (not just malformed lines). */
  listed: boolean;
  typeSeen: boolean;
  helpSeen: boolean;
  unitSeen: boolean;
  hadSamples: boolean;
  /**
   * Label names of recent lines, by position, where they were read (`keyPos`) and their hashes. A line's
   * name at position n is taken from here when the text there is the same; misses rewrite from n on.
   */
  keys: string[];
  keyPos: number[];
  keyHashes: number[];
  /** Builds label objects when a line has exactly the names in `keys` (made after FACTORY_AFTER lines). */
  factory: LabelFactory | null;
  sameKeys: number;
  series: SeriesSet;
}

interface NameEntry {
  name: string;
  fam: FamState;
  hash: number;
}

/** Mode of `ExpositionParser.rest`: where the scan stands after the metric name. */
const AFTER_NAME = 0;
const IN_LABELS = 1;
const AFTER_LABELS = 2;

// ---- parser -----------------------------------------------------------------------------------------

class ExpositionParser {
  private readonly text: string;
  private readonly codes: Codes;
  private readonly strict: boolean;
  private readonly origin: string;
  private readonly want: ((familyName: string) => boolean) | undefined;
  private readonly forced: boolean;
  private format: ExpositionFormat;
  private readonly families = new Map<string, MetricFamily>();
  private readonly states = new Map<string, FamState>();
  private readonly names = new Map<string, NameEntry>();
  /** Name of the previous sample line (the next line usually has the same one) and where it starts. */
  private prev: NameEntry | null = null;
  private prevPos = 0;
  private readonly warnings: ParseWarning[] = [];
  private skipped = 0;
  private sampleLines = 0;
  private lineNo = 0;
  private sawEof = false;
  private readonly interner: Interner;
  /** Label names and values of the current line. */
  // Filled with strings from the start: an array that begins empty changes its elements kind (and map) on the
  // first store, which threw away the optimized code of `rest` once per run.
  private readonly kbuf: string[] = new Array<string>(32).fill('');
  private readonly vbuf: string[] = new Array<string>(32).fill('');
  /** Scratch outputs of readQuoted/readEscaped. */
  private str = '';
  private strHash = 0;

  constructor(text: string, codes: Codes, opts: ParseOptions) {
    this.text = text;
    this.codes = codes;
    this.interner = new Interner(text, codes);
    this.strict = opts.strict === true;
    this.origin = opts.origin ?? '<input>';
    this.want = opts.wantFamily;
    this.forced = opts.format !== undefined;
    this.format = opts.format ?? (endsWithEof(text) ? 'openmetrics' : 'text');
  }

  run(): ParseResult {
    const text = this.text;
    const codes = this.codes;
    const len = text.length;
    let pos = 0;
    while (pos < len) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = len;
      let end = nl;
      if (end > pos && codes[end - 1] === CR) end--;
      this.lineNo++;
      const i = skipBlanks(codes, pos, end);
      if (i >= end) {
        if (this.format === 'openmetrics' && !this.sawEof) this.bad('blank line in OpenMetrics input');
      } else if (this.sawEof) {
        this.bad('content after "# EOF"');
      } else if (codes[i] === HASH) {
        this.comment(i, end);
      } else {
        const err = this.sample(i, end);
        if (err !== null) {
          this.bad(err);
          if (!err.startsWith('duplicate sample ')) this.skippedSample(i, end);
        }
      }
      pos = nl + 1;
    }
    if (this.format === 'openmetrics' && !this.sawEof) {
      this.lineNo++;
      this.bad('missing "# EOF" at the end of OpenMetrics input');
    }
    return {
      format: this.format,
      families: this.families,
      warnings: this.warnings,
      skippedLines: this.skipped,
      skippedSamples: this.skippedSamples,
      sampleLines: this.sampleLines,
    };
  }

  private readonly skippedSamples = new Map<string, number>();

  /** Counts the malformed sample line at [i, end) under its metric name ('' when that cannot be read). */
  private skippedSample(i: number, end: number): void {
    const e = nameEnd(this.codes, i, end, NAME_CHAR);
    const name = e > i ? this.text.slice(i, e) : '';
    this.skippedSamples.set(name, (this.skippedSamples.get(name) ?? 0) + 1);
  }

  private bad(message: string): void {
    // Messages quote bits of the input: detach them, as values are.
    if (this.strict) throw new InputError(detach(`${this.origin}:${this.lineNo}: ${message}`));
    this.skipped++;
    if (this.warnings.length < MAX_WARNINGS)
      this.warnings.push({ line: this.lineNo, message: detach(message) });
  }

  // ---- families -------------------------------------------------------------------------------------

  /** State of a family named by a metadata line: listed in the result if wanted. */
  private stateFor(name: string): FamState {
    const st = this.states.get(name) ?? this.createState(name);
    if (!st.listed && st.wanted) {
      st.listed = true;
      this.families.set(name, st.family);
    }
    return st;
  }

  private createState(name: string): FamState {
    const family: MetricFamily = {
      name,
      type: this.format === 'openmetrics' ? 'unknown' : 'untyped',
      samples: [],
    };
    const wanted = this.want === undefined ? true : this.want(name) === true;
    const st: FamState = {
      family,
      wanted,
      listed: false,
      typeSeen: false,
      helpSeen: false,
      unitSeen: false,
      hadSamples: false,
      keys: [],
      keyPos: [],
      keyHashes: [],
      factory: null,
      sameKeys: 0,
      series: new SeriesSet(),
    };
    this.states.set(name, st);
    return st;
  }

  /** Family of a sample name: exact name, else a declared family `foo` whose type allows the suffix. */
  private entryFor(name: string): NameEntry {
    let entry = this.names.get(name);
    if (entry === undefined) {
      name = detach(name);
      let fam = this.states.get(name);
      if (fam === undefined) {
        for (const [suffix, types] of SUFFIX_RULES) {
          if (name.length > suffix.length && name.endsWith(suffix)) {
            const base = this.states.get(name.slice(0, name.length - suffix.length));
            if (base?.typeSeen && types.includes(base.family.type)) {
              fam = base;
              break;
            }
          }
        }
        if (fam === undefined) fam = this.createState(name);
      }
      entry = { name, fam, hash: hashString(name) };
      this.names.set(name, entry);
    }
    return entry;
  }

  /** Metadata for `name` changes how sample names resolve: forget cached resolutions. */
  private invalidate(name: string): void {
    this.names.delete(name);
    for (const [suffix] of SUFFIX_RULES) this.names.delete(name + suffix);
    this.prev = null;
  }

  // ---- comment lines --------------------------------------------------------------------------------

  private comment(start: number, end: number): void {
    const codes = this.codes;
    let i = skipBlanks(codes, start + 1, end);
    const kwStart = i;
    i = skipToken(codes, i, end);
    const kw = i - kwStart <= 4 ? this.text.slice(kwStart, i) : '';
    const om = this.format === 'openmetrics';
    if (kw === 'HELP' || kw === 'TYPE') {
      this.metadata(kw, i, end);
    } else if (kw === 'UNIT' || kw === 'EOF') {
      if (this.forced && !om) return; // forced text: just a comment
      if (!om) this.format = 'openmetrics';
      if (kw === 'UNIT') {
        this.metadata(kw, i, end);
      } else if (skipBlanks(codes, i, end) < end) {
        this.bad('unexpected text after "# EOF"');
      } else {
        this.sawEof = true;
      }
    } else if (om) {
      this.bad('comment line other than HELP, TYPE, UNIT or EOF in OpenMetrics input');
    }
  }

  private metadata(kw: 'HELP' | 'TYPE' | 'UNIT', i: number, end: number): void {
    const text = this.text;
    const codes = this.codes;
    if (i >= end) {
      this.bad(`missing metric name in ${kw} line`);
      return;
    }
    i = skipBlanks(codes, i, end);
    if (i >= end) {
      this.bad(`missing metric name in ${kw} line`);
      return;
    }
    let name: string;
    if (codes[i] === QUOTE) {
      const q = this.readQuoted(i, end);
      if (q < 0) {
        this.bad(`unterminated quoted metric name in ${kw} line`);
        return;
      }
      name = detach(this.str);
      i = q;
    } else {
      const ns = i;
      i = nameEnd(codes, ns, end, NAME_CHAR);
      if (i < 0) {
        this.bad(`invalid metric name in ${kw} line`);
        return;
      }
      name = detach(text.slice(ns, i));
    }
    if (name === '') {
      this.bad(`empty metric name in ${kw} line`);
      return;
    }
    if (i < end && !isBlank(codes[i]!)) {
      this.bad(`invalid character in metric name of ${kw} line`);
      return;
    }
    // OpenMetrics separates name and help by exactly one space (the rest, leading blanks too, is the text);
    // text 0.0.4 skips blanks there as Prometheus does, so a help text cannot start with one.
    if (kw === 'HELP' && this.format === 'openmetrics') i = Math.min(i + 1, end);
    else i = skipBlanks(codes, i, end);
    if (kw === 'HELP') {
      const st = this.stateFor(name);
      if (st.helpSeen) {
        this.bad(`duplicate HELP line for ${name}`);
        return;
      }
      st.helpSeen = true;
      st.family.help = detach(unescapeHelp(text.slice(i, end), this.format === 'openmetrics'));
    } else {
      const ts = i;
      i = skipToken(codes, i, end);
      const token = text.slice(ts, i);
      if (skipBlanks(codes, i, end) < end) {
        this.bad(`unexpected text after ${kw} value`);
        return;
      }
      if (kw === 'TYPE') {
        const type = TYPES.get(token.toLowerCase());
        if (type === undefined) {
          this.bad(`unknown metric type "${snippet(token)}" for ${name}`);
          return;
        }
        const st = this.stateFor(name);
        if (st.typeSeen) {
          this.bad(`duplicate TYPE line for ${name}`);
          return;
        }
        if (st.hadSamples) {
          this.bad(`TYPE line for ${name} after its samples`);
          return;
        }
        st.typeSeen = true;
        st.family.type = type;
      } else {
        const st = this.stateFor(name);
        if (st.unitSeen) {
          this.bad(`duplicate UNIT line for ${name}`);
          return;
        }
        st.unitSeen = true;
        st.family.unit = detach(token);
      }
    }
    this.invalidate(name);
  }

  // ---- sample lines ---------------------------------------------------------------------------------

  /** Parses the sample line text[start, end) (start is not blank); returns an error message or null. */
  private sample(start: number, end: number): string | null {
    const codes = this.codes;
    let i = start;
    let entry = this.prev;
    if (entry !== null) {
      // Same name as the previous line? Compare with that line's text, no slicing.
      const n = entry.name.length;
      if (sameNameAt(codes, start, end, this.prevPos, n)) {
        i += n;
      } else {
        entry = null;
      }
    }
    if (entry === null) {
      const c = codes[i]!;
      if (c === LBRACE || c === QUOTE) return this.quotedNameSample(start, end);
      i = nameEnd(codes, i, end, NAME_CHAR);
      if (i < 0) return 'invalid metric name';
      if (i >= end) return 'missing value';
      if (!isNameEnd(codes[i]!)) return 'invalid character in metric name';
      entry = this.entryFor(this.text.slice(start, i));
      this.prev = entry;
      this.prevPos = start;
    }
    const st = entry.fam;
    st.hadSamples = true;
    if (!st.wanted) {
      this.sampleLines++;
      return null;
    }
    return this.rest(entry, i, end, AFTER_NAME);
  }

  /** `{"my.metric",l="v"} 1` or `"my.metric"{l="v"} 1` (UTF-8 names of newer Prometheus). */
  private quotedNameSample(start: number, end: number): string | null {
    const codes = this.codes;
    let i = start;
    let mode = AFTER_NAME;
    if (codes[i] === LBRACE) {
      i = skipBlanks(codes, i + 1, end);
      if (i >= end || codes[i] !== QUOTE) return 'missing metric name';
      mode = IN_LABELS;
    }
    const q = this.readQuoted(i, end);
    if (q < 0) return 'unterminated quoted metric name';
    const name = this.str;
    if (name === '') return 'empty metric name';
    i = q;
    if (mode === IN_LABELS) {
      i = skipBlanks(codes, i, end);
      const c = i < end ? codes[i] : 0;
      if (c === COMMA) {
        i++;
      } else if (c === RBRACE) {
        i++;
        mode = AFTER_LABELS;
      } else {
        return "expected ',' or '}' after the quoted metric name";
      }
    }
    const entry = this.entryFor(name);
    // The raw text is not the name: keep the same-name fast path off.
    this.prev = null;
    const st = entry.fam;
    st.hadSamples = true;
    if (!st.wanted) {
      this.sampleLines++;
      return null;
    }
    return this.rest(entry, i, end, mode);
  }

  /** Labels, value, timestamp and exemplar of a sample line of a wanted family. */
  private rest(entry: NameEntry, i: number, end: number, mode: number): string | null {
    const text = this.text;
    const codes = this.codes;
    const st = entry.fam;
    const kbuf = this.kbuf;
    const vbuf = this.vbuf;
    let n = 0;
    let hsum = 0;
    let c = 0;
    /** Every label name of this line so far came from the family's cache. */
    let allHit = true;
    if (mode === AFTER_NAME) {
      i = skipBlanks(codes, i, end);
      if (i < end && codes[i] === LBRACE) {
        i++;
        mode = IN_LABELS;
      }
    }
    if (mode === IN_LABELS) {
      const keys = st.keys;
      const keyPos = st.keyPos;
      const keyHashes = st.keyHashes;
      // Fast paths test for the usual character first (no blanks); codes[end] exists (a line end or the
      // trailing 0), so reading one past the line never matches a quote or brace.
      for (;;) {
        c = codes[i]!;
        if (c === SP || c === TAB) {
          i = skipBlanks(codes, i, end);
          c = codes[i]!;
        }
        if (i >= end) return 'unterminated label set';
        if (c === RBRACE) {
          i++;
          break;
        }
        // Label name.
        let key: string;
        let keyHash: number;
        const kl = allHit && n < keys.length ? keys[n]!.length : -1;
        if (kl >= 0 && i + kl < end && isKeyEnd(codes[i + kl]!) && matchAt(codes, i, keyPos[n]!, kl)) {
          // Hit. All earlier names of this line hit too, and the cached names were checked to be distinct.
          key = keys[n]!;
          keyHash = keyHashes[n]!;
          i += kl;
        } else {
          const ks = i;
          if (c === QUOTE) {
            const q = this.readQuoted(i, end);
            if (q < 0) return 'unterminated quoted label name';
            key = this.str;
            i = q;
          } else {
            i = nameEnd(codes, i, end, LABEL_CHAR);
            if (i < 0) return 'invalid label name';
            key = text.slice(ks, i);
          }
          for (let k = 0; k < n; k++) {
            if (kbuf[k] === key) return `duplicate label name "${snippet(key)}"`;
          }
          keyHash = hashString(key);
          // The cache now follows this line from position n on. A quoted name is not cached (its text is
          // not the name), and neither is anything after it on this line.
          if (allHit || keys.length > n) {
            keys.length = n;
            keyPos.length = n;
            keyHashes.length = n;
            st.factory = null;
            st.sameKeys = 0;
          }
          if (c !== QUOTE && keys.length === n) {
            keys.push(key);
            keyPos.push(ks);
            keyHashes.push(keyHash);
          }
          allHit = false;
        }
        if (codes[i] === EQ && codes[i + 1] === QUOTE) {
          i += 2;
        } else {
          i = skipBlanks(codes, i, end);
          if (i >= end || codes[i] !== EQ) return `expected '=' after label name "${snippet(key)}"`;
          i = skipBlanks(codes, i + 1, end);
          if (i >= end || codes[i] !== QUOTE) {
            return `expected '"' to start the value of label "${snippet(key)}"`;
          }
          i++;
        }
        // Label value, and `vh`, the FNV hash of its decoded text (for duplicate detection).
        const vs = i;
        let value: string;
        let vh = FNV_OFFSET;
        for (; i < end; i++) {
          c = codes[i]!;
          if (c === QUOTE || c === BSLASH) break;
          vh = Math.imul(vh ^ c, FNV_PRIME);
        }
        if (i >= end) return 'unterminated label value';
        if (c === QUOTE) {
          // Interned, short values too: a node's lines repeat a few (zone, state, node, namespace) thousands
          // of times, and one shared string each allocates nothing per line. Short numbers (pids, ports) are
          // mostly distinct: copied (V8 copies short slices), as is the empty value.
          const len = i - vs;
          value =
            len === 0
              ? ''
              : len < 13 && (charClass(codes[vs]!) & DIGIT) !== 0
                ? text.slice(vs, i)
                : this.interner.get(vs, i, vh);
          i++;
        } else {
          i = this.readEscaped(vs, i, end, vh);
          if (i < 0) return 'unterminated label value';
          value = detach(this.str);
          vh = this.strHash;
        }
        kbuf[n] = key;
        vbuf[n] = value;
        n++;
        hsum = (hsum + mixLabel(keyHash, vh)) | 0;
        c = codes[i]!;
        if (c === SP || c === TAB) {
          i = skipBlanks(codes, i, end);
          c = codes[i]!;
        }
        if (i >= end) return 'unterminated label set';
        if (c === COMMA) {
          i++;
        } else if (c === RBRACE) {
          i++;
          break;
        } else {
          return `expected ',' or '}' after the value of label "${snippet(key)}"`;
        }
      }
    }
    // Value.
    i = skipBlanks(codes, i, end);
    if (i >= end) return 'missing value';
    const vs = i;
    i = skipToken(codes, i, end);
    if (!parseFloatAt(codes, text, vs, i)) return `invalid value "${snippet(text.slice(vs, i))}"`;
    const value = numOut;
    // Timestamp and exemplar.
    let ts: number | undefined;
    i = skipBlanks(codes, i, end);
    if (i < end && codes[i] !== HASH) {
      const tsStart = i;
      i = skipToken(codes, i, end);
      if (!parseFloatAt(codes, text, tsStart, i) || !Number.isFinite(numOut)) {
        return `invalid timestamp "${snippet(text.slice(tsStart, i))}"`;
      }
      if (this.format === 'openmetrics') {
        ts = Math.round(numOut * 1000);
      } else {
        if (!Number.isInteger(numOut)) return `invalid timestamp "${snippet(text.slice(tsStart, i))}"`;
        ts = numOut;
      }
      i = skipBlanks(codes, i, end);
    }
    if (i < end) {
      if (codes[i] !== HASH) return 'unexpected text after the timestamp';
      if (!validExemplar(codes, text, i, end)) return 'invalid exemplar';
    }
    // Label object: from the family's factory when this line has exactly the cached names.
    let labels: Record<string, string>;
    if (allHit && n === st.keys.length && n > 0) {
      const factory = st.factory;
      if (factory !== null) {
        labels = factory(vbuf);
      } else {
        labels = buildLabels(kbuf, vbuf, n);
        if (++st.sameKeys === FACTORY_AFTER) st.factory = makeFactory(st.keys);
      }
    } else {
      labels = buildLabels(kbuf, vbuf, n);
    }
    // Duplicate series?
    const name = entry.name;
    const samples = st.family.samples;
    if (!st.series.add(Math.imul(hsum ^ entry.hash, 0x9e3779b1), samples, samples.length, name, labels, n)) {
      return `duplicate sample ${renderSeries(name, labels)}`;
    }
    samples.push(ts === undefined ? { name, labels, value } : { name, labels, value, timestampMs: ts });
    if (!st.listed) {
      st.listed = true;
      this.families.set(st.family.name, st.family);
    }
    this.sampleLines++;
    return null;
  }

  /**
   * Continues a label value at the first backslash (text[vs, i) is plain, vh its hash). Sets `str` and
   * `strHash` (hash of the decoded value) and returns the index after the closing quote, or -1.
   * Unknown escapes are kept as written.
   */
  private readEscaped(vs: number, i: number, end: number, vh: number): number {
    const text = this.text;
    const codes = this.codes;
    let out = text.slice(vs, i);
    let run = i;
    while (i < end) {
      const c = codes[i]!;
      if (c === QUOTE) {
        this.str = out + text.slice(run, i);
        this.strHash = vh;
        return i + 1;
      }
      if (c === BSLASH) {
        if (i + 1 >= end) return -1;
        out += text.slice(run, i);
        const e = codes[i + 1]!;
        let d: number;
        if (e === BSLASH || e === QUOTE) {
          d = e;
        } else if (e === LOWER_N) {
          d = NL;
        } else {
          out += '\\';
          vh = Math.imul(vh ^ BSLASH, FNV_PRIME);
          d = e;
        }
        out += String.fromCharCode(d);
        vh = Math.imul(vh ^ d, FNV_PRIME);
        i += 2;
        run = i;
        continue;
      }
      vh = Math.imul(vh ^ c, FNV_PRIME);
      i++;
    }
    return -1;
  }

  /** Reads a quoted string starting at text[i] === '"' into `str`; returns the index after it, or -1. */
  private readQuoted(i: number, end: number): number {
    const codes = this.codes;
    const vs = i + 1;
    for (i = vs; i < end; i++) {
      const c = codes[i]!;
      if (c === QUOTE) {
        this.str = this.text.slice(vs, i);
        return i + 1;
      }
      if (c === BSLASH) return this.readEscaped(vs, i, end, FNV_OFFSET);
    }
    return -1;
  }
}

/** Whether the input's last non-empty line is `# EOF`. */
function endsWithEof(text: string): boolean {
  let e = text.length;
  while (e > 0) {
    const c = text.charCodeAt(e - 1);
    if (c !== NL && c !== CR && c !== SP && c !== TAB) break;
    e--;
  }
  return e >= 5 && text.startsWith('# EOF', e - 5) && (e === 5 || text.charCodeAt(e - 6) === NL);
}

/** `# {l="v",...} value [timestamp]` after a sample value (OpenMetrics exemplar; dropped). */
function validExemplar(codes: Codes, text: string, i: number, end: number): boolean {
  i = skipBlanks(codes, i + 1, end);
  if (i >= end || codes[i] !== LBRACE) return false;
  let inQuote = false;
  for (i++; i < end; i++) {
    const c = codes[i]!;
    if (inQuote) {
      if (c === BSLASH) i++;
      else if (c === QUOTE) inQuote = false;
    } else if (c === QUOTE) {
      inQuote = true;
    } else if (c === RBRACE) {
      break;
    }
  }
  if (i >= end) return false;
  i++;
  // Value, then an optional timestamp.
  for (let tokens = 0; ; tokens++) {
    const gap = i;
    i = skipBlanks(codes, i, end);
    if (i >= end) return tokens > 0;
    if (i === gap || tokens === 2) return false;
    const s = i;
    i = skipToken(codes, i, end);
    if (!parseFloatAt(codes, text, s, i)) return false;
  }
}

/** HELP text escapes: `\\` and `\n` (OpenMetrics also `\"`); other backslashes are kept as written. */
function unescapeHelp(raw: string, om: boolean): string {
  if (raw.indexOf('\\') < 0) return raw;
  let out = '';
  let run = 0;
  for (let i = 0; i < raw.length - 1; i++) {
    if (raw.charCodeAt(i) !== BSLASH) continue;
    const e = raw.charCodeAt(i + 1);
    let d: string;
    if (e === BSLASH) d = '\\';
    else if (e === LOWER_N) d = '\n';
    else if (e === QUOTE && om) d = '"';
    else continue;
    out += raw.slice(run, i) + d;
    i++;
    run = i + 1;
  }
  return out + raw.slice(run);
}

/**
 * Parses a Prometheus text 0.0.4 or OpenMetrics 1.0 exposition (string, or UTF-8 bytes decoded once; a BOM
 * and CRLF line ends are accepted). Malformed lines throw an InputError naming `origin:line` in strict
 * mode, otherwise they are skipped and reported in `warnings` / `skippedLines`.
 */
export function parseExposition(input: string | Uint8Array, opts: ParseOptions = {}): ParseResult {
  const { text, codes } = prepare(input);
  const want = opts.wantFamily;
  if (!opts.strict || want === undefined) return new ExpositionParser(text, codes, opts).run();
  // Strict mode is for files a user hands in: every line is checked, and the filter applies afterwards.
  const result = new ExpositionParser(text, codes, { ...opts, wantFamily: undefined }).run();
  for (const name of [...result.families.keys()]) if (!want(name)) result.families.delete(name);
  return result;
}

/**
 * Looks a family up by either naming convention: text 0.0.4 names counters like their samples
 * (`foo_total`), OpenMetrics without the suffix (`foo`). Tries `name`, then the other spelling.
 */
export function findFamily(result: ParseResult, name: string): MetricFamily | undefined {
  const exact = result.families.get(name);
  if (exact !== undefined) return exact;
  const other = name.endsWith('_total')
    ? result.families.get(name.slice(0, -'_total'.length))
    : result.families.get(`${name}_total`);
  return other?.type === 'counter' ? other : undefined;
}
