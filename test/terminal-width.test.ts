/**
 * A terminal that fits: every command's table at 80 and 120 columns (COLUMNS) has no line longer than
 * the width, and matches its snapshot; -o wide, --no-headers and -o yaml.
 */

import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SPECS as COMMANDS } from '../src/commands/all.js';
import { displayWidth } from '../src/i18n/index.js';
import { truncateMiddle } from '../src/render/table.js';
import { cli } from './support/cli.js';

const AT = ['--at', '2026-01-15T05:00:00Z'];
const ARGS: Record<string, string[]> = {
  assess: ['postgres'],
  compare: ['postgres'],
  regions: ['postgres'],
  schedule: ['postgres'],
};

/** Lines that change between runs (read times, the run's own clock) are left out of the snapshot. */
const stable = (text: string) =>
  text
    .split('\n')
    .filter((l) => !/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(l) && !/\/tmp\//.test(l))
    .join('\n');

describe('tables fit the terminal', () => {
  for (const spec of COMMANDS) {
    for (const width of [80, 120]) {
      it(`kcarbon ${spec.name} at ${width} columns`, async () => {
        const argv = [
          ...spec.name.split(' '),
          ...(ARGS[spec.name] ?? []),
          ...(spec.readsMetrics ? ['--demo'] : []),
          ...(spec.name === 'config schema' ? [] : AT),
        ];
        const r = await cli(argv, { COLUMNS: String(width) });
        expect([0, 1], r.stderr).toContain(r.code);
        const long = r.stdout.split('\n').filter((l) => l.length > width);
        expect(long, `lines over ${width} columns`).toEqual([]);
        expect(stable(r.stdout)).toMatchSnapshot();
      });
    }
  }
});

describe('wide, headers, yaml', () => {
  it('a non-compliant status reads whole at 80 columns (the failed checks move to -o wide)', async () => {
    const args = ['list', '--demo', ...AT, '--region', 'ap-northeast-1'];
    const r = await cli(args, { COLUMNS: '80' });
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('ai-team'));
    expect(rows.length).toBeGreaterThan(0);
    for (const l of rows) {
      expect(l.length).toBeLessThanOrEqual(80);
      expect(l).toMatch(/ {3}NON_COMPLIANT$/);
    }
    expect(r.stdout).not.toContain('…');
    const wide = await cli([...args, '-o', 'wide'], { COLUMNS: '80' });
    expect(wide.stdout).toContain('KR_CARBON_2050/reference-intensity');
  });

  it('names stay whole at 80 columns: numbers and long text move to -o wide, boxed tables wrap names at - . _', async () => {
    for (const args of [['top'], ['top', '--since', '24h'], ['list'], ['list', '--since', '24h']]) {
      const r = await cli([...args, '--demo', ...AT], { COLUMNS: '80' });
      expect(r.stdout, args.join(' ')).not.toContain('…');
      const json = JSON.parse((await cli([...args, '--demo', ...AT, '--json'])).stdout);
      const names: string[] = (json.consumers ?? json.workloads).map(
        (w: { name?: string; workload?: string }) => w.name ?? w.workload,
      );
      for (const n of names) expect(r.stdout, `${args.join(' ')}: ${n}`).toContain(` ${n} `);
    }
    // Boxed tables wrap a long name after one of its parts, never mid-word, and keep statuses whole.
    const hot = (await cli(['hotspots', '--demo', ...AT], { COLUMNS: '80' })).stdout;
    expect(hot).toContain('│ ml-training-job-w4k7p ');
    expect(hot).toMatch(/│ model-serving- +│/);
    expect(hot).not.toMatch(/COMPLI +│\n.*ANT/);
    const summary = (await cli(['summary', '--demo', ...AT], { COLUMNS: '80' })).stdout;
    expect(summary).toMatch(/│ ip-10-0-1-17\.ap-northeast-2\. +│/);
    expect(summary).toMatch(/│ compute\.internal +│/);
  });

  for (const name of ['top', 'list']) {
    it(`${name} prints kubectl-like plain columns, words whole at 80 columns`, async () => {
      const r = await cli([name, '--demo', ...AT], { COLUMNS: '80' });
      const lines = r.stdout.split('\n');
      expect(r.stdout).not.toMatch(/[\u2500-\u257f]|^[|+]/m);
      expect(lines[0]).toMatch(/^ *#? *NAMESPACE {3}/);
      expect(lines[0]).toContain('STATUS');
      // One line per row: every row ends its status whole (no "COMPLI" over "ANT").
      const rows = lines.slice(1).filter((l) => /^ *\d* *[a-z-]+ {3}/.test(l));
      expect(rows.length).toBeGreaterThan(5);
      for (const l of rows) expect(l).toMatch(/ {3}(COMPLIANT|NON_COMPLIANT|UNKNOWN|WARNING)\b/);
      expect(r.stdout).not.toMatch(/COMPLI\s*$/m);
    });
  }

  it('in Korean (wide characters) a narrow table keeps its status whole and wraps headings by display width', async () => {
    const args = ['--demo', ...AT, '--lang', 'ko', '--region', 'ap-northeast-1'];
    const list = (await cli(['list', ...args], { COLUMNS: '60' })).stdout;
    const rows = list.split('\n').filter((l) => l.startsWith('ai-team'));
    expect(rows.length).toBeGreaterThan(0);
    for (const l of rows) expect(l).toMatch(/ {3}미준수$/);
    const hot = (await cli(['hotspots', ...args], { COLUMNS: '60' })).stdout;
    expect(hot).not.toContain('…');
    expect(hot).toMatch(/│ 미준수 │/);
    for (const l of hot.split('\n')) expect(displayWidth(l), l).toBeLessThanOrEqual(60);
  });

  it('-o wide shows the secondary columns dropped at 80 columns', async () => {
    const narrow = (await cli(['top', '--demo', ...AT], { COLUMNS: '80' })).stdout;
    const wide = (await cli(['top', '--demo', ...AT, '-o', 'wide'], { COLUMNS: '80' })).stdout;
    expect(narrow).not.toContain('NODE IDLE');
    expect(wide).toContain('NODE IDLE');
    expect(wide).toContain('ip-10-0-1-17');
  });

  it('--no-headers leaves the header row out', async () => {
    const r = await cli(['list', '--demo', ...AT, '--no-headers'], { COLUMNS: '120' });
    expect(r.stdout).not.toMatch(/Namespace|NAMESPACE/);
    expect(r.stdout).toMatch(/ml-training-job/);
  });

  it('--no-headers: a listing prints only its rows, no title or summary line; no rows is no output', async () => {
    const rows = async (args: string[]) => {
      const r = await cli([...args, '--demo', ...AT, '--no-headers'], { COLUMNS: '120' });
      expect(r.code, args.join(' ')).toBe(0);
      return r.stdout.split('\n').slice(0, -1);
    };
    const top = await rows(['top']);
    expect(top).toHaveLength(10);
    for (const l of top) expect(l).toMatch(/^ *\d+ {3}\S+ {3,}\S+ .* (NON_)?COMPLIANT$/);
    const list = await rows(['list']);
    expect(list).toHaveLength(14);
    for (const l of list) expect(l).toMatch(/^\S+ {3,}\S+ .* (NON_)?COMPLIANT( |$)/);
    // A second table stays after a blank line, without its title.
    const terminated = await rows(['top', '--include-terminated']);
    expect(terminated.slice(10)).toEqual([
      '',
      expect.stringMatching(/^batch {3}etl-nightly-\S+ {3,}ip-\S+ +0\.0165$/),
      expect.stringMatching(/^batch {3}batch-job-\S+ {3,}ip-\S+ +0\.0012$/),
    ]);
    const hot = await rows(['hotspots', '--threshold', '20']);
    expect(hot.filter((l) => /^│ \d │/.test(l))).toHaveLength(3);
    expect(hot.filter((l) => /^│ (high|medium|low) /.test(l)).length).toBeGreaterThan(0);
    expect(hot.every((l) => l === '' || /^[│┌└]/.test(l))).toBe(true);
    const regions = await rows(['regions', 'ml-training-job']);
    expect(regions.filter((l) => l.startsWith('│'))).toHaveLength(regions.length - 2); // the borders
    expect(await rows(['hotspots', '--threshold', '5000'])).toEqual([]);
    expect(await rows(['list', '--status', 'NON_COMPLIANT'])).toEqual([]);
    const config = await cli(['config', 'show', '--no-headers']);
    expect(config.stdout).not.toMatch(/Files:|Setting/);
    expect(config.stdout).toMatch(/^│ defaults\.basis /m);
  });

  it('--no-headers: partial data is told on stderr, not among the rows', async () => {
    const seed = new URL('../fixtures/seed/nan-watts.prom', import.meta.url).pathname;
    const r = await cli(['top', '--source', seed, ...AT, '--no-headers']);
    expect(r.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^1 {3}seed {3}ok-pod /),
      expect.stringMatching(/^2 {3}seed {3}nan-pod /),
      expect.stringMatching(/^3 {3}seed {3}inf-pod /),
    ]);
    expect(r.stderr).toMatch(/^kcarbon: warning: incomplete data: 2 series left out/m);
    const headed = await cli(['top', '--source', seed, ...AT]);
    expect(headed.stdout).toMatch(/series left out/);
  });

  it('-o yaml is the JSON result as YAML', async () => {
    const json = JSON.parse((await cli(['summary', '--demo', ...AT, '--json'])).stdout);
    const yaml = parse((await cli(['summary', '--demo', ...AT, '-o', 'yaml'])).stdout);
    expect({ ...yaml, metrics: undefined }).toEqual({ ...json, metrics: undefined });
  });
});

