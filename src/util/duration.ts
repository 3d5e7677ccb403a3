import { msg, UsageError } from '../errors.js';

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * The longest wait a timer can hold: Node runs a longer setTimeout (and AbortSignal.timeout beyond twice that
 * throws) after 1 ms, so a --timeout or --sample beyond it would time out at once or read counters 1 ms apart.
 */
export const MAX_WAIT_SECONDS = 24 * 86_400;

/**
 * "10s", "1.5m", "4h", "500ms" or a bare number of seconds -> seconds. `unitRequired`: a bare number is refused
 * (a period's `--since 24` is never meant as 24 seconds, and hours elsewhere would be a guess); `example` is the
 * value a hint shows; `wait`: the duration is waited for (a timer), so at most MAX_WAIT_SECONDS.
 */
export function parseDurationSeconds(
  value: string,
  what: string,
  opts: { unitRequired?: boolean; example?: string; wait?: boolean } = {},
): number {
  const example = opts.example ?? '10s';
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(value);
  if (!m) throw new UsageError(msg('notDuration', what, value), msg('durationUnits'));
  const seconds = Number(m[1]) * UNITS[(m[2] ?? 's').toLowerCase()]!;
  if (!(seconds > 0)) throw new UsageError(msg('notPositive', what), msg('example', example));
  if (m[2] === undefined && opts.unitRequired)
    throw new UsageError(msg('durationNoUnit', what, value), msg('example', `${what} ${m[1]}h`));
  if (opts.wait && seconds > MAX_WAIT_SECONDS)
    throw new UsageError(msg('durationTooLong', what, value, '24d'), msg('example', example));
  return seconds;
}
