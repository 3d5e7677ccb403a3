/**
 * Prometheus text 0.0.4 / OpenMetrics 1.0 exposition parser.
 *
 * Hand-written scanner over the char codes of one decoded string: no regex and no split per line. Each
 * line's end is found with `indexOf('\n')`; lines of families rejected by `wantFamily` are skipped after
 * reading only the metric name. Label names are reused from a per-family cache (same order on every line
 * in practice), label objects are built directly, and common floats are decoded without allocating.
 *
 * Duplicate series are found with an order-independent hash of the labels computed during the scan; a hash
 * hit is confirmed by comparing the labels, so collisions never reject a valid line.
 */
import { Buffer } from 'node:buffer';
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

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

function hashString(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Combines a label name hash and value hash; the results are summed, so label order does not matter. */
function mixLabel(keyHash: number, valueHash: number): number {
  let m = Math.imul(keyHash ^ (valueHash + 0x9e3779b9), 0x85ebca6b);
  m ^= m >>> 13;
  return Math.imul(m, 0xc2b2ae35);
}

const TYPES: ReadonlySet<string> = new Set<MetricType>([
  'counter',
  'gauge',
  'histogram',
  'summary',
  'untyped',
  'unknown',
  'info',
  'stateset',
  'gaugehistogram',
]);

/** Sample-name suffixes that belong to a declared family `foo`, and the family types that allow them. */
const SUFFIX_RULES: ReadonlyArray<readonly [string, readonly MetricType[]]> = [
  ['_total', ['counter']],
  ['_created', ['counter', 'histogram', 'summary', 'gaugehistogram']],
  ['_count', ['histogram', 'summary']],
  ['_sum', ['histogram', 'summary']],
  ['_bucket', ['histogram', 'gaugehistogram']],
  ['_gcount', ['gaugehistogram']],
  ['_gsum', ['gaugehistogram']],
  ['_info', ['info']],
];

/** Output of the float decoder (avoids allocating a result object per value). */
let numOut = 0;

/** Go-style special values, case-insensitive like Go's strconv.ParseFloat. */
function parseSpecial(text: string, s: number, e: number): boolean {
  const n = e - s;
  if (n < 3 || n > 9) return false;
  switch (text.slice(s, e).toLowerCase()) {
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
 */
function parseFloatAt(text: string, s: number, e: number): boolean {
  let i = s;
  let c = text.charCodeAt(i);
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
    c = text.charCodeAt(i);
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
      c = text.charCodeAt(i);
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
  if (digits === 0) return parseSpecial(text, s, e);
  let exp = 0;
  if (i < e && (c === LOWER_E || c === UPPER_E)) {
    i++;
    let expNeg = false;
    c = text.charCodeAt(i);
    if (c === MINUS) {
      expNeg = true;
      i++;
    } else if (c === PLUS) {
      i++;
    }
    let expDigits = 0;
    for (; i < e; i++) {
      const d = text.charCodeAt(i) - 48;
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
    const r = Number(text.slice(s, e));
    if (Number.isNaN(r)) return false;
    numOut = r;
    return true;
  }
  numOut = neg ? -v : v;
  return true;
}

interface FamState {
  family: MetricFamily;
  wanted: boolean;
  typeSeen: boolean;
  helpSeen: boolean;
  unitSeen: boolean;
  hadSamples: boolean;
  /** Label names of the last line, by position: reused when the next line has the same name there. */
  keys: string[];
  keyHashes: number[];
  /**
   * Label values of the last line, by position, that needed no unescaping (and their hashes): a value
   * written the same way is reused without scanning or allocating (node_name, state, ids on zone lines).
   */
  vals: string[];
  valHashes: number[];
  /**
   * Where `keys` / `vals` were read in the text: hits are checked against the text itself, a flat string
   * (the cached strings may be sliced or internalized, and reading those char by char is slow).
   */
  keyPos: number[];
  valPos: number[];
  /** Builds label objects when a line has exactly the names in `keys` (made after FACTORY_AFTER lines). */
  factory: LabelFactory | null;
  sameKeys: number;
  /** Series hash -> sample(s), for duplicate detection. */
  series: Map<number, Sample | Sample[]> | null;
}

interface NameEntry {
  name: string;
  fam: FamState;
  hash: number;
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
  const props = keys.map((k, i) => `${JSON.stringify(k)}: v[${i}]`).join(', ');
  return new Function('v', `return { ${props} };`) as LabelFactory;
}

function snippet(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function renderSeries(name: string, labels: Record<string, string>): string {
  const parts: string[] = [];
  for (const k in labels) parts.push(`${k}=${JSON.stringify(labels[k])}`);
  return snippet(`${name}{${parts.join(',')}}`);
}

/** Mode of `ExpositionParser.rest`: where the scan stands after the metric name. */
const AFTER_NAME = 0;
const IN_LABELS = 1;
const AFTER_LABELS = 2;

class ExpositionParser {
  private readonly text: string;
  private readonly strict: boolean;
  private readonly origin: string;
  private readonly want: ((familyName: string) => boolean) | undefined;
  private readonly forced: boolean;
  private format: ExpositionFormat;
  private readonly families = new Map<string, MetricFamily>();
  private readonly states = new Map<string, FamState>();
  private readonly names = new Map<string, NameEntry>();
  /** Name of the previous sample line: the next line usually has the same one. */
  private prev: NameEntry | null = null;
  /** Where the previous sample line's name starts in the text. */
  private prevPos = 0;
  private readonly warnings: ParseWarning[] = [];
  private skipped = 0;
  private sampleLines = 0;
  private lineNo = 0;
  private sawEof = false;
  /** Scratch outputs of readQuoted/readEscaped. */
  private str = '';
  /** Label names and values of the current line. */
  private readonly kbuf: string[] = [];
  private readonly vbuf: string[] = [];
  private strHash = 0;

  constructor(text: string, opts: ParseOptions) {
    this.text = text;
    this.strict = opts.strict === true;
    this.origin = opts.origin ?? '<input>';
    this.want = opts.wantFamily;
    this.forced = opts.format !== undefined;
    this.format = opts.format ?? (endsWithEof(text) ? 'openmetrics' : 'text');
  }

  run(): ParseResult {
    const text = this.text;
    const len = text.length;
    let pos = len > 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
    while (pos < len) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = len;
      let end = nl;
      if (end > pos && text.charCodeAt(end - 1) === CR) end--;
      this.lineNo++;
      let i = pos;
      let c = text.charCodeAt(i);
      while (i < end && (c === SP || c === TAB)) c = text.charCodeAt(++i);
      if (i >= end) {
        if (this.format === 'openmetrics' && !this.sawEof) this.bad('blank line in OpenMetrics input');
      } else if (this.sawEof) {
        this.bad('content after "# EOF"');
      } else if (c === HASH) {
        this.comment(i, end);
      } else {
        const err = this.sample(i, end);
        if (err !== null) this.bad(err);
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
      sampleLines: this.sampleLines,
    };
  }

  private bad(message: string): void {
    if (this.strict) throw new InputError(`${this.origin}:${this.lineNo}: ${message}`);
    this.skipped++;
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push({ line: this.lineNo, message });
  }

  // ---- families -------------------------------------------------------------------------------------

  private stateFor(name: string): FamState {
    const st = this.states.get(name);
    return st === undefined ? this.createState(name) : st;
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
      typeSeen: false,
      helpSeen: false,
      unitSeen: false,
      hadSamples: false,
      keys: [],
      keyHashes: [],
      vals: [],
      valHashes: [],
      keyPos: [],
      valPos: [],
      factory: null,
      sameKeys: 0,
      series: null,
    };
    this.states.set(name, st);
    if (wanted) this.families.set(name, family);
    return st;
  }

  /** Family of a sample name: exact name, else a declared family `foo` whose type allows the suffix. */
  private entryFor(name: string): NameEntry {
    let entry = this.names.get(name);
    if (entry === undefined) {
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
      entry = { name, fam, hash: hashString(name) & 0x3fffffff };
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
    const text = this.text;
    let i = start + 1;
    while (i < end && isBlank(text.charCodeAt(i))) i++;
    const kwStart = i;
    while (i < end && !isBlank(text.charCodeAt(i))) i++;
    const kw = i - kwStart <= 4 ? text.slice(kwStart, i) : '';
    const om = this.format === 'openmetrics';
    if (kw === 'HELP' || kw === 'TYPE') {
      this.metadata(kw, i, end);
    } else if (kw === 'UNIT' || kw === 'EOF') {
      if (this.forced && !om) return; // forced text: just a comment
      if (!om) this.format = 'openmetrics';
      if (kw === 'UNIT') {
        this.metadata(kw, i, end);
      } else {
        while (i < end && isBlank(text.charCodeAt(i))) i++;
        if (i < end) this.bad('unexpected text after "# EOF"');
        else this.sawEof = true;
      }
    } else if (om) {
      this.bad('comment line other than HELP, TYPE, UNIT or EOF in OpenMetrics input');
    }
  }

  private metadata(kw: 'HELP' | 'TYPE' | 'UNIT', i: number, end: number): void {
    const text = this.text;
    if (i >= end || !isBlank(text.charCodeAt(i))) {
      this.bad(`missing metric name in ${kw} line`);
      return;
    }
    while (i < end && isBlank(text.charCodeAt(i))) i++;
    let name: string;
    if (text.charCodeAt(i) === QUOTE && i < end) {
      const q = this.readQuoted(i, end);
      if (q < 0) {
        this.bad(`unterminated quoted metric name in ${kw} line`);
        return;
      }
      name = this.str;
      i = q;
    } else {
      const ns = i;
      while (i < end && (charClass(text.charCodeAt(i)) & NAME_CHAR) !== 0) i++;
      name = text.slice(ns, i);
      if (name === '' || (charClass(text.charCodeAt(ns)) & DIGIT) !== 0) {
        this.bad(`invalid metric name in ${kw} line`);
        return;
      }
    }
    if (name === '') {
      this.bad(`empty metric name in ${kw} line`);
      return;
    }
    if (i < end && !isBlank(text.charCodeAt(i))) {
      this.bad(`invalid character in metric name of ${kw} line`);
      return;
    }
    while (i < end && isBlank(text.charCodeAt(i))) i++;
    if (kw === 'HELP') {
      const st = this.stateFor(name);
      if (st.helpSeen) {
        this.bad(`duplicate HELP line for ${name}`);
        return;
      }
      st.helpSeen = true;
      st.family.help = unescapeHelp(text.slice(i, end), this.format === 'openmetrics');
    } else {
      const ts = i;
      while (i < end && !isBlank(text.charCodeAt(i))) i++;
      const token = text.slice(ts, i);
      while (i < end && isBlank(text.charCodeAt(i))) i++;
      if (i < end) {
        this.bad(`unexpected text after ${kw} value`);
        return;
      }
      if (kw === 'TYPE') {
        const type = token.toLowerCase();
        if (!TYPES.has(type)) {
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
        st.family.type = type as MetricType;
      } else {
        const st = this.stateFor(name);
        if (st.unitSeen) {
          this.bad(`duplicate UNIT line for ${name}`);
          return;
        }
        st.unitSeen = true;
        st.family.unit = token;
      }
    }
    this.invalidate(name);
  }

  // ---- sample lines ---------------------------------------------------------------------------------

  /** Parses the sample line text[start, end) (start is not blank); returns an error message or null. */
  private sample(start: number, end: number): string | null {
    const text = this.text;
    let i = start;
    let entry = this.prev;
    if (
      entry !== null &&
      matchAt(text, i, this.prevPos, entry.name.length) &&
      isNameEnd(text.charCodeAt(i + entry.name.length))
    ) {
      i += entry.name.length;
    } else {
      const c = text.charCodeAt(i);
      if (c === LBRACE || c === QUOTE) return this.quotedNameSample(start, end);
      if ((charClass(c) & (NAME_CHAR | DIGIT)) !== NAME_CHAR) return 'invalid metric name';
      i++;
      while (i < end && (charClass(text.charCodeAt(i)) & NAME_CHAR) !== 0) i++;
      if (i >= end) return 'missing value';
      if (!isNameEnd(text.charCodeAt(i))) return 'invalid character in metric name';
      entry = this.entryFor(text.slice(start, i));
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
    const text = this.text;
    let i = start;
    let mode = AFTER_NAME;
    if (text.charCodeAt(i) === LBRACE) {
      i++;
      while (i < end && isBlank(text.charCodeAt(i))) i++;
      if (i >= end || text.charCodeAt(i) !== QUOTE) return 'missing metric name';
      mode = IN_LABELS;
    }
    const q = this.readQuoted(i, end);
    if (q < 0) return 'unterminated quoted metric name';
    const name = this.str;
    if (name === '') return 'empty metric name';
    i = q;
    if (mode === IN_LABELS) {
      while (i < end && isBlank(text.charCodeAt(i))) i++;
      const c = text.charCodeAt(i);
      if (i < end && c === COMMA) {
        i++;
      } else if (i < end && c === RBRACE) {
        i++;
        mode = AFTER_LABELS;
      } else {
        return "expected ',' or '}' after the quoted metric name";
      }
    }
    const entry = this.entryFor(name);
    // The raw text does not start with the name: keep the fast path off.
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
    const st = entry.fam;
    const kbuf = this.kbuf;
    const vbuf = this.vbuf;
    let n = 0;
    let hsum = 0;
    let c = 0;
    /** Every label name of this line so far came from the family's cache. */
    let allHit = true;
    if (mode === AFTER_NAME) {
      i = skipBlanks(text, i, end);
      c = text.charCodeAt(i);
      if (i < end && c === LBRACE) {
        i++;
        mode = IN_LABELS;
      }
    }
    if (mode === IN_LABELS) {
      const keys = st.keys;
      const keyHashes = st.keyHashes;
      const keyPos = st.keyPos;
      const vals = st.vals;
      const valHashes = st.valHashes;
      const valPos = st.valPos;
      for (;;) {
        i = skipBlanks(text, i, end);
        c = text.charCodeAt(i);
        if (i >= end) return 'unterminated label set';
        if (c === RBRACE) {
          i++;
          break;
        }
        // Label name.
        let key: string;
        let keyHash: number;
        const cached = allHit && n < keys.length ? keys[n]! : undefined;
        if (
          cached !== undefined &&
          isKeyEnd(text.charCodeAt(i + cached.length)) &&
          matchAt(text, i, keyPos[n]!, cached.length)
        ) {
          // Hit. All earlier names of this line hit too, and the cached names were checked to be distinct.
          key = cached;
          keyHash = keyHashes[n]!;
          i += cached.length;
        } else {
          const ks = i;
          if (c === QUOTE) {
            const q = this.readQuoted(i, end);
            if (q < 0) return 'unterminated quoted label name';
            key = this.str;
            i = q;
          } else {
            if ((charClass(c) & (LABEL_CHAR | DIGIT)) !== LABEL_CHAR) return 'invalid label name';
            i++;
            while (i < end && (charClass(text.charCodeAt(i)) & LABEL_CHAR) !== 0) i++;
            key = text.slice(ks, i);
          }
          for (let k = 0; k < n; k++) {
            if (kbuf[k] === key) return `duplicate label name "${snippet(key)}"`;
          }
          keyHash = hashString(key);
          // The cache holds this line's names so far; from here on it holds this line's names. Quoted
          // names are not cached (the text differs from the name), nor is anything after them.
          if (allHit || keys.length > n) {
            keys.length = n;
            keyHashes.length = n;
            keyPos.length = n;
            st.factory = null;
            st.sameKeys = 0;
          }
          if (c !== QUOTE && keys.length === n) {
            keys.push(key);
            keyHashes.push(keyHash);
            keyPos.push(ks);
          }
          allHit = false;
        }
        i = skipBlanks(text, i, end);
        c = text.charCodeAt(i);
        if (i >= end || c !== EQ) return `expected '=' after label name "${snippet(key)}"`;
        i = skipBlanks(text, i + 1, end);
        c = text.charCodeAt(i);
        if (i >= end || c !== QUOTE) return `expected '"' to start the value of label "${snippet(key)}"`;
        i++;
        // Label value.
        let value: string;
        let vh: number;
        const last = n < vals.length ? vals[n]! : undefined;
        if (
          last !== undefined &&
          text.charCodeAt(i + last.length) === QUOTE &&
          matchAt(text, i, valPos[n]!, last.length)
        ) {
          // Written as the previous line's value at this position (which had no quote or backslash).
          value = last;
          vh = valHashes[n]!;
          i += last.length + 1;
        } else {
          const vs = i;
          vh = FNV_OFFSET;
          for (; i < end; i++) {
            c = text.charCodeAt(i);
            if (c === QUOTE || c === BSLASH) break;
            vh = Math.imul(vh ^ c, FNV_PRIME);
          }
          if (i >= end) return 'unterminated label value';
          if (c === QUOTE) {
            value = text.slice(vs, i);
            i++;
            if (n < vals.length) {
              vals[n] = value;
              valHashes[n] = vh;
              valPos[n] = vs;
            } else {
              vals.push(value);
              valHashes.push(vh);
              valPos.push(vs);
            }
          } else {
            i = this.readEscaped(vs, i, end, vh);
            if (i < 0) return 'unterminated label value';
            value = this.str;
            vh = this.strHash;
            if (n >= vals.length) {
              // Keep the arrays dense; '' only ever matches an empty value.
              vals.push('');
              valHashes.push(FNV_OFFSET);
              valPos.push(0);
            }
          }
        }
        kbuf[n] = key;
        vbuf[n] = value;
        n++;
        hsum = (hsum + mixLabel(keyHash, vh)) | 0;
        i = skipBlanks(text, i, end);
        c = text.charCodeAt(i);
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
    // Label object: through the family's factory when this line has exactly the cached names.
    let labels: Record<string, string>;
    const factory = st.factory;
    if (allHit && n === st.keys.length && n > 0) {
      if (factory !== null) {
        labels = factory(vbuf);
      } else {
        labels = buildLabels(kbuf, vbuf, n);
        if (++st.sameKeys === FACTORY_AFTER) st.factory = makeFactory(st.keys);
      }
    } else {
      labels = buildLabels(kbuf, vbuf, n);
    }
    // Value.
    i = skipBlanks(text, i, end);
    c = text.charCodeAt(i);
    if (i >= end) return 'missing value';
    const vs = i;
    i = skipToken(text, i, end);
    if (!parseFloatAt(text, vs, i)) return `invalid value "${snippet(text.slice(vs, i))}"`;
    const value = numOut;
    // Timestamp and exemplar.
    let ts: number | undefined;
    i = skipBlanks(text, i, end);
    c = text.charCodeAt(i);
    if (i < end && c !== HASH) {
      const tsStart = i;
      i = skipToken(text, i, end);
      if (!parseFloatAt(text, tsStart, i) || !Number.isFinite(numOut)) {
        return `invalid timestamp "${snippet(text.slice(tsStart, i))}"`;
      }
      if (this.format === 'openmetrics') {
        ts = Math.round(numOut * 1000);
      } else {
        if (!Number.isInteger(numOut)) return `invalid timestamp "${snippet(text.slice(tsStart, i))}"`;
        ts = numOut;
      }
      i = skipBlanks(text, i, end);
      c = text.charCodeAt(i);
    }
    if (i < end) {
      if (c !== HASH) return 'unexpected text after the timestamp';
      if (!validExemplar(text, i, end)) return 'invalid exemplar';
    }
    // Duplicate series.
    const name = entry.name;
    const h = Math.imul(hsum ^ entry.hash, 0x9e3779b1) & 0x3fffffff;
    const sample: Sample =
      ts === undefined ? { name, labels, value } : { name, labels, value, timestampMs: ts };
    let series = st.series;
    if (series === null) {
      series = new Map();
      st.series = series;
    }
    const seen = series.get(h);
    if (seen === undefined) {
      series.set(h, sample);
    } else if (Array.isArray(seen)) {
      for (const s of seen) {
        if (sameSeries(s, name, labels, n)) return `duplicate sample ${renderSeries(name, labels)}`;
      }
      seen.push(sample);
    } else {
      if (sameSeries(seen, name, labels, n)) return `duplicate sample ${renderSeries(name, labels)}`;
      series.set(h, [seen, sample]);
    }
    st.family.samples.push(sample);
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
    let out = text.slice(vs, i);
    let run = i;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.str = out + text.slice(run, i);
        this.strHash = vh;
        return i + 1;
      }
      if (c === BSLASH) {
        if (i + 1 >= end) return -1;
        out += text.slice(run, i);
        const e = text.charCodeAt(i + 1);
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
    const vs = i + 1;
    const text = this.text;
    for (i = vs; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.str = text.slice(vs, i);
        return i + 1;
      }
      if (c === BSLASH) return this.readEscaped(vs, i, end, FNV_OFFSET);
    }
    return -1;
  }
}

/** Whether text[i, i + n) equals text[j, j + n). */
function matchAt(text: string, i: number, j: number, n: number): boolean {
  for (let k = 0; k < n; k++) {
    if (text.charCodeAt(i + k) !== text.charCodeAt(j + k)) return false;
  }
  return true;
}

function isBlank(c: number): boolean {
  return c === SP || c === TAB;
}

/** Index of the first non-blank at or after i (or end). */
function skipBlanks(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c !== SP && c !== TAB) break;
    i++;
  }
  return i;
}

/** Index of the first blank at or after i (or end). */
function skipToken(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === SP || c === TAB) break;
    i++;
  }
  return i;
}

/** Character after a metric name at the start of a sample line. */
function isNameEnd(c: number): boolean {
  return c === LBRACE || c === SP || c === TAB;
}

/** Character after a label name. */
function isKeyEnd(c: number): boolean {
  return c === EQ || c === SP || c === TAB;
}

/** Whether the input's last non-empty line is `# EOF`. */
function endsWithEof(text: string): boolean {
  let e = text.length;
  while (e > 0) {
    const c = text.charCodeAt(e - 1);
    if (c !== NL && c !== CR && c !== SP && c !== TAB) break;
    e--;
  }
  if (e < 5 || !text.startsWith('# EOF', e - 5)) return false;
  return e === 5 || text.charCodeAt(e - 6) === NL || (e === 6 && text.charCodeAt(0) === 0xfeff);
}

/** `# {l="v",...} value [timestamp]` after a sample value (OpenMetrics exemplar; dropped). */
function validExemplar(text: string, i: number, end: number): boolean {
  i++;
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  if (i >= end || text.charCodeAt(i) !== LBRACE) return false;
  let inQuote = false;
  for (i++; i < end; i++) {
    const c = text.charCodeAt(i);
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
  for (let tokens = 0; ; tokens++) {
    const gap = i;
    while (i < end && isBlank(text.charCodeAt(i))) i++;
    if (i >= end) return tokens > 0;
    if (i === gap || tokens === 2) return false;
    const s = i;
    while (i < end && !isBlank(text.charCodeAt(i))) i++;
    if (!parseFloatAt(text, s, i)) return false;
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

function toText(input: string | Uint8Array): string {
  if (typeof input === 'string') return input;
  return Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
}

/**
 * Parses a Prometheus text 0.0.4 or OpenMetrics 1.0 exposition (string, or UTF-8 bytes decoded once; a BOM
 * and CRLF line ends are accepted). Malformed lines throw an InputError naming `origin:line` in strict
 * mode, otherwise they are skipped and reported in `warnings` / `skippedLines`.
 */
export function parseExposition(input: string | Uint8Array, opts: ParseOptions = {}): ParseResult {
  return new ExpositionParser(toText(input), opts).run();
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
