/**
 * The MCP carbon-intensity://{region} resource and grid data: the official national factors of the
 * region's country (source, publication date, the current one), the basis runs use, and the live figure of
 * the configured provider (a fake Electricity Maps on loopback) or why there is none. Real MCP client
 * over stdio against the built server.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AssessResult } from '../src/commands/assess.js';
import type { IntensityResource } from '../src/commands/resources.js';
import { loadConfig } from '../src/config/index.js';
import { cli } from './support/cli.js';
import { emLatestFigure, type Fake, fakeElectricityMaps, iso } from './support/grid-fakes.js';
import { AT, connectStdio, type StdioConnected } from './support/mcp.js';

const T = Date.parse(AT);
const config = await loadConfig({ env: {} });

let open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.map((o) => o.close()));
  open = [];
});

async function connect(args: string[], env: NodeJS.ProcessEnv = {}): Promise<StdioConnected> {
  const c = await connectStdio(['--demo', '--at', AT, ...args], env);
  open.push(c);
  return c;
}

/** A fake Electricity Maps (closed after the test) and the flags that point kcarbon at it with a fresh cache. */
async function emGrid(token = 'k'): Promise<{ em: Fake; grid: string[] }> {
  const em = await fakeElectricityMaps({ t: T, token });
  open.push(em);
  const cache = await mkdtemp(path.join(tmpdir(), 'kcarbon-grid-'));
  return { em, grid: ['--grid', 'electricitymaps', '--grid-url', em.url('/v3'), '--grid-cache', cache] };
}

async function read(c: StdioConnected, uri: string): Promise<IntensityResource> {
  const r = await c.client.readResource({ uri });
  const content = r.contents[0]!;
  return JSON.parse('text' in content ? content.text : '');
}

