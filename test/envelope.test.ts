/**
 * One JSON envelope (issue 11 part 7): every command's --json carries `schema_version`, `command`, `timestamp`
 * first and `metrics`, `data_used`, `warnings` last, its output schema declares them, and lists are arrays.
 * Progress (part 6): one overwriting stderr line only on a terminal, never when piped or in a machine format.
 */
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressLine } from '../src/cli/progress.js';
import { SPECS as COMMANDS } from '../src/commands/all.js';
import { SCHEMA_VERSION } from '../src/commands/types.js';
import { metricsOf } from '../src/kepler/metrics-info.js';
import { cli } from './support/cli.js';
import { cliArgv, AT as MCP_AT, TOOL_INPUTS } from './support/mcp.js';
import { closedPort, startServer } from './support/servers.js';

const AT = '2026-03-01T12:00:00Z';
const METRICS = ['--demo', '--at', AT];
const DEMO_NODE = 'fixtures/demo/ip-10-0-1-17.ap-northeast-2.compute.internal.prom';

/** A CLI invocation per command: the MCP tests' inputs where they have one, else the bare command. */
function argvOf(spec: (typeof COMMANDS)[number]): string[] {
  return cliArgv(spec, TOOL_INPUTS[spec.tool] ?? {});
}

const ENVELOPED = COMMANDS.filter((c) => c.name !== 'config schema');

describe('one JSON envelope', () => {
  it.each(ENVELOPED.map((c) => [c.name, c] as const))(
    '%s --json: schema_version, command, timestamp first; metrics, data_used, warnings last',
    async (_n, spec) => {
      const r = await cli(argvOf(spec));
      expect(r.code, r.stderr).toBeLessThanOrEqual(1);
      const j = JSON.parse(r.stdout) as Record<string, unknown>;
      const keys = Object.keys(j);
      expect(keys.slice(0, 3)).toEqual(['schema_version', 'command', 'timestamp']);
      expect(keys.slice(-3)).toEqual(['metrics', 'data_used', 'warnings']);
      expect(j.schema_version).toBe(SCHEMA_VERSION);
      expect(j.command).toBe(spec.name);
      expect(j.timestamp).toBe(new Date(MCP_AT).toISOString());
      expect(Array.isArray(j.warnings)).toBe(true);
      // metrics: the MetricsInfo of a command that reads metrics, null for one that reads none.
      if (spec.readsMetrics) expect(metricsOf(j)).toMatchObject({ complete: true, nodes_expected: 5 });
      else expect(j.metrics).toBeNull();
      // data_used: the config files for every command, grid data and standards (arrays) where used.
      const used = j.data_used as { config_files: unknown; standards?: unknown; metrics?: unknown };
      expect(used.config_files).toContain('config/regions.json');
      expect(used.metrics).toBeUndefined();
      if (used.standards !== undefined) expect(Array.isArray(used.standards)).toBe(true);
      // The MCP outputSchema declares the same keys in the same order.
      const shape = (spec.output as unknown as { shape: Record<string, unknown> }).shape;
      expect(keys.filter((k) => !(k in shape))).toEqual([]);
      expect(Object.keys(shape).filter((k) => k in j)).toEqual(keys);
      expect(spec.output.safeParse(j).success).toBe(true);
    },
  );

  it('config schema prints a bare JSON Schema (no envelope: editors read it as a document)', async () => {
    const r = await cli(['config', 'schema', '--json']);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(j.schema_version).toBeUndefined();
    expect(j.timestamp).toBeUndefined();
  });

  it('hotspots --no-compliance still says which grid data its CO2 reductions used', async () => {
    const j = JSON.parse((await cli(['hotspots', '--no-compliance', ...METRICS, '--json'])).stdout);
    expect(j.data_used.grid.region).toBeTruthy();
    expect(j.data_used.standards).toEqual([]);
  });

  it('lists are arrays: the Kepler versions in metrics, list values in config show', async () => {
    const s = JSON.parse((await cli(['summary', ...METRICS, '--json'])).stdout);
    expect(s.metrics.kepler_versions).toEqual(['v0.11.2', 'v0.11.4']);
    const c = JSON.parse((await cli(['config', 'show', '--json'])).stdout);
    const setting = (key: string) => c.settings.find((x: { key: string }) => x.key === key)?.value;
    expect(setting('defaults.standards')).toEqual(['KR_CARBON_2050', 'KR_PUE_GREEN_DC']);
    expect(setting('defaults.region')).toBe('ap-northeast-2');
  });

  it('lists are arrays: standards in assess and list', async () => {
    for (const argv of [['assess', 'ml-training-job', '-n', 'ai-team'], ['list']]) {
      const j = JSON.parse((await cli([...argv, ...METRICS, '--json'])).stdout);
      expect(j.standards).toEqual(['KR_CARBON_2050', 'KR_PUE_GREEN_DC']);
      expect(j.standard).toBeUndefined();
    }
  });
});

