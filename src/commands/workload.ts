/** The first step of every single-workload command: metrics -> the workload's running pods and power. */
import type { KeplerSnapshot } from '../kepler/model.js';
import { checkPowerAvailable, type PodPowerRow, podPower, rankPods } from '../kepler/power.js';
import { findWorkload, type WorkloadMatch } from '../kepler/workloads.js';
import type { RunContext } from './types.js';

export interface LoadedWorkload {
  snap: KeplerSnapshot;
  workload: WorkloadMatch;
  /** Sum of the running pods' power in the selected zones (W). */
  power: number;
}

export async function loadWorkload(
  args: { workload_name: string; namespace?: string },
  ctx: RunContext,
): Promise<LoadedWorkload> {
  const snap = await ctx.snapshot();
  checkPowerAvailable(snap, ctx.zones, ctx.warn);
  const workload = findWorkload(snap, args.workload_name, args.namespace);
  const power = workload.pods.reduce((s, p) => s + podPower(p, ctx.zones), 0);
  return { snap, workload, power };
}

/** The first step of every scope command: metrics -> the running pods in scope with their power, highest first. */
export async function loadScope(
  args: { namespace?: string },
  ctx: RunContext,
): Promise<{ snap: KeplerSnapshot; rows: PodPowerRow[] }> {
  const snap = await ctx.snapshot();
  checkPowerAvailable(snap, ctx.zones, ctx.warn);
  return { snap, rows: rankPods(snap, args.namespace, ctx.zones) };
}
