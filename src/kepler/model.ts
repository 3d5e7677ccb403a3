/**
 * The Kepler model: what kcarbon knows about a cluster after parsing one or more
 * per-node expositions. Zone values are keyed by normalised zone name
 * (`package`, `dram`, `core`, `uncore`, `psys`, ...; socket suffixes such as `-0` removed).
 */

import { definedParams } from '../util/params.js';
import { type ParamsOf, WARNINGS_EN, type WarningCode, type WarningParams } from './warnings.js';

export type ZoneValues = Record<string, number>;

/**
 * Something the reader of a result must know: the figures are incomplete, estimated or not measured.
 * `code` is a stable kebab-case key (e.g. `fake-meter`, `zone-fallback`, `source-failed`); `message`
 * is for people, in English (the same for every --lang); `params` are the language-neutral values it was
 * built from, from which renderers print the catalogue's `warning.<code>` in the run's language; `nodes`
 * names the nodes concerned, when there are any.
 */
export interface Warning {
  code: string;
  message: string;
  params?: WarningParams;
  nodes?: string[];
}

/**
 * A Warning of a known code: its English message from WARNINGS_EN and its params (undefined ones
 * dropped), with `nodes` only when some are named (sorted, so results compare equal).
 */
export function warning<C extends WarningCode>(
  code: C,
  params: ParamsOf<C>,
  nodes?: readonly string[],
): Warning {
  const message = (WARNINGS_EN[code] as (p: ParamsOf<C>) => string)(params);
  const w: Warning = { code, message, params: definedParams(params) };
  return nodes && nodes.length > 0 ? { ...w, nodes: [...new Set(nodes)].sort() } : w;
}
export type WorkloadState = 'running' | 'terminated';
export type KeplerFormat = 'v0.10+' | 'legacy-0.7';

/**
 * One GPU of a node (`kepler_node_gpu_*{gpu,gpu_uuid,gpu_name,vendor}`). Kepler exports the total, its
 * idle part (the lowest power it has seen) and the active rest, as watts gauges and joules counters.
 */
export interface GpuDevice {
  /** Device index (`gpu` label). */
  index: string;
  uuid: string;
  name: string;
  vendor: string;
  watts?: number;
  activeWatts?: number;
  idleWatts?: number;
  joules?: number;
  activeJoules?: number;
  idleJoules?: number;
}

export interface NodeEnergy {
  name: string;
  /** File or URL the node's data came from. */
  origin: string;
  /** Node total watts per zone (active + idle). Empty when the exposition has no watts gauges. */
  watts: ZoneValues;
  activeWatts: ZoneValues;
  idleWatts: ZoneValues;
  /** Node total energy per zone (`kepler_node_cpu_joules_total`: active + idle), when Kepler exports it. */
  joules: ZoneValues;
  activeJoules: ZoneValues;
  idleJoules: ZoneValues;
  usageRatio?: number;
  /** Kepler's fake CPU meter was in use: figures are not real measurements. */
  fakeMeter: boolean;
  /** How this node's watts were obtained, when it differs from a snapshot read by one method. */
  wattsFrom?: 'gauges' | 'sampled';
  /** GPUs Kepler meters on the node (empty without GPUs). */
  gpus: GpuDevice[];
  /**
   * Whole-server power from the BMC (`kepler_platform_watts`, Redfish: fans, power supplies, disks, NICs...),
   * summed over the node's readings; undefined when Kepler has no platform meter.
   */
  platformWatts?: number;
}

export interface ContainerEnergy {
  id: string;
  name: string;
  /** Pod UID; "" for a container outside Kubernetes. */
  podId: string;
  runtime: string;
  node: string;
  state: WorkloadState;
  watts: ZoneValues;
  joules: ZoneValues;
  /** GPU power (W) from `kepler_<level>_gpu_watts`; Kepler exports it only when above 0, so absent = 0. */
  gpuWatts?: number;
  /** GPU energy counter (J) from `kepler_<level>_gpu_joules_total`; absent = 0. */
  gpuJoules?: number;
}

export interface PodEnergy {
  /** Pod UID (v0.10+), or `namespace/name` for legacy Kepler which has no UID. */
  id: string;
  name: string;
  namespace: string;
  node: string;
  state: WorkloadState;
  watts: ZoneValues;
  joules: ZoneValues;
  /** GPU power (W) from `kepler_<level>_gpu_watts`; Kepler exports it only when above 0, so absent = 0. */
  gpuWatts?: number;
  /** GPU energy counter (J) from `kepler_<level>_gpu_joules_total`; absent = 0. */
  gpuJoules?: number;
  /**
   * Its GPU power over a --sample interval is unknown (warning gpu-energy-unknown: its GPU counter fell or went away
   * and Kepler gives no gauge): gpuWatts is then absent, but not 0 W.
   */
  gpuUnknown?: true;
  containers: ContainerEnergy[];
}

export interface VmEnergy {
  id: string;
  name: string;
  hypervisor: string;
  node: string;
  state: WorkloadState;
  watts: ZoneValues;
  joules: ZoneValues;
  /** GPU power (W) from `kepler_<level>_gpu_watts`; Kepler exports it only when above 0, so absent = 0. */
  gpuWatts?: number;
  /** GPU energy counter (J) from `kepler_<level>_gpu_joules_total`; absent = 0. */
  gpuJoules?: number;
}

export interface SourceStatus {
  origin: string;
  node?: string;
  ok: boolean;
  error?: string;
}

export interface KeplerSnapshot {
  format: KeplerFormat;
  /** Kepler version from its build-info metric, when present. */
  version?: string;
  /** When the data was read (ISO 8601). */
  capturedAt: string;
  /** Whether power (watts) is known: false for a single legacy scrape, which has only counters. */
  hasWatts: boolean;
  /** Read from Prometheus's current values (no --window): counters only are then given power by --window. */
  fromPrometheusNow?: true;
  /** How watts were obtained: Kepler's gauges, or averaged from two scrapes of the joules counters. */
  wattsFrom: 'gauges' | 'sampled';
  /** Sampling interval in seconds when wattsFrom is 'sampled'. */
  sampleSeconds?: number;
  nodes: NodeEnergy[];
  pods: PodEnergy[];
  /** Containers not belonging to any pod (pod_id "" or unknown). */
  looseContainers: ContainerEnergy[];
  vms: VmEnergy[];
  /** Every zone seen on pod or node series, sorted. */
  zonesSeen: string[];
  sources: SourceStatus[];
  warnings: Warning[];
}

/** A node with no readings yet (filled by the model builders, or left empty when only pod energy is known). */
export function emptyNode(name: string, origin: string): NodeEnergy {
  return {
    name,
    origin,
    watts: {},
    activeWatts: {},
    idleWatts: {},
    joules: {},
    activeJoules: {},
    idleJoules: {},
    fakeMeter: false,
    gpus: [],
  };
}
