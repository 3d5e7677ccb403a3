/**
 * Streamable HTTP lets a server answer a POST either with one JSON body (`application/json`) or with an SSE stream
 * (`text/event-stream`); clients must accept both (spec 2025-11-25, basic/transports). The SDK's transport picks
 * one for a whole session (`enableJsonResponse`). kcarbon picks per request: an SSE stream only when the request
 * carries a progress token (progress notifications travel on that stream), plain JSON otherwise, which spares
 * the server and the client the stream machinery for a result of several kilobytes (same JSON-RPC message, same
 * bytes of result). Server logs and other notifications go to the session's GET stream either way.
 *
 * The SDK reads its `_enableJsonResponse` flag at two moments: in the synchronous part of `handlePostRequest`
 * (before the response is built) and in `send` (for the response of a request). Both are wrapped here so the flag
 * reads the request's own choice. If the SDK's internals are not what this expects, nothing is changed and every
 * answer stays an SSE stream (correct, only slower); test/mcp-http.test.ts checks both kinds of answer.
 *
 * A JSON answer to a single request is then written here rather than by the SDK's `send`, which would serialise
 * the whole response again: a tool result made by kcarbon comes with its JSON text, raw and escaped (prepareAnswer,
 * json-text.ts), so the body is those two texts (the escaped one as the text content's string) around the
 * JSON-RPC envelope, the bytes JSON.stringify would write. The SDK 1.32 also never drops a JSON answer's stream entry (`_streamMapping` grows
 * by one per call for the session's life); this path drops it once answered.
 *
 * When the POST came through handleDirect (src/mcp/http.ts), its node response is known: the answer is written
 * to it at once, with the headers the SDK would give it, and the SDK is handed a body-less response marked
 * `x-hono-already-sent` (the mark by which the SDK's node adapter, @hono/node-server, leaves a response alone),
 * instead of a web Response whose body stream the adapter reads back and copies out.
 *
 * A request the client cancels gets no response (spec, basic/utilities/cancellation), so the SDK would keep the
 * POST that carried it open for good, and its session busy: that POST is ended here (endCancelled).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { JsonText } from './json-text.js';

interface StreamEntry {
  resolveJson?: unknown;
  cleanup?: () => void;
}

type RequestId = string | number;

interface WebTransport {
  _enableJsonResponse: boolean;
  _streamMapping: Map<string, StreamEntry>;
  _requestToStreamMapping: Map<RequestId, string>;
  _requestResponseMap?: Map<RequestId, unknown>;
  _resumableStreams?: Set<string>;
  sessionId?: string;
  handlePostRequest(req: unknown, options?: { parsedBody?: unknown }): Promise<unknown>;
  send(message: unknown, options?: { relatedRequestId?: string | number }): Promise<void>;
}

/** The request a single `notifications/cancelled` message cancels, if the body is one. */
function cancelledRequestId(body: unknown): RequestId | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const m = body as { method?: unknown; params?: { requestId?: unknown } };
  if (m.method !== 'notifications/cancelled') return undefined;
  const id = m.params?.requestId;
  return typeof id === 'string' || typeof id === 'number' ? id : undefined;
}

/** A single JSON-RPC request (not initialize) that asked for no progress notifications. */
export function wantsJsonAnswer(body: unknown): boolean {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  const m = body as { id?: unknown; method?: unknown; params?: { _meta?: { progressToken?: unknown } } };
  if (m.id === undefined || typeof m.method !== 'string' || m.method === 'initialize') return false;
  return m.params?._meta?.progressToken === undefined;
}

function webTransportOf(transport: StreamableHTTPServerTransport): WebTransport | undefined {
  const web = (transport as unknown as { _webStandardTransport?: Partial<WebTransport> })
    ._webStandardTransport;
  if (
    !web ||
    typeof web._enableJsonResponse !== 'boolean' ||
    !(web._streamMapping instanceof Map) ||
    !(web._requestToStreamMapping instanceof Map) ||
    typeof web.handlePostRequest !== 'function' ||
    typeof web.send !== 'function'
  ) {
    return undefined;
  }
  return web as WebTransport;
}

/** A tool result's structuredContent and its JSON text (raw and escaped), made by the tool for its request. */
interface PreparedAnswer extends JsonText {
  structured: Record<string, unknown>;
}

