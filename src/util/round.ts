/**
 * Rounding of JSON output: one precision per unit, applied once, to a command's whole result, by the JSON
 * envelope (src/commands/types.ts). Commands compute at full precision; what they print is rounded here.
 * The unit of a number is read from its key (`power_watts`, `emissions_kg_month`, `share_percent`, ...), else from
 * the `unit` field of the object holding it (a check's `value`/`limit`, a figure's `value`), else from the key
 * of the list or object it sits in (`zone_watts: {package: …}`, `hourly_gCO2eq_kWh: […]`). A number with no
 * unit is a count, rank, year or hour of the day and is left as it is (tests hold that it is a whole number).
 * `params` objects are left whole: they hold the values a sentence was built from, as the sentence prints them.
 * README "JSON output" states this table; a test compares the two.
 */
import { derived, frozen, isShared } from './memo.js';

/** Decimals kept per unit: 1 mW, 1 mWh, 1 mg of CO2e (g 3, kg 6), 1 mg/kWh, 0.01 %, PUE 0.001. */
export const PRECISION = {
  W: 3,
  kWh: 6,
  J: 3,
  gCO2e: 3,
  kgCO2e: 6,
  'gCO2e/kWh': 3,
  '%': 2,
  ratio: 3,
  h: 4,
  s: 3,
  USD: 2,
} as const;
export type Unit = keyof typeof PRECISION;

/** Key patterns, first match wins (so `_gCO2eq_kWh` is an intensity before `_gCO2eq` is a mass). */
const KEY_UNITS: ReadonlyArray<readonly [RegExp, Unit]> = [
  [/(^|_)percent$/, '%'],
  [/(^|_)g(co2(eq)?)?_kwh(_|$)|(^|_)carbon_intensity$/i, 'gCO2e/kWh'],
  [/(^|_)gco2eq(_hour)?$/i, 'gCO2e'],
  [/(^|_)kg(_|$)/, 'kgCO2e'],
  [/(^|_)kwh(_|$)/i, 'kWh'],
  // `watts_by_zone: {package: …}`, `joules_by_zone` (workload-metrics://): each zone's figure in the key's unit.
  [/(^|_)watts(_by_[a-z]+)?$/, 'W'],
  [/(^|_)joules(_by_[a-z]+)?$/, 'J'],
  [/(^|_)pue$|(^|_)share$/, 'ratio'],
  [/(^|_)hours?$|^hours_/, 'h'],
  [/(^|_)seconds$/, 's'],
  [/(^|_)usd(_|$)/, 'USD'],
];

/** The `unit` strings of config/ figures and check results. */
const UNIT_NAMES: Readonly<Record<string, Unit>> = {
  W: 'W',
  kWh: 'kWh',
  'gCO2e/kWh': 'gCO2e/kWh',
  'kgCO2e/month': 'kgCO2e',
  kgCO2e: 'kgCO2e',
  gCO2e: 'gCO2e',
  ratio: 'ratio',
  '%': '%',
};

/** The unit a key names, if any. */
export function unitOfKey(key: string): Unit | undefined {
  // Every result is walked key by key (the MCP server does it on each call): each key is matched once.
  const known = keyUnits.get(key);
  if (known !== undefined || keyUnits.has(key)) return known;
  const unit = KEY_UNITS.find(([re]) => re.test(key))?.[1];
  // Keys are mostly field names; data keys (node names, zones) are many but bounded by the cluster.
  if (keyUnits.size < 50_000) keyUnits.set(key, unit);
  return unit;
}
const keyUnits = new Map<string, Unit | undefined>();

/**
 * Round to `digits` decimals, halves away from zero (so -x rounds as x). k / 10^d is the double nearest that
 * decimal, so the result prints without binary noise (never 0.30000000000000004).
 */
