import { msg, UsageError } from '../errors.js';

/** ISO 8601 with an explicit offset only, so the same value means the same instant on every machine. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/** `2026-01-15T05:00:00Z` or `...+09:00` -> Date; anything else is a usage error naming `what`. */
export function parseInstant(value: string, what: string): Date {
  const d = new Date(value);
  if (!ISO_WITH_OFFSET.test(value.trim()) || Number.isNaN(d.getTime())) {
    throw new UsageError(msg('notDateTime', what, value), msg('dateTimeFormat'));
  }
  return d;
}
