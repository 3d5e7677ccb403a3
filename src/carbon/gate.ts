/**
 * The gate, applied after the full assessment (every workload and check, before any display
 * filter): each check gets a severity, failing checks an exception may excuse, and the counts
 * the exit code is decided from. Pure: config and time in, annotated checks and counts out.
 */
import { z } from 'zod';
import { type Severity, SeveritySchema } from '../config/basics.js';
import { type Exception, ExceptionSchema } from '../config/exception.js';
import { once } from '../util/once.js';
import type { CheckResult } from './checks.js';

/** Default severity by legal status: voluntary certification bands and roadmaps warn; laws, regulations, budgets and the selected reference fail. */
export const DEFAULT_SEVERITY: Record<string, Severity> = {
  law: 'error',
  regulation: 'error',
  budget: 'error',
  reference: 'error',
  'voluntary-certification': 'warning',
  roadmap: 'warning',
};

export interface JudgedResource {
  namespace: string;
  name: string;
  kind: string;
  checks: CheckResult[];
}

const ExceptionUsedSchema = ExceptionSchema.and(
  z.object({ excused: z.number().describe('Findings it excused') }),
);

/** Which severity of finding fails the gate: `error` (default), `warning` (and error), or `never` (report only). */
export const FailOnSchema = z.enum(['error', 'warning', 'never']);
export type FailOn = z.infer<typeof FailOnSchema>;

/** The gate policy as inputs of every gating command (the CLI's --fail-on, --no-fail and --allow-partial feed them). */
export const gatePolicyShape = {
  fail_on: FailOnSchema.default('error').describe(
    'Which findings fail the gate: error (default), warning (errors and warnings) or never (report only)',
  ),
  allow_partial: z
    .boolean()
    .default(false)
    .describe(
      'Let the gate pass on what was read when some sources failed or series were left out (default: incomplete data fails)',
    ),
};
export interface GatePolicy {
  fail_on: FailOn;
  allow_partial: boolean;
}

export const GateSchema = once(() =>
  z
    .object({
      fail_on: FailOnSchema.describe('The policy applied: which severity of finding fails'),
      allow_partial: z.boolean().describe('Whether the gate may pass on partial data'),
      errors: z.number().describe('NON_COMPLIANT checks of severity error, not excused'),
      warnings: z.number().describe('NON_COMPLIANT checks of severity warning, not excused'),
      excused: z.number().describe('NON_COMPLIANT checks excused by an exception'),
      exceptions_applied: z.array(ExceptionUsedSchema),
      exceptions_expired: z
        .array(ExceptionSchema)
        .describe('Past their expiry date: their findings count again'),
      exceptions_unused: z.array(ExceptionSchema).describe('Excused no finding in this run'),
      complete: z
        .boolean()
        .describe(
          'Every metrics source was read and none of its series left out (false: figures cover only some nodes, or leave out metrics.series_left_out)',
        ),
      passed: z
        .boolean()
        .describe(
          'The verdict under fail_on: no finding at or above it, and complete data unless allow_partial',
        ),
    })
    .describe(
      'The gate over every judged check (before display filters), under the requested policy; reports and the CLI exit code follow it',
    ),
);
export type Gate = z.infer<ReturnType<typeof GateSchema>>;

export const ExcusedSchema = once(() =>
  z.object({
    reason: z.string(),
    expires: z.string().optional(),
    file: z.string().optional(),
  }),
);
export { SeveritySchema };

export function severityOf(
  c: Pick<CheckResult, 'standard' | 'check' | 'legal_status'>,
  map: Record<string, Severity>,
): Severity {
  return (
    map[`${c.standard}/${c.check}`] ??
    map[c.standard] ??
    map[c.legal_status] ??
    DEFAULT_SEVERITY[c.legal_status] ??
    'error'
  );
}

/** An exception is in force through its expiry day (UTC). */
export function expired(e: Exception, now: Date): boolean {
  return e.expires !== undefined && now.toISOString().slice(0, 10) > e.expires;
}

