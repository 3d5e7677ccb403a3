/**
 * Best run window on the clock (not on a typical day): candidate starts are the assessment time and
 * every following clock hour, up to the deadline (start + duration <= from + within); each window's
 * intensity is the time-weighted average of I(h) over it (hourly.ts: a provider's forecast where it has
 * hours, the offline profile elsewhere). Used when a provider forecasts, or when a deadline is given.
 */
import { HOUR_MS, type HourlyIntensity, hourStart, intensityAt, liveOnOtherBasis } from './hourly.js';

export interface TimedWindow {
  startMs: number;
  endMs: number;
  /** Time-weighted average intensity (g/kWh). */
  average: number;
  /** Share of the window's time covered by a live provider's figures (0..1). */
  liveShare: number;
}

/** Time-weighted average of I over [start, end) ms, and the share of it live figures cover. */
export function windowOnModel(m: HourlyIntensity, startMs: number, endMs: number): TimedWindow {
  if (!(endMs > startMs)) throw new RangeError('window end must be after its start');
  let acc = 0;
  let live = 0;
  for (let t = startMs; t < endMs; ) {
    const next = Math.min(hourStart(t) + HOUR_MS, endMs);
    const span = next - t;
    acc += intensityAt(m, t) * span;
    if (m.hours.has(hourStart(t))) live += span;
    t = next;
  }
  return { startMs, endMs, average: acc / (endMs - startMs), liveShare: live / (endMs - startMs) };
}

/** Deadline of a search on the clock when --within is not given (hours). */
export const DEFAULT_WITHIN_HOURS = 24;

/** End (ms) of the span a search from `fromMs` looks at: `withinHours` on, never less than one run. */
function searchEnd(fromMs: number, durationHours: number, withinHours: number): number {
  return fromMs + Math.max(withinHours, durationHours) * HOUR_MS;
}

/**
 * Whether the model holds live figures (a provider's) for a clock hour of the span searched, [fromMs, fromMs +
 * within) past the hour containing `fromMs` (that hour's figure is the measured latest, not a forecast); `within`
 * defaults to DEFAULT_WITHIN_HOURS. Figures outside it (a provider's hours at the real now, far from --at) make no
 * forecast of the search.
 */
export function hasForecast(
  m: HourlyIntensity,
  fromMs: number,
  durationHours: number,
  withinHours = DEFAULT_WITHIN_HOURS,
): boolean {
  if (m.live === undefined) return false;
  const h = hourStart(fromMs);
  const end = searchEnd(fromMs, durationHours, withinHours);
  for (const k of m.hours.keys()) if (k > h && k < end) return true;
  return false;
}

/**
 * The window starting now and every window ending by the deadline, with the lowest ones (ties kept,
 * earliest first). A deadline shorter than the duration leaves only the window starting now.
 */
export function deadlineWindows(
  m: HourlyIntensity,
  fromMs: number,
  durationHours: number,
  withinHours: number,
): { now: TimedWindow; best: TimedWindow[]; candidates: number; liveOnly: boolean } {
  const d = durationHours * HOUR_MS;
  const deadline = searchEnd(fromMs, durationHours, withinHours);
  const starts = [fromMs];
  for (let s = hourStart(fromMs) + HOUR_MS; s + d <= deadline + 1e-6; s += HOUR_MS) starts.push(s);
  const all = starts.map((s) => windowOnModel(m, s, s + d));
  // A provider on another basis than the offline figures (WattTime's marginal rate beside life-cycle averages): a
  // window would win or lose on the switch of signal, so only windows on the same figures as the one starting now
  // compete with it (all the provider's, or all offline); when that one mixes both, none does.
  const liveOnly = liveOnOtherBasis(m);
  const kind = (w: TimedWindow) => (w.liveShare <= 1e-9 ? 0 : w.liveShare >= 1 - 1e-9 ? 1 : -1);
  const nowKind = kind(all[0]!);
  const windows = liveOnly ? all.filter((w, i) => i === 0 || (nowKind >= 0 && kind(w) === nowKind)) : all;
  const min = Math.min(...windows.map((w) => w.average));
  const best = windows.filter((w) => w.average - min <= 1e-9 * Math.max(1, Math.abs(min)));
  return { now: windows[0]!, best, candidates: windows.length, liveOnly };
}

/** "UTC+9", "UTC-4", "UTC+5:30": the offset of an ISO 8601 local time (zonedIso's), for people. */
export function utcOffsetLabel(iso: string): string {
  const m = /([+-])(\d{2}):(\d{2})$/.exec(iso);
  if (!m) return 'UTC';
  return `UTC${m[1]}${Number(m[2])}${m[3] === '00' ? '' : `:${m[3]}`}`;
}

/** "UTC+9", "UTC-5": a whole-hour offset (a profile's standard time), for people. */
export function offsetHoursLabel(hours: number): string {
  return `UTC${hours >= 0 ? '+' : ''}${hours}`;
}

/**
 * The instant, from `fromMs` on, when a clock `localHours` into its day now reads `hour` (a profile's standard-time
 * hour): rounded to the minute, so UTC and local times name the same instant.
 */
export function nextClockStart(fromMs: number, localHours: number, hour: number): number {
  const wait = (((hour - localHours) % 24) + 24) % 24;
  return Math.round((fromMs + wait * HOUR_MS) / 60_000) * 60_000;
}

/** "HH:MM" on the wall clock of an IANA time zone at an instant (DST-aware). */
export function zonedClock(ms: number, timeZone: string): string {
  return zonedIso(ms, timeZone).slice(11, 16);
}

/** One formatter per time zone (constructing an Intl.DateTimeFormat costs far more than formatting with it). */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** ISO 8601 of an instant in an IANA time zone, with that zone's offset at the instant (DST-aware). */
export function zonedIso(ms: number, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const name = get('timeZoneName');
  const m = /GMT([+-]\d{2}):?(\d{2})?/.exec(name);
  const offset = m ? `${m[1]}:${m[2] ?? '00'}` : '+00:00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}${offset}`;
}
