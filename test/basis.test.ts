/**
 * powerBasis reads a node's pods' zones only where they can change its zones (no --zones, and the node's own
 * series lack package or dram): its zones and fallback nodes must be those of the plain definition, which reads
 * every pod: per node, package + dram where the node and its pods report both, else the top-level zone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultZonesFor, powerBasis } from '../src/kepler/basis.js';
import { emptyNode, type KeplerSnapshot, type NodeEnergy, type PodEnergy } from '../src/kepler/model.js';
import { DEFAULT_ZONES } from '../src/kepler/zones.js';
import { snapshotOf } from './support/snapshot.js';

const SEED = Number(process.env.FC_SEED ?? 20261201);

/** Every node and pod zone, read, then each node's default set (basis.ts' rule, without its shortcut). */
function plainBasis(snap: KeplerSnapshot) {
  const names = [...new Set([...snap.nodes.map((n) => n.name), ...snap.pods.map((p) => p.node)])].sort();
  const zonesByNode = new Map<string, string[]>();
  const fallbackNodes: string[] = [];
  for (const name of names) {
    const reported = new Set<string>();
    const node = snap.nodes.find((n) => n.name === name);
    if (node)
      for (const v of [node.watts, node.activeWatts, node.idleWatts, node.activeJoules, node.idleJoules])
        for (const k of Object.keys(v)) reported.add(k);
    for (const p of snap.pods.filter((x) => x.node === name))
      for (const k of [...Object.keys(p.watts), ...Object.keys(p.joules)]) reported.add(k);
    const sorted = [...reported].sort();
    const zones = defaultZonesFor(sorted);
    zonesByNode.set(name, zones);
    if (sorted.length > 0 && zones.join(',') !== DEFAULT_ZONES.join(',')) fallbackNodes.push(name);
  }
  return { zonesByNode, fallbackNodes };
}

const zone = fc.constantFrom('package', 'dram', 'core', 'uncore', 'psys', 'platform');
const zoneValues = fc
  .uniqueArray(zone, { maxLength: 3 })
  .map((zs) => Object.fromEntries(zs.map((z) => [z, 1])));
const nodeName = fc.constantFrom('n1', 'n2', 'n3', 'n4');

describe('powerBasis', () => {
  it('gives each node the zones of the plain definition, reading pods only where they matter', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ name: nodeName, series: fc.array(zoneValues, { minLength: 5, maxLength: 5 }) }),
          {
            maxLength: 4,
          },
        ),
        fc.array(fc.record({ node: nodeName, watts: zoneValues, joules: zoneValues }), { maxLength: 12 }),
        (genNodes, genPods) => {
          const nodes: NodeEnergy[] = genNodes.map((g) => ({
            ...emptyNode(g.name, 'x'),
            watts: g.series[0]!,
            activeWatts: g.series[1]!,
            idleWatts: g.series[2]!,
            activeJoules: g.series[3]!,
            idleJoules: g.series[4]!,
          }));
          const pods: PodEnergy[] = genPods.map((g, i) => ({
            id: `p${i}`,
            name: `p${i}`,
            namespace: 'default',
            node: g.node,
            state: 'running',
            watts: g.watts,
            joules: g.joules,
            containers: [],
          }));
          const snap = snapshotOf(nodes, pods, { zonesSeen: [] });
          const basis = powerBasis(snap, { components: ['cpu', 'gpu'] });
          const plain = plainBasis(snap);
          expect(Object.fromEntries(basis.zonesByNode)).toEqual(Object.fromEntries(plain.zonesByNode));
          expect(basis.fallbackNodes).toEqual(plain.fallbackNodes);
          // Under --zones every node sums those, its pods unread.
          const forced = powerBasis(snap, { components: ['cpu'], zones: ['core'] });
          expect([...forced.zonesByNode.keys()]).toEqual([...plain.zonesByNode.keys()]);
          for (const zs of forced.zonesByNode.values()) expect(zs).toEqual(['core']);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});