/** Per transport answering JSON here, the prepared answers of its requests in flight. */
const prepared = new WeakMap<object, Map<RequestId, PreparedAnswer>>();

/**
 * Hands the JSON text of a tool result (`texts.raw` is JSON.stringify(structured)) to the transport that will
 * answer request `id`, so the answer is not serialised again. Ignored unless the transport answers JSON here.
 */
export function prepareAnswer(
  transport: unknown,
  id: RequestId | undefined,
  structured: Record<string, unknown>,
  texts: JsonText,
): void {
  const byId = transport !== null && typeof transport === 'object' ? prepared.get(transport) : undefined;
  if (!byId || id === undefined) return;
  // Requests whose answer never comes (cancelled) leave theirs behind: bounded, and gone with the session.
  if (byId.size >= 1000) byId.clear();
  byId.set(id, { structured, raw: texts.raw, escaped: texts.escaped });
}

/**
 * The JSON-RPC response as JSON.stringify writes it, from the prepared text when the response is exactly the
 * prepared tool result (the SDK passes on a parsed copy: same keys, same values), else JSON.stringify's own.
 */
export function responseBody(message: unknown, answer: PreparedAnswer | undefined): string {
  const m = message as { result?: Record<string, unknown>; jsonrpc?: unknown; id?: unknown };
  if (answer && m.jsonrpc === '2.0' && sameKeys(m, ['result', 'jsonrpc', 'id']) && m.result) {
    const r = m.result;
    const content = r.content as Array<Record<string, unknown>> | undefined;
    const block = Array.isArray(content) && content.length === 1 ? content[0] : undefined;
    const structured = r.structuredContent as Record<string, unknown> | undefined;
    if (
      sameKeys(r, ['content', 'structuredContent']) &&
      block &&
      sameKeys(block, ['type', 'text']) &&
      block.type === 'text' &&
      block.text === answer.raw &&
      structured &&
      sameValues(structured, answer.structured)
    ) {
      // One flat string, copied once from the texts' pieces.
      return [
        '{"result":{"content":[{"type":"text","text":"',
        answer.escaped,
        '"}],"structuredContent":',
        answer.raw,
        '},"jsonrpc":"2.0","id":',
        JSON.stringify(m.id),
        '}',
      ].join('');
    }
  }
  return JSON.stringify(message);
}

function sameKeys(o: object, keys: readonly string[]): boolean {
  const own = Object.keys(o);
  return own.length === keys.length && own.every((k, i) => k === keys[i]);
}

