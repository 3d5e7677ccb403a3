/** Input fields shared by several commands (same names as the original MCP tools' parameters). */
import { z } from 'zod';

export const namespaceInput = z
  .string()
  .min(1)
  .optional()
  .describe('Kubernetes namespace to look at; omit for all namespaces');

export const regionInput = z
  .string()
  .min(1)
  .optional()
  .describe('Cloud region the cluster runs in, e.g. ap-northeast-2 (default from config: defaults.region)');

export const standardInput = z
  .string()
  .min(1)
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

export const maxWattsInput = z
  .number()
  .positive()
  .optional()
  .describe('Budget: fail when the workload draws more watts');
export const maxKgMonthInput = z
  .number()
  .positive()
  .optional()
  .describe('Budget: fail when the workload emits more kg CO2e per month');

export const workloadNameInput = z
  .string()
  .min(1)
  .describe(
    'Workload name: a pod, or a Deployment/StatefulSet/Job/CronJob/DaemonSet name (its pods are summed)',
  );
