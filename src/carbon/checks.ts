/**
 * Compliance checks: each standard's checks and the workload's budgets, judged on computed
 * figures. A check is COMPLIANT or NON_COMPLIANT with its gap in percent; a limit not yet in
 * force is NOT_APPLICABLE; a reporting duty is REPORT. Overall NON_COMPLIANT if any check fails.
 */
import { z } from 'zod';
import { BUDGET_STANDARD, SeveritySchema } from '../config/basics.js';
import { checkLimitAt, getStandard, type KcarbonConfig, type Standard } from '../config/index.js';
import { msg, UsageError } from '../errors.js';
import { checkNote } from '../i18n/text.js';
import { whileShared } from '../util/memo.js';
import { once } from '../util/once.js';
import { gapPercent } from './formulas.js';

export const StatusSchema = z.enum(['COMPLIANT', 'NON_COMPLIANT']);
export type Status = z.infer<typeof StatusSchema>;

export const CheckResultSchema = once(() =>
  z.object({
    standard: z.string().describe('Standard code, or BUDGET for a workload budget'),
    check: z.string(),
    metric: z.enum(['carbon_intensity', 'pue', 'power_watts', 'monthly_emissions_kg', 'report']),
    status: z.enum(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'REPORT']),
    value: z.number().optional(),
    limit: z.number().optional(),
    unit: z.string(),
    comparison: z.string().optional(),
    gap_percent: z.number().optional().describe('(value - limit) / limit x 100; positive = over the limit'),
    legal_status: z
      .string()
      .describe('law, regulation, voluntary-certification, roadmap, reference or budget'),
    limit_source: z.string().optional(),
    limit_year: z.number().optional(),
    intensity_basis: z
      .string()
      .optional()
      .describe('Carbon checks: the intensity judged (lifecycle, official or official:<id>)'),
    kpis: z.record(z.string(), z.number()).optional(),
    note: z.string().optional(),
    severity: SeveritySchema.optional().describe(
      'error or warning: how a NON_COMPLIANT result weighs in the gate (config severity; by default voluntary certification and roadmaps warn)',
    ),
    excused: z
      .object({ reason: z.string(), expires: z.string().optional(), file: z.string().optional() })
      .optional()
      .describe('The exception that excuses this NON_COMPLIANT result (it does not count in the gate)'),
  }),
);
export type CheckResult = z.infer<ReturnType<typeof CheckResultSchema>>;

/** The figures a workload is judged on. */
export interface Figures {
  powerWatts: number;
  /** Grid intensity (g/kWh) in force at the assessment time: hourly and monthly emissions use it. */
  gridIntensity: number;
  /**
   * The intensity the carbon check judges (g/kWh): the workload's own hour-weighted intensity over a
   * period, or the daily mean for a workload judged as running steadily (no history).
   */
  checkIntensity: number;
  pue: number;
  /** gridIntensity x pue: g CO2e per kWh of IT energy. */
  effectiveIntensity: number;
  hourlyGrams: number;
  monthlyKg: number;
  monthlyFacilityKwh: number;
  /** The basis of the intensities above (lifecycle, official, official:<id>); absent = not stated. */
  basis?: string;
  /** Check intensity (g/kWh) on other bases, for standards that state their own (`standard.basis`). */
  intensityByBasis?: Readonly<Record<string, number>>;
}

/** The intensity a standard's carbon checks judge: on the standard's own basis when known, else the run's. */
export function judgedIntensity(standard: Standard, f: Figures): { value: number; basis?: string } {
  const own = standard.basis === undefined ? undefined : f.intensityByBasis?.[standard.basis];
  if (own !== undefined) return { value: own, basis: standard.basis };
  return { value: f.checkIntensity, ...(f.basis ? { basis: f.basis } : {}) };
}

export interface BudgetLimits {
  maxWatts?: { value: number; source: string };
  maxKgMonth?: { value: number; source: string };
}

