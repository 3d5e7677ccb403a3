/**
 * Workloads: a name matches a pod exactly, or every pod that a Deployment, ReplicaSet,
 * StatefulSet, Job, CronJob or DaemonSet of that name created (its name plus the suffixes
 * Kubernetes generates). A workload's power is the sum over its running pods.
 */

import { ExitCode, InputError, KcarbonError, msg } from '../errors.js';
import { compareText } from '../util/compare.js';
import { editDistance } from '../util/edit-distance.js';
import type { KeplerSnapshot, PodEnergy } from './model.js';

/** Characters of Kubernetes' generated name suffixes (no vowels, no 0/1/3 look-alikes). */
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
/** Suffix patterns, most specific first, with the controller kind they imply. */
const SUFFIXES: { kind: string; re: RegExp }[] = [
  { kind: 'CronJob', re: /-(\d{8,})-[a-z0-9]{5}$/ },
  { kind: 'Deployment', re: new RegExp(`-${SAFE}{6,10}-${SAFE}{5}$`) },
  { kind: 'StatefulSet', re: /-(\d+)$/ },
  // A 5-character suffix: a Job or DaemonSet pod (or a bare ReplicaSet's): the name alone cannot tell which.
  { kind: 'Job/DaemonSet', re: new RegExp(`-${SAFE}{5}$`) },
];

/** The controller name a pod most likely belongs to, and its kind; the pod's own name if none. */
export function workloadOf(podName: string): { name: string; kind: string } {
  for (const { kind, re } of SUFFIXES) {
    const m = re.exec(podName);
    if (m && m.index > 0) return { name: podName.slice(0, m.index), kind };
  }
  return { name: podName, kind: 'Pod' };
}

/** Does `podName` belong to a workload called `name` (exactly, or name + generated suffix)? */
export function podMatches(podName: string, name: string): boolean {
  if (podName === name) return true;
  if (!podName.startsWith(`${name}-`)) return false;
  const rest = podName.slice(name.length);
  return SUFFIXES.some(({ re }) => {
    const m = re.exec(rest);
    return m !== null && m.index === 0;
  });
}

/** Pods in scope: running ones for power; `namespace` undefined = all namespaces. */
export function podsInScope(
  snap: KeplerSnapshot,
  namespace: string | undefined,
  opts: { includeTerminated?: boolean } = {},
): PodEnergy[] {
  return snap.pods.filter(
    (p) =>
      (namespace === undefined || p.namespace === namespace) &&
      (opts.includeTerminated || p.state === 'running'),
  );
}

export interface WorkloadMatch {
  name: string;
  namespace: string;
  kind: string;
  /** Running pods: the workload's power is their sum. */
  pods: PodEnergy[];
  /** Terminated pods still exported by Kepler (not in current power). */
  terminated: PodEnergy[];
}

/** Up to `max` candidate names closest to `name` (substring matches first). */
export function closestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const unique = [...new Set(candidates)];
  const scored = unique.map((c) => {
    const len = Math.max(name.length, c.length);
    // Only distances up to half the length qualify: the search stops there.
    const d = c.includes(name) || name.includes(c) ? 0 : editDistance(name, c, Math.floor(len / 2)) / len;
    return { c, d };
  });
  return scored
    .filter((s) => s.d <= 0.5)
    .sort((a, b) => a.d - b.d || compareText(a.c, b.c))
    .slice(0, max)
    .map((s) => s.c);
}

/**
 * Find a workload by name. Without a namespace it searches every namespace and insists on one.
 * A workload with no metrics is an error naming the closest names, never 0 W.
 */
export function findWorkload(snap: KeplerSnapshot, name: string, namespace?: string): WorkloadMatch {
  const all = podsInScope(snap, namespace, { includeTerminated: true });
  const matched = all.filter((p) => podMatches(p.name, name));
  if (matched.length === 0) {
    const candidates = all.flatMap((p) => [workloadOf(p.name).name, p.name]);
    const close = closestNames(name, candidates);
    const elsewhere = namespace
      ? [...new Set(snap.pods.filter((p) => podMatches(p.name, name)).map((p) => p.namespace))]
      : [];
    const hint = elsewhere.length
      ? msg('workloadElsewhere', elsewhere.map((n) => `'${n}'`).join(', '), elsewhere[0]!)
      : close.length
        ? msg('workloadDidYouMean', close.map((c) => `'${c}'`).join(', '))
        : msg('workloadListHint');
    // Sources that failed (or whose pods are missing) may hold it: incomplete data (exit 3), not a name that does not
    // exist (exit 2); but a name found in another namespace is a usage slip, whatever failed.
    // Over a period, hours an exporter was down or Prometheus held no sample, and hourly increases left out, may hold
    // all of a workload's energy too.
    // Each origin once: one Prometheus gives a warning per node with increases left out, and one for empty hours.
    const failed = new Set([
      ...snap.sources.filter((s) => !s.ok).map((s) => s.origin),
      ...snap.warnings
        .filter(
          (w) =>
            w.code === 'pods-missing' ||
            w.code === 'no-power-series' ||
            w.code === 'source-hours-missing' ||
            w.code === 'history-hours-empty' ||
            (w.code === 'value-excluded' && w.params?.hours !== undefined),
        )
        .map((w) => String(w.params?.origin ?? '')),
    ]);
    if (failed.size > 0 && elsewhere.length === 0) {
      throw new KcarbonError(msg('noWorkloadSourcesFailed', name, namespace ?? '', [...failed].join(', ')), {
        exitCode: ExitCode.unreachable,
        hint: msg('noWorkloadSourcesFailedHint'),
      });
    }
    throw new InputError(msg('noWorkload', name, namespace ?? ''), hint);
  }
  const namespaces = [...new Set(matched.map((p) => p.namespace))].sort();
  if (namespaces.length > 1) {
    throw new InputError(msg('workloadSeveral', name, namespaces.join(', ')), msg('workloadSeveralHint'));
  }
  const running = matched.filter((p) => p.state === 'running');
  const terminated = matched.filter((p) => p.state === 'terminated');
  if (running.length === 0) {
    throw new InputError(
      msg('noRunningPodsOf', name, namespaces[0]!, terminated.length),
      msg('noRunningPodsOfHint'),
    );
  }
  const exact = matched.some((p) => p.name === name) && matched.length === 1;
  return {
    name,
    namespace: namespaces[0]!,
    kind: exact ? 'Pod' : workloadOf(matched[0]!.name).kind,
    pods: running,
    terminated,
  };
}

/** Group running pods into workloads by their controller name (for list/compliance views). */
export function groupWorkloads(
  pods: PodEnergy[],
): { name: string; namespace: string; kind: string; pods: PodEnergy[] }[] {
  const groups = new Map<string, { name: string; namespace: string; kind: string; pods: PodEnergy[] }>();
  for (const pod of pods) {
    const w = workloadOf(pod.name);
    const key = `${pod.namespace}/${w.name}`;
    let g = groups.get(key);
    if (!g) {
      g = { name: w.name, namespace: pod.namespace, kind: w.kind, pods: [] };
      groups.set(key, g);
    }
    g.pods.push(pod);
  }
  return [...groups.values()];
}
