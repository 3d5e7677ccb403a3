/** Power of pods from a snapshot, after checking the snapshot can answer the question. */
import { ExitCode, InputError, KcarbonError, msg } from '../errors.js';
import { compareText } from '../util/compare.js';
import { orderDesc } from '../util/desc-order.js';
import { memo } from '../util/memo.js';
import { basisWarnings, entityWatts, type NodePower, nodePower, type PowerBasis, zonesOf } from './basis.js';
import { seriesLost } from './metrics-info.js';
import { type KeplerSnapshot, type PodEnergy, type Warning, warning } from './model.js';
import { sumZones } from './zones.js';

/**
 * Throws when the snapshot cannot give power in the chosen zones: a single legacy scrape
 * (counters only), or zones Kepler does not report. Warns when only some zones are missing.
 */
export function checkPowerAvailable(
  snap: KeplerSnapshot,
  basis: PowerBasis,
  warn: (w: Warning) => void,
): void {
  // A snapshot is read-only once loaded, and the basis follows from it and the flags: the MCP server checks a
  // cached snapshot once per set of components and zones, not per call.
  const key = `check:${basis.components.join(',')}|${basis.forcedZones?.join(',') ?? '*'}`;
  const outcome = memo(snap, key, () => {
    const warnings: Warning[] = [];
    let error: unknown;
    try {
      checkBasis(snap, basis, (w) => warnings.push(w));
    } catch (err) {
      error = err;
    }
    return { warnings, error };
  });
  for (const w of outcome.warnings) warn(w);
  if (outcome.error !== undefined) throw outcome.error;
}

function checkBasis(snap: KeplerSnapshot, basis: PowerBasis, warn: (w: Warning) => void): void {
  if (!snap.hasWatts) {
    throw new InputError(
      msg('legacyNeedsTwo', snap.version || '0.7–0.9'),
      // Prometheus holds the counters' history: --window, not a second scrape of each exporter.
      msg(snap.fromPrometheusNow ? 'legacyPrometheusHint' : 'legacyHint'),
    );
  }
  if (snap.pods.length === 0) return;
  if (!basis.components.includes('cpu')) {
    if (!snap.nodes.some((n) => n.gpus.length > 0) && !snap.pods.some((p) => p.gpuWatts !== undefined)) {
      throw new InputError(msg('noGpuNoCpu'), msg('noGpuNoCpuHint'));
    }
    return;
  }
  for (const w of basisWarnings(basis)) warn(w);
  const zones = basis.forcedZones;
  if (!zones) return;
  const missing = zones.filter((z) => !snap.zonesSeen.includes(z));
  if (missing.length === zones.length) {
    throw new InputError(
      msg('noZoneData', zones.join("', '")),
      msg('zonesReported', snap.zonesSeen.join(', ')),
    );
  }
  if (missing.length > 0) {
    warn(
      warning('zone-missing', {
        missing: missing.join(', '),
        summing: zones.filter((z) => !missing.includes(z)).join(', '),
      }),
    );
  }
  // A zone only some nodes report would make their pods read less, silently: name those nodes.
  const zonesByNode = new Map<string, Set<string>>();
  for (const p of snap.pods) {
    const set = zonesByNode.get(p.node) ?? new Set<string>();
    for (const z of Object.keys(p.watts)) set.add(z);
    zonesByNode.set(p.node, set);
  }
  for (const z of zones.filter((x) => !missing.includes(x))) {
    const lacking = [...zonesByNode].filter(([, set]) => !set.has(z)).map(([node]) => node);
    if (lacking.length > 0) {
      warn(warning('zone-missing', { zone: z, nodes: lacking.sort().join(', ') }, lacking));
    }
  }
}

/**
 * How to get power from legacy counters: two scrapes of the live exporters. (`--prometheus --window` rates only
 * the v0.10+ counter names; add it here once the Prometheus source reads the legacy names too.)
 */

export function podPower(pod: PodEnergy, basis: PowerBasis): number {
  return entityWatts(pod, basis);
}