export function round(n: number, digits = 6): number {
  if (!Number.isFinite(n)) return n;
  const f = 10 ** digits;
  const scaled = Math.abs(n) * f;
  // Past 2^53 a double has no fraction left to round off; scaling further could overflow (2e305 x 1000 = Infinity).
  if (scaled >= 2 ** 53) return n;
  const r = Math.round(scaled) / f;
  return n < 0 && r !== 0 ? -r : r;
}

/**
 * A figure as the JSON carries it, for the sentences a result also holds (a recommendation quoting a check's value
 * says the number its `value` field says). `unit` is a unit of PRECISION or a config/check unit string.
 */
export function roundAs<N extends number | undefined>(unit: string, n: N): N {
  if (n === undefined) return n;
  const u = unit in PRECISION ? (unit as Unit) : UNIT_NAMES[unit];
  return round(n, u ? PRECISION[u] : 6) as N;
}

/** The unit of the number at `key` in `holder`, inside a container whose unit is `inherited`. */
function unitAt(
  key: string,
  holder: Record<string, unknown> | undefined,
  inherited?: Unit,
): Unit | undefined {
  const own = unitOfKey(key);
  if (own) return own;
  const named = holder && typeof holder.unit === 'string' ? UNIT_NAMES[holder.unit] : undefined;
  return named ?? inherited;
}

/** One step of mapNumbers' walk: value `v` at `key` of `holder`, inside a container of unit `inherited`. */
type Step<V> = (v: V, key: string, holder: Record<string, unknown> | undefined, inherited?: Unit) => unknown;

/**
 * A copy of a JSON value with every number replaced by `f(number, its unit, its key)`: the one walk that
 * roundJson rounds by and tests read units with. With `shareAs` (roundJson while the MCP server shares results,
 * src/util/memo.ts), the copy of a deep-frozen value is made once per place (key, holder's unit, inherited unit),
 * frozen, and shared by every result that holds that value.
 */
export function mapNumbers(
  value: unknown,
  f: (n: number, unit: Unit | undefined, key: string) => number,
  shareAs?: string,
): unknown {
  const walk: Step<unknown> = (v, key, holder, inherited) => {
    // A sentence's params (warnings, optimizations) are the values it prints, as it prints them: kept whole.
    if (key === 'params') return v;
    if (typeof v === 'number') return f(v, unitAt(key, holder, inherited), key);
    if (v === null || typeof v !== 'object') return v;
    if (shareAs !== undefined && isShared(v)) {
      const holderUnit = holder && typeof holder.unit === 'string' ? holder.unit : '';
      return derived(v, `${shareAs}\u0000${key}\u0000${holderUnit}\u0000${inherited ?? ''}`, () =>
        frozen(copy(v, key, holder, inherited)),
      );
    }
    return copy(v, key, holder, inherited);
  };
  const copy: Step<object> = (v, key, holder, inherited) => {
    if (Array.isArray(v)) {
      const unit = unitAt(key, holder, inherited);
      const out = new Array<unknown>(v.length);
      for (let i = 0; i < v.length; i++) out[i] = walk(v[i], key, holder, unit);
      return out;
    }
    const obj = v as Record<string, unknown>;
    const inner = key ? unitAt(key, holder, inherited) : inherited;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(obj)) {
      const x = walk(obj[k], k, obj, inner);
      // A data key named __proto__ stays an own property (as Object.fromEntries would make it).
      if (k === '__proto__')
        Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
      else out[k] = x;
    }
    return out;
  };
  return walk(value, '', undefined);
}

/**
 * A check's `limit` is kept as stated (config, a flag): rounded, a budget of 2.2405 W beside a value of 2.24085 W read
 * `2.241 <= 2.241 NON_COMPLIANT`.
 */
const roundNumber = (n: number, unit: Unit | undefined, key: string): number =>
  unit && key !== 'limit' ? round(n, PRECISION[unit]) : n;

/** A copy of a JSON value with every number rounded to its unit's precision (numbers with no unit kept). */
export function roundJson<T>(value: T): T {
  return mapNumbers(value, roundNumber, 'round') as T;
}
