/**
 * MCP test clients against the BUILT CLI (run `npm run build` first): stdio, Streamable HTTP and SSE
 * clients from the SDK, a raw node:http request for the cases fetch cannot express (Host, Origin,
 * oversized bodies), and the CLI argv equivalent to a tool call, built from the spec's declarations.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { GLOBAL_OPTIONS } from '../../src/cli/global-options.js';
import { longFlag } from '../../src/cli/input.js';
import type { CommandSpec } from '../../src/commands/types.js';
import { BIN, spawnCli } from './cli.js';

export { BIN };

/** The fixed assessment time both sides use, so time-dependent figures agree. */
export const AT = '2026-01-15T05:00:00Z';

/** One input per original tool (the parameter names are the original's). */
export const TOOL_INPUTS: Record<string, Record<string, unknown>> = {
  assess_workload_compliance: { workload_name: 'ml-training-job', namespace: 'ai-team' },
  compare_optimization_impact: {
    workload_name: 'ml-training-job',
    namespace: 'ai-team',
    optimizations: ['temporal_shift', 'resource_rightsizing'],
  },
  list_workloads_by_compliance: { namespace: 'production' },
  get_regional_comparison: {
    workload_name: 'web-frontend',
    namespace: 'production',
    comparison_regions: ['us-east-1', 'eu-north-1'],
  },
  calculate_optimal_schedule: { workload_name: 'batch-job', namespace: 'batch', duration_hours: 4 },
  identify_power_hotspots: { power_threshold_watts: 5 },
  list_top_power_consumers: { limit: 5 },
  get_power_consumption_summary: { namespace: 'ai-team' },
};

export const ORIGINAL_TOOLS = Object.keys(TOOL_INPUTS);

/** Environment for child processes: no inherited KEPLER_* / KCARBON_* / HOST / PORT surprises. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): Record<string, string> {
  const env: Record<string, string> = { NO_COLOR: '1' };
  if (process.env.PATH) env.PATH = process.env.PATH;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

// ---------------------------------------------------------------------------------------------
// CLI equivalent of a tool call

/** `kcarbon <command> ...` for a tool input, from the spec's `args` and `options` (and -n for namespace). */
export function cliArgv(spec: CommandSpec, input: Record<string, unknown>): string[] {
  const positional: string[] = [];
  const flags: string[] = [];
  for (const a of spec.args) {
    const v = input[a.key];
    if (v !== undefined) positional.push(String(v));
  }
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || spec.args.some((a) => a.key === key)) continue;
    const opt = spec.options.find(
      (o) => o.key === key && (o.value === undefined || JSON.stringify(o.value) === JSON.stringify(value)),
    );
    if (opt) {
      flags.push(longFlag(opt.flags));
      if (opt.value === undefined) flags.push(Array.isArray(value) ? value.join(',') : String(value));
    } else if (key === 'namespace' && 'namespace' in spec.input.shape) {
      flags.push('-n', String(value));
    } else {
      throw new Error(`${spec.name}: no CLI option declared for input '${key}'`);
    }
  }
  const source = spec.readsMetrics ? ['--demo'] : [];
  const at = cliAcceptsAt(spec) ? ['--at', AT] : [];
  return [...spec.name.split(' '), ...positional, ...flags, ...source, ...at, '--json'];
}

/** Whether `kcarbon <command>` takes --at (program.ts offers metrics-only options to metrics commands only). */
export function cliAcceptsAt(spec: CommandSpec): boolean {
  const at = GLOBAL_OPTIONS.find((g) => longFlag(g.flags) === '--at');
  return at !== undefined && (spec.readsMetrics || !at.metrics);
}

/** The JSON `kcarbon <command> --json` prints for a tool input (exit 0 or 1 = findings). */
export async function cliJson(spec: CommandSpec, input: Record<string, unknown>): Promise<unknown> {
  const argv = cliArgv(spec, input);
  const r = await spawnCli(argv, childEnv());
  if (r.code !== 0 && r.code !== 1) {
    throw new Error(`kcarbon ${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
  }
  return JSON.parse(r.stdout);
}

/**
 * Drops what legitimately differs between two runs: when the metrics were read, and the run time of a
 * command that cannot take --at on the CLI.
 */
export function withoutReadTime(value: unknown, spec: CommandSpec): unknown {
  const copy = JSON.parse(JSON.stringify(value), (key, v) => (key === 'captured_at' ? undefined : v));
  if (!cliAcceptsAt(spec) && copy && typeof copy === 'object') delete copy.timestamp;
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Clients

export interface Connected {
  client: Client;
  close(): Promise<void>;
}

export function newClient(): Client {
  return new Client({ name: 'kcarbon-test', version: '0' });
}

export interface StdioConnected extends Connected {
  stderr(): string;
}

/** `kcarbon serve --mcp <args>` over stdio (the Claude Desktop way). */
export async function connectStdio(args: string[], env: NodeJS.ProcessEnv = {}): Promise<StdioConnected> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'serve', '--mcp', ...args],
    env: childEnv(env),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d) => {
    stderr += d;
  });
  const client = newClient();
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

export async function connectHttp(base: string, headers: Record<string, string> = {}): Promise<Connected> {
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', base), { requestInit: { headers } });
  const client = newClient();
  await client.connect(transport);
  return {
    client,
    close: async () => {
      await transport.terminateSession().catch(() => {});
      await client.close();
    },
  };
}

export async function connectSse(base: string, headers: Record<string, string> = {}): Promise<Connected> {
  const transport = new SSEClientTransport(new URL('/sse', base), { requestInit: { headers } });
  const client = newClient();
  await client.connect(transport);
  return { client, close: () => client.close() };
}

// ---------------------------------------------------------------------------------------------
// The HTTP server as a child process

export interface HttpServe {
  /** http://127.0.0.1:PORT */
  base: string;
  port: number;
  child: ChildProcess;
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

const LISTENING = /MCP server listening on (http:\/\/\S+?)\/mcp/;

/** Spawns `kcarbon serve --mcp --transport http --port 0 <args>` and waits for the address on stderr. */
export function startHttpServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<HttpServe> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--mcp', '--transport', 'http', '--port', '0', ...args],
    {
      env: childEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  let stdout = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    // Ready when the listening line appears (or failed when the child exits): no clock of our own, the
    // test's hook timeout is the only guard against a hang, so a slow start on a busy machine still passes.
    child.stdout!.on('data', (d) => {
      stdout += d;
    });
    child.stderr!.on('data', (d) => {
      stderr += d;
      const m = LISTENING.exec(stderr);
      if (m) {
        const base = m[1]!;
        resolve({
          base,
          port: Number(new URL(base).port),
          child,
          stderr: () => stderr,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    child.once('exit', (code) => {
      reject(new Error(`serve exited ${code} before listening: ${stderr}${stdout}`));
    });
  });
}

/** Spawn serve and wait for it to exit (for start-up refusals). */
export function serveExit(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stderr: string }> {
  return spawnCli(['serve', '--mcp', ...args], childEnv(env)).then((r) => ({
    code: r.code,
    stderr: r.stderr,
  }));
}

// ---------------------------------------------------------------------------------------------
// Raw HTTP

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function rawRequest(opts: {
  port: number;
  method?: string;
  path?: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: opts.port,
        method: opts.method ?? 'POST',
        path: opts.path ?? '/mcp',
        headers: opts.headers,
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

export const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
});

/** Headers a Streamable HTTP POST needs. */
export const POST_HEADERS = {
  'Content-Type': 'application/json',
  Accept: 'application/json, text/event-stream',
};
