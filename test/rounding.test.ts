/**
 * One rounding precision per unit (issue 11 part 7): the JSON envelope rounds every number of a result once, by
 * the unit its key (or its object's `unit`) names (src/util/round.ts), and README "JSON output" states the table.
 * Checked on every command's demo JSON, now and over a period (the demo's 48 h history), and as a property of
 * roundJson over arbitrary values.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SPECS as COMMANDS } from '../src/commands/all.js';
import { mapNumbers, PRECISION, round, roundJson, type Unit, unitOfKey } from '../src/util/round.js';
import { cli } from './support/cli.js';
import { cliArgv, TOOL_INPUTS } from './support/mcp.js';

/** Decimals a number prints with in JSON (1e-7 has 7, 1.5e-7 has 8). */
function decimals(n: number): number {
  const [mantissa, exp] = String(n).split('e');
  const frac = mantissa!.split('.')[1]?.length ?? 0;
  return Math.max(0, frac - Number(exp ?? 0));
}

/** Every number of a JSON value that breaks the rule: more decimals than its unit keeps, or a fraction with no unit. */
function offenders(json: unknown): string[] {
  const out: string[] = [];
  mapNumbers(json, (n, unit, key) => {
    if (unit === undefined ? !Number.isInteger(n) : decimals(n) > PRECISION[unit])
      out.push(`${key}=${n} (${unit ?? 'no unit'})`);
    return n;
  });
  return out;
}

const AT = '2026-01-15T05:00:00Z';
const ENVELOPED = COMMANDS.filter((c) => c.name !== 'config schema');
/** Each command as the MCP tests call it, and the period-capable ones over the demo's last 24 h. */
const RUNS: [string, string[]][] = [
  ...ENVELOPED.map((c): [string, string[]] => [c.name, cliArgv(c, TOOL_INPUTS[c.tool] ?? {})]),
  ...ENVELOPED.filter((c) => 'since' in c.input.shape).map((c): [string, string[]] => [
    `${c.name} --since 24h`,
    [
      ...cliArgv(c, TOOL_INPUTS[c.tool] ?? {}).filter((a) => a !== '--json'),
      '--since',
      '24h',
      '--at',
      AT,
      '--json',
    ],
  ]),
  ['list --max-watts 50 (budget checks in W)', ['list', '--demo', '--max-watts', '50', '--at', AT, '--json']],
  [
    'assess --max-kg-month 1 (budget checks in kg)',
    ['assess', 'ml-training-job', '-n', 'ai-team', '--demo', '--max-kg-month', '1', '--at', AT, '--json'],
  ],
  ['top -A (every pod, zone watts)', ['top', '-A', '--demo', '--at', AT, '--json']],
];

