/**
 * Lexical pieces shared by the exposition parser (exposition.ts) and its fast scanner (scan.ts): character
 * classes, byte comparisons, hashes, the float decoder, the label-value interner and the input's layout.
 */
import { Buffer, isAscii } from 'node:buffer';
import { endianness } from 'node:os';
import type { MetricType } from './types.js';
export const TAB = 9;
export const NL = 10;
export const CR = 13;
export const SP = 32;
export const QUOTE = 34;
export const HASH = 35;
export const PLUS = 43;
export const COMMA = 44;
export const MINUS = 45;
export const DOT = 46;
export const EQ = 61;
export const BSLASH = 92;
export const LBRACE = 123;
export const RBRACE = 125;
export const LOWER_E = 101;
export const UPPER_E = 69;
export const LOWER_N = 110;

/** Code units of the input, index for index with the decoded text, plus one 0 at the end. */
export type Codes = Uint8Array | Uint16Array;

/** Character classes for ASCII: bit 1 = metric name char, bit 2 = label name char, bit 4 = digit. */
export const NAME_CHAR = 1;
export const LABEL_CHAR = 2;
export const DIGIT = 4;
export const CHAR_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const isDigit = c >= 48 && c <= 57;
  const isAlpha = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  let cls = 0;
  if (isDigit || isAlpha || c === 58) cls |= NAME_CHAR;
  if (isDigit || isAlpha) cls |= LABEL_CHAR;
  if (isDigit) cls |= DIGIT;
  CHAR_CLASS[c] = cls;
}

export function charClass(c: number): number {
  return c < 128 ? CHAR_CLASS[c]! : 0;
}

export function isBlank(c: number): boolean {
  return c === SP || c === TAB;
}

/** Character after a metric name at the start of a sample line. */
export function isNameEnd(c: number): boolean {
  return c === LBRACE || c === SP || c === TAB;
}

/** Character after a label name. */
export function isKeyEnd(c: number): boolean {
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

export const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];

export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

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
export let numOut = 0;

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
      if (sig > 0 || d !== 0) {
        if (sig < 15) {
          mant = mant * 10 + d;
          sig++;
          scale++;
        } else {
          exact = false;
        }
      } else {
        scale++;
      }
    }
  }
  if (digits === 0) return parseSpecial(codes, text, s, e);
  let exp = 0;
  if (i < e && (c === LOWER_E || c === UPPER_E)) {
    i++;
    let expNeg = false;
    c = codes[i]!;
    if (c === MINUS) {
      expNeg = true;
      i++;
    } else if (c === PLUS) {
      i++;
    }
    let expDigits = 0;
    for (; i < e; i++) {
      const d = codes[i]! - 48;
      if (d < 0 || d > 9) break;
      if (exp < 100000) exp = exp * 10 + d;
      expDigits++;
    }
    if (expDigits === 0) return false;
    if (expNeg) exp = -exp;
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
export function detach(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/** Distinct label values kept by the interner (beyond it, values are copied one by one). */
export const INTERN_MAX = 1 << 18;

/**
 * Label values read so far: a repeated value (node name, container ids, paths) is found by its hash
 * and a comparison with where it was first read, and shares one detached string. (A Map keyed by a
 * throwaway slice costs more: V8 hashes the slice again, character by character, on every lookup.)
 */
export class Interner {
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
export function prepare(input: string | Uint8Array): { text: string; codes: Codes } {
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
