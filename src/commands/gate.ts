/** The gate of a command run: severities and exceptions from the config, applied to every judged check. */

import type { CheckResult } from '../carbon/checks.js';
import { applyGate, describeException, type Gate, type JudgedResource } from '../carbon/gate.js';
import type { RunContext } from './types.js';

export { GateSchema } from '../carbon/gate.js';

/**
 * Apply the gate to every judged resource, before any display filter: the gate and each resource's
 * checks with severity and excuse (`checks[i]` for `resources[i]`). Warns of expired and unused exceptions.
 */
export async function judgeGate(
  resources: JudgedResource[],
  ctx: RunContext,
): Promise<{ gate: Gate; checks: CheckResult[][] }> {
  const config = await ctx.config();
  const judged = applyGate(resources, {
    severity: config.severity,
    exceptions: config.exceptions,
    now: ctx.now,
  });
  for (const e of judged.gate.exceptions_expired)
    ctx.warn({
      code: 'exception-expired',
      message: `exception expired, its findings count again: ${describeException(e)}`,
    });
  for (const e of judged.gate.exceptions_unused)
    ctx.warn({ code: 'exception-unused', message: `exception excused no finding: ${describeException(e)}` });
  return judged;
}
