/**
 * `kcarbon serve --mcp`: the MCP server (stdio or HTTP). Flags and env are parsed and checked here,
 * without the MCP SDK; the server itself is imported only when the command runs.
 *
 * Flag clash: everywhere else `--token-file` is Kepler's bearer token. Here `--token-file` is the token
 * MCP clients must present (the name), and Kepler's token is `--kepler-token-file` (or env
 * KEPLER_TOKEN_FILE).
 */
import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { fsReason, localizedError, msg, UsageError } from '../errors.js';
import { H, SERVE_DEFAULTS } from '../i18n/help.js';
import { helpText, tm } from '../i18n/index.js';
import { parseCount } from '../util/count.js';
import { parseDurationSeconds } from '../util/duration.js';
import type { GlobalOpts } from './context.js';
import { GLOBAL_OPTIONS, longFlag, optionText } from './global-options.js';
import { HELP_CONFIG } from './help-format.js';
import type { CliIO } from './io.js';

export const DEFAULT_HOST = SERVE_DEFAULTS.host;
export const DEFAULT_PORT = SERVE_DEFAULTS.port;
export const DEFAULT_CACHE_TTL = SERVE_DEFAULTS.cacheTtl;
export const DEFAULT_MAX_SESSIONS = SERVE_DEFAULTS.maxSessions;
export const DEFAULT_SESSION_IDLE = SERVE_DEFAULTS.sessionIdle;
/** Env var holding the MCP bearer token itself (not a file). */
export const MCP_TOKEN_ENV = SERVE_DEFAULTS.tokenEnv;

interface ServeFlags extends GlobalOpts {
  mcp?: boolean;
  transport?: string;
  host?: string;
  port?: string;
  stateless?: boolean;
  /** The MCP token file (not Kepler's). */
  tokenFile?: string;
  keplerTokenFile?: string;
  allowedOrigins?: string;
  allowedHosts?: string;
  maxSessions?: string;
  sessionIdle?: string;
  cacheTtl?: string;
  debug?: boolean;
}

const SERVE_OPTIONS: { flags: string; description: string; env?: string }[] = [
  { flags: '--mcp', description: H.serveMcp },
  { flags: '--transport <kind>', description: H.serveTransport, env: 'MCP_TRANSPORT' },
  { flags: '--host <address>', description: H.serveHost, env: 'HOST' },
  { flags: '--port <n>', description: H.servePort, env: 'PORT' },
  { flags: '--stateless', description: H.serveStateless },
  { flags: '--token-file <file>', description: H.serveTokenFile },
  { flags: '--kepler-token-file <file>', description: H.serveKeplerTokenFile, env: 'KEPLER_TOKEN_FILE' },
  { flags: '--allowed-origins <list>', description: H.serveAllowedOrigins },
  { flags: '--allowed-hosts <list>', description: H.serveAllowedHosts },
  { flags: '--max-sessions <n>', description: H.serveMaxSessions },
  { flags: '--session-idle <duration>', description: H.serveSessionIdle },
  { flags: '--cache-ttl <duration>', description: H.serveCacheTtl },
];

const TRANSPORTS: Record<string, 'stdio' | 'http'> = {
  stdio: 'stdio',
  http: 'http',
  // The original's MCP_TRANSPORT=sse, and the SDK's name: both are served by the HTTP server.
  sse: 'http',
  'streamable-http': 'http',
};

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return (
    h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h)
  );
}

/**
 * --allowed-origins entries: each must be a browser origin, scheme://host[:port] with http or https.
 * A wildcard, a bare host or a path would be silently useless (or dangerous), so it is refused at start.
 */
export function parseAllowedOrigins(value: string | undefined): string[] {
  return list(value).map((entry) => {
    let u: URL | undefined;
    try {
      u = new URL(entry);
    } catch {
      u = undefined;
    }
    const ok =
      u !== undefined &&
      (u.protocol === 'http:' || u.protocol === 'https:') &&
      u.pathname === '/' &&
      !u.hostname.includes('*') &&
      u.search === '' &&
      u.hash === '' &&
      u.username === '' &&
      u.password === '';
    if (!ok) {
      throw new UsageError(msg('notOrigin', entry), msg('originHint'));
    }
    return u!.origin;
  });
}

const HOST_LABEL = '[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?';
const HOST_NAME = new RegExp(`^${HOST_LABEL}(?:\\.${HOST_LABEL})*\\.?$`, 'i');

