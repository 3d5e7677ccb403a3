import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, InputError, SourceUnreachableError, UsageError } from '../src/errors.js';
import { wantKeplerFamily } from '../src/kepler/build.js';
import { FamilyFilter } from '../src/parser/index.js';
import { readFileEntry } from '../src/sources/files.js';
import {
  nodeHintFromPath,
  nodeHintFromUrl,
  parseSourceSpecs,
  readSources,
  type SourceOptions,
} from '../src/sources/index.js';
import { prometheusUrlCredentials, redactUrlText } from '../src/sources/spec.js';
import { compareNames } from '../src/util/compare.js';
import { closedPort, type Handler, startServer, type TestServer } from './support/servers.js';
import { TEST_CA_FILE } from './support/tls.js';

const METRICS =
  '# TYPE kepler_node_cpu_joules_total counter\nkepler_node_cpu_joules_total{zone="package"} 42\n';
const TEXT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
/** Fast retries and timeouts so every test stays well under a second. */
const FAST: SourceOptions = { retryBaseMs: 1, timeoutMs: 2000 };

const metrics: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': TEXT_TYPE });
  res.end(METRICS);
};

let tmp: string;
const servers: TestServer[] = [];

async function serve(handler: Handler, opts: { tls?: boolean; host?: string } = {}): Promise<TestServer> {
  const server = await startServer(handler, opts);
  servers.push(server);
  return server;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'kcarbon-sources-'));
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('parseSourceSpecs', () => {
  it('splits commas, trims, drops empties and de-duplicates across repeated flags', () => {
    const specs = parseSourceSpecs(
      [' http://a:28282/metrics, dumps/ ,,', 'http://b:28282/metrics,http://a:28282/metrics', '-'],
      { KEPLER_ENDPOINT: 'http://ignored/metrics' },
    );
    expect(specs).toEqual(['http://a:28282/metrics', 'dumps/', 'http://b:28282/metrics', '-']);
  });

  it('falls back to KEPLER_ENDPOINT, also comma-separated', () => {
    expect(parseSourceSpecs(undefined, { KEPLER_ENDPOINT: 'http://x/metrics , http://y/metrics' })).toEqual([
      'http://x/metrics',
      'http://y/metrics',
    ]);
    expect(parseSourceSpecs([' , '], { KEPLER_ENDPOINT: 'http://x/metrics' })).toEqual(['http://x/metrics']);
  });

  it('returns [] when nothing is given', () => {
    expect(parseSourceSpecs(undefined, {})).toEqual([]);
    expect(parseSourceSpecs([], { KEPLER_ENDPOINT: ' ' })).toEqual([]);
  });
});

describe('node hints', () => {
  it('uses a file base name without .gz and one extension', () => {
    expect(nodeHintFromPath('/dumps/worker-1.prom')).toBe('worker-1');
    expect(nodeHintFromPath('a.prom.gz')).toBe('a');
    expect(nodeHintFromPath('ip-10-0-0-5.ec2.internal.prom')).toBe('ip-10-0-0-5.ec2.internal');
    expect(nodeHintFromPath('worker-2')).toBe('worker-2');
  });

  it('uses the host of a URL, or the pod of an API-server proxy URL', () => {
    expect(nodeHintFromUrl(new URL('http://10.0.0.5:28282/metrics'))).toBe('10.0.0.5');
    expect(nodeHintFromUrl(new URL('http://[::1]:28282/metrics'))).toBe('::1');
    const api = 'https://api.example:6443/api/v1/namespaces/kepler/pods';
    expect(nodeHintFromUrl(new URL(`${api}/kepler-x7k2p:28282/proxy/metrics`))).toBe('kepler-x7k2p');
    expect(nodeHintFromUrl(new URL(`${api}/https:kepler-abc:8443/proxy/metrics`))).toBe('kepler-abc');
  });
});

