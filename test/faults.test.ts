/**
 * Fault tests against local loopback servers, through the CLI a user runs: every failure of one exporter is
 * a failed source with its reason and the documented exit code, never a crash or a silently smaller report.
 * (Refused, truncated, oversized, gzip-bomb, HTML and invalid UTF-8 bodies: partial-data and source-limits
 * tests; counter resets: kepler-model and sample-pairing tests.)
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIR } from '../src/kepler/load.js';
import { cli } from './support/cli.js';
import { type Handler, startServer, type TestServer } from './support/servers.js';
import { TEST_CA_FILE } from './support/tls.js';

const NODE = 'ip-10-0-1-17.ap-northeast-2.compute.internal';
const BODY = readFileSync(path.join(DEMO_DIR, `${NODE}.prom`));
const AT = ['--at', '2026-01-15T05:00:00Z'];

const servers: TestServer[] = [];
let tmp: string;
let tokenFile: string;

async function serve(handler: Handler, tls = false): Promise<TestServer> {
  const s = await startServer(handler, { tls });
  servers.push(s);
  return s;
}
const metrics: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
  res.end(BODY);
};

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'kcarbon-faults-'));
  tokenFile = path.join(tmp, 'token');
  await writeFile(tokenFile, 'fault-test-token\n');
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** The summary of the demo node read from its file: what every successful read must equal. */
async function reference(): Promise<number> {
  const file = path.join(tmp, `${NODE}.prom`);
  await writeFile(file, BODY);
  return JSON.parse((await cli(['summary', '--source', file, ...AT, '--json'])).stdout).total_power_watts;
}

describe('HTTP status', () => {
  it.each([
    [401, false, /HTTP 401.*--token-file/],
    [403, false, /HTTP 403.*RBAC/],
    [404, false, /HTTP 404.*\/metrics/],
    [500, true, /HTTP 500 .*\(3 attempts\)/],
    [503, true, /HTTP 503 .*\(3 attempts\)/],
  ])('%i: exit 3 with the reason; retried: %s', async (status, retried, reason) => {
    const s = await serve((_req, res) => {
      res.writeHead(status);
      res.end('no');
    });
    const r = await cli(['summary', '--source', s.url(), '--retries', '2', ...AT]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(reason);
    expect(s.requests).toHaveLength(retried ? 3 : 1);
  });
});

describe('slow servers', () => {
  it('a server that never answers times out (exit 3, the timeout named)', async () => {
    const s = await serve(() => {});
    const r = await cli(['summary', '--source', s.url(), '--timeout', '1s', '--retries', '0', ...AT]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/timed out after 1s/);
  });

  it('a slow drip that completes gives exactly the figures of the whole body', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      const pieces = 40;
      const size = Math.ceil(BODY.length / pieces);
      let i = 0;
      const drip = () => {
        if (res.destroyed) return;
        if (i >= pieces) {
          res.end();
          return;
        }
        res.write(BODY.subarray(i * size, (i + 1) * size));
        i++;
        setTimeout(drip, 5);
      };
      drip();
    });
    const r = await cli(['summary', '--source', s.url(), '--retries', '0', ...AT, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).total_power_watts).toBe(await reference());
  });

  it('a drip that never ends is cut at --timeout, naming the body', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      const t = setInterval(() => res.write('# still here\n'), 20);
      res.on('close', () => clearInterval(t));
    });
    const r = await cli(['summary', '--source', s.url(), '--timeout', '1s', '--retries', '0', ...AT]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/timed out after 1s/);
  });
});

describe('redirects', () => {
  it('https -> http is refused when a token would be sent; the http server never sees it', async () => {
    const plain = await serve(metrics);
    const secure = await serve((_req, res) => {
      res.writeHead(302, { location: plain.url() });
      res.end();
    }, true);
    const r = await cli([
      'summary',
      '--source',
      secure.url(),
      '--ca',
      TEST_CA_FILE,
      '--token-file',
      tokenFile,
      '--retries',
      '0',
      ...AT,
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/redirected from https to plain http .*refusing to send the token/);
    expect(plain.requests).toHaveLength(0);
  });

  it('without credentials the redirect is followed', async () => {
    const plain = await serve(metrics);
    const secure = await serve((_req, res) => {
      res.writeHead(302, { location: plain.url() });
      res.end();
    }, true);
    const r = await cli(['summary', '--source', secure.url(), '--ca', TEST_CA_FILE, ...AT, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).total_power_watts).toBe(await reference());
  });

  it('a token is not forwarded to another origin', async () => {
    const other = await serve(metrics);
    const first = await serve((_req, res) => {
      res.writeHead(307, { location: other.url() });
      res.end();
    });
    const r = await cli(['summary', '--source', first.url(), '--token-file', tokenFile, ...AT]);
    expect(r.code).toBe(0);
    expect(first.requests[0]!.headers.authorization).toBe('Bearer fault-test-token');
    expect(other.requests[0]!.headers.authorization).toBeUndefined();
  });
});

describe('content', () => {
  it('a duplicated series is counted once and warned; --strict refuses it', async () => {
    const line = BODY.toString('utf8').match(/^kepler_pod_cpu_watts\{.*\} .*$/m)![0];
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(`${BODY}${line}\n`);
    });
    const r = await cli(['summary', '--source', s.url(), ...AT, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).total_power_watts).toBe(await reference());
    expect(r.stderr).toMatch(/skipped 1 malformed line.*duplicate/);
    const strict = await cli(['summary', '--source', s.url(), ...AT, '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/duplicate/);
  });
});

describe('counters', () => {
  it('a counter reset between the two --sample scrapes counts from zero, never negative', async () => {
    // Second scrape: Kepler restarted, every joules counter is small again (100 J package, 10 J dram).
    let scrapes = 0;
    const s = await serve((_req, res) => {
      scrapes++;
      const body =
        scrapes === 1
          ? BODY.toString('utf8')
          : BODY.toString('utf8').replace(
              /^(kepler_pod_cpu_joules_total\{[^}]*zone="(package|dram)"\}) \S+$/gm,
              (_l, head, zone) => `${head} ${zone === 'package' ? 100 : 10}`,
            );
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(body);
    });
    const r = await cli([
      'top',
      '--source',
      s.url(),
      '--sample',
      '5s',
      ...AT,
      '--json',
      '-A',
      '--limit',
      '100',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.metrics.watts_from).toBe('sampled');
    const dt: number = j.metrics.sample_seconds;
    // Prometheus's rule: a decrease means a restart from zero, so the increase is the new value.
    for (const c of j.consumers) expect(c.power_watts).toBeCloseTo(110 / dt, 3);
  });
});
