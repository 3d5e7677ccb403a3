/** Entry point: the only place that sets the process exit code. */
import { runCli } from './program.js';

export async function main(argv: string[]): Promise<void> {
  process.exitCode = await runCli(argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
  });
}
