/**
 * The exit code of a command run, decided from its result's data: findings (exit 1) and partial data
 * (exit 3). Commands only return data; this is the CLI entry's policy, in one place.
 */

import { type FailOn, gateFails } from '../carbon/gate.js';
import type { CommandSpec } from '../commands/types.js';
import { ExitCode, UsageError } from '../errors.js';
import type { MetricsInfo } from '../kepler/metrics-info.js';

export interface ExitPolicy {
  /** --fail-on (--no-fail = never): which severity of finding fails the run. */
  failOn: FailOn;
  /** --exit-code: the code a failing gate exits with (default 1). */
  exitCode: number;
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

/** Whether a result fails the gate under --fail-on (the gate block, else the findings count). */
export function failsGate(spec: CommandSpec, result: unknown, failOn: FailOn): boolean {
  const gate = spec.gate?.(result);
  return gate ? gateFails(gate, failOn) : (spec.findings?.(result) ?? 0) > 0 && failOn !== 'never';
}

export function exitCodeFor(
  spec: CommandSpec,
  input: Record<string, unknown>,
  result: unknown,
  metrics: MetricsInfo | undefined,
  policy: ExitPolicy,
): number {
  const incomplete = metrics !== undefined && !metrics.complete;
  if (incomplete && (policy.strict || (isGating(spec, input) && !policy.allowPartial)))
    return ExitCode.unreachable;
  return failsGate(spec, result, policy.failOn) ? policy.exitCode : ExitCode.ok;
}

const FAIL_ON: Record<string, FailOn> = {
  error: 'error',
  errors: 'error',
  warning: 'warning',
  warnings: 'warning',
  warn: 'warning',
  never: 'never',
  none: 'never',
};

/** --fail-on, --no-fail and --exit-code -> the gate part of the exit policy. */
export function gatePolicy(opts: {
  failOn?: unknown;
  fail?: unknown;
  exitCode?: unknown;
}): Pick<ExitPolicy, 'failOn' | 'exitCode'> {
  let failOn: FailOn = 'error';
  if (opts.failOn !== undefined) {
    const v = FAIL_ON[String(opts.failOn).trim().toLowerCase()];
    if (!v)
      throw new UsageError(
        `--fail-on '${String(opts.failOn)}' is not a severity`,
        'use error, warning or never',
      );
    failOn = v;
  }
  if (opts.fail === false) {
    if (opts.failOn !== undefined && failOn !== 'never')
      throw new UsageError(
        '--no-fail and --fail-on disagree',
        '--no-fail is --fail-on never; give one of them',
      );
    failOn = 'never';
  }
  let exitCode: number = ExitCode.findings;
  if (opts.exitCode !== undefined) {
    const raw = String(opts.exitCode).trim();
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n > 255 || n === ExitCode.usage || n === ExitCode.unreachable)
      throw new UsageError(
        `--exit-code '${raw}' is not usable`,
        'give a whole number 0..255 other than 2 and 3 (usage and source errors keep those)',
      );
    exitCode = n;
  }
  return { failOn, exitCode };
}
