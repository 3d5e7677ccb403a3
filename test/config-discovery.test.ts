/** Config discovery (kcarbon.config.{json,yaml}, .kcarbonrc upward from the working directory), config show and schema. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';

const require = createRequire(import.meta.url);
const before = process.cwd();
afterEach(() => process.chdir(before));

function project(files: Record<string, string>): { root: string; deep: string } {
  const root = mkdtempSync(join(tmpdir(), 'kcarbon-discover-'));
  const deep = join(root, 'services', 'api');
  mkdirSync(deep, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  return { root, deep };
}

/** The `key` row of `config show --json`. */
const setting = async (key: string, args: string[] = [], env = {}) =>
  JSON.parse((await cli(['config', 'show', '--json', ...args], env)).stdout).settings.find(
    (s: { key: string }) => s.key === key,
  );
const region = (args: string[] = [], env = {}) => setting('defaults.region', args, env);

describe('config discovery', () => {
  for (const [name, text] of [
    ['kcarbon.config.json', '{"defaults":{"region":"eu-north-1"}}'],
    ['kcarbon.config.yaml', 'defaults:\n  region: eu-north-1\n'],
    ['.kcarbonrc', 'defaults:\n  region: eu-north-1\n'],
  ]) {
    it(`${name} is found from a subdirectory and shown with its origin`, async () => {
      const p = project({ [name!]: text! });
      process.chdir(p.deep);
      expect(await region()).toEqual({
        key: 'defaults.region',
        value: 'eu-north-1',
        origin: `user config ${join(p.root, name!)}`,
      });
    });
  }

  it('--config and KCARBON_CONFIG override discovery; without any file the built-in default is used', async () => {
    const p = project({ 'kcarbon.config.json': '{"defaults":{"region":"eu-north-1"}}' });
    const other = join(p.root, 'other.yaml');
    writeFileSync(other, 'defaults:\n  region: us-east-1\n');
    process.chdir(p.deep);
    expect((await region(['--config', other])).value).toBe('us-east-1');
    expect((await region([], { KCARBON_CONFIG: other })).value).toBe('us-east-1');
    process.chdir(mkdtempSync(join(tmpdir(), 'kcarbon-none-')));
    expect(await region()).toMatchObject({
      value: 'ap-northeast-2',
      origin: 'built-in config/regulations.json',
    });
  });

  it('the nearest file is the config even when empty; one that cannot be read is named (exit 2)', async () => {
    // An empty kcarbon.config.json nearer than a parent's with a region: the empty one (built-in default region),
    // not the parent's taken silently.
    const p = project({ 'kcarbon.config.json': '{"defaults":{"region":"eu-north-1"}}' });
    writeFileSync(join(p.deep, 'kcarbon.config.json'), '');
    process.chdir(p.deep);
    expect((await region()).value).toBe('ap-northeast-2');
    // A directory where a config file is looked for: was an internal error naming no file.
    const d = project({});
    mkdirSync(join(d.deep, '.kcarbonrc'));
    process.chdir(d.deep);
    const r = await cli(['config', 'show']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `kcarbon: error: ${join(d.deep, '.kcarbonrc')}: cannot read: is a directory`,
    );
  });

  it('a discovered invalid file is exit 2 naming the file and the key', async () => {
    const p = project({ 'kcarbon.config.yaml': 'defaults:\n  standards: []\n' });
    process.chdir(p.deep);
    const r = await cli(['config', 'show']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/kcarbon\.config\.yaml: defaults\.standards/);
  });

  it('config show lists the basis and the grid provider a run uses, and where they come from', async () => {
    const plain = JSON.parse((await cli(['config', 'show', '--json'])).stdout);
    expect(plain.settings).toContainEqual({ key: 'defaults.basis', value: 'lifecycle', origin: 'built-in' });
    expect(plain.settings).toContainEqual({ key: 'defaults.grid', value: 'offline', origin: 'built-in' });
    const env = JSON.parse(
      (await cli(['config', 'show', '--json'], { KCARBON_GRID: 'electricitymaps' })).stdout,
    );
    expect(env.settings).toContainEqual({
      key: 'defaults.grid',
      value: 'electricitymaps',
      origin: 'env KCARBON_GRID',
    });
    const flag = JSON.parse((await cli(['config', 'show', '--json', '--grid', 'watttime'])).stdout);
    expect(flag.settings).toContainEqual({ key: 'defaults.grid', value: 'watttime', origin: '--grid' });
    expect(flag.settings.filter((x: { key: string }) => x.key === 'defaults.grid')).toHaveLength(1);
  });

  it('config show names a --region or --basis flag, or its env variable, as the origin; the flag wins', async () => {
    process.chdir(mkdtempSync(join(tmpdir(), 'kcarbon-none-')));
    for (const [name, env, flagged, fromEnv] of [
      ['region', 'KCARBON_REGION', 'eu-north-1', 'us-east-1'],
      ['basis', 'KCARBON_BASIS', 'lifecycle', 'official'],
    ] as const) {
      const key = `defaults.${name}`;
      const flag = [`--${name}`, flagged];
      expect(await setting(key, flag)).toEqual({ key, value: flagged, origin: `--${name}` });
      expect(await setting(key, [], { [env]: fromEnv })).toEqual({
        key,
        value: fromEnv,
        origin: `env ${env}`,
      });
      expect(await setting(key, flag, { [env]: fromEnv })).toEqual({
        key,
        value: flagged,
        origin: `--${name}`,
      });
    }
  });

  it('config show: a region is shown as config spells it, an unknown one refused like elsewhere', async () => {
    // As config spells it, with its figures (a run accepts any case).
    expect((await region(['--region', 'EU-North-1'])).value).toBe('eu-north-1');
    const s = JSON.parse((await cli(['config', 'show', '--json', '--region', 'EU-North-1'])).stdout);
    expect(s.settings.map((x: { key: string }) => x.key)).toEqual(
      expect.arrayContaining(['regions.eu-north-1.intensity', 'regions.eu-north-1.pue']),
    );
    for (const [args, env] of [
      [['--region', 'mars-1'], {}],
      [[], { KCARBON_REGION: 'mars-1' }],
    ] as [string[], Record<string, string>][]) {
      const shown = await cli(['config', 'show', ...args], env);
      const listed = await cli(['list', '--demo', '--at', '2026-01-15T05:00:00Z', ...args], env);
      expect(shown.code).toBe(2);
      expect(shown.stdout).toBe('');
      expect(shown.stderr).toBe(listed.stderr);
      expect(shown.stderr).toMatch(/^kcarbon: error: unknown region 'mars-1' — \d+ known regions, e\.g\. /);
    }
    const close = await cli(['config', 'show', '--region', 'eu-nort']);
    expect(close.stderr).toBe("kcarbon: error: unknown region 'eu-nort' — did you mean 'eu-north-1'?\n");
  });

  it('config show lists severities and exceptions with their files', async () => {
    const p = project({
      '.kcarbonrc.json': '{"severity":{"KR_CARBON_2050":"warning"}}',
      '.kcarbonignore.yaml': '- namespace: batch\n  reason: nightly batch moves in Q3\n',
    });
    process.chdir(p.deep);
    const s = JSON.parse((await cli(['config', 'show', '--json'])).stdout);
    expect(s.settings).toContainEqual({
      key: 'severity.KR_CARBON_2050',
      value: 'warning',
      origin: `user config ${join(p.root, '.kcarbonrc.json')}`,
    });
    expect(s.settings).toContainEqual({
      key: 'exceptions[0]',
      value: { namespace: 'batch', reason: 'nightly batch moves in Q3' },
      origin: join(p.root, '.kcarbonignore.yaml'),
    });
    expect(s.files).toContain(join(p.root, '.kcarbonignore.yaml'));
  });
});

