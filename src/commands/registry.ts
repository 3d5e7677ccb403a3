/**
 * The command registry: every kcarbon operation, defined once. The CLI (src/cli) and the MCP server (src/mcp)
 * are generated from this list. Each entry is the command's light manifest (manifests.ts: names, texts,
 * options as data) and load(), which imports its implementation (zod schemas, run, renderers) only when the
 * command runs: --help and --version never load the engine. The MCP server, which serves every tool, takes
 * the loaded list from all.ts.
 */
import {
  ASSESS,
  COMPARE,
  CONFIG_SCHEMA,
  CONFIG_SHOW,
  type CommandManifest,
  HOTSPOTS,
  LIST,
  REGIONS,
  REPORT,
  SCHEDULE,
  STANDARDS,
  SUMMARY,
  TOP,
} from './manifests.js';
import type { CommandSpec } from './types.js';

export interface CommandEntry extends CommandManifest {
  /** The implementation (imported on first use; the same object afterwards). */
  load(): Promise<CommandSpec>;
}

// biome-ignore lint/suspicious/noExplicitAny: specs have heterogeneous input/output types
type AnySpec = CommandSpec<any, any>;
const entry = (manifest: CommandManifest, load: () => Promise<AnySpec>): CommandEntry => ({
  ...manifest,
  load: load as () => Promise<CommandSpec>,
});

export const COMMANDS: CommandEntry[] = [
  entry(ASSESS, async () => (await import('./assess.js')).assessCommand),
  entry(COMPARE, async () => (await import('./compare.js')).compareCommand),
  entry(LIST, async () => (await import('./list.js')).listCommand),
  entry(REGIONS, async () => (await import('./regions.js')).regionsCommand),
  entry(SCHEDULE, async () => (await import('./schedule.js')).scheduleCommand),
  entry(HOTSPOTS, async () => (await import('./hotspots.js')).hotspotsCommand),
  entry(TOP, async () => (await import('./top.js')).topCommand),
  entry(SUMMARY, async () => (await import('./summary.js')).summaryCommand),
  entry(STANDARDS, async () => (await import('./standards.js')).standardsCommand),
  entry(REPORT, async () => (await import('./report.js')).reportCommand),
  entry(CONFIG_SHOW, async () => (await import('./config.js')).configShowCommand),
  entry(CONFIG_SCHEMA, async () => (await import('./config.js')).configSchemaCommand),
];

/** A command's manifest by CLI name or MCP tool name. */
export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name || c.tool === name);
}

/** A command's implementation by CLI name or MCP tool name. */
export async function loadCommand(name: string): Promise<CommandSpec | undefined> {
  return findCommand(name)?.load();
}
