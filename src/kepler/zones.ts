import { msg, UsageError } from '../errors.js';

/** The zones kcarbon sums for pod power unless `--zones` says otherwise. */
export const DEFAULT_ZONES: readonly string[] = ['package', 'dram'];

/**
 * Zone name as kcarbon keys it: lower case, socket suffix removed
 * (`package-0` -> `package`), so fake-meter and hwmon names join the RAPL ones.
 */
export function normaliseZone(zone: string): string {
  // Called per sample; a node has a handful of zone names.
  let n = normalised.get(zone);
  if (n === undefined) {
    n = zone.toLowerCase().replace(/-\d+$/, '');
    if (normalised.size < 1000) normalised.set(zone, n);
  }
  return n;
}
const normalised = new Map<string, string>();

/** Zones that lie inside another zone: summing both double counts. */
const CONTAINED_IN = new Map<string, readonly string[]>([
  ['core', ['package', 'psys']],
  ['uncore', ['package', 'psys']],
  ['package', ['psys']],
  ['dram', ['psys']],
]);

/**
 * Parse and validate a `--zones` value. Valid totals never include a zone together with a zone
 * that contains it (`package` holds `core` and `uncore`; `psys` holds everything).
 */
export function parseZones(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [...DEFAULT_ZONES];
  const list = (typeof value === 'string' ? value.split(',') : [...value])
    .map((z) => normaliseZone(z.trim()))
    .filter((z) => z.length > 0);
  const zones = [...new Set(list)];
  if (zones.length === 0) {
    throw new UsageError(msg('zonesEmpty'), msg('zonesEmptyHint'));
  }
  for (const z of zones) {
    const outer = (CONTAINED_IN.get(z) ?? []).find((o) => zones.includes(o));
    if (outer) {
      throw new UsageError(msg('zonesDoubleCount', zones.join(','), z, outer), msg('zonesDoubleCountHint'));
    }
  }
  return zones;
}

/** Sum of the selected zones' values. */
export function sumZones(values: Record<string, number>, zones: readonly string[]): number {
  let total = 0;
  // (An indexed loop: for-of allocates an iterator result per zone until the function is optimized.)
  // (A zone named like an Object.prototype member, `--zones constructor`, must not read the prototype.)
  for (let k = 0; k < zones.length; k++) {
    const v = values[zones[k]!];
    if (typeof v === 'number') total += v;
  }
  return total;
}
