/**
 * The shared Warning contract: every metrics-reading result carries `warnings` ({code, message, nodes}),
 * the same in --json and from the MCP tool; the terminal still prints the messages on stderr; a node on
 * Kepler's fake CPU meter is flagged as not measured.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSpec as findCommand } from '../src/commands/all.js';
import { createRunContext } from '../src/commands/context.js';
import { parseZones } from '../src/kepler/zones.js';
import { cli } from './support/cli.js';
import { cliJson, keplerDump } from './support/seed.js';

const AT = '2026-01-15T05:00:00Z';

function cluster(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kcarbon-warnings-'));
  writeFileSync(
    join(dir, 'real.prom'),
    keplerDump({
      node: 'real-1',
      pods: [{ name: 'api', namespace: 'shop', watts: { package: 10, dram: 2 } }],
    }),
  );
  // Kepler's fake meter reads zones under /sys/class/powercap/intel-rapl/energy_<zone>.
  const fake = keplerDump({
    node: 'fake-1',
    pods: [{ name: 'db', namespace: 'shop', watts: { package: 4, dram: 1 } }],
  }).replace(/path="aggregated-(\w+)"/g, 'path="/sys/class/powercap/intel-rapl/energy_$1"');
  writeFileSync(join(dir, 'fake.prom'), fake);
  return dir;
}

describe('warnings in results', () => {
  const dir = cluster();

  it('--json carries the fake-meter warning with its node; stderr still prints it', async () => {
    const s = await cliJson<{ warnings: unknown[]; metrics: { nodes_not_measured: string[] } }>([
      'summary',
      '--source',
      dir,
      '--at',
      AT,
    ]);
    expect(s.warnings).toContainEqual(expect.objectContaining({ code: 'fake-meter', nodes: ['fake-1'] }));
    expect(s.metrics.nodes_not_measured).toEqual(['fake-1']);
    expect(s.__stderr).toMatch(/warning: .*fake-1 uses Kepler's fake CPU meter/);
    const table = await cli(['summary', '--source', dir, '--at', AT]);
    expect(table.stderr).toMatch(/fake CPU meter/);
    expect(table.stdout).not.toMatch(/fake CPU meter/);
  });

  it('every metrics-reading command declares warnings in its output schema, and the MCP run returns them', async () => {
    for (const name of ['summary', 'top', 'hotspots', 'list', 'assess', 'compare', 'schedule', 'regions']) {
      const spec = findCommand(name)!;
      expect(Object.keys((spec.output as unknown as { shape: object }).shape), name).toContain('warnings');
    }
    const spec = findCommand('get_power_consumption_summary')!;
    const ctx = createRunContext(
      {
        source: { specs: [dir] },
        zones: parseZones(undefined),
        overrides: {},
        at: new Date(AT),
        env: {},
      },
      { warn: () => {} },
    );
    const viaMcp = (await spec.run(spec.input.parse({}), ctx)) as { warnings: unknown[] };
    const viaCli = await cliJson<{ warnings: unknown[] }>(['summary', '--source', dir, '--at', AT]);
    expect(viaMcp.warnings).toEqual(viaCli.warnings);
  });
});
