/**
 * Parsed exposition -> Kepler model, for one scrape of one exporter (one node).
 * Handles Kepler v0.10/v0.11 and legacy 0.7–0.9 (detected by its build-info metric).
 */
import { InputError, msg } from '../errors.js';
import type { ParseResult, Sample } from '../parser/types.js';
import { isLegacyPod } from '../sources/legacy-pods.js';
import type {
  ContainerEnergy,
  GpuDevice,
  KeplerSnapshot,
  NodeEnergy,
  PodEnergy,
  VmEnergy,
  Warning,
  WorkloadState,
  ZoneValues,
} from './model.js';
import { emptyNode, warning } from './model.js';
import { excludeBadValues, isEnergyMetric } from './values.js';
import { normaliseZone } from './zones.js';

export interface ScrapeInfo {
  origin: string;
  /** Node name to use when series carry `node_name=""` (or legacy series carry no node). */
  nodeHint: string;
  fetchedAt: Date;
}

/** Families the model reads; everything else (process level, go_*) is skipped unparsed. */
export function wantKeplerFamily(name: string): boolean {
  if (!name.startsWith('kepler_')) return false;
  return !name.startsWith('kepler_process_') && !name.includes('_bpf_') && !name.endsWith('_cpu_info');
}

/** Workload levels below the pod that a command may leave unread (pods and nodes are always read). */
export type OptionalLevel = 'container' | 'vm';
export type WorkloadLevel = 'pod' | OptionalLevel;

/**
 * Every label the model reads (the fast scan, collect.ts, extracts only these): add a label here when the
 * model starts reading it. The fast and full paths are checked against each other (test/collect.test.ts).
 */
export const MODEL_LABELS = [
  'node_name',
  'instance',
  'zone',
  'path',
  'state',
  'pod_id',
  'pod_name',
  'pod_namespace',
  'container_id',
  'container_name',
  'runtime',
  'vm_id',
  'vm_name',
  'hypervisor',
  'gpu',
  'gpu_uuid',
  'gpu_name',
  'vendor',
  'mode',
  'version',
] as const;

/** What the model reads of a sample to make an entity. */
export interface Labelled {
  labels: Record<string, string>;
}

/** A workload entity's power and energy per zone. */
export interface Sums {
  watts: ZoneValues;
  joules: ZoneValues;
}

/** A workload entity summed by the fast scan: the labels of the sample that makes it, its sums per zone. */
export interface CollectedEntity extends Labelled, Sums {}

/** The fast scan's workload entities per level (in collectByZone's order) and the zones of pod series. */
export interface CollectedLevels {
  levels: Record<WorkloadLevel, readonly CollectedEntity[]>;
  podZones: ReadonlySet<string>;
}
const OPTIONAL_LEVELS: readonly OptionalLevel[] = ['container', 'vm'];

/** The v0.10+ series of a workload level, each with the field it sums into (collectByZone reads these). */
export function levelFamilies(level: WorkloadLevel): [string, 'watts' | 'joules'][] {
  return [
    [`kepler_${level}_cpu_watts`, 'watts'],
    [`kepler_${level}_cpu_joules_total`, 'joules'],
  ];
}

/**
 * The families a command needs: the model's, less the v0.10+ series of the optional levels it does not read
 * (summary needs no container or VM series). Undefined `levels` = every level.
 */
export function keplerFamilies(levels?: readonly OptionalLevel[]): (name: string) => boolean {
  if (levels === undefined) return wantKeplerFamily;
  const skip = new Set(
    OPTIONAL_LEVELS.filter((l) => !levels.includes(l)).flatMap((l) => levelFamilies(l).map(([n]) => n)),
  );
  // OpenMetrics names a counter family without its `_total`.
  return (name) => wantKeplerFamily(name) && !skip.has(name) && !skip.has(`${name}_total`);
}

