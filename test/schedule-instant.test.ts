import { describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';

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
