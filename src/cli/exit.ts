/**
 * The exit code of a command run, decided from its result's data: findings (exit 1) and partial data
 * (exit 3). Commands only return data; this is the CLI entry's policy, in one place.
 */
import type { CommandSpec } from '../commands/types.js';
import { ExitCode } from '../errors.js';
import type { MetricsInfo } from '../kepler/metrics-info.js';

export interface ExitPolicy {
  /** --no-fail: findings do not fail the run. */
  noFail: boolean;
  /** --allow-partial: a gate may pass on the nodes that did report. */
  allowPartial: boolean;
  /** --strict: any failed source fails every command. */
  strict: boolean;
}

/**
 * A command gates when it judges compliance for CI (it counts findings: assess, list) or when the run
 * sets a budget: a gate must not pass on partial data.
 */
export function isGating(spec: CommandSpec, input: Record<string, unknown>): boolean {
  return spec.findings !== undefined || input.max_watts !== undefined || input.max_kg_month !== undefined;
}

export function exitCodeFor(
  spec: CommandSpec,
  input: Record<string, unknown>,
  result: unknown,
  metrics: MetricsInfo | undefined,
  policy: ExitPolicy,
): ExitCode {
  const incomplete = metrics !== undefined && !metrics.complete;
  if (incomplete && (policy.strict || (isGating(spec, input) && !policy.allowPartial)))
    return ExitCode.unreachable;
  const findings = spec.findings?.(result) ?? 0;
  return findings > 0 && !policy.noFail ? ExitCode.findings : ExitCode.ok;
}