function matches(e: Exception, r: JudgedResource, c: CheckResult): boolean {
  if (!inScope(e, r)) return false;
  if (e.check !== undefined && e.check !== c.standard && e.check !== `${c.standard}/${c.check}`) return false;
  return true;
}

/** What a run judged: one namespace (-n), one workload (`namespace/name`, assess), or (neither) every namespace. */
export interface RunScope {
  namespace?: string;
  workload?: string;
}

/**
 * Whether an exception is within what the run looked at, so that excusing nothing there means something (a typo, a
 * finding gone): in an every-namespace run, any; with -n, one about that namespace or a workload in it (a
 * cluster-wide one may excuse findings elsewhere); for one workload, only one naming that workload.
 */
function inRun(e: Exception, scope: RunScope | undefined): boolean {
  if (scope?.workload !== undefined) return e.workload === scope.workload;
  if (scope?.namespace === undefined) return true;
  const ns = e.workload !== undefined ? e.workload.slice(0, e.workload.indexOf('/')) : e.namespace;
  return ns === scope.namespace;
}

/** Whether an exception is about this workload or namespace (whatever its check). */
function inScope(e: Exception, r: JudgedResource): boolean {
  if (e.workload !== undefined && (r.kind === 'Namespace' || e.workload !== `${r.namespace}/${r.name}`))
    return false;
  return e.namespace === undefined || e.namespace === r.namespace;
}

/**
 * Every check with its severity (and excuse), as new objects — checks may be shared between
 * workloads (computed once per run) — and the gate's counts. `checks[i]` belongs to `resources[i]`.
 */
export function applyGate(
  resources: JudgedResource[],
  opts: {
    severity: Record<string, Severity>;
    exceptions: Exception[];
    now: Date;
    policy: GatePolicy;
    /** Every metrics source was read. */
    complete: boolean;
    /** What the run looked at (none: every namespace): exceptions outside it are not "unused". */
    scope?: RunScope;
  },
): { gate: Gate; checks: CheckResult[][] } {
  const active = opts.exceptions.filter((e) => !expired(e, opts.now));
  const used = new Map<Exception, number>();
  // Every exception that matched a finding, applied or not (an earlier one excused it): none of them is unused.
  const matched = new Set<Exception>();
  let errors = 0;
  let warnings = 0;
  let excused = 0;
  const checks = resources.map((r) =>
    r.checks.map((check) => {
      const c: CheckResult = { ...check, severity: severityOf(check, opts.severity) };
      if (c.status !== 'NON_COMPLIANT') return c;
      const matching = active.filter((x) => matches(x, r, c));
      for (const x of matching) matched.add(x);
      const e = matching[0];
      if (e) {
        c.excused = {
          reason: e.reason,
          ...(e.expires ? { expires: e.expires } : {}),
          ...(e.file ? { file: e.file } : {}),
        };
        used.set(e, (used.get(e) ?? 0) + 1);
        excused++;
      } else if (c.severity === 'error') errors++;
      else warnings++;
      return c;
    }),
  );
  const { fail_on, allow_partial } = opts.policy;
  const gate: Gate = {
    fail_on,
    allow_partial,
    errors,
    warnings,
    excused,
    exceptions_applied: [...used].map(([e, n]) => ({ ...e, excused: n })),
    exceptions_expired: opts.exceptions.filter((e) => expired(e, opts.now)),
    // Unused: in force, within what this run looked at, and matching none of its findings.
    exceptions_unused: active.filter((e) => !matched.has(e) && inRun(e, opts.scope)),
    complete: opts.complete,
    passed: !findingsFail({ errors, warnings }, fail_on) && (opts.complete || allow_partial),
  };
  return { gate, checks };
}

/** Whether these findings fail under the policy (`never`: none do). */
export function findingsFail(g: Pick<Gate, 'errors' | 'warnings'>, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  return g.errors > 0 || (failOn === 'warning' && g.warnings > 0);
}
