/**
 * The command registry: every kcarbon operation, defined once. The CLI (src/cli) and the
 * MCP server (src/mcp) are generated from this list.
 */
import { assessCommand } from './assess.js';
import { compareCommand } from './compare.js';
import { configSchemaCommand, configShowCommand } from './config.js';
import { hotspotsCommand } from './hotspots.js';
import { listCommand } from './list.js';
import { regionsCommand } from './regions.js';
import { reportCommand } from './report.js';
import { scheduleCommand } from './schedule.js';
import { standardsCommand } from './standards.js';
import { summaryCommand } from './summary.js';
import { topCommand } from './top.js';
import type { CommandSpec } from './types.js';

// biome-ignore lint/suspicious/noExplicitAny: specs have heterogeneous input/output types
export const COMMANDS: CommandSpec<any, any>[] = [
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
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name || c.tool === name);
}
