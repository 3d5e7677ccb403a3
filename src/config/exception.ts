/**
 * The schema of an excused finding, apart from the other config schemas (schema.ts): the gate's result
 * (carbon/gate.ts) describes its exceptions with it, and importing schema.ts would build every config schema.
 */
import { z } from 'zod';

/** YYYY-MM-DD naming a day that exists (2026-02-29 and 2026-13-45 do not): it round-trips through a UTC date. */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/**
 * An excused finding (`exceptions` in a config file, or `.kcarbonignore.yaml`): every field given must
 * match; applied after the full assessment, so display filters never change the gate.
 */
export const ExceptionSchema = z
  .strictObject({
    workload: z
      .string()
      .regex(/^[^/\s]+\/[^/\s]+$/, 'expected <namespace>/<workload>')
      .optional()
      .describe('<namespace>/<workload name>'),
    namespace: z.string().min(1).optional(),
    check: z
      .string()
      .min(1)
      .optional()
      .describe('A standard (KR_PUE_GREEN_DC), one of its checks (KR_PUE_GREEN_DC/pue-top-band) or BUDGET'),
    reason: z.string().trim().min(1, 'say why the finding is excused'),
    expires: z
      .string()
      .refine(isCalendarDate, {
        message: 'expected a real calendar date YYYY-MM-DD, e.g. 2026-06-30',
        params: { msg: 'notCalendarDate' },
      })
      // The pattern goes into `kcarbon config schema` too, so editors flag a malformed date as it is typed.
      .meta({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
      .optional()
      .describe('Last day (UTC) the exception applies; afterwards the finding counts again'),
    /** Where the entry was read (set by the loader). */
    file: z.string().optional(),
  })
  .refine((e) => e.workload || e.namespace || e.check, {
    message: 'an exception names a workload, a namespace or a check',
  });
export type Exception = z.infer<typeof ExceptionSchema>;