/**
 * The pod table: the pods of a snapshot as columns, by the pod's index in `snap.pods`. Namespace and node as
 * indices into `namespaces` and `nodes` (in order of first appearance); power in a basis: the CPU part (the
 * basis' zones of the pod's node), the GPU part and their sum (W), exactly as cpuWatts, gpuWatts and podPower
 * give them; the running pods' indices (in snapshot order) and the terminated pods counted per namespace.
 * Worked out once per snapshot and basis in one pass in snapshot order; ranking, summing and listing then read
 * these arrays instead of the pod objects: walked in ranking order, the objects are scattered in memory (a
 * cache miss per pod and field), the columns are not. Shared and read-only (typed arrays cannot be frozen:
 * never hand them out in a result).
 */
export interface PodTable {
  readonly running: Uint32Array;
  readonly terminated: Int32Array;
  readonly namespace: Int32Array;
  readonly namespaces: readonly string[];
  readonly node: Int32Array;
  readonly nodes: readonly string[];
  readonly cpu: Float64Array;
  readonly gpu: Float64Array;
  readonly watts: Float64Array;
}

/** The pod table of `snap` in `basis` (a basis computed from that snapshot: the figures are kept on it). */
export function podTable(snap: KeplerSnapshot, basis: PowerBasis): PodTable {
  return memo(basis, 'pod-table', () => {
    const pods = snap.pods;
    const n = pods.length;
    const running = new Uint32Array(n);
    let runningCount = 0;
    const terminatedByNs: number[] = [];
    const namespace = new Int32Array(n);
    const namespaces: string[] = [];
    const nsIds = new Map<string, number>();
    const node = new Int32Array(n);
    const nodes: string[] = [];
    const nodeIds = new Map<string, number>();
    const cpu = new Float64Array(n);
    const gpu = new Float64Array(n);
    const watts = new Float64Array(n);
    const withCpu = basis.components.includes('cpu');
    const withGpu = basis.components.includes('gpu');
    // A node's pods are mostly together (one dump per node): its id and zones are looked up when it changes.
    let nodeName: string | undefined;
    let nodeId = -1;
    let zones: readonly string[] = [];
    for (let i = 0; i < n; i++) {
      const p = pods[i]!;
      let ns = nsIds.get(p.namespace);
      if (ns === undefined) {
        ns = namespaces.push(p.namespace) - 1;
        nsIds.set(p.namespace, ns);
        terminatedByNs.push(0);
      }
      namespace[i] = ns;
      if (p.state === 'running') running[runningCount++] = i;
      else terminatedByNs[ns]!++;
      if (p.node !== nodeName) {
        nodeName = p.node;
        zones = zonesOf(basis, nodeName);
        let id = nodeIds.get(nodeName);
        if (id === undefined) {
          id = nodes.push(nodeName) - 1;
          nodeIds.set(nodeName, id);
        }
        nodeId = id;
      }
      node[i] = nodeId;
      const c = withCpu ? sumZones(p.watts, zones) : 0;
      const g = withGpu ? (p.gpuWatts ?? 0) : 0;
      cpu[i] = c;
      gpu[i] = g;
      watts[i] = c + g;
    }
    return {
      running: running.slice(0, runningCount),
      terminated: Int32Array.from(terminatedByNs),
      namespace,
      namespaces,
      node,
      nodes,
      cpu,
      gpu,
      watts,
    };
  });
}

export interface PodPowerRow {
  pod: PodEnergy;
  watts: number;
}

/** The running pods of a scope, highest power first, as indices into the snapshot's pods (see `rankScope`). */
export interface RankedPods {
  /** The snapshot's pods: `order` points into it. */
  readonly pods: readonly PodEnergy[];
  /** Running pods in scope, highest power first (ties by namespace, then name, then snapshot order). */
  readonly order: Uint32Array;
  /** The snapshot's pod table (power of every pod, by index). */
  readonly power: PodTable;
}

/**
 * Running pods in scope ranked by power, highest first (ties by namespace/name, so the order is stable), as
 * indices: what sums a scope needs no object per pod. An empty scope is an error: a namespace with no metrics
 * is not "0 W".
 */
