/**
 * Average watts from two scrapes of the joules counters (`--sample 10s`): for when the watts
 * gauges are missing (legacy Kepler) or too jumpy. Counter resets (a Kepler restart) are handled
 * as Prometheus does: a decrease means the counter restarted from zero — except a workload's GPU counter.
 * Kepler (v0.11.4+, internal/monitor/process.go, container.go, pod.go) accumulates GPU energy per process and
 * gives a container or pod the sum over its current processes: when a GPU process exits, the pod's counter goes
 * down by all that process ever drew, without any restart. Its GPU power over such an interval is not the later
 * reading: it is Kepler's GPU watts gauge at the second scrape when Kepler gives one (said in a warning), else
 * unknown (left out, and the data are incomplete).
 */
import {
  type ContainerEnergy,
  type GpuDevice,
  type KeplerSnapshot,
  type NodeEnergy,
  type PodEnergy,
  warning,
  type ZoneValues,
} from './model.js';

/** A pod drawing more than this is a corrupt or wrapped counter, not a measurement. */
const MAX_PLAUSIBLE_WATTS = 10_000;

function counterDelta(before: number | undefined, after: number): number {
  if (before === undefined) return after; // appeared during the interval: all of it is new energy
  return after >= before ? after - before : after;
}

function rates(before: ZoneValues | undefined, after: ZoneValues, seconds: number): ZoneValues {
  const out: ZoneValues = {};
  for (const [zone, value] of Object.entries(after))
    out[zone] = counterDelta(before?.[zone], value) / seconds;
  return out;
}

/** Rate of one counter (GPU joules), undefined when the later scrape has none. */
function rate(before: number | undefined, after: number | undefined, seconds: number): number | undefined {
  return after === undefined ? undefined : counterDelta(before, after) / seconds;
}

/**
 * GPU watts of a workload from its GPU joules counter (`before`, `after`; absent when Kepler exports none: its
 * processes have drawn no GPU energy yet, or none is left) and its GPU watts gauge at the second scrape. A counter
 * that went down (or went away) lost an exited process's energy: the gauge stands in (`fell: 'gauge'`), or the
 * interval's GPU power is unknown (`fell: 'unknown'`, watts undefined).
 */
function workloadGpu(
  before: number | undefined,
  after: number | undefined,
  gauge: number | undefined,
  seconds: number,
  perProcess: boolean,
): { watts?: number; fell?: 'gauge' | 'unknown' } {
  const fell = perProcess && before !== undefined && (after === undefined || after < before);
  if (!fell) return { watts: rate(before, after, seconds) };
  return gauge === undefined ? { fell: 'unknown' } : { watts: gauge, fell: 'gauge' };
}

/** Node GPUs with watts from their joules counters (matched by index and UUID). */
function gpuRates(before: GpuDevice[] | undefined, after: GpuDevice[], seconds: number): GpuDevice[] {
  return after.map((g) => {
    const b = before?.find((x) => x.index === g.index && x.uuid === g.uuid);
    const activeWatts = rate(b?.activeJoules, g.activeJoules, seconds);
    const idleWatts = rate(b?.idleJoules, g.idleJoules, seconds);
    // The total from its own counter, else active + idle when both are known: never a part standing for it.
    const watts =
      rate(b?.joules, g.joules, seconds) ??
      (activeWatts !== undefined && idleWatts !== undefined ? activeWatts + idleWatts : undefined);
    return { ...g, activeWatts, idleWatts, watts };
  });
}

function plausible(w: ZoneValues): boolean {
  return Object.values(w).every((v) => Number.isFinite(v) && v >= 0 && v <= MAX_PLAUSIBLE_WATTS);
}

/**
 * A node's total watts per zone: the rate of its total counter (`kepler_node_cpu_joules_total`), else active +
 * idle where both are known. A zone with only its active counter has no total: its idle power stays unknown
 * (basis.ts cpuIdleOf), not total - active = 0.
 */
function totalWatts(total: ZoneValues, active: ZoneValues, idle: ZoneValues): ZoneValues {
  const out: ZoneValues = { ...total };
  for (const [z, a] of Object.entries(active)) {
    const i = idle[z];
    if (out[z] === undefined && i !== undefined) out[z] = a + i;
  }
  return out;
}

/**
 * Watts for one source from its two scrapes. `seconds` is the time between the two reads of that source.
 * Energy of a pod is matched across scrapes by id regardless of state (`max without(state)`).
 */
