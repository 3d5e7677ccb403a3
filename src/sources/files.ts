/** Local sources: files, directories of per-node dumps, and stdin. */

import {
  closeSync,
  constants,
  type Dirent,
  promises as fsp,
  fstatSync,
  openSync,
  readdir as readdirCb,
  readSync,
  type Stats,
  stat as statCb,
} from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { promisify } from 'node:util';
import { englishOf, fsReason, InputError, KcarbonError, type Msg, msg, UsageError } from '../errors.js';
import { compareNames } from '../util/compare.js';
import {
  DEFAULT_MAX_BYTES,
  decodeUtf8,
  isGzip,
  readCapped,
  SourceEncodingError,
  SourceTooLargeError,
  SourceTruncatedError,
  streamCapped,
  truncation,
} from './limit.js';
import { nodeHintFromPath } from './spec.js';
import type { BodySink, FetchedSource, SourceFailure, SourceOptions } from './types.js';

// fs's callback calls, promisified: node:fs/promises (streams, readline and performance internals, about 0.8 ms
// of a short run) loads only when a FIFO or device is opened (fsp, a getter of node:fs, in the bundle).
const stat = promisify(statCb);
const readdir = promisify(readdirCb);

/** Files in a dump directory that are documentation, not metrics (a README, expected figures). */
const NOT_METRICS = /\.(md|json|ya?ml)$/i;

const MISSING_HINT = msg('missingHint');

/** One file to read: `origin` is what gets reported (the path as given, or `<dir>/<name>`). */
export interface FileEntry {
  origin: string;
  file: string;
  /** A regular file (known from the directory listing or stat): read synchronously, chunk by chunk. */
  regular?: boolean;
}

/**
 * Expands a path spec: a file (or FIFO such as `<(kubectl ...)`) is one entry; a directory is every regular,
 * non-hidden file directly inside it, sorted by name. A missing path or an empty directory is an InputError.
 */
export async function expandPath(spec: string, file: string): Promise<FileEntry[]> {
  let info: Stats;
  try {
    info = await stat(file);
  } catch (err) {
    throw new InputError(msg('cannotReadSource', spec, fsReason(err)), hintFor(spec, err));
  }
  if (!info.isDirectory()) return [{ origin: spec, file, regular: info.isFile() }];

  let dirents: Dirent[];
  try {
    dirents = await readdir(file, { withFileTypes: true });
  } catch (err) {
    throw new InputError(msg('cannotListDir', spec, fsReason(err)), MISSING_HINT);
  }
  const names: string[] = [];
  for (const d of dirents) {
    if (d.name.startsWith('.') || NOT_METRICS.test(d.name)) continue;
    if (d.isFile() || (d.isSymbolicLink() && (await isRegularFile(path.join(file, d.name)))))
      names.push(d.name);
  }
  if (names.length === 0) {
    throw new InputError(msg('dirNoMetrics', spec), MISSING_HINT);
  }
  names.sort(compareNames);
  return names.map((name) => ({ origin: path.join(spec, name), file: path.join(file, name), regular: true }));
}

/** A local source read: its text, or why it is a failed source (too large, cut short, not UTF-8...). */
export type LocalOutcome = { ok: true; source: FetchedSource } | { ok: false; failure: SourceFailure };

export interface LocalReadOptions {
  maxBytes?: number;
  strict?: boolean;
  sink?: SourceOptions['sink'];
}

/**
 * Reads one file as a stream (so `/dev/zero` or a huge dump stops at --max-bytes), gunzipping `.gz` files
 * and gzip content. A file that cannot be opened is an InputError; one that is too large, cut short or
 * (with --strict) not UTF-8 is a failed source, so the other files are still read.
 */
