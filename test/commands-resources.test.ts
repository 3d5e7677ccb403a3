/**
 * The readers behind the MCP resources (src/commands/resources.ts), in-process on the demo cluster:
 * they give the same figures as the engine functions and commands they are built on, and not-found
 * lookups throw the typed errors the front ends map (UsageError, InputError).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gridAt } from '../src/carbon/grid.js';
import { createRunContext, type RunSettings } from '../src/commands/context.js';
import {
  intensityResource,
  listNamespaces,
  listPods,
  listRegionCodes,
  listStandardCodes,
  type PodMetricsResource,
  standardResource,
  type WorkloadMetricsResource,
  workloadMetricsResource,
} from '../src/commands/resources.js';
import { standardsCommand } from '../src/commands/standards.js';
import type { RunContext } from '../src/commands/types.js';
import { loadWorkload } from '../src/commands/workload.js';
import { listRegions, listStandards } from '../src/config/index.js';
import { describeError, InputError, UsageError } from '../src/errors.js';
import { podPower } from '../src/kepler/power.js';

const AT = new Date('2026-01-15T05:00:00Z');
const expectedDemo = JSON.parse(
  readFileSync(new URL('../fixtures/demo/expected.json', import.meta.url), 'utf8'),
);

function demoContext(overrides: RunSettings['overrides'] = {}, env: NodeJS.ProcessEnv = {}): RunContext {
  return createRunContext(
    { source: { specs: [], demo: true }, zones: ['package', 'dram'], overrides, env, at: AT },
    { warn: () => {} },
  );
}

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  return err as Error;
}

describe('standardResource', () => {
  it('gives the registry entry under its canonical code, with the limits of the standards command', async () => {
    const ctx = demoContext();
    const s = await standardResource(ctx, 'kr_carbon_2050');
    expect(s).toMatchObject({ code: 'KR_CARBON_2050', jurisdiction: 'KR' });
    expect(s.sources.length).toBeGreaterThan(0);
    expect(s.limits_in_force).toEqual({
      on: '2026-01-15',
      checks: [
        {
          id: 'reference-intensity',
          metric: 'carbon_intensity',
          limit: 424,
          unit: 'gCO2e/kWh',
          comparison: '<=',
        },
      ],
    });
    // Every standard: the same limits as `kcarbon standards` at the same time.
    const rows = (await standardsCommand.run({}, ctx)).standards;
    for (const row of rows) {
      const r = await standardResource(ctx, row.code);
      expect(r.limits_in_force.checks.map((c) => [c.id, c.limit])).toEqual(
        row.checks.filter((c) => c.metric !== 'report').map((c) => [c.id, c.limit_in_force]),
      );
    }
  });

  it('dated thresholds: null before the first applies, the latest one after; report checks are left out', async () => {
    const ctx = demoContext();
    const de = await standardResource(ctx, 'DE_ENEFG');
    expect(de.limits_in_force.checks.map((c) => c.limit)).toEqual([null, null]);
    expect((await standardResource(ctx, 'CN_DC_ACTION_PLAN')).limits_in_force.checks[0]!.limit).toBe(1.5);
    const eu = await standardResource(ctx, 'EU_EED');
    expect(eu.checks.some((c) => c.metric === 'report')).toBe(true);
    expect(eu.limits_in_force.checks).toEqual([]);
  });

  it('an env limit override shows as the limit in force', async () => {
    const s = await standardResource(demoContext({}, { KOREA_CARBON_INTENSITY: '417.3' }), 'KR_CARBON_2050');
    expect(s.limits_in_force.checks[0]!.limit).toBe(417.3);
  });

  it('an unknown code is a UsageError naming the known standards', async () => {
    const err = await rejection(standardResource(demoContext(), 'KR_NOPE'));
    expect(err).toBeInstanceOf(UsageError);
    expect(describeError(err)).toMatch(/KR_NOPE/);
    expect(describeError(err)).toMatch(/KR_CARBON_2050/);
  });

  it('listStandardCodes lists every standard, sorted', async () => {
    const config = await demoContext().config();
    const list = await listStandardCodes(demoContext());
    expect(list.map((s) => s.code)).toEqual(listStandards(config).map((s) => s.code));
    expect(list.find((s) => s.code === 'KR_PUE_GREEN_DC')).toMatchObject({ jurisdiction: 'KR' });
    expect(list.every((s) => s.name && s.legal_status && s.instrument)).toBe(true);
  });
});

describe('intensityResource', () => {
  it("scales the region's profile as gridAt does, with the cleanest and dirtiest hours", async () => {
    const ctx = demoContext({ region: 'ap-northeast-2' });
    const config = await ctx.config();
    const grid = gridAt(config, 'ap-northeast-2', AT);
    const r = await intensityResource(ctx, 'ap-northeast-2');
    expect(r).toMatchObject({ region: 'ap-northeast-2', provider: 'aws', country: 'KR' });
    expect(r.carbon_intensity.value).toBe(grid.annual);
    expect(r.pue.value).toBe(grid.pue);
    const profile = r.hourly_profile!;
    expect(profile.scaled_to).toBe(grid.annual);
    // Full precision here; the MCP resource's JSON rounds g/kWh to 3 decimals (src/util/round.ts).
    expect(profile.gCO2eq_kWh_by_local_hour).toEqual(grid.hourly);
    // The hour the assessment time falls in carries gridAt's intensity at that time.
    expect(profile.gCO2eq_kWh_by_local_hour[grid.used.local_hour]).toBeCloseTo(grid.atTime, 1);
    const hourly = grid.hourly!;
    const min = Math.min(...hourly);
    const max = Math.max(...hourly);
    expect(profile.cleanest_hours.length).toBeGreaterThan(0);
    expect(profile.cleanest_hours.every((h) => hourly[h] === min)).toBe(true);
    expect(profile.dirtiest_hours.every((h) => hourly[h] === max)).toBe(true);
    expect(r.attribution).toContain(r.carbon_intensity.attribution);
  });

  it('a region without a profile has hourly_profile null', async () => {
    const r = await intensityResource(demoContext({ region: 'ap-east-1' }), 'ap-east-1');
    expect(r.region).toBe('ap-east-1');
    expect(r.hourly_profile).toBeNull();
  });

  it('--intensity and --pue apply to the region of the context', async () => {
    const ctx = demoContext({ region: 'eu-north-1', intensity: 100, pue: 1.2 });
    const r = await intensityResource(ctx, 'eu-north-1');
    expect(r.carbon_intensity).toMatchObject({ value: 100, origin: 'flag --intensity' });
    expect(r.pue.value).toBe(1.2);
    expect(r.hourly_profile?.scaled_to ?? 100).toBe(100);
  });

  it('an unknown region is a UsageError naming the known regions', async () => {
    const err = await rejection(intensityResource(demoContext(), 'ap-northeast-9'));
    expect(err).toBeInstanceOf(UsageError);
    expect(describeError(err)).toMatch(/ap-northeast-2/);
  });

  it('listRegionCodes lists every region with its figures', async () => {
    const config = await demoContext().config();
    const list = await listRegionCodes(demoContext());
    expect(list.map((r) => r.code)).toEqual(listRegions(config).map((r) => r.code));
    expect(list.find((r) => r.code === 'ap-northeast-2')).toMatchObject({
      provider: 'aws',
      intensity: { value: config.regions['ap-northeast-2']!.intensity.value, unit: 'gCO2e/kWh' },
      pue: config.regions['ap-northeast-2']!.pue.value,
    });
  });
});

describe('workloadMetricsResource', () => {
  it("a pod name gives the pod's figures, whatever its state", async () => {
    const ctx = demoContext();
    const snap = await ctx.snapshot();
    const r = (await workloadMetricsResource(ctx, 'production', 'postgres-0')) as PodMetricsResource;
    const pod = snap.pods.find((p) => p.name === 'postgres-0')!;
    expect(r).toMatchObject({
      pod: 'postgres-0',
      namespace: 'production',
      workload: 'postgres',
      state: 'running',
    });
    expect(r.workload_kind).toBe('StatefulSet');
    expect(r.power_watts).toBeCloseTo(podPower(pod, await ctx.powerBasis()), 6);
    expect(r.zones).toEqual(['package', 'dram']);
    expect(r.metrics.zones).toEqual(['package', 'dram']);
    const done = (await workloadMetricsResource(ctx, 'batch', 'etl-nightly-lfc64')) as PodMetricsResource;
    expect(done).toMatchObject({ state: 'terminated', in_current_power: false });
  });

  it('a pod whose GPU power --sample could not give: gpu_watts null, not 0', async () => {
    const demo = await demoContext().snapshot();
    const name = 'ml-training-job-w4k7p';
    const snap = {
      ...demo,
      pods: demo.pods.map((p) =>
        p.name === name ? { ...p, gpuWatts: undefined, gpuUnknown: true as const } : p,
      ),
    };
    const ctx = createRunContext(
      { source: { specs: [], demo: true }, zones: ['package', 'dram'], overrides: {}, env: {}, at: AT },
      { warn: () => {}, snapshot: async () => snap },
    );
    const r = (await workloadMetricsResource(ctx, 'ai-team', name)) as PodMetricsResource;
    expect(r.gpu_watts).toBeNull();
  });

  it("a workload name gives the shared loader's power sum and its pods, running first", async () => {
    const ctx = demoContext();
    const loaded = await loadWorkload({ workload_name: 'ml-training-job', namespace: 'ai-team' }, ctx);
    const r = (await workloadMetricsResource(ctx, 'ai-team', 'ml-training-job')) as WorkloadMetricsResource;
    expect(r.running_pods).toBe(3);
    expect(r.power_watts).toBeCloseTo(loaded.power, 6);
    expect(r.pods.map((p) => p.pod)).toEqual([
      'ml-training-job-9r7cm',
      'ml-training-job-dc8z7',
      'ml-training-job-w4k7p',
    ]);

    const batch = (await workloadMetricsResource(ctx, 'batch', 'batch-job')) as WorkloadMetricsResource;
    expect(batch).toMatchObject({ workload_kind: 'CronJob', running_pods: 1, terminated_pods: 1 });
    expect(batch.pods.map((p) => p.state)).toEqual(['running', 'terminated']);
    expect(batch.power_watts).toBeCloseTo(batch.pods[0]!.power_watts, 6);
  });

  it('a workload whose pods all terminated shows them, with no current power', async () => {
    const r = (await workloadMetricsResource(
      demoContext(),
      'batch',
      'etl-nightly',
    )) as WorkloadMetricsResource;
    expect(r).toMatchObject({ workload: 'etl-nightly', running_pods: 0, terminated_pods: 1 });
    expect(r.power_watts).toBeUndefined();
    expect(r.note).toMatch(/no running pod/);
    expect(r.pods.map((p) => p.pod)).toEqual(['etl-nightly-lfc64']);
  });

  it('an unknown name is an InputError with the closest names, or the namespace it is in', async () => {
    const ctx = demoContext();
    const typo = await rejection(workloadMetricsResource(ctx, 'ai-team', 'ml-trainin-job'));
    expect(typo).toBeInstanceOf(InputError);
    expect(describeError(typo)).toMatch(/ml-training-job/);
    const elsewhere = await rejection(workloadMetricsResource(ctx, 'nowhere', 'postgres-0'));
    expect(elsewhere).toBeInstanceOf(InputError);
    expect(describeError(elsewhere)).toMatch(/production/);
  });

  it('listNamespaces and listPods cover every pod, running or terminated', async () => {
    const ctx = demoContext();
    expect(await listNamespaces(ctx)).toEqual(Object.keys(expectedDemo.runningPodsByNamespace).sort());
    const all = await listPods(ctx);
    expect(all).toHaveLength(expectedDemo.runningPods + expectedDemo.terminatedPods);
    const batch = await listPods(ctx, 'batch');
    expect(batch.every((p) => p.namespace === 'batch')).toBe(true);
    expect(batch.map((p) => p.pod).sort()).toEqual([
      'batch-job-29394390-s2zw5',
      'batch-job-29394400-k5nz8',
      'etl-nightly-lfc64',
    ]);
    expect(batch.find((p) => p.pod === 'etl-nightly-lfc64')).toMatchObject({
      workload: 'etl-nightly',
      state: 'terminated',
    });
    const top = expectedDemo.topPods[0] as { namespace: string; pod: string; watts: number };
    expect(all.find((p) => p.pod === top.pod)!.power_watts).toBeCloseTo(top.watts, 6);
    expect(await listPods(ctx, 'nowhere')).toEqual([]);
  });
});
