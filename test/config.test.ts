import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUILTIN_CONFIG_DIR,
  type Check,
  checkLimitAt,
  getProfile,
  getRegion,
  getStandard,
  type KcarbonConfig,
  type LimitCheck,
  listRegions,
  listStandards,
  loadConfig,
} from '../src/config/index.js';
import { ConfigError, ExitCode, UsageError } from '../src/errors.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/config/', import.meta.url));
const fixture = (name: string) => path.join(FIXTURES, name);
const NOW = new Date('2026-06-15T00:00:00Z');

/** AWS regions of carbon-data.md §5. */
const AWS_REGIONS = [
  'ap-northeast-2',
  'ap-northeast-1',
  'ap-northeast-3',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-south-1',
  'ap-east-1',
  'ca-central-1',
  'sa-east-1',
  'af-south-1',
  'me-south-1',
  'me-central-1',
  'cn-north-1',
];

/** EM zones with an hour-of-day profile in carbon-data.md §6. */
const PROFILE_ZONES = [
  'KR',
  'JP-TK',
  'JP-KN',
  'US-MIDA-PJM',
  'US-NW-PACW',
  'US-CAL-CISO',
  'SE-SE3',
  'IE',
  'GB',
  'FR',
  'DE',
  'IT-NO',
  'SG',
  'AU-NSW',
  'IN-WE',
  'CA-QC',
  'BR-CS',
  'ZA',
];

const load = (opts: Parameters<typeof loadConfig>[0] = {}) => loadConfig({ env: {}, now: NOW, ...opts });

function limitCheck(config: KcarbonConfig, standard: string, id: string): LimitCheck {
  const check: Check | undefined = getStandard(config, standard).checks.find((c) => c.id === id);
  if (!check || check.metric === 'report') throw new Error(`no limit check ${standard}/${id}`);
  return check;
}

async function configError(promise: Promise<unknown>): Promise<ConfigError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

/** Every object that carries a numeric `value` or an `hourly` series, with its path. */
function sourcedObjects(node: unknown, at = ''): Array<[string, Record<string, unknown>]> {
  if (Array.isArray(node)) return node.flatMap((x, i) => sourcedObjects(x, `${at}[${i}]`));
  if (typeof node !== 'object' || node === null) return [];
  const obj = node as Record<string, unknown>;
  const own: Array<[string, Record<string, unknown>]> =
    typeof obj.value === 'number' || Array.isArray(obj.hourly) ? [[at, obj]] : [];
  return [...own, ...Object.entries(obj).flatMap(([k, v]) => sourcedObjects(v, at ? `${at}.${k}` : k))];
}

