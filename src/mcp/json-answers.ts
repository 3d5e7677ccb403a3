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
 */
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

interface StreamEntry {
  resolveJson?: unknown;
}

interface WebTransport {
  _enableJsonResponse: boolean;
  _streamMapping: Map<string, StreamEntry>;
  _requestToStreamMapping: Map<string | number, string>;
  handlePostRequest(req: unknown, options?: { parsedBody?: unknown }): Promise<unknown>;
  send(message: unknown, options?: { relatedRequestId?: string | number }): Promise<void>;
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

/** Makes a stateful transport answer each POST as JSON or SSE by the request's own needs (wantsJsonAnswer). */
export function answerJsonWhenNoProgress(transport: StreamableHTTPServerTransport): void {
  const web = webTransportOf(transport);
  if (!web) return;
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
    posting = wantsJsonAnswer(options?.parsedBody);
    try {
      return handlePost.call(this, req, options);
    } finally {
      posting = undefined;
    }
  };
  const send = web.send;
  web.send = function (message, options) {
    // A response goes where its request came from: JSON if that POST is waiting for a JSON body.
    const m = message as { id?: string | number; result?: unknown; error?: unknown };
    const id = m.id !== undefined && ('result' in m || 'error' in m) ? m.id : options?.relatedRequestId;
    const stream = id === undefined ? undefined : web._requestToStreamMapping.get(id);
    sending = stream !== undefined && web._streamMapping.get(stream)?.resolveJson !== undefined;
    try {
      return send.call(this, message, options);
    } finally {
      sending = undefined;
    }
  };
}
