/**
 * `kcarbon serve --mcp --transport http`: Host/Origin validation, bearer token, body cap, sessions,
 * health check and start-up refusals, with raw node:http requests where the SDK client (or fetch)
 * cannot express the case. After every bad request the server still answers a good one.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from './support/cli.js';
import {
  AT,
  childEnv,
  connectHttp,
  connectSse,
  type HttpServe,
  INITIALIZE,
  POST_HEADERS,
  rawRequest,
  serveExit,
  startHttpServe,
} from './support/mcp.js';
import { startServer } from './support/servers.js';

const TOKEN = 'kcarbon-test-token-0123456789abcdef';
let dir: string;
let open: HttpServe;
let locked: HttpServe;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kcarbon-mcp-'));
  writeFileSync(join(dir, 'token'), `${TOKEN}\n`);
  [open, locked] = await Promise.all([
    startHttpServe([
      '--demo',
      '--at',
      AT,
      '--allowed-hosts',
      'kcarbon.internal',
      '--allowed-origins',
      'https://app.example.com',
    ]),
    startHttpServe(['--demo', '--token-file', join(dir, 'token')]),
  ]);
});

afterAll(async () => {
  await Promise.all([open?.stop(), locked?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

/** A full good round trip: initialize, list tools, call one. */
async function works(base: string, headers: Record<string, string> = {}): Promise<void> {
  const c = await connectHttp(base, headers);
  try {
    const r = await c.client.callTool({ name: 'list_top_power_consumers', arguments: { limit: 1 } });
    expect(r.isError ?? false).toBe(false);
  } finally {
    await c.close();
  }
}

const init = (port: number, headers: Record<string, string> = {}) =>
  rawRequest({ port, headers: { ...POST_HEADERS, ...headers }, body: INITIALIZE });

