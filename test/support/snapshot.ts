/** A Kepler snapshot for tests of the model and commands: these nodes and pods, read from gauges by one source. */
import type { KeplerSnapshot, NodeEnergy, PodEnergy } from '../../src/kepler/model.js';

export function snapshotOf(
  nodes: NodeEnergy[],
  pods: PodEnergy[],
  more: Partial<KeplerSnapshot> = {},
): KeplerSnapshot {
  return {
    format: 'v0.10+',
    capturedAt: new Date(0).toISOString(),
    hasWatts: true,
    wattsFrom: 'gauges',
    nodes,
    pods,
    looseContainers: [],
    vms: [],
    zonesSeen: ['dram', 'package'],
    sources: [{ origin: 'x', ok: true }],
    warnings: [],
    ...more,
  };
}
