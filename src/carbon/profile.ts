/**
 * Hour-of-day intensity profiles. A profile's 24 values give the *shape* of a typical day in
 * local standard time; kcarbon scales it to the region's annual intensity so that hourly figures
 * keep the annual figure's basis and year:  I(h) = I_annual x p[h] / mean(p).
 * Windows may wrap past midnight; averages are time-weighted, so fractional hours work.
 */

export function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Scale a profile to an annual average. */
export function scaleProfile(hourly: readonly number[], annual: number): number[] {
  const m = mean(hourly);
  return hourly.map((v) => (annual * v) / m);
}

/** Local time of day in hours [0, 24) at a fixed UTC offset (standard time; DST ignored, as the profiles are). */
export function localHours(at: Date, utcOffsetHours: number): number {
  const h = at.getUTCHours() + at.getUTCMinutes() / 60 + at.getUTCSeconds() / 3600 + utcOffsetHours;
  return ((h % 24) + 24) % 24;
}

/** Time-weighted average of the cyclic hourly step function over [start, start + duration) hours. */
export function windowAverage(hourly: readonly number[], startHours: number, durationHours: number): number {
  if (!(durationHours > 0)) throw new RangeError('duration must be positive');
  let t = startHours;
  const end = startHours + durationHours;
  let acc = 0;
  while (t < end - 1e-12) {
    const slot = Math.floor(t + 1e-12);
    const next = Math.min(slot + 1, end);
    acc += hourly[((slot % 24) + 24) % 24]! * (next - t);
    t = next;
  }
  return acc / durationHours;
}

export interface Window {
  /** Local start hour (0..23). */
  startHour: number;
  /** Local end hour, may exceed 24 when the window wraps past midnight (modulo 24 for display). */
  endHour: number;
  average: number;
}

/** Every whole-hour start with the lowest rolling average over `durationHours` (ties kept, earliest first). */
export function bestWindows(hourly: readonly number[], durationHours: number): Window[] {
  const windows = hourly.map((_, start) => ({
    startHour: start,
    endHour: start + durationHours,
    average: windowAverage(hourly, start, durationHours),
  }));
  const min = Math.min(...windows.map((w) => w.average));
  return windows.filter((w) => w.average - min <= 1e-9 * Math.max(1, Math.abs(min)));
}

/** "HH:MM" for a possibly fractional, possibly >= 24 hour. */
export function clock(hours: number): string {
  const h = ((hours % 24) + 24) % 24;
  let hh = Math.floor(h);
  let mm = Math.round((h - hh) * 60);
  if (mm === 60) {
    hh = (hh + 1) % 24;
    mm = 0;
  }
  return `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
}
