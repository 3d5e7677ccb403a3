/** Bad input anywhere a user gives it: one clear error line, the documented exit code, nothing half done. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backoffMs } from '../src/sources/http.js';
import { BIN, type CliRun, cli } from './support/cli.js';
import { closedPort } from './support/servers.js';

/** The built CLI in a working directory of its own (the ignore file is looked for from there). */
function spawnIn(cwd: string, args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env: { PATH: process.env.PATH } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
  });
}

describe('durations kcarbon waits for', () => {
  it('--timeout or --sample beyond what a timer holds is a usage error naming the flag (never 1 ms, never 0 W)', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/metrics`;
    for (const args of [
      ['--timeout', '25d'],
      ['--timeout', '99999999999d'],
      ['--sample', '30d'],
    ]) {
      const r = await cli(['top', '--source', url, '--retries', '0', ...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `kcarbon: error: ${args[0]} '${args[1]}' is longer than kcarbon can wait (at most 24d) — e.g. 10s\n`,
      );
    }
    const ko = await cli(['top', '--source', url, '--timeout', '25d', '--lang', 'ko']);
    expect(ko.code).toBe(2);
    expect(ko.stderr).toContain(
      "kcarbon: 오류: --timeout '25d': kcarbon이 기다릴 수 있는 시간보다 깁니다 (최대 24d)",
    );
    // 24 days is still a duration kcarbon waits for (the server refuses at once).
    const ok = await cli(['top', '--source', url, '--retries', '0', '--timeout', '24d']);
    expect(ok.code, ok.stderr).toBe(3);
  });
});

describe('retries', () => {
  it('--retries is 0 to 10: more only delays the error (the waits double), so it is refused naming the range', async () => {
    for (const bad of ['11', '1e3', '-1', '2.5']) {
      const r = await cli(['summary', '--demo', '--retries', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`kcarbon: error: --retries expects a whole number from 0 to 10, got '${bad}'\n`);
    }
    const ko = await cli(['summary', '--demo', '--retries', '11', '--lang', 'ko']);
    expect(ko.stderr).toContain("--retries: 0부터 10까지의 정수가 필요하지만 '11'이(가) 주어졌습니다");
    expect((await cli(['summary', '--demo', '--retries', '10', '--json'])).code).toBe(0);
  });
  it('the wait before a retry doubles from the base and stops at 30 s (never a timer overflow)', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(250, a))).toEqual([250, 500, 1000, 2000]);
    expect(backoffMs(250, 8)).toBe(30_000); // 250 x 128 = 32 s, capped
    expect(backoffMs(250, 40)).toBe(30_000);
  });
});

describe('user config files', () => {
  it('a YAML alias inside its own anchor is a config error naming the file and key, not an internal error; a shared alias is fine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcarbon-bad-'));
    const loop = join(dir, 'loop.yaml');
    writeFileSync(loop, 'defaults:\n  standards: &s [KR_CARBON_2050, *s]\n');
    const r = await cli(['summary', '--demo', '--config', loop]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `kcarbon: error: ${loop}: defaults.standards[1]: a YAML alias inside its own anchor (the value would contain itself) — see config/README.md for the config format\n`,
    );
    const ko = await cli(['summary', '--demo', '--config', loop, '--lang', 'ko']);
    expect(ko.stderr).toContain('자신의 앵커 안에 있는 YAML 별칭입니다');
    const shared = join(dir, 'shared.yaml');
    writeFileSync(shared, 'budgets:\n  workloads:\n    a/b: &budget { maxWatts: 5 }\n    a/c: *budget\n');
    const ok = await cli(['summary', '--demo', '--config', shared, '-q']);
    expect(ok.code, ok.stderr).toBe(0);
  });
});

describe('YAML warnings', () => {
  it('an unresolved tag in a config or ignore file is one error line naming the file and where; in a kubeconfig it prints no Node warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcarbon-bad-'));
    const config = join(dir, 'tag.yaml');
    writeFileSync(config, 'defaults:\n  region: !!js/function ap-northeast-2\n');
    const r = await cli(['summary', '--demo', '--config', config]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toBe(
      `kcarbon: error: ${config}: invalid YAML: Unresolved tag: tag:yaml.org,2002:js/function at line 2, column 11 — see config/README.md for the config format\n`,
    );
    const cwd = mkdtempSync(join(tmpdir(), 'kcarbon-bad-'));
    writeFileSync(
      join(cwd, '.kcarbonignore.yaml'),
      'exceptions:\n  - check: !!js/regexp /KR/\n    reason: tagged\n',
    );
    const spawned = await spawnIn(cwd, ['list', '--demo', '-o', 'json']);
    expect(spawned.code, spawned.stderr).toBe(2);
    expect(spawned.stdout).toBe('');
    expect(spawned.stderr).toBe(
      `kcarbon: error: ${join(cwd, '.kcarbonignore.yaml')}: not YAML: Unresolved tag: tag:yaml.org,2002:js/regexp at line 2, column 12\n`,
    );
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, 'apiVersion: v1\nclusters: !!foo []\n');
    const k = await spawnIn(dir, [
      'summary',
      '--kepler-service',
      'kepler/kepler',
      '--kubeconfig',
      kubeconfig,
    ]);
    expect(k.code).toBe(2);
    expect(k.stderr).not.toContain('YAMLWarning');
    expect(k.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('periods', () => {
  it('a --since longer than any date can reach is the period-too-long error, never "--from undefined"', async () => {
    for (const lang of ['en', 'ko']) {
      const r = await cli(['top', '--demo', '--since', '99999999999d', '--lang', lang]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).not.toContain('undefined');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const r = await cli(['top', '--demo', '--since', '99999999999d']);
    expect(r.stderr).toBe('kcarbon: error: a period is at most 400 days — shorten --since or --from/--to\n');
  });
});

describe('file outputs', () => {
  it("--history '' is a usage error, not a run recorded nowhere", async () => {
    const r = await cli(['report', '--demo', '-o', 'json', '--history', '']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'kcarbon: error: --history is empty: this run would be recorded nowhere — e.g. --history /data/kcarbon.jsonl\n',
    );
    const ko = await cli(['report', '--demo', '--history', ' ', '--lang', 'ko']);
    expect(ko.code).toBe(2);
    expect(ko.stderr).toContain('kcarbon: 오류: --history가 비어 있습니다');
  });
});

describe('stated figures', () => {
  it('--intensity 0 states an all-renewable grid as KCARBON_INTENSITY=0 does; below 0 is the range error', async () => {
    const flag = await cli(['summary', '--demo', '--json', '--intensity', '0']);
    expect(flag.code, flag.stderr).toBe(0);
    const env = await cli(['summary', '--demo', '--json'], { KCARBON_INTENSITY: '0' });
    expect(env.code, env.stderr).toBe(0);
    expect(JSON.parse(flag.stdout).monthly_emissions_kg).toBe(0);
    expect(JSON.parse(flag.stdout).monthly_emissions_kg).toBe(JSON.parse(env.stdout).monthly_emissions_kg);
    const below = await cli(['summary', '--demo', '--intensity', '-1']);
    expect(below.code).toBe(2);
    expect(below.stderr).toBe(
      'kcarbon: error: --intensity: expected a carbon intensity from 0 to 2000 gCO2e/kWh, got -1\n',
    );
    const word = await cli(['summary', '--demo', '--intensity', 'abc']);
    expect(word.code).toBe(2);
    expect(word.stderr).toBe("kcarbon: error: --intensity expects a number, got 'abc'\n");
  });
});

describe('counts', () => {
  it('--prometheus-max-series is a whole number of series, at least 1', async () => {
    for (const v of ['0.5', '0', 'abc', '-3']) {
      const r = await cli(['summary', '--demo', '--prometheus-max-series', v]);
      expect(r.code, v).toBe(2);
      expect(r.stderr).toBe(
        `kcarbon: error: --prometheus-max-series expects a whole number >= 1, got '${v}'\n`,
      );
    }
    const ok = await cli(['summary', '--demo', '--prometheus-max-series', '500', '-q']);
    expect(ok.code, ok.stderr).toBe(0);
  });
});
