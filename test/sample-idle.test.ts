/**
 * --sample and a node's idle power. Kepler v0.10+ exports a node's total (kepler_node_cpu_joules_total), its
 * active and its idle part; the sampled total was active + idle with a missing idle counter read as 0, so a node
 * without one showed idle 0 W and idle share 0 % (missing data as a measured 0). The total now comes from its own
 * counter, else active + idle when both are known, else it is missing and the idle power is unknown.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';
import { expectNoIdleUnknown, idlelessNode } from './support/idle-node.js';
import { startServer, type TestServer } from './support/servers.js';

const exporter = (name: string, total: boolean): Promise<TestServer> => {
  let scrapes = 0;
  return startServer((_req, res) => {
    scrapes++;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(idlelessNode(name, scrapes, total));
  });
};

describe('--sample: a node without an idle counter', () => {
  it('has unknown idle power (null, a warning), not 0 W; with a total counter, idle = total - active', async () => {
    const servers = await Promise.all([exporter('no-idle', false), exporter('with-total', true)]);
    try {
      const source = servers.map((s) => s.url()).join(',');
      const r = await cli(['summary', '-n', 'idle', '--source', source, '--sample', '5s', '--json']);
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout);
      const total = expectNoIdleUnknown(j);
      expect(total.cpu_idle_watts! / total.cpu_active_watts).toBeCloseTo(1.5, 2);
      expect(total.idle_share_percent!).toBeCloseTo(60, 1);
      expect(r.stderr).toContain('no-idle');
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  });
});
