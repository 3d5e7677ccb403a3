/**
 * `kcarbon serve --mcp`: wires the shared pieces (settings, metrics cache, stderr log) to the stdio or
 * HTTP transport and runs until stopped. Loaded with a dynamic import by src/cli/serve.ts, so the MCP SDK
 * never slows down the other commands.
 */

import type { CliIO } from '../cli/io.js';
import { createRunContext, type RunSettings } from '../commands/context.js';
import { gridChoice } from '../commands/grid-data.js';
import { setConfigRecheck } from '../config/index.js';
import { msg } from '../errors.js';
import { tm } from '../i18n/index.js';
import { TEXT } from '../i18n/text.js';
import { checkLoadOptions } from '../kepler/load.js';
import { createSnapshotCache } from './cache.js';
import { serverConfig } from './config-cache.js';
import { HEALTH_PATH, MCP_PATH, SSE_PATH, startHttpServer } from './http.js';
import { createKcarbonMcpServer } from './server.js';
import { runStdio } from './stdio.js';
import type { McpDeps, ServerLog } from './types.js';

export { createSnapshotCache } from './cache.js';
export { createKcarbonMcpServer } from './server.js';
export type { McpDeps, ServerLog } from './types.js';

export interface ServeOptions {
  transport: 'stdio' | 'http';
  host: string;
  port: number;
  stateless: boolean;
  /** MCP bearer token (http); required by the CLI when the bind address is not loopback. */
  token?: string;
  allowedOrigins: string[];
  allowedHosts: string[];
  /** Open sessions at most (http). */
  maxSessions?: number;
  /** Close a session idle this long (http). */
  sessionIdleMs?: number;
  cacheTtlMs: number;
  settings: RunSettings;
  io: CliIO;
  quiet: boolean;
  version: string;
  /** Stops the server when aborted; SIGINT and SIGTERM always do. */
  signal?: AbortSignal;
}

export const EXIT_SIGINT = 130;

/** The server's stderr lines, with the CLI's prefixes in the run's language (--lang), as its start-up lines. */
export function stderrLog(io: CliIO, quiet: boolean): ServerLog {
  return {
    info: (m) => {
      if (!quiet) io.stderr.write(`kcarbon: ${m}\n`);
    },
    warn: (m) => {
      if (!quiet) io.stderr.write(`${TEXT.warningPrefix} ${m}\n`);
    },
    error: (m) => io.stderr.write(`${tm(msg('prefix'))} ${m}\n`),
  };
}

/** Runs the server until it is stopped; returns the exit code. */
/**
 * How often the server looks at the config files' mtimes (and the ignore file) between calls, and how long calls
 * share the config the first of them loaded: a changed file is noticed within the sum, a second.
 */
const CONFIG_RECHECK_MS = 500;
const CONFIG_SHARED_MS = 500;

export async function startServe(o: ServeOptions): Promise<number> {
  const log = stderrLog(o.io, o.quiet);
  // Config is validated once and reused across calls; a changed file is noticed within a second.
  setConfigRecheck(CONFIG_RECHECK_MS);
  // Fail fast (exit 2) on a broken --config, an unknown --grid or source flags every read would refuse (--window
  // without --prometheus, a short --sample, --sample with files) rather than on each tool call.
  const startCtx = createRunContext(o.settings, { warn: log.warn });
  gridChoice(startCtx, await startCtx.config());
  checkLoadOptions(o.settings.source);
  const cache = createSnapshotCache({
    // A fresh context per load: each one reads the sources once, the cache decides how often.
    load: () => createRunContext(o.settings, { warn: log.warn }).snapshot(),
    ttlMs: o.cacheTtlMs,
  });
  const deps: McpDeps = {
    settings: o.settings,
    cache,
    config: serverConfig(CONFIG_SHARED_MS),
    log,
    version: o.version,
  };

  const stop = new AbortController();
  let exitCode = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signal === 'SIGINT') exitCode = EXIT_SIGINT;
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  o.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  try {
    if (o.transport === 'stdio') {
      const stdin = o.io.stdin ?? process.stdin;
      log.info(TEXT.mcpReadyStdio());
      await runStdio(deps, stdin, o.io.stdoutStream?.() ?? streamOf(o.io.stdout), stop.signal);
      // A paused process.stdin may still hold the event loop open.
      if (stdin === process.stdin) process.stdin.destroy();
      return exitCode;
    }
    const server = await startHttpServer({
      host: o.host,
      port: o.port,
      stateless: o.stateless,
      token: o.token,
      allowedOrigins: o.allowedOrigins,
      allowedHosts: o.allowedHosts,
      maxSessions: o.maxSessions,
      sessionIdleMs: o.sessionIdleMs,
      createServer: () => createKcarbonMcpServer(deps),
      log,
    });
    // Always printed (even with --quiet): scripts and tests read the bound port from it.
    o.io.stderr.write(
      `kcarbon: ${TEXT.mcpListening(`${server.url}${MCP_PATH}`, SSE_PATH, HEALTH_PATH, !!o.token, o.stateless, server.hosts.join(', '))}\n`,
    );
    await new Promise<void>((resolve) => {
      if (stop.signal.aborted) resolve();
      else stop.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await server.close();
    return exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The MCP stdio server writes for its life to a stream (a test's PassThrough, or process.stdout via stdoutStream). */
function streamOf(out: CliIO['stdout']): NodeJS.WritableStream {
  if (typeof (out as Partial<NodeJS.WritableStream>).once !== 'function') {
    throw new Error('the MCP stdio server needs a stream: give CliIO.stdoutStream');
  }
  return out as NodeJS.WritableStream;
}
