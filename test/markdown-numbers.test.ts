/**
 * Markdown is read in mail and step summaries: every figure with a unit is rounded to that unit's precision
 * (src/render/human.ts), with thousands separators — in the report and in each command's -o markdown.
 */
import { describe, expect, it } from 'vitest';
import { humanCell, humanNumbers, PRECISION, quantityOfHeading } from '../src/render/human.js';
import { cli } from './support/cli.js';

const AT = ['--demo', '--at', '2026-01-15T05:00:00Z'];
const COMMANDS = [
  ['assess', 'postgres'],
  ['compare', 'postgres'],
  ['list'],
  ['list', '--since', '24h'],
  ['regions', 'postgres'],
  ['schedule', 'postgres'],
  ['hotspots'],
  ['top'],
  ['top', '--since', '24h'],
  ['summary'],
  ['report'],
  ['report', '--since', '24h'],
];

/** Decimals allowed after a number followed by this unit. */
function allowed(unit: string): number {
  if (/g(CO2e?q?)?\/kWh/.test(unit)) return PRECISION.intensity;
  if (/^gCO2/.test(unit)) return PRECISION.grams;
  if (/^kg/.test(unit)) return PRECISION.kg;
  if (unit === 'kWh') return PRECISION.kwh;
  if (unit === 'W') return PRECISION.watts;
  return PRECISION.percent;
}

describe('markdown numbers for people', () => {
  it('a number followed by its unit: rounded to the unit, thousands separated; others untouched', () => {
    expect(humanNumbers('785.91 W (CPU 173.91 W), 12345.678 W')).toBe('785.9 W (CPU 173.9 W), 12,345.7 W');
    expect(humanNumbers('378.92 gCO2e/h, 275.442 kgCO2e/month, 424.83 g/kWh, -37.92 %')).toBe(
      '378.9 gCO2e/h, 275.44 kgCO2e/month, 424.8 g/kWh, -37.9 %',
    );
    // Counts, PUE, times, names and figures already formatted stay as they are.
    for (const same of ['PUE 1.135', 'at 2026-01-15T05:00:00.000Z', 'ip-10-0-1-17', '1,234.5 W', '18.8 now'])
      expect(humanNumbers(same)).toBe(same);
    expect(quantityOfHeading('Power (W)')).toBe('watts');
    expect(quantityOfHeading('Avg W')).toBe('watts');
    expect(quantityOfHeading('g/kWh (hour-weighted)')).toBe('intensity');
    expect(quantityOfHeading('kgCO2e/month')).toBe('kg');
    expect(quantityOfHeading('Pods')).toBeUndefined();
    expect(humanCell('732.62', 'watts')).toBe('732.6');
    expect(humanCell('3', undefined)).toBe('3');
  });

  for (const args of COMMANDS) {
    it(`kcarbon ${args.join(' ')} -o markdown: every figure at its unit's precision`, async () => {
      const r = await cli([...args, ...AT, '-o', 'markdown']);
      expect(r.stdout, r.stderr).toMatch(/^## /);
      const prose = r.stdout.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
      const unit =
        /(?<![\w.,:/-])-?[\d,]*\.(\d+) ?(g\/kWh|gCO2e?q?(?:\/(?:kWh|h))?|kg\w*(?:\/month)?|kWh|W|%)(?![\w/])/g;
      for (const m of prose.matchAll(unit))
        expect(m[1]!.length, `${m[0]} in kcarbon ${args.join(' ')}`).toBeLessThanOrEqual(allowed(m[2]!));
      // Bare numbers in a column whose heading has a unit follow the same precision.
      for (const table of prose.split(/\n\n/).filter((b) => b.startsWith('|'))) {
        const [head, , ...rows] = table.split('\n');
        const q = head!.split(' | ').map((h) => quantityOfHeading(h.replace(/^\| |\s\|$/g, '')));
        for (const row of rows)
          row
            .slice(2, -2)
            .split(' | ')
            .forEach((cell, i) => {
              const d = /^-?[\d,]+\.(\d+)$/.exec(cell.trim());
              // A decimal figure is labelled: its heading names the unit (PUE is a ratio).
              if (d)
                expect(
                  q[i] !== undefined || /PUE/.test(head!.split(' | ')[i]!),
                  `${cell} under ${head}`,
                ).toBe(true);
              if (d && q[i] && Math.abs(Number(cell.replaceAll(',', ''))) >= 1)
                expect(d[1]!.length, `${cell} under ${head}`).toBe(PRECISION[q[i]!]);
            });
      }
    });
  }
});
