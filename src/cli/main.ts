/** Entry point: the only place that sets the process exit code. */
import { standardOutput } from './output.js';
import { runCli } from './program.js';

export async function main(argv: string[]): Promise<void> {
  // No stdin here: process.stdin builds its stream on first access (about 2 ms); the sources and the MCP stdio
  // server take process.stdin themselves when they read it. Nor stdout and stderr, unless they are terminals
  // (output.ts); the MCP stdio server takes Node's stdout stream for its life.
  process.exitCode = await runCli(argv.slice(2), {
    stdout: standardOutput(1, () => process.stdout),
    stderr: standardOutput(2, () => process.stderr),
    stdoutStream: () => process.stdout,
    env: process.env,
  });
}
