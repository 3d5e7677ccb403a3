import { tr } from '../i18n/index.js';

/**
 * Rounding for people (the html and markdown reports): one documented precision per quantity,
 * so the same figure reads the same everywhere. JSON keeps the full values.
 */
export const PRECISION = {
  watts: 1,
  kwh: 2,
  kg: 2,
  grams: 1,
  percent: 1,
  intensity: 1,
} as const;
export type Quantity = keyof typeof PRECISION;

const UNITS: Record<Quantity, string> = {
  watts: 'W',
  kwh: 'kWh',
  kg: 'kg',
  grams: 'g',
  percent: '%',
  intensity: 'g/kWh',
};

/** `n` to two significant digits, written out in decimals (0.0026, 0.00000012: never 1.2e-7). */
export function twoSignificant(n: number): string {
  const [mantissa, exp] = n.toExponential(1).split('e') as [string, string];
  return Number(`${mantissa}e${exp}`).toFixed(Math.min(100, Math.max(0, 1 - Number(exp))));
}

/** The number alone, rounded for its quantity (or to `d` decimals); tiny non-zero values keep two significant digits. */
export function num(n: number, q: Quantity, d: number = PRECISION[q]): string {
  if (n !== 0 && Math.abs(n) < 10 ** -d) return twoSignificant(n);
  return n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

/**
 * Decimals, from `d` up, that keep `value` rounded on its side of `limit` (1.990395 against 1.9902 reads 1.9904 at
 * 4, not 1.990 at 3: a figure over its limit never reads as under or equal to it), at most 9.
 */
export function decimalsBeside(value: number, limit: number | undefined, d: number): number {
  const side = (x: number) => (limit === undefined ? 0 : Math.sign(x - limit));
  while (d < 9 && side(Number(value.toFixed(d))) !== side(value)) d++;
  return d;
}

/** A figure for people beside its limit: its quantity's decimals, or more where those would cross the limit. */
export function figureBeside(value: number, q: Quantity, limit: number | undefined): string {
  return num(value, q, decimalsBeside(value, limit, PRECISION[q]));
}

/** Decimals a limit is stated with (1.9902: 4), at least `d`: a limit is shown as the user wrote it. */
export function decimalsOfLimit(limit: number, d: number): number {
  const [, fraction = ''] = /^-?\d+(?:\.(\d+))?$/.exec(String(limit)) ?? [];
  return Math.max(d, Math.min(fraction.length, 9));
}

/** The number with its unit. */
export function qty(n: number, q: Quantity, unit = UNITS[q]): string {
  return `${num(n, q)} ${unit}`;
}

/** A change with its sign: "+1.20 kg", "-3.0 %", "±0 kg" (no words: nothing to translate). */
export function signed(n: number, q: Quantity, unit = UNITS[q]): string {
  const text = num(Math.abs(n), q);
  if (Number(text.replaceAll(',', '')) === 0) return `±0 ${unit}`;
  return `${n > 0 ? '+' : '-'}${text} ${unit}`;
}

interface Change {
  previous: number;
  current: number;
  change: number;
}

/** Rows "figure | previous | this run | change" of a report's since-previous block; labels from the renderer's catalogue. */
export function changeRows(
  s: {
    energy_kwh_per_day: Change;
    emissions_kg_month: Change;
    compliance_rate_percent: Change;
    findings: Change;
  },
  labels: { energy: string; emissions: string; compliance: string; findings: string },
): string[][] {
  const row = (label: string, c: Change, q: Quantity, unit?: string, changeUnit?: string) => [
    label,
    qty(c.previous, q, unit),
    qty(c.current, q, unit),
    signed(c.change, q, changeUnit ?? unit),
  ];
  const f = s.findings;
  return [
    row(labels.energy, s.energy_kwh_per_day, 'kwh'),
    row(labels.emissions, s.emissions_kg_month, 'kg'),
    row(labels.compliance, s.compliance_rate_percent, 'percent', undefined, tr('points')),
    [
      labels.findings,
      String(f.previous),
      String(f.current),
      f.change === 0 ? '±0' : `${f.change > 0 ? '+' : ''}${f.change}`,
    ],
  ];
}

/**
 * The quantity a unit written after a number (or in a column heading) stands for. Order matters: the
 * intensities and grams per hour before kg and kWh, so `g/kWh` is never read as kWh.
 */
const UNIT_QUANTITY: [RegExp, Quantity][] = [
  [/^(?:g|gCO2e?q?)\/kWh\b/, 'intensity'],
  [/^gCO2e?q?(?:\/h)?\b/, 'grams'],
  [/^kg(?:CO2e?q?)?(?:\/month)?\b/, 'kg'],
  [/^kWh\b/, 'kwh'],
  [/^W\b/, 'watts'],
  [/^%/, 'percent'],
];

function quantityOf(unit: string): Quantity | undefined {
  return UNIT_QUANTITY.find(([re]) => re.test(unit))?.[1];
}

/** The quantity of a column from its heading's unit: `Power (W)`, `kgCO2e/month`, `g/kWh (hour-weighted)`. */
export function quantityOfHeading(heading: string): Quantity | undefined {
  const paren = /\(([^)]+)\)/.exec(heading)?.[1];
  if (paren) {
    const q = quantityOf(paren);
    if (q) return q;
  }
  return quantityOf(heading.trim()) ?? quantityOf(heading.trim().split(' ').pop() ?? '');
}

