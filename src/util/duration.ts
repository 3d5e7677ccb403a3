import { msg, UsageError } from '../errors.js';

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * "10s", "1.5m", "4h", "500ms" or a bare number of seconds -> seconds. `unitRequired`: a bare number is refused
 * (a period's `--since 24` is never meant as 24 seconds, and hours elsewhere would be a guess); `example` is the
 * value a hint shows.
 */
export function parseDurationSeconds(
  value: string,
  what: string,
  opts: { unitRequired?: boolean; example?: string } = {},
): number {
  const example = opts.example ?? '10s';
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(value);
  if (!m) throw new UsageError(msg('notDuration', what, value), msg('durationUnits'));
  const seconds = Number(m[1]) * UNITS[(m[2] ?? 's').toLowerCase()]!;
  if (!(seconds > 0)) throw new UsageError(msg('notPositive', what), msg('example', example));
  if (m[2] === undefined && opts.unitRequired)
    throw new UsageError(msg('durationNoUnit', what, value), msg('example', `${what} ${m[1]}h`));
  return seconds;
}
