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
import { type ScanLine, type ScanSink, scanPlain } from '../parser/index.js';
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

  constructor() {
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

/** A node's snapshot by the fast path, or undefined when the input needs the full one. */
export function collectSnapshot(
  bytes: Uint8Array,
  opts: { wantFamily?: (name: string) => boolean; format?: ExpositionFormat },
  scrape: ScrapeInfo,
): KeplerSnapshot | undefined {
  const c = new Collector();
  const ok = scanPlain(bytes, { labels: MODEL_LABELS, wantFamily: opts.wantFamily, format: opts.format }, c);
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
