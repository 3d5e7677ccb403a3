/**
 * The HTTP front of `kcarbon serve --mcp --transport http`: one node:http server with
 *
 *   /mcp       Streamable HTTP (stateful sessions, or --stateless: a server per request)
 *   /sse       legacy HTTP+SSE stream (protocol 2024-11-05), messages POSTed to /messages?sessionId=...
 *   /healthz   liveness: {"status":"ok"}, no data, no checks (for kubelet probes)
 *
 * Every other request passes, in order: Host allow-list (port-agnostic; blocks DNS rebinding),
 * Origin check (absent, loopback or --allowed-origins, else 403), bearer token when configured
 * (constant-time, 401 + WWW-Authenticate), and a body cap (413). The SDK's own 4 MiB cap is skipped
 * because we hand it the parsed body, so the cap here is the only one.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { msg, UsageError } from '../errors.js';
import { answerJsonWhenNoProgress, handleDirect, wantsJsonAnswer } from './json-answers.js';
import { nextTurn } from './turns.js';
import type { ServerLog } from './types.js';

export const MCP_PATH = '/mcp';
export const SSE_PATH = '/sse';
export const MESSAGES_PATH = '/messages';
export const HEALTH_PATH = '/healthz';
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface HttpServerOptions {
  host: string;
  port: number;
  stateless: boolean;
  /** Bearer token every request must carry (except /healthz); undefined = no token (loopback only). */
  token?: string;
  /** Extra origins allowed besides loopback ones, e.g. https://inspector.example.com */
  allowedOrigins: string[];
  /** Extra Host names allowed besides 127.0.0.1, localhost and [::1] (port-agnostic). */
  allowedHosts: string[];
  maxBodyBytes?: number;
  /** Sessions idle this long (no request in flight) are closed; default 30 min. */
  sessionIdleMs?: number;
  /** Open sessions (Streamable HTTP + SSE) at most; default 100. */
  maxSessions?: number;
  createServer: () => McpServer;
  log: ServerLog;
}

export interface RunningHttpServer {
  /** Base URL, e.g. http://127.0.0.1:8000 */
  url: string;
  /** Host names accepted in the Host header (any port). */
  hosts: string[];
  port: number;
  close(): Promise<void>;
}

interface Session {
  transport: StreamableHTTPServerTransport | SSEServerTransport;
  close(): Promise<void>;
  lastSeen: number;
  /** Requests (or SSE streams) in flight: a session is idle only at 0. */
  active: number;
}

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** Host name of a Host header or host[:port] entry, lower case, IPv6 in brackets, no port. */
export function hostName(value: string): string {
  const v = value.trim().toLowerCase();
  if (v.startsWith('[')) {
    const end = v.indexOf(']');
    return end > 0 ? v.slice(0, end + 1) : v;
  }
  const colons = v.split(':').length - 1;
  if (colons === 1) return v.slice(0, v.indexOf(':')).replace(/\.$/, '');
  if (colons > 1) return `[${v}]`; // bare IPv6 literal in a config entry
  return v.replace(/\.$/, '');
}

/** Host names of this machine's interface addresses (IPv6 in brackets). */
function interfaceHosts(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? [])
      out.push(a.family === 'IPv6' ? `[${a.address.replace(/%.*$/, '')}]` : a.address);
  }
  return out;
}

export function isLoopbackOrigin(origin: string): boolean {
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && LOOPBACK_HOSTS.includes(u.hostname);
  } catch {
    return false;
  }
}

function normaliseOrigin(origin: string): string | undefined {
  try {
    const u = new URL(origin);
    return u.origin === 'null' ? undefined : u.origin;
  } catch {
    return undefined;
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function jsonRpcError(res: http.ServerResponse, status: number, code: number, message: string, headers = {}) {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(body);
}

type BodyResult = { ok: true; body: unknown } | { ok: false; status: number; message: string };

/**
 * Read and parse a JSON body of at most `limit` bytes. An oversized body is drained before the 413 is
 * sent, so the client reads the answer instead of a connection reset; past 8 x limit it is cut off.
 */
function readJsonBody(req: http.IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const tooLarge: BodyResult = {
      ok: false,
      status: 413,
      message: `Request body larger than ${limit} bytes`,
    };
    const declared = Number(req.headers['content-length']);
    const chunks: Buffer[] = [];
    let size = 0;
    let over = Number.isFinite(declared) && declared > limit;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (!over && size > limit) {
        over = true;
        chunks.length = 0;
      }
      if (!over) chunks.push(chunk);
      else if (size > limit * 8) {
        resolve(tooLarge);
        req.pause();
      }
    });
    const broken = (): void => resolve({ ok: false, status: 400, message: 'Request body could not be read' });
    req.on('error', broken);
    req.on('close', () => {
      if (!req.complete) broken();
    });
    req.on('end', () => {
      if (over) {
        resolve(tooLarge);
        return;
      }
      try {
        resolve({ ok: true, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      } catch {
        resolve({ ok: false, status: 400, message: 'Parse error: request body is not valid JSON' });
      }
    });
  });
}

