/**
 * Fast path of the exposition reader, for the plain text a Kepler exporter writes. Per sample line of a wanted
 * family it hands its caller the sample name, the line's labels of interest as positions in the input (the
 * caller copies out only the values it needs: no label object, no Sample, no decoded copy of the input) and
 * the value. It reads only what it can read exactly as the full parser (exposition.ts) does and gives up —
 * returns false — on anything else, for the caller to use the full parser instead: OpenMetrics (`# UNIT`,
 * `# EOF`), non-ASCII bytes (a BOM too), blanks at a line's start or around `=`, quoted names, escapes in label
 * values, timestamps, exemplars, special floats (NaN, Inf), a last line without a newline, carriage returns, a
 * malformed line, a sample name that could belong to a declared family by its suffix (`foo_total` of `foo`), a
 * repeated HELP or TYPE line or a TYPE line after its samples, and a possible duplicate series. So it has no
 * warnings or line numbers to give: when it returns true, its caller's result is the full parser's.
 * Duplicates: in a family the sink sums (`family` returns true) the sink gives up on any repeated series itself
 * (it sees every label that tells its series apart); in the others two series with the same hash of their
 * name and labels (a duplicate, or a collision the full parser would tell apart) end the scan.
 * Unwanted families are skipped after reading the name, as the full parser skips them.
 */
import { Buffer, isAscii } from 'node:buffer';
import {
  decoded,
  hashString,
  isNameEnd,
  matchAt,
  mixLabel,
  nameEnd,
  parseFloatAt,
  SUFFIX_RULES,
  sameNameAt,
  skipBlanks,
  skipToken,
  TYPES,
} from './exposition.js';
import type { ExpositionFormat } from './types.js';

// Character codes and hash constants are the module's own: an imported constant is a load per use.
const COMMA = 44;
const BSLASH = 92;
const EQ = 61;
const HASH = 35;
const LABEL_CHAR = 2;
const LBRACE = 123;
const NAME_CHAR = 1;
const NL = 10;
const QUOTE = 34;
const RBRACE = 125;
const SP = 32;
const TAB = 9;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** The current sample line's labels of interest, by their index in ScanOptions.labels. */
export interface ScanLine {
  /** The value of label `k` (a string of its own, not a view of the input), or undefined when the line has no such label. */
  str(k: number): string | undefined;
  /** Whether the line's label `k` is exactly `s` (false when absent). */
  is(k: number, s: string): boolean;
  /** Where the value of label `k` lies in the input (-1: the line has no such label). */
  valueAt(k: number): number;
  /**
   * Whether the line's label `k` is the `length` bytes at `at` (another line's `valueAt`, and its value's
   * length): a comparison of bytes, no string made or read.
   */
  sameValue(k: number, at: number, length: number): boolean;
  /** The line's labels of interest as an object (copies of their values), by name. */
  record(): Record<string, string>;
  /** Whether `record` holds exactly the line's labels of interest (as `record()` would make them). */
  matches(record: Record<string, string>): boolean;
  /** Where the line's labels (its text from `{` to `}`) lie in the input, and their length (0: no labels). */
  labelsAt(): number;
  labelsLength(): number;
  /**
   * Whether the line's labels are, as text, the `length` bytes at `at` (another line's `labelsAt()` and
   * `labelsLength()`): then they are the same labels with the same values.
   */
  sameLabels(at: number, length: number): boolean;
}

export interface ScanSink {
  /**
   * A wanted family enters the result, in the full parser's order (its first metadata line or sample).
   * Return true when the sink gives up (returns false from `sample`) on any series of this family it has seen
   * before, so the scan need not hash the family's labels to find duplicates.
   */
  family(name: string): boolean;
  /** A sample line of a wanted family; `line` is valid during the call. False stops the scan (it returns false). */
  sample(name: string, line: ScanLine, value: number): boolean;
  /**
   * Whether the sink reads the sample lines of this family itself (`bulk`), for a family it checks (`family`
   * returned true).
   */
  bulkFamily?(name: string): boolean;
  /**
   * Reads the sample lines of the family from `start` (the first of a run of them) of `input` itself: returns
   * where the first line it did not read starts, or -1 to stop the scan (it returns false). It reads at least
   * one line.
   */
  bulk?(name: string, input: Buffer, start: number): number;
}