export interface SelectedStandard {
  code: string;
  standard: Standard;
}

/** `KR_CARBON_2050,KR_PUE_GREEN_DC` (or undefined = config defaults) -> standards, each once. */
export function selectStandards(
  config: KcarbonConfig,
  value: string | string[] | undefined,
): SelectedStandard[] {
  // The MCP server's calls with the same list share one array (read-only), so they share its check plans too.
  return whileShared(config, `standards:${JSON.stringify(value ?? null)}`, () => selected(config, value));
}

function selected(config: KcarbonConfig, value: string | string[] | undefined): SelectedStandard[] {
  const list =
    value === undefined ? config.defaults.standards : Array.isArray(value) ? value : value.split(',');
  const out: SelectedStandard[] = [];
  for (const raw of list.map((s) => s.trim()).filter(Boolean)) {
    const standard = getStandard(config, raw);
    const code = Object.keys(config.standards).find((k) => config.standards[k] === standard) ?? raw;
    if (!out.some((s) => s.code === code)) out.push({ code, standard });
  }
  if (out.length === 0) throw new UsageError(msg('noStandard'), msg('noStandardHint'));
  return out;
}

function judge(value: number, limit: number, comparison: '<=' | '<'): 'COMPLIANT' | 'NON_COMPLIANT' {
  const ok = comparison === '<' ? value < limit : value <= limit;
  return ok ? 'COMPLIANT' : 'NON_COMPLIANT';
}

/**
 * A standard's checks of intensity and PUE depend only on the run's standards, time, judged intensity and
 * PUE, never on the workload's power: they are judged once per run (the standards list is built per run)
 * and shared by every workload with the same figures. Report duties and budgets are per workload.
 */
type CheckPlan = (
  | CheckResult
  | { report: ReportCheck; base: Pick<CheckResult, 'standard' | 'check' | 'legal_status'> }
)[];
type ReportCheck = Extract<Standard['checks'][number], { metric: 'report' }>;
/** A plan and what follows from it alone (report duties never fail and carry no limit). */
interface PlanEntry {
  plan: CheckPlan;
  status: Status;
  carbonStatus: ReturnType<typeof metricStatus>;
  pueStatus: ReturnType<typeof metricStatus>;
  targetIntensity?: number;
  targetPue?: number;
}
/** Plans by standards list, for one UTC day at a time (the MCP server's list lives for days: no older day's). */
const plans = new WeakMap<SelectedStandard[], { day: string; byFigures: Map<string, PlanEntry> }>();
const basisIds = new WeakMap<object, number>();
let nextBasisId = 0;

/** The last plan looked up, checked without building a key (consecutive workloads share their figures). */
let last:
  | {
      standards: SelectedStandard[];
      at: number;
      ci: number;
      pue: number;
      basis?: string;
      ibb?: object;
      entry: PlanEntry;
    }
  | undefined;

function planFor(standards: SelectedStandard[], f: Figures, at: Date): PlanEntry {
  const t = at.getTime();
  if (
    last !== undefined &&
    last.standards === standards &&
    last.at === t &&
    last.ci === f.checkIntensity &&
    last.pue === f.pue &&
    last.basis === f.basis &&
    last.ibb === f.intensityByBasis
  ) {
    return last.entry;
  }
  const entry = lookupPlan(standards, f, at);
  last = {
    standards,
    at: t,
    ci: f.checkIntensity,
    pue: f.pue,
    basis: f.basis,
    ibb: f.intensityByBasis,
    entry,
  };
  return entry;
}

/** YYYY-MM-DD of the UTC day holding `at` (threshold dates are calendar dates: checkLimitAt, ThresholdSchema). */
const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

