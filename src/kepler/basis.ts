/**
 * What a pod's power is the sum of — the one place that decides it, for every command and every source
 * (exporters, sampling, Prometheus windows and periods):
 *  - components: `cpu` (Kepler's CPU zones) and `gpu` (`kepler_<level>_gpu_watts`); both by default;
 *  - zones, per node: `--zones` when given; otherwise package + dram where the node reports `package`, else the
 *    node's top-level zone (hwmon, psys, ...), so nested zones are never summed.
 * Energy (joules counters) follows the same basis: CPU zone counters plus `kepler_<level>_gpu_joules_total`.
 */
import { msg, UsageError } from '../errors.js';
import { compareText } from '../util/compare.js';
import {
  type GpuDevice,
  type KeplerSnapshot,
  type NodeEnergy,
  type Warning,
  warning,
  type ZoneValues,
} from './model.js';
import { DEFAULT_ZONES, sumZones } from './zones.js';

export type Component = 'cpu' | 'gpu';
export const COMPONENTS: readonly Component[] = ['cpu', 'gpu'];

/** Parse and validate `--components` (default cpu,gpu). */
export function parseComponents(value: string | readonly string[] | undefined): Component[] {
  if (value === undefined) return [...COMPONENTS];
  const list = (typeof value === 'string' ? value.split(',') : [...value])
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c.length > 0);
  const bad = list.filter((c) => !(COMPONENTS as readonly string[]).includes(c));
  if (list.length === 0 || bad.length > 0) {
    throw new UsageError(
      bad.length ? msg('componentsUnknown', bad.join("', '")) : msg('componentsEmpty'),
      msg('componentsHint'),
    );
  }
  return COMPONENTS.filter((c) => list.includes(c));
}

/**
 * Top-level zones in order of preference when a node lacks package + dram: Kepler's own primary-zone orders
 * (internal/device at v0.11.4 and main — RAPL: psys, package, core, dram, uncore; hwmon: package, socket, cpu,
 * core, AMD ppt, core_power, io_power, soc, platform), with hwmon's `cpu_power` beside `cpu`.
 */
const TOP_LEVEL_ORDER = [
  'psys',
  'package',
  'socket',
  'cpu',
  'cpu_power',
  'core',
  'ppt',
  'ppt0',
  'ppt1',
  'core_power',
  'io_power',
  'soc',
  'platform',
  'dram',
  'uncore',
];

/** A node's own zone values: total, active and idle watts, total, active and idle joules. */
const nodeSeries = (n: NodeEnergy): ZoneValues[] => [
  n.watts,
  n.activeWatts,
  n.idleWatts,
  n.joules,
  n.activeJoules,
  n.idleJoules,
];

/** Zones a node reports (node series and its pods' series). */
function zonesReported(node: NodeEnergy | undefined, podZones: Set<string> | undefined): string[] {
  const z = new Set<string>(podZones);
  if (node) for (const v of nodeSeries(node)) for (const k of Object.keys(v)) z.add(k);
  return [...z].sort();
}

/**
 * Whether a node's own series report every default zone: then it sums package + dram whatever its pods report
 * (their zones can only add to what it reports), and they need not be read.
 */
const reportsDefaultZones = (n: NodeEnergy): boolean =>
  DEFAULT_ZONES.every((z) => nodeSeries(n).some((v) => Object.hasOwn(v, z)));

/** The default zone set of a node: package + dram where both are reported, else its one top-level zone. */
export function defaultZonesFor(reported: readonly string[]): string[] {
  if (DEFAULT_ZONES.every((z) => reported.includes(z))) return [...DEFAULT_ZONES];
  const top = TOP_LEVEL_ORDER.find((z) => reported.includes(z)) ?? reported[0];
  return top ? [top] : [...DEFAULT_ZONES];
}

export interface PowerBasis {
  components: readonly Component[];
  /** `--zones` when given: every node sums these. */
  forcedZones?: readonly string[];
  /** CPU zones summed on each node. */
  zonesByNode: ReadonlyMap<string, readonly string[]>;
  /** Nodes whose default set is not package + dram (hwmon, psys, fake meter without dram...). */
  fallbackNodes: readonly string[];
}