export function rankScope(
  snap: KeplerSnapshot,
  namespace: string | undefined,
  basis: PowerBasis,
): RankedPods {
  const pods = snap.pods;
  const power = podTable(snap, basis);
  const { running } = power;
  let scope = running;
  if (namespace !== undefined) {
    const ns = power.namespaces.indexOf(namespace);
    const nsOf = power.namespace;
    scope = new Uint32Array(running.length);
    let n = 0;
    for (let k = 0; k < running.length; k++) if (nsOf[running[k]!] === ns) scope[n++] = running[k]!;
    scope = scope.subarray(0, n);
  }
  const n = scope.length;
  if (n === 0) {
    if (namespace !== undefined) {
      const known = [
        ...new Set(snap.pods.filter((p) => p.state === 'running').map((p) => p.namespace)),
      ].sort();
      throw new InputError(
        msg('noPodsInNamespace', namespace),
        known.length ? msg('namespacesWithMetrics', known.join(', ')) : msg('noPodsYet'),
      );
    }
    // Every pod series there was left out as bad data: not "no pods", but data too incomplete to report (exit 3).
    const leftOut = podSeriesLeftOut(snap);
    if (leftOut > 0)
      throw new KcarbonError(msg('noRunningPodsLeftOut', leftOut), {
        exitCode: ExitCode.unreachable,
        hint: msg('noRunningPodsLeftOutHint'),
      });
    throw new InputError(msg('noRunningPods'), msg('noRunningPodsHint'));
  }
  const order = orderDesc(power.watts, scope, (a, b) => tieOrder(pods[a]!, pods[b]!));
  return { pods, order, power };
}

/**
 * Pod series a snapshot had and left out (values excluded from a pod-level family, `kepler_container_*` for legacy
 * Kepler's pods; pod power gauges missing; a source's pod or power series absent). Only these can explain no running pod: a node value left out cannot.
 */
function podSeriesLeftOut(snap: KeplerSnapshot): number {
  let n = 0;
  for (const w of snap.warnings) {
    const podLevel =
      w.code === 'watts-missing' ||
      w.code === 'gpu-energy-unknown' ||
      w.code === 'pods-missing' ||
      w.code === 'no-power-series' ||
      (w.code === 'value-excluded' && /^kepler_(pod|container)_/.test(String(w.params?.metric ?? '')));
    if (podLevel) n += seriesLost(w);
  }
  return n;
}

/** Sum of the ranked pods' power, added highest first (as every scope total is), once per ranking. */
export function rankedWatts(ranked: RankedPods): number {
  return memo(ranked, 'watts', () => {
    const { order, power } = ranked;
    let total = 0;
    for (let k = 0; k < order.length; k++) total += power.watts[order[k]!]!;
    return total;
  });
}

/** Ties of power: by namespace, then name (rows equal in all three keep their order). */
const tieOrder = (a: PodEnergy, b: PodEnergy): number =>
  compareText(a.namespace, b.namespace) || compareText(a.name, b.name);

/** The ranked pods as rows of pod and power, highest first (the first `count`, when given). */
export function rankedRows(ranked: RankedPods, count = Number.POSITIVE_INFINITY): PodPowerRow[] {
  const { pods, order, power } = ranked;
  const rows: PodPowerRow[] = [];
  const n = Math.min(order.length, count);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    rows.push({ pod: pods[i]!, watts: power.watts[i]! });
  }
  return rows;
}

/**
 * Idle share of a node's power in the basis, idle / (active + idle), 0..1: how much of the node's power Kepler
 * attributes to no workload. A node property: Kepler splits only active power among workloads (by CPU time), so
 * every pod on the node has the same share — it must never rank pods.
 */
export function nodeIdleShare(snap: KeplerSnapshot, nodeName: string, basis: PowerBasis): number | undefined {
  const p = nodePowerOf(snap, nodeName, basis);
  if (!p) return undefined;
  if (p.cpuIdle === undefined || p.gpuIdle === undefined || p.gpuActive === undefined) return undefined;
  const idle = p.cpuIdle + p.gpuIdle;
  const total = p.cpuActive + p.gpuActive + idle;
  return total > 0 ? idle / total : undefined;
}

/**
 * The power of node `name` in the basis (undefined when the snapshot has no such node), computed once per
 * snapshot, basis and node: commands ask it for every pod, and a snapshot is read-only once loaded.
 */
function nodePowerOf(snap: KeplerSnapshot, name: string, basis: PowerBasis): NodePower | undefined {
  return nodePowers(snap, basis).get(name);
}

/** Every node's power in the basis, by name (once per snapshot and basis). */
export function nodePowers(snap: KeplerSnapshot, basis: PowerBasis): ReadonlyMap<string, NodePower> {
  return memo(basis, 'node-power', () => new Map(snap.nodes.map((n) => [n.name, nodePower(n, basis)])));
}
