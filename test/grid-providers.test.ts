/**
 * Live grid providers against local fake servers (loopback only) speaking each provider's documented
 * shapes: the figures used, data_used provenance, the disk cache (a second run makes no request),
 * auth failures, 429 Retry-After, the fallback to offline data and --grid-strict (exit 3).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hourFigures } from '../src/carbon/live.js';
import { loadGridSeries } from '../src/sources/grid/index.js';
import type { GridSeries } from '../src/sources/grid/types.js';
import { LBS_PER_MWH_TO_G_PER_KWH } from '../src/sources/grid/watttime.js';
import { cli } from './support/cli.js';
import {
  EM_LATEST,
  EM_PAST,
  emLatestFigure,
  type Fake,
  fakeCarbonAwareSdk,
  fakeElectricityMaps,
  fakeWattTime,
  HOUR,
  iso,
  SDK_PAST,
} from './support/grid-fakes.js';
import { expectFigure } from './support/precision.js';
import { startServer } from './support/servers.js';

const T = Date.parse('2026-01-15T05:00:00Z'); // 14:00 KST
const AT = iso(T + 20 * 60_000); // 05:20 UTC: inside the latest hour
let servers: Fake[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
async function track(p: Promise<Fake>): Promise<Fake> {
  const s = await p;
  servers.push(s);
  return s;
}
const cacheDir = () => mkdtemp(path.join(tmpdir(), 'kcarbon-grid-'));
/** --grid P --grid-url URL --grid-cache <fresh dir> */
const gridArgs = async (provider: string, url: string) => [
  '--grid',
  provider,
  '--grid-url',
  url,
  '--grid-cache',
  await cacheDir(),
];

async function assess(extra: string[], env: NodeJS.ProcessEnv = {}) {
  const r = await cli(['assess', 'ml-training-job', '--demo', '--at', AT, '--json', ...extra], env);
  return { ...r, json: r.stdout ? JSON.parse(r.stdout) : undefined };
}

describe('hour figures (pure)', () => {
  it('averages sub-hour points per clock hour, time-weighted, keeping provenance', () => {
    const s: GridSeries = {
      provider: 'watttime',
      region: 'r',
      zone: 'Z',
      signal: 'marginal',
      basis: 'marginal',
      fetchedAt: iso(T),
      endpoints: [],
      notes: [],
      requests: 0,
      points: [
        { start: iso(T), durationSeconds: 1800, value: 100, kind: 'forecast' },
        { start: iso(T + 1800_000), durationSeconds: 900, value: 200, kind: 'forecast' },
        // spills 15 min into the next hour
        { start: iso(T + 2700_000), durationSeconds: 1800, value: 400, kind: 'forecast' },
      ],
    };
    const h = hourFigures(s);
    // hour T: (100 x 30 + 200 x 15 + 400 x 15) / 60 = 200 ; hour T+1: 400 over its first 15 min
    expect(h.get(T)).toMatchObject({
      value: 200,
      provider: 'watttime',
      signal: 'marginal',
      timestamp: iso(T),
    });
    expect(h.get(T + HOUR)?.value).toBe(400);
  });
});