describe('readSources over HTTP', () => {
  it('fetches plain HTTP with the text 0.0.4 Accept header and gzip allowed', async () => {
    const server = await serve(metrics);
    const before = Date.now();
    const { ok, failed } = await readSources([server.url()], FAST);
    expect(failed).toEqual([]);
    expect(ok).toHaveLength(1);
    const [source] = ok;
    expect(source?.origin).toBe(server.url());
    expect(source?.nodeHint).toBe('127.0.0.1');
    expect(source?.body).toBe(METRICS);
    expect(source?.contentType).toBe(TEXT_TYPE);
    expect(source?.fetchedAt.getTime()).toBeGreaterThanOrEqual(before);
    const headers = server.requests[0]?.headers;
    expect(headers?.accept).toBe('text/plain; version=0.0.4');
    expect(headers?.['accept-encoding']).toContain('gzip');
    expect(headers?.authorization).toBeUndefined();
  });

  it('asks for OpenMetrics when openMetrics is set', async () => {
    const server = await serve(metrics);
    await readSources([server.url()], { ...FAST, openMetrics: true });
    expect(server.requests[0]?.headers.accept).toMatch(/^application\/openmetrics-text; version=1\.0\.0/);
  });

  it('decodes a gzip-encoded response', async () => {
    const server = await serve((req, res) => {
      expect(req.headers['accept-encoding']).toContain('gzip');
      res.writeHead(200, { 'content-type': TEXT_TYPE, 'content-encoding': 'gzip' });
      res.end(gzipSync(METRICS));
    });
    const { ok } = await readSources([server.url()], FAST);
    expect(ok[0]?.body).toBe(METRICS);
  });

  it('uses the pod name as node hint for API-server proxy URLs', async () => {
    const server = await serve(metrics);
    const url = server.url('/api/v1/namespaces/kepler/pods/kepler-x7k2p:28282/proxy/metrics');
    const { ok } = await readSources([url], FAST);
    expect(ok[0]?.nodeHint).toBe('kepler-x7k2p');
  });

  it('retries a 503 and succeeds', async () => {
    let calls = 0;
    const server = await serve((req, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(503).end('busy');
        return;
      }
      metrics(req, res);
    });
    const { ok, failed } = await readSources([server.url()], FAST);
    expect(failed).toEqual([]);
    expect(ok[0]?.body).toBe(METRICS);
    expect(calls).toBe(2);
  });

  it('gives up after the retries and says how many attempts were made', async () => {
    const server = await serve((_req, res) => res.writeHead(500).end());
    const err = await rejection(readSources([server.url()], { ...FAST, retries: 2 }));
    expect(server.requests).toHaveLength(3);
    expect((err as Error).message).toContain(`${server.url()}: HTTP 500 Internal Server Error (3 attempts)`);
  });

  it('does not retry a 404', async () => {
    const server = await serve((_req, res) => res.writeHead(404).end());
    const err = await rejection(readSources([server.url('/metric')], FAST));
    expect(server.requests).toHaveLength(1);
    expect((err as Error).message).toContain('HTTP 404 Not Found — check the URL path');
  });

  it('times out a server that never answers', async () => {
    const server = await serve(() => {});
    const err = await rejection(readSources([server.url()], { ...FAST, timeoutMs: 100, retries: 0 }));
    expect(err).toBeInstanceOf(SourceUnreachableError);
    expect((err as Error).message).toContain(`${server.url()}: timed out after 100ms`);
  });

  it('returns the sources that worked and names the dead one', async () => {
    const a = await serve(metrics);
    const b = await serve(metrics);
    const dead = `http://127.0.0.1:${await closedPort()}/metrics`;
    const { ok, failed } = await readSources([a.url(), dead, b.url()], { ...FAST, retries: 1 });
    expect(ok.map((s) => s.origin)).toEqual([a.url(), b.url()]);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.origin).toBe(dead);
    expect(failed[0]?.error).toMatch(
      new RegExp(`^${dead}: connection refused \\(2 attempts\\) — check the host`),
    );
  });

  it('throws SourceUnreachableError (exit 3) listing every failure when all fail', async () => {
    const server = await serve((_req, res) => res.writeHead(404).end());
    const dead = `http://127.0.0.1:${await closedPort()}/metrics`;
    const err = await rejection(readSources([dead, server.url()], { ...FAST, retries: 0 }));
    expect(err).toBeInstanceOf(SourceUnreachableError);
    const e = err as SourceUnreachableError;
    expect(e.exitCode).toBe(3);
    expect(e.exitCode).toBe(ExitCode.unreachable);
    expect(e.message).toContain(`${dead}: connection refused`);
    expect(e.message).toContain(`; ${server.url()}: HTTP 404`);
    expect(e.hint).toMatch(/28282.*--demo/);
  });

  it('fetches URLs concurrently', async () => {
    // The server answers only once all three requests are in: a sequential reader would never finish.
    const waiting: (() => void)[] = [];
    const server = await serve((req, res) => {
      waiting.push(() => metrics(req, res));
      if (waiting.length === 3) for (const answer of waiting.splice(0)) answer();
    });
    const { ok } = await readSources([server.url('/a'), server.url('/b'), server.url('/c')], FAST);
    expect(ok).toHaveLength(3);
  });

  it('keeps at most 16 requests in flight', async () => {
    // Requests are held until 16 are in flight (so the cap is reached however slow the machine), then
    // everything is answered; a 17th concurrent request would show in maxInFlight.
    let inFlight = 0;
    let maxInFlight = 0;
    let open = false;
    const held: (() => void)[] = [];
    const server = await serve((req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const answer = (): void => {
        inFlight--;
        metrics(req, res);
      };
      if (open) answer();
      else held.push(answer);
      if (inFlight === 16 && !open) {
        open = true;
        for (const a of held.splice(0)) a();
      }
    });
    const urls = Array.from({ length: 20 }, (_, i) => server.url(`/metrics?n=${i}`));
    const { ok } = await readSources(urls, FAST);
    expect(ok.map((s) => s.origin)).toEqual(urls);
    expect(maxInFlight).toBe(16);
  });

  it('rejects with the abort reason when the signal fires', async () => {
    const server = await serve(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled by client')), 50);
    const err = await rejection(readSources([server.url()], { ...FAST, signal: controller.signal }));
    expect((err as Error).message).toBe('cancelled by client');
  });

  it('fails a 200 that is an HTML page', async () => {
    const server = await serve((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>'),
    );
    const err = await rejection(readSources([server.url('/')], FAST));
    expect((err as Error).message).toContain('got an HTML page, not Prometheus metrics');
  });

  it('sends basic auth from the URL and masks the password', async () => {
    const server = await serve((req, res) => {
      if (req.headers.authorization !== `Basic ${Buffer.from('kc:s3cret').toString('base64')}`) {
        res.writeHead(401).end();
        return;
      }
      metrics(req, res);
    });
    const good = server.url().replace('://', '://kc:s3cret@');
    const { ok } = await readSources([good], FAST);
    expect(ok[0]?.origin).toBe(server.url().replace('://', '://kc:***@'));
    const err = await rejection(readSources([server.url().replace('://', '://kc:wrong@')], FAST));
    expect((err as Error).message).toContain('HTTP 401 Unauthorized — check the user name and password');
    expect((err as Error).message).not.toContain('wrong');
  });
});

