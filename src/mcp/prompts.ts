/**
 * MCP prompts: tasks a user picks from a menu ("audit my namespace against Korean rules"). Each expands
 * into one user message telling the assistant which kcarbon tools and resources to use, with the
 * arguments filled in. Completions come from the config and the current metrics.
 */
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { selectStandards } from '../carbon/checks.js';
import { SPECS } from '../commands/all.js';
import { MAX_LENGTH } from '../commands/common.js';
import { gridChoice } from '../commands/grid-data.js';
import { listPods, listRegionCodes, listStandardCodes } from '../commands/resources.js';
import { getRegion } from '../config/index.js';
import { describeError } from '../errors.js';
import { mcpErrorText } from './error-text.js';
import { invalidParams } from './errors.js';
import { complete, type ResourceContext, resourceContext, runContext, standardUri } from './resources.js';
import type { McpDeps } from './types.js';

/** An error in a client's terms, as a tool's is (mcpErrorText: no config/ directory, no CLI flags or commands). */
function promptErrorText(err: unknown): string {
  return mcpErrorText(describeError(err), { options: [] }, SPECS);
}

function userMessage(text: string, description: string): GetPromptResult {
  return { description, messages: [{ role: 'user', content: { type: 'text', text } }] };
}

/** Namespaces and workload names of the current metrics (none when the metrics cannot be read). */
async function names(
  rc: ResourceContext,
  namespace?: string,
): Promise<{ namespaces: string[]; workloads: string[] }> {
  try {
    const running = (await listPods(runContext(rc))).filter((p) => p.state === 'running');
    return {
      namespaces: running.map((p) => p.namespace),
      workloads: running.filter((p) => !namespace || p.namespace === namespace).map((p) => p.workload),
    };
  } catch {
    return { namespaces: [], workloads: [] };
  }
}

