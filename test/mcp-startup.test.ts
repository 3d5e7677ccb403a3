/**
 * Start-up and stdio hygiene: ordinary commands never load the MCP SDK (traced with a module
 * resolve hook), and in stdio mode stdout carries JSON-RPC messages only, warnings go to stderr.
 * An http server that cannot listen says why in one line (exit 2).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { listenError, listenOn } from '../src/mcp/http.js';
import { spawnCli } from './support/cli.js';
import { BIN, childEnv, connectStdio } from './support/mcp.js';
import { closedPort } from './support/servers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TRACER = fileURLToPath(new URL('./support/mcp-trace-imports.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kcarbon-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function traced(name: string, args: string[]): { urls: string[]; status: number | null } {
  const out = join(dir, `${name}.txt`);
  const r = spawnSync(process.execPath, ['--import', TRACER, BIN, ...args], {
    cwd: ROOT,
    // The unbundled build: its module graph is the bundle's, with each lazy import visible as a file.
    env: childEnv({ KCARBON_TRACE_IMPORTS: out, KCARBON_BUNDLE: '0' }),
    input: '',
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { urls: readFileSync(out, 'utf8').split('\n').filter(Boolean), status: r.status };
}

describe('the MCP SDK stays out of the CLI start-up path', () => {
  it('top --demo --json resolves no @modelcontextprotocol module and nothing under dist/mcp', () => {
    const { urls, status } = traced('top', ['top', '--demo', '--json']);
    expect(status).toBe(0);
    expect(urls.some((u) => u.endsWith('/dist/cli/program.js'))).toBe(true);
    expect(urls.filter((u) => u.includes('@modelcontextprotocol') || u.includes('/dist/mcp/'))).toEqual([]);
    // undici is loaded only when a URL is read, chalk only when the output is coloured, yaml for YAML only.
    expect(urls.filter((u) => /\/node_modules\/(undici|chalk|yaml)\//.test(u))).toEqual([]);
  });

  it('--help and serve --help do not load it either', () => {
    for (const args of [['--help'], ['serve', '--help']]) {
      const { urls } = traced(args.join('-'), args);
      expect(
        urls.filter((u) => u.includes('@modelcontextprotocol')),
        args.join(' '),
      ).toEqual([]);
    }
  });

  it('--help, <command> --help and --version load no engine: no command implementation, zod, undici, MCP SDK', () => {
    for (const args of [
      ['--help'],
      ['assess', '--help'],
      ['summary', '--help', '--lang', 'ko'],
      ['--version', '--debug'],
    ]) {
      const { urls, status } = traced(`light-${args.join('-')}`, args);
      expect(status, args.join(' ')).toBe(0);
      expect(urls.some((u) => u.endsWith('/dist/commands/registry.js'))).toBe(
        args[0] !== '--version' || true,
      );
      const heavy = urls.filter(
        (u) =>
          /\/dist\/(carbon|parser|sources|mcp|render)\//.test(u) ||
          // kepler/warnings.js is the warnings' English catalogue (no imports), read by the Korean one.
          (/\/dist\/kepler\//.test(u) && !u.endsWith('/kepler/warnings.js')) ||
          /\/dist\/commands\/(?!registry\.js|manifests\.js)/.test(u) ||
          /\/dist\/cli\/(run|context|input|exit)\.js/.test(u) ||
          /\/node_modules\/(zod|undici|@modelcontextprotocol|yaml|chalk|cli-table3)\//.test(u),
      );
      expect(heavy, args.join(' ')).toEqual([]);
    }
  });

  it('the CLI and every command but config import no config file schema (built only when config is validated)', () => {
    // The bundle reuses the built-in config its build validated, so a run of these builds no config schema; the
    // unbundled build always validates, so this checks the static module graph instead of a run.
    const out = join(dir, 'static.txt');
    const commands = [
      'summary',
      'top',
      'hotspots',
      'schedule',
      'list',
      'assess',
      'report',
      'compare',
      'regions',
    ];
    const modules = ['cli/run', ...commands.map((c) => `commands/${c}`), 'commands/standards'];
    const script = modules.map((m) => `await import(${JSON.stringify(`${ROOT}dist/${m}.js`)});`).join('\n');
    const r = spawnSync(process.execPath, ['--import', TRACER, '--input-type=module', '-e', script], {
      cwd: ROOT,
      env: childEnv({ KCARBON_TRACE_IMPORTS: out }),
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const urls = readFileSync(out, 'utf8').split('\n').filter(Boolean);
    expect(urls.some((u) => u.endsWith('/dist/commands/summary.js'))).toBe(true);
    expect(urls.filter((u) => u.endsWith('/dist/config/schema.js'))).toEqual([]);
  });

  it('serve --mcp does (the tracer works)', () => {
    const { urls, status } = traced('serve', ['serve', '--mcp', '--demo']);
    expect(status).toBe(0);
    expect(urls.some((u) => u.includes('@modelcontextprotocol/sdk'))).toBe(true);
    expect(urls.some((u) => u.endsWith('/dist/mcp/index.js'))).toBe(true);
  });
});

describe('stdio hygiene', () => {
  it('stdout carries only JSON-RPC messages; warnings go to stderr; end of stdin stops the server', async () => {
    const port = await closedPort();
    const demo = fileURLToPath(
      new URL('../fixtures/demo/ip-10-0-1-17.ap-northeast-2.compute.internal.prom', import.meta.url),
    );
    // One readable node and one unreachable: the load warns (on stderr) and still answers.
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--mcp', '--source', `${demo},http://127.0.0.1:${port}/metrics`, '--retries', '0'],
      { env: childEnv(), stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const send = (m: object) => child.stdin.write(`${JSON.stringify(m)}\n`);
    const responses = (n: number) =>
      // Ready when n responses are out (the test timeout is the only guard against a hang).
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if ((stdout.match(/"id":/g) ?? []).length >= n) {
            child.stdout.off('data', check);
            resolve();
          }
        };
        child.stdout.on('data', check);
        child.once('exit', () => reject(new Error(`server exited; stdout=${stdout} stderr=${stderr}`)));
        check();
      });
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
    });
    await responses(1);
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'list_top_power_consumers', arguments: {} },
    });
    send({ jsonrpc: '2.0', id: 3, method: 'resources/read', params: { uri: 'carbon-intensity://nowhere' } });
    await responses(3);
    child.stdin.end();
    expect(await exited).toBe(0);

    const lines = stdout.split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) {
      const msg = JSON.parse(line);
      expect(msg.jsonrpc).toBe('2.0');
      expect('id' in msg || 'method' in msg).toBe(true);
    }
    const byId = Object.fromEntries(
      lines
        .map((l) => JSON.parse(l))
        .filter((m) => 'id' in m)
        .map((m) => [m.id, m]),
    );
    expect(byId[2].result.isError ?? false).toBe(false);
    expect(byId[3].error.code).toBe(-32002);
    expect(stderr).toMatch(/kcarbon: warning: .*node left out/);
    expect(stdout).not.toMatch(/\u001b\[/);
  });
});

describe('HTTP-only settings over stdio', () => {
  it('are ignored with one warning, never refused for a value stdio would not use', async () => {
    // Before, the warning said 'ignored' and the next line refused the same value (exit 2).
    const c = await connectStdio(
      [
        '--demo',
        '--allowed-origins',
        '*',
        '--allowed-hosts',
        'https://x',
        '--port',
        '70000',
        '--token-file',
        '/nope',
        '--max-sessions',
        '0',
        '--session-idle',
        '0',
      ],
      { PORT: 'eighty' },
    );
    try {
      const tools = await c.client.listTools();
      expect(tools.tools.length).toBeGreaterThan(0);
    } finally {
      await c.close();
    }
    const warnings = c
      .stderr()
      .split('\n')
      .filter((l) => l.includes('warning'));
    expect(warnings).toEqual([
      'kcarbon: warning: --port, --allowed-origins, --allowed-hosts, --token-file, --max-sessions, --session-idle only apply to --transport http; ignored',
    ]);
    expect(c.stderr()).not.toMatch(/error/);
  });
});

describe('--lang ko: the server speaks Korean on stderr, as the CLI does', () => {
  it('warnings of tool calls carry the Korean prefix; the ready and listening lines are Korean', async () => {
    // Before, a call's warning printed 'kcarbon: warning: <Korean>' beside the start-up 'kcarbon: 경고:', and the
    // ready / listening lines stayed English.
    const c = await connectStdio([
      '--lang',
      'ko',
      '--demo',
      '--intensity',
      '300',
      '--grid',
      'electricitymaps',
    ]);
    try {
      const r = await c.client.callTool({
        name: 'assess_workload_compliance',
        arguments: { workload_name: 'ml-training-job' },
      });
      expect(r.isError ?? false).toBe(false);
    } finally {
      await c.close();
    }
    const lines = c.stderr().split('\n').filter(Boolean);
    expect(lines[0]).toBe('kcarbon: MCP 서버가 stdio에서 준비되었습니다');
    expect(lines.some((l) => l.startsWith('kcarbon: 경고: --intensity'))).toBe(true);
    expect(c.stderr()).not.toMatch(/warning:|ready on stdio/);

    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--mcp', '--lang', 'ko', '--demo', '--transport', 'http', '--port', '0'],
      {
        env: childEnv(),
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (d) => {
        stderr += d;
        if (stderr.includes('\n')) resolve();
      }),
    );
    child.kill('SIGTERM');
    await exited;
    // kcarbon: MCP 서버 수신 중: http://127.0.0.1:PORT/mcp (기존 SSE: /sse, 상태 확인: /healthz; 허용하는 Host: ...)
    expect(stderr).toMatch(
      /^kcarbon: MCP \uc11c\ubc84 \uc218\uc2e0 \uc911: http:\/\/127\.0\.0\.1:\d+\/mcp \(\uae30\uc874 SSE: \/sse, \uc0c1\ud0dc \ud655\uc778: \/healthz; \ud5c8\uc6a9\ud558\ub294 Host: 127\.0\.0\.1, localhost, \[::1\]\)\n$/,
    );
  });
});

describe('http start-up errors', () => {
  it('a port already in use is one usage error line with a hint (exit 2)', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as net.AddressInfo;
    try {
      const r = await spawnCli(
        ['serve', '--mcp', '--demo', '--transport', 'http', '--port', String(port)],
        childEnv(),
      );
      expect(r.code).toBe(2);
      const lines = r.stderr.split('\n').filter(Boolean);
      expect(lines).toEqual([
        `kcarbon: error: port ${port} on 127.0.0.1 is already in use — pick another --port, or --port 0 for any free port`,
      ]);
      expect(r.stdout).toBe('');
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });

  it('an address this machine does not have is one usage error line too', async () => {
    const r = await spawnCli(
      ['serve', '--mcp', '--demo', '--transport', 'http', '--host', '192.0.2.1', '--port', '0'],
      childEnv({ KCARBON_MCP_TOKEN: 'a-test-token-of-32-characters-xx' }),
    );
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'kcarbon: error: address 192.0.2.1 is not available on this machine — pass one of its addresses with --host, or 127.0.0.1 (the default)',
    ]);
  });

  it('listenOn: `::` falls back to every IPv4 interface on a kernel without IPv6, and only then', async () => {
    const errno = (code: string) => Object.assign(new Error(`listen ${code} ::`), { code });
    // A real server whose IPv6 socket fails as on a kernel booted with ipv6.disable=1 (or with `fail`).
    const server = (fail: string) => {
      const real = net.createServer((socket) => socket.end('ok'));
      const tried: string[] = [];
      const listener = {
        once: (e: 'error', f: (err: Error) => void) => real.once(e, f),
        off: (e: 'error', f: (err: Error) => void) => real.off(e, f),
        listen(port: number, host: string, done: () => void) {
          tried.push(host);
          if (host === '::') process.nextTick(() => real.emit('error', errno(fail)));
          else real.listen(port, host, done);
        },
      };
      return { real, tried, listener };
    };
    const v4 = server('EAFNOSUPPORT');
    await listenOn(v4.listener, 0, '::');
    try {
      expect(v4.tried).toEqual(['::', '0.0.0.0']);
      expect(v4.real.address()).toMatchObject({ address: '0.0.0.0' });
      const port = (v4.real.address() as net.AddressInfo).port;
      const answer = await new Promise<string>((resolve, reject) => {
        const c = net.connect(port, '127.0.0.1');
        let got = '';
        c.on('data', (d) => {
          got += d;
        });
        c.on('end', () => resolve(got));
        c.on('error', reject);
      });
      expect(answer).toBe('ok');
    } finally {
      v4.real.close();
    }
    // Any other failure is the user's to see (listenError words it), with no second try.
    const busy = server('EADDRINUSE');
    await expect(listenOn(busy.listener, 0, '::')).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(busy.tried).toEqual(['::']);
  });

  it('listenError: EACCES hints at privileged ports; other errors pass through unchanged', () => {
    const errno = (code: string) => Object.assign(new Error(`listen ${code}`), { code });
    const denied = listenError(errno('EACCES'), '0.0.0.0', 80);
    expect(denied).toBeInstanceOf(UsageError);
    expect((denied as UsageError).message).toBe('permission denied to listen on port 80 on 0.0.0.0');
    expect((denied as UsageError).hint).toMatch(/below 1024 need privileges.*--port 0/);
    const v6 = listenError(errno('EADDRINUSE'), '::1', 8000) as UsageError;
    expect(v6.message).toBe('port 8000 on [::1] is already in use');
    const other = errno('EMFILE');
    expect(listenError(other, '127.0.0.1', 8000)).toBe(other);
  });
});
