/** Bad input anywhere a user gives it: one clear error line, the documented exit code, nothing half done. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';
import { closedPort } from './support/servers.js';

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