export async function readFileEntry(entry: FileEntry, opts: LocalReadOptions = {}): Promise<LocalOutcome> {
  const gzip = /\.gz$/i.test(entry.file);
  // Streamed through a sink, a plain file is read into one pooled buffer again and again.
  const reuse = opts.sink !== undefined && opts.strict !== true && !gzip;
  const hint = nodeHintFromPath(entry.file);
  if (entry.regular === true) {
    // A regular file is read synchronously: each read is a copy from the page cache, and waiting for the
    // thread pool to hand back every chunk cost more than the read itself (a third of a 100-node run). Opened
    // without blocking, so a path replaced by a FIFO since the listing cannot stall the process: that is then
    // read as a stream below.
    const fd = await opened(entry, () =>
      openSync(entry.file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)),
    );
    if (fstatSync(fd).isFile()) {
      return settle(
        entry.origin,
        hint,
        () => readLocal((sink) => syncChunks(fd, reuse, sink), gzip, opts),
        async () => closeSync(fd),
      );
    }
    closeSync(fd);
  }
  const file = await opened(entry, () => fsp.open(entry.file, 'r'));
  return settle(
    entry.origin,
    hint,
    () => readLocal((sink) => fileChunks(file, reuse, sink), gzip, opts),
    () => file.close(),
  );
}

/** The opened file, or an InputError naming it (exit 2): a file that cannot be opened is a usage problem. */
async function opened<T>(entry: FileEntry, open: () => T | Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (err) {
    throw new InputError(msg('cannotReadFile', entry.origin, fsReason(err)), MISSING_HINT);
  }
}

/** Read buffers of finished reads, for the next file (reads may run concurrently: each takes its own). */
const idleBuffers: Buffer[] = [];

/**
 * The chunks of an open file. With `reuse`, every chunk is read into the same pooled buffer, so a chunk is
 * valid only until the next one is asked for: the sink copies the lines it keeps, and nothing else holds on
 * to a chunk (no new 1 MiB buffer per read for the garbage collector). Gzip data (found by its magic
 * number) gets copies, since the inflater may hold on to its input.
 */
async function* fileChunks(file: FileHandle, reuse: boolean, sink?: BodySink): AsyncGenerator<Uint8Array> {
  yield* pooledChunks(reuse, sink, async (into) => (await file.read(into, 0, into.length, null)).bytesRead);
}

/**
 * The chunks of a regular file, read synchronously. The event loop gets a turn after every YIELD_BYTES read
 * (across files), so a server reading a large directory still answers its health checks.
 */
async function* syncChunks(fd: number, reuse: boolean, sink?: BodySink): AsyncGenerator<Uint8Array> {
  yield* pooledChunks(reuse, sink, async (into) => {
    if (readSinceTurn >= YIELD_BYTES) {
      readSinceTurn = 0;
      await nextTurn();
    }
    const n = readSync(fd, into, 0, into.length, null);
    readSinceTurn += n;
    return n;
  });
}

/** Bytes read synchronously since the event loop last had a turn. */
let readSinceTurn = 0;
const YIELD_BYTES = 4 << 20;

async function* pooledChunks(
  reuse: boolean,
  sink: BodySink | undefined,
  read: (into: Uint8Array) => Promise<number>,
): AsyncGenerator<Uint8Array> {
  const direct = reuse && sink?.input?.() !== undefined;
  let pooled = reuse && !direct ? (idleBuffers.pop() ?? Buffer.allocUnsafeSlow(READ_CHUNK)) : undefined;
  let copy = false;
  try {
    for (let first = true; ; first = false) {
      // With a sink that offers its own room, the bytes are read there (at most a chunk, as otherwise); gzip
      // data, which goes to the inflater, not the sink, into a pooled buffer.
      const room = direct && !copy ? sink?.input?.() : undefined;
      if (direct && room === undefined) pooled ??= idleBuffers.pop() ?? Buffer.allocUnsafeSlow(READ_CHUNK);
      const into = room ? room.subarray(0, READ_CHUNK) : (pooled ?? Buffer.allocUnsafe(READ_CHUNK));
      const bytesRead = await read(into);
      if (bytesRead === 0) return;
      const chunk = into.subarray(0, bytesRead);
      if (first && (pooled || direct)) copy = isGzip(chunk);
      yield copy ? Buffer.from(chunk) : chunk;
    }
  } finally {
    if (pooled && idleBuffers.length < 4) idleBuffers.push(pooled);
  }
}

