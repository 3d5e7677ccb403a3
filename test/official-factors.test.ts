/**
 * Official Korean electricity emission factors (config/emission-factors.json) as a selectable basis:
 * --basis official|official:<id>|lifecycle, KCARBON_BASIS, and a standard's own basis. Expected
 * values are computed by hand in the comments.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { annualIntensity, standardIntensities } from '../src/carbon/basis.js';
import { gridAt } from '../src/carbon/grid.js';
import { offlineLookup } from '../src/carbon/hourly.js';
import { loadConfig } from '../src/config/index.js';
import { cli } from './support/cli.js';
import { expectFigure } from './support/precision.js';

const AT = '2026-01-15T05:00:00Z'; // 14:00 KST
// ml-training-job on the demo cluster: 43.080903 + 34.540444 + (38.6 + 4.4 + 612 GPU) = 732.621347 W, Seoul PUE 1.135.
const P = 732.621347;

async function assess(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = await cli(['assess', 'ml-training-job', '--demo', '--at', AT, '--json', ...args], env);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

describe('official Korean factors in config/', () => {
  it('holds 2021, 2022, 2023 and the 2020-2022 average, each with source and publication date', async () => {
    const config = await loadConfig({ env: {} });
    const kr = config.officialFactors.KR!;
    expect(kr.current).toBe('2023');
    const values = Object.fromEntries(Object.entries(kr.factors).map(([id, f]) => [id, f.value]));
    // tCO2e/MWh x 1000 = g/kWh: 0.4509, 0.4312, 0.4173, 0.4541
    expect(values).toEqual({ '2023': 417.3, '2022': 431.2, '2021': 450.9, '2020-2022': 454.1 });
    for (const f of Object.values(kr.factors)) {
      expect(f.unit).toBe('gCO2e/kWh');
      expect(f.basis).toBe('direct');
      expect(f.source).toMatch(/https:\/\//);
      expect(f.published).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
      expect(f.use.length).toBeGreaterThan(10);
    }
    expect(kr.factors['2023']!.published).toBe('2025-12-17');
    // The day the 2020-2022 average was published is not confirmed: the month only, and the source says so.
    expect(kr.factors['2020-2022']!.published).toBe('2025-03');
    expect(kr.factors['2020-2022']!.source).toMatch(/not confirmed/);
  });

  it('KR standards state which basis they use', async () => {
    const config = await loadConfig({ env: {} });
    expect(config.standards.KR_CARBON_2050!.basis).toBe('lifecycle');
    expect(config.standards.KR_CARBON_2050!.basisNote).toMatch(/official/);
    expect(config.standards.KR_PUE_GREEN_DC!.basisNote).toMatch(/PUE only/);
    const r = await cli(['standards', '--json']);
    const kr = JSON.parse(r.stdout).standards.find((s: { code: string }) => s.code === 'KR_CARBON_2050');
    expect(kr.intensity_basis).toBe('lifecycle');
  });

  it('lifecycle stays the default: the region figure, shaped by the profile', async () => {
    const config = await loadConfig({ env: {} });
    const a = annualIntensity(config, 'ap-northeast-2');
    expect(a).toMatchObject({ choice: 'lifecycle', shaped: true });
    expect(a.figure.value).toBe(423);
    // 423 x 473 / (11782 / 24) = 407.562
    expect(gridAt(config, 'ap-northeast-2', new Date(AT)).atTime).toBeCloseTo(407.562, 3);
  });

  it('official = the current factor, flat over the day; official:<id> picks one', async () => {
    const config = await loadConfig({ env: {}, overrides: { basis: 'official' } });
    const g = gridAt(config, 'ap-northeast-2', new Date(AT));
    expect(g.atTime).toBe(417.3);
    expect(g.hourly).toBeUndefined(); // one annual figure: no hour is cleaner
    expect(g.used.intensity_basis).toBe('official');
    expect(g.used.annual_intensity).toMatchObject({
      value: 417.3,
      basis: 'direct',
      year: 2023,
      published: '2025-12-17',
    });
    expect(
      gridAt(config, 'ap-northeast-2', new Date(AT), offlineLookup(config, 'official:2020-2022')).atTime,
    ).toBe(454.1);
    expect(
      gridAt(config, 'ap-northeast-2', new Date(AT), offlineLookup(config, 'lifecycle')).atTime,
    ).toBeCloseTo(407.562, 3);
    // A region of a country without official factors keeps its own figure and says why.
    const se = annualIntensity(config, 'eu-north-1');
    expect(se.figure.value).toBe(20);
    expect(se.note).toMatch(/no official emission factor for SE/);
  });

  it('a standard with its own basis gets its intensity beside the run one', () => {
    const std = (basis?: string) => ({ standard: { basis } });
    expect(standardIntensities([std('lifecycle'), std()], 'lifecycle', () => 1)).toEqual({
      basis: 'lifecycle',
    });
    expect(
      standardIntensities([std('official'), std()], 'lifecycle', (b) => (b === 'official' ? 417.3 : 0)),
    ).toEqual({
      basis: 'lifecycle',
      intensityByBasis: { official: 417.3 },
    });
  });
});

describe('--basis through the commands', () => {
  it('assess --basis official: emissions with 417.3 g/kWh; the KR reference check stays on its life-cycle basis', async () => {
    const lifecycle = await assess([]);
    const r = await assess(['--basis', 'official']);
    // 732.621347 / 1000 x 1.135 x 417.3 = 346.995478 g/h ; x 730 / 1000 = 253.306699 kg/month
    expectFigure(r.current_power_watts, P, 'W');
    expectFigure(r.hourly_emissions_gCO2eq, 346.995478, 'gCO2e');
    expectFigure(r.monthly_emissions_kg, 253.306699, 'kgCO2e');
    expect(r.data_used.grid.intensity_basis).toBe('official');
    expect(r.data_used.grid.annual_intensity).toMatchObject({
      value: 417.3,
      basis: 'direct',
      published: '2025-12-17',
    });
    const check = (x: typeof r) =>
      x.checks.find((c: { standard: string }) => c.standard === 'KR_CARBON_2050');
    expect(check(r).intensity_basis).toBe('lifecycle');
    expect(check(r).value).toBe(check(lifecycle).value);
    const shift = r.optimizations.find((o: { type: string }) => o.type === 'temporal_shift');
    expect(shift.estimated_reduction_percent).toBe(0);
    expect(shift.description).toMatch(/one annual figure/);
  });

  it('over a period the life-cycle KR check weights its own hours by the workload energy, whatever --basis says', async () => {
    const run = async (args: string[]) => {
      const r = await cli(
        ['assess', 'nightly-report', '--demo', '--at', AT, '--since', '24h', '--json', ...args],
        {},
      );
      expect(r.code).toBe(1);
      return JSON.parse(r.stdout).checks.find((c: { standard: string }) => c.standard === 'KR_CARBON_2050');
    };
    // The job draws its energy in the evening hours: its hour-weighted Seoul profile is 503 against a daily
    // mean of 490.9167 (config/regions.json KR profile), so 423 x 503 / 490.9167 = 433.412 g/kWh > 424.
    const official = await run(['--basis', 'official']);
    expect(official).toMatchObject({ intensity_basis: 'lifecycle', status: 'NON_COMPLIANT' });
    expect(official.value).toBeCloseTo(433.412, 3);
    expect(official.value).toBe((await run([])).value);
    // The gate over the cluster agrees: one workload fails on either basis.
    const list = await cli(['list', '--demo', '--at', AT, '--since', '24h', '--basis', 'official', '--json']);
    expect(list.code).toBe(1);
    expect(JSON.parse(list.stdout).gate.errors).toBeGreaterThan(0);
  });

  it('official:2020-2022 (the K-ETS allocation average) and KCARBON_BASIS', async () => {
    const r = await assess(['--basis', 'official:2020-2022']);
    // 732.621347 / 1000 x 1.135 x 454.1 = 377.595606 g/h
    expectFigure(r.hourly_emissions_gCO2eq, 377.595606, 'gCO2e');
    expect(r.data_used.grid.annual_intensity.published).toBe('2025-03');
    const env = await assess([], { KCARBON_BASIS: 'official:2021' });
    // 732.621347 / 1000 x 1.135 x 450.9 = 374.934726 g/h
    expectFigure(env.hourly_emissions_gCO2eq, 0.732621347 * 1.135 * 450.9, 'gCO2e');
  });

  it('a standard set to the official basis judges the official factor (per-standard basis)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kcarbon-basis-'));
    const file = path.join(dir, 'kcarbon.json');
    await writeFile(file, JSON.stringify({ standards: { KR_CARBON_2050: { basis: 'official' } } }));
    const r = await assess(['--config', file], { KOREA_CARBON_INTENSITY: '417.3' });
    const c = r.checks.find((x: { standard: string }) => x.standard === 'KR_CARBON_2050');
    // 417.3 against 417.3: (417.3 - 417.3) / 417.3 = 0 %, COMPLIANT (<=)
    expect(c).toMatchObject({
      intensity_basis: 'official',
      value: 417.3,
      limit: 417.3,
      gap_percent: 0,
      status: 'COMPLIANT',
    });
    // The run itself stays on the life-cycle basis.
    expect(r.data_used.grid.intensity_basis).toBe('lifecycle');
  });

  it('regions --basis official never sets the official factor against life-cycle figures (basis-comparison.test.ts)', async () => {
    const r = await cli([
      'regions',
      'ml-training-job',
      '--demo',
      '--to',
      'eu-north-1',
      '--basis',
      'official',
      '--json',
    ]);
    const j = JSON.parse(r.stdout);
    const rows = j.comparisons;
    // eu-north-1 has no official factor: both regions compare on their life-cycle figures, labelled
    expect(j.comparison_basis).toBe('lifecycle');
    const seoul = rows.find((x: { region: string }) => x.region === 'ap-northeast-2');
    expect(seoul.carbon_intensity_gCO2eq_kWh).toBe(423);
    expect(seoul.intensity_source).toMatch(/\(lifecycle\)$/);
    expect(rows.find((x: { region: string }) => x.region === 'eu-north-1').intensity_source).toMatch(
      /\(lifecycle\)$/,
    );
  });

  it('bad choices are one clear error line (exit 2); schedule refuses a flat official factor', async () => {
    const bad = await cli(['assess', 'ml-training-job', '--demo', '--basis', 'official:1999']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown official factor '1999' for KR; known: 2020-2022, 2021, 2022, 2023/);
    const env = await cli(['assess', 'ml-training-job', '--demo'], { KCARBON_BASIS: 'marginal' });
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/KCARBON_BASIS: expected lifecycle, official or official:<factor id>/);
    const s = await cli(['schedule', 'ml-training-job', '--demo', '--basis', 'official']);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/one annual figure/);
  });
});

describe("assess names the figure each carbon check judged, not the run's", () => {
  it('--basis official: KR_CARBON_2050 judges its own life-cycle 423 (not the official 417.3 of the run)', async () => {
    const r = await cli([
      'assess',
      'ml-training-job',
      '--demo',
      '--basis',
      'official',
      '--at',
      '2026-01-15T05:00:00Z',
    ]);
    expect(r.code).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.startsWith('Carbon check'))!;
    expect(line).toMatch(/judged on 423\.0 g\/kWh \(lifecycle; KR_CARBON_2050;/);
    expect(line).not.toMatch(/417\.3/);
    // A run whose standards hold no carbon check judged no figure, and says so (it said 'judged on 423.0 g/kWh').
    for (const [lang, text] of [
      ['en', 'none: no selected standard has a carbon check'],
      ['ko', '없음: 선택한 기준에 탄소 검사가 없습니다'],
    ]) {
      const pueOnly = await cli([
        'assess',
        'web-frontend',
        '--demo',
        '--standard',
        'KR_PUE_GREEN_DC',
        '--lang',
        lang!,
      ]);
      expect(pueOnly.code).toBe(0);
      expect(pueOnly.stdout).toContain(text);
      expect(pueOnly.stdout).not.toMatch(/judged on|로 판정/);
    }
    const json = JSON.parse(
      (
        await cli([
          'assess',
          'ml-training-job',
          '--demo',
          '--basis',
          'official',
          '--at',
          '2026-01-15T05:00:00Z',
          '--json',
        ])
      ).stdout,
    );
    const carbon = json.checks.filter((c: { metric: string }) => c.metric === 'carbon_intensity');
    expect(
      carbon.map((c: { value: number; intensity_basis: string }) => [c.value, c.intensity_basis]),
    ).toEqual([[423, 'lifecycle']]);
    expect(json.current_carbon_intensity_gCO2eq_kWh).toBe(417.3);
  });
});
