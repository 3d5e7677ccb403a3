/** Input fields shared by several commands (same names as the original MCP tools' parameters). */

import { z } from 'zod';
import { STATED_FIGURE_MAX, STATED_FIGURE_MIN } from '../config/basics.js';
import { msg, UsageError } from '../errors.js';
import { periodShape } from './period.js';

/**
 * Longest strings an input accepts (JSON Schema maxLength for MCP clients): Kubernetes names are at most 253
 * characters (a namespace 63), region codes are short, a standard list is a few codes. Anything longer is a
 * usage error before any work, so no search or suggestion ever runs over an unbounded input.
 */
export const MAX_LENGTH = { name: 253, namespace: 63, region: 64, list: 512 } as const;

export const namespaceInput = z
  .string()
  .min(1)
  .max(MAX_LENGTH.namespace)
  .optional()
  .describe('Kubernetes namespace to look at; omit for all namespaces');

export const regionInput = z
  .string()
  .min(1)
  .max(MAX_LENGTH.region)
  .optional()
  .describe('Cloud region the cluster runs in, e.g. ap-northeast-2 (default from config: defaults.region)');

export const standardInput = z
  .string()
  .min(1)
  .max(MAX_LENGTH.list)
  .optional()
  .describe(
    'Standard code(s) to check, comma-separated, e.g. KR_CARBON_2050,KR_PUE_GREEN_DC (default from config: defaults.standards)',
  );

export const durationInput = z
  .number()
  .positive()
  .max(168)
  .default(4)
  .describe('Length of the run in hours for time-shifting (default 4)');

export const targetUtilizationInput = z
  .number()
  .gt(0)
  .max(1)
  .optional()
  .describe('CPU utilisation resource_rightsizing sizes towards, 0..1 (default from config)');

/** A budget's watts or kg CO2e a month (config/basics.ts's bounds: 1e-6 to 1e9). */
export const statedFigure = () => z.number().min(STATED_FIGURE_MIN).max(STATED_FIGURE_MAX);

export const maxWattsInput = statedFigure()
  .optional()
  .describe('Budget: fail when the workload draws more watts (1e-6 to 1e9)');
export const maxKgMonthInput = statedFigure()
  .optional()
  .describe('Budget: fail when the workload emits more kg CO2e per month (1e-6 to 1e9)');

export const workloadNameInput = z
  .string()
  .min(1)
  .max(MAX_LENGTH.name)
  .describe(
    'Workload name: a pod, or a Deployment/StatefulSet/Job/CronJob/DaemonSet name (its pods are summed)',
  );

export const withinInput = z
  .number()
  .positive()
  .max(168)
  .optional()
  .describe(
    'Deadline for temporal_shift from a grid forecast: the run ends within this many hours (default 24)',
  );

/**
 * A deadline (--within) shorter than the run (--duration) is a usage error: no run can end by it. Checked first by
 * every command that takes both (assess, compare, schedule), before any metrics are read.
 */
export function checkWithinCoversRun(args: { within_hours?: number; duration_hours: number }): void {
  if (args.within_hours === undefined || args.within_hours >= args.duration_hours) return;
  const h = (n: number) => `${Number(n.toFixed(2))}h`;
  throw new UsageError(
    msg('withinShorterThanRun', h(args.within_hours), h(args.duration_hours)),
    msg('withinShorterThanRunHint', h(args.duration_hours)),
  );
}

/** Inputs shared by the commands that assess one workload (assess, compare). */
export const workloadAssessmentShape = {
  workload_name: workloadNameInput,
  namespace: namespaceInput,
  standard: standardInput,
  region: regionInput,
  duration_hours: durationInput,
  within_hours: withinInput,
  target_utilization: targetUtilizationInput,
  max_watts: maxWattsInput,
  max_kg_month: maxKgMonthInput,
  ...periodShape,
};

export {
  BUDGET_OPTIONS,
  REGION_OPTION,
  STANDARD_OPTION,
  WITHIN_OPTION,
  WORKLOAD_ARG,
  WORKLOAD_ASSESSMENT_OPTIONS,
} from './manifests.js';
