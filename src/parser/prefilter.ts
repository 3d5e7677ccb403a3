/**
 * Streaming family filter: takes an exposition in chunks of bytes, as they are read, and keeps only the
 * lines of the families a command needs (plus `# EOF`, blank and other comment lines, which the parser
 * judges). An unwanted family's lines are passed over with `Buffer.indexOf` and one name comparison per
 * line, never decoded; kept lines are copied in runs. What is held is the kept bytes (bounded by the pods
 * and nodes the command reads, not by the input's size) and at most one partial line between chunks.
 * Not for --strict, which checks every line: there the whole input is parsed.
 */

import { isMetricName, parseExposition } from './exposition.js';
import { acquireLines, type WasmLines } from './lines-wasm.js';
import type { ParseOptions, ParseResult } from './types.js';

const NL = 10;
const CR = 13;
const SP = 32;
const TAB = 9;
const HASH = 35;
const QUOTE = 34;
const LBRACE = 123;
/** First byte of a UTF-8 byte order mark: the first line is then kept as it is (the parser drops the mark). */
const BOM0 = 0xef;

/** Sample-name suffixes of a family `foo` (OpenMetrics counters, histograms, summaries, infos). */
const SUFFIXES = ['_total', '_created', '_count', '_sum', '_bucket', '_gcount', '_gsum', '_info'];

export interface FilteredExposition {
  /** The kept lines, in input order. */
  readonly bytes: Buffer;
  /**
   * Line map, flat pairs [keptLinesBefore, inputLinesBefore]: each pair starts a run of kept lines, so a
   * parser warning at kept line L maps back to the input's line number (`inputLine`).
   */
  runs: number[];
  /** Bytes and lines read from the input. */
  bytesIn: number;
  linesIn: number;
  /**
   * Hands `bytes`' memory to the next filter: for a caller done with them (its parse made its own strings).
   * Reading `bytes` afterwards throws. Without it, the memory is simply collected.
   */
  release(): void;
}

/**
 * Output buffers of ended filters whose kept bytes were released, for the next filters. On a machine where
 * touching fresh memory is dear (a page fault per 4 KiB, 12 µs each on the bench's VM), a new ~100 KiB
 * buffer per dump was a fifth of reading 100 dumps; a reused one is already in memory.
 */
const spareOut: Buffer[] = [];
const MAX_SPARE_OUT = 4;
/** Larger buffers (a huge dump's kept part) are left to the collector: a long-lived server keeps no such memory. */
const MAX_SPARE_BYTES = 4 << 20;
const EMPTY = Buffer.alloc(0);

/**
 * The kept part of an input, whose buffer goes back to `spareOut` on release(). `bytes` is an own, enumerable
 * accessor, so a spread or a deep comparison of the result sees the kept bytes (and throws once released); the
 * buffer itself is #private.
 */
