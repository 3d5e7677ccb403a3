/** The first step of every single-workload command: metrics -> the workload's running pods and power. */
import { gpuWatts, type PowerBasis } from '../kepler/basis.js';
import type { KeplerSnapshot } from '../kepler/model.js';
import {
  checkPowerAvailable,
  type PodPowerRow,
  podPower,
  type RankedPods,
  rankedRows,
  rankScope,
} from '../kepler/power.js';
import { findWorkload, type WorkloadMatch } from '../kepler/workloads.js';
import { memo } from '../util/memo.js';
import type { RunContext } from './types.js';

export interface LoadedWorkload {
  snap: KeplerSnapshot;
  basis: PowerBasis;
  workload: WorkloadMatch;
  /** Sum of the running pods' power: CPU zones + GPU as selected (W). */
  power: number;
  /** GPU part of power (W). */
  gpuPower: number;
}

export async function loadWorkload(
  args: { workload_name: string; namespace?: string },
  ctx: RunContext,
): Promise<LoadedWorkload> {
  const snap = await ctx.snapshot();
  const basis = await ctx.powerBasis();
  checkPowerAvailable(snap, basis, ctx.warn);
  const workload = findWorkload(snap, args.workload_name, args.namespace);
  const power = workload.pods.reduce((s, p) => s + podPower(p, basis), 0);
  const gpuPower = workload.pods.reduce((s, p) => s + gpuWatts(p, basis), 0);
  return { snap, basis, workload, power, gpuPower };
}

/** What a scope command starts from: the snapshot, the basis and the running pods in scope by power. */
export interface Scope {
  snap: KeplerSnapshot;
  basis: PowerBasis;
  /** Running pods in scope, highest power first, as indices with the power table (no object per pod). */
  ranked: RankedPods;
  /** The same pods as rows of pod and power, made on first use (frozen: shared by the calls on a snapshot). */
  readonly rows: readonly PodPowerRow[];
}

/** The first step of every scope command: metrics -> the running pods in scope with their power, highest first. */
export async function loadScope(args: { namespace?: string }, ctx: RunContext): Promise<Scope> {
  const snap = await ctx.snapshot();
  const basis = await ctx.powerBasis();
  checkPowerAvailable(snap, basis, ctx.warn);
  // Pure in the snapshot, basis and namespace: ranked once per cached snapshot.
  const ranked = memo(basis, `rank:${args.namespace ?? '*'}`, () => rankScope(snap, args.namespace, basis));
  return {
    snap,
    basis,
    ranked,
    get rows() {
      return memo(ranked, 'rows', () => Object.freeze(rankedRows(ranked).map((r) => Object.freeze(r))));
    },
  };
}