/** Index samples by sample name (OpenMetrics families are named without `_total`). */
function indexSamples(parsed: ParseResult): Map<string, Sample[]> {
  const bySample = new Map<string, Sample[]>();
  for (const family of parsed.families.values()) {
    for (const s of family.samples) {
      let list = bySample.get(s.name);
      if (!list) {
        list = [];
        bySample.set(s.name, list);
      }
      list.push(s);
    }
  }
  return bySample;
}

function add(values: ZoneValues, zone: string, v: number): void {
  if (!Number.isFinite(v)) return;
  values[zone] = (values[zone] ?? 0) + v;
}

/** A workload's state from its `state` label (anything but `terminated` is running). */
export function stateOfValue(state: string | undefined): WorkloadState {
  return state === 'terminated' ? 'terminated' : 'running';
}

function stateOf(s: Labelled): WorkloadState {
  return stateOfValue(s.labels.state);
}

export function detectFormat(bySample: Map<string, Sample[]>): 'v0.10+' | 'legacy-0.7' | 'unknown' {
  if (bySample.has('kepler_build_info')) return 'v0.10+';
  if (bySample.has('kepler_exporter_build_info') || bySample.has('kepler_container_joules_total')) {
    return 'legacy-0.7';
  }
  for (const name of bySample.keys()) {
    if (name.startsWith('kepler_pod_cpu_') || name.startsWith('kepler_node_cpu_')) return 'v0.10+';
    if (/^kepler_(container|node)_(package|dram|core|uncore)_joules_total$/.test(name)) return 'legacy-0.7';
  }
  return 'unknown';
}

export function buildSnapshot(parsed: ParseResult, scrape: ScrapeInfo): KeplerSnapshot {
  // A pod power line skipped as malformed is a gauge missing that lines-skipped below already counts.
  const podWattsSkipped = ['', POD_WATTS].some((name) => (parsed.skippedSamples.get(name) ?? 0) > 0);
  const snap = buildFrom(indexSamples(parsed), scrape, undefined, podWattsSkipped);
  if (parsed.skippedLines > 0) {
    // Of the skipped lines, those that may have held a figure: energy samples, or samples whose name is unreadable
    // (metadata lines, repeated series and other families' samples lose nothing the figures use).
    let series = 0;
    for (const [name, n] of parsed.skippedSamples) if (name === '' || isEnergyMetric(name)) series += n;
    snap.warnings.push(
      warning(
        'lines-skipped',
        {
          origin: scrape.origin,
          count: parsed.skippedLines,
          series,
          line: parsed.warnings[0]?.line,
          reason: parsed.warnings[0]?.message,
        },
        snap.nodes.map((n) => n.name),
      ),
    );
  }
  return snap;
}

/**
 * The snapshot of samples by name (in the parser's family order). With `collected` (from the fast scan,
 * collect.ts), the workload levels' CPU series come already summed per entity and are not in `bySample`.
 */
export function buildFrom(
  bySample: Map<string, Sample[]>,
  scrape: ScrapeInfo,
  collected?: CollectedLevels,
  podWattsSkipped = false,
): KeplerSnapshot {
  const excluded = excludeBadValues(
    bySample,
    (s) => s.labels.node_name || s.labels.instance?.replace(/:\d+$/, '') || scrape.nodeHint,
    scrape.origin,
  );
  const format = detectFormat(bySample);
  if (format === 'unknown') {
    throw new InputError(msg('notKepler', scrape.origin), msg('notKeplerHint'));
  }
  const snap =
    format === 'v0.10+' ? buildCurrent(bySample, scrape, collected) : buildLegacy(bySample, scrape);
  snap.warnings.push(...excluded);
  // Series were there but their values were excluded: not a Kepler that has not measured yet.
  if (excluded.length > 0) snap.warnings = snap.warnings.filter((w) => w.code !== 'no-power-series');
  if (snap.hasWatts && !podWattsSkipped) {
    // (A node's pod power values excluded as implausible are gauges missing that value-excluded counts already.)
    const counted = excluded.filter((w) => w.params?.metric === POD_WATTS).flatMap((w) => w.nodes ?? []);
    snap.warnings.push(...wattsMissing(snap.pods, scrape.origin, new Set(counted)));
  }
  return snap;
}