/** Runs the CLI in-process with a stderr that claims (or not) to be a terminal. */
const withStderr = (args: string[], isTTY: boolean) => cli(args, {}, undefined, isTTY);

describe('progress line', () => {
  it('on a terminal: nodes read of total on stderr, overwritten and cleared before the output', async () => {
    const r = await withStderr(['top', ...METRICS], true);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('\rkcarbon: reading sources: 0/5 done\x1b[K');
    expect(r.stderr).toContain('\rkcarbon: reading sources: 5/5 done\x1b[K');
    // Cleared at the end: the last thing on stderr erases the line; stdout never sees it.
    expect(r.stderr.endsWith('\r\x1b[K')).toBe(true);
    expect(r.stdout).not.toContain('reading sources');
    expect(r.stdout).not.toContain('\r');
  });

  it('counts failures so far', async () => {
    // A loopback port nothing listens on: refused at once, beside the demo's five readable files.
    const port = await closedPort();
    const r = await withStderr(
      [
        'top',
        '--source',
        'fixtures/demo',
        '--source',
        `http://127.0.0.1:${port}/metrics`,
        '--retries',
        '0',
        '--at',
        AT,
      ],
      true,
    );
    expect(r.stderr).toContain('kcarbon: reading sources: 6/6 done, 1 failed');
    // The warning about the failed node starts on a cleared line.
    expect(r.stderr).toMatch(/\r\x1b\[Kkcarbon: warning: /);
  });

  it('--sample: says it waits, then counts the second scrape afresh', async () => {
    const body = readFileSync(DEMO_NODE, 'utf8');
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(body);
    });
    try {
      const r = await withStderr(
        ['top', '--source', server.url('/metrics'), '--sample', '5s', '--at', AT],
        true,
      );
      expect(r.stderr, JSON.stringify(r)).toContain('waiting');
      const wait = r.stderr.indexOf('\rkcarbon: --sample: waiting 5 s for the second scrape\x1b[K');
      expect(wait).toBeGreaterThan(r.stderr.indexOf('reading sources: 1/1 done'));
      expect(r.stderr.indexOf('reading sources: 1/1 done', wait)).toBeGreaterThan(wait);
      expect(r.stdout).not.toContain('waiting');
    } finally {
      await server.close();
    }
  });

  it("a step's message is escaped: a label cannot move the cursor or clear the screen", () => {
    let text = '';
    const stream = Object.assign(new PassThrough(), { isTTY: true });
    stream.on('data', (d) => {
      text += d;
    });
    const line = progressLine(stream, { format: 'table', quiet: false });
    line.step(1, 2, 'assessing etl/\x1b[2Jjob\r');
    expect(text).toBe('\rkcarbon: assessing etl/\\x1b[2Jjob\\x0d (1/2)\x1b[K');
  });

  it.each([
    ['not a terminal', ['top', ...METRICS], false],
    ['-o json', ['top', ...METRICS, '-o', 'json'], true],
    ['-o yaml', ['top', ...METRICS, '-o', 'yaml'], true],
    ['-o csv', ['top', ...METRICS, '-o', 'csv'], true],
    ['-o markdown', ['list', ...METRICS, '-o', 'markdown'], true],
    ['-o sarif', ['list', ...METRICS, '-o', 'sarif'], true],
    ['-q', ['top', ...METRICS, '-q'], true],
  ] as const)('nothing when %s', async (_n, args, tty) => {
    const r = await withStderr([...args], tty);
    expect(r.stderr).not.toContain('reading sources');
    expect(r.stderr).not.toContain('\r');
    expect(r.stderr).not.toContain('\x1b[K');
  });
});
