/**
 * Metrics sources: turns what the user passes to `--source` (URLs, files, directories of per-node dumps,
 * `-` for stdin) into raw exposition text. Parsing happens elsewhere.
 */

import { msg, SourceUnreachableError } from '../errors.js';
import { expandPath, type FileEntry, type LocalOutcome, readFileEntry, readStream } from './files.js';
import { fetchUrls, type UrlOutcome, type UrlTarget } from './http.js';
import { classifySpec } from './spec.js';
import type { FetchedSource, SourceFailure, SourceOptions, SourceReadResult } from './types.js';

export { formatDuration, MAX_IN_FLIGHT, MAX_RETRIES } from './http.js';
export { DEFAULT_MAX_BYTES, formatBytes, parseByteSize } from './limit.js';
export {
  type KeplerServiceRef,
  nodeHintFromPath,
  nodeHintFromUrl,
  parseKeplerService,
  parseSourceSpecs,
  redactUrlText,
} from './spec.js';
export type { FetchedSource, SourceFailure, SourceOptions, SourceReadResult } from './types.js';

type Slot =
  | { kind: 'stdin'; origin: string }
  | { kind: 'files'; spec: string; path: string; entries: FileEntry[] }
  | { kind: 'url'; index: number };

/**
 * Reads every source. Local problems (a missing path, an empty directory, an unreadable --ca or --token-file,
 * a malformed URL) throw before any request is made. URLs are fetched concurrently; those that still fail
 * after retries come back in `failed`, unless nothing at all could be read: then SourceUnreachableError
 * (exit 3) lists every failure. `ok` keeps the order of `specs` (a directory expands in place, sorted by name).
 */
export async function readSources(specs: string[], opts: SourceOptions = {}): Promise<SourceReadResult> {
  const slots: Slot[] = [];
  const targets: UrlTarget[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec)) continue;
    seen.add(spec);
    const c = classifySpec(spec);
    if (c.kind === 'stdin') slots.push({ kind: 'stdin', origin: '-' });
    else if (c.kind === 'url') {
      slots.push({ kind: 'url', index: targets.length });
      targets.push({ origin: c.display, url: c.url, ...(c.basicAuth ? { basicAuth: c.basicAuth } : {}) });
    } else slots.push({ kind: 'files', spec, path: c.path, entries: [] });
  }
  // Expand paths first so a typo fails fast, before the network.
  for (const slot of slots) {
    if (slot.kind === 'files') slot.entries = await expandPath(slot.spec, slot.path);
  }

  const local = new Map<Slot, LocalOutcome[]>();
  opts.progress?.expect(
    slots.reduce((n, s) => n + (s.kind === 'stdin' ? 1 : s.kind === 'files' ? s.entries.length : 0), 0),
  );
  for (const slot of slots) {
    if (slot.kind === 'stdin') {
      const outcome = await readStream(opts.stdin ?? process.stdin, slot.origin, opts);
      opts.progress?.read(outcome.ok);
      if (outcome.ok) opts.onRead?.(outcome.source);
      local.set(slot, [outcome]);
    } else if (slot.kind === 'files') {
      const read: LocalOutcome[] = [];
      for (const entry of slot.entries) {
        const outcome = await readFileEntry(entry, opts);
        opts.progress?.read(outcome.ok);
        if (outcome.ok) opts.onRead?.(outcome.source);
        read.push(outcome);
      }
      local.set(slot, read);
    }
  }
  const outcomes: UrlOutcome[] = await fetchUrls(targets, opts);

  const ok: FetchedSource[] = [];
  const failed: SourceFailure[] = [];
  let urlsFailed = 0;
  for (const slot of slots) {
    if (slot.kind !== 'url') {
      for (const outcome of local.get(slot) ?? []) {
        if (outcome.ok) ok.push(outcome.source);
        else failed.push(outcome.failure);
      }
      continue;
    }
    urlsFailed += outcomes[slot.index]!.ok ? 0 : 1;
    const outcome = outcomes[slot.index]!;
    if (outcome.ok) ok.push(outcome.source);
    else failed.push(outcome.failure);
  }
  if (ok.length === 0 && failed.length > 0) {
    // A failure that already says how to fix it needs no second, generic hint.
    const fixed = failed.length === 1 && failed[0]!.error.includes(' — ');
    throw new SourceUnreachableError(
      msg('noSourceRead', ...failed.map((f) => f.reason ?? f.error)),
      // (Files and stdin have no endpoint or port to check.)
      fixed ? undefined : msg(urlsFailed > 0 ? 'noSourceHint' : 'noFileReadHint'),
    );
  }
  return { ok, failed };
}
