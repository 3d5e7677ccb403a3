/**
 * The metrics cache: a burst of tool calls costs one scrape, concurrent callers share the in-flight
 * load, and the TTL expires. Unit tests with a fake clock, then the built server against a local
 * Kepler stub that counts scrapes; and progress notifications while a slow scrape runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeplerSnapshot } from '../src/kepler/model.js';
import { createSnapshotCache } from '../src/mcp/cache.js';
import { serverConfig } from '../src/mcp/config-cache.js';
import { type Connected, connectHttp, connectStdio, type HttpServe, startHttpServe } from './support/mcp.js';
import { startServer, type TestServer } from './support/servers.js';

const fake = (n: number) => ({ capturedAt: String(n) }) as KeplerSnapshot;

describe('serverConfig', () => {
  const settings = { source: { specs: [] }, overrides: {}, env: { ...process.env, KCARBON_CONFIG: '' } };
  const at = new Date('2026-01-15T05:00:00Z');

  it('gives calls with the same settings and year one config within its time, then loads again', async () => {
    let t = 0;
    const config = serverConfig(500, () => t);
    const first = config(settings, at);
    expect(config(settings, at)).toBe(first);
    // Another region (a tool's region argument) or another year is another config.
    expect(config({ ...settings, overrides: { region: 'eu-north-1' } }, at)).not.toBe(first);
    expect(config(settings, new Date('2027-01-15T05:00:00Z'))).not.toBe(first);
    t = 499;
    expect(config(settings, at)).toBe(first);
    t = 500;
    const later = config(settings, at);
    expect(later).not.toBe(first);
    expect(await later).toEqual(await first);
  });

  it('keeps no failed load', async () => {
    const config = serverConfig(60_000);
    const broken = { ...settings, configPath: '/nonexistent/kcarbon.json' };
    const first = config(broken, at);
    await expect(first).rejects.toThrow();
    const second = config(broken, at);
    expect(second).not.toBe(first);
    await expect(second).rejects.toThrow();
  });
});

describe('createSnapshotCache', () => {
  it('reuses a snapshot within the TTL and loads again after it', async () => {
    let t = 0;
    let loads = 0;
    const cache = createSnapshotCache({ load: async () => fake(++loads), ttlMs: 1000, now: () => t });
    expect((await cache.get()).capturedAt).toBe('1');
    t = 999;
    expect((await cache.get()).capturedAt).toBe('1');
    t = 2000;
    expect((await cache.get()).capturedAt).toBe('2');
    expect(cache.loads).toBe(2);
  });

  it('concurrent callers share the in-flight load', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let loads = 0;
    const cache = createSnapshotCache({
      load: async () => {
        loads++;
        await gate;
        return fake(loads);
      },
      ttlMs: 0,
    });
    const all = Promise.all([cache.get(), cache.get(), cache.get()]);
    release();
    expect((await all).map((s) => s.capturedAt)).toEqual(['1', '1', '1']);
    expect(loads).toBe(1);
    // TTL 0: nothing kept once the load is done.
    await cache.get();
    expect(loads).toBe(2);
  });

  it('does not cache a failure, and a caller that gives up does not cancel the shared load', async () => {
    let loads = 0;
    const cache = createSnapshotCache({
      load: async () => {
        loads++;
        if (loads === 1) throw new Error('down');
        await delay(30);
        return fake(loads);
      },
      ttlMs: 60_000,
    });
    await expect(cache.get()).rejects.toThrow('down');
    const ac = new AbortController();
    const gaveUp = cache.get(ac.signal);
    const waits = cache.get();
    ac.abort(new Error('cancelled'));
    await expect(gaveUp).rejects.toThrow('cancelled');
    expect((await waits).capturedAt).toBe('2');
    expect(loads).toBe(2);
  });
});

describe('serve --cache-ttl against a Kepler stub', () => {
  const file = readdirSync(new URL('../fixtures/demo/', import.meta.url)).find((f) => f.endsWith('.prom'))!;
  const body = readFileSync(new URL(`../fixtures/demo/${file}`, import.meta.url));
  let kepler: TestServer;
  let server: HttpServe;
  let http: Connected;
  const scrapes = () => kepler.requests.length;

  beforeAll(async () => {
    kepler = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      res.end(body);
    });
    // A TTL no test can outlive on a loaded machine; expiry itself is tested above with a fake clock.
    server = await startHttpServe(['--source', kepler.url('/metrics'), '--cache-ttl', '1h']);
    http = await connectHttp(server.base);
  });

  afterAll(async () => {
    await http?.close();
    await server?.stop();
    await kepler?.close();
  });

  const top = (c: Connected) =>
    c.client.callTool({ name: 'list_top_power_consumers', arguments: { limit: 3 } });

  it('a burst of calls from two sessions, and the resources, share one scrape; calls within the TTL reuse it', async () => {
    const before = scrapes();
    const other = await connectHttp(server.base);
    try {
      const burst = await Promise.all([top(http), top(http), top(other), other.client.listResources()]);
      expect(burst.slice(0, 3).every((r) => !(r as { isError?: boolean }).isError)).toBe(true);
    } finally {
      await other.close();
    }
    expect(scrapes() - before).toBe(1);
    expect((await top(http)).isError ?? false).toBe(false);
    expect(
      (await http.client.callTool({ name: 'get_power_consumption_summary', arguments: {} })).isError ?? false,
    ).toBe(false);
    expect(scrapes() - before).toBe(1);
  });

  it('--cache-ttl 0 scrapes on every call', async () => {
    const c = await connectStdio(['--source', kepler.url('/metrics'), '--cache-ttl', '0']);
    try {
      const before = scrapes();
      await top(c);
      await top(c);
      expect(scrapes() - before).toBe(2);
    } finally {
      await c.close();
    }
  });
});

describe('progress', () => {
  let kepler: TestServer;
  let server: HttpServe;
  const clients: Record<string, Connected> = {};

  beforeAll(async () => {
    const body = readFileSync(
      new URL('../fixtures/demo/ip-10-0-1-17.ap-northeast-2.compute.internal.prom', import.meta.url),
    );
    kepler = await startServer((_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
        res.end(body);
      }, 300);
    });
    const args = ['--source', kepler.url('/metrics'), '--cache-ttl', '0'];
    server = await startHttpServe(args);
    clients.http = await connectHttp(server.base);
    clients.stdio = await connectStdio(args);
  });

  afterAll(async () => {
    await Promise.all(Object.values(clients).map((c) => c.close()));
    await server?.stop();
    await kepler?.close();
  });

  // A notification sent just before the result may be dropped by the client (the SDK handles the
  // response before queued notifications), so only the ones sent during the slow scrape are certain.
  it.each(['stdio', 'http'])('a slow call sends increasing notifications/progress over %s', async (name) => {
    const seen: { progress: number; total?: number; message?: string }[] = [];
    const r = await clients[name]!.client.callTool(
      { name: 'get_power_consumption_summary', arguments: {} },
      undefined,
      { onprogress: (p) => seen.push(p), resetTimeoutOnProgress: true },
    );
    expect(r.isError ?? false).toBe(false);
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen[0]).toMatchObject({ progress: 0, total: 100, message: 'reading Kepler metrics' });
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.progress).toBeGreaterThan(seen[i - 1]!.progress);
    expect(seen.every((p) => p.progress <= 100 && p.total === 100)).toBe(true);
  });
});
