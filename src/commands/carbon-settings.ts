/** Command input + run context -> the settings the carbon engine needs (region, standards, budgets). */
import { z } from 'zod';
import { type AssessSettings, STEADY_STATE_BASIS } from '../carbon/assess.js';
import type { BudgetLimits } from '../carbon/checks.js';
import { selectStandards } from '../carbon/checks.js';
import { type Grid, GridUsedSchema } from '../carbon/grid.js';
import { type KcarbonConfig, regionCode } from '../config/index.js';
import { sharedPart } from '../util/memo.js';
import { once } from '../util/once.js';
import { periodCoverage, runLookup } from './grid-data.js';
import { resolvePeriod } from './period.js';
import type { RunContext } from './types.js';

export interface CarbonInput {
  region?: string;
  standard?: string;
  duration_hours?: number;
  within_hours?: number;
  target_utilization?: number;
  /** A period (since/from/to): the grid provider's history is asked for all of it. */
  since?: string;
  from?: string;
  to?: string;
}

export async function assessSettings(input: CarbonInput, ctx: RunContext): Promise<AssessSettings> {
  const config = await ctx.config();
  const target = config.defaults.targetUtilization;
  const region = regionCode(config, input.region ?? config.defaults.region);
  const durationHours = input.duration_hours ?? 4;
  const standards = selectStandards(config, input.standard);
  // Over a period, the provider's history replaces the profile for the hours it covers.
  const period = resolvePeriod(input, ctx.now);
  const lookup = await runLookup(ctx, config, [region], {
    horizonHours: Math.max(24, Math.ceil(input.within_hours ?? 0)),
    historyHours: 24,
    ...(period ? { history: { from: period.from, to: period.to } } : {}),
    windowMinutes: durationHours * 60,
  });
  if (lookup && period) periodCoverage(ctx, lookup(region, ctx.now.getUTCFullYear()), period);
  return {
    config,
    at: ctx.now,
    region,
    standards,
    durationHours,
    ...(lookup ? { lookup } : {}),
    ...(period ? { period: { from: period.from, to: period.to } } : {}),
    ...(input.within_hours !== undefined ? { withinHours: input.within_hours } : {}),
    targetUtilization:
      input.target_utilization !== undefined
        ? { value: input.target_utilization, source: 'target_utilization input (--target-utilization)' }
        : { value: target.value, source: `${target.source.split(';')[0]} (${target.year})` },
  };
}

/** Budget of a workload: flags/inputs win over the config's budgets.workloads["ns/name"]. */
export function workloadBudget(
  config: KcarbonConfig,
  namespace: string,
  name: string,
  input: { max_watts?: number; max_kg_month?: number },
): BudgetLimits {
  const configured = config.budgets.workloads[`${namespace}/${name}`];
  const where = `config budgets.workloads["${namespace}/${name}"]`;
  const out: BudgetLimits = {};
  if (input.max_watts !== undefined)
    out.maxWatts = { value: input.max_watts, source: 'max_watts input (--max-watts)' };
  else if (configured?.maxWatts !== undefined) out.maxWatts = { value: configured.maxWatts, source: where };
  if (input.max_kg_month !== undefined)
    out.maxKgMonth = { value: input.max_kg_month, source: 'max_kg_month input (--max-kg-month)' };
  else if (configured?.maxKgMonth !== undefined)
    out.maxKgMonth = { value: configured.maxKgMonth, source: where };
  return out;
}

/** Budget of a whole namespace (config budgets.namespaces), judged on the namespace total. */
export function namespaceBudget(config: KcarbonConfig, namespace: string): BudgetLimits {
  const b = config.budgets.namespaces[namespace];
  const where = `config budgets.namespaces["${namespace}"]`;
  return {
    ...(b?.maxWatts !== undefined ? { maxWatts: { value: b.maxWatts, source: where } } : {}),
    ...(b?.maxKgMonth !== undefined ? { maxKgMonth: { value: b.maxKgMonth, source: where } } : {}),
  };
}

export const StandardUsedSchema = once(() =>
  z.object({
    code: z.string(),
    name: z.string(),
    legal_status: z.string(),
    jurisdiction: z.string(),
  }),
);

export const DataUsedSchema = once(() =>
  z
    .object({
      grid: GridUsedSchema(),
      basis: z
        .string()
        .describe(
          'What the carbon check judged: "steady-state (no history)" = the daily mean of the grid intensity (the annual figure offline); "period (hour-weighted)" = the workload\'s energy-weighted intensity over the period',
        ),
      standards: z.array(StandardUsedSchema()),
    })
    .describe('Region, time, figures (with source and year) and standards this result used'),
);

/**
 * The data_used block of a carbon result: grid data, the carbon check's basis and the standards (none when
 * nothing was judged). The envelope adds the config files; the metrics info is the envelope's top-level `metrics`.
 */
export function dataUsed(
  grid: Grid,
  settings: AssessSettings | undefined,
  basis: string = STEADY_STATE_BASIS,
): z.infer<ReturnType<typeof DataUsedSchema>> {
  return { grid: grid.used, basis, standards: settings ? standardsUsed(settings) : [] };
}

export function standardsUsed(s: AssessSettings): z.infer<ReturnType<typeof StandardUsedSchema>>[] {
  // From config alone: one shared, frozen object per standard in the MCP server (src/util/memo.ts).
  return s.standards.map(({ code, standard }) =>
    sharedPart(standard, `used:${code}`, () => ({
      code,
      name: standard.name,
      legal_status: standard.legalStatus,
      jurisdiction: standard.jurisdiction,
    })),
  );
}
