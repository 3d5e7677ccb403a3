/** Per-pod CPU/GPU split and the node idle share, shared by the commands that list pods (top, hotspots, list). */
import { z } from 'zod';
import { TEXT } from '../i18n/text.js';
import { cpuWatts, type Metered, type PowerBasis, shownGpuWatts } from '../kepler/basis.js';
import { type KeplerSnapshot, type Warning, warning } from '../kepler/model.js';
import { nodeIdleShare, nodePowers } from '../kepler/power.js';
import { fmt } from '../render/table.js';

export const componentWattsShape = {
  cpu_watts: z.number().describe("CPU part: the selected zones of the pod's node (W)"),
  gpu_watts: z
    .number()
    .nullable()
    .describe(
      'GPU part (W); 0 for a pod that uses no GPU or when --components leaves GPU out; null: unknown (under --sample its GPU counter fell or went away with no Kepler gauge, warning gpu-energy-unknown), left out of power_watts',
    ),
};

/** A figure that may be unknown, for a table: "unknown", never 0. */
export const knownFigure = (v: number | null): string => (v === null ? TEXT.unknownFigure : fmt(v));

export const nodeIdleShareShape = {
  node_idle_share_percent: z
    .number()
    .optional()
    .describe(
      "Idle share of the pod's NODE power, idle / (active + idle) x 100, in the same components and zones: a property of the node (Kepler splits only active power by CPU time), the same for every pod on it; absent without node power",
    ),
};

export function componentWatts(
  e: Metered,
  basis: PowerBasis,
): { cpu_watts: number; gpu_watts: number | null } {
  return { cpu_watts: cpuWatts(e, basis), gpu_watts: shownGpuWatts(e, basis) };
}

/**
 * Warns (node-idle-unknown) when nodes of the pods shown give no idle figure (no idle gauge, nor a total and an
 * active power to take it from): their idle share is left out, and the warning says why, never a 0.
 */
export function warnUnknownIdle(
  snap: KeplerSnapshot,
  basis: PowerBasis,
  nodes: Iterable<string>,
  ctx: { warn(w: Warning): void },
): string[] {
  const powers = nodePowers(snap, basis);
  const unknown = [...new Set(nodes)].filter((n) => {
    const p = powers.get(n);
    return p !== undefined && (p.cpuIdle === undefined || p.gpuIdle === undefined);
  });
  if (unknown.length > 0) {
    ctx.warn(warning('node-idle-unknown', { nodes: unknown.join(', '), count: unknown.length }, unknown));
  }
  return unknown;
}

/** `{ node_idle_share_percent }`, or nothing when the node reports no power. */
export function nodeIdleSharePercent(
  snap: KeplerSnapshot,
  node: string,
  basis: PowerBasis,
): { node_idle_share_percent?: number } {
  const share = nodeIdleShare(snap, node, basis);
  return share === undefined ? {} : { node_idle_share_percent: share * 100 };
}