describe('built-in config', () => {
  let config: KcarbonConfig;
  beforeAll(async () => {
    config = await load();
  });

  it('loads and validates the five files from the package config/ directory', () => {
    expect(path.basename(BUILTIN_CONFIG_DIR)).toBe('config');
    expect(config.files).toEqual([
      'config/regions.json',
      'config/carbon-intensity.json',
      'config/regulations.json',
      'config/emission-factors.json',
      'config/grid-providers.json',
    ]);
    expect(config.defaults).toMatchObject({
      region: 'ap-northeast-2',
      standards: ['KR_CARBON_2050', 'KR_PUE_GREEN_DC'],
      targetUtilization: { value: 0.5, year: 2021 },
    });
    expect(config.budgets).toEqual({ namespaces: {}, workloads: {} });
  });

  it('has every AWS region of the reference table', () => {
    for (const code of AWS_REGIONS) expect(config.regions[code]?.provider, code).toBe('aws');
  });

  it('has GCP and Azure regions in the main places', () => {
    for (const code of [
      'asia-northeast3',
      'asia-northeast1',
      'asia-southeast1',
      'us-east4',
      'us-west1',
      'europe-west3',
    ]) {
      expect(config.regions[code]?.provider, code).toBe('gcp');
    }
    for (const code of [
      'koreacentral',
      'japaneast',
      'southeastasia',
      'eastus',
      'westus',
      'westus2',
      'swedencentral',
      'germanywestcentral',
    ]) {
      expect(config.regions[code]?.provider, code).toBe('azure');
    }
  });

  it('gives every region an intensity and a PUE with source and year', () => {
    for (const [code, r] of Object.entries(config.regions)) {
      for (const f of [r.intensity, r.pue]) {
        expect(f.source, code).toMatch(/\S/);
        expect(f.year, code).toBeGreaterThanOrEqual(2000);
        expect(f.origin, code).toBe('built-in config/regions.json');
      }
      expect(r.intensity.unit).toBe('gCO2e/kWh');
      expect(r.pue.value).toBeGreaterThanOrEqual(1);
    }
  });

  it('compares regions on one basis: EM life-cycle 2025, except the documented CCF fallbacks', () => {
    const off = Object.entries(config.regions).filter(
      ([, r]) => r.intensity.basis !== 'lifecycle' || r.intensity.year !== 2025,
    );
    expect(off.map(([code]) => code).sort()).toEqual([
      'cn-northwest-1',
      'us-gov-east-1',
      'us-gov-west-1',
      'westus2',
    ]);
    for (const [, r] of off) expect(r.intensity.note).toMatch(/not comparable/i);
  });

  it('gives every figure in the tree a source and a year', () => {
    const found = sourcedObjects(config);
    expect(found.length).toBeGreaterThan(100);
    for (const [at, obj] of found) {
      expect(typeof obj.source, at).toBe('string');
      expect(typeof obj.year, at).toBe('number');
      expect(typeof obj.unit, at).toBe('string');
    }
  });

  it('has every reference profile: 24 values, source, ODbL licence and attribution', () => {
    expect(Object.keys(config.profiles).sort()).toEqual([...PROFILE_ZONES].sort());
    for (const [id, p] of Object.entries(config.profiles)) {
      expect(p.hourly, id).toHaveLength(24);
      expect(p.source, id).toMatch(/Electricity Maps/);
      expect(p.licence, id).toBe('ODbL-1.0');
      expect(p.attribution, id).toBe('Carbon intensity data: Electricity Maps (2022), ODbL');
      expect(p.year, id).toBe(2022);
      // The published mean is the mean of the hourly values (both rounded).
      const mean = p.hourly.reduce((a, b) => a + b, 0) / 24;
      expect(Math.abs(mean - (p.mean ?? Number.NaN)), id).toBeLessThanOrEqual(1);
    }
  });

  it('links regions to the profile of their grid zone', () => {
    for (const [code, r] of Object.entries(config.regions)) {
      if (PROFILE_ZONES.includes(r.gridZone)) expect(r.profile, code).toBe(r.gridZone);
      else expect(r.profile, code).toBeUndefined();
    }
  });

  it('spot-checks figures against carbon-data.md', () => {
    const seoul = getRegion(config, 'ap-northeast-2');
    expect(seoul.intensity).toMatchObject({
      value: 423,
      basis: 'lifecycle',
      year: 2025,
      licence: 'ODbL-1.0',
    });
    expect(seoul.intensity.source).toMatch(/Electricity Maps/);
    expect(seoul.pue.value).toBe(1.135);
    expect(seoul.pue.source).toMatch(/provider default \(CCF\).*AWS publishes no Seoul PUE/);
    expect(seoul.alternatives?.[0]).toMatchObject({ value: 417.3, basis: 'direct', year: 2023 });

    const stockholm = getRegion(config, 'eu-north-1');
    expect(stockholm.pue).toMatchObject({ value: 1.1, year: 2024 });
    expect(stockholm.pue.source).toMatch(/Green Software Foundation/);
    expect(stockholm.intensity.value).toBe(20);

    expect(getRegion(config, 'us-east-1').pue.value).toBe(1.15);
    expect(getRegion(config, 'ap-south-1').intensity.value).toBe(653);
    expect(getRegion(config, 'asia-northeast3').intensity.value).toBe(423);
    expect(getRegion(config, 'japaneast').gridZone).toBe('JP-TK');
    expect(config.providers.gcp?.defaultPue?.value).toBe(1.1);
    expect(config.providers.azure?.defaultPue?.value).toBe(1.185);

    const kr = getProfile(config, 'KR');
    expect(kr.hourly[12]).toBe(471);
    expect(kr).toMatchObject({ utcOffsetHours: 9, timeZone: 'Asia/Seoul', mean: 491 });
    expect(getProfile(config, 'IN-WE')).toMatchObject({ utcOffsetHours: 5, timeZone: 'Asia/Kolkata' });
  });

  it('describes KR_CARBON_2050 as a reference value of 424, not a legal limit', () => {
    const std = getStandard(config, 'KR_CARBON_2050');
    expect(std.legalStatus).toBe('reference');
    expect(std.description).toMatch(/no g\/kWh limit/);
    const check = limitCheck(config, 'KR_CARBON_2050', 'reference-intensity');
    expect(check.metric).toBe('carbon_intensity');
    expect(check.max.value).toBe(424);
    expect(check.env).toBe('KOREA_CARBON_INTENSITY');
    expect(check.max.source).toMatch(/not a legal limit/);
    expect(check.max.note).toMatch(/417\.3/);
  });

  it('has the other required standards with honest legal status', () => {
    expect(getStandard(config, 'KR_PUE_GREEN_DC').legalStatus).toBe('voluntary-certification');
    const krPue = limitCheck(config, 'KR_PUE_GREEN_DC', 'pue-top-band');
    expect(krPue).toMatchObject({ metric: 'pue', env: 'KOREA_PUE_TARGET' });
    expect(krPue.max.value).toBe(1.4);
    expect(limitCheck(config, 'JP_PUE_2030', 'pue-benchmark').max.value).toBe(1.4);
    expect(limitCheck(config, 'SG_GREEN_DC', 'pue-roadmap').max.value).toBe(1.3);
    expect(getStandard(config, 'SG_GREEN_DC').legalStatus).toBe('roadmap');
    expect(getStandard(config, 'DE_ENEFG').legalStatus).toBe('law');
    const eed = getStandard(config, 'EU_EED');
    expect(eed.checks.every((c) => c.metric === 'report')).toBe(true);
  });

  it('applies the EnEfG PUE schedule by date', () => {
    const existing = limitCheck(config, 'DE_ENEFG', 'pue-existing');
    expect(checkLimitAt(existing, new Date('2026-11-24T00:00:00Z'))).toBeUndefined();
    expect(checkLimitAt(existing, new Date('2027-07-01T00:00:00Z'))).toBe(1.5);
    expect(checkLimitAt(existing, new Date('2030-07-01T00:00:00Z'))).toBe(1.3);
    const fresh = limitCheck(config, 'DE_ENEFG', 'pue-new');
    expect(checkLimitAt(fresh, new Date('2026-06-30T00:00:00Z'))).toBeUndefined();
    expect(checkLimitAt(fresh, new Date('2026-07-01T00:00:00Z'))).toBe(1.2);
    expect(checkLimitAt(limitCheck(config, 'SG_GREEN_DC', 'pue-roadmap'), NOW)).toBe(1.3);
  });

  it('lists regions and standards sorted by code', () => {
    const codes = listRegions(config).map((r) => r.code);
    expect(codes).toEqual([...codes].sort());
    expect(listRegions(config, { provider: 'gcp' }).every((r) => r.provider === 'gcp')).toBe(true);
    expect(listStandards(config).map((s) => s.code)).toContain('KR_CARBON_2050');
  });
});