export interface ScanOptions {
  /** Label names of interest: ScanLine reads them by index in this list. */
  labels: readonly string[];
  wantFamily?: (familyName: string) => boolean;
  /** The format the source declared (content type): OpenMetrics is the full parser's. */
  format?: ExpositionFormat;
}

/**
 * Reads `input` (the bytes of a text 0.0.4 exposition) into `sink`; false when the input needs the full
 * parser (the sink may have been given part of it: the caller discards what it built).
 */
export function scanPlain(input: Uint8Array, opts: ScanOptions, sink: ScanSink): boolean {
  const n = input.length;
  if (opts.format === 'openmetrics' || n === 0 || input[n - 1] !== NL || !isAscii(input)) return false;
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, n);
  return new PlainScanner(buf, opts, sink).run();
}

/** Hashes of a family's series (name and labels, order-independent): a hit may be a duplicate. */
class HashSet32 {
  private bits = 4;
  private keys = new Int32Array(1 << 4);
  private used = new Uint8Array(1 << 4);
  private count = 0;

  /** False when h is in the set already. */
  add(h: number): boolean {
    const mask = (1 << this.bits) - 1;
    let slot = Math.imul(h, 0x9e3779b1) >>> (32 - this.bits);
    while (this.used[slot] === 1) {
      if (this.keys[slot] === h) return false;
      slot = (slot + 1) & mask;
    }
    this.keys[slot] = h;
    this.used[slot] = 1;
    if (++this.count * 2 > mask) this.grow();
    return true;
  }

  private grow(): void {
    const { keys, used } = this;
    this.bits++;
    const mask = (1 << this.bits) - 1;
    this.keys = new Int32Array(1 << this.bits);
    this.used = new Uint8Array(1 << this.bits);
    for (let k = 0; k < keys.length; k++) {
      if (used[k] === 0) continue;
      let slot = Math.imul(keys[k]!, 0x9e3779b1) >>> (32 - this.bits);
      while (this.used[slot] === 1) slot = (slot + 1) & mask;
      this.keys[slot] = keys[k]!;
      this.used[slot] = 1;
    }
  }
}

interface Family {
  name: string;
  /** FNV hash of the name (mixed into its series' hashes). */
  hash: number;
  wanted: boolean;
  /** The sink finds repeated series of this family itself. */
  sinkChecks: boolean;
  /** The sink reads the family's sample lines itself. */
  bulk: boolean;
  listed: boolean;
  typeSeen: boolean;
  helpSeen: boolean;
  hadSamples: boolean;
  /** Label names of the family's last line, by position, where that line had them, and their hashes and slots. */
  keys: string[];
  keyPos: number[];
  keyHashes: number[];
  /** Index of the label in ScanOptions.labels, or -1. */
  keySlots: number[];
  /** Made on the family's first sample: a family the sink checks needs none. */
  series: HashSet32 | null;
}

/** Index of each label of interest, per ScanOptions.labels list (the same list for every node of a run). */
const slotMaps = new WeakMap<readonly string[], ReadonlyMap<string, number>>();

/** The name of `Buffer#latin1Slice` (a copy of bytes as a one-byte string), which Node's types leave out. */
export type Latin1 = Buffer & { latin1Slice(start: number, end: number): string };

class PlainScanner implements ScanLine {
  private readonly buf: Latin1;
  private readonly families = new Map<string, Family>();
  private readonly slotOf: ReadonlyMap<string, number>;
  /** Start and end of each label of interest on the current line; start -1 when absent. */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /** Slots set on the current line (unset after it). */
  private readonly setSlots: Int32Array;
  /** The last value read of each label (str), and where it lies in the input. */
  private readonly lastValues: string[];
  private readonly lastAt: Int32Array;
  private prev: Family | null = null;
  private prevPos = 0;

