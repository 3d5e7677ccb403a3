/**
 * The family filter's line loop in WebAssembly (wasm/lines.ts, built to dist/wasm/lines.wasm): instances of
 * it, each with input room in its own memory that a file can be read straight into. An instance serves one
 * filter at a time (URLs are read concurrently, each through its own filter) and goes back to a pool when
 * that filter ends, so a hundred files are read with one instance and its memory.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The few WebAssembly names used here (Node's types leave the global out; the DOM library has it).
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  interface Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
}

/** A module's memory, as its exports give it. */
export type WasmMemory = WebAssembly.Memory;

/** Bytes per page of WebAssembly memory. */
const PAGE = 65536;

/** Instance makers of the modules compiled so far, by name (null: none here). */
const makers = new Map<string, ((imports: Record<string, Record<string, unknown>>) => unknown) | null>();

/**
 * Compiles dist/wasm/<name>.wasm (built by scripts/wasm.mjs) once per process: a maker of instances (their
 * exports), or null where WebAssembly cannot run (node --jitless) or the module was not built (a tsc-only build).
 */
export function wasmModule(
  name: string,
): ((imports: Record<string, Record<string, unknown>>) => unknown) | null {
  let make = makers.get(name);
  if (make === undefined) {
    try {
      if (typeof WebAssembly !== 'object') throw new Error('no WebAssembly');
      const module = new WebAssembly.Module(
        readFileSync(fileURLToPath(new URL(`../../dist/wasm/${name}.wasm`, import.meta.url))),
      );
      make = (imports) => new WebAssembly.Instance(module, imports).exports;
    } catch {
      make = null;
    }
    makers.set(name, make);
  }
  return make;
}

/** AssemblyScript's `env.abort` import, for a module built without assertions (never called). */
export function abortImport(name: string): { abort: () => never } {
  return {
    abort: () => {
      throw new Error(`${name}.wasm: abort`);
    },
  };
}

/** Grows `memory` to at least `bytes` (whole pages). */
export function growMemory(memory: WasmMemory, bytes: number): void {
  const need = bytes - memory.buffer.byteLength;
  if (need > 0) memory.grow(Math.ceil(need / PAGE));
}

interface Exports {
  memory: WebAssembly.Memory;
  inputBase(): number;
  runTable(): number;
  runsFound(): number;
  runsFull(): number;
  linesSeen(): number;
  reset(): void;
  setPrev(at: number, len: number, keep: number): void;
  scan(start: number, end: number): number;
  lastLine(start: number, end: number): number;
}

/** Asked about each line that does not continue the line before's family: true keeps it. */
export type Judge = (mem: Buffer, start: number, end: number) => boolean;

/** Input room of a new instance: a file read (1 MiB) and the partial line before it. */
const ROOM = (1 << 20) + PAGE;

const idle: WasmLines[] = [];

/**
 * An instance for one filter (from the pool, else new), or undefined where WebAssembly cannot run (node
 * --jitless) or the module was not built (a tsc-only build): the filter then loops in JavaScript.
 */
export function acquireLines(judge: Judge): WasmLines | undefined {
  let lines = idle.pop();
  if (lines === undefined) {
    const make = wasmModule('lines');
    if (make === null) return undefined;
    lines = new WasmLines(make);
  }
  lines.start(judge);
  return lines;
}

export class WasmLines {
  private readonly x: Exports;
  private judge: Judge = () => true;
  /** The module's memory as a Buffer (made again when the memory grows). */
  mem: Buffer;
  /** Input room: [base, base + room). */
  readonly base: number;
  room: number;
  private readonly runTable: number;

  constructor(make: (imports: Record<string, Record<string, unknown>>) => unknown) {
    this.x = make({
      lines: { decide: (s: number, e: number) => (this.judge(this.mem, s, e) ? 1 : 0) },
      env: abortImport('lines'),
    }) as Exports;
    this.base = this.x.inputBase();
    this.runTable = this.x.runTable();
    this.room = 0;
    this.mem = Buffer.from(this.x.memory.buffer);
    this.grow(ROOM);
  }

  start(judge: Judge): void {
    this.judge = judge;
    this.x.reset();
  }

  /** Back to the pool. */
  release(): void {
    this.judge = () => true;
    // One grown for a very long line is let go with its memory.
    if (idle.length < 4 && this.room <= 4 * ROOM) idle.push(this);
  }

  /** At least `room` bytes of input room. */
  grow(room: number): void {
    growMemory(this.x.memory, this.base + room);
    this.mem = Buffer.from(this.x.memory.buffer);
    this.room = this.x.memory.buffer.byteLength - this.base;
  }

  /** The family whose lines follow: the `len` bytes at `at` in memory (0: none), and whether they are kept. */
  setPrev(at: number, len: number, keep: boolean): void {
    this.x.setPrev(at, len, keep ? 1 : 0);
  }

  /**
   * Reads the whole lines of [start, end) in memory, handing each run of kept lines to `keep` (byte range,
   * first line's number, line count); returns where the first line without a newline starts.
   */
  scan(
    start: number,
    end: number,
    keep: (start: number, end: number, line: number, count: number) => void,
  ): number {
    const x = this.x;
    for (;;) {
      const at = x.scan(start, end);
      // The judge may have grown nothing: memory grows only between scans, so this view is current.
      const runs = new Int32Array(this.mem.buffer, this.runTable, x.runsFound() * 4);
      for (let r = 0; r < runs.length; r += 4) keep(runs[r]!, runs[r + 1]!, runs[r + 2]!, runs[r + 3]!);
      if (x.runsFull() === 0) return at;
      start = at;
    }
  }

  /** Judges the input's last line, [start, end) without a newline, and counts it: whether it is kept. */
  lastLine(start: number, end: number): boolean {
    return this.x.lastLine(start, end) !== 0;
  }

  linesSeen(): number {
    return this.x.linesSeen();
  }
}
