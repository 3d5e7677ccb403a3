/**
 * Reading a source's bytes safely, whatever the source (HTTP body, file, stdin): a byte cap checked while
 * streaming (on the raw and the gunzipped bytes), gzip detected by its magic number and inflated
 * incrementally, and checks that the exposition is whole (a cut stream is a failed source, not a smaller
 * one). Pieces are small and composable so a chunked reader can keep them.
 */
import { createRequire } from 'node:module';
import { englishOf, type Msg, msg, UsageError } from '../errors.js';
import type { BodySink, KeptBody } from './types.js';

/**
 * Default `--max-bytes`: 256 MiB. A 2,000-pod node with process metrics exposes about 2,000 pods x ~100
 * series (pod, container and process families over their zones) x ~300 bytes a line ≈ 60 MB, so this fits
 * it about four times over, while staying far below what a JavaScript string can hold (~512 MiB).
 */
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/** The source is larger than --max-bytes: never retried. */
export class SourceTooLargeError extends Error {
  readonly reason: Msg;
  constructor(readonly maxBytes: number) {
    const reason = msg('tooLarge', formatBytes(maxBytes));
    super(englishOf(reason));
    this.reason = reason;
    this.name = 'SourceTooLargeError';
  }
}

/** The source ended before its data did (cut connection, short body, missing # EOF, bad gzip tail). */
export class SourceTruncatedError extends Error {
  constructor(readonly reason: Msg) {
    super(englishOf(reason));
    this.name = 'SourceTruncatedError';
  }
}

/** The bytes are not UTF-8 and --strict asked for no replacement. */
export class SourceEncodingError extends Error {
  constructor(readonly reason: Msg) {
    super(englishOf(reason));
    this.name = 'SourceEncodingError';
  }
}

const builtin = createRequire(import.meta.url);

const GZIP_MAGIC = [0x1f, 0x8b];

/** True when the bytes start with the gzip magic number (exposition text never does). */
export function isGzip(raw: Uint8Array): boolean {
  return raw.length >= 2 && raw[0] === GZIP_MAGIC[0] && raw[1] === GZIP_MAGIC[1];
}

/** Counts bytes as they pass and throws SourceTooLargeError past `maxBytes`. */
export async function* limitBytes(
  chunks: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    total += bytes.length;
    if (total > maxBytes) throw new SourceTooLargeError(maxBytes);
    yield bytes;
  }
}

/** Inflates a gzip stream incrementally; a gzip stream cut short is a SourceTruncatedError. */
export async function* gunzipChunks(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  // Loaded with the first gzip body: plain files and bodies need neither (required, not import()ed: the
  // bundle runs as a vm.Script, which has no dynamic-import callback for Node's own modules).
  const { createGunzip } = builtin('node:zlib') as typeof import('node:zlib');
  const { Readable } = builtin('node:stream') as typeof import('node:stream');
  const { pipeline } = builtin('node:stream/promises') as typeof import('node:stream/promises');
  const gunzip = createGunzip();
  const feeding = pipeline(Readable.from(chunks, { objectMode: false }), gunzip).catch((err: unknown) => {
    gunzip.destroy(err as Error);
  });
  try {
    for await (const out of gunzip) yield out as Uint8Array;
  } catch (err) {
    if (err instanceof SourceTooLargeError || err instanceof SourceTruncatedError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test((err as Error).message))
      throw new SourceTruncatedError(msg('gzipCut'));
    if (typeof code === 'string' && code.startsWith('Z_'))
      throw new SourceEncodingError(msg('notGzip', (err as Error).message));
    throw err;
  } finally {
    gunzip.destroy();
    await feeding;
  }
}

/** The capped chunks of a body, gunzipped when the data starts with the gzip magic (or `gzip` says so). */
async function* cappedChunks(
  chunks: AsyncIterable<Uint8Array | string>,
  opts: { maxBytes: number; gzip?: boolean },
): AsyncGenerator<Uint8Array> {
  const raw = limitBytes(chunks, opts.maxBytes);
  const first = await raw.next();
  if (first.done) return;
  const head = first.value;
  async function* all(): AsyncGenerator<Uint8Array> {
    yield head;
    yield* raw;
  }
  const gzipped = opts.gzip === true || isGzip(head);
  yield* gzipped ? limitBytes(gunzipChunks(all()), opts.maxBytes) : all();
}

/**
 * Reads every chunk into one buffer, gunzipping when the data starts with the gzip magic (or `gzip` says
 * so), with `maxBytes` applied to the raw bytes and again to the inflated bytes (a gzip bomb stops at the cap).
 */
export async function readCapped(
  chunks: AsyncIterable<Uint8Array | string>,
  opts: { maxBytes: number; gzip?: boolean },
): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of cappedChunks(chunks, opts)) parts.push(c);
  return Buffer.concat(parts);
}