  constructor(
    buf: Buffer,
    private readonly opts: ScanOptions,
    private readonly sink: ScanSink,
  ) {
    this.buf = buf as Latin1;
    let slotOf = slotMaps.get(opts.labels);
    if (slotOf === undefined) {
      slotOf = new Map(opts.labels.map((l, k) => [l, k]));
      slotMaps.set(opts.labels, slotOf);
    }
    this.slotOf = slotOf;
    this.starts = new Int32Array(opts.labels.length).fill(-1);
    this.ends = new Int32Array(opts.labels.length);
    this.setSlots = new Int32Array(opts.labels.length);
    this.lastValues = opts.labels.map(() => '\u0000');
    this.lastAt = new Int32Array(opts.labels.length);
  }

  str(k: number): string | undefined {
    const s = this.starts[k]!;
    if (s < 0) return undefined;
    // The label's last value again (a node's name, a namespace, a state): that string, no new copy.
    const last = this.lastValues[k]!;
    const n = this.ends[k]! - s;
    if (n === last.length && matchAt(this.buf, s, this.lastAt[k]!, n)) return last;
    const v = this.buf.latin1Slice(s, s + n);
    this.lastValues[k] = v;
    this.lastAt[k] = s;
    return v;
  }

  valueAt(k: number): number {
    return this.starts[k]!;
  }

  sameValue(k: number, at: number, length: number): boolean {
    if (k < 0) return false;
    const s = this.starts[k]!;
    return s >= 0 && this.ends[k]! - s === length && matchAt(this.buf, s, at, length);
  }

  is(k: number, v: string): boolean {
    if (k < 0) return false;
    const s = this.starts[k]!;
    if (s < 0 || this.ends[k]! - s !== v.length) return false;
    const buf = this.buf;
    for (let j = 0; j < v.length; j++) if (buf[s + j] !== v.charCodeAt(j)) return false;
    return true;
  }

  record(): Record<string, string> {
    const out: Record<string, string> = {};
    const names = this.opts.labels;
    for (let j = 0; j < this.set; j++) {
      const k = this.setSlots[j]!;
      out[names[k]!] = this.str(k)!;
    }
    return out;
  }

  matches(record: Record<string, string>): boolean {
    let n = 0;
    for (const _ in record) n++;
    if (n !== this.set) return false;
    const names = this.opts.labels;
    for (let j = 0; j < this.set; j++) {
      const k = this.setSlots[j]!;
      const v = record[names[k]!];
      if (v === undefined || !this.is(k, v)) return false;
    }
    return true;
  }

  labelsAt(): number {
    return this.labelsStart;
  }

  labelsLength(): number {
    return this.labelsEnd - this.labelsStart;
  }

  sameLabels(at: number, length: number): boolean {
    const s = this.labelsStart;
    // (A loop, not Buffer#compare: that is faster while the scan runs unoptimised, but the whole process spent
    // more: 5-8 ms of CPU on n100 and on one 30 MB dump, measured.)
    return this.labelsEnd - s === length && matchAt(this.buf, s, at, length);
  }

  run(): boolean {
    const buf = this.buf;
    const len = buf.length;
    // A backslash on a sample line (an escape in a label value, or a malformed line) is the full parser's:
    // declined before any line is scanned, so an input that needs the full parser is not read twice. Comment
    // lines may hold escapes (HELP texts); those lines are passed over. So a sample line never holds one: a
    // label value ends at its next quote.
    for (let b = buf.indexOf(BSLASH, 0); b >= 0; b = buf.indexOf(BSLASH, b + 1)) {
      if (buf[buf.lastIndexOf(NL, b) + 1] !== HASH) return false;
      b = buf.indexOf(NL, b);
      if (b < 0) break;
    }
    let pos = 0;
    while (pos < len) {
      const c = buf[pos];
      let end: number;
      if (c === HASH) {
        end = buf.indexOf(NL, pos);
        if (!this.comment(pos, end)) return false;
      } else if (c === NL) {
        end = pos; // (A blank line is nothing in text 0.0.4.)
      } else {
        end = this.sample(pos);
        if (end < 0) return false;
      }
      pos = end + 1;
    }
    return true;
  }

  private family(name: string): Family {
    let fam = this.families.get(name);
    if (fam === undefined) {
      const want = this.opts.wantFamily;
      fam = {
        name,
        hash: hashString(name),
        wanted: want === undefined ? true : want(name) === true,
        sinkChecks: false,
        bulk: false,
        listed: false,
        typeSeen: false,
        helpSeen: false,
        hadSamples: false,
        keys: [],
        keyPos: [],
        keyHashes: [],
        keySlots: [],
        series: null,
      };
      this.families.set(name, fam);
    }
    return fam;
  }

