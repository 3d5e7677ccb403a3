/**
 * compareText orders names as English localeCompare does (its sign), whatever the machine's locale, comparing
 * Kubernetes-style names by code unit without loading ICU's collator. Fixed seed (FC_SEED overrides it).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareText } from '../src/util/compare.js';

const SEED = Number(process.env.FC_SEED ?? 20261201);
const plain = fc.stringMatching(/^[a-z0-9.-]{0,12}$/);
const any = fc.oneof(plain, fc.string({ maxLength: 8 }), fc.stringMatching(/^[A-Za-z0-9_. -]{0,8}$/));

describe('compareText', () => {
  it('has the sign of localeCompare for Kubernetes names (compared by code unit)', () => {
    fc.assert(
      fc.property(plain, plain, (a, b) => {
        expect(compareText(a, b)).toBe(Math.sign(a.localeCompare(b, 'en')));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('has the sign of localeCompare for any text', () => {
    fc.assert(
      fc.property(any, any, (a, b) => {
        expect(Math.sign(compareText(a, b))).toBe(Math.sign(a.localeCompare(b, 'en')));
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('orders names with dots, hyphens and digits as the collation does', () => {
    const names = ['worker-9', 'worker-10', 'a.b', 'a-b', 'ab', 'a', 'kube-system', 'kube.system', '0a', 'z'];
    expect([...names].sort(compareText)).toEqual([...names].sort((x, y) => x.localeCompare(y, 'en')));
  });
});
