/** Run the CLI in-process (runCli) or as a real child process (bin/kcarbon.js, after the build). */
import { spawn } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/program.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export const BIN = fileURLToPath(new URL('../../bin/kcarbon.js', import.meta.url));

/** `stderrIsTTY`: stderr claims to be a terminal (the progress line shows). */
export async function cli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  stdin?: string,
  stderrIsTTY = false,
): Promise<CliRun> {
  const out = new PassThrough();
  const err = Object.assign(new PassThrough(), { isTTY: stderrIsTTY });
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => {
    stdout += d;
  });
  err.on('data', (d) => {
    stderr += d;
  });
  const code = await runCli(args, {
    stdout: out,
    stderr: err,
    stdin: Readable.from(stdin === undefined ? [] : [stdin]),
    env: { NO_COLOR: '1', ...env },
  });
  return { code, stdout, stderr };
}

/**
 * Spawn the built CLI like a user's shell would. `timeoutMs`: killed after that long (code -1), for a
 * run that could hang in synchronous code an in-process run could not interrupt.
 */
export function spawnCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  stdin?: string,
  timeoutMs?: number,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(timeoutMs !== undefined ? { timeout: timeoutMs } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}
