import { msg, UsageError } from '../errors.js';

/** ISO 8601 with an explicit offset only, so the same value means the same instant on every machine. */
const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-](\d{2}):(\d{2}))$/i;

/**
 * `2026-01-15T05:00:00Z` or `...+09:00` -> Date; anything else is a usage error naming `what`, a day that is not
 * in the calendar (2026-02-30, which Date would roll over to March 2) or an hour, minute or offset out of range
 * included.
 */
export function parseInstant(value: string, what: string): Date {
  const m = ISO_WITH_OFFSET.exec(value.trim());
  const d = new Date(value);
  if (!m || Number.isNaN(d.getTime()) || !inCalendar(m)) {
    throw new UsageError(msg('notDateTime', what, value), msg('dateTimeFormat'));
  }
  return d;
}

/** Whether the matched date and time are a real day (leap years counted) and a real time of day and offset. */
function inCalendar(m: RegExpExecArray): boolean {
  const [y, mo, d, h, mi, s = 0, oh = 0, om = 0] = [1, 2, 3, 4, 5, 6, 9, 10].map((k) => Number(m[k] ?? 0));
  const day = new Date(Date.UTC(y!, mo! - 1, d!));
  return (
    day.getUTCFullYear() === y &&
    day.getUTCMonth() === mo! - 1 &&
    day.getUTCDate() === d &&
    h! <= 23 &&
    mi! <= 59 &&
    s <= 59 &&
    oh <= 23 &&
    om <= 59
  );
}
