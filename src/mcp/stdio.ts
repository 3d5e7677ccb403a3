/**
 * stdio transport (Claude Desktop, Claude Code, MCP Inspector): one server for the process. stdout
 * carries protocol messages only; everything else goes to stderr. Ends on end of stdin, on a broken
 * stdout, or when `stop` aborts (SIGINT/SIGTERM).
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createKcarbonMcpServer } from './server.js';
import type { McpDeps } from './types.js';

export async function runStdio(
  deps: McpDeps,
  stdin: NodeJS.ReadableStream,
  stdout: NodeJS.WritableStream,
  stop: AbortSignal,
): Promise<void> {
  const server = createKcarbonMcpServer(deps);
  const transport = new StdioServerTransport(
    stdin as ConstructorParameters<typeof StdioServerTransport>[0],
    stdout as ConstructorParameters<typeof StdioServerTransport>[1],
  );
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
  });
  transport.onerror = (err) => deps.log.warn(`stdio: ${err.message}`);
  const shutdown = () => {
    server.close().catch(() => {});
  };
  stdin.once('end', shutdown);
  stdin.once('close', shutdown);
  stdout.once('error', shutdown);
  if (stop.aborted) shutdown();
  else stop.addEventListener('abort', shutdown, { once: true });
  await server.connect(transport);
  await closed;
  stop.removeEventListener('abort', shutdown);
  stdin.off('end', shutdown);
  stdin.off('close', shutdown);
  stdout.off('error', shutdown);
}
