/**
 * Standard output to a pipe or a file is written straight to the descriptor (src/cli/output.ts): the real binary
 * under a shell pipe and into a file prints what it prints through Node's stream, a reader that has gone drops the
 * rest with the run's own exit code, and a descriptor that would block hands over to Node's stream, losing nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../src/errors.js';
import { BIN } from './support/cli.js';

const fsMock = vi.hoisted(() => ({
  writeSync: undefined as undefined | ((fd: number, b: Uint8Array, at: number) => number),
  kind: undefined as undefined | 'fifo' | 'tty' | 'null',
}));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    // A pipe, a terminal (a character device that is not /dev/null) or /dev/null.
    fstatSync: ((fd: number) =>
      fsMock.kind
        ? {
            isFIFO: () => fsMock.kind === 'fifo',
            isFile: () => false,
            isSocket: () => false,
            isCharacterDevice: () => fsMock.kind !== 'fifo',
            rdev: fsMock.kind === 'null' ? fs.statSync('/dev/null').rdev : 0x8800,
          }
        : fs.fstatSync(fd)) as typeof fs.fstatSync,
    writeSync: ((fd: number, b: Uint8Array, at: number) =>
      fsMock.writeSync ? fsMock.writeSync(fd, b, at) : fs.writeSync(fd, b, at)) as typeof fs.writeSync,
  };
});

const { standardOutput } = await import('../src/cli/output.js');

afterEach(() => {
  fsMock.writeSync = undefined;
  fsMock.kind = undefined;
});

function nodeStream() {
  const s = new PassThrough();
  let text = '';
  s.on('data', (d) => {
    text += d;
  });
  return { stream: s as unknown as NodeJS.WriteStream, text: () => text };
}

const errno = (code: string) => Object.assign(new Error(code), { code });

describe('standard output written to the descriptor', () => {
  it('a pipe or file: bytes go to the descriptor, partial writes continued, Node stream never made', () => {
    fsMock.kind = 'fifo';
    const written: Buffer[] = [];
    // At most 3 bytes a call, as a pipe may take less than it is given.
    fsMock.writeSync = (_fd, b, at) => {
      const n = Math.min(3, b.length - at);
      written.push(Buffer.from(b.subarray(at, at + n)));
      return n;
    };
    const made = vi.fn();
    const out = standardOutput(1, () => {
      made();
      return nodeStream().stream;
    });
    out.write('kcarbon 전력\n');
    out.write('2\n');
    expect(Buffer.concat(written).toString('utf8')).toBe('kcarbon 전력\n2\n');
    expect(made).not.toHaveBeenCalled();
    expect(out.isTTY).toBe(false);
  });

  it('EAGAIN (a descriptor left non-blocking): the rest and every later write go through Node stream, in order', () => {
    fsMock.kind = 'fifo';
    let calls = 0;
    const direct: Buffer[] = [];
    fsMock.writeSync = (_fd, b, at) => {
      calls++;
      if (calls > 1) throw errno('EAGAIN');
      direct.push(Buffer.from(b.subarray(at, at + 4)));
      return 4;
    };
    const node = nodeStream();
    const out = standardOutput(1, () => node.stream);
    out.write('first line\n');
    out.write('second\n');
    expect(Buffer.concat(direct).toString() + node.text()).toBe('first line\nsecond\n');
    expect(calls).toBe(2);
  });

  it('EPIPE (the reader has gone): that write and later ones are dropped, no error', () => {
    fsMock.kind = 'fifo';
    let calls = 0;
    fsMock.writeSync = () => {
      calls++;
      throw errno('EPIPE');
    };
    const out = standardOutput(2, () => nodeStream().stream);
    expect(() => out.write('a')).not.toThrow();
    expect(() => out.write('b')).not.toThrow();
    expect(calls).toBe(1);
  });

  it('another write error of standard output is a usage error naming it; of standard error, dropped', () => {
    fsMock.kind = 'fifo';
    fsMock.writeSync = () => {
      throw errno('EIO');
    };
    const write = () => standardOutput(1, () => nodeStream().stream).write('x');
    expect(write).toThrow(UsageError);
    expect(write).toThrow('cannot write the output: EIO');
    expect(standardOutput(2, () => nodeStream().stream).write('x')).toBe(true);
  });

  it('/dev/null is written directly too', () => {
    fsMock.kind = 'null';
    const written: Buffer[] = [];
    fsMock.writeSync = (_fd, b, at) => {
      written.push(Buffer.from(b.subarray(at)));
      return b.length - at;
    };
    const made = vi.fn();
    standardOutput(1, () => {
      made();
      return nodeStream().stream;
    }).write('x\n');
    expect(Buffer.concat(written).toString()).toBe('x\n');
    expect(made).not.toHaveBeenCalled();
  });

  it('a terminal (or another device) keeps Node stream', () => {
    fsMock.kind = 'tty';
    const node = nodeStream();
    const out = standardOutput(1, () => node.stream);
    expect(out).toBe(node.stream);
  });
});

describe('the real binary', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kcarbon-output-'));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('into a file: the same JSON as through a pipe', () => {
    const file = path.join(dir, 'out.json');
    const fd = openSync(file, 'w');
    const toFile = spawnSync(process.execPath, [BIN, 'list', '--demo', '--json'], {
      stdio: ['ignore', fd, 'pipe'],
    });
    closeSync(fd);
    const piped = spawnSync(process.execPath, [BIN, 'list', '--demo', '--json'], { encoding: 'utf8' });
    expect(toFile.status).toBe(0);
    // Times of the run (timestamp, captured_at, assessed_at...) differ between two runs.
    const strip = (t: string) => JSON.parse(t, (k, v) => (/^timestamp$|_at$/.test(k) ? 0 : v));
    expect(strip(readFileSync(file, 'utf8'))).toEqual(strip(piped.stdout));
  });

  it.runIf(existsSync('/dev/full'))(
    'into a full device (/dev/full): one error line and exit 2, no trace',
    () => {
      for (const args of [
        ['summary', '--demo'],
        ['list', '--demo', '--json'],
      ]) {
        const fd = openSync('/dev/full', 'w');
        const r = spawnSync(process.execPath, [BIN, ...args], {
          stdio: ['ignore', fd, 'pipe'],
          encoding: 'utf8',
        });
        closeSync(fd);
        expect(r.status, args.join(' ')).toBe(2);
        expect(r.stderr.trim().split('\n')).toEqual([
          expect.stringMatching(/^kcarbon: error: cannot write the output: .*ENOSPC/),
        ]);
      }
    },
  );

  it('a shell pipe whose reader has gone: no EPIPE trace, the gate exit code under pipefail', async () => {
    const run = (cmd: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const child = spawn('bash', ['-c', cmd], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => {
          stderr += d;
        });
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stderr }));
      });
    const bin = `"${process.execPath}" "${BIN}"`;
    const gate = await run(`set -o pipefail; ${bin} list --demo --fail-on warning --pue 1.8 -q | true`);
    expect(gate.stderr).not.toMatch(/EPIPE|Error:|at /);
    expect(gate.code).toBe(1);
    const ok = await run(`set -o pipefail; ${bin} summary --demo --json | head -c 10 >/dev/null`);
    expect(ok.stderr).not.toMatch(/EPIPE|Error:/);
    expect(ok.code).toBe(0);
  });
});
