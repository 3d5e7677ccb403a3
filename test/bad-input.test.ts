/** Bad input anywhere a user gives it: one clear error line, the documented exit code, nothing half done. */
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
