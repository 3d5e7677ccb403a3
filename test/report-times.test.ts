import { describe, expect, it } from 'vitest';
import { localText, utcText } from '../src/render/instant.js';

describe('instants for people (render/instant.ts)', () => {
  it('gives UTC to the minute', () => {
    expect(utcText('2026-12-02T06:42:59.900Z')).toBe('2026-12-02 06:42 UTC');
  });

  it("gives the region's wall clock, with the local date only where it is not the UTC date", () => {
    // Seoul is UTC+9 all year: 06:42Z is 15:42 the same day, 20:30Z is 05:30 the next.
    expect(localText(['2026-12-02T06:42:00Z'], 'Asia/Seoul')).toBe('15:42 UTC+9, Asia/Seoul');
    expect(localText(['2026-12-02T20:30:00Z'], 'Asia/Seoul')).toBe('2026-12-03 05:30 UTC+9, Asia/Seoul');
    // Mumbai's half hour.
    expect(localText(['2026-07-01T06:00:00Z'], 'Asia/Kolkata')).toBe('11:30 UTC+5:30, Asia/Kolkata');
  });

  it('names each end of a period with its own offset when daylight saving time changed between them', () => {
    // New York moved from UTC-5 to UTC-4 at 2026-03-08 07:00Z.
    expect(localText(['2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z'], 'America/New_York')).toBe(
      '2026-03-07 19:00 UTC-5 – 2026-03-08 20:00 UTC-4, America/New_York',
    );
    expect(localText(['2026-01-13T00:00:00Z', '2026-01-15T00:00:00Z'], 'Asia/Seoul')).toBe(
      '09:00 – 09:00 UTC+9, Asia/Seoul',
    );
  });

  it('says nothing where the clock is UTC (it would repeat the UTC time)', () => {
    expect(localText(['2026-12-02T06:42:00Z'], 'Europe/Dublin')).toBeUndefined();
    expect(localText(['2026-12-02T06:42:00Z'], 'UTC')).toBeUndefined();
    // Dublin in summer is UTC+1.
    expect(localText(['2026-07-02T06:42:00Z'], 'Europe/Dublin')).toBe('07:42 UTC+1, Europe/Dublin');
  });
});

describe("the report's cleanest window on the region's wall clock", () => {
  it('in daylight saving time, the window reads as temporal_shift and schedule tell it (not in standard time)', async () => {
    const { cli } = await import('./support/cli.js');
    const report = async (at: string) =>
      JSON.parse(
        (await cli(['report', '--demo', '--region', 'us-east-1', '--at', at, '--json', '--no-fail'])).stdout,
      );
    // New York in July is UTC-4; the profile's hours are standard time (UTC-5): its hour 1 starts at 02:00 on the
    // wall clock (it read "01:00–05:00 local" beside temporal_shift's "02:00–06:00 local" in the same report).
    const july = await report('2026-07-15T05:00:00Z');
    expect(july.intensity.local_hour).toBe(0);
    expect(july.intensity.best_window).toEqual({ start_local: '02:00', end_local: '06:00', start_hour: 1 });
    // In January (UTC-5) wall clock and standard time agree.
    const january = await report('2026-01-15T05:00:00Z');
    expect(january.intensity.best_window.start_local).toBe(
      `${String(january.intensity.best_window.start_hour).padStart(2, '0')}:00`,
    );
  });
});
