/** Local sources: files, directories of per-node dumps, and stdin. */

import type { Dirent, Stats } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { InputError, UsageError } from '../errors.js';
import { nodeHintFromPath } from './spec.js';
import type { FetchedSource } from './types.js';

/** Files in a dump directory that are documentation, not metrics (a README, expected figures). */
const NOT_METRICS = /\.(md|json|ya?ml)$/i;

const MISSING_HINT = 'check the path, or use --demo for the bundled demo cluster';

/** One file to read: `origin` is what gets reported (the path as given, or `<dir>/<name>`). */
export interface FileEntry {
  origin: string;
  file: string;
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
    throw new InputError(`cannot read --source ${spec}: ${describeFsError(err)}`, hintFor(spec, err));
  }
  if (!info.isDirectory()) return [{ origin: spec, file }];

  let dirents: Dirent[];
  try {
    dirents = await readdir(file, { withFileTypes: true });
  } catch (err) {
    throw new InputError(`cannot list directory ${spec}: ${describeFsError(err)}`, MISSING_HINT);
  }
  const names: string[] = [];
  for (const d of dirents) {
    if (d.name.startsWith('.') || NOT_METRICS.test(d.name)) continue;
    if (d.isFile() || (d.isSymbolicLink() && (await isRegularFile(path.join(file, d.name)))))
      names.push(d.name);
  }
  if (names.length === 0) {
    throw new InputError(
      `directory ${spec} holds no metrics files (hidden files and .md/.json/.yaml files are skipped)`,
      MISSING_HINT,
    );
  }
  names.sort(compareNames);
  return names.map((name) => ({ origin: path.join(spec, name), file: path.join(file, name) }));
}

/** Reads one file (gunzipping `.gz` files and gzip content) into a source. */
export async function readFileEntry(entry: FileEntry): Promise<FetchedSource> {
  let raw: Buffer;
  try {
    raw = await readFile(entry.file);
  } catch (err) {
    throw new InputError(`cannot read ${entry.origin}: ${describeFsError(err)}`, MISSING_HINT);
  }
  const gzipped = /\.gz$/i.test(entry.file) || isGzip(raw);
  return {
    origin: entry.origin,
    nodeHint: nodeHintFromPath(entry.file),
    body: decodeBody(raw, gzipped, entry.origin),
    fetchedAt: new Date(),
  };
}

/** Reads a stream (stdin for `-`) to its end. */
export async function readStream(stream: NodeJS.ReadableStream, origin: string): Promise<FetchedSource> {
  if ((stream as { isTTY?: boolean }).isTTY === true) {
    throw new UsageError(
      '--source - reads metrics from stdin, but stdin is a terminal',
      'pipe them in, e.g. curl -s http://<node-ip>:28282/metrics | kcarbon ... --source -',
    );
  }
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
    }
  } catch (err) {
    throw new InputError(`cannot read stdin: ${(err as Error).message}`);
  }
  const raw = Buffer.concat(chunks);
  return { origin, nodeHint: 'stdin', body: decodeBody(raw, isGzip(raw), 'stdin'), fetchedAt: new Date() };
}

/** True when the bytes start with the gzip magic number (exposition text never does). */
export function isGzip(raw: Uint8Array): boolean {
  return raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b;
}

const utf8 = new TextDecoder('utf-8');

/** Gunzips when asked, then decodes UTF-8 (dropping a BOM). */
export function decodeBody(raw: Uint8Array, gzipped: boolean, origin: string): string {
  let bytes = raw;
  if (gzipped) {
    try {
      bytes = gunzipSync(raw);
    } catch (err) {
      throw new InputError(
        `${origin}: not valid gzip data (${(err as Error).message})`,
        'only .gz files should be gzip-compressed',
      );
    }
  }
  return utf8.decode(bytes);
}

async function isRegularFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

let collator: Intl.Collator | undefined;

/** Natural name order (`worker-2` before `worker-10`), ties broken by code units so it is total. */
function compareNames(a: string, b: string): number {
  collator ??= new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a parent of it is not a directory';
    case 'EISDIR':
      return 'is a directory';
    default:
      return (err as Error).message;
  }
}

function hintFor(spec: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' && /^[\w.-]+:\d+(?:\/|$)/.test(spec)) {
    return `for a URL write the scheme, e.g. http://${spec.includes('/') ? spec : `${spec}/metrics`}; or use --demo for the bundled demo cluster`;
  }
  return MISSING_HINT;
}
