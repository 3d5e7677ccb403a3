/** The test CA and server certificate in fixtures/tls (see its README for how they were made). */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../fixtures/tls/${name}`, import.meta.url));

/** PEM file of the CA that signed the server certificate: pass it as `caFile`. */
export const TEST_CA_FILE = fixture('ca.crt');

/** Key and certificate for an HTTPS server on 127.0.0.1 / localhost. */
export function serverTlsOptions(): { key: Buffer; cert: Buffer } {
  return { key: readFileSync(fixture('server.key')), cert: readFileSync(fixture('server.crt')) };
}