export function emptySnapshot(format: KeplerSnapshot['format'], scrape: ScrapeInfo): KeplerSnapshot {
  return {
    format,
    capturedAt: scrape.fetchedAt.toISOString(),
    hasWatts: format === 'v0.10+',
    wattsFrom: 'gauges',
    nodes: [],
    pods: [],
    looseContainers: [],
    vms: [],
    zonesSeen: [],
    sources: [{ origin: scrape.origin, ok: true }],
    warnings: [],
  };
}

/**
 * Workloads by id and state (a finished one is exported once more as terminated), in the order first seen:
 * looked up without building a composite key string per sample.
 */
class Entities<T> {
  private readonly byState = new Map<WorkloadState, Map<string, T>>();
  readonly list: T[] = [];
  /** Indexes entities listed before any lookup (fromCollected's: most runs never look one up). */
  private indexer: (() => void) | undefined;

  get(id: string, state: WorkloadState): T | undefined {
    if (this.indexer !== undefined) {
      const index = this.indexer;
      this.indexer = undefined;
      index();
    }
    return this.byState.get(state)?.get(id);
  }

  add(id: string, state: WorkloadState, entity: T): void {
    this.index(id, state, entity);
    this.list.push(entity);
  }

  /** Entities listed now, indexed by `index` (calling `this.index` for each) before the first lookup. */
  addAll(list: readonly T[], index: () => void): void {
    for (const e of list) this.list.push(e);
    this.indexer = index;
  }

  index(id: string, state: WorkloadState, entity: T): void {
    let ids = this.byState.get(state);
    if (!ids) {
      ids = new Map();
      this.byState.set(state, ids);
    }
    ids.set(id, entity);
  }
}

/**
 * Workload-level series (`kepler_<level>_cpu_watts` and `..._joules_total`) grouped into entities by `idOf`
 * and state (undefined id = skip the sample), each entity's values summed per normalised zone.
 */
function collectByZone<T extends { watts: ZoneValues; joules: ZoneValues }>(
  bySample: Map<string, Sample[]>,
  level: WorkloadLevel,
  idOf: (l: Record<string, string>) => string | undefined,
  create: (s: Labelled, sums: Sums) => T,
  onZone?: (zone: string) => void,
): Entities<T> {
  const out = new Entities<T>();
  const families = levelFamilies(level);
  for (const [name, field] of families) {
    for (const s of bySample.get(name) ?? []) {
      const id = idOf(s.labels);
      if (id === undefined) continue;
      const state = stateOf(s);
      let entity = out.get(id, state);
      if (!entity) {
        entity = create(s, { watts: {}, joules: {} });
        out.add(id, state, entity);
      }
      const zone = normaliseZone(s.labels.zone ?? '');
      if (!zone) continue;
      onZone?.(zone);
      add(entity[field], zone, s.value);
    }
  }
  return out;
}

/**
 * The same entities from the fast scan's sums: each made by `create` from the labels of the sample that makes
 * it in collectByZone's order (its first watts sample, else its first joules sample), in that order.
 */
function fromCollected<T extends { watts: ZoneValues; joules: ZoneValues }>(
  list: readonly CollectedEntity[],
  idOf: (l: Record<string, string>) => string | undefined,
  create: (s: Labelled, sums: Sums) => T,
): Entities<T> {
  const out = new Entities<T>();
  // (Distinct by id and state already: the collector made one per id and state.)
  const entities = list.map((c) => create(c, c));
  out.addAll(entities, () => {
    for (let k = 0; k < list.length; k++) out.index(idOf(list[k]!.labels)!, stateOf(list[k]!), entities[k]!);
  });
  return out;
}

