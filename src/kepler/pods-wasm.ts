/**
 * The pod families' line loop in WebAssembly (../parser/wasm/pods.ts, built to dist/wasm/pods.wasm), for the
 * fast path (collect.ts): one instance, given one node's kept bytes at a time. Each run reads the lines of a
 * pod family in one call; what it found (pods, zones, each pod's values per family in line order) is read
 * from its memory afterwards.
 */
import { abortImport, growMemory, type WasmMemory, wasmModule } from '../parser/lines-wasm.js';

interface Exports {
  memory: WasmMemory;
  inputBase(): number;
  podTable(): number;
  podWords(): number;
  podLabelsAt(): number;
  zoneTable(): number;
  pods(): number;
  zonesFound(): number;
  keyTableAt(): number;
  keysFound(): number;
  linesRead(): number;
  declined(): number;
  reset(): void;
  run(start: number, end: number, nameLength: number, watts: number, limit: number, seq: number): number;
}

/**
 * Layout of a pod in the table (pods.ts), in i32 words: idAt, idLen, labelsAt, labelsLen, terminated, fromWatts,
 * seq, zone bits (watts, joules), value counts (watts, joules), label count; per family VALUES (zone, -, f64
 * value); then, from `labelsAt`, the labels (name's index in `keys`, value's start and length, 1: the last value
 * of that name). A pod's size (`podWords`) and `labelsAt` are the module's.
 */
export const VALUES = 4;
const VALUES_AT = 12;
/** A line without a zone label (pods.ts NO_ZONE). */
export const NO_ZONE = 30;

let instance: WasmPods | null | undefined;

/**
 * The instance, given `input` (one node's kept bytes), or undefined where WebAssembly cannot run (node
 * --jitless) or the module was not built (a tsc-only build): the fast path then reads every line in JavaScript.
 */
export function podsFor(input: Uint8Array): WasmPods | undefined {
  if (!hasWasmPods()) return undefined;
  instance!.load(input);
  return instance!;
}

/** Whether the WebAssembly loop can run here (compiled on the first call). */
export function hasWasmPods(): boolean {
  if (instance === undefined) {
    const make = wasmModule('pods');
    instance = make === null ? null : new WasmPods(make);
  }
  return instance !== null;
}

export class WasmPods {
  private readonly x: Exports;
  private readonly base: number;

  constructor(make: (imports: Record<string, Record<string, unknown>>) => unknown) {
    this.x = make({ env: abortImport('pods') }) as Exports;
    this.base = this.x.inputBase();
  }

  load(input: Uint8Array): void {
    growMemory(this.x.memory, this.base + input.length);
    new Uint8Array(this.x.memory.buffer, this.base, input.length).set(input);
    this.x.reset();
  }

  /**
   * Reads the lines of a pod family from `start` (a line of it) of the input, `end` its length: where the first
   * line not read starts, or -1 when the input is to be read the JavaScript way.
   */
  run(start: number, end: number, nameLength: number, watts: boolean, limit: number, seq: number): number {
    const b = this.base;
    const at = this.x.run(start + b, end + b, nameLength, watts ? 1 : 0, limit, seq);
    return this.x.declined() !== 0 || at === start + b ? -1 : at - b;
  }

  zonesFound(): number {
    return this.x.zonesFound();
  }

  linesRead(): number {
    return this.x.linesRead();
  }

  /** The label names found: flat pairs (where it starts in the input, its length). */
  keys(): Int32Array {
    const n = this.x.keysFound();
    const t = new Int32Array(this.x.memory.buffer, this.x.keyTableAt(), n * 4);
    const out = new Int32Array(n * 2);
    for (let k = 0; k < n; k++) {
      out[k * 2] = t[k * 4]! - this.base;
      out[k * 2 + 1] = t[k * 4 + 1]!;
    }
    return out;
  }

  /** The zones found: flat pairs (where its value starts in the input, its length). */
  zones(): Int32Array {
    const n = this.x.zonesFound();
    const z = new Int32Array(this.x.memory.buffer, this.x.zoneTable(), n * 2).slice();
    for (let k = 0; k < z.length; k += 2) z[k]! -= this.base;
    return z;
  }

  /** The pods found: POD_WORDS i32 each (positions made the input's), and the same memory as f64. */
  pods(): { words: Int32Array; values: Float64Array; count: number; podWords: number; labelsAt: number } {
    const count = this.x.pods();
    const POD_WORDS = this.x.podWords();
    const LABELS_AT = this.x.podLabelsAt();
    const buffer = this.x.memory.buffer;
    const at = this.x.podTable();
    const words = new Int32Array(buffer, at, count * POD_WORDS);
    const values = new Float64Array(buffer, at, count * (POD_WORDS / 2));
    for (let k = 0; k < words.length; k += POD_WORDS) {
      words[k]! -= this.base;
      words[k + 2]! -= this.base;
      for (let j = 0; j < words[k + 11]!; j++) words[k + LABELS_AT + j * 4 + 1]! -= this.base;
    }
    return { words, values, count, podWords: POD_WORDS, labelsAt: LABELS_AT };
  }
}

/** Word index in a pod's record of its first value's zone, per family (the value is the f64 two words on). */
export function valuesAt(watts: boolean): number {
  return VALUES_AT + (watts ? 0 : VALUES * 4);
}
