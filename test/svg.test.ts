/** The report's SVG charts: axis labels stay inside a quantity's possible range. */
import { describe, expect, it } from 'vitest';
import { lineChart } from '../src/render/svg.js';

const tickLabels = (svg: string) =>
  [...svg.matchAll(/text-anchor="end"[^>]*>([^<]+)<\/text>/g)].map((m) => Number(m[1]!.replace(/,/g, '')));

describe('lineChart', () => {
  const base = { title: 'Compliant workloads (%)', xLabels: ['a', 'b', 'c'], unit: '%' };
  it('a percentage axis never passes 100 % (three runs at 100 %)', () => {
    const ticks = tickLabels(lineChart([100, 100, 100], { ...base, range: [0, 100] }));
    expect(ticks.length).toBe(3);
    expect(Math.max(...ticks)).toBeLessThanOrEqual(100);
    expect(Math.min(...ticks)).toBeGreaterThanOrEqual(0);
  });
  it('without a range the axis is padded by a tenth of the span on each side', () => {
    // lo 90, hi 100: axis 89..101, ticks at a tenth in from each end and the middle: 90.2, 95, 99.8
    const ticks = tickLabels(lineChart([90, 100, 95], base));
    expect(ticks[0]).toBeCloseTo(90.2, 0);
    expect(ticks[2]).toBeCloseTo(99.8, 0);
  });
});