export function registerPrompts(server: McpServer, deps: McpDeps): void {
  const rc = resourceContext(deps);

  server.registerPrompt(
    'audit-namespace',
    {
      title: 'Audit a namespace against Korean rules',
      description:
        "Check every workload of a namespace against the carbon and PUE standards (by default Korea's " +
        'KR_CARBON_2050 and KR_PUE_GREEN_DC) and list what to fix first.',
      argsSchema: {
        namespace: completable(
          z.string().min(1).max(MAX_LENGTH.namespace).describe('Kubernetes namespace to audit'),
          async (value) => complete((await names(rc)).namespaces, value ?? ''),
        ),
        standard: completable(
          z
            .string()
            .max(MAX_LENGTH.list)
            .optional()
            .describe(
              'Standard code(s), comma-separated, e.g. KR_CARBON_2050; default: the configured defaults (Korean rules)',
            ),
          async (value) =>
            complete(
              (await listStandardCodes(runContext(rc))).map((s) => s.code),
              value ?? '',
            ),
        ),
      },
    },
    async ({ namespace, standard }) => {
      const config = await runContext(rc).config();
      // A comma-separated list, as the tools take it: each standard once, by its code.
      let resolved: { code: string; name: string; uri: string; legalStatus: string }[];
      try {
        resolved = selectStandards(config, standard || undefined).map(({ code, standard: s }) => ({
          code,
          name: s.name,
          uri: standardUri(code, s),
          legalStatus: s.legalStatus,
        }));
      } catch (err) {
        throw invalidParams(promptErrorText(err));
      }
      const std = resolved.map((s) => s.code);
      const stdArg = standard ? `, "standard": ${JSON.stringify(std.join(','))}` : '';
      const text = [
        `Audit the Kubernetes namespace "${namespace}" against ${resolved.map((s) => `${s.code} (${s.name})`).join(' and ')} with the kcarbon tools.`,
        '',
        `1. Call list_workloads_by_compliance with {"namespace": ${JSON.stringify(namespace)}${stdArg}} to get every workload's status, power and emissions.`,
        `2. For each NON_COMPLIANT workload, call assess_workload_compliance with its workload_name and {"namespace": ${JSON.stringify(namespace)}${stdArg}} to see which checks fail and by how much, then compare_optimization_impact with the same workload to estimate what temporal_shift and resource_rightsizing would save.`,
        `3. Read ${resolved.map((s) => s.uri).join(' and ')} to say what each rule is (${[...new Set(resolved.map((s) => s.legalStatus))].join(', ')}) and cite its source.`,
        '',
        'Report: a table of workloads (status, power in W, monthly emissions in kg CO2e), the failing checks with limit and measured value, and the three actions with the largest savings, biggest first.',
        'Say which figures Kepler measured and which come from grid-intensity and PUE data, and quote the data attribution the results carry.',
        `If a tool returns an error, quote it and follow its hint (for example a namespace name it suggests).`,
      ].join('\n');
      return userMessage(text, `Audit namespace ${namespace} against ${std.join(', ')}`);
    },
  );

  server.registerPrompt(
    'schedule-batch-job',
    {
      title: 'Schedule a batch job at the lowest-carbon time',
      description:
        'Find the start time with the lowest grid carbon intensity for a batch workload of a given duration, and ' +
        'turn it into a CronJob schedule.',
      argsSchema: {
        workload_name: completable(
          z
            .string()
            .min(1)
            .max(MAX_LENGTH.name)
            .describe('Workload (Job, CronJob, Deployment...) or pod name'),
          async (value, ctx) => complete((await names(rc, ctx?.arguments?.namespace)).workloads, value ?? ''),
        ),
        duration_hours: z
          .string()
          .max(32)
          .regex(/^\s*\d+(\.\d+)?\s*$/, 'expected a number of hours, e.g. 4')
          // What calculate_optimal_schedule takes: a prompt must not lead to a call the tool refuses.
          .refine((v) => Number(v) > 0 && Number(v) <= 24, 'expected more than 0 and at most 24 hours')
          .describe('How long the job runs, in hours (more than 0, at most 24; e.g. 4)'),
        namespace: completable(
          z
            .string()
            .max(MAX_LENGTH.namespace)
            .optional()
            .describe('Namespace of the workload; omit to search all namespaces'),
          async (value) => complete((await names(rc)).namespaces, value ?? ''),
        ),
        region: completable(
          z
            .string()
            .max(MAX_LENGTH.region)
            .optional()
            .describe('Cloud region the cluster runs in, e.g. ap-northeast-2 (default: configured)'),
          async (value) =>
            complete(
              (await listRegionCodes(runContext(rc))).map((r) => r.code),
              value ?? '',
            ),
        ),
      },
    },
    async ({ workload_name, duration_hours, namespace, region }) => {
      const ctx = runContext(rc);
      const config = await ctx.config();
      const regionCode = region || config.defaults.region;
      let provider: string;
      try {
        getRegion(config, regionCode);
        provider = gridChoice(ctx, config);
      } catch (err) {
        throw invalidParams(promptErrorText(err));
      }
      const args: Record<string, unknown> = {
        workload_name,
        ...(namespace ? { namespace } : {}),
        duration_hours: Number(duration_hours),
        ...(region ? { region } : {}),
      };
      const text = [
        `Find the lowest-carbon time to run the batch workload "${workload_name}"${namespace ? ` in namespace "${namespace}"` : ''} for ${Number(duration_hours)} hour(s).`,
        '',
        `1. Call calculate_optimal_schedule with ${JSON.stringify(args)}.`,
        `2. Read carbon-intensity://${regionCode} for the hour-of-day profile${provider === 'offline' ? '' : ` and the live ${provider} figure`} behind the answer, its source and attribution.`,
        `3. If moving the job to another region is an option, call get_regional_comparison with {"workload_name": ${JSON.stringify(workload_name)}${namespace ? `, "namespace": ${JSON.stringify(namespace)}` : ''}${region ? `, "current_region": ${JSON.stringify(region)}` : ''}} and mention the best region.`,
        '',
        'Answer with the recommended start time in local time and in UTC, the expected emissions and reduction compared with running now, and a Kubernetes CronJob schedule expression (in UTC unless the cluster sets timeZone) that starts it then.',
        provider === 'offline'
          ? 'Point out that hourly figures are a typical-day profile, not a forecast.'
          : `Say where the hourly figures come from: with mode "forecast" they are ${provider}'s forecast (live_share and hour_sources tell its hours from those the offline profile filled in); with mode "typical-day" the forecast did not cover the run and they are a typical-day profile, not a forecast.`,
      ].join('\n');
      return userMessage(
        text,
        `Schedule ${workload_name} (${Number(duration_hours)} h) at the lowest-carbon time`,
      );
    },
  );
}