function lookupPlan(standards: SelectedStandard[], f: Figures, at: Date): PlanEntry {
  // A plan depends on the time only through the UTC day (limits in force: thresholds start on calendar dates).
  const day = utcDay(at);
  let byDay = plans.get(standards);
  if (!byDay || byDay.day !== day) {
    byDay = { day, byFigures: new Map() };
    plans.set(standards, byDay);
  }
  const byFigures = byDay.byFigures;
  let basisId = 0;
  if (f.intensityByBasis) {
    basisId = basisIds.get(f.intensityByBasis) ?? ++nextBasisId;
    basisIds.set(f.intensityByBasis, basisId);
  }
  const key = `${f.checkIntensity}|${f.pue}|${f.basis ?? ''}|${basisId}`;
  let entry = byFigures.get(key);
  if (!entry) {
    const plan = planChecks(standards, f, at);
    const judged = plan.filter((c): c is CheckResult => !('report' in c));
    entry = {
      plan,
      status: overallStatus(judged),
      carbonStatus: metricStatus(judged, 'carbon_intensity'),
      pueStatus: metricStatus(judged, 'pue'),
      targetIntensity: tightestLimit(judged, 'carbon_intensity'),
      targetPue: tightestLimit(judged, 'pue'),
    };
    if (byFigures.size < 10_000) byFigures.set(key, entry);
  }
  return entry;
}

export function evaluateChecks(
  standards: SelectedStandard[],
  f: Figures,
  at: Date,
  budget: BudgetLimits = {},
): CheckResult[] {
  const { plan } = planFor(standards, f, at);
  const results: CheckResult[] = plan.map((c) => ('report' in c ? reportCheck(c.report, c.base, f) : c));
  results.push(...budgetChecks(f, budget));
  return results;
}

function budgetChecks(f: Figures, budget: BudgetLimits): CheckResult[] {
  const results: CheckResult[] = [];
  if (budget.maxWatts) {
    results.push(budgetCheck('max-watts', 'power_watts', f.powerWatts, budget.maxWatts, 'W'));
  }
  if (budget.maxKgMonth) {
    results.push(
      budgetCheck('max-kg-month', 'monthly_emissions_kg', f.monthlyKg, budget.maxKgMonth, 'kgCO2e/month'),
    );
  }
  return results;
}

/**
 * The verdicts of evaluateChecks without building every check object: the plan's (judged once per run)
 * and the budgets'. The full list is built only when asked for (`checks()`).
 */
export function judgeChecks(
  standards: SelectedStandard[],
  f: Figures,
  at: Date,
  budget: BudgetLimits = {},
): Omit<PlanEntry, 'plan'> & { checks: () => CheckResult[] } {
  const entry = planFor(standards, f, at);
  const budgets = budgetChecks(f, budget);
  let checks: CheckResult[] | undefined;
  return {
    status: entry.status === 'NON_COMPLIANT' ? entry.status : overallStatus(budgets),
    carbonStatus: entry.carbonStatus,
    pueStatus: entry.pueStatus,
    targetIntensity: entry.targetIntensity,
    targetPue: entry.targetPue,
    checks: () => {
      checks ??= evaluateChecks(standards, f, at, budget);
      return checks;
    },
  };
}

function reportCheck(
  check: ReportCheck,
  base: Pick<CheckResult, 'standard' | 'check' | 'legal_status'>,
  f: Figures,
): CheckResult {
  return {
    ...base,
    metric: 'report',
    status: 'REPORT',
    unit: 'various',
    kpis: Object.fromEntries(
      check.kpis.flatMap((k): [string, number][] => {
        if (k === 'energy_kwh') return [['energy_kwh_month', f.monthlyFacilityKwh]];
        if (k === 'carbon_kg') return [['carbon_kg_month', f.monthlyKg]];
        if (k === 'pue') return [['pue', f.pue]];
        return [];
      }),
    ),
    note: checkNote('noteReportDuty', check.kpis.join(', '), check.due ?? ''),
  };
}

