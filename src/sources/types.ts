/** What a metrics source yields: raw exposition text plus where it came from. */
import type { Msg } from '../errors.js';
import { TEXT_EN } from '../i18n/messages.js';

export interface SourceOptions {
  /** Per-request timeout in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Extra attempts after the first for a failing URL, with exponential backoff (default 2). */
  retries?: number;
  /** Base delay of the exponential backoff between attempts, in milliseconds (default 250; tests pass ~1). */
  retryBaseMs?: number;
  /** PEM CA bundle to trust for https sources (added to Node's default roots). */
  caFile?: string;
  /** Skip TLS verification. Only on the user's explicit request (--insecure). */
  insecure?: boolean;
  /** File holding a bearer token (kube-rbac-proxy); re-read on every scrape. */
  tokenFile?: string;
  /** In-memory credentials (the Kubernetes API server's, from a kubeconfig or the service account). */
  caPem?: string;
  token?: string;
  clientCert?: string;
  clientKey?: string;
  /** Largest source read, in bytes, raw and after gunzip, checked while streaming (default 256 MiB). */
  maxBytes?: number;
  /** Refuse invalid UTF-8 (and, in the parser, any malformed line) instead of replacing/skipping it. */
  strict?: boolean;
  /**
   * Takes each exposition body's bytes as they stream (after the cap and gunzip) and keeps only what the
   * caller needs, so no body is held whole: the parser's family filter. Not used with `strict` (every line
   * is checked then) nor for Prometheus' JSON.
   */
  sink?: () => BodySink;
  /** Extra request headers (--prometheus-header, e.g. X-Scope-OrgID for a Mimir/Cortex tenant). */
  headers?: Record<string, string>;
  /** Ask for OpenMetrics instead of text 0.0.4. */
  openMetrics?: boolean;
  /** Stream to read when the spec is `-` (default process.stdin); tests pass their own. */
  stdin?: NodeJS.ReadableStream;
  /** Cancels in-flight requests (MCP cancellation). */
  signal?: AbortSignal;
  /** Told how many sources a read holds and as each one is read (the CLI's progress line on a terminal). */
  progress?: ReadProgress;
  /**
   * Given each local source (file, directory entry, stdin) as soon as it is read, before the next one is: the
   * caller can parse it while its bytes are still in the processor's caches. URLs are not given here.
   */
  onRead?: (source: FetchedSource) => void;
}

/** Progress of reading sources: each read announces its sources, then reports each outcome. */
export interface ReadProgress {
  /** `n` more sources are about to be read. */
  expect(n: number): void;
  /** One source was read (`ok`) or failed. */
  read(ok: boolean): void;
  /** --sample waits this many seconds before its second scrape. */
  wait(seconds: number): void;
  /** Reading a period from Prometheus: the planned queries done of total, splits and refused answers so far. */
  queries?(q: QueryProgress): void;
}

/** Where a Prometheus period read stands (one query per counter and piece of the period, plus splits). */
export interface QueryProgress {
  /** Planned queries answered (each counter over each whole-hour range or partial hour). */
  done: number;
  total: number;
  /** Times an answer was split (by namespace, or halved in time) because it was too large. */
  splits: number;
  /** Answers refused as too large (HTTP 422 or more series than --prometheus-max-series), each then split. */
  refused: number;
}

/** `reading Prometheus: 3/12 queries done, 1 split, 1 refused as too large` (MCP progress; the CLI words it per --lang). */
export function queryProgressText(q: QueryProgress): string {
  return TEXT_EN.progressQueries(q.done, q.total, q.splits, q.refused);
}

/** A consumer of a body's bytes in chunks (lines may span chunks). */
export interface BodySink {
  write(chunk: Uint8Array): void;
  /**
   * Where the sink would have the next chunk read, if anywhere: a chunk read there and written is not copied.
   * Valid until the next write.
   */
  input?(): Uint8Array | undefined;
  end(): KeptBody;
}

/** What a sink kept: bytes, and a line map back to the body's line numbers (flat [kept, input] pairs). */
export interface KeptBody {
  readonly bytes: Uint8Array;
  readonly runs: number[];
  /** The reader is done with `bytes` (its own copies made): their memory may serve the next body. */
  release?(): void;
}

export interface FetchedSource {
  /** The file path or URL as the user gave it (a directory expands to one entry per file). */
  origin: string;
  /**
   * A node name to use when the exposition has `node_name=""` (Kepler v0.11 without
   * --kube.node-name): the file's base name without extension, or the URL's host.
   */
  nodeHint: string;
  /** The exposition text; empty when a sink kept the part that is needed (`kept`). */
  body: string;
  kept?: KeptBody;
  contentType?: string;
  fetchedAt: Date;
  /**
   * Labels in which copies of one series may differ (a Prometheus federation where two jobs scrape one exporter):
   * samples of a family equal in every other label are one series, read once.
   */
  copiesDifferIn?: readonly string[];
}

export interface SourceFailure {
  origin: string;
  /** One line: what failed and why (status code, timeout, TLS error...). */
  error: string;
  /** The same line by message code, when it has one (the CLI prints it in the run's language). */
  reason?: Msg;
}

export interface SourceReadResult {
  ok: FetchedSource[];
  failed: SourceFailure[];
}
