/**
 * makeDirs (src/util/make-dirs.ts): an output file's missing directories made one plain mkdir at a time,
 * never by Node's recursive mkdir, which on Node 20 never returns under /proc (`/proc/nope`).
 */
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirs } from '../src/util/make-dirs.js';

const tmp = mkdtempSync(join(tmpdir(), 'kcarbon-dirs-'));
const hasProc = existsSync('/proc/self');

describe('makeDirs', () => {
  it('makes every missing directory of a nested new path, with the mode asked; an existing one is fine', () => {
    const deep = join(tmp, 'a', 'b', 'c');
    makeDirs(deep, 0o700);
    expect(statSync(deep).isDirectory()).toBe(true);
    for (const d of [join(tmp, 'a'), join(tmp, 'a', 'b'), deep]) expect(statSync(d).mode & 0o077).toBe(0);
    expect(() => makeDirs(deep)).not.toThrow();
    expect(() => makeDirs(tmp)).not.toThrow();
  });

  it('a file where a directory should be: ENOTDIR, the file left alone', () => {
    const file = join(tmp, 'file');
    writeFileSync(file, 'x');
    for (const dir of [file, join(file, 'sub'), join(file, 'sub', 'deeper')]) {
      expect(() => makeDirs(dir)).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
    }
    expect(statSync(file).isFile()).toBe(true);
  });

  it.runIf(hasProc)(
    'a directory under /proc fails at once with ENOENT (recursive mkdir loops forever there)',
    () => {
      const t0 = Date.now();
      expect(() => makeDirs('/proc/nope/deeper')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
      expect(() => makeDirs('/proc/nope')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
      expect(Date.now() - t0).toBeLessThan(1000);
    },
  );
});