describe('lookups', () => {
  it('rejects an unknown region, listing the known ones and the closest', async () => {
    const config = await load();
    const err = (() => {
      try {
        getRegion(config, 'ap-nowhere-1');
      } catch (e) {
        return e;
      }
    })() as UsageError;
    expect(err).toBeInstanceOf(UsageError);
    expect(err.exitCode).toBe(ExitCode.usage);
    // No close name: the count and a few, never the whole list (issue 11); a close one is suggested.
    expect(err.message).toBe("unknown region 'ap-nowhere-1'");
    expect(err.hint).toMatch(/^\d+ known regions, e\.g\. af-south-1, ap-east-1, /);
    const near = (() => {
      try {
        getRegion(config, 'ap-northeast-22');
      } catch (e) {
        return e;
      }
    })() as UsageError;
    expect(near.hint).toBe("did you mean 'ap-northeast-2'?");
  });

  it('rejects an unknown standard and accepts a case-insensitive one', async () => {
    const config = await load();
    expect(() => getStandard(config, 'KR_CARBON_2051')).toThrow(/unknown standard 'KR_CARBON_2051'/);
    try {
      getStandard(config, 'KR_CARBON_2051');
    } catch (e) {
      expect((e as UsageError).hint).toBe("did you mean 'KR_CARBON_2050'?");
    }
    expect(getStandard(config, 'kr_carbon_2050').name).toMatch(/Korea/);
  });
});

