import { describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';
import { connectStdio } from './support/mcp.js';

describe('schedule on a typical day', () => {
  it('names the same instant in UTC and local time, on the minute, whatever the seconds of --at', async () => {
    // 05:37:12.345 KST; the demo region's cleanest 4 h window starts at 11:00 local (02:00 UTC).
    const r = await cli([
      'schedule',
      'ml-training-job',
      '--demo',
      '--at',
      '2026-01-14T20:37:12.345Z',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout).optimal_start;
    expect(s.local).toBe('2026-01-15T11:00:00+09:00');
    expect(s.utc).toBe('2026-01-15T02:00:00.000Z');
    expect(Date.parse(s.utc)).toBe(Date.parse(s.local));
  });
});

describe('a run of a day or more', () => {
  it("assess's temporal_shift names the day its window ends on: 12:00–13:00 (+1 d) for 25 h, never a 1 h window", async () => {
    const assess = (...more: string[]) =>
      cli(['assess', 'ml-training-job', '--demo', '--at', '2026-01-15T05:00:00Z', ...more]);
    const shift = async (lang: string, hours: string) => {
      const r = await assess('--duration', hours, '--lang', lang);
      expect(r.code, r.stderr).toBe(0);
      return r.stdout.split('\n').find((l) => l.includes('temporal_shift'))!;
    };
    expect(await shift('en', '25')).toContain('12:00–13:00 (+1 d) local window: its 25 h average');
    expect(await shift('ko', '25')).toContain('12:00–13:00(+1일)에 실행: 25시간 평균');
    // Shorter runs keep the plain window, midnight or not.
    expect(await shift('en', '4')).toContain('in the 11:00–15:00 local window');
    const j = JSON.parse((await assess('--duration', '49', '--json')).stdout);
    const o = j.optimizations.find((x: { type: string }) => x.type === 'temporal_shift');
    expect(o.params).toMatchObject({ case: 'window', days: 2, hours: 49 });
  });
});

describe('local times are the wall clock a CronJob is set by', () => {
  it('daylight saving time (New York in July) and a half-hour zone (Kolkata): every local time agrees with the instant', async () => {
    for (const [region, at, zone] of [
      ['us-east-1', '2026-07-01T14:30:00Z', 'UTC-4'],
      ['us-east-1', '2026-01-15T14:30:00Z', 'UTC-5'],
      ['ap-south-1', '2026-01-15T05:00:00Z', 'UTC+5:30'],
    ] as const) {
      const r = await cli(['schedule', 'batch-job', '--demo', '--region', region, '--at', at, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.current_start.local.slice(11, 16)).toBe(j.current_start_local);
      expect(j.optimal_start.local.slice(11, 16)).toBe(j.optimal_start_local);
      expect(j.optimal_end.local.slice(11, 16)).toBe(j.optimal_end_local);
      expect(j.optimal_windows[0].start_local).toBe(j.optimal_start_local);
      expect(j.current_schedule).toContain(`local (${zone})`);
      expect(j.recommendation).toMatch(
        new RegExp(
          `^Start at ${j.optimal_start_local} local \\(in [\\d.]+ h, ${j.optimal_start.local.replace('+', '\\+')}\\)`,
        ),
      );
      // assess's temporal_shift names the same window and the zone to set the CronJob in.
      const a = await cli(['assess', 'batch-job', '--demo', '--region', region, '--at', at, '--json']);
      const shift = JSON.parse(a.stdout).optimizations.find(
        (o: { type: string }) => o.type === 'temporal_shift',
      );
      if (shift.applicable) {
        expect(shift.implementation_steps[0]).toMatch(
          new RegExp(
            `^Schedule the job as a CronJob starting at ${shift.window_start_local} \\(timeZone: [A-Za-z/_]+, UTC`,
          ),
        );
      }
    }
  });
});

describe('the curve under daylight saving time', () => {
  it('marks the profile rows (standard hours) of now and of the best window, and says its hours are standard time', async () => {
    const r = await cli([
      'schedule',
      'web-frontend',
      '--demo',
      '--duration',
      '2h',
      '--region',
      'us-east-1',
      '--at',
      '2026-07-02T05:00:00Z',
    ]);
    expect(r.code, r.stderr).toBe(0);
    // 05:00 UTC is 01:00 EDT, 00:00 in the profile's standard time (UTC-5); the best window 03:00-05:00 EDT is
    // the profile's rows 02:00 and 03:00.
    expect(r.stdout).toContain('Now       01:00–03:00 local (UTC-4)');
    expect(r.stdout).toContain('Profile hours below are standard time (UTC-5); daylight saving ignored');
    const tagged = r.stdout
      .split('\n')
      .filter((l) => l.includes('<-'))
      .map((l) => `${l.slice(0, 5)} ${l.split('<- ')[1]}`);
    expect(tagged).toEqual(['00:00 now', '02:00 best', '03:00 best']);
    // Seoul (no DST, whole hours) has no such note.
    const seoul = await cli([
      'schedule',
      'web-frontend',
      '--demo',
      '--duration',
      '2h',
      '--at',
      '2026-07-02T05:00:00Z',
    ]);
    expect(seoul.stdout).not.toContain('standard time');
  });
});

describe('a 24 h run', () => {
  it('every window is the whole day: no reduction, "Run now", whatever the minute (no float noise advised as a wait)', async () => {
    for (const at of ['2026-12-02T04:00:00Z', '2026-12-02T04:48:00Z']) {
      const r = await cli(['schedule', 'batch-job', '--demo', '--duration', '24', '--at', at, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.reduction_percent).toBe(0);
      expect(j.recommendation).toMatch(/^Run now: no 24 h window in ap-northeast-2 is cleaner/);
    }
  });
});

describe('a deadline shorter than the run', () => {
  it('is a usage error (exit 2) in one line naming both durations, with a hint (en and ko), in schedule, assess and compare', async () => {
    for (const command of ['schedule', 'assess', 'compare']) {
      const run = (args: string) => cli([command, 'ml-training-job', ...args.split(' ')]);
      const r = await run('--demo --within 2h');
      expect(r.code, command).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        'kcarbon: error: --within 2h is shorter than the run (--duration 4h): no run can end by that deadline — give --within at least 4h, or a shorter --duration\n',
      );
      // checked before any metrics are read: an unreachable source is not what it reports
      expect((await run('--source http://127.0.0.1:9/metrics --within 2h')).code, command).toBe(2);
      const ko = await run('--demo --within 90m --duration 2h --lang ko');
      expect(ko.code).toBe(2);
      expect(ko.stderr).toContain('--within 1.5h 기한이 실행 시간(--duration 2h)보다 짧습니다');
      const ok = await run('--demo --within 4h');
      expect(ok.code, ok.stderr).toBe(0);
    }
  });

  it('the MCP tool answers the same error', async () => {
    const c = await connectStdio(['--demo']);
    try {
      const r = await c.client.callTool({
        name: 'calculate_optimal_schedule',
        arguments: { workload_name: 'ml-training-job', within_hours: 2 },
      });
      expect(r.isError).toBe(true);
      expect((r.content as { text: string }[])[0]!.text).toMatch(
        /`within_hours` 2h is shorter than the run \(`duration_hours` 4h\)/,
      );
      for (const name of ['assess_workload_compliance', 'compare_optimization_impact']) {
        const t = await c.client.callTool({
          name,
          arguments: { workload_name: 'ml-training-job', within_hours: 2, duration_hours: 4 },
        });
        expect(t.isError, name).toBe(true);
        expect((t.content as { text: string }[])[0]!.text).toMatch(
          /`within_hours` 2h is shorter than the run \(`duration_hours` 4h\)/,
        );
      }
    } finally {
      await c.close();
    }
  });
});

/** The error text of calculate_optimal_schedule on a server started with these flags. */
async function scheduleErrorOn(serverArgs: string[]): Promise<string> {
  const c = await connectStdio(serverArgs);
  try {
    const t = await c.client.callTool({
      name: 'calculate_optimal_schedule',
      arguments: { workload_name: 'ml-training-job' },
    });
    expect(t.isError).toBe(true);
    return (t.content as { text: string }[])[0]!.text;
  } finally {
    await c.close();
  }
}

describe('a stated grid intensity (--intensity, KCARBON_INTENSITY, a server setting)', () => {
  it('is one figure for every hour: schedule says that, not that the region has no profile', async () => {
    const r = await cli(['schedule', 'ml-training-job', '--demo', '--intensity', '1000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "kcarbon: error: --intensity states one grid intensity for every hour, so no hour is cleaner than another to schedule in — leave it out to use the region's hour-of-day profile (for an MCP server: its operator sets it)\n",
    );
    const text = await scheduleErrorOn(['--demo', '--intensity', '1000']);
    expect(text).toMatch(/states one grid intensity for every hour/);
    expect(text).not.toMatch(/has no hour-of-day intensity profile|--config|--grid/);
  });
});

describe('a flat official factor (--basis official) on a server', () => {
  it('says the server operator sets the basis, as the stated-intensity error does', async () => {
    // Before, the tool said only "with --basis lifecycle (the default)": no client can pass --basis.
    expect(await scheduleErrorOn(['--demo', '--basis', 'official'])).toMatch(
      /one annual figure.* — schedule on the grid itself with --basis lifecycle \(the default; for an MCP server: its operator sets it\)$/,
    );
  });
});

describe('--within without a grid provider', () => {
  it("assess's temporal_shift searches the clock up to the deadline as schedule does (same window and reduction)", async () => {
    const args = [
      'ml-training-job',
      '--demo',
      '--at',
      '2026-01-14T20:00:00Z',
      '--duration',
      '2',
      '--within',
      '4',
      '--json',
    ];
    const s = JSON.parse((await cli(['schedule', ...args])).stdout);
    expect(s.mode).toBe('deadline');
    const a = JSON.parse((await cli(['assess', ...args])).stdout);
    const shift = a.optimizations.find((o: { type: string }) => o.type === 'temporal_shift');
    expect(shift.window_start).toEqual(s.optimal_start);
    expect(shift.estimated_reduction_percent).toBeCloseTo(s.reduction_percent, 6);
    // The window ends by the deadline: 22:00 UTC + 2 h <= 20:00 UTC + 4 h.
    expect(Date.parse(shift.window_end.utc)).toBeLessThanOrEqual(Date.parse('2026-01-15T00:00:00Z'));
    expect(shift.basis).toMatch(/hour-of-day profile KR on the clock; deadline 4 h/);
  });
});