class Kept implements FilteredExposition {
  readonly #out: Buffer;
  #kept: Buffer | undefined;
  declare readonly bytes: Buffer;
  constructor(
    out: Buffer,
    length: number,
    readonly runs: number[],
    readonly bytesIn: number,
    readonly linesIn: number,
  ) {
    this.#out = out;
    this.#kept = out.subarray(0, length);
    Object.defineProperty(this, 'bytes', {
      enumerable: true,
      get: () => {
        if (this.#kept === undefined) throw new Error('FamilyFilter: kept bytes read after release()');
        return this.#kept;
      },
    });
  }

  release(): void {
    if (this.#kept === undefined) return;
    this.#kept = undefined;
    if (spareOut.length < MAX_SPARE_OUT && this.#out.length <= MAX_SPARE_BYTES) spareOut.push(this.#out);
  }
}

function isNameEnd(c: number): boolean {
  return c === LBRACE || c === SP || c === TAB || c === CR || c === NL;
}

/** `HELP`, `TYPE` or `UNIT` at buf[i]. */
function isKeyword(buf: Buffer, i: number): boolean {
  const a = buf[i];
  const b = buf[i + 1];
  const c = buf[i + 2];
  const d = buf[i + 3];
  return (
    (a === 72 && b === 69 && c === 76 && d === 80) || // HELP
    (a === 84 && b === 89 && c === 80 && d === 69) || // TYPE
    (a === 85 && b === 78 && c === 73 && d === 84) // UNIT
  );
}

/** A name read from the input: its bytes, its string and whether `want` keeps a family of that name. */
interface Name {
  bytes: Uint8Array;
  /** The name's bytes four at a time (little-endian), then the last length % 4 bytes one by one. */
  words: Uint32Array;
  text: string;
  wanted: boolean;
  /** A metric name as the parser reads one (a sample line whose name is not is kept, for the parser to report). */
  valid: boolean;
}

/**
 * The names a `want` predicate has judged, found by their bytes (hash, then comparison): a name seen in an
 * earlier source (every node exposes the same families) is neither decoded nor judged again. Bounded.
 */
class NameTable {
  private bits = 8;
  private slots: (Name | undefined)[] = new Array(1 << 8);
  private hashes = new Int32Array(1 << 8);
  private count = 0;

  constructor(private readonly want: (familyName: string) => boolean) {}

  get(buf: Uint8Array, s: number, e: number): Name {
    let h = 0x811c9dc5 | 0;
    for (let k = s; k < e; k++) h = Math.imul(h ^ buf[k]!, 0x01000193);
    const mask = (1 << this.bits) - 1;
    let slot = Math.imul(h, 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const name = this.slots[slot];
      if (name === undefined) break;
      if (this.hashes[slot] === h && sameBytes(name.bytes, buf, s, e)) return name;
      slot = (slot + 1) & mask;
    }
    // A copy (Buffer#slice would be a view of the read buffer, which the next read overwrites).
    const bytes = new Uint8Array(buf.subarray(s, e));
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
    const words = new Uint32Array(bytes.length >> 2);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    for (let k = 0; k < words.length; k++) words[k] = view.getUint32(k * 4, true);
    const name: Name = {
      bytes,
      words,
      text,
      wanted: this.want(text),
      valid: isMetricName(bytes, 0, bytes.length),
    };
    if (this.count < MAX_NAMES) {
      this.slots[slot] = name;
      this.hashes[slot] = h;
      if (++this.count * 2 > mask) this.grow();
    }
    return name;
  }

  private grow(): void {
    const { slots, hashes } = this;
    this.bits++;
    const mask = (1 << this.bits) - 1;
    this.slots = new Array(1 << this.bits);
    this.hashes = new Int32Array(1 << this.bits);
    for (let k = 0; k < slots.length; k++) {
      const name = slots[k];
      if (name === undefined) continue;
      let slot = Math.imul(hashes[k]!, 0x9e3779b1) >>> (32 - this.bits);
      while (this.slots[slot] !== undefined) slot = (slot + 1) & mask;
      this.slots[slot] = name;
      this.hashes[slot] = hashes[k]!;
    }
  }
}

const MAX_NAMES = 10_000;

/** Input room the WebAssembly loop keeps free for a read (a read may take less: then there are more reads). */
const MIN_ROOM = 1 << 16;
/** Largest input room of the WebAssembly loop (a longer line is the JavaScript loop's). */
const MAX_ROOM = 1 << 30;

function sameBytes(a: Uint8Array, buf: Uint8Array, s: number, e: number): boolean {
  if (a.length !== e - s) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== buf[s + k]) return false;
  return true;
}

/** One name table per predicate, shared by the filters of a run's sources. */
const tables = new WeakMap<(familyName: string) => boolean, NameTable>();

export class FamilyFilter {
  private out: Buffer;
  private outLen = 0;
  private carry: Buffer | null = null;
  private lines = 0;
  private kept = 0;
  private bytesIn = 0;
  private readonly runs: number[] = [0, 0];
  /** Name (bytes) of the previous line's family and whether it was kept: lines of a family come together. */
  private prevName: Uint8Array = new Uint8Array(0);
  private prevWords: Uint32Array = new Uint32Array(0);
  /** The current chunk, for reading names four bytes at a time. */
  private view: DataView = new DataView(new ArrayBuffer(0));
  private prevKeep = true;
  private readonly names: NameTable;
  private readonly decisions = new Map<string, boolean>();
  /** Families named by metadata lines, and whether each is wanted. */
  private readonly families = new Map<string, boolean>();
  /**
   * The line loop in WebAssembly (lines-wasm.ts), which asks judge() about each line that starts a family;
   * undefined: the loop below in JavaScript. Its input room holds `have` bytes: a partial last line.
   */
  private wasm: WasmLines | undefined;
  private have = 0;
  private readonly maxRoom: number;

  /** `wasm` false: the JavaScript loop; `maxRoom`: the WebAssembly loop's largest input room (tests). */
  constructor(want: (familyName: string) => boolean, opts: { wasm?: boolean; maxRoom?: number } = {}) {
    this.maxRoom = opts.maxRoom ?? MAX_ROOM;
    this.out = spareOut.pop() ?? Buffer.allocUnsafe(1 << 16);
    let names = tables.get(want);
    if (names === undefined) {
      names = new NameTable(want);
      tables.set(want, names);
    }
    this.names = names;
    if (opts.wasm !== false) this.wasm = acquireLines((mem, s, e) => this.judge(mem, s, e));
  }

  /**
   * Where the next chunk may be read (the WebAssembly loop's input room, after the partial line it holds): a
   * chunk written from there is not copied. Undefined with the JavaScript loop. Valid until the next write.
   */
  input(): Uint8Array | undefined {
    const w = this.wasm;
    if (w === undefined) return undefined;
    if (w.room - this.have < MIN_ROOM) {
      if (this.have + MIN_ROOM > this.maxRoom) {
        this.toJs(w);
        return undefined;
      }
      // Doubled, as writeWasm grows it: a room grown by MIN_ROOM per read made a line of many reads cost a
      // memory growth (and a new view of the memory) per read.
      w.grow(Math.min(this.maxRoom, Math.max(this.have + MIN_ROOM, w.room * 2)));
    }
    return w.mem.subarray(w.base + this.have, w.base + w.room);
  }

  /** Feeds the next chunk (any size; lines may span chunks). */
  write(chunk: Uint8Array): void {
    if (this.failed) throw new Error('FamilyFilter: written after a failed write');
    if (this.ended) throw new Error('FamilyFilter: written after end()');
    const w = this.wasm;
    if (w === undefined) {
      this.writeJs(chunk);
      return;
    }
    try {
      this.writeWasm(w, chunk);
    } catch (err) {
      // (The judge threw.) Its instance is not pooled again, and the filter gives nothing more.
      this.failed = true;
      this.wasm = undefined;
      throw err;
    }
  }

  private failed = false;
  /** end() was called: the output buffer is the result's (and may serve another filter once released). */
  private ended = false;

  private writeWasm(w: WasmLines, chunk: Uint8Array): void {
    this.bytesIn += chunk.length;
    if (chunk.buffer === w.mem.buffer && chunk.byteOffset === w.base + this.have) {
      const from = this.have;
      this.have += chunk.length; // read into input()
      this.scanWasm(w, from);
      return;
    }
    for (let off = 0; off < chunk.length; ) {
      if (this.have === w.room) {
        // A line longer than the room: a larger room, up to MAX_ROOM (memory addresses stay well within 31
        // bits); beyond, the JavaScript loop takes over with the line so far.
        if (w.room * 2 > this.maxRoom) {
          this.toJs(w);
          this.bytesIn -= chunk.length - off;
          this.writeJs(chunk.subarray(off));
          return;
        }
        w.grow(w.room * 2);
      }
      const n = Math.min(w.room - this.have, chunk.length - off);
      w.mem.set(chunk.subarray(off, off + n), w.base + this.have);
      const from = this.have;
      this.have += n;
      off += n;
      this.scanWasm(w, from);
    }
  }

  /**
   * Reads the whole lines in the input room and keeps the partial last one, moved to the room's start. `from`:
   * where the bytes just added start. The partial line before them holds no newline, so when they hold none
   * either no line ends: not scanned again, or a line of many chunks (a binary file, /dev/zero up to
   * --max-bytes) would be scanned once per chunk, quadratic in its length.
   */
  private scanWasm(w: WasmLines, from: number): void {
    const end = w.base + this.have;
    if (w.mem.subarray(w.base + from, end).indexOf(NL) < 0) return;
    const at = w.scan(w.base, end, (s, e, line, count) => this.append(w.mem, s, e, line, count));
    if (at > w.base) {
      w.mem.copyWithin(w.base, at, end);
      this.have = end - at;
    }
  }

  /** Hands over to the JavaScript loop: the partial line held becomes its carry; judging starts afresh. */
  private toJs(w: WasmLines): void {
    this.carry = Buffer.from(w.mem.subarray(w.base, w.base + this.have));
    this.lines = w.linesSeen();
    this.have = 0;
    this.wasm = undefined;
    w.release();
  }

  private writeJs(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.bytesIn += buf.length;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.length);
    let pos = 0;
    if (this.carry !== null) {
      // An explicit offset: undefined would deoptimise Buffer#indexOf, which meets numbers everywhere else.
      const nl = buf.indexOf(NL, 0);
      if (nl < 0) {
        this.carry = Buffer.concat([this.carry, buf]);
        return;
      }
      const line = Buffer.concat([this.carry, buf.subarray(0, nl + 1)]);
      this.carry = null;
      const view = this.view;
      this.view = new DataView(line.buffer, line.byteOffset, line.length);
      if (this.decide(line, 0, line.length - 1)) this.append(line, 0, line.length, this.lines, 1);
      this.view = view;
      this.lines++;
      pos = nl + 1;
    }
    const len = buf.length;
    let runStart = -1;
    let runLine = 0;
    while (pos < len) {
      const nl = buf.indexOf(NL, pos);
      if (nl < 0) break;
      if (this.decide(buf, pos, nl)) {
        if (runStart < 0) {
          runStart = pos;
          runLine = this.lines;
        }
      } else if (runStart >= 0) {
        this.append(buf, runStart, pos, runLine, this.lines - runLine);
        runStart = -1;
      }
      this.lines++;
      pos = nl + 1;
      // The lines after it that continue the previous family share its decision: passed over in one loop while
      // that decision is the open run's (a kept line, not one kept on its own such as a blank line between
      // dropped ones), else each is judged in turn, as the WebAssembly loop does.
      if (runStart >= 0 === this.prevKeep) pos = this.sameFamily(buf, pos, len);
    }
    if (runStart >= 0) this.append(buf, runStart, pos, runLine, this.lines - runLine);
    if (pos < len) this.carry = Buffer.from(buf.subarray(pos));
  }

  /**
   * Passes over the whole lines from `pos` that belong to the line before's family, so share its decision
   * (nearly every line: a family's lines come together), and counts them; returns where the first other line,
   * or the chunk's last partial line, starts. A loop of its own, not decide() per line: a call and the checks
   * for a new name cost more than the name's comparison, and this loop is most of a large dump's lines.
   */
  private sameFamily(buf: Buffer, pos: number, len: number): number {
    const n = this.prevName.length;
    let lines = this.lines;
    while (this.samePrevName(buf, pos, len)) {
      const nl = buf.indexOf(NL, pos + n);
      if (nl <= pos + n) break; // no newline in the chunk, or a line that is only the name: decide() judges it
      lines++;
      pos = nl + 1;
    }
    this.lines = lines;
    return pos;
  }

  /** The kept lines once the input has ended (a last line without a newline is kept as it is). */
  end(): FilteredExposition {
    if (this.failed) throw new Error('FamilyFilter: ended after a failed write');
    if (this.ended) throw new Error('FamilyFilter: ended twice');
    this.ended = true;
    const w = this.wasm;
    if (w !== undefined) {
      this.wasm = undefined;
      if (this.have > 0 && w.lastLine(w.base, w.base + this.have)) {
        this.append(w.mem, w.base, w.base + this.have, w.linesSeen() - 1, 1);
      }
      this.lines = w.linesSeen();
      w.release();
    }
    if (this.carry !== null) {
      const line = this.carry;
      this.carry = null;
      this.view = new DataView(line.buffer, line.byteOffset, line.length);
      if (this.decide(line, 0, line.length)) this.append(line, 0, line.length, this.lines, 1);
      this.lines++;
    }
    const kept = new Kept(this.out, this.outLen, this.runs, this.bytesIn, this.lines);
    // This filter writes no more: its buffer is the kept part's alone, to be handed on once released.
    this.out = EMPTY;
    return kept;
  }

  /** Keeps buf[start, end): `count` lines, the first of which is input line `line` (0-based). */
  private append(buf: Buffer, start: number, end: number, line: number, count: number): void {
    const runs = this.runs;
    if (line - this.kept !== runs[runs.length - 1]! - runs[runs.length - 2]!) runs.push(this.kept, line);
    this.kept += count;
    const n = end - start;
    if (this.outLen + n > this.out.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.outLen + n));
      this.out.copy(bigger, 0, 0, this.outLen);
      this.out = bigger;
    }
    buf.copy(this.out, this.outLen, start, end);
    this.outLen += n;
  }

  /**
   * Whether the line at buf[s, e) starts with the line before's family name and a name's end: one comparison,
   * four bytes at a time, nothing decoded (a loop in JavaScript: Buffer#compare's argument checks cost more than
   * comparing a name's few dozen bytes).
   */
  private samePrevName(buf: Buffer, s: number, e: number): boolean {
    const prev = this.prevName;
    const n = prev.length;
    if (n === 0 || s + n >= e || !isNameEnd(buf[s + n]!)) return false;
    const words = this.prevWords;
    const view = this.view;
    let w = 0;
    while (w < words.length && view.getUint32(s + w * 4, true) === words[w]) w++;
    if (w < words.length) return false;
    let k = w * 4;
    while (k < n && buf[s + k] === prev[k]) k++;
    return k === n;
  }

  private decide(buf: Buffer, s: number, e: number): boolean {
    if (this.samePrevName(buf, s, e)) return this.prevKeep;
    return this.judge(buf, s, e);
  }

  /** Whether to keep the line buf[s, e), which does not continue the line before's family. */
  private judge(buf: Buffer, s: number, e: number): boolean {
    const c = buf[s];
    if (c === HASH) return this.metadata(buf, s, e);
    if (
      c === undefined ||
      c === NL ||
      c === CR ||
      c === SP ||
      c === TAB ||
      c === QUOTE ||
      c === LBRACE ||
      c === BOM0
    ) {
      return true; // blank, indented, quoted-name or byte-order-marked lines: rare, the parser judges them
    }
    let i = s;
    while (i < e && !isNameEnd(buf[i]!)) i++;
    // No value, or not a metric name: the parser reports such a line whatever its family, so it is kept.
    if (i >= e) return true;
    const name = this.names.get(buf, s, i);
    if (!name.valid) return true;
    const keep = this.decision(name, false);
    this.setPrev(name, s, keep);
    return keep;
  }

  /** The lines that follow, while they start with `name` (at `at` in the current input), share `keep`. */
  private setPrev(name: Name, at: number, keep: boolean): void {
    if (this.wasm !== undefined) {
      this.wasm.setPrev(at, name.bytes.length, keep);
      return;
    }
    this.prevName = name.bytes;
    this.prevWords = name.words;
    this.prevKeep = keep;
  }

  /** `# HELP name ...`, `# TYPE name ...`, `# UNIT name ...`: kept with their family; other comments kept. */
  private metadata(buf: Buffer, s: number, e: number): boolean {
    let i = s + 1;
    while (i < e && (buf[i] === SP || buf[i] === TAB)) i++;
    if (i + 4 >= e || !isKeyword(buf, i) || !(buf[i + 4] === SP || buf[i + 4] === TAB)) return true;
    i += 4;
    while (i < e && (buf[i] === SP || buf[i] === TAB)) i++;
    if (buf[i] === QUOTE) return true;
    const ns = i;
    while (i < e && !isNameEnd(buf[i]!)) i++;
    if (i === ns) return true;
    const name = this.names.get(buf, ns, i);
    const keep = this.decision(name, true);
    this.setPrev(name, ns, keep);
    return keep;
  }

  /**
   * As the parser decides: a metadata line's name is its family; a sample belongs to a declared family `foo`
   * when its name is `foo` plus a sample suffix (`foo_total`, `foo_bucket`...), else to a family of its own
   * name. For a sample whose base is declared, either wanted keeps it (the parser then filters exactly).
   */
  private decision(name: Name, isFamily: boolean): boolean {
    const text = name.text;
    if (isFamily) {
      let keep = this.families.get(text);
      if (keep === undefined) {
        keep = name.wanted;
        this.families.set(text, keep);
        this.decisions.clear(); // a new family can change which family a sample name belongs to
      }
      return keep;
    }
    let keep = this.decisions.get(text);
    if (keep === undefined) {
      keep = name.wanted;
      for (const suffix of SUFFIXES) {
        if (keep) break;
        if (text.length > suffix.length && text.endsWith(suffix)) {
          const base = this.families.get(text.slice(0, -suffix.length));
          if (base !== undefined) keep = base;
        }
      }
      if (this.decisions.size < 100_000) this.decisions.set(text, keep);
    }
    return keep;
  }
}

/** The input line number (1-based) of kept line `keptLine` (1-based). */
export function inputLine(runs: readonly number[], keptLine: number): number {
  const k = keptLine - 1;
  let at = 0;
  for (let r = 0; r < runs.length; r += 2) {
    if (runs[r]! <= k) at = r;
    else break;
  }
  return runs[at + 1]! + (k - runs[at]!) + 1;
}

/** Parses the kept lines; warnings name the input's line numbers. */
export function parseKept(
  f: { bytes: Uint8Array; runs: readonly number[] },
  opts: ParseOptions,
): ParseResult {
  const result = parseExposition(f.bytes, opts);
  for (const w of result.warnings) w.line = inputLine(f.runs, w.line);
  return result;
}

/** Filters a whole input at once (a body already in memory): the same as feeding it in chunks. */
export function filterExposition(
  input: Uint8Array | string,
  want: (familyName: string) => boolean,
): FilteredExposition {
  const filter = new FamilyFilter(want);
  filter.write(typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
  return filter.end();
}