describe('Electricity Maps v3', () => {
  it('assess uses the live KR figure and says so in data_used; the second run is served from the cache', async () => {
    const em = await track(fakeElectricityMaps({ t: T, token: 'em-secret' }));
    const cache = await cacheDir();
    const args = ['--grid', 'electricitymaps', '--grid-url', em.url('/v3'), '--grid-cache', cache];
    const env = { ELECTRICITYMAPS_API_TOKEN: 'em-secret' };
    const r = await assess(args, env);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.json.current_carbon_intensity_gCO2eq_kWh).toBe(EM_LATEST);
    // 732.621347 W / 1000 x 1.135 x 400 = 332.610092 g/h
    expectFigure(r.json.hourly_emissions_gCO2eq, 0.732621347 * 1.135 * 400, 'gCO2e');
    const grid = r.json.data_used.grid;
    expect(grid.figure_at_time).toEqual(emLatestFigure(T));
    expect(grid.live).toMatchObject({
      provider: 'electricitymaps',
      zone: 'KR',
      signal: 'average',
      basis: 'lifecycle',
      hours_covered: 49,
      first_hour: iso(T - 24 * HOUR),
      last_hour: iso(T + 24 * HOUR),
      endpoints: ['carbon-intensity/latest', 'carbon-intensity/history', 'carbon-intensity/forecast'],
    });
    expect(r.json.warnings).toEqual([]);
    const latest = em.requests.find((q) => q.url?.startsWith('/v3/carbon-intensity/latest'))!;
    expect(latest.headers['auth-token']).toBe('em-secret');
    expect(latest.url).toContain('zone=KR');
    expect(em.requests).toHaveLength(3);

    const again = await assess(args, env);
    expect(again.json.current_carbon_intensity_gCO2eq_kWh).toBe(EM_LATEST);
    expect(em.requests).toHaveLength(3); // no request: every response came from the disk cache
    // the cached figures keep the time they were fetched
    expect(again.json.data_used.grid.live.fetched_at).toBe(grid.live.fetched_at);
  });

  it('a cache directory is made owner-only, parents too; one that cannot be made (under /proc) only costs the cache', async () => {
    const em = await track(fakeElectricityMaps({ t: T, token: 'k' }));
    const env = { ELECTRICITYMAPS_API_TOKEN: 'k' };
    const base = await cacheDir();
    const nested = path.join(base, 'a', 'grid');
    const r = await assess(
      ['--grid', 'electricitymaps', '--grid-url', em.url('/v3'), '--grid-cache', nested],
      env,
    );
    expect(r.json.data_used.grid.figure_at_time.source).toBe('electricitymaps');
    for (const d of [path.join(base, 'a'), nested]) expect((await stat(d)).mode & 0o077).toBe(0);
    expect((await readdir(nested)).filter((f) => f.endsWith('.json'))).toHaveLength(3);
    if (!existsSync('/proc/self')) return;
    // Node's recursive mkdir of /proc/nope never returns: the run hung on its first cache write.
    const proc = [
      '--grid',
      'electricitymaps',
      '--grid-url',
      em.url('/v3'),
      '--grid-cache',
      '/proc/nope/grid',
    ];
    const p = await assess(proc, env);
    expect(p.code, p.stderr).toBe(0);
    expect(p.json.current_carbon_intensity_gCO2eq_kWh).toBe(EM_LATEST);
  });

  it('a bad token is an auth failure: warning grid-fallback and the offline figure; --grid-strict exits 3', async () => {
    const em = await track(fakeElectricityMaps({ t: T, token: 'right' }));
    const args = ['--grid', 'electricitymaps', '--grid-url', em.url('/v3'), '--grid-cache', await cacheDir()];
    const r = await assess(args, { ELECTRICITYMAPS_API_TOKEN: 'wrong' });
    expect(r.code).toBe(0);
    expect(r.json.data_used.grid.figure_at_time.source).toBe('offline');
    expect(r.json.data_used.grid.live).toBeUndefined();
    const offline = await assess([]);
    expect(r.json.current_carbon_intensity_gCO2eq_kWh).toBe(offline.json.current_carbon_intensity_gCO2eq_kWh);
    expect(r.json.warnings).toEqual([
      expect.objectContaining({
        code: 'grid-fallback',
        message: expect.stringMatching(/401 Unauthorized.*Invalid authentication/),
      }),
    ]);
    expect(r.stderr).toMatch(/warning: grid provider electricitymaps unavailable for ap-northeast-2/);

    const strict = await assess([...args, '--grid-strict'], { ELECTRICITYMAPS_API_TOKEN: 'wrong' });
    expect(strict.code).toBe(3);
    expect(strict.stderr).toMatch(/^kcarbon: error: grid provider electricitymaps: 401/);

    const missing = await assess(args, {});
    expect(missing.json.warnings[0].message).toMatch(/set ELECTRICITYMAPS_API_TOKEN/);
  });

  it('a figure that is no carbon intensity (negative, or above 2,000 g/kWh) is a format error: fallback, exit 3 with --grid-strict', async () => {
    for (const latest of [-420, 2500]) {
      const em = await track(fakeElectricityMaps({ t: T, token: 't', latest }));
      const args = await gridArgs('electricitymaps', em.url('/v3'));
      const r = await assess(args, { ELECTRICITYMAPS_API_TOKEN: 't' });
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.data_used.grid.figure_at_time.source).toBe('offline');
      expect(r.json.hourly_emissions_gCO2eq).toBeGreaterThan(0);
      expect(r.json.warnings).toEqual([
        expect.objectContaining({
          code: 'grid-fallback',
          message: expect.stringMatching(
            new RegExp(`latest.carbonIntensity is ${latest} g/kWh, not a carbon intensity \\(0 to 2000\\)`),
          ),
        }),
      ]);
      const strict = await assess([...args, '--grid-strict'], { ELECTRICITYMAPS_API_TOKEN: 't' });
      expect(strict.code).toBe(3);
    }
  });

  it('--timeout bounds a provider that does not answer: fallback saying so', async () => {
    const hang = createServer(() => {});
    await new Promise<void>((ok) => hang.listen(0, '127.0.0.1', ok));
    try {
      const url = `http://127.0.0.1:${(hang.address() as AddressInfo).port}/v3`;
      const args = [...(await gridArgs('electricitymaps', url)), '--timeout', '1s'];
      const r = await assess(args, { ELECTRICITYMAPS_API_TOKEN: 't' });
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.warnings).toEqual([
        expect.objectContaining({
          code: 'grid-fallback',
          message: expect.stringMatching(/no complete answer within 1 s \(--timeout\)/),
        }),
      ]);
    } finally {
      hang.closeAllConnections();
      hang.close();
    }
  });

  it('--timeout is a deadline for the whole answer: a body dripping a byte a second falls back, exit 3 with --grid-strict', async () => {
    // headers at once, then a space a second for 8 s and an empty object: no whole answer within 1 s
    const drip = await track(
      startServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        let n = 0;
        const t = setInterval(() => {
          if (++n < 8) res.write(' ');
          else {
            clearInterval(t);
            res.end('{}');
          }
        }, 1000);
        res.on('close', () => clearInterval(t));
      }).then((s) => ({ ...s, count: () => s.requests.length })),
    );
    const args = [...(await gridArgs('electricitymaps', drip.url('/v3'))), '--timeout', '1s'];
    const r = await assess(args, { ELECTRICITYMAPS_API_TOKEN: 't' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.data_used.grid.figure_at_time.source).toBe('offline');
    expect(r.json.warnings).toEqual([
      expect.objectContaining({
        code: 'grid-fallback',
        message: expect.stringMatching(
          /carbon-intensity\/latest: no complete answer within 1 s \(--timeout\)/,
        ),
      }),
    ]);
    const strict = await assess([...args, '--grid-strict'], { ELECTRICITYMAPS_API_TOKEN: 't' });
    expect(strict.code).toBe(3);
    expect(strict.stderr).toMatch(/no complete answer within 1 s \(--timeout\)/);
  });

  it('an answer larger than 32 MiB (or --max-bytes) is not read: fallback naming the cap, exit 3 with --grid-strict', async () => {
    // 33 MiB of blanks before an empty object: JSON, but no answer of the API
    const mib = Buffer.alloc(1 << 20, 0x20);
    const big = await track(
      startServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        let n = 0;
        const pump = () => {
          while (n < 33) {
            n++;
            if (!res.write(mib)) {
              res.once('drain', pump);
              return;
            }
          }
          res.end('{}');
        };
        res.on('error', () => {});
        pump();
      }).then((s) => ({ ...s, count: () => s.requests.length })),
    );
    const args = await gridArgs('electricitymaps', big.url('/v3'));
    const env = { ELECTRICITYMAPS_API_TOKEN: 't' };
    const r = await assess(args, env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.warnings).toEqual([
      expect.objectContaining({
        code: 'grid-fallback',
        message: expect.stringMatching(
          /carbon-intensity\/latest: answer larger than 32 MiB \(stopped reading there\)/,
        ),
      }),
    ]);
    const capped = await assess([...args, '--max-bytes', '64KiB', '--grid-strict'], env);
    expect(capped.code).toBe(3);
    expect(capped.stderr).toMatch(/answer larger than 64 KiB/);
  });

  it('reads the token from ELECTRICITYMAPS_API_TOKEN_FILE', async () => {
    const em = await track(fakeElectricityMaps({ t: T, token: 'from-file' }));
    const dir = await cacheDir();
    const file = path.join(dir, 'token');
    await writeFile(file, 'from-file\n');
    const r = await assess(['--grid', 'electricitymaps', '--grid-url', em.url('/v3'), '--grid-cache', dir], {
      ELECTRICITYMAPS_API_TOKEN_FILE: file,
    });
    expect(r.json.data_used.grid.figure_at_time.source).toBe('electricitymaps');
  });

  it('respects 429 Retry-After: waits a short one, falls back on a long one', async () => {
    const short = await track(
      fakeElectricityMaps({ t: T, token: 'k', rateLimit: { path: '/latest', times: 1, retryAfter: '0' } }),
    );
    const env = { ELECTRICITYMAPS_API_TOKEN: 'k' };
    const r = await assess(
      ['--grid', 'electricitymaps', '--grid-url', short.url('/v3'), '--grid-cache', await cacheDir()],
      env,
    );
    expect(r.json.current_carbon_intensity_gCO2eq_kWh).toBe(EM_LATEST);
    expect(short.count('/latest')).toBe(2);

    const long = await track(
      fakeElectricityMaps({ t: T, token: 'k', rateLimit: { path: '/latest', times: 9, retryAfter: '3600' } }),
    );
    const f = await assess(
      ['--grid', 'electricitymaps', '--grid-url', long.url('/v3'), '--grid-cache', await cacheDir()],
      env,
    );
    expect(f.json.data_used.grid.figure_at_time.source).toBe('offline');
    expect(f.json.warnings[0]).toMatchObject({
      code: 'grid-fallback',
      message: expect.stringMatching(/rate limited \(429\), retry after 3600 s/),
    });
    expect(long.count('/latest')).toBe(1);
  });

  it('a plan without forecast still uses latest and history, and notes the refusal', async () => {
    const em = await track(
      fakeElectricityMaps({ t: T, token: 'k', refuse: { path: '/forecast', status: 403 } }),
    );
    const r = await assess(
      ['--grid', 'electricitymaps', '--grid-url', em.url('/v3'), '--grid-cache', await cacheDir()],
      {
        ELECTRICITYMAPS_API_TOKEN: 'k',
      },
    );
    expect(r.json.current_carbon_intensity_gCO2eq_kWh).toBe(EM_LATEST);
    expect(r.json.data_used.grid.live.hours_covered).toBe(25);
    expect(r.json.data_used.grid.live.notes[0]).toMatch(/carbon-intensity\/forecast: .*403 Forbidden/);
  });

  it('an unreachable provider falls back (network error)', async () => {
    const em = await track(fakeElectricityMaps({ t: T, token: 'k' }));
    const url = em.url('/v3');
    await em.close();
    servers = [];
    const r = await assess(
      ['--grid', 'electricitymaps', '--grid-url', url, '--grid-cache', await cacheDir()],
      {
        ELECTRICITYMAPS_API_TOKEN: 'k',
      },
    );
    expect(r.code).toBe(0);
    expect(r.json.warnings[0].code).toBe('grid-fallback');
  });

  it('KCARBON_GRID chooses the provider; --grid offline and bad choices', async () => {
    const em = await track(fakeElectricityMaps({ t: T, token: 'k' }));
    const r = await assess(['--grid-url', em.url('/v3'), '--grid-cache', await cacheDir()], {
      KCARBON_GRID: 'electricitymaps',
      ELECTRICITYMAPS_API_TOKEN: 'k',
    });
    expect(r.json.data_used.grid.figure_at_time.source).toBe('electricitymaps');
    const off = await assess(['--grid', 'offline'], { KCARBON_GRID: 'electricitymaps' });
    expect(off.json.data_used.grid.figure_at_time.source).toBe('offline');
    const bad = await assess(['--grid', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown grid provider 'nope'/);
    const badUrl = await assess(['--grid', 'electricitymaps', '--grid-url', 'ftp://x']);
    expect(badUrl.code).toBe(2);
  });
});

