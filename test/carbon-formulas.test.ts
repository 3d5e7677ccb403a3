/**
 * Every formula of README "Methodology" against values computed by hand (the arithmetic is
 * written out in the comments), then the same figures through the commands on the demo cluster.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { figures } from '../src/carbon/assess.js';
import { evaluateChecks, selectStandards } from '../src/carbon/checks.js';
import {
  combineReductions,
  effectiveIntensity,
  emissionsGrams,
  energyKwh,
  facilityKwh,
  gapPercent,
  HOURS_PER_MONTH,
  hourlyEmissionsGrams,
  monthlyEmissionsKg,
} from '../src/carbon/formulas.js';
import { gridAt, standardOffsetHours } from '../src/carbon/grid.js';
import { bestWindows, clock, localHours, mean, scaleProfile, windowAverage } from '../src/carbon/profile.js';
import { loadConfig } from '../src/config/index.js';
import { cli } from './support/cli.js';
import { expectFigure } from './support/precision.js';

const KR = JSON.parse(readFileSync(new URL('../config/carbon-intensity.json', import.meta.url), 'utf8'))
  .profiles.KR.hourly as number[];
// mean(KR) = 11782 / 24 = 490.916666...
const KR_MEAN = 11782 / 24;
const AT = '2026-01-15T05:00:00Z'; // 14:00 KST

describe('energy and emissions', () => {
  it('kWh = W x h / 1000; facility = IT x PUE; g = facility kWh x intensity', () => {
    expect(energyKwh(45.2, 1)).toBeCloseTo(0.0452, 12);
    expect(energyKwh(100, 730)).toBeCloseTo(73, 12);
    expect(facilityKwh(0.0452, 1.135)).toBeCloseTo(0.051302, 12);
    expect(emissionsGrams(0.051302, 423)).toBeCloseTo(21.700746, 9);
  });
  it('45.2 W in Seoul (PUE 1.135, 423 g/kWh): 21.700746 g/h and 15.841545 kg per 730 h month', () => {
    // 45.2 / 1000 x 1.135 x 423 = 21.700746 ; x 730 / 1000 = 15.84154458
    expect(hourlyEmissionsGrams(45.2, 1.135, 423)).toBeCloseTo(21.700746, 9);
    expect(monthlyEmissionsKg(45.2, 1.135, 423)).toBeCloseTo(15.84154458, 8);
    expect(HOURS_PER_MONTH).toBe(730);
  });
  it('effective intensity = grid x PUE; gap = (value - limit) / limit x 100', () => {
    expect(effectiveIntensity(423, 1.135)).toBeCloseTo(480.105, 9);
    expect(gapPercent(480.105, 424)).toBeCloseTo(13.2323113, 6); // 56.105 / 424
    expect(gapPercent(1.135, 1.4)).toBeCloseTo(-18.9285714, 6);
  });
  it('reductions multiply and never reach 100 %', () => {
    expect(combineReductions([0.5, 0.5])).toBeCloseTo(0.75, 12);
    expect(combineReductions([0.1, 0.2, 0.3])).toBeCloseTo(1 - 0.9 * 0.8 * 0.7, 12); // 0.496
    expect(combineReductions([0.6, 0.6, 0.6, 0.6])).toBeLessThan(1);
    expect(combineReductions([1.5, -0.2])).toBe(1); // clamped, never above 100 %
  });
  it('0 W is not a special case', () => {
    const f = figures(0, 423, 1.135);
    expect(f.hourlyGrams).toBe(0);
    expect(f.effectiveIntensity).toBeCloseTo(480.105, 9);
  });
});

describe('hour-of-day profiles', () => {
  it('scales the KR profile to the annual 423 g/kWh: I(h) = 423 x p[h] / mean(p)', () => {
    expect(mean(KR)).toBeCloseTo(KR_MEAN, 9);
    const scaled = scaleProfile(KR, 423);
    expect(scaled[14]).toBeCloseTo((423 * 473) / KR_MEAN, 9); // 407.562044
    expect(scaled[12]).toBeCloseTo(405.8387371, 6); // 423 x 471 / 490.9167
    expect(mean(scaled)).toBeCloseTo(423, 9);
  });
  it('local time uses the fixed standard offset; 05:00Z is 14:00 KST', () => {
    expect(localHours(new Date(AT), 9)).toBe(14);
    expect(localHours(new Date('2026-01-15T20:30:00Z'), 9)).toBe(5.5);
    expect(localHours(new Date('2026-01-15T03:00:00Z'), -8)).toBe(19);
    expect(standardOffsetHours('Asia/Seoul', 2026)).toBe(9);
    expect(standardOffsetHours('America/Los_Angeles', 2026)).toBe(-8);
  });
  it('window averages are time-weighted and wrap past midnight', () => {
    const ramp = Array.from({ length: 24 }, (_, h) => h);
    expect(windowAverage(ramp, 22, 4)).toBe((22 + 23 + 0 + 1) / 4);
    expect(windowAverage(ramp, 1.5, 1)).toBe(0.5 * 1 + 0.5 * 2);
    expect(windowAverage(ramp, 23.5, 1)).toBe(0.5 * 23 + 0.5 * 0);
    const dip = Array.from({ length: 24 }, (_, h) => (h === 23 || h === 0 ? 1 : 10));
    expect(bestWindows(dip, 2)).toEqual([{ startHour: 23, endHour: 25, average: 1 }]);
    expect(clock(25)).toBe('01:00');
  });
  it('KR best 4 h window is 11:00–15:00 (mean 472), 1.3068 % under a run starting at 14:00', () => {
    const best = bestWindows(KR, 4);
    expect(best.map((b) => b.startHour)).toEqual([11]);
    expect(best[0]!.average).toBe(472); // (472 + 471 + 472 + 473) / 4
    const now = windowAverage(KR, 14, 4); // (473 + 475 + 479 + 486) / 4 = 478.25
    expect(now).toBe(478.25);
    expect(1 - 472 / 478.25).toBeCloseTo(0.0130685, 6);
  });
});

describe('checks', async () => {
  const config = await loadConfig({ env: {} });
  it('carbon check: grid intensity at the time against the 424 reference', () => {
    const g = gridAt(config, 'ap-northeast-2', new Date(AT));
    expect(g.atTime).toBeCloseTo((423 * 473) / KR_MEAN, 9);
    const f = figures(10, g.atTime, g.pue);
    const checks = evaluateChecks(selectStandards(config, undefined), f, new Date(AT));
    const carbon = checks.find((c) => c.metric === 'carbon_intensity')!;
    // 14:00 KST: 407.562044 <= 424 ; (407.562044 - 424) / 424 = -3.8769 %
    expect(carbon.value).toBeCloseTo(407.562, 3);
    expect(carbon.status).toBe('COMPLIANT');
    expect(carbon.gap_percent).toBeCloseTo(-3.88, 2);
    // 02:00 KST: 423 x 503 / 490.9167 = 433.412 > 424 ; gap +2.22 %
    const night = gridAt(config, 'ap-northeast-2', new Date('2026-01-15T17:00:00Z'));
    const n = evaluateChecks(
      selectStandards(config, undefined),
      figures(10, night.atTime, night.pue),
      new Date(AT),
    );
    const nightCheck = n.find((c) => c.metric === 'carbon_intensity')!;
    expect(nightCheck.status).toBe('NON_COMPLIANT');
    // The engine keeps full precision (JSON rounds % to 2 decimals): 9.412 / 424 = 2.2198 %
    expect(nightCheck.gap_percent).toBeCloseTo(2.22, 2);
    const pue = checks.find((c) => c.metric === 'pue')!;
    expect(pue).toMatchObject({ status: 'COMPLIANT', value: 1.135, limit: 1.4 });
  });
  it('DE EnEfG PUE limits depend on the date', () => {
    const de = selectStandards(config, 'DE_ENEFG');
    const f = figures(10, 342, 1.4);
    const at = (d: string) => evaluateChecks(de, f, new Date(d)).find((c) => c.check === 'pue-existing')!;
    expect(at('2026-11-24').status).toBe('NOT_APPLICABLE');
    expect(at('2027-07-01')).toMatchObject({ status: 'COMPLIANT', limit: 1.5 });
    expect(at('2030-07-01')).toMatchObject({ status: 'NON_COMPLIANT', limit: 1.3 });
  });
  it('budgets are checks with a gap', () => {
    const f = figures(77.6, 400, 1.1);
    const [b] = evaluateChecks([], f, new Date(AT), { maxWatts: { value: 50, source: 'test' } });
    expect(b).toMatchObject({ standard: 'BUDGET', status: 'NON_COMPLIANT', limit: 50 });
    expect(b!.gap_percent).toBeCloseTo(55.2, 6); // (77.6 - 50) / 50
  });
});

describe('the commands reproduce the hand computation on the demo cluster', () => {
  const run = async (...args: string[]) => {
    const r = await cli([...args, '--demo', '--json', '--at', AT]);
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout);
  };

  it('assess: hourly = W / 1000 x 1.135 x 407.562; monthly = W / 1000 x 1.135 x 423 x 0.73 (every hour of the day)', async () => {
    const j = await run('assess', 'ml-training-job');
    const w = j.current_power_watts;
    const grid = (423 * 473) / KR_MEAN;
    expect(j.grid_carbon_intensity_gCO2eq_kWh).toBeCloseTo(grid, 3);
    expect(j.hourly_emissions_gCO2eq).toBeCloseTo((w / 1000) * 1.135 * grid, 3);
    // A month holds every hour: the steady-state intensity (daily mean of I(h) = 423), not the hour of --at.
    expect(j.monthly_emissions_kg).toBeCloseTo(((w / 1000) * 1.135 * 423 * 730) / 1000, 3);
    expect(j.facility_energy_kwh_month).toBeCloseTo((w * 730 * 1.135) / 1000, 3);
    expect(j.current_carbon_intensity_gCO2eq_kWh).toBeCloseTo(grid, 3);
    expect(j.facility_carbon_intensity_gCO2eq_kWh).toBeCloseTo(grid * 1.135, 3);
    expect(j.status).toBe('COMPLIANT'); // 407.562 <= 424 and PUE 1.135 <= 1.4
    const temporal = j.optimizations.find((o: { type: string }) => o.type === 'temporal_shift');
    expect(temporal.estimated_reduction_percent).toBeCloseTo(1.31, 2);
    const migration = j.optimizations.find((o: { type: string }) => o.type === 'regional_migration');
    // eu-north-1 at the same instant (06:00 local in Stockholm, UTC+1): I = 20 x SE[6] / mean(SE)
    const se = JSON.parse(readFileSync(new URL('../config/carbon-intensity.json', import.meta.url), 'utf8'))
      .profiles['SE-SE3'].hourly as number[];
    const stockholm = (20 * se[6]!) / mean(se);
    expect(migration.target_region).toBe('eu-north-1');
    expect(migration.estimated_new_intensity_gco2_kwh).toBeCloseTo(stockholm, 3);
    expect(migration.estimated_reduction_percent).toBeCloseTo(
      (1 - (stockholm * 1.1) / (grid * 1.135)) * 100,
      2,
    );
  });

  it('README worked example: every printed figure', async () => {
    const j = await run('assess', 'ml-training-job');
    // P = 732.621347 W exactly; the JSON prints watts to the milliwatt.
    expect(j.current_power_watts).toBe(732.621);
    expect(j.grid_carbon_intensity_gCO2eq_kWh).toBe(407.562);
    expect(j.hourly_emissions_gCO2eq).toBeCloseTo(338.898, 3);
    expect(j.monthly_emissions_kg).toBeCloseTo(256.767, 3);
    expect(j.facility_carbon_intensity_gCO2eq_kWh).toBe(462.583);
    const gap = (std: string) => j.checks.find((c: { standard: string }) => c.standard === std).gap_percent;
    // The carbon check judges the daily mean (steady state, no history): 423 <= 424, (423 - 424) / 424 = -0.24 %
    expect(j.data_used.basis).toBe('steady-state (no history)');
    expect(j.carbon_check_intensity_gCO2eq_kWh).toBe(423);
    expect(gap('KR_CARBON_2050')).toBe(-0.24);
    expect(gap('KR_PUE_GREEN_DC')).toBe(-18.93);
    const opt = (t: string) => j.optimizations.find((o: { type: string }) => o.type === t);
    expect(opt('regional_migration').estimated_new_intensity_gco2_kwh).toBe(19.679);
    expect(opt('regional_migration').estimated_reduction_percent).toBe(95.32);
    expect(opt('temporal_shift').estimated_reduction_percent).toBe(1.31);
    const night = JSON.parse(
      (await cli(['assess', 'ml-training-job', '--demo', '--json', '--at', '2026-01-15T17:00:00Z'])).stdout,
    );
    expect(night.grid_carbon_intensity_gCO2eq_kWh).toBe(433.412);
    expect(night.hourly_emissions_gCO2eq).toBeCloseTo(360.393, 3); // 732.621347 / 1000 x 1.135 x 433.412
    // Same verdict at night: the check does not read the clock.
    expect(night.checks[0]).toMatchObject({ status: 'COMPLIANT', value: 423, gap_percent: -0.24 });
  });

  it('compare: temporal_shift + resource_rightsizing multiply', async () => {
    const j = await run('compare', 'ml-training-job');
    const [t, r] = j.applied_optimizations;
    expect(t.type).toBe('temporal_shift');
    expect(r.type).toBe('resource_rightsizing');
    const combined =
      1 - (1 - t.estimated_reduction_percent / 100) * (1 - r.estimated_reduction_percent / 100);
    expect(j.reduction_percent).toBeCloseTo(combined * 100, 1);
    // reduction_percent is rounded to 0.01 %: the product can be off by current x 0.005 / 100
    expect(
      Math.abs(
        j.optimized_monthly_emissions_kg - j.current_monthly_emissions_kg * (1 - j.reduction_percent / 100),
      ),
    ).toBeLessThanOrEqual((j.current_monthly_emissions_kg * 0.005) / 100 + 1e-4);
    // rightsizing: P' = P x u / 0.5 with u the power-weighted node CPU usage ratio
    expect(j.optimized_power_watts).toBeLessThan(j.current_power_watts);
  });

  it('a migration saves the same kg a month in hotspots (per pod) as in compare (the workload): the annual ratio', async () => {
    const h = await run('hotspots', '--threshold', '1');
    const perPod = h.preventive_actions
      .filter(
        (a: { resource: string; action_type: string }) =>
          a.resource.startsWith('ai-team/ml-training-job-') && a.action_type === 'regional_migration',
      )
      .reduce(
        (sum: number, a: { estimated_co2_reduction_kg_month: number }) =>
          sum + a.estimated_co2_reduction_kg_month,
        0,
      );
    const c = await run('compare', 'ml-training-job', '--optimizations', 'regional_migration');
    // 256.766675 x (1 - (20 x 1.1) / (423 x 1.135)) = 245.0008 kg: the month at the annual figures (95.42 %), not at the
    // hour's (95.32 %, which would give 244.75).
    const saved = c.current_monthly_emissions_kg - c.optimized_monthly_emissions_kg;
    expect(saved).toBeCloseTo(256.766675 * (1 - (20 * 1.1) / (423 * 1.135)), 3);
    expect(perPod).toBeCloseTo(saved, 3);
  });

  it('rightsizing: u weights each node CPU usage ratio by the pod CPU power (GPU power neither counts nor scales)', async () => {
    const j = await run('assess', 'ml-training-job');
    const r = j.optimizations.find((o: { type: string }) => o.type === 'resource_rightsizing');
    // Pods: 43.081 W CPU on a node at 0.420125, 34.54 W at 0.36083333, 43 W CPU + 612 W GPU at 0.31.
    const u = (43.081 * 0.420125 + 34.54 * 0.36083333333333334 + 43 * 0.31) / (43.081 + 34.54 + 43); // 0.363923
    const after = (120.621 * u) / 0.5 + 612; // 699.784 W
    expect(r.estimated_new_power_watts).toBeCloseTo(after, 2);
    expect(r.estimated_reduction_percent).toBeCloseTo((1 - after / 732.621) * 100, 2); // 4.48 %
    expect(r.description).toMatch(/36\.4 % CPU/);
  });

  it('regions: savings = 1 - (I x PUE) / (I0 x PUE0), every region once', async () => {
    const j = await run('regions', 'web-frontend', '--to', 'eu-north-1,ap-northeast-2,us-east-1');
    expect(j.comparisons.map((c: { region: string }) => c.region).sort()).toEqual([
      'ap-northeast-2',
      'eu-north-1',
      'us-east-1',
    ]);
    const eu = j.comparisons.find((c: { region: string }) => c.region === 'eu-north-1');
    expect(eu.savings_percent).toBeCloseTo(95.42, 2);
    const us = j.comparisons.find((c: { region: string }) => c.region === 'us-east-1');
    expect(us.savings_percent).toBeCloseTo((1 - (418 * 1.15) / (423 * 1.135)) * 100, 2); // -0.1239 %
    expect(j.best_region).toBe('eu-north-1');
  });

  it('schedule: 4 h at 14:00 KST -> 11:00–15:00, 1.31 %', async () => {
    const j = await run('schedule', 'batch-job', '--duration', '4h');
    expect(j.current_start_local).toBe('14:00');
    expect(j.optimal_start_local).toBe('11:00');
    expect(j.optimal_end_local).toBe('15:00');
    expect(j.current_carbon_intensity).toBeCloseTo((478.25 * 423) / KR_MEAN, 3);
    expect(j.optimal_carbon_intensity).toBeCloseTo((472 * 423) / KR_MEAN, 3);
    expect(j.reduction_percent).toBeCloseTo(1.31, 2);
    // one 4 h run: W x 4 h / 1000 x PUE x intensity
    expect(j.optimal_emissions_gCO2eq).toBeCloseTo(
      ((j.power_watts * 4) / 1000) * 1.135 * ((472 * 423) / KR_MEAN),
      3,
    );
  });

  it('overrides: --pue, --intensity and KOREA_CARBON_INTENSITY change the figures', async () => {
    const j = await run('assess', 'ml-training-job', '--pue', '1.5', '--intensity', '300');
    expect(j.current_pue).toBe(1.5);
    expect(j.data_used.grid.annual_intensity.value).toBe(300);
    // A stated intensity is that number at every hour: no profile is applied to it.
    expect(j.grid_carbon_intensity_gCO2eq_kWh).toBe(300);
    expect(j.data_used.grid.hourly_profile).toBeUndefined();
    expectFigure(j.hourly_emissions_gCO2eq, (732.621347 / 1000) * 1.5 * 300, 'gCO2e');
    const env = await cli(['assess', 'ml-training-job', '--demo', '--json', '--at', AT], {
      KOREA_CARBON_INTENSITY: '500',
    });
    expect(JSON.parse(env.stdout).target_carbon_intensity_gCO2eq_kWh).toBe(500);
    expect(env.code).toBe(0); // 423 <= 500 and PUE 1.135 <= 1.4: compliant, exit 0
  });
});