/** A cell holding a bare number in a column with a unit, rounded for people (`732.62` under `Power (W)` -> `732.6`). */
export function humanCell(cell: string, q: Quantity | undefined): string {
  if (!q || !/^-?\d+(\.\d+)?$/.test(cell.trim())) return cell;
  return num(Number(cell), q);
}

/**
 * Every number followed by its unit (`256.767 kgCO2e/month`, `-37.92 %`, `1234.5 W`) rounded to that unit's
 * precision, with thousands separators; numbers without a unit (counts, PUE, times, names) are left alone. The
 * Korean catalogue's per-hour and per-month units (`gCO2e/시간`, `kgCO2e/월`, written as escapes: the bundle is
 * ASCII) count as theirs.
 */
export function humanNumbers(text: string): string {
  return text
    .replace(
      /(?<![\w.,:/\u2060-])(-?\d+(?:\.\d+)?)( ?)(?=(g\/kWh|gCO2e?q?(?:\/(?:kWh|h|\uC2DC\uAC04))?|kg(?:CO2e?q?)?(?:\/(?:month|\uC6D4))?|kWh|W|%)(?![\w/]|\/month))/g,
      (all, n: string, space: string, unit: string) => {
        const q = quantityOf(unit);
        return q ? `${num(Number(n), q)}${space}` : all;
      },
    )
    .replaceAll(KEEP, '');
}

/**
 * Marks a figure whose decimals were chosen (a budget figure beside its limit: 1.9904 over 1.9902) so that
 * humanNumbers leaves it as it is and only drops the mark (U+2060 WORD JOINER, invisible).
 */
export const KEEP = '\u2060';
export const kept = (figure: string): string => (figure ? `${KEEP}${figure}` : figure);

/**
 * The data's attributions, each once: those differing only in the year of the data are one, with their years
 * ("Carbon intensity data: Electricity Maps (2022, 2025), ODbL", not the sentence twice).
 */
export function joinAttributions(list: readonly (string | undefined)[]): string {
  const years = new Map<string, Set<string>>();
  for (const a of list) {
    if (!a) continue;
    const key = a.replace(/\((\d{4})\)/, '(YEAR)');
    const year = /\((\d{4})\)/.exec(a)?.[1];
    const ys = years.get(key) ?? new Set<string>();
    if (year) ys.add(year);
    years.set(key, ys);
  }
  return [...years].map(([key, ys]) => key.replace('(YEAR)', `(${[...ys].sort().join(', ')})`)).join('; ');
}
