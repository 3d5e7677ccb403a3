/**
 * rankScope (its order: src/util/desc-order.ts) sorts the powers natively and only near-equal ones by
 * comparator: the order must be exactly that of a stable sort by (power descending, namespace, name), for
 * generated pods with many ties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { powerBasis } from '../src/kepler/basis.js';
import { emptyNode, type KeplerSnapshot, type PodEnergy } from '../src/kepler/model.js';
import { podPower, rankedRows, rankScope } from '../src/kepler/power.js';
import { snapshotOf } from './support/snapshot.js';

const SEED = Number(process.env.FC_SEED ?? 20261201);

const snapshot = (pods: PodEnergy[]): KeplerSnapshot =>
  snapshotOf([emptyNode('n1', 'x'), emptyNode('n2', 'x')], pods);

const pod = fc.record({
  name: fc.constantFrom('a', 'b', 'c', 'web-1', 'Web-1', 'é'),
  namespace: fc.constantFrom('default', 'ml', 'batch'),
  node: fc.constantFrom('n1', 'n2'),
  state: fc.constantFrom('running' as const, 'running' as const, 'terminated' as const),
  // Few distinct values: many ties, and 0.1 + 0.2 style sums.
  package: fc.constantFrom(0, 0.1, 0.2, 0.3, 1, 2.5, 1e-9),
  dram: fc.option(fc.constantFrom(0, 0.2, 0.1), { nil: undefined }),
  gpu: fc.option(fc.constantFrom(0, 1.5), { nil: undefined }),
});

describe('rankScope', () => {
  it('orders like a stable sort by power (highest first), namespace, name', () => {
    fc.assert(
      fc.property(fc.array(pod, { minLength: 1, maxLength: 60 }), fc.boolean(), (gen, scoped) => {
        const pods: PodEnergy[] = gen.map((g, i) => ({
          id: `p${i}`,
          name: g.name,
          namespace: g.namespace,
          node: g.node,
          state: g.state,
          watts: (g.dram === undefined
            ? { package: g.package }
            : { package: g.package, dram: g.dram }) as Record<string, number>,
          joules: {},
          containers: [],
          ...(g.gpu === undefined ? {} : { gpuWatts: g.gpu }),
        }));
        const snap = snapshot(pods);
        const basis = powerBasis(snap, { components: ['cpu', 'gpu'] });
        const namespace = scoped ? gen[0]!.namespace : undefined;
        const running = pods.filter(
          (p) => p.state === 'running' && (namespace === undefined || p.namespace === namespace),
        );
        if (running.length === 0) return;
        const expected = running
          .map((p) => ({ pod: p, watts: podPower(p, basis) }))
          .sort(
            (a, b) =>
              b.watts - a.watts ||
              a.pod.namespace.localeCompare(b.pod.namespace) ||
              a.pod.name.localeCompare(b.pod.name),
          );
        expect(rankedRows(rankScope(snap, namespace, basis))).toEqual(expected);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