describe('config schema', () => {
  it('is a JSON Schema that accepts a real config and rejects a bad one', async () => {
    const r = await cli(['config', 'schema']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const Ajv2020 = require('ajv/dist/2020').default;
    const validate = new Ajv2020({ strict: false }).compile(schema);
    const good = {
      defaults: { region: 'ap-northeast-2', standards: ['KR_CARBON_2050'] },
      budgets: { workloads: { 'production/api': { maxWatts: 5 } } },
      severity: { KR_PUE_GREEN_DC: 'error' },
      exceptions: [{ workload: 'prod/api', reason: 'because', expires: '2026-12-31' }],
    };
    expect(validate(good), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ severity: { X: 'fatal' } })).toBe(false);
    expect(validate({ exceptions: [{ workload: 'prod/api' }] })).toBe(false);
    // As the loader: an unknown section is refused, a defaults figure may give only its value, gridProviders is a
    // section.
    expect(validate({ budgest: {} })).toBe(false);
    expect(
      validate({ defaults: { targetUtilization: { value: 0.6 } } }),
      JSON.stringify(validate.errors),
    ).toBe(true);
    expect(validate({ gridProviders: { electricitymaps: { signal: 'average' } } })).toBe(true);
  });

  it('markdown and html show the document whole: a fenced json block and a <pre>, every line and indent kept', async () => {
    const json = (await cli(['config', 'schema'])).stdout.trimEnd();
    const md = await cli(['config', 'schema', '-o', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).toBe(
      `## kcarbon config schema: Config file JSON Schema\n\n\`\`\`json\n${json}\n\`\`\`\n`,
    );
    const html = await cli(['config', 'schema', '-o', 'html']);
    expect(html.code).toBe(0);
    const pre = /<pre>([\s\S]*?)<\/pre>/.exec(html.stdout)?.[1];
    const unHtml = (t: string) =>
      t
        .replaceAll('&quot;', '"')
        .replaceAll('&lt;', '<')
        .replaceAll('&gt;', '>')
        .replaceAll('&#39;', "'")
        .replaceAll('&amp;', '&');
    expect(unHtml(pre ?? '')).toBe(json);
    expect(html.stdout).not.toMatch(/<p>\{<\/p>/);
  });
});
