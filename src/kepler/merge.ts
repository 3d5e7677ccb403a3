import { InputError, msg } from '../errors.js';
import { type KeplerSnapshot, type PodEnergy, type Warning, warning } from './model.js';

/**
 * Merge per-node snapshots into one cluster view. A pod reported by two sources
 * (the same dump given twice, or overlapping Prometheus data) is kept once, with a warning.
 */
export function mergeSnapshots(parts: KeplerSnapshot[]): KeplerSnapshot {
  if (parts.length === 0) throw new InputError(msg('noSourcesToRead'), msg('passSourceOrDemo'));
  const first = parts[0]!;
  if (parts.length === 1) return first;
  const formats = new Set(parts.map((p) => p.format));
  if (formats.size > 1) {
    const legacy = parts.filter((p) => p.format === 'legacy-0.7').map((p) => p.sources[0]?.origin);
    throw new InputError(msg('mixedFormats', legacy.join(', ')), msg('mixedFormatsHint'));
  }
  const { pods, warnings } = uniquePods(parts);
  const versions = [...new Set(parts.map((p) => p.version).filter((v): v is string => !!v))];
  const sampled = parts.every((p) => p.wattsFrom === 'sampled');
  return {
    format: first.format,
    version: versions.join(', ') || undefined,
    capturedAt: parts.map((p) => p.capturedAt).sort()[parts.length - 1]!,
    hasWatts: parts.every((p) => p.hasWatts),
    wattsFrom: sampled ? 'sampled' : 'gauges',
    sampleSeconds: sampled ? first.sampleSeconds : undefined,
    nodes: parts.flatMap((p) => p.nodes),
    pods,
    looseContainers: parts.flatMap((p) => p.looseContainers),
    vms: parts.flatMap((p) => p.vms),
    zonesSeen: [...new Set(parts.flatMap((p) => p.zonesSeen))].sort(),
    sources: parts.flatMap((p) => p.sources),
    warnings: [...parts.flatMap((p) => p.warnings), ...warnings],
  };
}

/**
 * Each pod (id and state) once, from the part that reports it first, with a warning per pair of parts that
 * share pods. Usually no pod id appears twice: one native set of every id tells (hashing 11,000 ids there costs
 * about half of a JavaScript map lookup and insertion per pod), and the pods are then the parts' pods as they
 * are. Otherwise (a source given twice, overlapping data, an id both running and terminated) each pod is looked up.
 */
function uniquePods(parts: readonly KeplerSnapshot[]): { pods: PodEnergy[]; warnings: Warning[] } {
  const all: PodEnergy[] = [];
  const ids: string[] = [];
  for (let k = 0; k < parts.length; k++) {
    const list = parts[k]!.pods;
    for (let i = 0; i < list.length; i++) {
      all.push(list[i]!);
      ids.push(list[i]!.id);
    }
  }
  if (new Set(ids).size === ids.length) return { pods: all, warnings: [] };
  // Where each pod (id and state) was first seen: one map per state, no key string per pod.
  const seen = { running: new Map<string, string>(), terminated: new Map<string, string>() };
  const pods: PodEnergy[] = [];
  // One warning per pair of overlapping sources, however many pods they share.
  const overlaps = new Map<string, number>();
  for (const part of parts) {
    const origin = part.sources[0]?.origin ?? '?';
    for (const pod of part.pods) {
      const byId = seen[pod.state];
      const where = byId.get(pod.id);
      if (where !== undefined) {
        const pair = `${where}\u0000${origin}`;
        overlaps.set(pair, (overlaps.get(pair) ?? 0) + 1);
        continue;
      }
      byId.set(pod.id, origin);
      pods.push(pod);
    }
  }
  const warnings = [...overlaps].map(([pair, n]) => {
    const [first, second] = pair.split('\u0000') as [string, string];
    return warning('sources-overlap', { count: n, first, second });
  });
  return { pods, warnings };
}
