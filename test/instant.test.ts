/**
 * --at, --from and --to take an ISO 8601 instant with an explicit offset, and only a real one: a day that is not
 * in the calendar is refused (exit 2) rather than rolled over to the next month, as JavaScript's Date would.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { parseInstant } from '../src/util/time.js';
import { cli } from './support/cli.js';

describe('an instant on the command line', () => {
  it('a real day and time, with Z or an offset, is that instant', () => {
    expect(parseInstant('2026-01-15T05:00:00Z', '--at').toISOString()).toBe('2026-01-15T05:00:00.000Z');
    expect(parseInstant('2026-01-15T14:00:00+09:00', '--at').toISOString()).toBe('2026-01-15T05:00:00.000Z');
    expect(parseInstant('2024-02-29T23:59:59.5Z', '--at').toISOString()).toBe('2024-02-29T23:59:59.500Z');
    expect(parseInstant('2026-12-31T00:00Z', '--to').toISOString()).toBe('2026-12-31T00:00:00.000Z');
  });

  it.each([
    '2026-02-30T05:00:00Z', // February has 28 days in 2026 (Date would give March 2)
    '2025-02-29T00:00:00Z', // not a leap year
    '2026-04-31T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-00-10T00:00:00Z',
    '2026-01-00T00:00:00Z',
    '2026-01-15T24:00:00Z',
    '2026-01-15T05:60:00Z',
    '2026-01-15T05:00:60Z',
    '2026-01-15T05:00:00+24:00',
    '2026-01-15T05:00:00', // no offset: a different instant on every machine
    'yesterday',
  ])('%s is a usage error naming the flag', (value) => {
    expect(() => parseInstant(value, '--to')).toThrow(UsageError);
    expect(() => parseInstant(value, '--to')).toThrow(`--to '${value}' is not a date-time`);
  });

  it('through the CLI: exit 2 with one line, nothing on stdout', async () => {
    const r = await cli(['top', '--demo', '--at', '2026-02-30T05:00:00Z', '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
