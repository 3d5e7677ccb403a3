// AssemblyScript, compiled to dist/wasm/pods.wasm by scripts/wasm.mjs (not by tsc). The fast path's loop over
// the lines of a pod workload family (../../kepler/pods-wasm.ts, ../../kepler/collect.ts): one call reads a
// run of lines of one family, finds each line's pod by its pod_id bytes (state apart) in a hash table, its
// zone by its bytes, checks that no (pod, zone) comes twice in a family, and keeps each line's value in the
// pod's list for that family, in line order. The host makes the pods' accumulators and sums the values (in
// that order) afterwards. Anything this loop does not read exactly as the JavaScript fast path does (scan.ts,
// collect.ts) makes it decline, and the host reads the input the JavaScript way. Why WebAssembly: these lines
// are most of what a command keeps, read once per process, mostly before V8 has optimised JavaScript.

import { same } from './_bytes';

const NL: u8 = 10;
const SP: u8 = 32;
const TAB: u8 = 9;
const LBRACE: u8 = 123;
const RBRACE: u8 = 125;
const QUOTE: u8 = 34;
const EQ: u8 = 61;
const COMMA: u8 = 44;
const DOT: u8 = 46;

/** Pods of one node told apart here; more, and the host reads the input. */
const MAX_PODS: i32 = 16384;
/** Values kept per pod and family (one per zone line). */
const MAX_VALUES: i32 = 4;
/** Distinct zone labels; NO_ZONE stands for a line without one. */
const MAX_ZONES: i32 = 30;
const NO_ZONE: i32 = 30;
const HASH_BITS: i32 = 15;
const HASH_SIZE: i32 = 1 << HASH_BITS;
/** Labels a line may have here (more: the host reads the input). */
const MAX_LABELS: i32 = 16;
/** Distinct label names of a node's pod lines. */
const MAX_KEYS: i32 = 32;
/**
 * A pod: 12 i32 (idAt, idLen, labelsAt, labelsLen, terminated, fromWatts, seq, zone bits watts and joules,
 * value counts watts and joules, label count), the watts values and the joules values, each (i32 zone, -, f64),
 * then the labels of the line that made it, each (name's index in the key table, value's start and length,
 * 1 when the value is the bytes of the last value of that name taken this way).
 */
const LABELS_AT: i32 = 48 + 2 * MAX_VALUES * 16;
const POD_BYTES: i32 = LABELS_AT + MAX_LABELS * 16;

const zones: usize = memory.data(MAX_ZONES * 8);
/** Label names: (start, length, last value's start, its length). */
const keyTable: usize = memory.data(MAX_KEYS * 16);
let keyCount: i32 = 0;
const pow10: usize = memory.data<f64>([
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
]);

let podCount: i32 = 0;
let zoneCount: i32 = 0;
let processed: i32 = 0;
let status: i32 = 0;
let lastPod: i32 = -1;

function podsBase(): usize {
  return (__heap_base + 15) & ~15;
}
function hashBase(): usize {
  return podsBase() + <usize>(MAX_PODS * POD_BYTES);
}

/** Where the host puts the input (its memory must reach past it). */
export function inputBase(): usize {
  return hashBase() + <usize>(HASH_SIZE * 4);
}
export function podTable(): usize {
  return podsBase();
}
/** A pod's size in the table, in i32 words. */
export function podWords(): i32 {
  return POD_BYTES >> 2;
}
/** Where a pod's labels start, in i32 words. */
export function podLabelsAt(): i32 {
  return LABELS_AT >> 2;
}
export function zoneTable(): usize {
  return zones;
}
export function pods(): i32 {
  return podCount;
}
export function keyTableAt(): usize {
  return keyTable;
}
export function keysFound(): i32 {
  return keyCount;
}
export function zonesFound(): i32 {
  return zoneCount;
}
/** Lines read by the last run. */
export function linesRead(): i32 {
  return processed;
}
/** 1: the last run declined (the host reads the whole input the JavaScript way). */
export function declined(): i32 {
  return status;
}

