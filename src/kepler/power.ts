/** Power of pods from a snapshot, after checking the snapshot can answer the question. */
import { InputError } from '../errors.js';
import { type KeplerSnapshot, type PodEnergy, type Warning, warning } from './model.js';
import { sumZones } from './zones.js';

/**
 * Throws when the snapshot cannot give power in the chosen zones: a single legacy scrape
 * (counters only), or zones Kepler does not report. Warns when only some zones are missing.
 */
export function checkPowerAvailable(
  snap: KeplerSnapshot,
  zones: readonly string[],
  warn: (w: Warning) => void,
): void {
  if (!snap.hasWatts) {
    throw new InputError(
      `Kepler ${snap.version ?? '0.7–0.9'} (legacy) exposes only energy counters, so power needs two readings`,
      'measure it with --sample 10s against the live endpoints, or --prometheus URL --window 5m',
    );
  }
  if (snap.pods.length === 0) return;
  const missing = zones.filter((z) => !snap.zonesSeen.includes(z));
  if (missing.length === zones.length) {
    throw new InputError(
      `Kepler reports no '${zones.join("', '")}' zone data`,
      `zones reported: ${snap.zonesSeen.join(', ') || 'none'}; pick with --zones`,
    );
  }
  if (missing.length > 0) {
    warn(
      warning(
        'zone-missing',
        `zone(s) ${missing.join(', ')} not reported by Kepler; summing ${zones.filter((z) => !missing.includes(z)).join(', ')}`,
      ),
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
      warn(
        warning(
          'zone-missing',
          `zone '${z}' is not reported on node(s) ${lacking.sort().join(', ')}: their pods count 0 W in it`,
          lacking,
        ),
      );
    }
  }
}

export function podPower(pod: PodEnergy, zones: readonly string[]): number {
  return sumZones(pod.watts, zones);
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
  zones: readonly string[],
): PodPowerRow[] {
  const rows = snap.pods
    .filter((p) => p.state === 'running' && (namespace === undefined || p.namespace === namespace))
    .map((pod) => ({ pod, watts: podPower(pod, zones) }));
  if (rows.length === 0) {
    if (namespace !== undefined) {
      const known = [
        ...new Set(snap.pods.filter((p) => p.state === 'running').map((p) => p.namespace)),
      ].sort();
      throw new InputError(
        `no running pods with Kepler metrics in namespace '${namespace}'`,
        known.length
          ? `namespaces with metrics: ${known.join(', ')} (or -A for all)`
          : 'Kepler reports no pods yet',
      );
    }
    throw new InputError(
      'Kepler reports no running pods',
      'check that Kepler runs with the pod metrics level and has completed its first 5 s interval',
    );
  }
  return rows.sort(
    (a, b) =>
      b.watts - a.watts ||
      a.pod.namespace.localeCompare(b.pod.namespace) ||
      a.pod.name.localeCompare(b.pod.name),
  );
}

/**
 * Efficiency score of a pod, 0..100: the active share of its node's power in the selected zones,
 * active / (active + idle) x 100. Low = most of the energy behind the pod is node idle overhead.
 */
export function efficiencyScore(
  snap: KeplerSnapshot,
  pod: PodEnergy,
  zones: readonly string[],
): number | undefined {
  const node = snap.nodes.find((n) => n.name === pod.node);
  if (!node) return undefined;
  const active = sumZones(node.activeWatts, zones);
  const total = active + sumZones(node.idleWatts, zones);
  return total > 0 ? (active / total) * 100 : undefined;
}
