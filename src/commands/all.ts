/**
 * Every command's implementation, loaded: for the MCP server (one tool per command, all registered at once)
 * and tests. The CLI never imports this module; it loads one implementation through the registry.
 */
import { assessCommand } from './assess.js';
import { compareCommand } from './compare.js';
import { configSchemaCommand, configShowCommand } from './config.js';
import { hotspotsCommand } from './hotspots.js';
import { listCommand } from './list.js';
import { regionsCommand } from './regions.js';
import { COMMANDS } from './registry.js';
import { reportCommand } from './report.js';
import { scheduleCommand } from './schedule.js';
import { standardsCommand } from './standards.js';
import { summaryCommand } from './summary.js';
import { topCommand } from './top.js';
import type { CommandSpec } from './types.js';

const BY_TOOL = Object.fromEntries(
  [
    assessCommand,
    compareCommand,
    listCommand,
    regionsCommand,
    scheduleCommand,
    hotspotsCommand,
    topCommand,
    summaryCommand,
    standardsCommand,
    reportCommand,
    configShowCommand,
    configSchemaCommand,
  ].map((s) => [s.tool, s as CommandSpec]),
);

/** The implementations in registry order (a registry entry without one is a start-up error, and a test's). */
export const SPECS: CommandSpec[] = COMMANDS.map((c) => {
  const spec = BY_TOOL[c.tool];
  if (!spec) throw new Error(`command ${c.name} has no implementation in all.ts`);
  return spec;
});

/** An implementation by CLI name or MCP tool name. */
export function findSpec(name: string): CommandSpec | undefined {
  return SPECS.find((c) => c.name === name || c.tool === name);
}
