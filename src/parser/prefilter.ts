/**
 * Streaming family filter: takes an exposition in chunks of bytes, as they are read, and keeps only the
 * lines of the families a command needs (plus `# EOF`, blank and other comment lines, which the parser
 * judges). An unwanted family's lines are passed over with `Buffer.indexOf` and one name comparison per
 * line, never decoded; kept lines are copied in runs. What is held is the kept bytes (bounded by the pods
 * and nodes the command reads, not by the input's size) and at most one partial line between chunks.
 * Not for --strict, which checks every line: there the whole input is parsed.
 */

import { parseExposition } from './exposition.js';
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
  bytes: Buffer;
  /**
   * Line map, flat pairs [keptLinesBefore, inputLinesBefore]: each pair starts a run of kept lines, so a
   * parser warning at kept line L maps back to the input's line number (`inputLine`).
   */
  runs: number[];
  /** Bytes and lines read from the input. */
  bytesIn: number;
  linesIn: number;
}

function isNameEnd(c: number): boolean {
  return c === LBRACE || c === SP || c === TAB || c === CR || c === NL;
}

export class FamilyFilter {
  private out: Buffer;
  private outLen = 0;
  private carry: Buffer | null = null;
  private lines = 0;
  private kept = 0;
  private bytesIn = 0;
  private readonly runs: number[] = [0, 0];
  /** Name (bytes) of the previous line's family and whether it was kept: lines of a family come together. */
  private prevName: Buffer = Buffer.alloc(0);
  private prevKeep = true;
  private readonly decisions = new Map<string, boolean>();
  /** Families named by metadata lines, and whether each is wanted. */
  private readonly families = new Map<string, boolean>();

  constructor(private readonly want: (familyName: string) => boolean) {
    this.out = Buffer.allocUnsafe(1 << 16);
  }

  /** Feeds the next chunk (any size; lines may span chunks). */
  write(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.bytesIn += buf.length;
    let pos = 0;
    if (this.carry !== null) {
      const nl = buf.indexOf(NL);
      if (nl < 0) {
        this.carry = Buffer.concat([this.carry, buf]);
        return;
      }
      const line = Buffer.concat([this.carry, buf.subarray(0, nl + 1)]);
      this.carry = null;
      if (this.decide(line, 0, line.length - 1)) this.append(line, 0, line.length, this.lines, 1);
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
    }
    if (runStart >= 0) this.append(buf, runStart, pos, runLine, this.lines - runLine);
    if (pos < len) this.carry = Buffer.from(buf.subarray(pos));
  }

  /** The kept lines once the input has ended (a last line without a newline is kept as it is). */
  end(): FilteredExposition {
    if (this.carry !== null) {
      const line = this.carry;
      this.carry = null;
      if (this.decide(line, 0, line.length)) this.append(line, 0, line.length, this.lines, 1);
      this.lines++;
    }
    return {
      bytes: this.out.subarray(0, this.outLen),
      runs: this.runs,
      bytesIn: this.bytesIn,
      linesIn: this.lines,
    };
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

  private decide(buf: Buffer, s: number, e: number): boolean {
    const prev = this.prevName;
    const n = prev.length;
    // Same family as the line before: one comparison of the name, nothing decoded (a loop in JavaScript:
    // Buffer#compare's argument checks cost more than comparing a name's few dozen bytes).
    if (n > 0 && s + n < e && isNameEnd(buf[s + n]!)) {
      let k = n - 1;
      while (k >= 0 && buf[s + k] === prev[k]) k--;
      if (k < 0) return this.prevKeep;
    }
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
    const name = buf.toString('latin1', s, i);
    const keep = this.decision(name, false);
    this.prevName = Buffer.from(buf.subarray(s, i));
    this.prevKeep = keep;
    return keep;
  }

  /** `# HELP name ...`, `# TYPE name ...`, `# UNIT name ...`: kept with their family; other comments kept. */
  private metadata(buf: Buffer, s: number, e: number): boolean {
    let i = s + 1;
    while (i < e && (buf[i] === SP || buf[i] === TAB)) i++;
    const kw = buf.toString('latin1', i, Math.min(i + 4, e));
    if ((kw !== 'HELP' && kw !== 'TYPE' && kw !== 'UNIT') || !(buf[i + 4] === SP || buf[i + 4] === TAB)) {
      return true;
    }
    i += 4;
    while (i < e && (buf[i] === SP || buf[i] === TAB)) i++;
    if (buf[i] === QUOTE) return true;
    const ns = i;
    while (i < e && !isNameEnd(buf[i]!)) i++;
    if (i === ns) return true;
    const keep = this.decision(buf.toString('latin1', ns, i), true);
    this.prevName = Buffer.from(buf.subarray(ns, i));
    this.prevKeep = keep;
    return keep;
  }

  /**
   * As the parser decides: a metadata line's name is its family; a sample belongs to a declared family `foo`
   * when its name is `foo` plus a sample suffix (`foo_total`, `foo_bucket`...), else to a family of its own
   * name. For a sample whose base is declared, either wanted keeps it (the parser then filters exactly).
   */
  private decision(name: string, isFamily: boolean): boolean {
    if (isFamily) {
      let keep = this.families.get(name);
      if (keep === undefined) {
        keep = this.want(name);
        this.families.set(name, keep);
        this.decisions.clear(); // a new family can change which family a sample name belongs to
      }
      return keep;
    }
    let keep = this.decisions.get(name);
    if (keep === undefined) {
      keep = this.want(name);
      for (const suffix of SUFFIXES) {
        if (keep) break;
        if (name.length > suffix.length && name.endsWith(suffix)) {
          const base = this.families.get(name.slice(0, -suffix.length));
          if (base !== undefined) keep = base;
        }
      }
      if (this.decisions.size < 100_000) this.decisions.set(name, keep);
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