describe('readSources over HTTPS', () => {
  it('trusts the test CA given as caFile', async () => {
    const server = await serve(metrics, { tls: true });
    const { ok } = await readSources([server.url()], { ...FAST, caFile: TEST_CA_FILE });
    expect(ok[0]?.body).toBe(METRICS);
  });

  it('explains an untrusted certificate without caFile, and does not retry it', async () => {
    const server = await serve(metrics, { tls: true });
    const err = await rejection(readSources([server.url()], FAST));
    expect(err).toBeInstanceOf(SourceUnreachableError);
    expect((err as Error).message).toContain(
      `${server.url()}: TLS certificate not trusted (self-signed or unknown CA) — pass --ca FILE, or --insecure to skip verification`,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('explains a certificate issued for another host', async () => {
    // 127.0.0.2 is loopback too, but not in the certificate's SAN list.
    const server = await serve(metrics, { tls: true, host: '127.0.0.2' });
    const err = await rejection(readSources([server.url()], { ...FAST, caFile: TEST_CA_FILE }));
    expect((err as Error).message).toContain('TLS certificate is not valid for 127.0.0.2 — use a host name');
  });

  it('skips verification with insecure', async () => {
    const server = await serve(metrics, { tls: true });
    const { ok } = await readSources([server.url()], { ...FAST, insecure: true });
    expect(ok[0]?.body).toBe(METRICS);
  });

  it('explains https against a plain HTTP port', async () => {
    const server = await serve(metrics);
    const err = await rejection(readSources([server.url().replace('http:', 'https:')], FAST));
    expect((err as Error).message).toContain('the server does not speak TLS — use http://');
  });

  it('rejects a --ca file that is not a certificate', async () => {
    const bogus = path.join(tmp, 'bogus-ca.pem');
    await writeFile(bogus, 'not a certificate\n');
    const err = await rejection(readSources(['https://127.0.0.1:1/metrics'], { caFile: bogus }));
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain(bogus);
  });

  describe('bearer token', () => {
    const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.test-token.sig';
    const rbacProxy: Handler = (req, res) => {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.writeHead(401, { 'content-type': 'text/plain' }).end('Unauthorized\n');
        return;
      }
      metrics(req, res);
    };

    it('reports 401 without a token, and does not retry it', async () => {
      const server = await serve(rbacProxy, { tls: true });
      const err = await rejection(readSources([server.url()], { ...FAST, caFile: TEST_CA_FILE }));
      expect((err as Error).message).toContain(`${server.url()}: HTTP 401 Unauthorized — pass --token-file`);
      expect(server.requests).toHaveLength(1);
    });

    it('reports 401 with a wrong token without printing it', async () => {
      const server = await serve(rbacProxy, { tls: true });
      const tokenFile = path.join(tmp, 'wrong-token');
      await writeFile(tokenFile, 'wrong-token-value\n');
      const err = await rejection(readSources([server.url()], { ...FAST, caFile: TEST_CA_FILE, tokenFile }));
      expect((err as Error).message).toContain(`${server.url()}: HTTP 401 Unauthorized — check --token-file`);
      expect((err as Error).message).not.toContain('wrong-token-value');
    });

    it('sends the trimmed token from the token file', async () => {
      const server = await serve(rbacProxy, { tls: true });
      const tokenFile = path.join(tmp, 'token');
      await writeFile(tokenFile, `  ${TOKEN}\n`);
      const { ok } = await readSources([server.url()], { ...FAST, caFile: TEST_CA_FILE, tokenFile });
      expect(ok[0]?.body).toBe(METRICS);
    });

    it('re-reads the token file on every read', async () => {
      const server = await serve(rbacProxy, { tls: true });
      const tokenFile = path.join(tmp, 'rotating-token');
      await writeFile(tokenFile, 'old-token');
      await expect(readSources([server.url()], { ...FAST, caFile: TEST_CA_FILE, tokenFile })).rejects.toThrow(
        /HTTP 401/,
      );
      await writeFile(tokenFile, TOKEN);
      const { ok } = await readSources([server.url()], { ...FAST, caFile: TEST_CA_FILE, tokenFile });
      expect(ok).toHaveLength(1);
    });

    it('throws UsageError naming an unreadable token file', async () => {
      const tokenFile = path.join(tmp, 'no-such-token');
      const err = await rejection(readSources(['https://127.0.0.1:1/metrics'], { tokenFile }));
      expect(err).toBeInstanceOf(UsageError);
      expect((err as UsageError).exitCode).toBe(ExitCode.usage);
      expect((err as Error).message).toContain(tokenFile);
    });
  });
});

describe('readSources from stdin and files', () => {
  it('reads stdin fully for -', async () => {
    const stdin = Readable.from(['# TYPE a counter\n', Buffer.from('a 1\n')]);
    const { ok } = await readSources(['-'], { stdin });
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ origin: '-', nodeHint: 'stdin', body: '# TYPE a counter\na 1\n' });
  });

  it('reads a file, using its base name as node hint', async () => {
    const file = path.join(tmp, 'worker-1.prom');
    await writeFile(file, METRICS);
    const { ok, failed } = await readSources([file]);
    expect(failed).toEqual([]);
    expect(ok).toEqual([
      { origin: file, nodeHint: 'worker-1', body: METRICS, fetchedAt: expect.any(Date) as unknown as Date },
    ]);
  });

  it('gunzips a .gz file', async () => {
    const file = path.join(tmp, 'a.prom.gz');
    await writeFile(file, gzipSync(METRICS));
    const { ok } = await readSources([file]);
    expect(ok[0]).toMatchObject({ nodeHint: 'a', body: METRICS });
  });

  describe('a regular file through a family filter', () => {
    const sink = () => new FamilyFilter(wantKeplerFamily);
    const keptText = (o: Awaited<ReturnType<typeof readSources>>['ok'][number]) =>
      Buffer.from(o.kept!.bytes).toString('utf8');

    it('gzip data under a plain name is found by its magic number and inflated', async () => {
      const file = path.join(tmp, 'zipped.prom');
      await writeFile(file, gzipSync(METRICS));
      const { ok, failed } = await readSources([file], { sink });
      expect(failed).toEqual([]);
      expect(keptText(ok[0]!)).toBe(METRICS);
    });

    it('a file over --max-bytes is a failed source naming the cap; the next file is read', async () => {
      const big = path.join(tmp, 'big.prom');
      const small = path.join(tmp, 'small.prom');
      await writeFile(big, METRICS.repeat(200));
      await writeFile(small, METRICS);
      const { ok, failed } = await readSources([big, small], { sink, maxBytes: 10_000 });
      expect(ok.map((o) => o.origin)).toEqual([small]);
      expect(failed[0]).toMatchObject({ origin: big });
      expect(failed[0]!.error).toMatch(/larger than 9\.8 KiB|--max-bytes/);
    });

    it('the whole-file check sees the last bytes across reads', async () => {
      // The JavaScript filter (no room of its own): the file is read 1 MiB at a time. A whole OpenMetrics dump
      // whose `# EOF` straddles the first read, and one with a line after `# EOF` that is a read of its own:
      // only the last bytes of both reads together show it is OpenMetrics that does not end with # EOF.
      const js = () => new FamilyFilter(wantKeplerFamily, { wasm: false });
      const MiB = 2 ** 20;
      const prefix = (length: number) => {
        const head = '# TYPE kepler_node_cpu_joules counter\n';
        const line = 'kepler_node_cpu_joules_total{zone="package"} 42\n';
        const lines = line.repeat(Math.floor((length - head.length - 200) / line.length));
        const padded = (n: number) => `kepler_node_cpu_joules_total{zone="dram",x="${'x'.repeat(n)}"} 1\n`;
        const pad = padded(length - head.length - lines.length - padded(0).length);
        const text = head + lines + pad;
        expect(text.length).toBe(length);
        return text;
      };
      const whole = path.join(tmp, 'whole.prom');
      const after = path.join(tmp, 'after-eof.prom');
      await writeFile(whole, `${prefix(MiB - 3)}# EOF\n`);
      await writeFile(after, `${prefix(MiB - 6)}# EOF\na 1\n`);
      const r = await readSources([whole, after], { sink: js });
      expect(r.ok.map((o) => o.origin)).toEqual([whole]);
      expect(keptText(r.ok[0]!).endsWith('# EOF\n')).toBe(true);
      expect(r.failed.map((f) => f.origin)).toEqual([after]);
      expect(r.failed[0]!.error).toMatch(/does not end with # EOF/);
    });
  });

  it('expands a directory to its regular, non-hidden files sorted by name', async () => {
    const dir = path.join(tmp, 'dump');
    await mkdir(path.join(dir, 'nested'), { recursive: true });
    await writeFile(path.join(dir, 'worker-10.prom'), 'w10\n');
    await writeFile(path.join(dir, 'worker-2.prom'), 'w2\n');
    await writeFile(path.join(dir, 'control-plane.prom.gz'), gzipSync('cp\n'));
    await writeFile(path.join(dir, '.hidden.prom'), 'hidden\n');
    await writeFile(path.join(dir, 'nested', 'inner.prom'), 'inner\n');
    const { ok } = await readSources([dir]);
    expect(ok.map((s) => [s.nodeHint, s.body])).toEqual([
      ['control-plane', 'cp\n'],
      ['worker-2', 'w2\n'],
      ['worker-10', 'w10\n'],
    ]);
    expect(ok[1]?.origin).toBe(path.join(dir, 'worker-2.prom'));
  });

  it('orders names as the English natural collation does (digit runs by value), ties by code units', () => {
    // The order decides which file's copy of a pod is taken when two files report it, so it must stay the
    // collator's, also for the names compared by hand.
    const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });
    const reference = (a: string, b: string) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
    const names = [
      'worker-10',
      'worker-2',
      'worker-02',
      'control-plane',
      'worker-1',
      'worker-1b',
      'w9',
      'Worker-3',
      'a_1',
      'a-1',
      'a.1',
      'B.prom',
      'a.prom',
      'node-1.prom.gz',
    ];
    expect([...names].sort(compareNames)).toEqual([...names].sort(reference));
    expect(['worker-10', 'worker-2', 'worker-1'].sort(compareNames)).toEqual([
      'worker-1',
      'worker-2',
      'worker-10',
    ]);
    const name = fc.stringMatching(/^[a-z0-9.\-_A]{0,8}$/);
    fc.assert(
      fc.property(name, name, (a, b) => Math.sign(compareNames(a, b)) === Math.sign(reference(a, b))),
      { seed: 7, numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.constantFrom('worker-', 'node', 'ip-10-0-'), (a, b, prefix) => {
        const order = Math.sign(compareNames(`${prefix}${a}.prom`, `${prefix}${b}.prom`));
        return order === Math.sign(a - b);
      }),
      { seed: 7 },
    );
  });

  it('reads a FIFO (such as <(kubectl ...)) as a stream', async () => {
    const fifo = path.join(tmp, 'node-fifo.prom');
    execFileSync('mkfifo', [fifo]);
    const writing = writeFile(fifo, METRICS);
    const { ok } = await readSources([fifo]);
    await writing;
    expect(ok[0]).toMatchObject({ nodeHint: 'node-fifo', body: METRICS });
  });

  it('a listed regular file replaced by a FIFO is read as a stream, without blocking the process', async () => {
    const fifo = path.join(tmp, 'swapped.prom');
    execFileSync('mkfifo', [fifo]);
    // As if the directory listing had seen a regular file there: opening must not wait for a writer.
    const reading = readFileEntry({ origin: fifo, file: fifo, regular: true });
    await writeFile(fifo, METRICS);
    const outcome = await reading;
    expect(outcome.ok && outcome.source.body).toBe(METRICS);
  });

  it('throws InputError (exit 2) for a missing path, with a hint', async () => {
    const missing = path.join(tmp, 'nope.prom');
    const err = await rejection(readSources([missing]));
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).exitCode).toBe(2);
    expect((err as Error).message).toContain(missing);
    expect((err as InputError).hint).toContain('--demo');
  });

  it('throws InputError for an empty directory', async () => {
    const dir = path.join(tmp, 'empty');
    await mkdir(dir);
    await writeFile(path.join(dir, '.keep'), '');
    const err = await rejection(readSources([dir]));
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain(dir);
  });

  it('fails on a missing path before making any request', async () => {
    const server = await serve(metrics);
    await expect(readSources([server.url(), path.join(tmp, 'missing')], FAST)).rejects.toBeInstanceOf(
      InputError,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('keeps the spec order across kinds and returns URL failures next to local sources', async () => {
    const file = path.join(tmp, 'node-b.prom');
    await writeFile(file, 'b\n');
    const server = await serve(metrics);
    const dead = `http://127.0.0.1:${await closedPort()}/metrics`;
    const stdin = Readable.from(['s\n']);
    const { ok, failed } = await readSources([server.url(), file, dead, '-'], { ...FAST, retries: 0, stdin });
    expect(ok.map((s) => s.origin)).toEqual([server.url(), file, '-']);
    expect(failed.map((f) => f.origin)).toEqual([dead]);
  });

  it('rejects unsupported schemes as a usage error', async () => {
    await expect(readSources(['ftp://host/metrics'])).rejects.toBeInstanceOf(UsageError);
  });
});

describe('credentials written in a URL', () => {
  it('are masked in printable text, even in a URL that does not parse (a password with "/", "#" or "?")', () => {
    expect(redactUrlText('http://u:s3cret@host:9090/x')).toBe('http://u:***@host:9090/x');
    expect(redactUrlText('http://u:pa/ss@127.0.0.1:1')).toBe('http://u:***@127.0.0.1:1');
    expect(redactUrlText('https://u:a#b?c@prom.example.com/')).toBe('https://u:***@prom.example.com/');
    // Nothing to mask: left as written.
    expect(redactUrlText('http://host:9090/a@b')).toBe('http://host:9090/a@b');
  });

  it('become basic auth taken out of a --prometheus URL; a "%" that encodes nothing is itself', () => {
    expect(prometheusUrlCredentials('http://kc:50%off@127.0.0.1:9090/')).toEqual({
      url: 'http://127.0.0.1:9090/',
      basicAuth: { username: 'kc', password: '50%off' },
    });
    expect(prometheusUrlCredentials('http://kc:p%40ss@prom:9090')).toEqual({
      url: 'http://prom:9090/',
      basicAuth: { username: 'kc', password: 'p@ss' },
    });
    expect(prometheusUrlCredentials('http://prom:9090')).toEqual({ url: 'http://prom:9090' });
  });
});
