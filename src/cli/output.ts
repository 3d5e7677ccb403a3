/**
 * Standard output and error of a CLI run. Node builds `process.stdout` and `process.stderr` on first use, and for
 * a pipe that is a socket with its modules and event-loop handle: about 2 ms of a run that prints once, more on a
 * busy machine. A pipe, a socket (what a Node parent, such as a CI runner, gives a child) or a file (cron's and
 * scripts' redirections, /dev/null) is written here with synchronous writes to the descriptor, as Node itself
 * writes pipes and files on Linux; a terminal or another device keeps Node's stream. Output to a reader that has
 * gone (`kcarbon list | head -3`: EPIPE) is dropped, and the run still ends with its own exit code. A descriptor
 * left non-blocking by whoever started us (EAGAIN when the pipe is full) hands over to Node's stream, which waits
 * for the reader. Any other failure to write standard output written here (a full disk: ENOSPC, /dev/full; EIO) is
 * a usage error with one line saying why (exit 2, not a run that looks finished or a gate's exit 1); standard
 * error's own failures are dropped, having nowhere to be told.
 */
import { fstatSync, type Stats, statSync, writeSync } from 'node:fs';
import { fsReason, msg, UsageError } from '../errors.js';
import type { Output } from './io.js';

/** Output to fd 1 or 2; `stream` is Node's stream for it (process.stdout or process.stderr), made when needed. */
export function standardOutput(fd: 1 | 2, stream: () => NodeJS.WriteStream): Output {
  let direct = false;
  try {
    const stat = fstatSync(fd);
    direct = stat.isFIFO() || stat.isFile() || stat.isSocket() || isNullDevice(stat);
  } catch {} // a closed descriptor: Node's stream knows what to do
  if (!direct) return dropAfterClose(stream());
  let node: NodeJS.WriteStream | undefined;
  let gone = false;
  return {
    isTTY: false,
    write(text: string): boolean {
      if (gone) return true;
      if (node) return node.write(text);
      const bytes = Buffer.from(text, 'utf8');
      let at = 0;
      while (at < bytes.length) {
        try {
          at += writeSync(fd, bytes, at);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'EPIPE') {
            gone = true;
            return true;
          }
          if (code !== 'EAGAIN') return failed(fd, err);
          node = dropAfterClose(stream());
          return node.write(bytes.subarray(at));
        }
      }
      return true;
    },
  };
}

/**
 * /dev/null or /dev/full: devices known not to be terminals without loading node:tty (which loads node:net),
 * written directly (so a full one fails during the write, where the run hears of it).
 */
function isNullDevice(stat: Stats): boolean {
  if (!stat.isCharacterDevice()) return false;
  return ['/dev/null', '/dev/full'].some((d) => stat.rdev === statSync(d, { throwIfNoEntry: false })?.rdev);
}

/** Node's stream, with output after its reader has gone dropped instead of crashing the run. */
function dropAfterClose(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
    throw err;
  });
  return stream;
}

/** A failed write: of standard output, a usage error naming why; of standard error, dropped. */
function failed(fd: 1 | 2, err: unknown): true {
  if (fd === 2) return true;
  throw new UsageError(msg('cannotWriteOutput', fsReason(err)), msg('cannotWriteOutputHint'));
}