describe('Carbon Aware SDK WebAPI', () => {
  it('bylocation 5-minute ratings become the hour figure; forecasts/current gets windowSize; signal from config', async () => {
    const sdk = await track(fakeCarbonAwareSdk({ t: T, location: 'ap-northeast-2' }));
    const r = await assess([...(await gridArgs('carbon-aware-sdk', sdk.url(''))), '--duration', '2h']);
    expect(r.stderr).toBe('');
    // mean of 300, 305, ..., 355 (twelve 5-minute points) = 327.5
    expect(r.json.current_carbon_intensity_gCO2eq_kWh).toBe(327.5);
    expect(r.json.data_used.grid.figure_at_time).toMatchObject({
      source: 'carbon-aware-sdk',
      signal: 'marginal',
      basis: 'marginal',
      kind: 'history',
      timestamp: iso(T),
    });
    const fc = sdk.requests.find((q) => q.url?.startsWith('/emissions/forecasts/current'))!;
    expect(new URL(fc.url!, 'http://x').searchParams.get('windowSize')).toBe('120');
    expect(r.json.data_used.grid.live.notes.join(' ')).toMatch(/SDK optimal window/);
  });

  it('a location the SDK does not know (400 ProblemDetails) falls back with the detail', async () => {
    const sdk = await track(fakeCarbonAwareSdk({ t: T, location: 'koreacentral' }));
    const r = await assess(await gridArgs('carbon-aware-sdk', sdk.url('')));
    expect(r.json.warnings[0]).toMatchObject({
      code: 'grid-fallback',
      message: expect.stringMatching(/HTTP 400.*unknown location/),
    });
  });

  it('a config zone mapping names the SDK location', async () => {
    const sdk = await track(fakeCarbonAwareSdk({ t: T, location: 'koreacentral' }));
    const dir = await cacheDir();
    const file = path.join(dir, 'kcarbon.json');
    await writeFile(
      file,
      JSON.stringify({
        gridProviders: { 'carbon-aware-sdk': { zones: { 'ap-northeast-2': 'koreacentral' } } },
      }),
    );
    const r = await assess([
      '--config',
      file,
      '--grid',
      'carbon-aware-sdk',
      '--grid-url',
      sdk.url(''),
      '--grid-cache',
      dir,
    ]);
    expect(r.json.data_used.grid.figure_at_time.zone).toBe('koreacentral');
  });
});

