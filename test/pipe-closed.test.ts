/**
 * A reader that stops early (`kcarbon list | head -1`) closes the pipe: kcarbon drops the rest of its output,
 * prints no stack trace, and still ends with its own exit code (a gate under `set -o pipefail`).
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from './support/cli.js';

/** Runs the real binary with its stdout pipe closed before it writes anything. */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('stdout closed by the reader', () => {
  it('--help: exit 0, nothing on stderr', async () => {
    const r = await runWithClosedStdout(['list', '--help']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
  it('a failing gate still exits 1, with no EPIPE trace', async () => {
    const r = await runWithClosedStdout(['list', '--demo', '--fail-on', 'warning', '--pue', '1.8', '-q']);
    expect(r.stderr).not.toMatch(/EPIPE|Error:|at /);
    expect(r.code).toBe(1);
  });
  it('a passing run exits 0', async () => {
    const r = await runWithClosedStdout(['summary', '--demo', '--json']);
    expect(r.stderr).not.toMatch(/EPIPE|Error:/);
    expect(r.code).toBe(0);
  });
});
