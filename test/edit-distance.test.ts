import { describe, expect, it } from 'vitest';
import { editDistance } from '../src/util/edit-distance.js';

describe('editDistance (capped)', () => {
  it('is the Levenshtein distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('ml-trainin-job', 'ml-training-job')).toBe(1);
  });

  it('with a cap: the distance when within it, cap + 1 beyond', () => {
    const words = ['', 'a', 'ab', 'ba', 'abc', 'kitten', 'sitting', 'sitten', 'ap-northeast-2', 'eu-west-1'];
    for (const a of words) {
      for (const b of words) {
        const d = editDistance(a, b);
        for (let cap = 0; cap <= 15; cap++)
          expect(editDistance(a, b, cap), `${a}/${b}/${cap}`).toBe(d <= cap ? d : cap + 1);
      }
    }
  });

  it('stops early on a huge input', () => {
    expect(editDistance('x'.repeat(900_000), 'ml-training-job', 7)).toBe(8);
    expect(editDistance(`${'a'.repeat(5_000)}`, `${'b'.repeat(5_000)}`, 3)).toBe(4);
  });
});
