/**
 * The fast path from an exposition's bytes to a node's snapshot: the parser's fast scan (scanPlain) hands over
 * only the labels the model reads, and the workload levels' CPU series — nearly every line a command keeps —
 * are summed straight into one accumulator per pod, container or VM: no label object or Sample per line, and
 * what is held is bounded by the node's workloads. The few other series (nodes, GPUs, build info) become
 * Samples for the model's usual reading (build.ts). The result is the full path's
 * (`buildSnapshot(parseExposition(...))`) or undefined when the input needs that path: whatever the scan
 * declines, a value the model would exclude (and warn about) in a workload series, or no `kepler_build_info`
 * (legacy and other formats).
 */
import { type Latin1, type ScanLine, type ScanSink, scanPlain } from '../parser/index.js';
import type { ExpositionFormat, Sample } from '../parser/types.js';
import {
  buildFrom,
  type CollectedEntity,
  containerKey,
  levelFamilies,
  MODEL_LABELS,
  podKey,
  type ScrapeInfo,
  vmKey,
  type WorkloadLevel,
} from './build.js';
import type { KeplerSnapshot, ZoneValues } from './model.js';
import { hasWasmPods, podsFor, valuesAt, NO_ZONE as WASM_NO_ZONE, type WasmPods } from './pods-wasm.js';
import { valueLimit } from './values.js';
import { normaliseZone } from './zones.js';

const slot = (name: (typeof MODEL_LABELS)[number]): number => MODEL_LABELS.indexOf(name);
const ZONE = slot('zone');
const STATE = slot('state');
const POD_ID = slot('pod_id');
const POD_NAME = slot('pod_name');
const POD_NS = slot('pod_namespace');
const CONTAINER_ID = slot('container_id');
const CONTAINER_NAME = slot('container_name');
const VM_ID = slot('vm_id');
/** The label that alone is a level's id when it is not empty (a container's id has three parts: none). */
const ID: Record<WorkloadLevel, number> = { pod: POD_ID, container: -1, vm: VM_ID };

/**
 * Entity id of a sample of each level as build.ts keys it (undefined = not a workload), given the value of
 * the level's id label (ID) when it has one.
 */
const KEYS: Record<WorkloadLevel, (l: ScanLine, idLabel: string | undefined) => string | undefined> = {
  // A pod_id is the id; only without one are the name and namespace read.
  pod: (l, podId) => podId || podKey(undefined, l.str(POD_NAME), l.str(POD_NS)),
  container: (l) => containerKey(l.str(CONTAINER_ID), l.str(POD_ID), l.str(CONTAINER_NAME)),
  vm: (_, vmId) => vmKey(vmId),
};

class Accumulator implements CollectedEntity {
  watts: ZoneValues = {};
  joules: ZoneValues = {};
  /** The `zone` labels summed into watts and joules, as bits of their index in Collector.normalised. */
  wattsZones = 0;
  joulesZones = 0;
  constructor(
    public labels: Record<string, string>,
    /** Made by a watts sample (collectByZone reads the watts family first). */
    public fromWatts: boolean,
    /** Input order of the sample that made it. */
    public seq: number,
    /** Its place in Level.list. */
    readonly index: number,
    /**
     * Where the value of its level's id label lies in the input, and its length (0 when that label alone is
     * not its id: see ID).
     */
    readonly idAt: number,
    readonly idLength: number,
    /** Where the labels of the line that made it lie in the input (ScanLine.labelsAt, labelsLength). */
    readonly labelsAt: number,
    readonly labelsLength: number,
  ) {}
}

/** Distinct `zone` labels of a node the fast path tells apart (one bit each; one more for none). */
const MAX_ZONES = 30;
const NO_ZONE = 1 << MAX_ZONES;

class Level {
  readonly running = new Map<string, Accumulator>();
  readonly terminated = new Map<string, Accumulator>();
  readonly list: Accumulator[] = [];
  /**
   * Index in `list` of the entity after the last one a sample went to: a family lists the entities in the
   * order an earlier family did, so it is most likely the next sample's.
   */
  next = 0;

  constructor(
    readonly name: WorkloadLevel,
    readonly key: (l: ScanLine, idLabel: string | undefined) => string | undefined,
  ) {}

