/** Entry point: the only place that sets the process exit code. */
import { runCli } from './program.js';

/**
 * A reader that stops early (`kcarbon list | head -3`) closes the pipe: what is left to print is dropped
 * (EPIPE) instead of crashing, and the run still ends with its own exit code, so a gate under
 * `set -o pipefail` keeps failing on findings.
 */
function dropOutputAfterPipeCloses(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
    throw err;
  });
}

export async function main(argv: string[]): Promise<void> {
  dropOutputAfterPipeCloses(process.stdout);
  dropOutputAfterPipeCloses(process.stderr);
  // No stdin here: process.stdin builds its stream on first access (about 2 ms); the sources and the MCP stdio
  // server take process.stdin themselves when they read it.
  process.exitCode = await runCli(argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  });
}
