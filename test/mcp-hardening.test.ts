/**
 * MCP inputs and the HTTP front: closed tool schemas with bounded strings, an unknown parameter named in a tool
 * error, 401 only on MCP endpoints (plain 404 for OAuth discovery), origins checked at start, session cap and
 * idle timeout; tool calls taking turns on the event loop; the JSON-or-stream choice of an answer.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllowedHosts, parseAllowedOrigins } from '../src/cli/serve.js';
import { SPECS as COMMANDS } from '../src/commands/all.js';
import { answerJsonWhenNoProgress, wantsJsonAnswer } from '../src/mcp/json-answers.js';
import { MCP_MAX_STRING, mcpInputSchema } from '../src/mcp/tools.js';
import { nextTurn } from '../src/mcp/turns.js';
import { cli } from './support/cli.js';
import {
  AT,
  type Connected,
  connectStdio,
  type HttpServe,
  INITIALIZE,
  POST_HEADERS,
  rawRequest,
  serveExit,
  startHttpServe,
} from './support/mcp.js';

const TOKEN = 'kcarbon-hardening-token-0123456789';
let dir: string;
let locked: HttpServe;
let capped: HttpServe;
let stdio: Connected;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kcarbon-mcp-hard-'));
  writeFileSync(join(dir, 'token'), `${TOKEN}\n`);
  [locked, capped, stdio] = await Promise.all([
    startHttpServe(['--demo', '--token-file', join(dir, 'token')]),
    startHttpServe(['--demo', '--max-sessions', '1', '--session-idle', '1s']),
    connectStdio(['--demo', '--at', AT]),
  ]);
});

afterAll(async () => {
  await Promise.all([locked?.stop(), capped?.stop(), stdio?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

type JsonSchema = {
  enum?: unknown[];
  type?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: unknown;
  maxLength?: number;
};

describe('tool inputs', () => {
  it('every tool input is closed and every string bounded (as listed to clients)', async () => {
    const { tools } = await stdio.client.listTools();
    expect(tools).toHaveLength(COMMANDS.length);
    for (const t of tools) {
      const schema = t.inputSchema as JsonSchema;
      expect(schema.additionalProperties, t.name).toBe(false);
      for (const [k, p] of Object.entries(schema.properties ?? {})) {
        // Enums are bounded by their values; every free string has a maxLength.
        if (p.type === 'string' && !p.enum)
          expect(p.maxLength, `${t.name}.${k}`).toBeLessThanOrEqual(MCP_MAX_STRING);
      }
    }
  });

  it('descriptions survive the bounds', () => {
    for (const spec of COMMANDS) {
      const before = spec.input.shape as Record<string, { description?: string }>;
      const after = mcpInputSchema(spec).shape as Record<string, { description?: string }>;
      for (const k of Object.keys(before))
        expect(after[k]!.description, `${spec.tool}.${k}`).toBe(before[k]!.description);
    }
  });

  it('a misspelt parameter is a tool error naming it and the valid ones', async () => {
    const r = await stdio.client.callTool({
      name: 'list_top_power_consumers',
      arguments: { namepsace: 'ai-team', limit: 1 },
    });
    expect(r.isError).toBe(true);
    const text = (r.content as { text: string }[])[0]!.text;
    expect(text).toMatch(
      /unknown parameter 'namepsace' for list_top_power_consumers; valid parameters: .*namespace/,
    );
  });

  it('watts and kg figures are bounded (1e-6 to 1e9): a tool error naming the argument, exit 2 on the CLI', async () => {
    // Before, 2e305 W gave an output validation error (threshold_watts Infinity) and a 1e-320 W budget gap_percent
    // Infinity (null on the CLI).
    const cases: [string, Record<string, unknown>, string, string[]][] = [
      [
        'identify_power_hotspots',
        { power_threshold_watts: 2e305 },
        'power_threshold_watts',
        ['hotspots', '--threshold', '2e305'],
      ],
      ['list_workloads_by_compliance', { max_watts: 1e-320 }, 'max_watts', ['list', '--max-watts', '1e-320']],
      [
        'list_workloads_by_compliance',
        { max_kg_month: 1e10 },
        'max_kg_month',
        ['list', '--max-kg-month', '1e10'],
      ],
      [
        'assess_workload_compliance',
        { workload_name: 'jupyter', max_watts: 2e9 },
        'max_watts',
        ['assess', 'jupyter', '--max-watts', '2e9'],
      ],
    ];
    for (const [name, args, key, argv] of cases) {
      const r = await stdio.client.callTool({ name, arguments: args });
      const text = (r.content as { text: string }[])[0]!.text;
      expect(r.isError, name).toBe(true);
      expect(text, name).toMatch(new RegExp(`expected number to be (<=1000000000|>=0\\.000001) at ${key}`));
      const c = await cli([...argv, '--demo', '--at', AT]);
      expect(c.code, argv.join(' ')).toBe(2);
      expect(c.stderr, argv.join(' ')).toMatch(/expected number to be (<=1000000000|>=0\.000001)/);
    }
    // The bounds themselves are figures the results carry as numbers.
    const edge = await stdio.client.callTool({
      name: 'list_workloads_by_compliance',
      arguments: { max_watts: 1e-6, max_kg_month: 1e9 },
    });
    expect(edge.isError ?? false).toBe(false);
    const json = JSON.stringify(edge.structuredContent);
    expect(json).toMatch(/"gap_percent":\d/);
    expect(json).not.toMatch(/"gap_percent":null/);
  });

  it('an over-long string is refused', async () => {
    const r = await stdio.client.callTool({
      name: 'assess_workload_compliance',
      arguments: { workload_name: 'x'.repeat(MCP_MAX_STRING + 1) },
    });
    expect(r.isError).toBe(true);
  });
});

describe('HTTP front', () => {
  it('OAuth discovery paths are a plain 404, not 401, even with a token configured', async () => {
    for (const path of [
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-authorization-server',
      '/favicon.ico',
    ]) {
      const r = await rawRequest({ port: locked.port, method: 'GET', path });
      expect(r.status, path).toBe(404);
      expect(r.headers['www-authenticate'], path).toBeUndefined();
      expect(r.headers['content-type']).toMatch(/text\/plain/);
    }
    const mcp = await rawRequest({ port: locked.port, headers: POST_HEADERS, body: INITIALIZE });
    expect(mcp.status).toBe(401);
  });

  it('the start-up line says which Host names are accepted', () => {
    expect(locked.stderr()).toMatch(/Host accepted: .*127\.0\.0\.1.*localhost/);
  });

  it('--max-sessions caps open sessions with 503; --session-idle closes an idle one', async () => {
    const first = await rawRequest({ port: capped.port, headers: POST_HEADERS, body: INITIALIZE });
    expect(first.status).toBe(200);
    const sid = first.headers['mcp-session-id'] as string;
    const second = await rawRequest({ port: capped.port, headers: POST_HEADERS, body: INITIALIZE });
    expect(second.status).toBe(503);
    expect(second.body).toMatch(/Too many sessions \(1\)/);
    // Wait for the idle sweep (readiness, not a fixed sleep): the session ends, a new one can start.
    const deadline = Date.now() + 30_000;
    let status = 503;
    while (Date.now() < deadline && status !== 200) {
      await new Promise((r) => setTimeout(r, 200));
      status = (await rawRequest({ port: capped.port, headers: POST_HEADERS, body: INITIALIZE })).status;
    }
    expect(status).toBe(200);
    const old = await rawRequest({
      port: capped.port,
      headers: { ...POST_HEADERS, 'Mcp-Session-Id': sid },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(old.status).toBe(404);
  });
});

describe('event loop and answers', () => {
  it('tool calls take turns: one per loop iteration, so other callbacks run between two calls', async () => {
    const order: string[] = [];
    const turns = [1, 2, 3].map((i) =>
      nextTurn().then(() => {
        order.push(`call ${i}`);
        if (i === 1) setImmediate(() => order.push('later callback'));
      }),
    );
    setImmediate(() => order.push('callback'));
    await Promise.all(turns);
    expect(order).toEqual(['call 1', 'callback', 'call 2', 'later callback', 'call 3']);
  });

  it('a JSON body for a request without a progress token; a stream otherwise; an unknown SDK is left alone', () => {
    const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'x' } };
    expect(wantsJsonAnswer(call)).toBe(true);
    expect(wantsJsonAnswer({ ...call, params: { name: 'x', _meta: { progressToken: 1 } } })).toBe(false);
    expect(wantsJsonAnswer({ ...call, method: 'initialize' })).toBe(false);
    expect(wantsJsonAnswer([call])).toBe(false);
    expect(wantsJsonAnswer({ jsonrpc: '2.0', method: 'notifications/initialized' })).toBe(false);
    const unknown = { _webStandardTransport: { send: () => {} } };
    answerJsonWhenNoProgress(unknown as never);
    expect(Object.keys(unknown._webStandardTransport)).toEqual(['send']);
  });
});

describe('--allowed-origins', () => {
  it('accepts origins and refuses wildcards, bare hosts and paths', () => {
    expect(parseAllowedOrigins('https://a.example, http://localhost:6274/')).toEqual([
      'https://a.example',
      'http://localhost:6274',
    ]);
    for (const bad of ['*', 'a.example', 'https://a.example/path', 'ftp://a.example', 'https://*.example'])
      expect(() => parseAllowedOrigins(bad), bad).toThrow(/not an origin/);
  });

  it('a --source path missing at start is said then (a warning: a collector may write the dumps later)', async () => {
    // stdio with stdin closed: the server starts, says what it found, and ends.
    const r = await serveExit(['--source', '/nonexistent/kcarbon/node.prom']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'kcarbon: warning: cannot read --source /nonexistent/kcarbon/node.prom: no such file or directory',
    );
    expect(r.stderr).toContain('tool calls fail until it is there');
    expect(r.stderr).toContain('MCP server ready on stdio');
  });

  it('an invalid entry stops serve at start with exit 2', async () => {
    const r = await serveExit(['--transport', 'http', '--port', '0', '--demo', '--allowed-origins', '*']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--allowed-origins entry '\*' is not an origin/);
  });
});

describe('--allowed-hosts', () => {
  it('accepts host names, IP addresses and host:port; refuses URLs, paths, wildcards and empty entries', () => {
    expect(parseAllowedHosts('kcarbon.example.com, a.internal:8443,10.0.0.7,[::1]:8000,fd00::1')).toEqual([
      'kcarbon.example.com',
      'a.internal:8443',
      '10.0.0.7',
      '[::1]:8000',
      'fd00::1',
    ]);
    // Before, https://kcarbon.example.com was accepted and allowed the Host 'https'.
    for (const bad of [
      'https://kcarbon.example.com',
      'a.example/mcp',
      '*.example.com',
      '*',
      'a.example:99999',
      '',
    ])
      expect(() => parseAllowedHosts(bad), bad).toThrow(/is not a host name/);
    expect(() => parseAllowedHosts('a.example,,b.example')).toThrow(/entry '' is not a host name/);
  });

  it('a URL stops serve at start with exit 2 and one line saying to give just its host', async () => {
    const r = await serveExit([
      '--transport',
      'http',
      '--port',
      '0',
      '--demo',
      '--allowed-hosts',
      'https://kcarbon.example.com',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      "kcarbon: error: --allowed-hosts entry 'https://kcarbon.example.com' is not a host name — give just the host of the URL: --allowed-hosts kcarbon.example.com",
    ]);
  });
});