/** Reads a stream (stdin for `-`) to its end, with the same cap and checks as a file. */
export async function readStream(
  stream: NodeJS.ReadableStream,
  origin: string,
  opts: LocalReadOptions = {},
): Promise<LocalOutcome> {
  if ((stream as { isTTY?: boolean }).isTTY === true) {
    throw new UsageError(msg('stdinTerminal'), msg('stdinHint'));
  }
  return settle(origin, 'stdin', () =>
    readLocal(() => stream as AsyncIterable<Uint8Array | string>, false, opts),
  );
}

/** Bytes per read of a file: large enough that a 30 MB dump is a few dozen reads. */
const READ_CHUNK = 1 << 20;

/** Reads the chunks `chunksFor` gives (it is handed the sink, which may offer room to read into). */
async function readLocal(
  chunksFor: (sink: BodySink | undefined) => AsyncIterable<Uint8Array | string>,
  gzip: boolean,
  opts: LocalReadOptions,
): Promise<Pick<FetchedSource, 'body' | 'kept'>> {
  const capped = { maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES, gzip };
  if (opts.sink && opts.strict !== true) {
    // Streamed through the sink: only the lines the caller needs are kept.
    const sink = opts.sink();
    const { head, tail, kept } = await streamCapped(chunksFor(sink), capped, sink);
    checkWhole(tail, head);
    return { body: '', kept };
  }
  const bytes = await readCapped(chunksFor(undefined), capped);
  checkWhole(bytes, bytes.subarray(0, 256));
  return { body: decodeUtf8(bytes, opts.strict === true) };
}

/** A file cut short (no final newline, OpenMetrics without # EOF) is a failed source. `end`: its last bytes. */
function checkWhole(end: Uint8Array, start: Uint8Array): void {
  // Binary data (a NUL or another control byte but tab, CR and LF at either end: never in a text exposition) is
  // not a dump cut short: it is read, and found to hold no Kepler metrics (exit 2, as for another exporter's
  // text), not a failed source that asks for a final newline.
  if (binary(start) || binary(end.subarray(Math.max(0, end.length - 64)))) return;
  const cut = truncation(end, looksLikeOpenMetrics(end));
  if (cut) throw new SourceTruncatedError(msg('fileCut', cut));
}

/** Whether bytes hold a control character a text exposition never has (all but tab, LF and CR). */
function binary(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b < 0x20 && b !== 9 && b !== 10 && b !== 13) return true;
  return false;
}

/** OpenMetrics declares itself only by its `# EOF` line: a dump with one anywhere near the end is OpenMetrics. */
function looksLikeOpenMetrics(bytes: Uint8Array): boolean {
  // As text, not with Buffer#includes: a string needle took a path of Buffer#indexOf the parser's calls (a byte,
  // an offset) never do, and deoptimised their optimised code (--trace-deopt).
  return Buffer.from(bytes.subarray(Math.max(0, bytes.length - 64)))
    .toString('latin1')
    .includes('# EOF');
}

async function settle(
  origin: string,
  nodeHint: string,
  read: () => Promise<Pick<FetchedSource, 'body' | 'kept'>>,
  cleanup?: () => Promise<void>,
): Promise<LocalOutcome> {
  try {
    return { ok: true, source: { origin, nodeHint, ...(await read()), fetchedAt: new Date() } };
  } catch (err) {
    if (
      err instanceof SourceTooLargeError ||
      err instanceof SourceTruncatedError ||
      err instanceof SourceEncodingError
    ) {
      const reason = msg('atOrigin', origin, err.reason);
      return { ok: false, failure: { origin, error: englishOf(reason), reason } };
    }
    if (err instanceof KcarbonError) throw err;
    throw new InputError(msg('cannotReadFile', origin, fsReason(err)), MISSING_HINT);
  } finally {
    await cleanup?.().catch(() => {});
  }
}

async function isRegularFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

function hintFor(spec: string, err: unknown): Msg {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' && /^[\w.-]+:\d+(?:\/|$)/.test(spec)) {
    return msg('urlSchemeHint', spec.includes('/') ? spec : `${spec}/metrics`);
  }
  return MISSING_HINT;
}
