/** Tolerances from the JSON's precision per unit (src/util/round.ts): how far a printed figure may be from the exact one. */
import { expect } from 'vitest';
import { PRECISION, type Unit } from '../../src/util/round.js';

/** Half a step of a unit's JSON precision: the most one rounded figure differs from the exact value. */
export const halfStep = (unit: Unit): number => 10 ** -PRECISION[unit] / 2;

/**
 * A JSON figure against a hand-computed value: equal within the rounding of `terms` printed figures of `unit`
 * (a total compared with the sum of n printed parts carries n + 1 roundings).
 */
export function expectFigure(actual: number, expected: number, unit: Unit, terms = 1): void {
  const slack = terms * halfStep(unit) * (1 + 1e-9) + Math.abs(expected) * Number.EPSILON * 8;
  expect(
    Math.abs(actual - expected),
    `${actual} vs ${expected} (${unit}, ${terms} rounding(s))`,
  ).toBeLessThanOrEqual(slack);
}