export interface BasisOptions {
  components: readonly Component[];
  /** Forced zones (validated by parseZones); undefined = per node default. */
  zones?: readonly string[];
}

export function powerBasis(snap: KeplerSnapshot, opts: BasisOptions): PowerBasis {
  // The first node of each name, looked up by name.
  const nodes = new Map<string, NodeEnergy>();
  for (const n of snap.nodes) if (!nodes.has(n.name)) nodes.set(n.name, n);
  // The zones of each node's pods, read only where they can change the node's zones: not under --zones, not on a
  // node whose own series report package and dram (most nodes: reading every pod's zones took 2-3 ms on 100
  // nodes). A node's pods mostly come together (one dump per node): the node is looked up when it changes. (An
  // indexed loop: for-of makes an iterator result per pod until the loop is optimised.)
  const podZones = new Map<string, Set<string>>();
  const pods = snap.pods;
  let node: string | undefined;
  let set = new Set<string>();
  let read = false;
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i]!;
    if (p.node !== node) {
      node = p.node;
      let known = podZones.get(node);
      if (known === undefined) {
        known = new Set<string>();
        podZones.set(node, known);
      }
      set = known;
      const own = nodes.get(node);
      read = !opts.zones && !(own && reportsDefaultZones(own));
    }
    if (!read) continue;
    // (for-in: the keys in Object.keys order, without an array per pod)
    for (const z in p.watts) set.add(z);
    for (const z in p.joules) set.add(z);
  }
  const names = [...new Set([...nodes.keys(), ...podZones.keys()])].sort();
  const zonesByNode = new Map<string, string[]>();
  const fallbackNodes: string[] = [];
  for (const name of names) {
    if (opts.zones) {
      zonesByNode.set(name, [...opts.zones]);
      continue;
    }
    const reported = zonesReported(nodes.get(name), podZones.get(name));
    const zones = defaultZonesFor(reported);
    zonesByNode.set(name, zones);
    if (reported.length > 0 && zones.join(',') !== DEFAULT_ZONES.join(',')) fallbackNodes.push(name);
  }
  return { components: opts.components, forcedZones: opts.zones, zonesByNode, fallbackNodes };
}

/** One warning per node that sums a zone set other than package + dram. */
export function basisWarnings(basis: PowerBasis): Warning[] {
  if (!basis.components.includes('cpu')) return [];
  return basis.fallbackNodes.map((node) =>
    warning('zone-fallback', { node, zones: zonesOf(basis, node).join(', ') }, [node]),
  );
}

export function zonesOf(basis: PowerBasis, node: string): readonly string[] {
  return basis.forcedZones ?? basis.zonesByNode.get(node) ?? DEFAULT_ZONES;
}

/** Every zone summed on some node, package and dram first. */
export function zonesUsed(basis: PowerBasis): string[] {
  if (basis.forcedZones) return [...basis.forcedZones];
  const all = new Set<string>();
  for (const zs of basis.zonesByNode.values()) for (const z of zs) all.add(z);
  if (all.size === 0) return [...DEFAULT_ZONES];
  const rank = (z: string) => (DEFAULT_ZONES.includes(z) ? DEFAULT_ZONES.indexOf(z) : DEFAULT_ZONES.length);
  return [...all].sort((a, b) => rank(a) - rank(b) || compareText(a, b));
}

/** A pod, container or VM: CPU per zone, GPU as one figure. */
export interface Metered {
  node: string;
  watts: ZoneValues;
  joules: ZoneValues;
  gpuWatts?: number;
  gpuJoules?: number;
  /** Its GPU power is unknown (PodEnergy.gpuUnknown): not 0 W, though the sums leave it out. */
  gpuUnknown?: true;
}

export function cpuWatts(e: Metered, basis: PowerBasis): number {
  return basis.components.includes('cpu') ? sumZones(e.watts, zonesOf(basis, e.node)) : 0;
}

