// AssemblyScript, compiled to dist/wasm/lines.wasm by scripts/wasm.mjs (not by tsc). The family filter's line
// loop (../prefilter.ts) over bytes in this module's memory: it finds each line's end 16 bytes at a time,
// gives a line whose name is the line before's family name that family's decision, and asks the host
// (`decide`, imported) about every other line, which holds the filter's rules. Kept lines are reported as
// runs (byte range, first line, line count) for the host to copy. Why WebAssembly: these loops are most of a
// large dump's reading time, and run once per process, mostly before V8 has optimised JavaScript; compiled
// code is fast from the first line.

import { same } from './_bytes';

/** Asks the host about the line [start, end) (end: its newline): 1 keeps it. The host may call setPrev. */
declare function decide(start: usize, end: usize): i32;

const NL: u8 = 10;
const CR: u8 = 13;
const SP: u8 = 32;
const TAB: u8 = 9;
const LBRACE: u8 = 123;

/** Longest family name compared here; a longer one leaves every line of its family to the host. */
const PREV_MAX: i32 = 4096;
/** Runs reported per scan call: a scan stops early (returns where) when the table is full. */
const RUNS_MAX: i32 = 4096;

const prev: usize = memory.data(PREV_MAX);
const runs: usize = memory.data(RUNS_MAX * 16);

let prevLen: i32 = 0;
let prevKeep: i32 = 1;
let lines: i32 = 0;
let runCount: i32 = 0;
/** Whether the last scan stopped because the run table was full. */
let full: i32 = 0;

/** Where the host may put input: the end of this module's static data. */
export function inputBase(): usize {
  return (__heap_base + 15) & ~15;
}

/** The run table: RUNS_MAX entries of four i32 (start, end, first line, line count). */
export function runTable(): usize {
  return runs;
}

export function runsFound(): i32 {
  return runCount;
}

export function runsFull(): i32 {
  return full;
}

export function linesSeen(): i32 {
  return lines;
}

/** Starts a new input: no family yet, no lines. */
export function reset(): void {
  prevLen = 0;
  prevKeep = 1;
  lines = 0;
  runCount = 0;
}

/**
 * The family of the lines that follow: the `len` bytes at `at` (a name in the current line), and whether its
 * lines are kept. A length of 0, or one over PREV_MAX, compares no line (each goes to the host).
 */
export function setPrev(at: usize, len: i32, keep: i32): void {
  prevKeep = keep;
  if (len > PREV_MAX) len = 0;
  prevLen = len;
  memory.copy(prev, at, <usize>len);
}

/** Judges the input's last line [start, end), which has no newline, and counts it: 1 keeps it. */
export function lastLine(start: usize, end: usize): i32 {
  const keep = samePrev(start, end) ? prevKeep : decide(start, end);
  lines++;
  return keep;
}

function isNameEnd(c: u8): bool {
  return c === LBRACE || c === SP || c === TAB || c === CR || c === NL;
}

/** Index of the first newline in [p, end), or end. */
function newline(p: usize, end: usize): usize {
  const nl = i8x16.splat(NL);
  while (p + 16 <= end) {
    const mask = i8x16.bitmask(i8x16.eq(v128.load(p), nl));
    if (mask !== 0) return p + <usize>ctz(mask);
    p += 16;
  }
  while (p < end) {
    if (load<u8>(p) === NL) return p;
    p++;
  }
  return end;
}

/** Whether the line [s, e) starts with the previous family's name and then a name's end. */
function samePrev(s: usize, e: usize): bool {
  const n = <usize>prevLen;
  if (n === 0 || s + n >= e || !isNameEnd(load<u8>(s + n))) return false;
  return same(s, prev, <i32>n);
}

function addRun(start: usize, end: usize, line: i32, count: i32): void {
  const at = runs + ((<usize>runCount) << 4);
  store<i32>(at, <i32>start);
  store<i32>(at, <i32>end, 4);
  store<i32>(at, line, 8);
  store<i32>(at, count, 12);
  runCount++;
}

/**
 * Reads the whole lines of [start, end): returns where the first line without a newline starts (or, when the
 * run table filled, the first line not read). The kept lines are in runsFound() runs of runTable().
 */
export function scan(start: usize, end: usize): usize {
  runCount = 0;
  full = 0;
  let p = start;
  let runStart: isize = -1;
  let runLine: i32 = 0;
  while (p < end) {
    const nl = newline(p, end);
    if (nl >= end) break;
    const keep = samePrev(p, nl) ? prevKeep : decide(p, nl);
    if (keep !== 0) {
      if (runStart < 0) {
        if (runCount >= RUNS_MAX) {
          full = 1;
          break;
        }
        runStart = <isize>p;
        runLine = lines;
      }
    } else if (runStart >= 0) {
      addRun(<usize>runStart, p, runLine, lines - runLine);
      runStart = -1;
    }
    lines++;
    p = nl + 1;
  }
  if (runStart >= 0) addRun(<usize>runStart, p, runLine, lines - runLine);
  return p;
}