describe('environment overrides', () => {
  it('KOREA_CARBON_INTENSITY replaces the KR_CARBON_2050 limit with provenance', async () => {
    const config = await load({ env: { KOREA_CARBON_INTENSITY: '417.3' } });
    const check = limitCheck(config, 'KR_CARBON_2050', 'reference-intensity');
    expect(check.max).toMatchObject({
      value: 417.3,
      source: 'env KOREA_CARBON_INTENSITY',
      origin: 'env KOREA_CARBON_INTENSITY',
      year: 2026,
    });
    expect(check.max.note).toMatch(/overrides 424 gCO2e\/kWh/);
  });

  it('KOREA_PUE_TARGET replaces the KR_PUE_GREEN_DC limit', async () => {
    const config = await load({ env: { KOREA_PUE_TARGET: '1.5' } });
    const check = limitCheck(config, 'KR_PUE_GREEN_DC', 'pue-top-band');
    expect(check.max).toMatchObject({ value: 1.5, source: 'env KOREA_PUE_TARGET' });
  });

  it('ignores empty variables', async () => {
    const config = await load({ env: { KOREA_PUE_TARGET: '  ' } });
    expect(limitCheck(config, 'KR_PUE_GREEN_DC', 'pue-top-band').max.value).toBe(1.4);
  });

  it.each([
    ['KOREA_CARBON_INTENSITY', 'abc'],
    ['KOREA_CARBON_INTENSITY', '-5'],
    ['KOREA_CARBON_INTENSITY', '0x10'],
    ['KOREA_PUE_TARGET', '0.9'],
    ['KOREA_PUE_TARGET', '1.4x'],
    ['KCARBON_PUE', 'NaN'],
    ['KCARBON_INTENSITY', 'Infinity'],
  ])('rejects %s=%s naming the variable', async (name, value) => {
    const err = await configError(load({ env: { [name]: value } }));
    expect(err.message).toContain(`${name}: expected`);
    expect(err.message).toContain(`'${value}'`);
    expect(err.exitCode).toBe(ExitCode.usage);
  });

  it('reads the user config path from KCARBON_CONFIG', async () => {
    const config = await load({ env: { KCARBON_CONFIG: fixture('override-pue.json') } });
    expect(config.regions['ap-northeast-2']?.pue.value).toBe(1.3);
  });

  it('names KCARBON_CONFIG when its path does not exist', async () => {
    const err = await configError(load({ env: { KCARBON_CONFIG: fixture('missing.json') } }));
    expect(err.message).toMatch(/config file not found: .*missing\.json \(from KCARBON_CONFIG\)/);
  });
});

