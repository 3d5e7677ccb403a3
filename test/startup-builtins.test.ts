/**
 * A short run loads only the Node built-ins it uses. Each of these costs a short run 0.5-2 ms (a stream for stdout,
 * node:fs/promises for config discovery or a directory listing, perf_hooks for one clock reading) and none is
 * needed to read local dumps and print a summary: the bundled binary (as installed) must not load them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from './support/cli.js';

const DEMO = fileURLToPath(new URL('../fixtures/demo/', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'kcarbon-builtins-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Node's built-in modules the run loaded beyond a bare `node`'s, as named in process.moduleLoadList. */
function loadedBuiltins(args: string[]): { modules: string[]; status: number | null; stdout: string } {
  const out = path.join(dir, `${args.join('_').replace(/\W/g, '')}.json`);
  const preload = path.join(dir, 'record.cjs');
  writeFileSync(
    preload,
    `const before = new Set(process.moduleLoadList);
process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)},
  JSON.stringify(process.moduleLoadList.filter((m) => !before.has(m) && m.startsWith('NativeModule ')).map((m) => m.slice(13)))));
`,
  );
  const r = spawnSync(process.execPath, ['-r', preload, BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', KCARBON_BUNDLE: '' },
  });
  return { modules: JSON.parse(readFileSync(out, 'utf8')) as string[], status: r.status, stdout: r.stdout };
}

const HEAVY =
  /^(stream|internal\/streams\/|fs\/promises|internal\/fs\/promises|perf_hooks|net|tty|http|https|tls|crypto|zlib|child_process|readline)/;

describe('built-ins of a short run', () => {
  it('summary of a dump directory into a pipe: no stream, fs/promises, perf_hooks, net, tty, http, crypto, zlib', () => {
    const { modules, status, stdout } = loadedBuiltins(['summary', '--source', DEMO, '--json']);
    expect(status).toBe(0);
    expect(JSON.parse(stdout).command).toBe('summary');
    expect(modules.filter((m) => HEAVY.test(m))).toEqual([]);
  });

  it('the recorder sees what a run does load (an MCP server over stdio builds its streams)', () => {
    const { modules } = loadedBuiltins(['serve', '--mcp', '--demo']);
    expect(modules.filter((m) => HEAVY.test(m)).length).toBeGreaterThan(0);
  });
});
