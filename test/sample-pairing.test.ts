/** --sample: both scrapes of every node, or that node is a failed source; watts_from per node. */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { powerBasis } from '../src/kepler/basis.js';
import { buildSnapshot, emptySnapshot, wantKeplerFamily } from '../src/kepler/build.js';
import { DEMO_DIR, pairSamples } from '../src/kepler/load.js';
import { mergeSnapshots } from '../src/kepler/merge.js';
import { metricsInfo } from '../src/kepler/metrics-info.js';
import type { KeplerSnapshot } from '../src/kepler/model.js';
import { parseExposition } from '../src/parser/index.js';

const NODES = ['ip-10-0-1-17', 'ip-10-0-2-143'].map((n) => `${n}.ap-northeast-2.compute.internal`);
const text = (node: string) => readFileSync(path.join(DEMO_DIR, `${node}.prom`), 'utf8');

/** One scrape of a node; the second scrape's joules counters are 10 J higher for every series. */
function scrape(node: string, origin: string, at: number, later = false): KeplerSnapshot {
  const body = later
    ? text(node).replace(
        /^(kepler_\w+_joules_total\{[^}]*\}) (\S+)$/gm,
        (_l, h, v) => `${h} ${Number(v) + 10}`,
      )
    : text(node);
  const parsed = parseExposition(body, { origin, wantFamily: wantKeplerFamily });
  return buildSnapshot(parsed, { origin, nodeHint: node, fetchedAt: new Date(at) });
}
function failed(origin: string, error: string): KeplerSnapshot {
  const s = emptySnapshot('v0.10+', { origin, nodeHint: '', fetchedAt: new Date(0) });
  return { ...s, sources: [{ origin, ok: false, error }] };
}

describe('pairSamples', () => {
  const [a, b] = ['http://a/metrics', 'http://b/metrics'];

  it('a node whose first scrape failed is failed, not reported from its gauges', () => {
    const first = [failed(a, `${a}: HTTP 503`), scrape(NODES[1]!, b, 0)];
    const second = [scrape(NODES[0]!, a, 10_000, true), scrape(NODES[1]!, b, 10_000, true)];
    const parts = pairSamples(first, second, 10);
    expect(parts[0]!.sources[0]).toMatchObject({ ok: false });
    expect(parts[0]!.sources[0]!.error).toMatch(/HTTP 503 \(first of the two --sample scrapes/);
    expect(parts[1]!.wattsFrom).toBe('sampled');
    const merged = mergeSnapshots(parts.filter((p) => p.sources[0]!.ok));
    const info = metricsInfo(
      { ...merged, sources: parts.flatMap((p) => p.sources) },
      powerBasis(merged, { components: ['cpu'], zones: ['package'] }),
    );
    expect(info.watts_from).toBe('sampled');
    expect(info.watts_from_by_node).toEqual({ [NODES[1]!]: 'sampled' });
    expect(info.complete).toBe(false);
  });

  it('a node whose second scrape failed is failed too', () => {
    const first = [scrape(NODES[0]!, a, 0), scrape(NODES[1]!, b, 0)];
    const second = [failed(a, `${a}: connection refused`), scrape(NODES[1]!, b, 10_000, true)];
    const parts = pairSamples(first, second, 10);
    expect(parts[0]!.sources[0]!.error).toMatch(/connection refused \(second of the two --sample scrapes\)/);
    expect(parts[1]!.sources[0]!.ok).toBe(true);
  });

  it('both scrapes of every node: every node sampled, watts from the counters', () => {
    const first = NODES.map((n, i) => scrape(n, [a, b][i]!, 0));
    const second = NODES.map((n, i) => scrape(n, [a, b][i]!, 10_000, true));
    const merged = mergeSnapshots(pairSamples(first, second, 10));
    const info = metricsInfo(merged, powerBasis(merged, { components: ['cpu'], zones: ['package'] }));
    expect(info.watts_from_by_node).toEqual({ [NODES[0]!]: 'sampled', [NODES[1]!]: 'sampled' });
    // +10 J per series in 10 s = 1 W per zone series of each pod.
    const pod = merged.pods.find((p) => p.state === 'running' && p.watts.package !== undefined)!;
    expect(pod.watts.package).toBeCloseTo(1, 9);
  });
});
