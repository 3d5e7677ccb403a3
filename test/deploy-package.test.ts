/**
 * The npm package: `npm pack` holds what a user needs and nothing else, and the tarball installs into an empty
 * directory and runs (--version, summary --demo, serve --mcp --demo over stdio with the SDK client).
 * Needs `npm run build` first (npm test does it) and the npm registry or npm's cache for the dependencies.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPECS as COMMANDS } from '../src/commands/all.js';
import { childEnv } from './support/mcp.js';
import { packedFiles, packInto, ROOT } from './support/pack.js';

const run = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Everything the package may hold: the launcher, the compiled code, the data it reads, and the docs. */
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^bin\/(kcarbon\.js|package\.json)$/,
  // the bundle, the vendored packages beside it (scripts/bundle.mjs), their code caches, the validated config
  /^dist\/bundle\/((kcarbon|vendor-[\w-]+)\.cjs(\.cache)?|vendor\.json|builtin-config\.json)$/,
  /^dist\/[\w/-]+\.js$/,
  // the family filter's and the pod lines' loops in WebAssembly (scripts/wasm.mjs)
  /^dist\/wasm\/[\w-]+\.wasm$/,
  /^config\/[\w-]+\.(json|md)$/,
  /^fixtures\/demo\/[\w.-]+\.(prom|md|json)$/,
  // the demo's history (a period without Prometheus: --demo --since 24h)
  /^fixtures\/demo\/history\/(counters\.json|README\.md)$/,
];
const REQUIRED = [
  'LICENSE',
  'README.md',
  'bin/kcarbon.js',
  'dist/bundle/kcarbon.cjs',
  'dist/cli/main.js',
  'dist/wasm/lines.wasm',
  'dist/wasm/pods.wasm',
  'config/regions.json',
  'config/carbon-intensity.json',
  'config/regulations.json',
  'fixtures/demo/README.md',
  'fixtures/demo/history/counters.json',
];

describe('npm pack', () => {
  it('holds what a user needs and nothing else (no tests, sources, maps or fixtures beyond the demo)', () => {
    const files = packedFiles();
    expect(files.filter((f) => !ALLOWED.some((re) => re.test(f)))).toEqual([]);
    for (const f of REQUIRED) expect(files).toContain(f);
    expect(files.filter((f) => f.endsWith('.prom'))).toHaveLength(5); // four CPU nodes and the GPU node
  });
});

describe('the tarball installed into an empty directory', () => {
  let dir: string;
  let bin: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kcarbon-install-'));
    const tgz = packInto(dir);
    const app = path.join(dir, 'app');
    await run('mkdir', ['-p', app]);
    await writeFile(path.join(app, 'package.json'), '{"name":"try-kcarbon","private":true}\n');
    // The dependencies come from npm's cache when it has them (npm ci filled it), else from the registry.
    await run(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--omit=dev', tgz], {
      cwd: app,
      env: { ...process.env, npm_config_update_notifier: 'false' },
    });
    bin = path.join(app, 'node_modules', '.bin', 'kcarbon');
  }, 180_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('installs a kcarbon command outside the checkout', () => {
    expect(existsSync(bin)).toBe(true);
    expect(path.relative(ROOT, bin).startsWith('..')).toBe(true);
  });

  it('kcarbon --version prints the package version', async () => {
    const { stdout } = await run(bin, ['--version'], { env: childEnv() });
    const { version } = (await import('../package.json', { with: { type: 'json' } })).default;
    expect(stdout.trim()).toBe(version);
  });

  it('kcarbon summary --demo reads the bundled demo cluster and config', async () => {
    const { stdout } = await run(bin, ['summary', '--demo', '--json', '--at', '2026-01-15T05:00:00Z'], {
      env: childEnv(),
    });
    const json = JSON.parse(stdout);
    expect(json.metrics.nodes_reporting).toHaveLength(5);
    expect(json.total_power_watts).toBeGreaterThan(0);
  });

  it('kcarbon serve --mcp --demo answers initialize over stdio and lists every tool', async () => {
    const client = new Client({ name: 'package-test', version: '1.0.0' });
    const transport = new StdioClientTransport({
      command: bin,
      args: ['serve', '--mcp', '--demo'],
      env: childEnv(),
      stderr: 'pipe',
    });
    try {
      await client.connect(transport);
      expect(client.getServerVersion()?.name).toBe('kcarbon');
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(COMMANDS.map((c) => c.tool).sort());
    } finally {
      await client.close();
    }
  });
});
