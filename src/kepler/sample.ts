/**
 * Average watts from two scrapes of the joules counters (`--sample 10s`): for when the watts
 * gauges are missing (legacy Kepler) or too jumpy. Counter resets (a Kepler restart) are handled
 * as Prometheus does: a decrease means the counter restarted from zero.
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

/** Node GPUs with watts from their joules counters (matched by index and UUID). */
function gpuRates(before: GpuDevice[] | undefined, after: GpuDevice[], seconds: number): GpuDevice[] {
  return after.map((g) => {
    const b = before?.find((x) => x.index === g.index && x.uuid === g.uuid);
    const activeWatts = rate(b?.activeJoules, g.activeJoules, seconds);
    const idleWatts = rate(b?.idleJoules, g.idleJoules, seconds);
    return {
      ...g,
      activeWatts,
      idleWatts,
      watts: rate(b?.joules, g.joules, seconds) ?? (activeWatts ?? 0) + (idleWatts ?? 0),
    };
  });
}

function plausible(w: ZoneValues): boolean {
  return Object.values(w).every((v) => Number.isFinite(v) && v >= 0 && v <= MAX_PLAUSIBLE_WATTS);
}

function sumValues(a: ZoneValues, b: ZoneValues): ZoneValues {
  const out: ZoneValues = { ...a };
  for (const [z, v] of Object.entries(b)) out[z] = (out[z] ?? 0) + v;
  return out;
}

/**
 * Watts for one source from its two scrapes. `seconds` is the time between the two reads of that source.
 * Energy of a pod is matched across scrapes by id regardless of state (`max without(state)`).
 */
export function sampleWatts(before: KeplerSnapshot, after: KeplerSnapshot, seconds: number): KeplerSnapshot {
  const warnings = [...after.warnings];
  const podBefore = new Map<string, PodEnergy>();
  for (const p of before.pods) podBefore.set(p.id, p);
  const pods = [];
  for (const p of after.pods) {
    const watts = rates(podBefore.get(p.id)?.joules, p.joules, seconds);
    const gpuWatts = rate(podBefore.get(p.id)?.gpuJoules, p.gpuJoules, seconds);
    if (!plausible(gpuWatts === undefined ? watts : { ...watts, gpu: gpuWatts })) {
      warnings.push(warning('value-excluded', { pod: `${p.namespace}/${p.name}` }, [p.node]));
      continue;
    }
    const containerBefore = new Map<string, ContainerEnergy>();
    for (const c of podBefore.get(p.id)?.containers ?? []) containerBefore.set(c.id, c);
    pods.push({
      ...p,
      watts,
      gpuWatts,
      containers: p.containers.map((c) => ({
        ...c,
        watts: rates(containerBefore.get(c.id)?.joules, c.joules, seconds),
        gpuWatts: rate(containerBefore.get(c.id)?.gpuJoules, c.gpuJoules, seconds),
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
      watts: sumValues(activeWatts, idleWatts),
      wattsFrom: 'sampled' as const,
      gpus: gpuRates(b?.gpus, n.gpus, seconds),
    };
  });
  const moved = pods.some((p) => Object.values(p.watts).some((w) => w > 0));
  if (pods.length > 0 && !moved) {
    warnings.push(
      warning(
        'counters-still',
        { origin: after.sources[0]?.origin ?? 'source', seconds: seconds.toFixed(1) },
        nodes.map((n) => n.name),
      ),
    );
  }
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
