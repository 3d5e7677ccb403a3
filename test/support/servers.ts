/** Local test servers on 127.0.0.1 with ephemeral ports. */

import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { serverTlsOptions } from './tls.js';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface TestServer {
  port: number;
  /** Full URL for a path on this server, e.g. `url('/metrics')`. */
  url: (path?: string) => string;
  /** Requests seen so far, in arrival order. */
  requests: http.IncomingMessage[];
  close: () => Promise<void>;
}

/** Starts a plain HTTP server, or HTTPS with the test certificate for 127.0.0.1 / localhost (loopback only). */
export async function startServer(
  handler: Handler,
  opts: { tls?: boolean; host?: string } = {},
): Promise<TestServer> {
  const host = opts.host ?? '127.0.0.1';
  const requests: http.IncomingMessage[] = [];
  const onRequest: Handler = (req, res) => {
    requests.push(req);
    handler(req, res);
  };
  const server = opts.tls ? https.createServer(serverTlsOptions(), onRequest) : http.createServer(onRequest);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const scheme = opts.tls ? 'https' : 'http';
  return {
    port,
    requests,
    url: (path = '/metrics') => `${scheme}://${host}:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