/**
 * --allowed-hosts entries: each a host name or IP address, with an optional port, as a Host header names it. A
 * URL, a path, a wildcard or an empty entry would match no Host header (https://a.example meant host 'https'), so
 * it is refused at start.
 */
export function parseAllowedHosts(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split(',').map((raw) => {
    const entry = raw.trim();
    if (isHostEntry(entry)) return entry;
    let urlHost: string | undefined;
    try {
      const u = new URL(entry);
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) && u.host && isHostEntry(u.host)) urlHost = u.host;
    } catch {
      urlHost = undefined;
    }
    throw new UsageError(msg('notHost', entry), urlHost ? msg('hostOfUrlHint', urlHost) : msg('hostHint'));
  });
}

/**
 * IP addresses checked without node:net, which every run would then load (with Node's streams) though only `serve`
 * checks hosts: IPv4 dotted quads; IPv6 as the WHATWG URL parser reads one in brackets.
 */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const isIPv4 = (s: string) => IPV4.test(s);
function isIPv6(s: string): boolean {
  if (!s.includes(':') || /[^0-9a-f:.]/i.test(s)) return false;
  try {
    return new URL(`http://[${s}]/`).hostname.startsWith('[');
  } catch {
    return false;
  }
}

function isHostEntry(entry: string): boolean {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(entry);
  if (bracketed) return isIPv6(bracketed[1]!) && portOk(bracketed[2]);
  if (isIPv6(entry)) return true;
  const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(entry);
  return !!m && m[1]!.length <= 254 && (HOST_NAME.test(m[1]!) || isIPv4(m[1]!)) && portOk(m[2]);
}

function portOk(port: string | undefined): boolean {
  return port === undefined || Number(port) <= 65_535;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

export function parseCacheTtlMs(value: string | undefined): number {
  const v = value ?? DEFAULT_CACHE_TTL;
  if (/^\s*0+(\.0+)?\s*(ms|s|m|h|d)?\s*$/i.test(v)) return 0;
  return Math.round(parseDurationSeconds(v, '--cache-ttl') * 1000);
}

function parsePort(value: string, from: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || n > 65_535) {
    throw new UsageError(msg('notPort', from, value));
  }
  return n;
}

function readToken(flags: ServeFlags, env: NodeJS.ProcessEnv): string | undefined {
  let token: string | undefined;
  let from: string;
  if (flags.tokenFile !== undefined) {
    from = `--token-file ${flags.tokenFile}`;
    try {
      token = readFileSync(flags.tokenFile, 'utf8').trim();
    } catch (err) {
      throw new UsageError(msg('cannotRead', from, fsReason(err)));
    }
    if (!token) throw new UsageError(msg('tokenEmpty', from), msg('tokenOneLine'));
  } else {
    from = MCP_TOKEN_ENV;
    token = nonEmpty(env[MCP_TOKEN_ENV]);
  }
  if (token !== undefined && !/^[\x21-\x7e]+$/.test(token)) {
    throw new UsageError(msg('tokenNotAscii', from), msg('example', 'openssl rand -hex 32'));
  }
  return token;
}