const POD_WATTS = 'kepler_pod_cpu_watts';

/**
 * Running pods' CPU zones with an energy counter but no power gauge: Kepler writes both for every pod and zone,
 * so a gauge missing (a dump cut or filtered, a line lost) is power the figures lack, not 0 W. One warning per
 * node, counting those series (metrics.series_left_out: the data are incomplete, a gate does not pass on them).
 * GPU power is not checked: Kepler writes it only above 0 W. Nodes in `counted` are left out (their missing gauges
 * are counted by another warning).
 */
export function wattsMissing(
  pods: readonly PodEnergy[],
  origin: string,
  counted: ReadonlySet<string> = new Set(),
): Warning[] {
  const byNode = new Map<string, number>();
  for (const p of pods) {
    if (p.state !== 'running' || counted.has(p.node)) continue;
    for (const zone in p.joules) {
      if (!(zone in p.watts)) byNode.set(p.node, (byNode.get(p.node) ?? 0) + 1);
    }
  }
  return [...byNode].map(([node, count]) => warning('watts-missing', { origin, node, count }, [node]));
}

/** Entity ids below the state (a pod without pod_id is named by namespace/name), from the labels' values. */
export const podKey = (
  podId: string | undefined,
  name: string | undefined,
  namespace: string | undefined,
): string | undefined => (!podId && !name ? undefined : podId || `${namespace}/${name}`);
export const containerKey = (
  containerId: string | undefined,
  podId: string | undefined,
  name: string | undefined,
): string => `${containerId ?? ''}|${podId ?? ''}|${name ?? ''}`;
export const vmKey = (vmId: string | undefined): string => vmId ?? '';
const podId = (l: Record<string, string>) => podKey(l.pod_id, l.pod_name, l.pod_namespace);
const containerId = (l: Record<string, string>) => containerKey(l.container_id, l.pod_id, l.container_name);
const vmId = (l: Record<string, string>) => vmKey(l.vm_id);

/** The GPU families of a node device, per GpuDevice field (v0.11.4+ `kepler_node_gpu_*`). */
export const NODE_GPU_FAMILIES: [string, keyof GpuDevice][] = [
  ['kepler_node_gpu_watts', 'watts'],
  ['kepler_node_gpu_active_watts', 'activeWatts'],
  ['kepler_node_gpu_idle_watts', 'idleWatts'],
  ['kepler_node_gpu_joules_total', 'joules'],
  ['kepler_node_gpu_active_joules_total', 'activeJoules'],
  ['kepler_node_gpu_idle_joules_total', 'idleJoules'],
];

/** Node GPUs, one per `gpu` index (or UUID), from the power families and `kepler_node_gpu_info`. */
function readNodeGpus(bySample: Map<string, Sample[]>, nodeOf: (s: Sample) => NodeEnergy): void {
  const device = (s: Sample): GpuDevice => {
    const n = nodeOf(s);
    const l = s.labels;
    const index = l.gpu ?? '';
    let d = n.gpus.find((g) => g.index === index && (g.uuid === (l.gpu_uuid ?? g.uuid) || !g.uuid));
    if (!d) {
      d = { index, uuid: l.gpu_uuid ?? '', name: l.gpu_name ?? '', vendor: l.vendor ?? '' };
      n.gpus.push(d);
    }
    if (!d.uuid && l.gpu_uuid) d.uuid = l.gpu_uuid;
    return d;
  };
  for (const s of bySample.get('kepler_node_gpu_info') ?? []) device(s);
  for (const [family, field] of NODE_GPU_FAMILIES) {
    for (const s of bySample.get(family) ?? []) {
      if (!Number.isFinite(s.value)) continue;
      const d = device(s) as unknown as Record<string, number | undefined>;
      d[field] = (d[field] ?? 0) + s.value;
    }
  }
}

