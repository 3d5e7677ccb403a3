/**
 * mergeSnapshots keeps each pod (id and state) once, from the first part that reports it, with one warning per
 * pair of parts that share pods; when no id appears twice it takes the parts' pods as they are. Both ways must
 * give what looking every pod up gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeSnapshots } from '../src/kepler/merge.js';
import { emptyNode, type KeplerSnapshot, type PodEnergy } from '../src/kepler/model.js';
import { snapshotOf } from './support/snapshot.js';

const SEED = Number(process.env.FC_SEED ?? 20261201);

function part(k: number, pods: PodEnergy[]): KeplerSnapshot {
  return snapshotOf([emptyNode(`n${k}`, `dump-${k}`)], pods, {
    capturedAt: new Date(k * 1000).toISOString(),
    zonesSeen: [],
    sources: [{ origin: `dump-${k}`, ok: true }],
  });
}

describe('mergeSnapshots', () => {
  it('keeps each pod (id and state) once, from the first part, with a warning per pair of parts', () => {
    fc.assert(
      fc.property(
        // Ids from a small pool (repeats across parts) or a large one (usually none).
        fc.integer({ min: 2, max: 400 }),
        fc.array(fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 8 }), {
          minLength: 2,
          maxLength: 5,
        }),
        (pool, gen) => {
          const parts = gen.map((list, k) => {
            // Within one part a pod (id and state) is reported once, as the model builders make it.
            const seen = new Set<string>();
            const pods: PodEnergy[] = [];
            for (const [n, running] of list) {
              const id = `uid-${n % pool}`;
              const state = running ? ('running' as const) : ('terminated' as const);
              if (seen.has(`${id}/${state}`)) continue;
              seen.add(`${id}/${state}`);
              pods.push({
                id,
                name: id,
                namespace: 'default',
                node: `n${k}`,
                state,
                watts: {},
                joules: {},
                containers: [],
              });
            }
            return part(k, pods);
          });
          // The plain way: every pod looked up.
          const first = new Map<string, string>();
          const expected: PodEnergy[] = [];
          const pairs = new Map<string, number>();
          for (const p of parts) {
            const origin = p.sources[0]!.origin;
            for (const pod of p.pods) {
              const key = `${pod.state}/${pod.id}`;
              const where = first.get(key);
              if (where === undefined) {
                first.set(key, origin);
                expected.push(pod);
              } else pairs.set(`${where} ${origin}`, (pairs.get(`${where} ${origin}`) ?? 0) + 1);
            }
          }
          const merged = mergeSnapshots(parts);
          expect(merged.pods).toEqual(expected);
          expect(
            merged.warnings.map((w) => [`${w.params?.first} ${w.params?.second}`, w.params?.count]),
          ).toEqual([...pairs]);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});