describe('carbon-intensity:// official factors and live figure', () => {
  it('offline: the KR official factors with source and publication date; live says it is not configured', async () => {
    const c = await connect([]);
    const r = await read(c, 'carbon-intensity://ap-northeast-2');
    const kr = config.officialFactors.KR!;
    expect(r.official_factors).toMatchObject({ country: 'KR', current: '2023', name: kr.name });
    // current first, then newest (data) year first: the 2020-2022 average's year is 2022
    expect(r.official_factors!.factors.map((f) => f.id)).toEqual(['2023', '2020-2022', '2022', '2021']);
    expect(r.official_factors!.factors[0]).toEqual({ id: '2023', current: true, ...kr.factors['2023'] });
    expect(r.official_factors!.factors[0]).toMatchObject({
      value: 417.3,
      basis: 'direct',
      year: 2023,
      published: '2025-12-17',
    });
    expect(r.official_factors!.factors.find((f) => f.id === '2020-2022')).toMatchObject({
      value: 454.1,
      published: '2025-03',
      current: false,
    });
    expect(r.basis_in_force).toMatchObject({
      choice: 'lifecycle',
      value: 423,
      basis: 'lifecycle',
      year: 2025,
    });
    expect(r.live).toEqual({
      configured: false,
      note: expect.stringMatching(/no live grid provider configured/),
    });
    // a country without official factors says so
    const se = await read(c, 'carbon-intensity://eu-north-1');
    expect(se.official_factors).toBeNull();
  });

  it("--intensity and --pue state the server's region only: resources/list, carbon-intensity:// and get_regional_comparison agree", async () => {
    // Before, under --intensity 100 reading carbon-intensity://eu-north-1 said 100 ("flag --intensity") while
    // resources/list and get_regional_comparison said 20 (the CLI's regions keeps other regions' own figures).
    for (const [env, own, other] of [
      [{}, 'ap-northeast-2', 'eu-north-1'],
      [{ KCARBON_REGION: 'eu-north-1' }, 'eu-north-1', 'ap-northeast-2'],
    ] as const) {
      const c = await connect(['--intensity', '100', '--pue', '1.3'], env);
      const listed = (await c.client.listResources()).resources;
      const described = (code: string) =>
        listed.find((r) => r.uri === `carbon-intensity://${code}`)!.description;
      const stated = await read(c, `carbon-intensity://${own}`);
      expect(stated.carbon_intensity).toMatchObject({ value: 100, source: 'flag --intensity' });
      expect(stated.pue.value).toBe(1.3);
      expect(described(own)).toMatch(/: 100 gCO2e\/kWh .*PUE 1\.3$/);
      const kept = await read(c, `carbon-intensity://${other}`);
      const figure = config.regions[other]!;
      expect(kept.carbon_intensity.value).toBe(figure.intensity.value);
      expect(kept.pue.value).toBe(figure.pue.value);
      expect(described(other)).toContain(`: ${figure.intensity.value} gCO2e/kWh`);
      const cmp = (await c.client.callTool({
        name: 'get_regional_comparison',
        arguments: { workload_name: 'ml-training-job', comparison_regions: [other] },
      })) as unknown as {
        structuredContent: { comparisons: { region: string; carbon_intensity_gCO2eq_kWh: number }[] };
      };
      const rows = Object.fromEntries(
        cmp.structuredContent.comparisons.map((r) => [r.region, r.carbon_intensity_gCO2eq_kWh]),
      );
      expect(rows).toEqual({ [own]: 100, [other]: figure.intensity.value });
    }
  });

  it('--basis official: the basis in force is the current official factor', async () => {
    const c = await connect(['--basis', 'official']);
    const r = await read(c, 'carbon-intensity://ap-northeast-2');
    expect(r.basis_in_force).toMatchObject({ choice: 'official', value: 417.3, basis: 'direct', year: 2023 });
    // the annual region figure stays the life-cycle one
    expect(r.carbon_intensity).toMatchObject({ value: 423, basis: 'lifecycle' });
  });

  it('with a provider: the live KR figure with provider, signal, basis and timestamp; cached on the second read', async () => {
    const { em, grid } = await emGrid();
    const c = await connect(grid, { ELECTRICITYMAPS_API_TOKEN: 'k' });
    const r = await read(c, 'carbon-intensity://ap-northeast-2');
    expect(r.live).toMatchObject({
      configured: true,
      provider: 'electricitymaps',
      available: true,
      zone: 'KR',
      value: 400,
      unit: 'gCO2e/kWh',
      signal: 'average',
      basis: 'lifecycle',
      kind: 'latest',
      timestamp: iso(T),
      endpoints: ['carbon-intensity/latest', 'carbon-intensity/history', 'carbon-intensity/forecast'],
      used_by_runs: true,
    });
    const n = em.requests.length;
    expect(n).toBe(3);
    await read(c, 'carbon-intensity://ap-northeast-2');
    expect(em.requests.length).toBe(n); // the run's disk cache answers
  });

  it('--basis official with a provider: the live figure is shown and marked as not used by runs', async () => {
    const { grid } = await emGrid();
    const c = await connect(['--basis', 'official', ...grid], { ELECTRICITYMAPS_API_TOKEN: 'k' });
    const r = await read(c, 'carbon-intensity://ap-northeast-2');
    expect(r.basis_in_force).toMatchObject({ choice: 'official', value: 417.3 });
    expect(r.live).toMatchObject({ available: true, value: 400, used_by_runs: false });
  });

  it('the assess tool over MCP uses the live KR figure and says so in data_used, as the CLI does', async () => {
    const { grid } = await emGrid();
    const c = await connect(grid, { ELECTRICITYMAPS_API_TOKEN: 'k' });
    const r = (await c.client.callTool({
      name: 'assess_workload_compliance',
      arguments: { workload_name: 'ml-training-job', namespace: 'ai-team' },
    })) as unknown as { structuredContent: AssessResult; isError?: boolean };
    expect(r.isError ?? false).toBe(false);
    const tool = r.structuredContent;
    expect(tool.current_carbon_intensity_gCO2eq_kWh).toBe(400);
    expect(tool.data_used.grid.figure_at_time).toEqual(emLatestFigure(T));
    const viaCli = await cli(
      ['assess', 'ml-training-job', '-n', 'ai-team', '--demo', '--at', AT, '--json', ...grid],
      {
        ELECTRICITYMAPS_API_TOKEN: 'k',
      },
    );
    const j = JSON.parse(viaCli.stdout);
    expect(tool.data_used.grid).toEqual(j.data_used.grid);
  });

  it('a server stated --intensity: tools use it at every hour and do not ask the provider, as the CLI; the resource marks the live figure unused', async () => {
    const { em, grid } = await emGrid();
    const c = await connect(['--intensity', '300', ...grid], { ELECTRICITYMAPS_API_TOKEN: 'k' });
    const r = (await c.client.callTool({
      name: 'assess_workload_compliance',
      arguments: { workload_name: 'ml-training-job', namespace: 'ai-team' },
    })) as unknown as { structuredContent: AssessResult & { warnings: Array<{ code: string }> } };
    const tool = r.structuredContent;
    expect(em.requests).toHaveLength(0);
    expect(tool.current_carbon_intensity_gCO2eq_kWh).toBe(300);
    expect(tool.carbon_check_intensity_gCO2eq_kWh).toBe(300);
    expect(tool.warnings.map((w) => w.code)).toEqual(['grid-unused']);
    const viaCli = await cli(
      [
        'assess',
        'ml-training-job',
        '-n',
        'ai-team',
        '--demo',
        '--at',
        AT,
        '--json',
        '--intensity',
        '300',
        ...grid,
      ],
      { ELECTRICITYMAPS_API_TOKEN: 'k' },
    );
    const j = JSON.parse(viaCli.stdout);
    expect(tool.data_used.grid).toEqual(j.data_used.grid);
    expect(tool.monthly_emissions_kg).toBe(j.monthly_emissions_kg);
    expect(tool.warnings).toEqual(j.warnings);
    const res = await read(c, 'carbon-intensity://ap-northeast-2');
    expect(res.live).toMatchObject({ available: true, value: 400, used_by_runs: false });
  });

  it('a failing provider: live says unavailable and why; the resource still answers', async () => {
    const { grid } = await emGrid('right');
    const c = await connect([...grid, '--grid-strict'], { ELECTRICITYMAPS_API_TOKEN: 'wrong' });
    const r = await read(c, 'carbon-intensity://ap-northeast-2');
    expect(r.live).toEqual({
      configured: true,
      provider: 'electricitymaps',
      available: false,
      reason: expect.stringMatching(/401 Unauthorized/),
    });
    expect(r.official_factors!.current).toBe('2023');
  });
});
