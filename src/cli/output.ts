/**
 * Standard output and error of a CLI run. Node builds `process.stdout` and `process.stderr` on first use, and for
 * a pipe that is a socket with its modules and event-loop handle: about 2 ms of a run that prints once, more on a
 * busy machine. A pipe, a socket (what a Node parent, such as a CI runner, gives a child) or a file (cron's and
 * scripts' redirections, /dev/null) is written here with synchronous writes to the descriptor, as Node itself
 * writes pipes and files on Linux; a terminal or another device keeps Node's stream. Output to a reader that has
 * gone (`kcarbon list | head -3`: EPIPE) is dropped, and the run still ends with its own exit code. A descriptor
 * left non-blocking by whoever started us (EAGAIN when the pipe is full) hands over to Node's stream, which waits
 * for the reader.
 */
import { fstatSync, type Stats, statSync, writeSync } from 'node:fs';
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
          if (code !== 'EAGAIN') throw err;
          node = dropAfterClose(stream());
          return node.write(bytes.subarray(at));
        }
      }
      return true;
    },
  };
}

/** /dev/null, the one device known not to be a terminal without loading node:tty (which loads node:net). */
function isNullDevice(stat: Stats): boolean {
  return stat.isCharacterDevice() && stat.rdev === statSync('/dev/null', { throwIfNoEntry: false })?.rdev;
}

/** Node's stream, with output after its reader has gone dropped instead of crashing the run. */
function dropAfterClose(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
    throw err;
  });
  return stream;
}