/**
 * Workload GPU power and energy (`kepler_<level>_gpu_watts`, `..._gpu_joules_total`: no zone label), added to
 * the entity its CPU series created (Kepler exports CPU series for every workload it tracks).
 */
function readWorkloadGpu<T extends { gpuWatts?: number; gpuJoules?: number }>(
  bySample: Map<string, Sample[]>,
  level: WorkloadLevel,
  idOf: (l: Record<string, string>) => string | undefined,
  entities: Entities<T>,
): void {
  for (const [family, field] of [
    [`kepler_${level}_gpu_watts`, 'gpuWatts'],
    [`kepler_${level}_gpu_joules_total`, 'gpuJoules'],
  ] as const) {
    for (const s of bySample.get(family) ?? []) {
      if (!Number.isFinite(s.value)) continue;
      const id = idOf(s.labels);
      if (id === undefined) continue;
      const e = entities.get(id, stateOf(s));
      if (e) e[field] = (e[field] ?? 0) + s.value;
    }
  }
}

function buildCurrent(
  bySample: Map<string, Sample[]>,
  scrape: ScrapeInfo,
  collected?: CollectedLevels,
): KeplerSnapshot {
  const snap = emptySnapshot('v0.10+', scrape);
  snap.version = bySample.get('kepler_build_info')?.[0]?.labels.version || undefined;
  const zones = new Set<string>();
  let emptyNodeName = false;
  const nodeOf = (s: Labelled): string => {
    const n = s.labels.node_name;
    if (n) return n;
    emptyNodeName = true;
    // Through Prometheus, the scraped exporter's address names the node.
    const instance = s.labels.instance;
    if (instance) return instance.replace(/:\d+$/, '');
    return scrape.nodeHint;
  };

  // Nodes: one exporter per node, but be tolerant of a Prometheus-style dump holding several.
  const nodes = new Map<string, NodeEnergy>();
  const node = (name: string): NodeEnergy => {
    let n = nodes.get(name);
    if (!n) {
      n = emptyNode(name, scrape.origin);
      nodes.set(name, n);
    }
    return n;
  };
  const nodeFamilies: [string, keyof NodeEnergy][] = [
    ['kepler_node_cpu_watts', 'watts'],
    ['kepler_node_cpu_active_watts', 'activeWatts'],
    ['kepler_node_cpu_idle_watts', 'idleWatts'],
    ['kepler_node_cpu_joules_total', 'joules'],
    ['kepler_node_cpu_active_joules_total', 'activeJoules'],
    ['kepler_node_cpu_idle_joules_total', 'idleJoules'],
  ];
  for (const [name, field] of nodeFamilies) {
    for (const s of bySample.get(name) ?? []) {
      const zone = normaliseZone(s.labels.zone ?? '');
      if (!zone) continue;
      const n = node(nodeOf(s));
      add(n[field] as ZoneValues, zone, s.value);
      zones.add(zone);
      if ((s.labels.path ?? '').includes('/sys/class/powercap/intel-rapl/energy_')) n.fakeMeter = true;
    }
  }
  for (const s of bySample.get('kepler_node_cpu_usage_ratio') ?? []) node(nodeOf(s)).usageRatio = s.value;
  readNodeGpus(bySample, (s) => node(nodeOf(s)));
  // Redfish readings of a chassis (one per power supply, or one PowerControl total) add up to the server.
  for (const s of bySample.get('kepler_platform_watts') ?? []) {
    if (!Number.isFinite(s.value)) continue;
    const n = node(nodeOf(s));
    n.platformWatts = (n.platformWatts ?? 0) + s.value;
  }

  // Pods, keyed by UID and state (a finished pod is exported once more as terminated).
  // (The sums become the entity's: the fast path's are summed already.)
  const createPod = (s: Labelled, sums: Sums): PodEnergy => {
    const l = s.labels;
    return {
      id: l.pod_id || `${l.pod_namespace ?? ''}/${l.pod_name ?? ''}`,
      name: l.pod_name ?? '',
      namespace: l.pod_namespace ?? '',
      node: nodeOf(s),
      state: stateOf(s),
      watts: sums.watts,
      joules: sums.joules,
      containers: [],
    };
  };
  const createContainer = (s: Labelled, sums: Sums): ContainerEnergy => ({
    id: s.labels.container_id ?? '',
    name: s.labels.container_name ?? '',
    podId: s.labels.pod_id ?? '',
    runtime: s.labels.runtime ?? '',
    node: nodeOf(s),
    state: stateOf(s),
    watts: sums.watts,
    joules: sums.joules,
  });
  const createVm = (s: Labelled, sums: Sums): VmEnergy => ({
    id: s.labels.vm_id ?? '',
    name: s.labels.vm_name ?? '',
    hypervisor: s.labels.hypervisor ?? '',
    node: nodeOf(s),
    state: stateOf(s),
    watts: sums.watts,
    joules: sums.joules,
  });
  let pods: Entities<PodEnergy>;
  let containers: Entities<ContainerEnergy>;
  let vms: Entities<VmEnergy>;
  if (collected) {
    pods = fromCollected(collected.levels.pod, podId, createPod);
    for (const zone of collected.podZones) zones.add(zone);
    containers = fromCollected(collected.levels.container, containerId, createContainer);
    vms = fromCollected(collected.levels.vm, vmId, createVm);
  } else {
    pods = collectByZone(bySample, 'pod', podId, createPod, (zone) => zones.add(zone));
    containers = collectByZone(bySample, 'container', containerId, createContainer);
    vms = collectByZone(bySample, 'vm', vmId, createVm);
  }

  // Containers carry only pod_id: join them to their pod.
  for (const c of containers.list) {
    const pod = c.podId ? (pods.get(c.podId, c.state) ?? pods.get(c.podId, 'running')) : undefined;
    if (pod) pod.containers.push(c);
    else snap.looseContainers.push(c);
  }

  readWorkloadGpu(bySample, 'pod', podId, pods);
  readWorkloadGpu(bySample, 'container', containerId, containers);
  readWorkloadGpu(bySample, 'vm', vmId, vms);

  snap.nodes = [...nodes.values()];
  snap.pods = pods.list;
  snap.vms = vms.list;
  snap.zonesSeen = [...zones].sort();
  snap.sources[0]!.node = snap.nodes[0]?.name ?? scrape.nodeHint;
  if (emptyNodeName) {
    snap.warnings.push(
      warning(
        'node-name-empty',
        { origin: scrape.origin },
        snap.nodes.map((n) => n.name),
      ),
    );
  }
  for (const n of snap.nodes) {
    if (n.fakeMeter) {
      snap.warnings.push(warning('fake-meter', { origin: scrape.origin, node: n.name }, [n.name]));
    }
  }
  if (snap.pods.length === 0 && snap.nodes.length === 0) {
    snap.warnings.push(warning('no-power-series', { origin: scrape.origin, version: snap.version }));
  } else if (snap.pods.length === 0) {
    // Kepler writes a pod's series for every pod it tracks, and a Kubernetes node that does work runs pods (Kepler's
    // own among them): active power with no pod at all is a dump cut before its pod families, not an idle node.
    // Decided on what every command reads (most read no container or VM series): a node outside Kubernetes, or a
    // Kepler without its pod metrics, has no pod figures either, and says so the same way (--allow-partial accepts).
    for (const n of snap.nodes) {
      const zones = Object.values(n.activeWatts).filter((w) => w > 0).length;
      if (zones > 0) {
        snap.warnings.push(warning('pods-missing', { origin: scrape.origin, node: n.name, zones }, [n.name]));
      }
    }
  }
  return snap;
}