/** The checks in order; those that do not depend on the workload's power are judged here. */
function planChecks(standards: SelectedStandard[], f: Figures, at: Date): CheckPlan {
  const results: CheckPlan = [];
  for (const { code, standard } of standards) {
    const firstVariant = standard.checks.find((c) => c.variant)?.variant;
    for (const check of standard.checks) {
      const base = { standard: code, check: check.id, legal_status: standard.legalStatus };
      if (check.metric === 'report') {
        results.push({ report: check, base });
        continue;
      }
      // The reference intensity is a grid figure: judge the grid intensity the workload's energy was drawn at
      // (hour-weighted over a period; the daily mean without history), never the clock's hour alone.
      // PUE is judged by the PUE checks and counted in the emissions.
      const judged = check.metric === 'pue' ? { value: f.pue } : judgedIntensity(standard, f);
      const value = judged.value;
      const basisField = judged.basis ? { intensity_basis: judged.basis } : {};
      const unit = check.metric === 'pue' ? 'ratio' : 'gCO2e/kWh';
      const comparison = check.comparison ?? '<=';
      if (check.variant && check.variant !== firstVariant) {
        results.push({
          ...base,
          metric: check.metric,
          status: 'NOT_APPLICABLE',
          unit,
          note: checkNote('noteVariant', check.variant, String(firstVariant)),
        });
        continue;
      }
      const limit = checkLimitAt(check, at);
      if (limit === undefined) {
        const next = check.thresholds?.find((t) => new Date(t.from) > at);
        results.push({
          ...base,
          metric: check.metric,
          status: 'NOT_APPLICABLE',
          value: value,
          unit,
          ...basisField,
          note: next ? checkNote('noteLimitFrom', next.from, next.max) : checkNote('noteNoLimit'),
        });
        continue;
      }
      results.push({
        ...base,
        metric: check.metric,
        status: judge(value, limit, comparison),
        value: value,
        limit,
        unit,
        ...basisField,
        comparison,
        gap_percent: gapPercent(value, limit),
        limit_source: check.max.origin?.startsWith('env') ? check.max.origin : check.max.source,
        limit_year: check.max.year,
        ...(check.appliesTo ? { note: check.appliesTo } : {}),
      });
    }
  }
  return results;
}

function budgetCheck(
  id: string,
  metric: 'power_watts' | 'monthly_emissions_kg',
  value: number,
  limit: { value: number; source: string },
  unit: string,
): CheckResult {
  return {
    standard: BUDGET_STANDARD,
    check: id,
    metric,
    status: judge(value, limit.value, '<='),
    value: value,
    limit: limit.value,
    unit,
    comparison: '<=',
    gap_percent: gapPercent(value, limit.value),
    legal_status: 'budget',
    limit_source: limit.source,
  };
}

/** NON_COMPLIANT if any check fails. */
export function overallStatus(checks: CheckResult[]): Status {
  return checks.some((c) => c.status === 'NON_COMPLIANT') ? 'NON_COMPLIANT' : 'COMPLIANT';
}

/** Status of the checks of one metric; NOT_ASSESSED when none was judged. */
export function metricStatus(
  checks: CheckResult[],
  metric: CheckResult['metric'],
): 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_ASSESSED' {
  const judged = checks.filter(
    (c) => c.metric === metric && (c.status === 'COMPLIANT' || c.status === 'NON_COMPLIANT'),
  );
  if (judged.length === 0) return 'NOT_ASSESSED';
  return judged.some((c) => c.status === 'NON_COMPLIANT') ? 'NON_COMPLIANT' : 'COMPLIANT';
}

/** The tightest limit in force for a metric among judged checks (for target_* keys). */
export function tightestLimit(checks: CheckResult[], metric: CheckResult['metric']): number | undefined {
  const limits = checks.filter((c) => c.metric === metric && c.limit !== undefined).map((c) => c.limit!);
  return limits.length ? Math.min(...limits) : undefined;
}
