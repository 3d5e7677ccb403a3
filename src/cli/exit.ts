/**
 * The exit code of a command run, decided from its result's data: the recorded gate (passed under the
 * fail_on and allow_partial the run asked for: exit 1 or --exit-code, exit 3 when it failed on partial
 * data) and, for commands without a gate, partial data. Commands only return data; this maps it.
 */

import type { FailOn } from '../carbon/gate.js';
import type { CommandSpec } from '../commands/types.js';
import { ExitCode, msg, UsageError } from '../errors.js';
import type { MetricsInfo } from '../kepler/metrics-info.js';

export interface ExitPolicy {
  /** --exit-code: the code a failing gate exits with (default 1). */
  exitCode: number;
  /** --strict: any failed source fails every command. */
  strict: boolean;
}

/**
 * A command gates when it judges compliance for CI (it records a gate: assess, list, report) or when the
 * run sets a budget: a gate must not pass on partial data.
 */
export function isGating(spec: CommandSpec): boolean {
  return spec.gate !== undefined;
}

/** Whether the result's recorded gate failed (under the policy recorded with it). */
export function failsGate(spec: CommandSpec, result: unknown): boolean {
  return spec.gate?.(result).passed === false;
}

export function exitCodeFor(
  spec: CommandSpec,
  result: unknown,
  metrics: MetricsInfo | undefined,
  policy: ExitPolicy,
): number {
  const incomplete = metrics !== undefined && !metrics.complete;
  if (incomplete && policy.strict) return ExitCode.unreachable;
  // Only a command that judges checks gates; the others warn about partial data and exit 0.
  const gate = spec.gate?.(result);
  if (!gate || gate.passed) return ExitCode.ok;
  return !gate.complete && !gate.allow_partial ? ExitCode.unreachable : policy.exitCode;
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

/** --fail-on and --no-fail (the fail_on input of gating commands) and --exit-code (what a failing gate exits with). */
export function gatePolicy(opts: { failOn?: unknown; fail?: unknown; exitCode?: unknown }): {
  failOn: FailOn;
  exitCode: number;
} {
  let failOn: FailOn = 'error';
  if (opts.failOn !== undefined) {
    const v = FAIL_ON[String(opts.failOn).trim().toLowerCase()];
    if (!v) throw new UsageError(msg('notSeverity', String(opts.failOn)), msg('severities'));
    failOn = v;
  }
  if (opts.fail === false) {
    if (opts.failOn !== undefined && failOn !== 'never')
      throw new UsageError(msg('noFailDisagrees'), msg('noFailHint'));
    failOn = 'never';
  }
  let exitCode: number = ExitCode.findings;
  if (opts.exitCode !== undefined) {
    const raw = String(opts.exitCode).trim();
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n > 255 || n === ExitCode.usage || n === ExitCode.unreachable)
      throw new UsageError(msg('badExitCode', raw), msg('exitCodeHint'));
    exitCode = n;
  }
  return { failOn, exitCode };
}
