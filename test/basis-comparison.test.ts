/**
 * Region comparisons are like for like (README Methodology, "Basis"): under --basis official the KR
 * official factor (direct, 417.3) is never set against another region's life-cycle figure. Regions compare
 * on the run's basis when every compared region has a figure on it, else all on their life-cycle figures.
 * Hand-computed on the demo (ml-training-job 732.621347 W, ap-northeast-2 PUE 1.135, 2026-01-15 05:00 UTC).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';

const AT = '2026-01-15T05:00:00Z';
const W = 732.621347;
const profiles = JSON.parse(readFileSync(new URL('../config/carbon-intensity.json', import.meta.url), 'utf8'))
  .profiles as Record<string, { hourly: number[] }>;
const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
/** Life-cycle intensity at the instant: Seoul 14:00 (KR profile), Stockholm 06:00 (SE-SE3 profile). */
const SEOUL = (423 * profiles.KR!.hourly[14]!) / mean(profiles.KR!.hourly); // 407.562
const STOCKHOLM = (20 * profiles['SE-SE3']!.hourly[6]!) / mean(profiles['SE-SE3']!.hourly); // 19.679

async function run(...args: string[]) {
  const r = await cli([...args, '--demo', '--at', AT, '--json']);
  expect([0, 1]).toContain(r.code);
  return JSON.parse(r.stdout);
}

