/** The gate of a command run: severities and exceptions from the config, applied to every judged check. */

import type { CheckResult } from '../carbon/checks.js';
import { applyGate, type Gate, type GatePolicy, type JudgedResource, type RunScope } from '../carbon/gate.js';
import type { Exception } from '../config/schema.js';
import { snapshotComplete } from '../kepler/metrics-info.js';
import { warning } from '../kepler/model.js';
import type { RunContext } from './types.js';

export { GateSchema, gatePolicyShape } from '../carbon/gate.js';

/**
 * Apply the gate to every judged resource, before any display filter, under the run's policy (the
 * command's fail_on and allow_partial inputs): the gate and each resource's checks with severity and
 * excuse (`checks[i]` for `resources[i]`). Warns of expired and unused exceptions (unused within `scope`: what the
 * run looked at).
 */
export async function judgeGate(
  resources: JudgedResource[],
  ctx: RunContext,
  policy: GatePolicy,
  scope?: RunScope,
): Promise<{ gate: Gate; checks: CheckResult[][] }> {
  const config = await ctx.config();
  const snap = await ctx.snapshot();
  const judged = applyGate(resources, {
    severity: config.severity,
    exceptions: config.exceptions,
    now: ctx.now,
    policy: { fail_on: policy.fail_on, allow_partial: policy.allow_partial },
    complete: snapshotComplete(snap),
    ...(scope ? { scope } : {}),
  });
  const which = (e: Exception) => ({
    workload: e.workload,
    namespace: e.namespace,
    check: e.check,
    expires: e.expires,
    file: e.file,
  });
  for (const e of judged.gate.exceptions_expired) ctx.warn(warning('exception-expired', which(e)));
  for (const e of judged.gate.exceptions_unused) ctx.warn(warning('exception-unused', which(e)));
  return judged;
}