/** A new input. */
export function reset(): void {
  podCount = 0;
  zoneCount = 0;
  keyCount = 0;
  lastPod = -1;
  status = 0;
  memory.fill(hashBase(), 0, <usize>(HASH_SIZE * 4));
}

function isLabelStart(c: u8): bool {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isLabelChar(c: u8): bool {
  return isLabelStart(c) || (c >= 48 && c <= 57);
}

// The current line's labels read by `line`.
let idAt: usize = 0;
let idLen: i32 = 0;
let zoneAt: usize = 0;
let zoneLen: i32 = -1;
let terminated: i32 = 0;
let labelsAt: usize = 0;
let labelsLen: i32 = 0;
let value: f64 = 0;
/** The line's labels: name's start and length, value's start and length (a repeated name is the full parser's). */
const keyAt: usize = memory.data(MAX_LABELS * 16);
let lineKeys: i32 = 0;

/** Reads the line at p (its name, `n` bytes, already matched, then `{`): its end (the newline), or 0 to decline. */
function line(p: usize, n: i32, end: usize): usize {
  let i = p + <usize>n + 1;
  labelsAt = i - 1;
  idLen = -1;
  zoneLen = -1;
  terminated = 0;
  let keys: i32 = 0;
  for (;;) {
    if (i >= end) return 0;
    let c = load<u8>(i);
    if (c === RBRACE) {
      i++;
      break;
    }
    if (!isLabelStart(c)) return 0;
    const ks = i;
    i++;
    while (i < end && isLabelChar(load<u8>(i))) i++;
    const kl = <i32>(i - ks);
    if (i + 1 >= end || load<u8>(i) !== EQ || load<u8>(i + 1) !== QUOTE) return 0;
    if (keys === MAX_LABELS) return 0;
    for (let k: i32 = 0; k < keys; k++) {
      const at = keyAt + <usize>(k * 16);
      if (load<i32>(at, 4) === kl && same(<usize>load<i32>(at), ks, kl)) return 0;
    }
    const vs = i + 2;
    let ve = vs;
    while (ve < end) {
      c = load<u8>(ve);
      if (c === QUOTE || c === NL) break;
      ve++;
    }
    if (ve >= end || c !== QUOTE) return 0;
    const vl = <i32>(ve - vs);
    const kat = keyAt + <usize>(keys * 16);
    store<i32>(kat, <i32>ks);
    store<i32>(kat, kl, 4);
    store<i32>(kat, <i32>vs, 8);
    store<i32>(kat, vl, 12);
    keys++;
    // pod_id, state, zone
    if (kl === 6 && load<u32>(ks) === 0x5f646f70 && load<u16>(ks, 4) === 0x6469) {
      idAt = vs;
      idLen = vl;
    } else if (kl === 5 && load<u32>(ks) === 0x74617473 && load<u8>(ks, 4) === 0x65) {
      // state="terminated" ("term", "inat", "ed")
      terminated =
        vl === 10 &&
        load<u32>(vs) === 0x6d726574 &&
        load<u32>(vs, 4) === 0x74616e69 &&
        load<u16>(vs, 8) === 0x6465
          ? 1
          : 0;
    } else if (kl === 4 && load<u32>(ks) === 0x656e6f7a) {
      zoneAt = vs;
      zoneLen = vl;
    }
    i = ve + 1;
    if (i >= end) return 0;
    c = load<u8>(i);
    if (c === COMMA) {
      i++;
    } else if (c === RBRACE) {
      i++;
      break;
    } else {
      return 0;
    }
  }
  labelsLen = <i32>(i - labelsAt);
  lineKeys = keys;
  // The value: blanks, then digits with at most one dot, then the newline (else the JavaScript way).
  if (i >= end) return 0;
  let c = load<u8>(i);
  if (c !== SP && c !== TAB) return 0;
  while (i < end && (load<u8>(i) === SP || load<u8>(i) === TAB)) i++;
  let mant: f64 = 0;
  let sig: i32 = 0;
  let scale: i32 = 0;
  let digits: i32 = 0;
  let dot = false;
  let exp: i32 = 0;
  for (;;) {
    if (i >= end) return 0;
    c = load<u8>(i);
    if (c === NL) break;
    if (c === 101 || c === 69) {
      // An exponent (e or E, a sign, digits), then the newline.
      i++;
      if (i >= end) return 0;
      c = load<u8>(i);
      const sign: i32 = c === 45 ? -1 : 1;
      if (c === 45 || c === 43) i++;
      let expDigits: i32 = 0;
      for (;;) {
        if (i >= end) return 0;
        c = load<u8>(i);
        if (c === NL) break;
        const d = <i32>c - 48;
        if (d < 0 || d > 9 || expDigits === 5) return 0;
        exp = exp * 10 + d;
        expDigits++;
        i++;
      }
      if (expDigits === 0) return 0;
      exp *= sign;
      break;
    }
    if (c === DOT) {
      if (dot) return 0;
      dot = true;
      i++;
      continue;
    }
    const d = <i32>c - 48;
    if (d < 0 || d > 9) return 0;
    digits++;
    if (sig > 0 || d !== 0) {
      if (sig === 15) return 0;
      mant = mant * 10 + <f64>d;
      sig++;
    }
    if (dot) scale++;
    i++;
  }
  const pw = exp - scale;
  if (digits === 0 || (mant !== 0 && (pw < -22 || pw > 22))) return 0;
  // As the JavaScript reader computes it (exact: both operands are, and one operation rounds).
  value =
    mant === 0
      ? 0
      : pw === 0
        ? mant
        : pw > 0
          ? mant * load<f64>(pow10 + <usize>(pw * 8))
          : mant / load<f64>(pow10 + <usize>(-pw * 8));
  return i;
}

function hashOf(s: usize, n: i32, t: i32): u32 {
  let h: u32 = 0x811c9dc5 ^ <u32>t;
  for (let k: i32 = 0; k < n; k++) h = (h ^ <u32>load<u8>(s + <usize>k)) * 0x01000193;
  return h;
}

function podAt(k: i32): usize {
  return podsBase() + <usize>(k * POD_BYTES);
}

/** Whether the pod at q is the current line's: the same state and pod_id bytes. */
function isLinePod(q: usize): bool {
  return (
    load<i32>(q, 16) === terminated && load<i32>(q, 4) === idLen && same(<usize>load<i32>(q), idAt, idLen)
  );
}

/** The pod of the current line: its index, or -1 when a new one does not fit. */
function findPod(watts: i32, seq: i32): i32 {
  if (lastPod >= 0 && isLinePod(podAt(lastPod))) return lastPod;
  const mask = <u32>(HASH_SIZE - 1);
  let slot = (hashOf(idAt, idLen, terminated) * 0x9e3779b1) >> <u32>(32 - HASH_BITS);
  const table = hashBase();
  for (let probe: i32 = 0; probe < HASH_SIZE; probe++) {
    const at = table + <usize>(slot << 2);
    const e = load<i32>(at);
    if (e === 0) {
      if (podCount >= MAX_PODS || podCount * 2 >= HASH_SIZE) return -1;
      const k = podCount++;
      store<i32>(at, k + 1);
      const q = podAt(k);
      store<i32>(q, <i32>idAt);
      store<i32>(q, idLen, 4);
      store<i32>(q, <i32>labelsAt, 8);
      store<i32>(q, labelsLen, 12);
      store<i32>(q, terminated, 16);
      store<i32>(q, watts, 20);
      store<i32>(q, seq, 24);
      store<i32>(q, 0, 28);
      store<i32>(q, 0, 32);
      store<i32>(q, 0, 36);
      store<i32>(q, 0, 40);
      return keepLabels(q) ? k : -1;
    }
    if (isLinePod(podAt(e - 1))) return e - 1;
    slot = (slot + 1) & mask;
  }
  return -1;
}

/** Stores the current line's labels in the new pod at q: false beyond MAX_KEYS label names. */
function keepLabels(q: usize): bool {
  store<i32>(q, lineKeys, 44);
  for (let j: i32 = 0; j < lineKeys; j++) {
    const at = keyAt + <usize>(j * 16);
    const ks = <usize>load<i32>(at);
    const kl = load<i32>(at, 4);
    const vs = load<i32>(at, 8);
    const vl = load<i32>(at, 12);
    let k: i32 = 0;
    while (k < keyCount) {
      const e = keyTable + <usize>(k * 16);
      if (load<i32>(e, 4) === kl && same(<usize>load<i32>(e), ks, kl)) break;
      k++;
    }
    const e = keyTable + <usize>(k * 16);
    let again: i32 = 0;
    if (k === keyCount) {
      if (keyCount === MAX_KEYS) return false;
      keyCount++;
      store<i32>(e, <i32>ks);
      store<i32>(e, kl, 4);
    } else if (load<i32>(e, 12) === vl && same(<usize>load<i32>(e, 8), <usize>vs, vl)) {
      again = 1;
    }
    store<i32>(e, vs, 8);
    store<i32>(e, vl, 12);
    const l = q + <usize>(LABELS_AT + j * 16);
    store<i32>(l, k);
    store<i32>(l, vs, 4);
    store<i32>(l, vl, 8);
    store<i32>(l, again, 12);
  }
  return true;
}

/** Index of the current line's zone (NO_ZONE without one), or -1 beyond MAX_ZONES. */
function zoneOf(): i32 {
  if (zoneLen < 0) return NO_ZONE;
  for (let k: i32 = 0; k < zoneCount; k++) {
    const at = zones + <usize>(k * 8);
    if (load<i32>(at, 4) === zoneLen && same(<usize>load<i32>(at), zoneAt, zoneLen)) return k;
  }
  if (zoneCount === MAX_ZONES) return -1;
  const at = zones + <usize>(zoneCount * 8);
  store<i32>(at, <i32>zoneAt);
  store<i32>(at, zoneLen, 4);
  return zoneCount++;
}

/**
 * Reads the lines from `start` (a line of the family, whose name is its first `n` bytes) while they are
 * sample lines of that family with labels: returns where the first other line starts. `watts`: the family is
 * the watts one; `limit`: the largest value the model takes; `seq`: the input order of the first line.
 */
export function run(start: usize, end: usize, n: i32, watts: i32, limit: f64, seq: i32): usize {
  processed = 0;
  let p = start;
  while (p < end) {
    if (p + <usize>n >= end || load<u8>(p + <usize>n) !== LBRACE || !same(p, start, n)) break;
    const nl = line(p, n, end);
    if (nl === 0 || idLen <= 0 || !(value >= 0 && value <= limit)) {
      status = 1;
      return p;
    }
    const k = findPod(watts, seq + processed);
    if (k < 0) {
      status = 1;
      return p;
    }
    const q = podAt(k);
    if (watts !== 0 && load<i32>(q, 20) === 0) {
      // Made by a joules line: the first watts line takes its place in the order (same labels only).
      if (load<i32>(q, 12) !== labelsLen || !same(<usize>load<i32>(q, 8), labelsAt, labelsLen)) {
        status = 1;
        return p;
      }
      store<i32>(q, 1, 20);
      store<i32>(q, seq + processed, 24);
    }
    const z = zoneOf();
    if (z < 0) {
      status = 1;
      return p;
    }
    const bitsAt: usize = watts !== 0 ? 28 : 32;
    const bits = load<u32>(q + bitsAt);
    const bit: u32 = 1 << (<u32>z);
    const count = load<i32>(q + bitsAt + 8);
    if ((bits & bit) !== 0 || count === MAX_VALUES) {
      status = 1;
      return p;
    }
    store<u32>(q + bitsAt, bits | bit);
    store<i32>(q + bitsAt + 8, count + 1);
    const v = q + 48 + <usize>((watts !== 0 ? 0 : MAX_VALUES) * 16 + count * 16);
    store<i32>(v, z);
    store<f64>(v, value, 8);
    lastPod = k;
    processed++;
    p = nl + 1;
  }
  return p;
}
