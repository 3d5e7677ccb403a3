import { msg, UsageError } from '../errors.js';

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 };

/** "10s", "1.5m", "4h", "500ms" or a bare number of seconds -> seconds. */
export function parseDurationSeconds(value: string, what: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(value);
  if (!m) throw new UsageError(msg('notDuration', what, value), msg('durationUnits'));
  const seconds = Number(m[1]) * UNITS[(m[2] ?? 's').toLowerCase()]!;
  if (!(seconds > 0)) throw new UsageError(msg('notPositive', what), msg('example', '10s'));
  return seconds;
}
