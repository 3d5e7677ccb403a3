/**
 * The MCP server factory. One McpServer per connection (stdio process, HTTP session, SSE stream or
 * stateless request): the SDK refuses to reuse a connected server, and sharing one would mix clients'
 * responses. What connections share (settings, metrics cache, log) comes in `deps`.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { shareResults } from '../util/memo.js';
import { registerPrompts } from './prompts.js';
import { registerResources } from './resources.js';
import { registerTools } from './tools.js';
import type { McpDeps } from './types.js';

export const SERVER_INSTRUCTIONS = [
  'kcarbon reports the power, energy and carbon of Kubernetes workloads measured by Kepler, and checks them against',
  'carbon and PUE standards (Korean rules by default). Every tool only reads. Start with',
  'get_power_consumption_summary or list_top_power_consumers to see what runs; workload tools take a workload or pod',
  'name and its namespace. Grid figures carry their source, year and basis: quote the attribution when you use them.',
  'Resources: compliance-standards://{jurisdiction}/{standard_code}, carbon-intensity://{region},',
  'workload-metrics://{namespace}/{pod_name}.',
].join(' ');

export function createKcarbonMcpServer(deps: McpDeps): McpServer {
  // Calls on one cached snapshot share its frozen figures' rounded copies, their schema checks and JSON text.
  shareResults(true);
  const server = new McpServer(
    { name: 'kcarbon', version: deps.version, title: 'kcarbon — Kubernetes power and carbon' },
    { capabilities: { logging: {} }, instructions: SERVER_INSTRUCTIONS },
  );
  registerTools(server, deps);
  registerResources(server, deps);
  registerPrompts(server, deps);
  return server;
}