  private list(fam: Family): void {
    if (!fam.listed && fam.wanted) {
      fam.listed = true;
      fam.sinkChecks = this.sink.family(fam.name);
      fam.bulk = fam.sinkChecks && this.sink.bulkFamily?.(fam.name) === true;
    }
  }

  /** `# HELP name text`, `# TYPE name type` or another comment; false for what needs the full parser. */
  private comment(start: number, end: number): boolean {
    const buf = this.buf;
    // (A carriage return at the end stops the name or the type below; in a HELP text it does not matter.)
    let i = skipBlanks(buf, start + 1, end);
    const kwStart = i;
    i = skipToken(buf, i, end);
    const kw = i - kwStart === 4 || i - kwStart === 3 ? buf.latin1Slice(kwStart, i) : '';
    if (kw === 'UNIT' || kw === 'EOF') return false; // OpenMetrics
    if (kw !== 'HELP' && kw !== 'TYPE') return true; // a comment
    i = skipBlanks(buf, i, end);
    const ns = i;
    i = nameEnd(buf, ns, end, NAME_CHAR);
    if (i < 0) return false;
    if (i < end && buf[i] !== SP && buf[i] !== TAB) return false;
    // (Declaring `foo` after samples named `foo_total` changes nothing: a name that has a family keeps it.)
    const fam = this.family(buf.latin1Slice(ns, i));
    if (kw === 'HELP') {
      if (fam.helpSeen) return false;
      fam.helpSeen = true;
    } else {
      i = skipBlanks(buf, i, end);
      const ts = i;
      i = skipToken(buf, i, end);
      if (skipBlanks(buf, i, end) < end) return false;
      const type = TYPES.get(buf.latin1Slice(ts, i).toLowerCase());
      if (type === undefined || fam.typeSeen || fam.hadSamples) return false;
      fam.typeSeen = true;
    }
    this.list(fam);
    this.prev = null;
    return true;
  }

  /**
   * The sample line at `start` (not blank): returns the index of its newline, or -1 for what needs the full
   * parser. The line's end is found by reading it (the value runs to it), not looked up before: every read of
   * the line stops at a newline (the input ends with one), and a line with a newline where a label should go
   * on is malformed.
   */
  private sample(start: number): number {
    const buf = this.buf;
    const end = buf.length;
    let i = start;
    let fam = this.prev;
    if (fam !== null) {
      const n = fam.name.length;
      if (sameNameAt(buf, start, end, this.prevPos, n)) {
        i += n;
      } else {
        fam = null;
      }
    }
    if (fam === null) {
      i = nameEnd(buf, i, end, NAME_CHAR);
      if (i < 0 || i >= end || !isNameEnd(buf[i]!)) return -1;
      const name = buf.latin1Slice(start, i);
      fam = this.families.get(name) ?? null;
      if (fam === null) {
        // A name that is a declared family plus a suffix may belong to that family: the full parser decides.
        for (const [suffix] of SUFFIX_RULES) {
          if (name.length > suffix.length && name.endsWith(suffix)) {
            if (this.families.has(name.slice(0, name.length - suffix.length))) return -1;
          }
        }
        fam = this.family(name);
      }
      this.prev = fam;
      this.prevPos = start;
    }
    fam.hadSamples = true;
    if (!fam.wanted) return buf.indexOf(NL, i);
    this.list(fam);
    if (fam.bulk) {
      const next = this.sink.bulk!(fam.name, buf, start);
      return next > start ? next - 1 : -1;
    }
    const set = buf[i] === LBRACE ? this.labels(fam, i + 1, end) : 0;
    if (set < 0) return -1;
    this.set = set;
    if (buf[i] === LBRACE) {
      i = this.labelsEnd;
    } else {
      this.hsum = 0;
      this.labelsStart = this.labelsEnd = i;
    }
    // Two series of the family with one hash: maybe a duplicate, which the full parser tells.
    if (!fam.sinkChecks) {
      if (fam.series === null) fam.series = new HashSet32();
      if (!fam.series.add(Math.imul(this.hsum ^ fam.hash, 0x9e3779b1))) return -1;
    }
    // The value: one or more blanks, a plain decimal, the line's end. (parseFloatAt reads the whole rest of the
    // line or fails, so a timestamp or a blank after the value fails; a special float, NaN or Inf, is the full
    // parser's.)
    const c = buf[i];
    if (c !== SP && c !== TAB) return -1;
    const vs = skipBlanks(buf, i, end);
    let nl = vs;
    while (buf[nl] !== NL) nl++;
    let ok = nl > vs && parseFloatAt(buf, null, vs, nl);
    if (ok) {
      const value = decoded();
      ok = Number.isFinite(value) && this.sink.sample(fam.name, this, value);
    }
    for (let k = 0; k < set; k++) this.starts[this.setSlots[k]!] = -1;
    return ok ? nl : -1;
  }