describe('enum spellings and did-you-mean', () => {
  it('--status accepts any case and the common spellings', async () => {
    const canonical = JSON.parse(
      (await cli(['list', '--demo', ...AT, '--intensity', '600', '--status', 'NON_COMPLIANT', '--json']))
        .stdout,
    );
    for (const s of ['noncompliant', 'non-compliant', 'Non_Compliant', 'NON COMPLIANT']) {
      const r = await cli(['list', '--demo', ...AT, '--intensity', '600', '--status', s, '--json']);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).workloads).toEqual(canonical.workloads);
    }
    expect((await cli(['top', '--demo', ...AT, '--sort', 'GPU'])).code).toBe(0);
  });

  it('an unknown region suggests only close names, a handful at most, never the whole list', async () => {
    const far = await cli(['list', '--demo', '--region', 'xyz']);
    expect(far.code).toBe(2);
    expect(far.stderr).not.toMatch(/did you mean/);
    expect(far.stderr.split(',').length).toBeLessThan(8);
    const near = await cli(['list', '--demo', '--region', 'us-eest-1']);
    expect(near.stderr).toMatch(/did you mean 'us-east-1'/);
    const prefix = await cli(['list', '--demo', '--region', 'ap-northeast']);
    expect(prefix.stderr).toMatch(/did you mean 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3'\?/);
  });
});

