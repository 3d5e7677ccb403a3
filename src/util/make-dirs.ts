/**
 * Making an output file's directories (--report, --history, the grid cache) without Node's recursive
 * mkdir: on Node 20, `mkdirSync('/proc/nope', { recursive: true })` (and the async form) never returns,
 * at 100 % CPU: mkdir gives ENOENT, the parent exists, and Node tries the same mkdir again forever.
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

/**
 * Creates `dir` and its missing parents: finds the deepest existing ancestor, then makes each missing
 * component with one plain mkdir. Any failure throws the fs error (ENOENT, EACCES, ENOTDIR, ...) for
 * the caller's message; an ancestor that is a file throws ENOTDIR. A component made meanwhile by
 * another process is fine.
 */
export function makeDirs(dir: string, mode?: number): void {
  const missing: string[] = [];
  let at = path.resolve(dir);
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(at).isDirectory();
    } catch (err) {
      const parent = path.dirname(at);
      if (errnoCode(err) !== 'ENOENT' || parent === at) throw err;
      missing.push(at);
      at = parent;
      continue;
    }
    if (isDir) break;
    throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${at}'`), {
      code: 'ENOTDIR',
      path: at,
    });
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d, mode);
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST' || !statSync(d).isDirectory()) throw err;
    }
  }
}
