/**
 * Rounding for people (the html and markdown reports): one documented precision per quantity,
 * so the same figure reads the same everywhere. JSON keeps the full values.
 */
export const PRECISION = {
  watts: 1,
  kwh: 2,
  kg: 2,
  percent: 1,
  intensity: 0,
} as const;
export type Quantity = keyof typeof PRECISION;

const UNITS: Record<Quantity, string> = {
  watts: 'W',
  kwh: 'kWh',
  kg: 'kg',
  percent: '%',
  intensity: 'g/kWh',
};

/** The number alone, rounded for its quantity; tiny non-zero values keep two significant digits. */
export function num(n: number, q: Quantity): string {
  const d = PRECISION[q];
  if (n !== 0 && Math.abs(n) < 10 ** -d) return n.toPrecision(2);
  return n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
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
    row(labels.compliance, s.compliance_rate_percent, 'percent', undefined, 'points'),
    [
      labels.findings,
      String(f.previous),
      String(f.current),
      f.change === 0 ? '±0' : `${f.change > 0 ? '+' : ''}${f.change}`,
    ],
  ];
}