  /** The entities in collectByZone's order: by their first watts sample, then the others by their first joules. */
  ordered(): Accumulator[] {
    return this.list.sort((a, b) => (a.fromWatts === b.fromWatts ? a.seq - b.seq : a.fromWatts ? -1 : 1));
  }
}

/** Where a workload family's samples go. */
interface Target {
  level: Level;
  watts: boolean;
  limit: number;
}

class Collector implements ScanSink {
  readonly levels: Record<WorkloadLevel, Level> = {
    pod: new Level('pod', KEYS.pod),
    container: new Level('container', KEYS.container),
    vm: new Level('vm', KEYS.vm),
  };
  /** The zones of pod series, as bits of their index in `normalised`. */
  private podZoneBits = 0;
  /** Families in the parser's order, and the samples kept whole by name. */
  private readonly order: string[] = [];
  readonly lists = new Map<string, Sample[]>();
  private readonly targets = new Map<string, Target>();
  private lastName = '';
  private lastTarget: Target | undefined;
  private seq = 0;
  /** The pod families' lines are read in WebAssembly (`bulk`): the node's instance once a pod line came. */
  private pods: WasmPods | undefined;
  /** Whether WebAssembly declined the input (then it is read again without it). */
  declined = false;
  /** Index in `normalised` of each zone the WebAssembly loop found, as far as taken over (syncZones). */
  private readonly podZoneIndex: number[] = [];
  /** The input, once the WebAssembly loop has read part of it. */
  private input: Buffer | undefined;

  constructor(private readonly useWasm: boolean) {
    for (const level of Object.values(this.levels)) {
      for (const [name, field] of levelFamilies(level.name)) {
        this.targets.set(name, { level, watts: field === 'watts', limit: valueLimit(name) });
      }
    }
  }

  family(name: string): boolean {
    this.order.push(name);
    // The workload series are summed here, and a series seen twice ends the scan (see `sample`).
    return this.targets.has(name);
  }

  bulkFamily(name: string): boolean {
    return this.useWasm && this.targets.get(name)?.level.name === 'pod' && hasWasmPods();
  }

  bulk(name: string, input: Buffer, start: number): number {
    const t = this.targets.get(name)!;
    if (this.pods === undefined) {
      this.input = input;
      this.pods = podsFor(input);
      if (this.pods === undefined) {
        this.declined = true;
        return -1;
      }
    }
    const next = this.pods.run(start, input.length, name.length, t.watts, t.limit, this.seq);
    if (next < 0) {
      this.declined = true;
      return -1;
    }
    this.seq += this.pods.linesRead();
    return next;
  }

  /**
   * Takes over the zones the WebAssembly loop found since the last call, in its order, into `normalised`
   * (the order the lines gave them): false beyond MAX_ZONES zones.
   */
  private syncZones(input: Buffer): boolean {
    if (this.pods!.zonesFound() === this.podZoneIndex.length) return true;
    const z = this.pods!.zones();
    for (let k = this.podZoneIndex.length * 2; k < z.length; k += 2) {
      const at = z[k]!;
      const length = z[k + 1]!;
      const n = this.normalised.length;
      let found = -1;
      for (let j = 0; j < n && found < 0; j++) {
        if (
          this.zoneLength[j] === length &&
          input.compare(input, at, at + length, this.zoneAt[j]!, this.zoneAt[j]! + length) === 0
        )
          found = j;
      }
      if (found < 0) {
        if (n === MAX_ZONES) return false;
        this.zoneAt[n] = at;
        this.zoneLength[n] = length;
        this.normalised[n] = normaliseZone(input.toString('latin1', at, at + length));
        found = n;
      }
      this.podZoneIndex.push(found);
    }
    return true;
  }