describe('user config', () => {
  it('overrides one number, keeping the provenance the user gave', async () => {
    const file = fixture('override-pue.json');
    const config = await load({ configPath: file });
    const pue = getRegion(config, 'ap-northeast-2').pue;
    expect(pue).toMatchObject({
      value: 1.3,
      unit: 'ratio',
      source: 'our DC 2025 measurement',
      year: 2025,
      origin: `user config ${file}`,
    });
    expect(pue.note).toMatch(/^overrides 1\.135 ratio from built-in config\/regions\.json/);
    expect(config.files).toEqual([
      'config/regions.json',
      'config/carbon-intensity.json',
      'config/regulations.json',
      'config/emission-factors.json',
      'config/grid-providers.json',
      file,
    ]);
    // Untouched figures keep their built-in provenance.
    expect(getRegion(config, 'ap-northeast-2').intensity.origin).toBe('built-in config/regions.json');
  });

  it('records the file as the source of a bare value and drops the built-in licence', async () => {
    const file = fixture('value-only.json');
    const config = await load({ configPath: file });
    const f = getRegion(config, 'eu-north-1').intensity;
    expect(f).toMatchObject({ value: 25, basis: 'lifecycle', source: `user config ${file}`, year: 2026 });
    expect(f.licence).toBeUndefined();
    expect(f.attribution).toBeUndefined();
  });

  it('merges a check by id', async () => {
    const config = await load({ configPath: fixture('check-override.json') });
    const check = limitCheck(config, 'KR_CARBON_2050', 'reference-intensity');
    expect(check.max).toMatchObject({ value: 417.3, basis: 'direct', year: 2023, unit: 'gCO2e/kWh' });
    expect(check.env).toBe('KOREA_CARBON_INTENSITY');
    expect(getStandard(config, 'KR_CARBON_2050').checks).toHaveLength(1);
  });

  it('reads a directory, later files winning', async () => {
    const dir = fixture('dir');
    const config = await load({ configPath: dir });
    expect(config.files.slice(5)).toEqual([path.join(dir, 'regions.json'), path.join(dir, 'kcarbon.json')]);
    expect(getRegion(config, 'us-east-1').pue).toMatchObject({
      value: 1.2,
      source: 'our colo contract, 2025',
    });
    expect(config.defaults).toMatchObject({
      region: 'us-east-1',
      standards: ['KR_CARBON_2050', 'KR_PUE_GREEN_DC'],
    });
    expect(config.budgets.namespaces.batch).toEqual({ maxKgMonth: 12 });
  });

  it('adds a region, a provider, a standard and budgets', async () => {
    const file = fixture('add-region-standard.json');
    const config = await load({ configPath: file, env: { ACME_PUE_TARGET: '1.28' } });
    const region = getRegion(config, 'onprem-seoul-1');
    expect(region.intensity).toMatchObject({ value: 410, origin: `user config ${file}` });
    expect(region.profile).toBe('KR');
    const check = limitCheck(config, 'ACME_INTERNAL', 'pue-internal');
    expect(check.max).toMatchObject({ value: 1.28, source: 'env ACME_PUE_TARGET' });
    expect(config.defaults.region).toBe('onprem-seoul-1');
    expect(config.budgets.workloads['prod/web']).toEqual({ maxWatts: 120, maxKgMonth: 40 });
    expect(Object.keys(config.regions)).toContain('ap-northeast-2');
  });

  it('rejects an invalid value, naming the file and the key path', async () => {
    const file = fixture('invalid-pue.json');
    const err = await configError(load({ configPath: file }));
    expect(err.message).toBe(`${file}: regions.ap-northeast-2.pue.value: expected number, received string`);
  });

  it('rejects a profile off UTC by a fraction of an hour (README: every zone is a whole number of hours off UTC)', async () => {
    // hourly[h] is read as one UTC hour at the offset: 9.5 would weigh every half hour by the wrong hour's figure.
    const dir = await mkdtemp(path.join(tmpdir(), 'kcarbon-offset-'));
    try {
      const file = path.join(dir, 'half.json');
      const kr = (await load()).profiles.KR!;
      await writeFile(
        file,
        JSON.stringify({ profiles: { 'KR-HALF': { ...kr, zone: 'KR-HALF', utcOffsetHours: 9.5 } } }),
      );
      const err = await configError(load({ configPath: file }));
      expect(err.message).toBe(
        `${file}: profiles.KR-HALF.utcOffsetHours: must be a whole number of hours (each hourly[h] is one UTC hour): round a half-hour zone and say so in a note`,
      );
      await writeFile(
        file,
        JSON.stringify({ profiles: { 'KR-HALF': { ...kr, zone: 'KR-HALF', utcOffsetHours: 9 } } }),
      );
      expect((await load({ configPath: file })).profiles['KR-HALF']!.utcOffsetHours).toBe(9);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects an incomplete new region, naming the missing key', async () => {
    const file = fixture('incomplete-region.json');
    const err = await configError(load({ configPath: file }));
    expect(err.message).toContain(`${file}: regions.onprem-busan-1.provider: expected string`);
  });

  it('rejects unknown sections, broken JSON and missing files', async () => {
    const unknown = fixture('unknown-section.json');
    expect((await configError(load({ configPath: unknown }))).message).toMatch(
      new RegExp(`^${escapeRegExp(unknown)}: Unrecognized key: "region"`),
    );
    const broken = fixture('broken.json');
    expect((await configError(load({ configPath: broken }))).message).toMatch(
      new RegExp(`^${escapeRegExp(broken)}: invalid JSON`),
    );
    expect((await configError(load({ configPath: fixture('nope.json') }))).message).toMatch(
      /config file not found/,
    );
  });

  it('refuses a limit no value can meet or a gap cannot be measured to, and a severity key that names nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kcarbon-limits-'));
    const file = path.join(dir, 'kcarbon.json');
    const refused = async (config: unknown) => {
      await writeFile(file, JSON.stringify(config));
      return (await configError(load({ configPath: file }))).message;
    };
    // An intensity limit of 0 made the gap +Infinity % (and broke the MCP tools' output); a PUE limit of 0 asked
    // for a facility below 1.
    expect(
      await refused({
        standards: { KR_CARBON_2050: { checks: [{ id: 'reference-intensity', max: { value: 0 } }] } },
      }),
    ).toBe(
      `${file}: standards.KR_CARBON_2050.checks[0].max.value: a limit must be an intensity above 0, up to 2000 gCO2e/kWh; got 0`,
    );
    expect(
      await refused({
        standards: {
          KR_PUE_GREEN_DC: { checks: [{ id: 'pue-top-band', thresholds: [{ from: '2020-01-01', max: 0 }] }] },
        },
      }),
    ).toBe(
      `${file}: standards.KR_PUE_GREEN_DC.checks[0].thresholds[0].max: a limit must be a PUE from 1 to 5; got 0`,
    );
    await expect(load({ env: { KOREA_CARBON_INTENSITY: '0' } })).rejects.toThrow(
      "KOREA_CARBON_INTENSITY: expected a carbon intensity limit above 0, up to 2000 gCO2e/kWh, got '0'",
    );
    // A misspelt severity key changed nothing and let the gate judge by the default it meant to override.
    expect(await refused({ severity: { KR_PUE_GREN_DC: 'error' } })).toMatch(
      new RegExp(
        `^${escapeRegExp(file)}: severity\\.KR_PUE_GREN_DC: unknown severity key 'KR_PUE_GREN_DC': expected a standard \\(.*KR_PUE_GREEN_DC.*\\), STANDARD/check-id, or a legal status \\(law, regulation, voluntary-certification, roadmap, reference, budget\\)$`,
      ),
    );
    expect(await refused({ severity: { 'KR_PUE_GREEN_DC/pue-top': 'error' } })).toBe(
      `${file}: severity.KR_PUE_GREEN_DC/pue-top: unknown check 'pue-top' of KR_PUE_GREEN_DC; known checks: pue-top-band`,
    );
    // A record key its schema refuses says why (was zod's bare "Invalid key in record").
    expect(await refused({ budgets: { workloads: { 'api-gateway': { maxWatts: 1 } } } })).toBe(
      `${file}: budgets.workloads.api-gateway: expected <namespace>/<name>`,
    );
    // Each kind of key a severity map takes.
    await writeFile(
      file,
      JSON.stringify({
        severity: {
          'KR_PUE_GREEN_DC/pue-top-band': 'error',
          'voluntary-certification': 'warning',
          KR_CARBON_2050: 'warning',
          // Budgets: as a legal status, as their standard BUDGET, and per budget check.
          budget: 'warning',
          BUDGET: 'warning',
          'BUDGET/max-kg-month': 'error',
        },
      }),
    );
    expect((await load({ configPath: file })).severity.KR_CARBON_2050).toBe('warning');
    expect(await refused({ severity: { 'BUDGET/max-kgs': 'error' } })).toBe(
      `${file}: severity.BUDGET/max-kgs: unknown check 'max-kgs' of BUDGET; known checks: max-kg-month, max-watts`,
    );
    await rm(dir, { recursive: true, force: true });
  });

  it('names the line and column of a JSON syntax error, with the config hint', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kcarbon-json-'));
    const file = path.join(dir, 'kcarbon.json');
    await writeFile(file, '{\n  "defaults": {\n    region: 1\n  }\n}\n');
    const err = await configError(load({ configPath: file }));
    expect(err.message).toMatch(new RegExp(`^${escapeRegExp(file)}:3:5: invalid JSON: `));
    expect(err.hint).toMatch(/config\/README\.md/);
    await rm(dir, { recursive: true, force: true });
  });

  it('a YAML syntax error is one sentence with the config hint; an empty file is an empty config', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kcarbon-yaml-'));
    const tabs = path.join(dir, 'kcarbon.yaml');
    await writeFile(tabs, 'defaults:\n\tregion: ap-northeast-2\n');
    const err = await configError(load({ configPath: tabs }));
    expect(err.message).toBe(
      `${tabs}: invalid YAML: Tabs are not allowed as indentation at line 2, column 1`,
    );
    expect(err.hint).toMatch(/config\/README\.md/);
    // Empty, or only a comment (YAML: no document): an empty config, not "expected object, received null".
    for (const [name, text] of [
      ['empty.yaml', ''],
      ['empty.json', '\n'],
      ['comment.yaml', '# budgets come later\n'],
    ] as const) {
      const empty = path.join(dir, name);
      await writeFile(empty, text);
      expect((await load({ configPath: empty })).defaults).toEqual((await load({})).defaults);
    }
    await rm(dir, { recursive: true, force: true });
  });

  describe('with temporary files', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'kcarbon-config-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });
    const write = async (name: string, data: unknown) => {
      const file = path.join(dir, name);
      await writeFile(file, typeof data === 'string' ? data : JSON.stringify(data));
      return file;
    };

    it('rejects a region pointing at an unknown profile', async () => {
      const file = await write('bad-profile.json', { regions: { 'us-east-1': { profile: 'NOPE' } } });
      const err = await configError(load({ configPath: file }));
      expect(err.message).toContain(
        `${file}: regions.us-east-1.profile: unknown profile 'NOPE'; known profiles: `,
      );
    });

    it('rejects a default standard that does not exist', async () => {
      const file = await write('bad-default.json', { defaults: { standards: ['KR_CARBON_2050', 'NOPE'] } });
      const err = await configError(load({ configPath: file }));
      expect(err.message).toContain(`${file}: defaults.standards[1]: unknown standard 'NOPE'`);
    });

    it('removes an entry set to null', async () => {
      const file = await write('remove.json', { standards: { CN_DC_ACTION_PLAN: null } });
      const config = await load({ configPath: file });
      expect(config.standards.CN_DC_ACTION_PLAN).toBeUndefined();
    });

    it('rejects __proto__ keys', async () => {
      const file = await write('proto.json', '{ "regions": { "__proto__": { "x": 1 } } }');
      const err = await configError(load({ configPath: file }));
      expect(err.message).toBe(`${file}: regions.__proto__: key not allowed`);
    });

    it('is validated once per process, read again when a file changes; overrides never leak between loads', async () => {
      const pue = (value: number) => ({
        regions: { 'us-east-1': { pue: { value, source: 'our DC', year: 2025 } } },
      });
      const file = await write('reload.json', pue(1.3));
      const first = await load({ configPath: file, overrides: { region: 'us-east-1', pue: 1.9 } });
      expect(first.regions['us-east-1']!.pue.value).toBe(1.9);
      const again = await load({ configPath: file });
      expect(again.regions['us-east-1']!.pue.value).toBe(1.3);
      again.regions['us-east-1']!.pue.value = 9;
      expect((await load({ configPath: file })).regions['us-east-1']!.pue.value).toBe(1.3);
      await write('reload.json', pue(1.45));
      await utimes(file, new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));
      expect((await load({ configPath: file })).regions['us-east-1']!.pue.value).toBe(1.45);
    });

    it('rejects an empty directory', async () => {
      const empty = await mkdtemp(path.join(dir, 'empty-'));
      const err = await configError(load({ configPath: empty }));
      expect(err.message).toMatch(/no config file found; expected any of regions\.json/);
    });

    it('configPath wins over KCARBON_CONFIG', async () => {
      const config = await load({
        configPath: fixture('override-pue.json'),
        env: { KCARBON_CONFIG: fixture('nope.json') },
      });
      expect(getRegion(config, 'ap-northeast-2').pue.value).toBe(1.3);
    });
  });
});

