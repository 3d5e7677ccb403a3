/**
 * orderDesc sorts by a key made of the value's high bits and the row's position, and only rows whose high bits
 * agree by comparator: the order must be exactly that of a stable sort by (value descending, tie), whatever the
 * values — equal, within one part in a million (same high bits, different low bits), zero, subnormal, huge.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderDesc } from '../src/util/desc-order.js';

const SEED = Number(process.env.FC_SEED ?? 20261201);

/** A stable sort of `rows` by (value descending, tie): what orderDesc must give. */
function expected(values: Float64Array, rows: number[], tie: (a: number, b: number) => number): number[] {
  return [...rows].sort((a, b) => values[b]! - values[a]! || tie(a, b));
}

const value = fc.oneof(
  fc.constantFrom(0, 1, 1 + 2 ** -40, 1 + 2 ** -30, 2.5, 0.1 + 0.2, 0.3, 5e-324, 1e-300, 1e6, 1.7e308),
  fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((v) => v + 0),
);

describe('orderDesc', () => {
  it('orders like a stable sort by value (highest first), then tie', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, fc.integer({ min: 0, max: 3 })), { maxLength: 80 }),
        fc.boolean(),
        (gen, subset) => {
          const values = Float64Array.from(gen.map(([v]) => v));
          const group = gen.map(([, g]) => g);
          const tie = (a: number, b: number) => group[a]! - group[b]!;
          // A subset of the rows, in a shuffled order: ties among equals keep that order.
          const rows = values.map((_, i) => i).filter((i) => !subset || i % 3 !== 1);
          const order = [...rows].reverse();
          const got = orderDesc(values, Uint32Array.from(order), tie);
          expect([...got]).toEqual(expected(values, order, tie));
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('gives negative, infinite and -0 values the same order by the plain comparator sort', () => {
    const values = Float64Array.from([1, -0, 0, Number.POSITIVE_INFINITY, -2, 1, 0]);
    const rows = [0, 1, 2, 3, 4, 5, 6];
    const tie = () => 0;
    expect([...orderDesc(values, Uint32Array.from(rows), tie)]).toEqual(expected(values, rows, tie));
    expect([...orderDesc(values, Uint32Array.from(rows), tie)]).toEqual([3, 0, 5, 1, 2, 6, 4]);
  });
});