  /** After the scan: the pods the WebAssembly loop read, with their sums. False for the JavaScript way. */
  finish(): boolean {
    const w = this.pods;
    const input = this.input;
    if (w === undefined || input === undefined) return true;
    if (!this.syncZones(input)) return false;
    const level = this.levels.pod;
    const { words, values, count, podWords, labelsAt: LABELS_AT } = w.pods();
    // The label names of the pods' lines, and the last value of each made a string.
    const keyAt = w.keys();
    const keys: string[] = [];
    const wanted: boolean[] = [];
    const lastValue: string[] = [];
    for (let k = 0; k < keyAt.length; k += 2) {
      const key = (input as Latin1).latin1Slice(keyAt[k]!, keyAt[k]! + keyAt[k + 1]!);
      keys.push(key);
      wanted.push(MODEL_SET.has(key));
      lastValue.push('');
    }
    for (let k = 0; k < count; k++) {
      const p = k * podWords;
      const labelsAt = words[p + 2]!;
      const labelsLength = words[p + 3]!;
      // The labels of interest of the line that made it, in line order (as ScanLine.record() gives them).
      const labels: Record<string, string> = {};
      const n = words[p + 11]!;
      for (let j = 0; j < n; j++) {
        const l = p + LABELS_AT + j * 4;
        const k = words[l]!;
        if (!wanted[k]) continue;
        if (words[l + 3] !== 1)
          lastValue[k] = (input as Latin1).latin1Slice(words[l + 1]!, words[l + 1]! + words[l + 2]!);
        labels[keys[k]!] = lastValue[k]!;
      }
      const acc = new Accumulator(
        labels,
        words[p + 5] === 1,
        words[p + 6]!,
        level.list.length,
        words[p]!,
        words[p + 1]!,
        labelsAt,
        labelsLength,
      );
      level.list.push(acc);
      for (let f = 0; f < 2; f++) {
        const watts = f === 0;
        const v = p + valuesAt(watts);
        const n = words[p + (watts ? 9 : 10)]!;
        const sums = watts ? acc.watts : acc.joules;
        for (let j = 0; j < n; j++) {
          const raw = words[v + j * 4]!;
          if (raw === WASM_NO_ZONE) continue;
          const z = this.podZoneIndex[raw]!;
          const zone = this.normalised[z]!;
          if (zone === '') continue;
          this.podZoneBits |= 1 << z;
          sums[zone] = (sums[zone] ?? 0) + values[(v + j * 4 + 2) >> 1]!;
        }
      }
    }
    return true;
  }

  sample(name: string, line: ScanLine, value: number): boolean {
    if (name !== this.lastName) {
      this.lastName = name;
      this.lastTarget = this.targets.get(name);
    }
    const t = this.lastTarget;
    if (t === undefined) {
      let list = this.lists.get(name);
      if (list === undefined) {
        list = [];
        this.lists.set(name, list);
      }
      list.push({ name, labels: line.record(), value });
      return true;
    }
    // A value the model excludes is warned about, per node: the full path does that.
    if (!(value >= 0 && value <= t.limit)) return false;
    const level = t.level;
    const terminated = line.is(STATE, 'terminated');
    let acc: Accumulator;
    // A pod's series of one family come one zone after the other: the last line's entity, found by its id's bytes.
    const last = this.last;
    let same = false;
    if (
      last !== undefined &&
      level === this.lastLevel &&
      terminated === this.lastTerminated &&
      line.sameValue(ID[level.name], last.idAt, last.idLength)
    ) {
      acc = last;
    } else {
      // The next family lists the entities again in the same order: the entity after the last one, when the
      // line's labels are the text of the line that made it (same id, state and labels: no id to copy out).
      const next = level.list[level.next];
      same = next !== undefined && line.sameLabels(next.labelsAt, next.labelsLength);
      if (same) {
        acc = next!;
      } else {
        const idLabel = ID[level.name] < 0 ? undefined : line.str(ID[level.name]);
        const id = level.key(line, idLabel);
        // Not a workload: the model skips it, but a duplicate of it is the full parser's to report.
        if (id === undefined) return false;
        const byId = terminated ? level.terminated : level.running;
        const found = byId.get(id);
        if (found !== undefined) {
          acc = found;
        } else {
          acc = new Accumulator(
            line.record(),
            t.watts,
            this.seq,
            level.list.length,
            idLabel ? line.valueAt(ID[level.name]) : -1,
            idLabel ? idLabel.length : 0,
            line.labelsAt(),
            line.labelsLength(),
          );
          byId.set(id, acc);
          level.list.push(acc);
        }
      }
      level.next = acc.index + 1;
      // Reused only when the id label alone is the id (not empty).
      this.last = acc.idLength > 0 ? acc : undefined;
      this.lastLevel = level;
      this.lastTerminated = terminated;
    }
    const seq = this.seq++;
    if (t.watts && !acc.fromWatts) {
      // Made by a joules sample that came first in the input: the first watts sample makes it (its labels
      // are nearly always the same: kept then).
      if (!same && !line.matches(acc.labels)) acc.labels = line.record();
      acc.fromWatts = true;
      acc.seq = seq;
    }
    // The entity, its state and zone are what the model tells series apart by: the same again (a duplicate,
    // or series that differ in labels the model does not read) is the full path's.
    const z = this.zoneOf(line);
    if (z < 0) return false;
    const bit = z === MAX_ZONES ? NO_ZONE : 1 << z;
    const seen = t.watts ? acc.wattsZones : acc.joulesZones;
    if ((seen & bit) !== 0) return false;
    if (t.watts) acc.wattsZones = seen | bit;
    else acc.joulesZones = seen | bit;
    if (z === MAX_ZONES) return true;
    const zone = this.normalised[z]!;
    if (zone === '') return true;
    if (level.name === 'pod') this.podZoneBits |= bit;
    const sums = t.watts ? acc.watts : acc.joules;
    sums[zone] = (sums[zone] ?? 0) + value;
    return true;
  }

