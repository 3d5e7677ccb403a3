/**
 * `kcarbon report --history FILE`: one JSON line per run. The CLI reads past runs before the
 * report and appends this run after it (I/O at the edge; the command only computes).
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fsReason, msg, UsageError } from '../errors.js';
import { TEXT } from '../i18n/text.js';
import { makeDirs } from '../util/make-dirs.js';

/** Past runs, oldest first; a missing file is an empty history, an unparsable line is skipped with a warning. */
export function readHistory(file: string, warn: (m: string) => void): unknown[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new UsageError(msg('cannotReadHistory', file, fsReason(err)));
  }
  const out: unknown[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      out.push(JSON.parse(line));
    } catch {
      warn(TEXT.historyNotJson(file, i + 1));
    }
  });
  return out;
}

/**
 * Appends this run as one line. A file whose last line has no newline (hand-edited, cut short) gets one first:
 * glued onto that line, the entry would be part of a line that is not JSON, skipped on every later read.
 */
export function appendHistory(file: string, entry: unknown): void {
  try {
    makeDirs(path.dirname(path.resolve(file)));
    const fd = openSync(file, 'a+');
    try {
      writeSync(fd, `${endsLine(fd) ? '' : '\n'}${JSON.stringify(entry)}\n`);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    throw new UsageError(msg('cannotAppendHistory', file, fsReason(err)));
  }
}

/** Whether the open file is empty or ends with a newline. */
function endsLine(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return true;
  const last = Buffer.alloc(1);
  return readSync(fd, last, 0, 1, size - 1) === 1 && last[0] === 0x0a;
}