export function registerServeCommand(program: Command, io: CliIO, state: { exitCode: number }): void {
  const cmd = program
    .command('serve')
    .summary(helpText(H.serveSummary))
    .description(`${helpText(H.serveSummary)}.\n\n${helpText(H.serveDescription)}`)
    .helpOption('-h, --help', helpText(H.helpOption))
    .configureHelp(HELP_CONFIG);
  for (const o of SERVE_OPTIONS) {
    const option = new Option(o.flags, optionText(o));
    if (o.flags === '--mcp') option.makeOptionMandatory();
    cmd.addOption(option);
  }
  for (const g of GLOBAL_OPTIONS) {
    if (!(g.metrics || g.config) || longFlag(g.flags) === '--token-file') continue;
    if (g.repeatable) cmd.option(g.flags, optionText(g), (v: string, prev: string[] = []) => [...prev, v]);
    else cmd.option(g.flags, optionText(g));
  }
  cmd.option('-q, --quiet', helpText(H.quiet));
  cmd.option('--debug', helpText(H.serveDebug));
  cmd.option('--lang <lang>', helpText(H.lang));

  cmd.action(async (flags: ServeFlags) => {
    const env = io.env;
    const transportName = (flags.transport ?? nonEmpty(env.MCP_TRANSPORT) ?? 'stdio').toLowerCase();
    const transport = TRANSPORTS[transportName];
    if (!transport) {
      throw new UsageError(msg('transportUnsupported', transportName), msg('useStdioOrHttp'));
    }
    // The HTTP settings are read only for --transport http: over stdio they are ignored (and said so below), not
    // refused for a value that would not be used.
    const http = transport === 'http' ? readHttpFlags(flags, env) : undefined;
    const host = flags.host ?? nonEmpty(env.HOST) ?? DEFAULT_HOST;
    const token = http?.token;
    const cacheTtlMs = parseCacheTtlMs(flags.cacheTtl);
    const { TEXT } = await import('../i18n/text.js');
    const warn = (m: string) => {
      if (!flags.quiet) io.stderr.write(`${TEXT.warningPrefix} ${m}\n`);
    };

    if (http && !isLoopbackHost(host) && token === undefined) {
      throw new UsageError(msg('refuseWithoutToken', host), msg('refuseWithoutTokenHint', MCP_TOKEN_ENV));
    }
    if (http && token !== undefined && token.length < 16) {
      warn(TEXT.shortMcpToken());
    }
    if (!http) {
      const given = HTTP_ONLY_FLAGS.filter((k) => flags[k] !== undefined);
      if (given.length > 0) warn(TEXT.httpOnlyFlags(`--${given.map(kebab).join(', --')}`));
    }

    // Kepler's token is --kepler-token-file here; the MCP token never reaches the metrics settings.
    const { settingsFromFlags } = await import('./context.js');
    const settings = settingsFromFlags(
      { ...flags, tokenFile: flags.keplerTokenFile },
      { ...io, stdin: undefined },
    );
    if (settings.source.specs.includes('-')) {
      throw new UsageError(msg('serveNoStdin'), msg('serveNoStdinHint'));
    }
    const { demo, prometheus, specs, keplerService } = settings.source;
    if (!demo && !prometheus && !keplerService && specs.length === 0) {
      throw new UsageError(msg('serveNeedsSource'), msg('serveNeedsSourceHint'));
    }

    // A --source path missing now is said at start (tool calls fail until it is there): not an error, since a
    // collector may write the dumps after the server starts.
    if (specs.length > 0) {
      const [{ classifySpec }, { expandPath }] = await Promise.all([
        import('../sources/spec.js'),
        import('../sources/files.js'),
      ]);
      for (const spec of specs) {
        const c = classifySpec(spec);
        if (c.kind !== 'path') continue;
        await expandPath(spec, c.path).catch((err: unknown) =>
          warn(TEXT.sourceNotYet(localizedError(err, tm))),
        );
      }
    }

    const { startServe } = await import('../mcp/index.js');
    state.exitCode = await startServe({
      transport,
      host,
      port: http?.port ?? DEFAULT_PORT,
      stateless: !!flags.stateless,
      token,
      allowedOrigins: http?.allowedOrigins ?? [],
      allowedHosts: http?.allowedHosts ?? [],
      maxSessions: http?.maxSessions,
      sessionIdleMs: http?.sessionIdleMs,
      cacheTtlMs,
      settings,
      io,
      quiet: !!flags.quiet,
      version: program.version() ?? '0.0.0',
    });
  });
}

/** The serve flags only --transport http reads: over stdio one warning names those given. */
const HTTP_ONLY_FLAGS = [
  'host',
  'port',
  'stateless',
  'allowedOrigins',
  'allowedHosts',
  'tokenFile',
  'maxSessions',
  'sessionIdle',
] as const;

/** The HTTP transport's settings from its flags (and PORT, the token's env variable), each checked. */
function readHttpFlags(flags: ServeFlags, env: NodeJS.ProcessEnv) {
  return {
    port:
      flags.port !== undefined
        ? parsePort(flags.port, '--port')
        : env.PORT?.trim()
          ? parsePort(env.PORT, 'PORT')
          : DEFAULT_PORT,
    token: readToken(flags, env),
    allowedOrigins: parseAllowedOrigins(flags.allowedOrigins),
    allowedHosts: parseAllowedHosts(flags.allowedHosts),
    maxSessions:
      flags.maxSessions === undefined
        ? DEFAULT_MAX_SESSIONS
        : parseCount(flags.maxSessions, '--max-sessions'),
    sessionIdleMs: parseDurationSeconds(flags.sessionIdle ?? DEFAULT_SESSION_IDLE, '--session-idle') * 1000,
  };
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