describe('coloured prose under a table wraps to the terminal too (en and ko)', () => {
  const CASES = [
    ['top', '--demo', '--since', '24h'],
    ['report', '--demo'],
    ['report', '--demo', '--since', '24h'],
  ];
  for (const args of CASES) {
    for (const lang of ['en', 'ko']) {
      for (const width of [80, 120]) {
        it(`kcarbon ${args.join(' ')} --color --lang ${lang} at ${width} columns`, async () => {
          const r = await cli([...args, ...AT, '--color', '--lang', lang], { COLUMNS: String(width) });
          expect([0, 1], r.stderr).toContain(r.code);
          expect(r.stdout).toContain('\x1b[');
          const long = stripVTControlCharacters(r.stdout)
            .split('\n')
            .filter((l) => displayWidth(l) > width);
          expect(long, `lines over ${width} columns`).toEqual([]);
        });
      }
    }
  }
});

describe('names cut to fit', () => {
  it('are cut in the middle, so pods of one workload stay told apart (40 columns)', async () => {
    const r = await cli(['top', '--demo', '--limit', '3', '--at', '2026-01-15T05:00:00Z'], { COLUMNS: '40' });
    const pods = r.stdout
      .split('\n')
      .slice(1, 4)
      .map((l) => l.split(/\s{3,}/)[1]);
    expect(pods.every((p) => p?.includes('…'))).toBe(true);
    expect(new Set(pods).size).toBe(3);
  });

  it('truncateMiddle keeps the start and the end within the width, by display width', () => {
    expect(truncateMiddle('ml-training-job-7f9c-w4k7p', 16)).toBe('ml-train…c-w4k7p');
    expect(truncateMiddle('short', 16)).toBe('short');
    const ko = truncateMiddle('가나다라마바사아자차', 9); // Hangul is two columns wide
    expect(ko).toBe('가나…자차');
    expect(displayWidth(ko)).toBeLessThanOrEqual(9);
  });
});

describe('--help', () => {
  for (const spec of COMMANDS) {
    it(`kcarbon ${spec.name} --help: grouped options, examples, no MCP parameter names`, async () => {
      const r = await cli([...spec.name.split(' '), '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Output options:');
      if (spec.readsMetrics) expect(r.stdout).toContain('Source options:');
      // Gate options where there is something to gate: a command that judges checks, or reads metrics
      // (--allow-partial, --strict); --fail-on and the like only where checks are judged.
      if (spec.readsMetrics) expect(r.stdout).toContain('Gate options:');
      expect(r.stdout.includes('--fail-on')).toBe(spec.gating === true);
      expect(r.stdout).toMatch(/\nExamples:\n {2}kcarbon /);
      for (const key of Object.keys(spec.input.shape).filter((k) => k.includes('_')))
        expect(r.stdout, key).not.toMatch(new RegExp(`\\b${key}\\b`));
    });
  }
});

describe('--help fits 80 columns by display width (Hangul counts two), en and ko', () => {
  const commands = [[], ['serve'], ['config'], ...COMMANDS.map((c) => c.name.split(' '))];
  for (const name of commands) {
    for (const lang of ['en', 'ko']) {
      it(`kcarbon ${[...name, '--help'].join(' ')} --lang ${lang}`, async () => {
        const r = await cli([...name, '--help', '--lang', lang], { COLUMNS: '80' });
        expect(r.code, r.stderr).toBe(0);
        const long = stripVTControlCharacters(r.stdout)
          .split('\n')
          .filter((l) => displayWidth(l) > 80);
        expect(long, 'lines over 80 columns').toEqual([]);
        if (name.length) expect(r.stdout.split('\n')[0]).toMatch(lang === 'ko' ? /\[옵션\]/ : /\[options\]/);
      });
    }
  }
});