const LEGACY_COMPONENTS = ['package', 'core', 'uncore', 'dram', 'other', 'gpu', 'platform'];

function buildLegacy(bySample: Map<string, Sample[]>, scrape: ScrapeInfo): KeplerSnapshot {
  const snap = emptySnapshot('legacy-0.7', scrape);
  const build = bySample.get('kepler_exporter_build_info')?.[0]?.labels;
  // Some legacy builds report version="": no version, not an empty one.
  snap.version = build?.version || undefined;
  const zones = new Set<string>();
  let nodeName = scrape.nodeHint;
  for (const comp of LEGACY_COMPONENTS) {
    const s = bySample.get(`kepler_node_${comp}_joules_total`)?.find((x) => x.labels.instance);
    if (s) {
      nodeName = s.labels.instance!;
      break;
    }
  }
  const node: NodeEnergy = emptyNode(nodeName, scrape.origin);
  const pods = new Map<string, PodEnergy>();
  const containers = new Map<string, ContainerEnergy>();
  // Legacy `gpu` is a component beside the RAPL zones: read as GPU energy (one pseudo device per node).
  const legacyGpu: GpuDevice = { index: 'all', uuid: '', name: '', vendor: '' };
  for (const comp of LEGACY_COMPONENTS) {
    for (const s of bySample.get(`kepler_node_${comp}_joules_total`) ?? []) {
      if (comp === 'gpu') {
        const field = s.labels.mode === 'idle' ? 'idleJoules' : 'activeJoules';
        if (Number.isFinite(s.value)) legacyGpu[field] = (legacyGpu[field] ?? 0) + s.value;
        continue;
      }
      add(s.labels.mode === 'idle' ? node.idleJoules : node.activeJoules, comp, s.value);
      zones.add(comp);
    }
    for (const s of bySample.get(`kepler_container_${comp}_joules_total`) ?? []) {
      const l = s.labels;
      // Legacy split idle power onto workloads; kcarbon counts only their dynamic (active) share.
      if (l.mode === 'idle') continue;
      if (comp !== 'gpu') zones.add(comp);
      const cKey = `${l.container_id ?? ''}|${l.container_namespace ?? ''}|${l.pod_name ?? ''}`;
      let c = containers.get(cKey);
      if (!c) {
        c = {
          id: l.container_id ?? '',
          name: l.container_name ?? '',
          podId: `${l.container_namespace ?? ''}/${l.pod_name ?? ''}`,
          runtime: '',
          node: nodeName,
          state: 'running',
          watts: {},
          joules: {},
        };
        containers.set(cKey, c);
      }
      if (comp === 'gpu') {
        if (Number.isFinite(s.value)) c.gpuJoules = (c.gpuJoules ?? 0) + s.value;
      } else add(c.joules, comp, s.value);
    }
  }
  if (legacyGpu.activeJoules !== undefined || legacyGpu.idleJoules !== undefined) {
    legacyGpu.joules = (legacyGpu.activeJoules ?? 0) + (legacyGpu.idleJoules ?? 0);
    node.gpus.push(legacyGpu);
  }
  for (const c of containers.values()) {
    const [namespace = '', name = ''] = c.podId.split('/');
    if (!isLegacyPod(name)) {
      snap.looseContainers.push(c);
      continue;
    }
    let pod = pods.get(c.podId);
    if (!pod) {
      pod = {
        id: c.podId,
        name,
        namespace,
        node: nodeName,
        state: 'running',
        watts: {},
        joules: {},
        containers: [],
      };
      pods.set(c.podId, pod);
    }
    pod.containers.push(c);
    for (const [z, v] of Object.entries(c.joules)) add(pod.joules, z, v);
    if (c.gpuJoules !== undefined) pod.gpuJoules = (pod.gpuJoules ?? 0) + c.gpuJoules;
  }
  snap.nodes = [node];
  snap.pods = [...pods.values()];
  snap.zonesSeen = [...zones].sort();
  snap.hasWatts = false;
  snap.sources[0]!.node = nodeName;
  return snap;
}