export function sampleWatts(before: KeplerSnapshot, after: KeplerSnapshot, seconds: number): KeplerSnapshot {
  const warnings = [...after.warnings];
  const origin = after.sources[0]?.origin ?? 'source';
  // Kepler v0.11.4+ sums its workloads' GPU energy over their current processes; legacy 0.7–0.9 accumulates a
  // container's energy while it lives (and has no GPU gauges), so there a fall is a restart as for the CPU.
  const perProcess = after.format === 'v0.10+';
  const podBefore = new Map<string, PodEnergy>();
  for (const p of before.pods) podBefore.set(p.id, p);
  const pods: PodEnergy[] = [];
  for (const p of after.pods) {
    const watts = rates(podBefore.get(p.id)?.joules, p.joules, seconds);
    const gpu = workloadGpu(podBefore.get(p.id)?.gpuJoules, p.gpuJoules, p.gpuWatts, seconds, perProcess);
    const gpuWatts = gpu.watts;
    if (!plausible(gpuWatts === undefined ? watts : { ...watts, gpu: gpuWatts })) {
      warnings.push(warning('value-excluded', { pod: `${p.namespace}/${p.name}` }, [p.node]));
      continue;
    }
    const pod = `${p.namespace}/${p.name}`;
    if (gpu.fell === 'gauge') {
      warnings.push(warning('gpu-counter-fell', { origin, pod, watts: gpuWatts!.toFixed(1) }, [p.node]));
    } else if (gpu.fell === 'unknown') {
      warnings.push(warning('gpu-energy-unknown', { origin, pod }, [p.node]));
    }
    const containerBefore = new Map<string, ContainerEnergy>();
    for (const c of podBefore.get(p.id)?.containers ?? []) containerBefore.set(c.id, c);
    pods.push({
      ...p,
      watts,
      gpuWatts,
      ...(gpu.fell === 'unknown' ? { gpuUnknown: true as const } : {}),
      containers: p.containers.map((c) => ({
        ...c,
        watts: rates(containerBefore.get(c.id)?.joules, c.joules, seconds),
        gpuWatts: workloadGpu(
          containerBefore.get(c.id)?.gpuJoules,
          c.gpuJoules,
          c.gpuWatts,
          seconds,
          perProcess,
        ).watts,
      })),
    });
  }
  const nodeBefore = new Map<string, NodeEnergy>(before.nodes.map((n) => [n.name, n]));
  const nodes = after.nodes.map((n) => {
    const b = nodeBefore.get(n.name);
    const activeWatts = rates(b?.activeJoules, n.activeJoules, seconds);
    const idleWatts = rates(b?.idleJoules, n.idleJoules, seconds);
    return {
      ...n,
      activeWatts,
      idleWatts,
      watts: totalWatts(rates(b?.joules, n.joules, seconds), activeWatts, idleWatts),
      wattsFrom: 'sampled' as const,
      gpus: gpuRates(b?.gpus, n.gpus, seconds),
    };
  });
  const moved = pods.some((p) => Object.values(p.watts).some((w) => w > 0));
  if (pods.length > 0 && !moved) {
    warnings.push(
      warning(
        'counters-still',
        { origin, seconds: seconds.toFixed(1) },
        nodes.map((n) => n.name),
      ),
    );
  }
  warnings.push(...gpuAboveNodes(pods, nodes, origin));
  return {
    ...after,
    hasWatts: true,
    wattsFrom: 'sampled',
    sampleSeconds: seconds,
    pods,
    nodes,
    warnings,
  };
}

/** Pods' GPU power on a node may exceed its GPUs' by this much (W, and a fraction of the node's) before it is wrong. */
const GPU_SLACK_WATTS = 5;
const GPU_SLACK_RATIO = 0.25;

/**
 * Kepler splits a node's GPU power among the processes using it, so the node's pods never draw more GPU power than
 * its GPUs' hardware counters say: where they do over the same two scrapes, a pod's GPU figure is wrong (a workload
 * counter's fall read as energy, say) and the data are not to be trusted as complete.
 */
function gpuAboveNodes(pods: PodEnergy[], nodes: NodeEnergy[], origin: string) {
  const byNode = new Map<string, number>();
  for (const p of pods) {
    if (p.gpuWatts !== undefined) byNode.set(p.node, (byNode.get(p.node) ?? 0) + p.gpuWatts);
  }
  return nodes.flatMap((n) => {
    const podWatts = byNode.get(n.name);
    // (A GPU with no total counter: its active power, all Kepler shares out among processes.)
    const device = n.gpus.map((g) => g.watts ?? g.activeWatts).filter((w): w is number => w !== undefined);
    if (podWatts === undefined || device.length === 0) return [];
    const nodeWatts = device.reduce((s, w) => s + w, 0);
    if (podWatts <= nodeWatts * (1 + GPU_SLACK_RATIO) + GPU_SLACK_WATTS) return [];
    return [
      warning(
        'gpu-above-node',
        { origin, node: n.name, pods: podWatts.toFixed(1), gpus: nodeWatts.toFixed(1) },
        [n.name],
      ),
    ];
  });
}