/**
 * The usual reasons a listen fails, as one-line usage errors with what to do (exit 2); anything else
 * is returned as is.
 */
export function listenError(err: unknown, host: string, port: number): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const shown = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  switch (code) {
    case 'EADDRINUSE':
      return new UsageError(msg('portInUse', port, shown), msg('otherPort'));
    case 'EACCES':
      return new UsageError(
        msg('portDenied', port, shown),
        port > 0 && port < 1024 ? msg('lowPortHint') : msg('otherPort'),
      );
    case 'EADDRNOTAVAIL':
      return new UsageError(msg('addressUnavailable', shown), msg('addressHint'));
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new UsageError(msg('cannotResolveHost', host), msg('resolveHint'));
    default:
      return err;
  }
}

/** What `listenOn` needs of a server (node:http's Server). */
interface Listener {
  once(event: 'error', listener: (err: Error) => void): unknown;
  off(event: 'error', listener: (err: Error) => void): unknown;
  listen(port: number, host: string, done: () => void): unknown;
}

/**
 * Listens on `host`. `::` is every interface, IPv6 and IPv4 (libuv clears IPV6_V6ONLY): what a pod needs in a
 * single-stack IPv6 cluster as in an IPv4 one. A kernel without IPv6 (booted with ipv6.disable=1) refuses the
 * address family: every IPv4 interface is then the same intent, and the listening line shows 0.0.0.0.
 */
export async function listenOn(server: Listener, port: number, host: string): Promise<void> {
  try {
    await listenOnce(server, port, host);
  } catch (err) {
    if (host !== '::' || (err as NodeJS.ErrnoException).code !== 'EAFNOSUPPORT') throw err;
    await listenOnce(server, port, '0.0.0.0');
  }
}