describe('WattTime v3', () => {
  async function wtConfig(): Promise<{ dir: string; file: string }> {
    const dir = await cacheDir();
    const file = path.join(dir, 'kcarbon.json');
    await writeFile(
      file,
      JSON.stringify({ gridProviders: { watttime: { zones: { 'ap-northeast-2': 'KOR_TEST' } } } }),
    );
    return { dir, file };
  }

  it('logs in, reads signal-index and forecast; MOER lbs/MWh -> g/kWh, marked marginal; cached without a new login', async () => {
    const wt = await track(fakeWattTime({ t: T, user: 'u', password: 'p', region: 'KOR_TEST' }));
    const { dir, file } = await wtConfig();
    const args = ['--config', file, '--grid', 'watttime', '--grid-url', wt.url(''), '--grid-cache', dir];
    const env = { WATTTIME_USERNAME: 'u', WATTTIME_PASSWORD: 'p' };
    const r = await assess(args, env);
    expect(r.stderr).toBe('');
    // 1000 lbs/MWh x 0.45359237 = 453.59237 g/kWh
    expect(r.json.current_carbon_intensity_gCO2eq_kWh).toBeCloseTo(1000 * LBS_PER_MWH_TO_G_PER_KWH, 3);
    expect(r.json.data_used.grid.figure_at_time).toMatchObject({
      source: 'watttime',
      signal: 'marginal',
      basis: 'marginal',
      kind: 'forecast',
    });
    expect(r.json.data_used.grid.live).toMatchObject({ signal: 'marginal', signal_index_percent: 42 });
    // KR_CARBON_2050 states a life-cycle basis: it judges the offline life-cycle daily mean (423 g/kWh for KR),
    // never the marginal rate, and says which basis; a check without its own basis is labelled marginal.
    const kr = r.json.checks.find((c: { standard: string }) => c.standard === 'KR_CARBON_2050');
    expect(kr).toMatchObject({ value: 423, intensity_basis: 'lifecycle', status: 'COMPLIANT' });
    expect(wt.count('/login')).toBe(1);
    const n = wt.requests.length;
    await assess(args, env);
    expect(wt.requests.length).toBe(n); // cached: no login, no data request
  });

  it('marginal figures are never ranked against the offline life-cycle profile: windows stay inside the hours WattTime covers', async () => {
    const wt = await track(
      fakeWattTime({ t: T, user: 'u', password: 'p', region: 'KOR_TEST', forecastHours: 24 }),
    );
    const dir = await cacheDir();
    const file = path.join(dir, 'kcarbon.json');
    // an offline figure (100 g/kWh a year, life-cycle) far below the marginal rate: a window past the forecast
    // (T+1 h .. T+25 h) would look cleaner only because the signal changes
    await writeFile(
      file,
      JSON.stringify({
        gridProviders: { watttime: { zones: { 'ap-northeast-2': 'KOR_TEST' } } },
        regions: {
          'ap-northeast-2': {
            intensity: { value: 100, unit: 'gCO2e/kWh', basis: 'lifecycle', source: 'test', year: 2025 },
          },
        },
      }),
    );
    const args = [
      '--demo',
      '--at',
      AT,
      '--json',
      '--within',
      '48h',
      '--config',
      file,
      '--grid',
      'watttime',
      '--grid-url',
      wt.url(''),
      '--grid-cache',
      dir,
    ];
    const env = { WATTTIME_USERNAME: 'u', WATTTIME_PASSWORD: 'p' };
    const g = (lbs: number) => lbs * LBS_PER_MWH_TO_G_PER_KWH;
    const s = await cli(['schedule', 'ml-training-job', ...args], env);
    const j = JSON.parse(s.stdout);
    // now = [05:20, 09:20): (40 min x 1000 + 200 min x 600) / 240 lbs/MWh; best = 600 lbs/MWh, all forecast
    const now = g((40 * 1000 + 200 * 600) / 240);
    expect(j.current_carbon_intensity).toBeCloseTo(now, 3);
    expect(j.optimal_carbon_intensity).toBeCloseTo(g(600), 3);
    expect(j.optimal_windows.every((w: { live_share: number }) => w.live_share === 1)).toBe(true);
    // 1 - 272.156 / 302.395 = 10 % (it said 68 %: a day-after offline window at ~96 g/kWh against the marginal now)
    expect(j.reduction_percent).toBeCloseTo((1 - g(600) / now) * 100, 2);
    expect(j.warnings.map((w: { code: string }) => w.code)).toEqual(['grid-window-basis']);
    expect(s.stderr).toMatch(
      /watttime's figures are marginal, the offline profile's lifecycle: a run window is compared only with windows on the same figures/,
    );

    const a = await assess(args.slice(4), env);
    const shift = a.json.optimizations.find((o: { type: string }) => o.type === 'temporal_shift');
    expect(shift.estimated_reduction_percent).toBeCloseTo((1 - g(600) / now) * 100, 2);
    expect(shift.basis).toMatch(/only windows on the same figures as a run starting now are compared/);

    // without a forecast (a plan without /v3/forecast) every window from now on is offline: they compare with
    // each other on the profile, as without a provider
    const plain = await track(
      fakeWattTime({
        t: T,
        user: 'u',
        password: 'p',
        region: 'KOR_TEST',
        refuse: { path: '/v3/forecast', status: 403 },
      }),
    );
    const rest = [...args.slice(0, -4), '--grid-url', plain.url(''), '--grid-cache', await cacheDir()];
    const offline = JSON.parse((await cli(['schedule', 'ml-training-job', ...rest], env)).stdout);
    expect(offline.optimal_windows[0].live_share).toBe(0);
    expect(offline.reduction_percent).toBeGreaterThan(0);
  });

  it('reads the password from WATTTIME_PASSWORD_FILE', async () => {
    const wt = await track(fakeWattTime({ t: T, user: 'u', password: 'from-file', region: 'KOR_TEST' }));
    const { dir, file } = await wtConfig();
    const secret = path.join(dir, 'wt-password');
    await writeFile(secret, 'from-file\n');
    const r = await assess(
      ['--config', file, '--grid', 'watttime', '--grid-url', wt.url(''), '--grid-cache', dir],
      { WATTTIME_USERNAME: 'u', WATTTIME_PASSWORD_FILE: secret },
    );
    expect(r.json.warnings).toEqual([]);
    expect(r.json.data_used.grid.figure_at_time.source).toBe('watttime');
  });

  it('a token that expires mid-run (401) is renewed by one new login and the request retried', async () => {
    // The token is good for one data request: signal-index uses it, historical gets 401 -> login -> retry.
    const wt = await track(
      fakeWattTime({ t: T, user: 'u', password: 'p', region: 'KOR_TEST', tokenUses: 1 }),
    );
    const { dir, file } = await wtConfig();
    const r = await assess(
      ['--config', file, '--grid', 'watttime', '--grid-url', wt.url(''), '--grid-cache', dir],
      { WATTTIME_USERNAME: 'u', WATTTIME_PASSWORD: 'p' },
    );
    expect(r.stderr).toBe('');
    expect(r.json.warnings).toEqual([]);
    expect(r.json.current_carbon_intensity_gCO2eq_kWh).toBeCloseTo(1000 * LBS_PER_MWH_TO_G_PER_KWH, 3);
    // signal-index (token 1), historical 401, login, historical (token 2), forecast 401, login, forecast (token 3)
    expect(wt.count('/login')).toBe(3);
    expect(wt.count('/v3/historical')).toBe(2);
    expect(wt.count('/v3/forecast')).toBe(2);
    const auth = wt.requests
      .filter((q) => q.url?.startsWith('/v3/forecast'))
      .map((q) => q.headers.authorization);
    expect(auth).toEqual(['Bearer wt-token-2', 'Bearer wt-token-3']);
    expect(r.json.data_used.grid.live.endpoints).toEqual([
      'login',
      'v3/signal-index',
      'v3/historical',
      'v3/forecast',
    ]);
  });

  it('a second 401 after a fresh login is an auth failure: fallback with a clear warning, exit 3 with --grid-strict', async () => {
    const wt = await track(
      fakeWattTime({ t: T, user: 'u', password: 'p', region: 'KOR_TEST', refuseTokens: true }),
    );
    const { dir, file } = await wtConfig();
    const args = ['--config', file, '--grid', 'watttime', '--grid-url', wt.url(''), '--grid-cache', dir];
    const env = { WATTTIME_USERNAME: 'u', WATTTIME_PASSWORD: 'p' };
    const r = await assess(args, env);
    expect(r.code).toBe(0);
    expect(r.json.data_used.grid.figure_at_time.source).toBe('offline');
    expect(r.json.warnings).toEqual([
      expect.objectContaining({
        code: 'grid-fallback',
        message: expect.stringMatching(/v3\/signal-index refused a fresh login token \(401 twice\)/),
      }),
    ]);
    // one login, one refusal, one more login, one more refusal: no loop
    expect(wt.count('/login')).toBe(2);
    expect(wt.count('/v3/signal-index')).toBe(2);
    const strict = await assess([...args, '--grid-strict'], env);
    expect(strict.code).toBe(3);
    expect(strict.stderr).toMatch(/kcarbon: error: grid provider watttime: .*401 twice/);
  });

  it('wrong credentials fall back (403 at login); missing mapping says how to add one', async () => {
    const wt = await track(fakeWattTime({ t: T, user: 'u', password: 'p', region: 'KOR_TEST' }));
    const { dir, file } = await wtConfig();
    const r = await assess(
      ['--config', file, '--grid', 'watttime', '--grid-url', wt.url(''), '--grid-cache', dir],
      {
        WATTTIME_USERNAME: 'u',
        WATTTIME_PASSWORD: 'bad',
      },
    );
    expect(r.json.warnings[0]).toMatchObject({
      code: 'grid-fallback',
      message: expect.stringMatching(/403 Forbidden/),
    });
    const unmapped = await assess(
      ['--grid', 'watttime', '--grid-url', wt.url(''), '--grid-cache', dir, '--grid-strict'],
      {
        WATTTIME_USERNAME: 'u',
        WATTTIME_PASSWORD: 'p',
      },
    );
    expect(unmapped.code).toBe(3);
    expect(unmapped.stderr).toMatch(
      /no watttime zone for region ap-northeast-2.*gridProviders\.watttime\.zones/,
    );
  });
});