describe('like-for-like region comparison under --basis official', () => {
  it('assess: the migration compares Seoul and Stockholm on life-cycle figures, not 417.3 against 20', async () => {
    const j = await run('assess', 'ml-training-job', '--basis', 'official');
    expect(SEOUL).toBeCloseTo(407.562, 3);
    // the run's own figures stay official (flat 417.3)
    expect(j.current_carbon_intensity_gCO2eq_kWh).toBe(417.3);
    const m = j.optimizations.find((o: { type: string }) => o.type === 'regional_migration');
    expect(m).toMatchObject({ target_region: 'eu-north-1', intensity_basis: 'lifecycle' });
    expect(m.estimated_new_intensity_gco2_kwh).toBeCloseTo(STOCKHOLM, 3);
    // 1 - (19.679 x 1.1) / (407.562 x 1.135) = 95.32 % (the mixed 1 - 21.647 / (417.3 x 1.135) would be 95.43 %)
    const likeForLike = (1 - (STOCKHOLM * 1.1) / (SEOUL * 1.135)) * 100;
    const mixed = (1 - (STOCKHOLM * 1.1) / (417.3 * 1.135)) * 100;
    expect(m.estimated_reduction_percent).toBeCloseTo(likeForLike, 2);
    expect(m.estimated_reduction_percent).toBe(95.32);
    expect(mixed).toBeCloseTo(95.43, 2);
    expect(m.basis).toMatch(
      /annual intensity \(lifecycle\) x PUE: ap-northeast-2 423 x 1\.135 vs eu-north-1 20 x 1\.1/,
    );
    expect(m.basis).toMatch(
      /regions compared on the life-cycle basis: .* no official factor in config .* ap-northeast-2 counts at its life-cycle 423 g\/kWh \(2025\), not its official 417\.3/,
    );
    // the same migration as a life-cycle run
    const lc = await run('assess', 'ml-training-job');
    const lcm = lc.optimizations.find((o: { type: string }) => o.type === 'regional_migration');
    expect(lcm.estimated_reduction_percent).toBe(m.estimated_reduction_percent);
    expect(lcm.intensity_basis).toBe('lifecycle');
  });

  it('compare: before and after both on the life-cycle basis, and a basis-switched warning says so', async () => {
    const j = await run(
      'compare',
      'ml-training-job',
      '--basis',
      'official',
      '--optimizations',
      'regional_migration',
    );
    expect(j.data_used.grid.intensity_basis).toBe('lifecycle');
    expect(j.current_carbon_intensity_gCO2eq_kWh).toBeCloseTo(SEOUL, 3);
    // monthly = W / 1000 x PUE x daily mean x 730 / 1000: 0.732621347 x 1.135 x 423 x 0.73 = 256.7667
    expect(j.current_monthly_emissions_kg).toBeCloseTo((W / 1000) * 1.135 * 423 * 0.73, 4);
    // after: eu-north-1, PUE 1.1, daily mean 20: 0.732621347 x 1.1 x 20 x 0.73 = 11.7659
    expect(j.optimized_region).toBe('eu-north-1');
    expect(j.optimized_monthly_emissions_kg).toBeCloseTo((W / 1000) * 1.1 * 20 * 0.73, 4);
    expect(j.optimized_carbon_intensity_gCO2eq_kWh).toBeCloseTo(STOCKHOLM, 3);
    expect(j.reduction_percent).toBe(95.32);
    expect(j.emissions_reduction_kg_month).toBeCloseTo((W / 1000) * 0.73 * (1.135 * 423 - 1.1 * 20), 3);
    expect(j.warnings).toEqual([
      {
        code: 'basis-switched',
        message:
          'regional_migration compares regions on the lifecycle basis (official factors exist only for KR): current and optimized figures are both on it, ap-northeast-2 at 423 g/kWh',
        params: {
          basis: 'lifecycle',
          run_basis: 'official',
          countries: 'KR',
          region: 'ap-northeast-2',
          value: 423,
        },
      },
    ]);
    // without a migration the run's basis stays: official 417.3, no warning
    const t = await run(
      'compare',
      'ml-training-job',
      '--basis',
      'official',
      '--optimizations',
      'pue_improvement',
    );
    expect(t.current_carbon_intensity_gCO2eq_kWh).toBe(417.3);
    expect(t.data_used.grid.intensity_basis).toBe('official');
    expect(t.warnings).toEqual([]);
  });

  it("hotspots: a migration's kg/month saved is the run's monthly kg x the like-for-like monthly reduction", async () => {
    const j = await run('hotspots', '--basis', 'official');
    const pod = j.hotspots.find((h: { name: string }) => h.name === 'ml-training-job-w4k7p');
    // the pod's own figures stay official: 655 W / 1000 x 1.135 x 417.3 x 0.73 = 226.468814 kg
    expect(pod.monthly_emissions_kg).toBeCloseTo(0.655 * 1.135 * 417.3 * 0.73, 5);
    const move = j.preventive_actions.find(
      (a: { resource: string; action_type: string }) =>
        a.resource === 'ai-team/ml-training-job-w4k7p' && a.action_type === 'regional_migration',
    );
    // like for like, on life-cycle figures: 1 - (20 x 1.1) / (423 x 1.135) = 95.4177 %, so 226.468814 x 0.954177
    // = 216.0913 kg; not the mixed 1 - 22 / (417.3 x 1.135) = 95.355 % (215.9495 kg)
    expect(move.estimated_co2_reduction_kg_month).toBeCloseTo(
      0.655 * 1.135 * 417.3 * 0.73 * (1 - (20 * 1.1) / (423 * 1.135)),
      3,
    );
  });

  it('regions: every compared region has an official factor -> official for all; else life-cycle for all', async () => {
    const kr = await run(
      'regions',
      'ml-training-job',
      '--basis',
      'official',
      '--to',
      'asia-northeast3,koreacentral',
    );
    expect(kr.comparison_basis).toBe('official');
    const row = (j: { comparisons: Array<{ region: string }> }, r: string) =>
      j.comparisons.find((c) => c.region === r) as unknown as Record<string, number>;
    expect(row(kr, 'ap-northeast-2').carbon_intensity_gCO2eq_kWh).toBe(417.3);
    // same factor, so only PUE differs: 1 - 1.1 / 1.135 = 3.08 %, 1 - 1.185 / 1.135 = -4.41 %
    expect(row(kr, 'asia-northeast3').savings_percent).toBeCloseTo((1 - 1.1 / 1.135) * 100, 2);
    expect(row(kr, 'koreacentral').savings_percent).toBeCloseTo((1 - 1.185 / 1.135) * 100, 2);

    const mixed = await run('regions', 'ml-training-job', '--basis', 'official', '--to', 'eu-north-1');
    expect(mixed.comparison_basis).toBe('lifecycle');
    expect(row(mixed, 'ap-northeast-2').carbon_intensity_gCO2eq_kWh).toBe(423);
    // 1 - (20 x 1.1) / (423 x 1.135) = 95.42 % (417.3 against 20 would say 95.36 %)
    expect(row(mixed, 'eu-north-1').savings_percent).toBeCloseTo((1 - (20 * 1.1) / (423 * 1.135)) * 100, 2);
    expect(row(mixed, 'eu-north-1').savings_percent).toBe(95.42);
    expect(mixed.basis).toMatch(/regions compared on the life-cycle basis: SE has no official factor/);
  });

  it('regions: a region whose only figure is on another basis is flagged, not silently compared', async () => {
    const j = await run('regions', 'ml-training-job', '--to', 'eu-north-1,westus2');
    expect(j.comparison_basis).toBe('lifecycle');
    expect(j.basis).toMatch(/not like for like: westus2 has only a figure on another basis than lifecycle/);
    const w = j.comparisons.find((c: { region: string }) => c.region === 'westus2');
    expect(w.intensity_source).toMatch(/\(direct\)$/);
    expect(w.like_for_like).toBe(false);
    // Never chosen as the best region: cheaper than Seoul on its own basis (20.5 % less), but not comparable.
    const only = await run('regions', 'ml-training-job', '--to', 'cn-northwest-1,westus2,us-gov-east-1');
    expect(
      only.comparisons.find((c: { region: string }) => c.region === 'westus2').savings_percent,
    ).toBeGreaterThan(0);
    expect(only.best_region).toBe('ap-northeast-2');
    expect(only.best_region_savings_percent).toBe(0);
    expect(only.migration_recommendation).toMatch(/^ap-northeast-2 is already the cleanest/);
    expect(j.best_region).toBe('eu-north-1');
    expect(w.intensity_basis).toBe('direct');
  });

  it('regions table: a row on another basis shows that basis and claims no saving, so the table agrees with the advice', async () => {
    const table = async (lang: string) => {
      const args = ['regions', 'ml-training-job', '--to', 'westus2', '--demo', '--at', AT, '--lang', lang];
      const r = await cli(args, { COLUMNS: '200' });
      expect(r.code).toBe(0);
      return r.stdout.split('\n');
    };
    const en = await table('en');
    const west = en.find((l) => l.includes('westus2'))!;
    // it used to read "322.2 ... 20.5 %" above "ap-northeast-2 is already the cleanest of the compared regions"
    expect(west).toMatch(/│ 322\.2 \(direct\) │/);
    expect(west).toMatch(/│ +— │/);
    expect(west).not.toMatch(/20\.5 %/);
    expect(en.find((l) => l.includes('ap-northeast-2 *'))).toMatch(/│ +423\.0 │.*│ +0\.0 % │/);
    expect(en).toContain('ap-northeast-2 is already the cleanest of the compared regions');
    expect(en).toContain(
      'westus2: no lifecycle figure, only one on another basis (in brackets): listed, not compared, no saving claimed (—)',
    );
    const ko = await table('ko');
    expect(ko.find((l) => l.includes('westus2'))).toMatch(/322\.2 \(direct\) │.*│ +— │/);
    expect(ko).toContain(
      'westus2: lifecycle 기준 수치가 없고 다른 기준(괄호 안)의 수치만 있어 비교하지 않았습니다. 목록에만 표시하며 절감률은 제시하지 않습니다(—)',
    );
  });
});