  /** How many labels of interest the current line has (their slots are setSlots[0, set)). */
  private set = 0;
  /** Index of the `{` and after the `}` of the last label set read, and the order-independent hash of its labels. */
  private labelsStart = 0;
  private labelsEnd = 0;
  private hsum = 0;

  /**
   * The labels from just after `{`: records the labels of interest (returns how many, setting labelsEnd and,
   * unless the sink checks the family, hsum), or -1 for what needs the full parser.
   */
  private labels(fam: Family, i: number, end: number): number {
    const buf = this.buf;
    const start = i;
    const keys = fam.keys;
    const check = !fam.sinkChecks;
    let n = 0;
    let set = 0;
    let hsum = 0;
    let allHit = true;
    for (;;) {
      if (buf[i] === RBRACE) {
        i++;
        break;
      }
      let keyHash: number;
      let slot: number;
      const kl = allHit && n < keys.length ? keys[n]!.length : -1;
      if (kl >= 0 && i + kl < end && buf[i + kl] === EQ && matchAt(buf, i, fam.keyPos[n]!, kl)) {
        keyHash = fam.keyHashes[n]!;
        slot = fam.keySlots[n]!;
        i += kl;
      } else {
        const ks = i;
        i = nameEnd(buf, i, end, LABEL_CHAR);
        if (i < 0) return -1;
        const key = buf.latin1Slice(ks, i);
        // A repeated label name is a malformed line.
        for (let k = 0; k < n; k++) if (keys[k] === key) return -1;
        keyHash = hashString(key);
        slot = this.slotOf.get(key) ?? -1;
        keys.length = n;
        fam.keyPos.length = n;
        fam.keyHashes.length = n;
        fam.keySlots.length = n;
        keys.push(key);
        fam.keyPos.push(ks);
        fam.keyHashes.push(keyHash);
        fam.keySlots.push(slot);
        allHit = false;
      }
      if (buf[i] !== EQ || buf[i + 1] !== QUOTE) return -1;
      const vs = i + 2;
      // No backslash on a sample line (run checks): the value ends at the next quote.
      const ve = quoteAt(buf, vs, end);
      if (ve >= end || buf[ve] !== QUOTE) return -1;
      if (slot >= 0) {
        this.starts[slot] = vs;
        this.ends[slot] = ve;
        this.setSlots[set++] = slot;
      }
      if (check) hsum = (hsum + mixLabel(keyHash, fnv(buf, vs, ve))) | 0;
      n++;
      i = ve + 1;
      const c = buf[i];
      if (c === COMMA) {
        i++;
      } else if (c === RBRACE) {
        i++;
        break;
      } else {
        return -1;
      }
    }
    this.labelsStart = start - 1;
    this.labelsEnd = i;
    this.hsum = hsum;
    return set;
  }
}

/** Index of the first quote or newline in buf[i, end), or end. */
function quoteAt(buf: Buffer, i: number, end: number): number {
  for (; i < end; i++) {
    const c = buf[i];
    if (c === QUOTE || c === NL) break;
  }
  return i;
}

/** FNV hash of buf[s, e) (as the full parser hashes label values). */
function fnv(buf: Buffer, s: number, e: number): number {
  let h = FNV_OFFSET;
  for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i]!, FNV_PRIME);
  return h;
}