describe('basis and providers', () => {
  it('--basis official keeps the flat official factor and says the live data is not used', async () => {
    const em = await track(fakeElectricityMaps({ t: T, token: 'k' }));
    const r = await assess(
      [
        '--basis',
        'official',
        '--grid',
        'electricitymaps',
        '--grid-url',
        em.url('/v3'),
        '--grid-cache',
        await cacheDir(),
      ],
      {
        ELECTRICITYMAPS_API_TOKEN: 'k',
      },
    );
    expect(r.json.current_carbon_intensity_gCO2eq_kWh).toBe(417.3);
    expect(r.json.warnings[0].code).toBe('grid-unused');
    expect(em.requests).toHaveLength(0);
  });

  it('a stated intensity (--intensity, KCARBON_INTENSITY) is the figure at every hour: the provider is not asked (grid-unused)', async () => {
    const em = await track(fakeElectricityMaps({ t: T, token: 'k' }));
    const r = await assess(['--intensity', '300', ...(await gridArgs('electricitymaps', em.url('/v3')))], {
      ELECTRICITYMAPS_API_TOKEN: 'k',
    });
    expect(r.code).toBe(0);
    expect(em.requests).toHaveLength(0);
    // every figure on the stated 300, none on the provider's 400
    expect(r.json.current_carbon_intensity_gCO2eq_kWh).toBe(300);
    expect(r.json.carbon_check_intensity_gCO2eq_kWh).toBe(300);
    expect(r.json.checks.find((c: { check: string }) => c.check === 'reference-intensity').value).toBe(300);
    // 732.621347 W / 1000 x 1.135 x 300 x 730 / 1000 = 182.104 kg
    expectFigure(r.json.monthly_emissions_kg, (0.732621347 * 1.135 * 300 * 730) / 1000, 'kgCO2e');
    expect(r.json.data_used.grid.figure_at_time.source).toBe('offline');
    expect(r.json.data_used.grid.live).toBeUndefined();
    expect(r.json.warnings).toEqual([
      expect.objectContaining({
        code: 'grid-unused',
        params: { provider: 'electricitymaps', region: 'ap-northeast-2', stated: '--intensity', value: 300 },
      }),
    ]);
    expect(r.stderr).toMatch(/--intensity states ap-northeast-2's grid intensity .* not used/);

    // schedule with the provider and the figure from the environment: no hour is cleaner than another, so no
    // window is offered (it used to rank the provider's 400 now against 300 after the forecast: "saving 25 %")
    for (const within of [[], ['--within', '48h']]) {
      const s = await cli(
        [
          'schedule',
          'ml-training-job',
          '--demo',
          '--at',
          AT,
          '--json',
          '--grid-url',
          em.url('/v3'),
          '--grid-cache',
          await cacheDir(),
          ...within,
        ],
        {
          ELECTRICITYMAPS_API_TOKEN: 'k',
          KCARBON_GRID: 'electricitymaps',
          KCARBON_INTENSITY: '300',
        },
      );
      expect(s.code).toBe(2);
      expect(s.stderr).toMatch(/KCARBON_INTENSITY states ap-northeast-2's grid intensity .* not used/);
      expect(s.stderr).toMatch(/no hour is cleaner than another/);
    }
    expect(em.requests).toHaveLength(0);
  });
});

describe('forecast-driven schedule and temporal_shift', () => {
  /** `t`: the hour the provider's data are built around (its "now"; default T, --at's hour). */
  async function withForecast(cmd: string[], extra: string[] = [], t = T) {
    const em = await track(fakeElectricityMaps({ t, token: 'k' }));
    const r = await cli(
      [
        ...cmd,
        '--demo',
        '--at',
        AT,
        '--json',
        ...(await gridArgs('electricitymaps', em.url('/v3'))),
        ...extra,
      ],
      { ELECTRICITYMAPS_API_TOKEN: 'k' },
    );
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout);
  }

  it('schedule picks the best window from the forecast, answered in the region time zone and UTC', async () => {
    const r = await withForecast(['schedule', 'ml-training-job'], ['--duration', '2h']);
    expect(r.mode).toBe('forecast');
    expect(r.within_hours).toBe(24);
    expect(r.time_zone).toBe('Asia/Seoul');
    // now = [05:20, 07:20) UTC: (40 min x 400 + 60 x 450 + 20 x 450) / 120 = 433.333
    expect(r.current_carbon_intensity).toBeCloseTo(433.333, 3);
    // forecast 380 for T+3..T+6: windows starting 08:00, 09:00 and 10:00 UTC tie at 380; the earliest is chosen
    expect(r.optimal_carbon_intensity).toBe(380);
    expect(r.optimal_start).toEqual({ utc: '2026-01-15T08:00:00.000Z', local: '2026-01-15T17:00:00+09:00' });
    expect(r.optimal_end).toEqual({ utc: '2026-01-15T10:00:00.000Z', local: '2026-01-15T19:00:00+09:00' });
    expect(r.optimal_windows.map((w: { start: { utc: string } }) => w.start.utc)).toEqual([
      '2026-01-15T08:00:00.000Z',
      '2026-01-15T09:00:00.000Z',
      '2026-01-15T10:00:00.000Z',
    ]);
    expect(r.optimal_windows[0].live_share).toBe(1);
    // each hour of the window says where its figure came from
    expect(r.optimal_windows[0].hour_sources).toEqual([
      {
        from: '2026-01-15T08:00:00.000Z',
        to: '2026-01-15T10:00:00.000Z',
        hours: 2,
        source: 'electricitymaps',
        signal: 'average',
        basis: 'lifecycle',
        kind: 'forecast',
        zone: 'KR',
        first_timestamp: '2026-01-15T08:00:00.000Z',
      },
    ]);
    // 1 - 380 / 433.333 = 12.31 %
    expect(r.reduction_percent).toBeCloseTo(12.31, 2);
    expect(r.hours_until_optimal_start).toBeCloseTo(2.67, 2);
    expect(r.recommendation).toMatch(/2026-01-15T17:00:00\+09:00.*electricitymaps forecast/);
  });

  it('--within is a deadline: a window that cannot end in time is not offered', async () => {
    const r = await withForecast(['schedule', 'ml-training-job'], ['--duration', '2h', '--within', '2h']);
    expect(r.within_hours).toBe(2);
    expect(r.optimal_start.utc).toBe(AT);
    expect(r.reduction_percent).toBe(0);
  });

  it('assess: temporal_shift uses the forecast window with timestamps', async () => {
    const r = await withForecast(['assess', 'ml-training-job']);
    const shift = r.optimizations.find((o: { type: string }) => o.type === 'temporal_shift');
    // now = [05:20, 09:20) UTC: (40 x 400 + 60 x 450 + 60 x 450 + 60 x 380 + 20 x 380) / 240 = 418.333
    // best = [08:00, 12:00) UTC at 380: 1 - 380 / 418.333 = 9.16 %
    expect(shift.estimated_reduction_percent).toBeCloseTo(9.16, 2);
    expect(shift.window_start).toEqual({
      utc: '2026-01-15T08:00:00.000Z',
      local: '2026-01-15T17:00:00+09:00',
    });
    expect(shift.window_end.local).toBe('2026-01-15T21:00:00+09:00');
    expect(shift.basis).toMatch(/electricitymaps forecast \(average\)/);
  });

  it('provider figures outside the span searched make no forecast (data at the real now, --at long before)', async () => {
    // the provider's hours lie 30 days after --at: none inside [--at, --at + 24 h)
    const later = T + 30 * 24 * HOUR;
    const typical = await withForecast(['schedule', 'ml-training-job'], [], later);
    expect(typical.mode).toBe('typical-day');
    expect(typical.within_hours).toBeNull();
    expect(typical.recommendation).not.toMatch(/forecast/);
    const deadline = await withForecast(['schedule', 'ml-training-job'], ['--within', '6h'], later);
    expect(deadline.mode).toBe('deadline');
    expect(deadline.recommendation).not.toMatch(/forecast/);
    const shift = (await withForecast(['assess', 'ml-training-job'], [], later)).optimizations.find(
      (o: { type: string }) => o.type === 'temporal_shift',
    );
    expect(shift.basis).not.toMatch(/forecast/);
    // a provider 40 h ahead has hours from T+16h on (its /history): inside 24 h from --at, none inside 6 h
    const ahead = T + 40 * HOUR;
    expect((await withForecast(['schedule', 'ml-training-job'], ['--duration', '2h'], ahead)).mode).toBe(
      'forecast',
    );
    expect(
      (await withForecast(['schedule', 'ml-training-job'], ['--duration', '2h', '--within', '6h'], ahead))
        .mode,
    ).toBe('deadline');
  });

  it('without a provider, --within searches the offline profile on the clock (deadline mode)', async () => {
    const r = await cli(['schedule', 'ml-training-job', '--demo', '--at', AT, '--within', '6h', '--json']);
    const j = JSON.parse(r.stdout);
    expect(j.mode).toBe('deadline');
    const typical = JSON.parse(
      (await cli(['schedule', 'ml-training-job', '--demo', '--at', AT, '--json'])).stdout,
    );
    expect(typical.mode).toBe('typical-day');
    expect(typical.within_hours).toBeNull();
    expect(typical.optimal_start.local).toBe('2026-01-16T11:00:00+09:00');
  });
});

describe('period history from the provider', () => {
  const PERIOD = ['--since', '6h', '--to', iso(T)]; // [23:00, 05:00) UTC: hours before the latest one

  it("Electricity Maps history weights a period's hours (the demo's bundled energy history)", async () => {
    const em = await track(fakeElectricityMaps({ t: T, token: 'k' }));
    const r = await assess([...PERIOD, ...(await gridArgs('electricitymaps', em.url('/v3')))], {
      ELECTRICITYMAPS_API_TOKEN: 'k',
    });
    expect(r.stderr).toBe('');
    const offline = await assess(PERIOD);
    // every hour of the period has the history figure 420: Σ E_h x 420 / Σ E_h = 420
    expect(r.json.intensity_weighted_gCO2eq_kWh).toBe(420);
    expect(offline.json.intensity_weighted_gCO2eq_kWh).not.toBe(420);
    expect(r.json.energy_kwh).toBe(offline.json.energy_kwh);
    // emissions = kWh x PUE 1.135 x 420 / 1000
    expect(r.json.emissions_kg).toBeCloseTo((r.json.energy_kwh * 1.135 * 420) / 1000, 5);
  });

  it('Carbon Aware SDK /emissions/bylocation is asked with time/toTime and covers the period (340 each)', async () => {
    const sdk = await track(fakeCarbonAwareSdk({ t: T, location: 'ap-northeast-2' }));
    const r = await assess([...PERIOD, ...(await gridArgs('carbon-aware-sdk', sdk.url('')))]);
    expect(r.stderr).toBe('');
    expect(r.json.warnings).toEqual([]);
    // every hour of the period has the SDK's hourly figure: Σ E_h x 340 / Σ E_h = 340
    expect(r.json.intensity_weighted_gCO2eq_kWh).toBe(SDK_PAST);
    expect(r.json.data_used.grid.period_figures).toMatchObject({
      hours: 6,
      provider_hours: 6,
      offline_hours: 0,
    });
    const q = new URL(sdk.requests.find((x) => x.url?.startsWith('/emissions/bylocation'))!.url!, 'http://x')
      .searchParams;
    // whole clock hours from the 24 h before --at through its hour, the period's hours inside them
    expect([q.get('location'), q.get('time'), q.get('toTime')]).toEqual([
      'ap-northeast-2',
      iso(T - 24 * HOUR),
      iso(T + HOUR),
    ]);
    expect(q.has('startTime') || q.has('endTime')).toBe(false);
  });

  it("report: totals, namespaces and days are weighted with the provider's hours its verdict was judged on, and data_used says so", async () => {
    const em = await track(fakeElectricityMaps({ t: T, token: 'k' }));
    const env = { ELECTRICITYMAPS_API_TOKEN: 'k' };
    const grid = await gridArgs('electricitymaps', em.url('/v3'));
    const run = async (cmd: string, extra: string[]) =>
      JSON.parse((await cli([cmd, '--demo', '--at', AT, '--json', ...PERIOD, ...extra], env)).stdout);
    const r = await run('report', [...grid, '--no-fail']);
    const offline = await run('report', ['--no-fail']);
    // every hour of the period has the history figure 420 (it used to be the offline profile's hours)
    expect(r.totals.energy_kwh).toBe(offline.totals.energy_kwh);
    expect(r.totals.emissions_kg).not.toBe(offline.totals.emissions_kg);
    expectFigure(r.totals.emissions_kg, (r.totals.energy_kwh * 1.135 * 420) / 1000, 'kgCO2e', 2);
    const sum = (xs: Array<{ emissions_kg: number }>) => xs.reduce((a, x) => a + x.emissions_kg, 0);
    expectFigure(sum(r.namespaces), r.totals.emissions_kg, 'kgCO2e', r.namespaces.length + 1);
    expectFigure(sum(r.daily), r.totals.emissions_kg, 'kgCO2e', r.daily.length + 1);
    // the same figures summary gives with the same provider
    const summary = await run('summary', grid);
    expect(r.totals.emissions_kg).toBe(summary.emissions_kg);
    expect(r.data_used.grid).toEqual(summary.data_used.grid);
    expect(r.data_used.grid.figure_at_time.source).toBe('electricitymaps');
    expect(r.data_used.grid.live).toMatchObject({ provider: 'electricitymaps', zone: 'KR' });
    expect(r.data_used.grid.period_figures).toMatchObject({ hours: 6, provider_hours: 6, offline_hours: 0 });
    expect(r.warnings).toEqual([]);
  });

  it('WattTime /v3/historical covers the period (800 lbs/MWh = 362.874 g/kWh)', async () => {
    const wt = await track(fakeWattTime({ t: T, user: 'u', password: 'p', region: 'KOR_TEST' }));
    const dir = await cacheDir();
    const file = path.join(dir, 'kcarbon.json');
    await writeFile(
      file,
      JSON.stringify({ gridProviders: { watttime: { zones: { 'ap-northeast-2': 'KOR_TEST' } } } }),
    );
    const r = await assess(
      [...PERIOD, '--config', file, '--grid', 'watttime', '--grid-url', wt.url(''), '--grid-cache', dir],
      { WATTTIME_USERNAME: 'u', WATTTIME_PASSWORD: 'p' },
    );
    expect(r.stderr).toBe('');
    expect(r.json.intensity_weighted_gCO2eq_kWh).toBeCloseTo(800 * LBS_PER_MWH_TO_G_PER_KWH, 3);
    const hist = wt.requests.find((q) => q.url?.startsWith('/v3/historical'))!;
    // at least the past 24 h are asked for (more when the period starts earlier)
    // whole clock hours from the 24 h before --at through its hour, the period's hours inside them
    const q = new URL(hist.url!, 'http://x').searchParams;
    expect([q.get('start'), q.get('end')]).toEqual([iso(T - 24 * HOUR), iso(T + HOUR)]);
  });
});

describe('Electricity Maps past-range: periods older or longer than the last 24 h', () => {
  // [T-38h, T-26h): wholly before the 24 h /history covers
  const OLD = ['--since', '12h', '--to', iso(T - 26 * HOUR)];
  const emEnv = { ELECTRICITYMAPS_API_TOKEN: 'k' };

  it('asks /past-range for the hours /history does not cover and weights them (410 each)', async () => {
    const em = await track(fakeElectricityMaps({ t: T, token: 'k' }));
    const args = [...OLD, ...(await gridArgs('electricitymaps', em.url('/v3')))];
    const r = await assess(args, emEnv);
    expect(r.stderr).toBe('');
    expect(r.json.warnings).toEqual([]);
    const ranges = em.requests.filter((q) => q.url?.startsWith('/v3/carbon-intensity/past-range'));
    expect(ranges).toHaveLength(1);
    const q = new URL(ranges[0]!.url!, 'http://x').searchParams;
    expect([q.get('zone'), q.get('start'), q.get('end')]).toEqual([
      'KR',
      iso(T - 38 * HOUR),
      iso(T - 26 * HOUR),
    ]);
    expect(ranges[0]!.headers['auth-token']).toBe('k');
    // Σ E_h x 410 / Σ E_h = 410; emissions = kWh x PUE 1.135 x 410 / 1000
    expect(r.json.intensity_weighted_gCO2eq_kWh).toBe(EM_PAST);
    expect(r.json.emissions_kg).toBeCloseTo((r.json.energy_kwh * 1.135 * EM_PAST) / 1000, 5);
    expect(r.json.data_used.grid.period_figures).toEqual({
      hours: 12,
      provider_hours: 12,
      offline_hours: 0,
      runs: [
        {
          from: iso(T - 38 * HOUR),
          to: iso(T - 26 * HOUR),
          hours: 12,
          source: 'electricitymaps',
          signal: 'average',
          basis: 'lifecycle',
          kind: 'history',
          zone: 'KR',
          first_timestamp: iso(T - 38 * HOUR),
        },
      ],
    });
    expect(r.json.data_used.grid.live.endpoints).toContain('carbon-intensity/past-range');
    // second run: every answer from the disk cache
    const n = em.requests.length;
    const again = await assess(args, emEnv);
    expect(again.json.intensity_weighted_gCO2eq_kWh).toBe(EM_PAST);
    expect(em.requests.length).toBe(n);
  });

  it('hours the provider has no figure for keep the offline one, say so per hour run, and warn; --grid-strict exits 3', async () => {
    // no data for [T-34h, T-30h): 4 of the period's 12 hours
    const gap = (h: number) => h >= T - 34 * HOUR && h < T - 30 * HOUR;
    const em = await track(
      fakeElectricityMaps({ t: T, token: 'k', pastValue: (h) => (gap(h) ? undefined : EM_PAST) }),
    );
    const args = [...OLD, ...(await gridArgs('electricitymaps', em.url('/v3')))];
    const r = await assess(args, emEnv);
    expect(r.code).toBe(0);
    const pf = r.json.data_used.grid.period_figures;
    expect(pf).toMatchObject({ hours: 12, provider_hours: 8, offline_hours: 4 });
    expect(
      pf.runs.map((x: { from: string; hours: number; source: string }) => [x.from, x.hours, x.source]),
    ).toEqual([
      [iso(T - 38 * HOUR), 4, 'electricitymaps'],
      [iso(T - 34 * HOUR), 4, 'offline'],
      [iso(T - 30 * HOUR), 4, 'electricitymaps'],
    ]);
    expect(pf.runs[1]).toEqual({
      from: iso(T - 34 * HOUR),
      to: iso(T - 30 * HOUR),
      hours: 4,
      source: 'offline',
      signal: 'average',
      basis: 'lifecycle',
    });
    expect(r.json.warnings).toEqual([
      {
        code: 'grid-partial',
        params: {
          provider: 'electricitymaps',
          region: 'ap-northeast-2',
          missing: 4,
          hours: 12,
          spans: '2026-01-13T19:00Z–2026-01-13T23:00Z',
        },
        message: expect.stringMatching(
          /electricitymaps has no figure for 4 of the period's 12 hours in ap-northeast-2 \(2026-01-13T19:00Z–2026-01-13T23:00Z\): the offline profile/,
        ),
      },
    ]);
    // By hand: emissions = 410 x PUE x (E - E_gap) / 1000 + offline emissions of the gap hours
    const gapOffline = await assess(['--since', '4h', '--to', iso(T - 30 * HOUR)]);
    const expected =
      (EM_PAST * 1.135 * (r.json.energy_kwh - gapOffline.json.energy_kwh)) / 1000 +
      gapOffline.json.emissions_kg;
    expect(r.json.emissions_kg).toBeCloseTo(expected, 5);
    expect(r.json.intensity_weighted_gCO2eq_kWh).toBeCloseTo(
      (expected * 1000) / 1.135 / r.json.energy_kwh,
      2,
    );

    const strict = await assess([...args, '--grid-strict'], emEnv);
    expect(strict.code).toBe(3);
    expect(strict.stderr).toMatch(
      /kcarbon: error: grid provider electricitymaps: .*4 of the period's 12 hours/,
    );
  });

  it('a plan without past-range: noted once, the old hours stay offline with a warning', async () => {
    const em = await track(
      fakeElectricityMaps({ t: T, token: 'k', refuse: { path: '/past-range', status: 403 } }),
    );
    const r = await assess([...OLD, ...(await gridArgs('electricitymaps', em.url('/v3')))], emEnv);
    const offline = await assess(OLD);
    expect(r.json.intensity_weighted_gCO2eq_kWh).toBe(offline.json.intensity_weighted_gCO2eq_kWh);
    expect(r.json.data_used.grid.live.notes).toEqual([
      expect.stringMatching(/carbon-intensity\/past-range: .*403 Forbidden/),
    ]);
    expect(r.json.data_used.grid.period_figures).toMatchObject({ provider_hours: 0, offline_hours: 12 });
    expect(r.json.warnings.map((w: { code: string }) => w.code)).toEqual(['grid-partial']);
    expect(em.count('/past-range')).toBe(1);
  });

  it('a range over 10 days is split into requests of at most 240 h, contiguous, [start, end)', async () => {
    const em = await track(fakeElectricityMaps({ t: T, token: 'k' }));
    const from = new Date(T - 25 * 24 * HOUR);
    const to = new Date(T - 24 * HOUR);
    const opts = {
      provider: 'electricitymaps' as const,
      url: em.url('/v3'),
      cacheDir: await cacheDir(),
      env: { ELECTRICITYMAPS_API_TOKEN: 'k' },
    };
    const req = { region: 'ap-northeast-2', zone: 'KR', at: new Date(T), horizonHours: 24, historyHours: 24 };
    const s = await loadGridSeries(opts, { ...req, history: { from, to } });
    const ranges = em.requests
      .filter((q) => q.url?.startsWith('/v3/carbon-intensity/past-range'))
      .map((q) => {
        const p = new URL(q.url!, 'http://x').searchParams;
        return [p.get('start'), p.get('end')];
      });
    // 24 days = 576 h: 240 + 240 + 96
    expect(ranges).toEqual([
      [iso(from.getTime()), iso(from.getTime() + 240 * HOUR)],
      [iso(from.getTime() + 240 * HOUR), iso(from.getTime() + 480 * HOUR)],
      [iso(from.getTime() + 480 * HOUR), iso(to.getTime())],
    ]);
    const past = s.points.filter((p) => Date.parse(p.start) < to.getTime());
    expect(past).toHaveLength(576);
    expect(new Set(past.map((p) => p.value))).toEqual(new Set([EM_PAST]));
    expect(s.requests).toBe(6); // latest, history, forecast, 3 x past-range
    const again = await loadGridSeries(opts, { ...req, history: { from, to } });
    expect(again.requests).toBe(0);
  });
});

describe('documented error shapes, rate limits and the cache, per provider', () => {
  const wtZones = async () => {
    const dir = await cacheDir();
    const file = path.join(dir, 'kcarbon.json');
    await writeFile(
      file,
      JSON.stringify({ gridProviders: { watttime: { zones: { 'ap-northeast-2': 'KOR_TEST' } } } }),
    );
    return ['--config', file, '--grid', 'watttime', '--grid-cache', dir];
  };
  const wtEnv = { WATTTIME_USERNAME: 'u', WATTTIME_PASSWORD: 'p' };

  it('Electricity Maps: a zone it does not know (404 and its error body) falls back, naming the zone', async () => {
    const em = await track(fakeElectricityMaps({ t: T, token: 'k', zone: 'KR-XX' }));
    const r = await assess(await gridArgs('electricitymaps', em.url('/v3')), {
      ELECTRICITYMAPS_API_TOKEN: 'k',
    });
    expect(r.code).toBe(0);
    expect(r.json.data_used.grid.figure_at_time.source).toBe('offline');
    expect(r.json.warnings).toEqual([
      expect.objectContaining({
        code: 'grid-fallback',
        message: expect.stringMatching(/HTTP 404 .*Zone 'KR' does not exist/),
      }),
    ]);
  });

  it('Carbon Aware SDK: a second run makes no request (disk cache)', async () => {
    const sdk = await track(fakeCarbonAwareSdk({ t: T, location: 'ap-northeast-2' }));
    const args = await gridArgs('carbon-aware-sdk', sdk.url(''));
    const r = await assess(args);
    expect(r.json.current_carbon_intensity_gCO2eq_kWh).toBe(327.5);
    const n = sdk.requests.length;
    expect(n).toBe(2); // bylocation + forecasts/current
    const again = await assess(args);
    expect(again.json.current_carbon_intensity_gCO2eq_kWh).toBe(327.5);
    expect(sdk.requests.length).toBe(n);
  });

  it('Carbon Aware SDK: no forecast from its data source (501) keeps the measured figure and notes it; 204 (no data) falls back', async () => {
    const sdk = await track(
      fakeCarbonAwareSdk({
        t: T,
        location: 'ap-northeast-2',
        refuse: { path: '/forecasts/current', status: 501 },
      }),
    );
    const r = await assess(await gridArgs('carbon-aware-sdk', sdk.url('')));
    expect(r.json.warnings).toEqual([]);
    expect(r.json.current_carbon_intensity_gCO2eq_kWh).toBe(327.5);
    expect(r.json.data_used.grid.live.notes).toEqual([
      expect.stringMatching(/emissions\/forecasts\/current: .*not supported by the server \(501\)/),
    ]);
    const empty = await track(fakeCarbonAwareSdk({ t: T, location: 'ap-northeast-2', noData: true }));
    const f = await assess(await gridArgs('carbon-aware-sdk', empty.url('')));
    expect(f.json.data_used.grid.figure_at_time.source).toBe('offline');
    expect(f.json.warnings[0]).toMatchObject({
      code: 'grid-fallback',
      message: expect.stringMatching(/no data for location 'ap-northeast-2'/),
    });
  });

  it('WattTime: a long 429 falls back (exit 3 with --grid-strict); a plan without /v3/historical is noted, the rest used', async () => {
    const limited = await track(
      fakeWattTime({
        t: T,
        user: 'u',
        password: 'p',
        region: 'KOR_TEST',
        rateLimit: { path: '/v3/signal-index', times: 9, retryAfter: '600' },
      }),
    );
    const args = [...(await wtZones()), '--grid-url', limited.url('')];
    const r = await assess(args, wtEnv);
    expect(r.code).toBe(0);
    expect(r.json.data_used.grid.figure_at_time.source).toBe('offline');
    expect(r.json.warnings[0]).toMatchObject({
      code: 'grid-fallback',
      message: expect.stringMatching(
        /watttime unavailable for ap-northeast-2 \(rate limited \(429\), retry after 600 s\)/,
      ),
    });
    expect(limited.count('/v3/signal-index')).toBe(1); // a long Retry-After is not waited for
    const strict = await assess([...args, '--grid-strict'], wtEnv);
    expect(strict.code).toBe(3);

    const noHistory = await track(
      fakeWattTime({
        t: T,
        user: 'u',
        password: 'p',
        region: 'KOR_TEST',
        refuse: { path: '/v3/historical', status: 403 },
      }),
    );
    const h = await assess([...(await wtZones()), '--grid-url', noHistory.url('')], wtEnv);
    expect(h.json.warnings).toEqual([]);
    expect(h.json.current_carbon_intensity_gCO2eq_kWh).toBeCloseTo(1000 * LBS_PER_MWH_TO_G_PER_KWH, 3);
    expect(h.json.data_used.grid.live.notes).toEqual([
      expect.stringMatching(/v3\/historical: .*403 Forbidden/),
    ]);
    expect(h.json.data_used.grid.live.endpoints).toEqual(['login', 'v3/signal-index', 'v3/forecast']);
  });
});

describe('Carbon Aware SDK: best region', () => {
  /** regions ml-training-job --to TO against the SDK. */
  const regions = async (sdk: Fake, to: string, extra: string[] = []) =>
    cli([
      'regions',
      'ml-training-job',
      '--demo',
      '--at',
      AT,
      '--to',
      to,
      '--json',
      ...extra,
      ...(await gridArgs('carbon-aware-sdk', sdk.url(''))),
    ]);

  it('regions --grid carbon-aware-sdk asks /emissions/bylocations/best for every compared region', async () => {
    const sdk = await track(fakeCarbonAwareSdk({ t: T, location: 'ap-northeast-2' }));
    const r = await regions(sdk, 'eu-north-1,us-east-1');
    const j = JSON.parse(r.stdout);
    const q = sdk.requests.find((x) => x.url?.startsWith('/emissions/bylocations/best'))!;
    const params = new URL(q.url!, 'http://x').searchParams;
    expect(params.getAll('location')).toEqual(['ap-northeast-2', 'eu-north-1', 'us-east-1']);
    expect(params.get('time')).toBe(AT);
    expect(j.grid_best).toMatchObject({
      provider: 'carbon-aware-sdk',
      best: [{ region: 'ap-northeast-2', location: 'ap-northeast-2', rating: 100 }],
    });
  });

  it('--timeout bounds /emissions/bylocations/best too', async () => {
    const sdk = await track(
      fakeCarbonAwareSdk({ t: T, location: 'ap-northeast-2', hang: { path: '/bylocations/best' } }),
    );
    const r = await regions(sdk, 'eu-north-1', ['--timeout', '1s']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).warnings).toContainEqual(
      expect.objectContaining({
        code: 'grid-fallback',
        message: expect.stringMatching(/bylocations\/best: no complete answer within 1 s \(--timeout\)/),
      }),
    );
  });
});