describe('Host and Origin', () => {
  it('refuses a Host that is not allowed (DNS rebinding) with 403', async () => {
    const r = await init(open.port, { Host: `evil.example.com:${open.port}` });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error.message).toMatch(/Host/);
  });

  it('allows loopback names and --allowed-hosts on any port', async () => {
    for (const host of [
      'localhost:1',
      `127.0.0.1:${open.port}`,
      '[::1]:9',
      'kcarbon.internal:8000',
      'KCARBON.internal',
    ]) {
      const r = await init(open.port, { Host: host });
      expect(r.status, host).toBe(200);
      expect(r.headers['mcp-session-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('refuses a foreign Origin with 403, allows loopback and --allowed-origins with CORS', async () => {
    for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example']) {
      const r = await init(open.port, { Origin: origin });
      expect(r.status, origin).toBe(403);
    }
    for (const origin of ['http://localhost:6274', 'http://127.0.0.1:5173', 'https://app.example.com']) {
      const r = await init(open.port, { Origin: origin });
      expect(r.status, origin).toBe(200);
      expect(r.headers['access-control-allow-origin']).toBe(origin);
      expect(r.headers['access-control-expose-headers']).toMatch(/Mcp-Session-Id/);
    }
    const preflight = await rawRequest({
      port: open.port,
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Mcp-Session-Id/);
  });
});

describe('bearer token', () => {
  it('401 with WWW-Authenticate: Bearer without a token or with a wrong one', async () => {
    const none = await init(locked.port);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    const wrong = await init(locked.port, { Authorization: `Bearer ${TOKEN}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toMatch(/invalid_token/);
    const basic = await init(locked.port, {
      Authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`,
    });
    expect(basic.status).toBe(401);
    for (const path of ['/sse', `/messages?sessionId=x`]) {
      const r = await rawRequest({ port: locked.port, method: path === '/sse' ? 'GET' : 'POST', path });
      expect(r.status, path).toBe(401);
    }
  });

  it('the right token works over Streamable HTTP and SSE; /healthz needs none', async () => {
    await works(locked.base, { Authorization: `Bearer ${TOKEN}` });
    const sse = await connectSse(locked.base, { Authorization: `Bearer ${TOKEN}` });
    try {
      expect((await sse.client.listTools()).tools.length).toBeGreaterThan(0);
    } finally {
      await sse.close();
    }
    const health = await rawRequest({ port: locked.port, method: 'GET', path: '/healthz' });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
  });
});

describe('requests the server refuses, and keeps serving after', () => {
  it('413 for a body over 1 MiB', async () => {
    const big = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'ping',
      params: { pad: 'x'.repeat(1_100_000) },
    });
    const r = await rawRequest({ port: open.port, headers: POST_HEADERS, body: big });
    expect(r.status).toBe(413);
    const chunked = await rawRequest({
      port: open.port,
      headers: { ...POST_HEADERS, 'Transfer-Encoding': 'chunked' },
      body: big,
    });
    expect(chunked.status).toBe(413);
  });

  it('400 for malformed JSON, 400 without a session, 404 for an unknown session', async () => {
    expect((await rawRequest({ port: open.port, headers: POST_HEADERS, body: '{"jsonrpc":' })).status).toBe(
      400,
    );
    const noSession = await rawRequest({
      port: open.port,
      headers: POST_HEADERS,
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(noSession.status).toBe(400);
    const unknown = await rawRequest({
      port: open.port,
      headers: { ...POST_HEADERS, 'Mcp-Session-Id': '00000000-0000-4000-8000-000000000000' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list' }),
    });
    expect(unknown.status).toBe(404);
    const unknownSse = await rawRequest({
      port: open.port,
      path: '/messages?sessionId=nope',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(unknownSse.status).toBe(404);
    expect((await rawRequest({ port: open.port, method: 'GET', path: '/nope' })).status).toBe(404);
  });

  it('a deleted session is gone (404)', async () => {
    const r = await init(open.port);
    const sid = r.headers['mcp-session-id'] as string;
    const del = await rawRequest({ port: open.port, method: 'DELETE', headers: { 'Mcp-Session-Id': sid } });
    expect(del.status).toBe(200);
    const after = await rawRequest({
      port: open.port,
      headers: { ...POST_HEADERS, 'Mcp-Session-Id': sid },
      body: JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'tools/list' }),
    });
    expect(after.status).toBe(404);
  });

  it('unknown tool is an isError result, unknown resource an McpError, then a good call succeeds', async () => {
    const c = await connectHttp(open.base);
    try {
      const r = await c.client.callTool({ name: 'no_such_tool', arguments: {} });
      expect(r.isError).toBe(true);
      const err = await c.client.readResource({ uri: 'carbon-intensity://nowhere' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(McpError);
      expect((err as McpError).code).toBe(-32002);
      const good = await c.client.callTool({ name: 'get_power_consumption_summary', arguments: {} });
      expect(good.isError ?? false).toBe(false);
    } finally {
      await c.close();
    }
    await works(open.base);
  });
});

/** A tools/call POSTed raw on session `sid`; `progressToken` asks for progress notifications. */
const call = (port: number, sid: string | undefined, id: number, progressToken?: number) =>
  rawRequest({
    port,
    headers: {
      ...POST_HEADERS,
      'Mcp-Protocol-Version': '2025-06-18',
      ...(sid ? { 'Mcp-Session-Id': sid } : {}),
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: {
        name: 'get_power_consumption_summary',
        arguments: {},
        ...(progressToken === undefined ? {} : { _meta: { progressToken } }),
      },
    }),
  });

describe('answers as JSON or as an SSE stream', () => {
  /** The result of a JSON-RPC response: its text block is the JSON of its structuredContent. */
  function resultOf(message: {
    id: number;
    result: { content: { text: string }[]; structuredContent: unknown };
  }) {
    expect(JSON.parse(message.result.content[0]!.text)).toEqual(message.result.structuredContent);
    return message;
  }

  it('a call without a progress token gets one JSON body; with one, an SSE stream with its progress', async () => {
    const sid = (await init(open.port)).headers['mcp-session-id'] as string;
    const plain = await call(open.port, sid, 2);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toMatch(/^application\/json/);
    expect(resultOf(JSON.parse(plain.body)).id).toBe(2);

    const streamed = await call(open.port, sid, 3, 7);
    expect(streamed.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = streamed.body
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => JSON.parse(l.slice('data: '.length)));
    const progress = events.filter((e) => e.method === 'notifications/progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((e) => e.params.progressToken === 7)).toBe(true);
    expect(resultOf(events.at(-1)).id).toBe(3);
    // Both kinds of answer carry the same result (the metrics may have been read again in between).
    const unread = (text: string) =>
      JSON.parse(text, (key, v) => (key === 'captured_at' ? undefined : v)).result.structuredContent;
    expect(unread(JSON.stringify(events.at(-1)))).toEqual(unread(plain.body));
  });

  it('stateless mode answers the same way', async () => {
    const s = await startHttpServe(['--demo', '--at', AT, '--stateless']);
    try {
      const plain = await call(s.port, undefined, 1);
      expect(plain.headers['content-type']).toMatch(/^application\/json/);
      resultOf(JSON.parse(plain.body));
      const streamed = await call(s.port, undefined, 2, 1);
      expect(streamed.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(streamed.body).toContain('notifications/progress');
    } finally {
      await s.stop();
    }
  });
});

describe('stateless mode', () => {
  it('serves POST without sessions and answers GET with 405', async () => {
    const s = await startHttpServe(['--demo', '--stateless']);
    try {
      await works(s.base);
      const r = await init(s.port);
      expect(r.status).toBe(200);
      expect(r.headers['mcp-session-id']).toBeUndefined();
      const get = await rawRequest({ port: s.port, method: 'GET', headers: { Accept: 'text/event-stream' } });
      expect(get.status).toBe(405);
    } finally {
      await s.stop();
    }
  });
});

describe('start-up', () => {
  it('refuses a non-loopback bind without a token: exit 2, one line', async () => {
    const r = await serveExit(['--transport', 'http', '--host', '0.0.0.0', '--port', '0', '--demo']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/refusing to serve MCP on 0\.0\.0\.0 without a bearer token/);
    const viaEnv = await serveExit(['--port', '0', '--demo'], { MCP_TRANSPORT: 'http', HOST: '0.0.0.0' });
    expect(viaEnv.code).toBe(2);
  });

  it('binds a non-loopback address with a token (KCARBON_MCP_TOKEN), and requires it', async () => {
    const s = await startHttpServe(['--host', '0.0.0.0', '--demo'], { KCARBON_MCP_TOKEN: TOKEN });
    try {
      expect((await init(s.port)).status).toBe(401);
      await works(`http://127.0.0.1:${s.port}`, { Authorization: `Bearer ${TOKEN}` });
    } finally {
      expect(await s.stop()).toBe(0);
    }
  });

  it('--host :: serves IPv6 and IPv4 clients (the deploy kit binds it: single-stack IPv6 clusters)', async () => {
    const s = await startHttpServe(['--host', '::', '--demo'], { KCARBON_MCP_TOKEN: TOKEN });
    try {
      expect(s.stderr()).toContain(`http://[::]:${s.port}/mcp`);
      await works(`http://127.0.0.1:${s.port}`, { Authorization: `Bearer ${TOKEN}` });
      await works(`http://[::1]:${s.port}`, { Authorization: `Bearer ${TOKEN}` });
    } finally {
      expect(await s.stop()).toBe(0);
    }
  });

  it('usage errors exit 2 with one line: no --mcp, no metrics source, stdin source, bad transport or port', async () => {
    const cases = [
      ['serve', '--demo'],
      ['serve', '--mcp'],
      ['serve', '--mcp', '--source', '-'],
      ['serve', '--mcp', '--demo', '--transport', 'carrier-pigeon'],
      ['serve', '--mcp', '--demo', '--transport', 'http', '--port', '70000'],
      ['serve', '--mcp', '--demo', '--transport', 'http', '--token-file', join(dir, 'missing')],
    ];
    const runs = await Promise.all(cases.map((args) => spawnCli(args, childEnv())));
    runs.forEach((r, i) => {
      const what = cases[i]!.join(' ');
      expect(r.code, what).toBe(2);
      expect(r.stderr.trim().split('\n'), what).toHaveLength(1);
      expect(r.stdout, what).toBe('');
    });
  });
});

describe('settings every tool call would refuse', () => {
  it("stop serve at start with the CLI's one-line error (exit 2): unknown --grid, --window without --prometheus, --sample short or with files", async () => {
    // Before, the server started ("MCP server ready") and every tool call failed with these errors.
    const cases = [
      ['--demo', '--grid', 'nope'],
      ['--demo', '--window', '1h'],
      ['--demo', '--sample', '1s'],
      ['--source', fileURLToPath(new URL('../fixtures/demo/', import.meta.url)), '--sample', '5s'],
    ];
    const runs = await Promise.all(
      cases.map((flags) =>
        Promise.all([serveExit(flags), spawnCli(['list', '-A', ...flags, '--at', AT], childEnv())]),
      ),
    );
    runs.forEach(([served, cli], i) => {
      const what = cases[i]!.join(' ');
      expect(cli.code, what).toBe(2);
      expect(served.code, what).toBe(2);
      expect(served.stderr.trim().split('\n'), what).toEqual([cli.stderr.trim()]);
    });
  });
});

describe('a cancelled call', () => {
  it('ends the POST that carried it (SSE stream or pending JSON answer): no response, and the session can go idle', async () => {
    // A Kepler source that does not answer while the test runs: the call is still reading it when cancelled.
    const held: import('node:http').ServerResponse[] = [];
    const slow = await startServer((_req, res) => {
      held.push(res);
    });
    const serve = await startHttpServe(['--source', slow.url(), '--timeout', '120s', '--retries', '0']);
    try {
      const sid = (await init(serve.port)).headers['mcp-session-id'] as string;
      const headers = { ...POST_HEADERS, 'Mcp-Protocol-Version': '2025-06-18', 'Mcp-Session-Id': sid };
      for (const [id, progressToken] of [
        [11, 5],
        [12, undefined],
      ] as const) {
        const pending = call(serve.port, sid, id, progressToken);
        // (The server may share one read of the source between calls: any held request will do.) The cancel is
        // sent again until the call is known to the server and ends (a cancel for an unknown id is ignored): no
        // timing assumed. Before this change it never ended.
        while (held.length === 0) await new Promise((r) => setTimeout(r, 20));
        let done = false;
        const ended = pending.then((r) => {
          done = true;
          return r;
        });
        for (let i = 0; i < 150 && !done; i++) {
          const cancel = await rawRequest({
            port: serve.port,
            headers,
            body: JSON.stringify({
              jsonrpc: '2.0',
              method: 'notifications/cancelled',
              params: { requestId: id, reason: 'user stopped it' },
            }),
          });
          expect(cancel.status).toBe(202);
          await Promise.race([ended, new Promise((r) => setTimeout(r, 200))]);
        }
        expect(done).toBe(true);
        const r = await ended;
        expect([200, 202]).toContain(r.status);
        expect(r.body).not.toMatch(new RegExp(`"id":${id},"(result|error)"`));
      }
      // The session still serves.
      const ping = await rawRequest({
        port: serve.port,
        headers,
        body: JSON.stringify({ jsonrpc: '2.0', id: 13, method: 'ping' }),
      });
      expect(ping.status).toBe(200);
    } finally {
      for (const res of held) res.destroy();
      await serve.stop();
      await slow.close();
    }
  }, 60_000);
});