const HEAD_BYTES = 256;
const TAIL_BYTES = 64;

/**
 * Streams the capped (inflated) chunks into `sink` as they arrive, never holding the whole body; keeps its
 * first bytes (HTML sniffing) and last bytes (truncation) for the checks.
 */
export async function streamCapped(
  chunks: AsyncIterable<Uint8Array | string>,
  opts: { maxBytes: number; gzip?: boolean },
  sink: BodySink,
): Promise<{ head: Buffer; tail: Buffer; kept: KeptBody }> {
  let head = Buffer.alloc(0);
  let tail = Buffer.alloc(0);
  for await (const c of cappedChunks(chunks, opts)) {
    if (head.length < HEAD_BYTES) head = Buffer.concat([head, c.subarray(0, HEAD_BYTES - head.length)]);
    const joined = c.length >= TAIL_BYTES ? c : Buffer.concat([tail, c]);
    tail = Buffer.from(joined.subarray(Math.max(0, joined.length - TAIL_BYTES)));
    sink.write(c);
  }
  return { head, tail, kept: sink.end() };
}

const LF = 0x0a;
const CR = 0x0d;

/** An HTML page (a login or error page served as text/plain): starts with `<` after blanks. */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  for (const b of bytes.subarray(0, 256)) {
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0xef || b === 0xbb || b === 0xbf)
      continue;
    return b === 0x3c; // '<'
  }
  return false;
}

const EOF_MARK = Buffer.from('# EOF');

/**
 * Why an exposition is not whole, or undefined when it is: OpenMetrics must end with `# EOF` (and an
 * optional newline); text 0.0.4 must end with a newline (its last line is terminated), so a stream cut
 * mid-line is caught. An empty body is whole (an exporter with nothing to say yet).
 */
export function truncation(bytes: Uint8Array, openMetrics: boolean): Msg | undefined {
  if (bytes.length === 0) return undefined;
  let end = bytes.length;
  if (openMetrics) {
    if (bytes[end - 1] === LF) end--;
    // CRLF line endings (a file saved on Windows): '# EOF\r' ends the input as '# EOF' does.
    if (bytes[end - 1] === CR) end--;
    const start = end - EOF_MARK.length;
    const tail = start >= 0 ? Buffer.from(bytes.subarray(start, end)) : undefined;
    const lineStart = start === 0 || (start > 0 && bytes[start - 1] === LF);
    if (!tail?.equals(EOF_MARK) || !lineStart) return msg('noEofMark');
    return undefined;
  }
  if (bytes[end - 1] !== LF) return msg('midLine');
  return undefined;
}

const utf8 = new TextDecoder('utf-8');
const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

/**
 * UTF-8 text of the bytes (a BOM dropped). Invalid sequences become U+FFFD, or with `strict` a
 * SourceEncodingError naming the byte offset of the first one.
 */
export function decodeUtf8(bytes: Uint8Array, strict: boolean): string {
  if (!strict) return utf8.decode(bytes);
  try {
    return utf8Fatal.decode(bytes);
  } catch {
    throw new SourceEncodingError(msg('invalidUtf8', firstInvalidUtf8(bytes)));
  }
}

/** Byte offset of the first invalid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // The smallest prefix that fails to decode ends inside the first bad sequence.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    try {
      utf8Fatal.decode(bytes.subarray(0, mid + 1), { stream: true });
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  // `lo` is the byte that made the sequence invalid: step back to the lead byte it belongs to.
  for (let k = lo - 1; k >= Math.max(0, lo - 3); k--) {
    const b = bytes[k]!;
    if (b >= 0xc0) return k;
    if ((b & 0xc0) !== 0x80) break;
  }
  return lo;
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1000,
  kb: 1000,
  m: 1000 ** 2,
  mb: 1000 ** 2,
  g: 1000 ** 3,
  gb: 1000 ** 3,
  ki: 1024,
  kib: 1024,
  mi: 1024 ** 2,
  mib: 1024 ** 2,
  gi: 1024 ** 3,
  gib: 1024 ** 3,
};

/** `256MiB`, `100MB`, `64Mi`, `1048576` -> bytes. */
export function parseByteSize(value: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = SIZE_UNITS[(m?.[2] ?? '').toLowerCase()];
  const bytes = m && unit !== undefined ? Math.floor(Number(m[1]) * unit) : Number.NaN;
  if (!(bytes >= 1)) {
    throw new UsageError(msg('notSize', flag, value), msg('sizeHint'));
  }
  return bytes;
}

/** `256 MiB`, `1.5 KiB`, `12 B`. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number(v.toFixed(1))} ${units[i]}`;
}
