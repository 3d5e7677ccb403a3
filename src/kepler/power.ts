/** Power of pods from a snapshot, after checking the snapshot can answer the question. */
import { InputError, msg } from '../errors.js';
import { compareText } from '../util/compare.js';
import { memo } from '../util/memo.js';
import {
  basisWarnings,
  cpuWatts,
  entityWatts,
  gpuWatts,
  type NodePower,
  nodePower,
  type PowerBasis,
} from './basis.js';
import { type KeplerSnapshot, type PodEnergy, type Warning, warning } from './model.js';

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
    throw new InputError(msg('legacyNeedsTwo', snap.version || '0.7–0.9'), msg('legacyHint'));
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

export interface PodPowerRow {
  pod: PodEnergy;
  watts: number;
}

/**
 * Running pods in scope with their power, highest first (ties by namespace/name, so the order is stable).
 * An empty scope is an error: a namespace with no metrics is not "0 W".
 */
export function rankPods(
  snap: KeplerSnapshot,
  namespace: string | undefined,
  basis: PowerBasis,
): PodPowerRow[] {
  const rows = snap.pods
    .filter((p) => p.state === 'running' && (namespace === undefined || p.namespace === namespace))
    .map((pod) => ({ pod, watts: podPower(pod, basis) }));
  if (rows.length === 0) {
    if (namespace !== undefined) {
      const known = [
        ...new Set(snap.pods.filter((p) => p.state === 'running').map((p) => p.namespace)),
      ].sort();
      throw new InputError(
        msg('noPodsInNamespace', namespace),
        known.length ? msg('namespacesWithMetrics', known.join(', ')) : msg('noPodsYet'),
      );
    }
    throw new InputError(msg('noRunningPods'), msg('noRunningPodsHint'));
  }
  return byPowerDesc(rows);
}

/** Ties of power: by namespace, then name (rows equal in all three keep their order). */
const tieOrder = (a: PodPowerRow, b: PodPowerRow): number =>
  compareText(a.pod.namespace, b.pod.namespace) || compareText(a.pod.name, b.pod.name);

/**
 * Rows highest power first, ties by `tieOrder`: the order of a stable sort by (-watts, namespace, name). The
 * distinct powers are sorted natively (a Float64Array) and only rows of equal power meet the comparator: a
 * JavaScript comparator called n log n times was most of ranking 11,000 pods.
 */
function byPowerDesc(rows: PodPowerRow[]): PodPowerRow[] {
  const groups = new Map<number, PodPowerRow[]>();
  for (const r of rows) {
    const g = groups.get(r.watts);
    if (g === undefined) groups.set(r.watts, [r]);
    else g.push(r);
  }
  const powers = Float64Array.from(groups.keys()).sort();
  const out: PodPowerRow[] = [];
  for (let k = powers.length - 1; k >= 0; k--) {
    const g = groups.get(powers[k]!)!;
    if (g.length > 1) g.sort(tieOrder);
    for (const r of g) out.push(r);
  }
  return out;
}

/**
 * Idle share of a node's power in the basis, idle / (active + idle), 0..1: how much of the node's power Kepler
 * attributes to no workload. A node property: Kepler splits only active power among workloads (by CPU time), so
 * every pod on the node has the same share — it must never rank pods.
 */
export function nodeIdleShare(snap: KeplerSnapshot, nodeName: string, basis: PowerBasis): number | undefined {
  const p = nodePowerOf(snap, nodeName, basis);
  if (!p) return undefined;
  const idle = p.cpuIdle + p.gpuIdle;
  const total = p.cpuActive + p.gpuActive + idle;
  return total > 0 ? idle / total : undefined;
}

/**
 * The node idle power a pod would carry if idle were shared out (it is not, by Kepler or in pod power): per
 * component, node idle x the pod's share of the node's active power in that component (Kepler's own split of
 * active power by CPU time, reused). 0 when the node reports no active power in a component. The nodes' power
 * is looked up once, for all the pods asked about.
 */
export function idleAllocation(snap: KeplerSnapshot, basis: PowerBasis): (pod: PodEnergy) => number {
  const byName = nodePowers(snap, basis);
  return (pod) => {
    const p = byName.get(pod.node);
    if (!p) return 0;
    const cpu = p.cpuActive > 0 ? (p.cpuIdle * cpuWatts(pod, basis)) / p.cpuActive : 0;
    const gpu = p.gpuActive > 0 ? (p.gpuIdle * gpuWatts(pod, basis)) / p.gpuActive : 0;
    return cpu + gpu;
  };
}

/**
 * The power of node `name` in the basis (undefined when the snapshot has no such node), computed once per
 * snapshot, basis and node: commands ask it for every pod, and a snapshot is read-only once loaded.
 */
function nodePowerOf(snap: KeplerSnapshot, name: string, basis: PowerBasis): NodePower | undefined {
  return nodePowers(snap, basis).get(name);
}

function nodePowers(snap: KeplerSnapshot, basis: PowerBasis): ReadonlyMap<string, NodePower> {
  return memo(basis, 'node-power', () => new Map(snap.nodes.map((n) => [n.name, nodePower(n, basis)])));
}
