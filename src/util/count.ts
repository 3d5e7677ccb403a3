import { msg, UsageError } from '../errors.js';

/** A count a flag gives (sessions, series): digits only, at least 1; anything else is a usage error naming the flag. */
export function parseCount(value: string, flag: string): number {
  if (!/^\s*\d+\s*$/.test(value) || Number(value) < 1)
    throw new UsageError(msg('notWholeNumberAtLeast', flag, 1, value));
  return Number(value);
}