  private last: Accumulator | undefined;
  private lastLevel: Level | undefined;
  private lastTerminated = false;

  /** The `zone` labels met (where each is first written in the input, and its length), and their normalised names. */
  private readonly zoneAt: number[] = [];
  private readonly zoneLength: number[] = [];
  private readonly normalised: string[] = [];

  /** Index of the line's `zone` label in `normalised` (MAX_ZONES: no zone label), or -1 beyond MAX_ZONES zones. */
  private zoneOf(line: ScanLine): number {
    // Zones the WebAssembly loop found first come first (the order of `normalised` is the lines').
    if (this.pods !== undefined && !this.syncZones(this.input!)) return -1;
    const n = this.normalised.length;
    for (let k = 0; k < n; k++) if (line.sameValue(ZONE, this.zoneAt[k]!, this.zoneLength[k]!)) return k;
    const z = line.str(ZONE);
    if (z === undefined) return MAX_ZONES;
    if (n === MAX_ZONES) return -1;
    // (Stores, not push: an optimised push of a string into the next node's table deoptimised `sample`, having
    // seen the first node's table when it still held no strings.)
    this.zoneAt[n] = line.valueAt(ZONE);
    this.zoneLength[n] = z.length;
    this.normalised[n] = normaliseZone(z);
    return n;
  }

  /** The (normalised) zones of pod series. */
  podZones(): Set<string> {
    return new Set(this.normalised.filter((z, k) => z !== '' && (this.podZoneBits & (1 << k)) !== 0));
  }

  /** The samples kept whole, by name in the parser's family order. */
  bySample(): Map<string, Sample[]> {
    const out = new Map<string, Sample[]>();
    for (const name of this.order) {
      const list = this.lists.get(name);
      if (list !== undefined) out.set(name, list);
    }
    return out;
  }
}

const MODEL_SET: ReadonlySet<string> = new Set(MODEL_LABELS);

/** A node's snapshot by the fast path, or undefined when the input needs the full one. */
export function collectSnapshot(
  bytes: Uint8Array,
  opts: { wantFamily?: (name: string) => boolean; format?: ExpositionFormat },
  scrape: ScrapeInfo,
): KeplerSnapshot | undefined {
  const scan = { labels: MODEL_LABELS, wantFamily: opts.wantFamily, format: opts.format };
  let c = new Collector(true);
  let ok = scanPlain(bytes, scan, c) && c.finish();
  if (!ok && c.declined) {
    c = new Collector(false);
    ok = scanPlain(bytes, scan, c);
  }
  if (!ok || !c.lists.has('kepler_build_info')) return undefined;
  return buildFrom(c.bySample(), scrape, {
    levels: {
      pod: c.levels.pod.ordered(),
      container: c.levels.container.ordered(),
      vm: c.levels.vm.ordered(),
    },
    podZones: c.podZones(),
  });
}