describe('flag overrides and precedence', () => {
  it('replaces the chosen region numbers for one run', async () => {
    const config = await load({ overrides: { region: 'us-east-1', pue: 1.4, intensity: 300 } });
    const r = getRegion(config, 'us-east-1');
    expect(r.pue).toMatchObject({ value: 1.4, source: 'flag --pue', origin: 'flag --pue', year: 2026 });
    expect(r.intensity).toMatchObject({ value: 300, source: 'flag --intensity', basis: 'lifecycle' });
    expect(r.intensity.licence).toBeUndefined();
    expect(config.defaults.region).toBe('us-east-1');
    // The built-in default region is untouched.
    expect(getRegion(config, 'ap-northeast-2').pue.value).toBe(1.135);
  });

  it('flags > env > user config > built-in', async () => {
    const configPath = fixture('override-pue.json');
    const fileOnly = await load({ configPath });
    expect(getRegion(fileOnly, 'ap-northeast-2').pue.value).toBe(1.3);

    const withEnv = await load({ configPath, env: { KCARBON_PUE: '1.25' } });
    expect(getRegion(withEnv, 'ap-northeast-2').pue).toMatchObject({
      value: 1.25,
      source: 'env KCARBON_PUE',
    });

    const withFlag = await load({ configPath, env: { KCARBON_PUE: '1.25' }, overrides: { pue: 1.2 } });
    expect(getRegion(withFlag, 'ap-northeast-2').pue).toMatchObject({ value: 1.2, source: 'flag --pue' });

    const region = await load({ env: { KCARBON_REGION: 'eu-west-1' }, overrides: { region: 'eu-north-1' } });
    expect(region.defaults.region).toBe('eu-north-1');
    expect((await load({ env: { KCARBON_REGION: 'eu-west-1' } })).defaults.region).toBe('eu-west-1');
  });

  it('rejects invalid flag values and an unknown region given with numbers', async () => {
    await expect(load({ overrides: { pue: 0.5 } })).rejects.toThrow(UsageError);
    await expect(load({ overrides: { intensity: Number.NaN } })).rejects.toThrow(/--intensity: expected/);
    await expect(load({ overrides: { region: 'ap-nowhere-1', pue: 1.2 } })).rejects.toThrow(
      /unknown region 'ap-nowhere-1'/,
    );
  });

  it('leaves an unknown region alone without numbers (callers validate it)', async () => {
    const config = await load({ overrides: { region: 'ap-nowhere-1' } });
    expect(config.defaults.region).toBe('ap-nowhere-1');
    expect(() => getRegion(config, config.defaults.region)).toThrow(UsageError);
  });

  it('does not change the built-in files', async () => {
    const before = await readFile(path.join(BUILTIN_CONFIG_DIR, 'regions.json'), 'utf8');
    await load({ configPath: fixture('override-pue.json'), overrides: { pue: 1.2 } });
    const again = await load();
    expect(getRegion(again, 'ap-northeast-2').pue.value).toBe(1.135);
    expect(await readFile(path.join(BUILTIN_CONFIG_DIR, 'regions.json'), 'utf8')).toBe(before);
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('the bundle reuses the built-in config its build validated', () => {
  const ROOT = fileURLToPath(new URL('../', import.meta.url));
  let dir: string;
  beforeAll(async () => {
    // A copy of the installed layout: launcher, bundle (+ code cache, validated config) and config/.
    dir = await mkdtemp(path.join(tmpdir(), 'kcarbon-builtin-'));
    await cp(path.join(ROOT, 'bin'), path.join(dir, 'bin'), { recursive: true });
    await cp(path.join(ROOT, 'dist/bundle'), path.join(dir, 'dist/bundle'), { recursive: true });
    await cp(path.join(ROOT, 'config'), path.join(dir, 'config'), { recursive: true });
    await cp(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const run = (args: string[]) =>
    new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        [path.join(dir, 'bin/kcarbon.js'), ...args],
        { env: { PATH: process.env.PATH, NO_COLOR: '1' } },
        (err, stdout, stderr) => resolve({ code: err ? (err.code as number) : 0, stdout, stderr }),
      );
    });
  const demo = fileURLToPath(new URL('../fixtures/demo/', import.meta.url));

  it('runs from the cached validation while the files are the ones it validated', async () => {
    const r = await run(['summary', '--source', demo, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('merges a user config over the cached built-ins (their raw data is worked out from the texts)', async () => {
    const user = path.join(dir, 'user.json');
    await writeFile(
      user,
      JSON.stringify({ regions: { 'ap-northeast-2': { pue: { value: 1.3, source: 'test', year: 2025 } } } }),
    );
    const r = await run(['summary', '--source', demo, '--config', user, '--json']);
    expect(r.stderr).toBe('');
    const pue = JSON.parse(r.stdout).data_used.grid.pue;
    expect(pue).toMatchObject({ value: 1.3, unit: 'ratio', source: 'test', origin: `user config ${user}` });
  });

  it('validates an edited built-in file again (the cache is for the exact texts)', async () => {
    const file = path.join(dir, 'config/regions.json');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"timeZone": "Asia/Seoul"', '"timeZone": "Asia/Seol"'));
    const r = await run(['summary', '--source', demo, '--json']);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toMatch(/config\/regions\.json: .*IANA time zone/);
  });
});