export function gpuWatts(e: Metered, basis: PowerBasis): number {
  return basis.components.includes('gpu') ? (e.gpuWatts ?? 0) : 0;
}

/** The GPU part as shown: null when it is unknown (and GPU is selected), never a measured-looking 0 W. */
export function shownGpuWatts(e: Metered, basis: PowerBasis): number | null {
  return e.gpuUnknown && basis.components.includes('gpu') ? null : gpuWatts(e, basis);
}

/** Power of a workload in the basis: CPU zones + GPU (W); an unknown GPU part is left out. */
export function entityWatts(e: Metered, basis: PowerBasis): number {
  return cpuWatts(e, basis) + gpuWatts(e, basis);
}

/** Energy counters of a workload in the basis: CPU zones + GPU (J). */
export function entityJoules(e: Metered, basis: PowerBasis): number {
  const cpu = basis.components.includes('cpu') ? sumZones(e.joules, zonesOf(basis, e.node)) : 0;
  return cpu + (basis.components.includes('gpu') ? (e.gpuJoules ?? 0) : 0);
}

export interface NodePower {
  cpuActive: number;
  /** Undefined: the node reports active power it gives no idle figure for (nor a total to take it from). */
  cpuIdle: number | undefined;
  /** Undefined: a GPU gives power but no active figure (only its total, say), nor its idle to take from a total. */
  gpuActive: number | undefined;
  gpuIdle: number | undefined;
  gpus: number;
}

/**
 * A node's CPU idle power in `zones`: its idle gauge, else its total less its active power (Kepler's total is
 * active + idle); undefined when a zone has active or total power and no way to its idle part. Never 0 W for
 * a figure that is missing.
 */
function cpuIdleOf(n: NodeEnergy, zones: readonly string[]): number | undefined {
  let idle = 0;
  for (const z of zones) {
    const i = partOf(n.idleWatts[z], n.watts[z], n.activeWatts[z]);
    if (i !== undefined) idle += i;
    else if (n.activeWatts[z] !== undefined || n.watts[z] !== undefined) return undefined;
  }
  return idle;
}

/**
 * One part of a power Kepler splits in two (active + idle = total): its own figure, else the total less the other
 * part; undefined when neither gives it.
 */
const partOf = (own?: number, total?: number, other?: number): number | undefined =>
  own ?? (total !== undefined && other !== undefined ? Math.max(0, total - other) : undefined);

/** A GPU's idle and active power, each its gauge or else its total less the other part. */
const gpuIdleOf = (g: GpuDevice) => partOf(g.idleWatts, g.watts, g.activeWatts);
const gpuActiveOf = (g: GpuDevice) => partOf(g.activeWatts, g.watts, g.idleWatts);

/** A node's active and idle power per component in the basis (a component not selected counts 0). */
export function nodePower(n: NodeEnergy, basis: PowerBasis): NodePower {
  const zones = zonesOf(basis, n.name);
  const cpu = basis.components.includes('cpu');
  const gpu = basis.components.includes('gpu');
  let gpuActive: number | undefined = 0;
  let gpuIdle: number | undefined = 0;
  for (const g of n.gpus) {
    const idle = gpuIdleOf(g);
    const active = gpuActiveOf(g);
    // A GPU that reports nothing adds nothing; one with power and no idle (or active) figure makes the node's
    // unknown: a total alone is neither its active nor its idle part.
    if (idle === undefined) {
      if (g.watts !== undefined || g.activeWatts !== undefined) gpuIdle = undefined;
    } else if (gpuIdle !== undefined) gpuIdle += idle;
    if (active === undefined) {
      if (g.watts !== undefined || g.idleWatts !== undefined) gpuActive = undefined;
    } else if (gpuActive !== undefined) gpuActive += active;
  }
  return {
    cpuActive: cpu ? sumZones(n.activeWatts, zones) : 0,
    cpuIdle: cpu ? cpuIdleOf(n, zones) : 0,
    gpuActive: gpu ? gpuActive : 0,
    gpuIdle: gpu ? gpuIdle : 0,
    gpus: n.gpus.length,
  };
}