describe('JSON numbers: one precision per unit', () => {
  it.each(RUNS)('%s', async (_name, argv) => {
    const r = await cli(argv);
    expect(r.code, r.stderr).toBeLessThanOrEqual(1);
    const j = JSON.parse(r.stdout) as unknown;
    expect(offenders(j)).toEqual([]);
    // Rounding is applied once: rounding the output again changes nothing.
    expect(roundJson(j)).toEqual(j);
  });

  it('the units of the figures every consumer reads', () => {
    const cases: [string, Unit | undefined][] = [
      ['power_watts', 'W'],
      ['zone_watts', 'W'],
      ['watts_by_zone', 'W'],
      ['joules_by_zone', 'J'],
      ['gpu_joules', 'J'],
      ['energy_kwh', 'kWh'],
      ['facility_energy_reduction_kwh_month', 'kWh'],
      ['hourly_emissions_gCO2eq', 'gCO2e'],
      ['current_emissions_gCO2eq_hour', 'gCO2e'],
      ['emissions_kg', 'kgCO2e'],
      ['monthly_emissions_kg', 'kgCO2e'],
      ['potential_co2_reduction_kg_month', 'kgCO2e'],
      ['intensity_weighted_gCO2eq_kWh', 'gCO2e/kWh'],
      ['estimated_new_intensity_gco2_kwh', 'gCO2e/kWh'],
      ['optimal_carbon_intensity', 'gCO2e/kWh'],
      ['gCO2eq_kWh_by_local_hour', 'gCO2e/kWh'],
      ['compliance_rate_percent', '%'],
      ['current_pue', 'ratio'],
      ['hours', 'h'],
      ['utc_offset_hours', 'h'],
      ['sample_seconds', 's'],
      ['estimated_cost_savings_usd_month', 'USD'],
      ['nodes_expected', undefined],
      ['rank', undefined],
      ['year', undefined],
    ];
    for (const [key, unit] of cases) expect([key, unitOfKey(key)]).toEqual([key, unit]);
  });

  it("a check's value takes the check's unit, its limit is kept as stated; thresholds inherit the unit", () => {
    const j = roundJson({
      checks: [{ value: 732.6213474, limit: 1.23456789, unit: 'kgCO2e/month', gap_percent: 12.3456 }],
      standards: [{ checks: [{ unit: 'ratio', thresholds: [{ from: '2026', max: 1.23456 }] }] }],
    });
    expect(j.checks[0]).toEqual({
      value: 732.621347,
      // As the config or a flag stated it: rounded, 2.2405 W beside 2.24085 W read "2.241 <= 2.241 NON_COMPLIANT".
      limit: 1.23456789,
      unit: 'kgCO2e/month',
      gap_percent: 12.35,
    });
    expect(j.standards[0]!.checks[0]!.thresholds[0]!.max).toBe(1.235);
  });

  it('a budget stated to more decimals than its unit keeps them in the JSON, the table and the sentence', async () => {
    const args = ['assess', 'api-gateway', '--demo', '--at', '2026-01-15T05:00:00Z', '--max-watts', '2.2405'];
    const budget = JSON.parse((await cli([...args, '--json'])).stdout).checks.find(
      (c: { standard: string }) => c.standard === 'BUDGET',
    );
    expect(budget.limit).toBe(2.2405);
    const table = (await cli(args)).stdout;
    expect(table).toMatch(/max-watts .* <= 2\.2405 /);
    expect(table).not.toMatch(/over 2\.241\b/);
  });

  it('property: every unit-bearing number keeps at most its precision, moves by at most half a step, and rounding again is a no-op', () => {
    const unitKeys = [
      'power_watts',
      'energy_kwh',
      'emissions_kg',
      'hourly_emissions_gCO2eq',
      'share_percent',
    ];
    const record = fc.dictionary(
      fc.constantFrom(...unitKeys, 'count'),
      fc.oneof(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 1e4, noNaN: true })),
      ),
    );
    fc.assert(
      fc.property(record, (raw) => {
        const out = roundJson(raw);
        for (const [k, v] of Object.entries(raw)) {
          const unit = unitOfKey(k);
          const before = ([] as number[]).concat(v);
          const after = ([] as number[]).concat(out[k]!);
          for (const [i, x] of before.entries()) {
            const y = after[i]!;
            if (!unit) {
              expect(y).toBe(x);
              continue;
            }
            const step = 10 ** -PRECISION[unit];
            expect(decimals(y)).toBeLessThanOrEqual(PRECISION[unit]);
            expect(Math.abs(y - x)).toBeLessThanOrEqual(step / 2 + Math.abs(x) * Number.EPSILON * 4);
          }
        }
        expect(roundJson(out)).toEqual(out);
      }),
    );
  });

  it('a number too large to scale by its precision stays finite and as it is (2e305 W x 1000 overflowed to Infinity)', () => {
    for (const n of [2e305, -2e305, Number.MAX_VALUE, 1e300, 2 ** 53])
      for (const digits of [2, 3, 6]) expect(round(n, digits), `${n} to ${digits}`).toBe(n);
    expect(roundJson({ threshold_watts: 2e305, emissions_kg: -1e307 })).toEqual({
      threshold_watts: 2e305,
      emissions_kg: -1e307,
    });
  });

  it('README "JSON output" states the same precision per unit', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## JSON output'), readme.indexOf('## Exit codes'));
    const stated = Object.fromEntries(
      [...section.matchAll(/^\| `([^`]+)` \| (\d) \|/gm)].map((m) => [m[1], Number(m[2])]),
    );
    expect(stated).toEqual(PRECISION);
  });
});