function listenOnce(server: Listener, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export async function startHttpServer(opts: HttpServerOptions): Promise<RunningHttpServer> {
  const { log } = opts;
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const idleMs = opts.sessionIdleMs ?? 30 * 60_000;
  const maxSessions = opts.maxSessions ?? 100;
  const allowedHosts = new Set([...LOOPBACK_HOSTS, ...opts.allowedHosts.map(hostName)]);
  const bind = hostName(opts.host.includes(':') && !opts.host.startsWith('[') ? `[${opts.host}]` : opts.host);
  const wildcard = bind === '0.0.0.0' || bind === '[::]';
  if (!wildcard) allowedHosts.add(bind);
  // With a token, clients may name the server by the address they reach it at: every interface address
  // when bound to all of them (the token, not the Host check, is what guards a non-loopback bind).
  if (opts.token !== undefined && wildcard) for (const a of interfaceHosts()) allowedHosts.add(a);
  const allowedOrigins = new Set(opts.allowedOrigins.map(normaliseOrigin).filter((o) => o !== undefined));
  const expected = opts.token === undefined ? undefined : sha256(opts.token);
  const sessions = new Map<string, Session>();

  const originAllowed = (origin: string) => {
    if (isLoopbackOrigin(origin)) return true;
    const o = normaliseOrigin(origin);
    return o !== undefined && allowedOrigins.has(o);
  };

  const authorised = (header: string | undefined): boolean => {
    if (!expected) return true;
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
    if (!m) return false;
    return timingSafeEqual(sha256(m[1]!), expected);
  };

  function track(id: string, res: http.ServerResponse): void {
    const s = sessions.get(id);
    if (!s) return;
    s.active++;
    s.lastSeen = Date.now();
    res.on('close', () => {
      s.active--;
      s.lastSeen = Date.now();
    });
  }

  async function dropSession(id: string): Promise<void> {
    const s = sessions.get(id);
    if (!s) return;
    sessions.delete(id);
    await s.close().catch(() => {});
  }

  async function handleMcp(req: http.IncomingMessage, res: http.ServerResponse, body: unknown) {
    if (opts.stateless) {
      if (req.method !== 'POST') {
        jsonRpcError(res, 405, -32000, 'Method not allowed: this server is stateless, POST only', {
          Allow: 'POST',
        });
        return;
      }
      const server = opts.createServer();
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        // One request per transport: a JSON body unless the request asked for progress (json-answers.ts).
        enableJsonResponse: wantsJsonAnswer(body),
      });
      res.on('close', () => {
        transport.close().catch(() => {});
        server.close().catch(() => {});
      });
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
      return;
    }
    const sid = req.headers['mcp-session-id'];
    if (typeof sid === 'string') {
      const s = sessions.get(sid);
      if (!s || !(s.transport instanceof StreamableHTTPServerTransport)) {
        jsonRpcError(
          res,
          404,
          -32001,
          'Session not found: it expired or was closed; initialize a new session',
        );
        return;
      }
      track(sid, res);
      await handleDirect(s.transport, req, res, body);
      return;
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      jsonRpcError(
        res,
        400,
        -32000,
        'Bad Request: no Mcp-Session-Id header; the first request must be initialize',
      );
      return;
    }
    if (sessions.size >= maxSessions) {
      jsonRpcError(res, 503, -32000, `Too many sessions (${maxSessions}); close one or retry later`);
      return;
    }
    const server = opts.createServer();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, {
          transport,
          close: async () => {
            await transport.close();
            await server.close();
          },
          lastSeen: Date.now(),
          active: 0,
        });
      },
      onsessionclosed: (id) => {
        void dropSession(id);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) void dropSession(transport.sessionId);
    };
    answerJsonWhenNoProgress(transport);
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
    if (transport.sessionId === undefined) await server.close().catch(() => {});
  }

  async function handleSse(res: http.ServerResponse) {
    if (sessions.size >= maxSessions) {
      jsonRpcError(res, 503, -32000, `Too many sessions (${maxSessions}); close one or retry later`);
      return;
    }
    const server = opts.createServer();
    const transport = new SSEServerTransport(MESSAGES_PATH, res);
    const id = transport.sessionId;
    sessions.set(id, {
      transport,
      close: () => server.close(),
      lastSeen: Date.now(),
      active: 1, // the stream itself; closing it ends the session
    });
    transport.onclose = () => {
      void dropSession(id);
    };
    await server.connect(transport);
  }

  async function handleMessages(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    body: unknown,
  ) {
    const id = url.searchParams.get('sessionId');
    const s = id ? sessions.get(id) : undefined;
    const transport = s?.transport;
    if (!id || !(transport instanceof SSEServerTransport)) {
      jsonRpcError(
        res,
        id ? 404 : 400,
        -32001,
        id ? 'Session not found: reconnect to /sse' : 'Missing sessionId',
      );
      return;
    }
    s!.lastSeen = Date.now();
    await transport.handlePostMessage(req, res, body);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      jsonRpcError(res, 400, -32000, 'Bad request URL');
      return;
    }
    const path = url.pathname;
    if (path === HEALTH_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify({ status: 'ok' }));
      return;
    }
    const host = req.headers.host;
    if (!host || !allowedHosts.has(hostName(host))) {
      jsonRpcError(res, 403, -32000, `Forbidden: Host '${host ?? ''}' is not allowed (see --allowed-hosts)`);
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (!originAllowed(origin)) {
        jsonRpcError(
          res,
          403,
          -32000,
          `Forbidden: Origin '${origin}' is not allowed (see --allowed-origins)`,
        );
        return;
      }
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader(
        'Access-Control-Expose-Headers',
        'Mcp-Session-Id, Mcp-Protocol-Version, WWW-Authenticate',
      );
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
        'Access-Control-Allow-Headers':
          'Content-Type, Accept, Authorization, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID',
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
    // Only the MCP endpoints need the token: anything else is a plain 404, so OAuth-aware clients probing
    // /.well-known/oauth-protected-resource fall back to the Authorization header instead of starting a flow.
    if (path !== MCP_PATH && path !== SSE_PATH && path !== MESSAGES_PATH) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Not found: ${path} (MCP endpoints: ${MCP_PATH}, ${SSE_PATH})\n`);
      return;
    }
    if (!authorised(req.headers.authorization)) {
      const error = req.headers.authorization ? ', error="invalid_token"' : '';
      jsonRpcError(res, 401, -32000, 'Unauthorized: send Authorization: Bearer <token>', {
        'WWW-Authenticate': `Bearer realm="kcarbon"${error}`,
      });
      return;
    }
    if (path === SSE_PATH) {
      if (req.method !== 'GET') {
        jsonRpcError(res, 405, -32000, 'Method not allowed: GET /sse', { Allow: 'GET' });
        return;
      }
      await handleSse(res);
      return;
    }
    let body: unknown;
    if (req.method === 'POST') {
      const r = await readJsonBody(req, maxBody);
      if (!r.ok) {
        jsonRpcError(res, r.status, r.status === 400 ? -32700 : -32000, r.message, { Connection: 'close' });
        return;
      }
      body = r.body;
    } else if (path === MESSAGES_PATH) {
      jsonRpcError(res, 405, -32000, 'Method not allowed: POST /messages', { Allow: 'POST' });
      return;
    }
    // MCP requests take turns on the event loop (turns.ts): one per iteration, so /healthz, answered above, waits
    // for one request's work, never for a whole burst that arrived with it.
    await nextTurn();
    if (path === MESSAGES_PATH) await handleMessages(req, res, url, body);
    else await handleMcp(req, res, body);
  }

  const httpServer = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error(`http: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      jsonRpcError(res, 500, -32603, 'Internal server error');
    });
  });

  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const [id, s] of sessions) if (s.active <= 0 && now - s.lastSeen > idleMs) void dropSession(id);
    },
    Math.max(1000, Math.min(60_000, idleMs / 2)),
  );
  sweep.unref();

  try {
    await listenOn(httpServer, opts.port, opts.host.replace(/^\[(.*)\]$/, '$1'));
  } catch (err) {
    clearInterval(sweep);
    throw listenError(err, opts.host, opts.port);
  }
  const address = httpServer.address() as AddressInfo;
  const shownHost =
    address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    hosts: [...allowedHosts],
    port: address.port,
    async close() {
      clearInterval(sweep);
      await Promise.all([...sessions.keys()].map(dropSession));
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
