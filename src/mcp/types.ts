/** What every per-connection MCP server shares: server-wide settings, the metrics cache and the log. */
import type { RunSettings } from '../commands/context.js';
import type { SnapshotCache } from './cache.js';
import type { ServerConfig } from './config-cache.js';

/** Server log: stderr only (in stdio mode stdout is the protocol channel). */
export interface ServerLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface McpDeps {
  /** Metrics sources, zones, config and `--at`, from the serve flags; never from a tool argument. */
  settings: RunSettings;
  /** Shared by every session of the process. */
  cache: SnapshotCache;
  /** The config of a call's settings, shared by the calls of a short while (config-cache.ts); absent: each loads. */
  config?: ServerConfig;
  log: ServerLog;
  version: string;
}