/** Same own keys in the same order, and the same values (===): the same JSON text. */
function sameValues(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

/** The node response of the POST whose handling is starting (set by handleDirect for its synchronous part). */
let respondingTo: ServerResponse | undefined;

/**
 * transport.handleRequest(req, res, body), letting a JSON answer to this POST be written straight to `res`. The
 * SDK reaches handlePostRequest synchronously (its adapter makes the web Request, then calls it); if it ever
 * does not, the wrapper below sees no response and the SDK writes the answer itself.
 */
export function handleDirect(
  transport: StreamableHTTPServerTransport,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
): Promise<void> {
  respondingTo = res;
  try {
    return transport.handleRequest(req, res, body);
  } finally {
    respondingTo = undefined;
  }
}

/** Node responses of the JSON answers waiting in a transport, by the SDK's stream entry of their POST. */
const directTo = new WeakMap<StreamEntry, ServerResponse>();

let alreadySent: Response | undefined;
/** A body-less response the SDK's node adapter leaves alone (the answer is written already); one for all. */
function answeredResponse(): Response {
  alreadySent ??= new Response(null, { status: 200, headers: { 'x-hono-already-sent': 'true' } });
  return alreadySent;
}

/** Makes a stateful transport answer each POST as JSON or SSE by the request's own needs (wantsJsonAnswer). */
export function answerJsonWhenNoProgress(transport: StreamableHTTPServerTransport): void {
  const web = webTransportOf(transport);
  if (!web) return;
  const answers = new Map<RequestId, PreparedAnswer>();
  prepared.set(transport, answers);
  // The choice of the POST being handled (synchronous part only) and of the response being sent.
  let posting: boolean | undefined;
  let sending: boolean | undefined;
  const fallback = web._enableJsonResponse;
  Object.defineProperty(web, '_enableJsonResponse', {
    configurable: true,
    get: () => sending ?? posting ?? fallback,
    set: () => {},
  });
  const handlePost = web.handlePostRequest;
  web.handlePostRequest = function (req, options) {
    const out = respondingTo;
    respondingTo = undefined;
    posting = wantsJsonAnswer(options?.parsedBody);
    const cancelled = cancelledRequestId(options?.parsedBody);
    try {
      const answered = handlePost.call(this, req, options);
      if (cancelled !== undefined) void Promise.resolve(answered).then(() => endCancelled(cancelled));
      // The synchronous part has set up the POST's stream entry: its answer may go straight to `out`.
      if (posting && out && options) {
        const id = (options.parsedBody as { id: RequestId }).id;
        const stream = web._requestToStreamMapping.get(id);
        const entry = stream === undefined ? undefined : web._streamMapping.get(stream);
        if (entry?.resolveJson !== undefined) directTo.set(entry, out);
      }
      return answered;
    } finally {
      posting = undefined;
    }
  };
  const send = web.send;
  web.send = function (message, options) {
    // A response goes where its request came from: JSON if that POST is waiting for a JSON body.
    const m = message as { id?: RequestId; result?: unknown; error?: unknown };
    const response = m.id !== undefined && ('result' in m || 'error' in m);
    const id = response ? m.id : options?.relatedRequestId;
    const stream = id === undefined ? undefined : web._requestToStreamMapping.get(id);
    const entry = stream === undefined ? undefined : web._streamMapping.get(stream);
    sending = entry?.resolveJson !== undefined;
    if (response && id !== undefined) {
      const answer = answers.get(id);
      answers.delete(id);
      if (stream !== undefined && typeof entry?.resolveJson === 'function' && onlyRequestOf(stream, id)) {
        // The SDK's JSON answer (one request on this POST), with the prepared body and its entries dropped.
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (web.sessionId !== undefined) headers['mcp-session-id'] = web.sessionId;
        sending = undefined;
        endJsonPost(entry, stream, id, 200, headers, responseBody(message, answer));
        return Promise.resolve();
      }
    }
    try {
      return send.call(this, message, options);
    } finally {
      sending = undefined;
    }
  };
  /**
   * A cancelled request gets no response (the SDK sends none, as the spec says), so the POST that carried it would
   * stay open for good: its stream (or its pending JSON answer, with an empty 202) ends here, when that request
   * was the POST's only one, and the session can go idle. Anything the handler still sends for it is dropped.
   */
  function endCancelled(id: RequestId): void {
    const stream = web!._requestToStreamMapping.get(id);
    const entry = stream === undefined ? undefined : web!._streamMapping.get(stream);
    if (stream === undefined || entry === undefined || !onlyRequestOf(stream, id)) return;
    if (typeof entry.resolveJson === 'function') endJsonPost(entry, stream, id, 202, {}, null);
    else entry.cleanup?.();
  }
  /**
   * Ends the POST waiting on `entry` (one request, `id`, on `stream`) with `status`, `headers` and `body`: straight
   * to its node response when handleDirect gave one, else as the web Response the SDK waits for; the request's and
   * the stream's entries are dropped (the SDK would keep them for the session's life).
   */
  function endJsonPost(
    entry: StreamEntry,
    stream: string,
    id: RequestId,
    status: number,
    headers: Record<string, string>,
    body: string | null,
  ): void {
    const resolve = entry.resolveJson as (r: Response) => void;
    web!._requestToStreamMapping.delete(id);
    web!._requestResponseMap?.delete(id);
    web!._streamMapping.delete(stream);
    web!._resumableStreams?.delete(stream);
    const out = directTo.get(entry);
    if (out && !out.headersSent && !out.writableEnded && !out.destroyed) {
      out.statusCode = status;
      for (const [name, value] of Object.entries(headers)) out.setHeader(name, value);
      if (body === null) out.end();
      else out.end(body);
      resolve(answeredResponse());
    } else {
      resolve(new Response(body, { status, headers }));
    }
  }
  /** True when `id` is the only request waiting on `stream` (always so for a POST answered JSON here). */
  function onlyRequestOf(stream: string, id: RequestId): boolean {
    for (const [other, s] of web!._requestToStreamMapping) if (s === stream && other !== id) return false;
    return true;
  }
}
