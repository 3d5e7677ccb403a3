/**
 * Caps and truncation against local servers and files: an oversized, gzip-bomb, cut or non-UTF-8 source is
 * a failed source with its reason (never a crash, never retried when too large); the others are still read.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { englishOf } from '../src/errors.js';
import { DEMO_DIR } from '../src/kepler/load.js';
import { readSources, type SourceOptions } from '../src/sources/index.js';
import { parseByteSize, truncation } from '../src/sources/limit.js';
import { cli } from './support/cli.js';
import { type Handler, startServer, type TestServer } from './support/servers.js';

/** Why the bytes are cut (English), or undefined when whole. */
const cutText = (bytes: Uint8Array, openMetrics: boolean) => {
  const m = truncation(bytes, openMetrics);
  return m === undefined ? undefined : englishOf(m);
};

const NODE = readFileSync(path.join(DEMO_DIR, 'ip-10-0-1-17.ap-northeast-2.compute.internal.prom'));
const MiB = 1024 * 1024;
const FAST: SourceOptions = { retryBaseMs: 1, timeoutMs: 5000, maxBytes: MiB };

const servers: TestServer[] = [];
let tmp: string;

async function serve(handler: Handler): Promise<TestServer> {
  const s = await startServer(handler);
  servers.push(s);
  return s;
}
const good = () =>
  serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(NODE);
  });

/** Writes 64 KiB chunks for as long as the client reads. */
const endless: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
  const chunk = Buffer.from(`${'kepler_node_cpu_watts{zone="package"} 1\n'.repeat(1600)}`);
  const pump = () => {
    while (!res.destroyed && res.write(chunk)) {}
    if (!res.destroyed) res.once('drain', pump);
  };
  res.on('close', () => res.removeAllListeners('drain'));
  pump();
};

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'kcarbon-limits-'));
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('--max-bytes', () => {
  it('parses sizes and refuses nonsense', () => {
    expect(parseByteSize('64MiB', '--max-bytes')).toBe(64 * MiB);
    expect(parseByteSize('1.5k', '--max-bytes')).toBe(1500);
    expect(parseByteSize('4096', '--max-bytes')).toBe(4096);
    expect(() => parseByteSize('lots', '--max-bytes')).toThrow(/--max-bytes 'lots' is not a size/);
    expect(() => parseByteSize('0', '--max-bytes')).toThrow(/not a size/);
  });

  it('an endless response stops at the cap, is not retried, and the other node is still read', async () => {
    const big = await serve(endless);
    const ok = await good();
    const r = await readSources([big.url(), ok.url()], { ...FAST, retries: 2 });
    expect(r.ok.map((s) => s.origin)).toEqual([ok.url()]);
    expect(r.failed).toHaveLength(1);
    expect(r.failed[0]!.error).toMatch(/larger than --max-bytes 1 MiB.*raise --max-bytes/);
    expect(big.requests).toHaveLength(1);
  });

  it('a gzip bomb stops at the cap on the inflated bytes, with or without Content-Encoding', async () => {
    const bomb = gzipSync(Buffer.alloc(32 * MiB, 0x20));
    expect(bomb.length).toBeLessThan(MiB);
    const encoded = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const magic = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(bomb);
    });
    const ok = await good();
    const r = await readSources([encoded.url(), magic.url(), ok.url()], { ...FAST, retries: 0 });
    expect(r.ok).toHaveLength(1);
    expect(r.failed.map((f) => f.error)).toEqual([
      expect.stringMatching(/larger than --max-bytes 1 MiB/),
      expect.stringMatching(/larger than --max-bytes 1 MiB/),
    ]);
  });

  it('/dev/zero as a file is a failed source naming the cap; the other file is read', async () => {
    const file = path.join(tmp, 'node.prom');
    await writeFile(file, NODE);
    const r = await readSources(['/dev/zero', file], FAST);
    expect(r.ok).toHaveLength(1);
    expect(r.failed[0]!.error).toMatch(/^\/dev\/zero: larger than --max-bytes 1 MiB/);
  });

  it('the CLI flag reaches the reader; a single oversized source is exit 3 with the reason', async () => {
    const big = await serve(endless);
    const r = await cli(['summary', '--source', big.url(), '--max-bytes', '256KiB']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/larger than --max-bytes 256 KiB/);
    expect(r.stderr).not.toMatch(/internal error/);
  });
});

describe('truncation', () => {
  it('knows a whole exposition from a cut one', () => {
    const b = (s: string) => Buffer.from(s);
    expect(truncation(b('a 1\n'), false)).toBeUndefined();
    expect(truncation(b(''), false)).toBeUndefined();
    expect(cutText(b('a 1\nb 8'), false)).toMatch(/middle of a line/);
    expect(truncation(b('a 1\n# EOF\n'), true)).toBeUndefined();
    expect(truncation(b('a 1\n# EOF'), true)).toBeUndefined();
    // CRLF line endings: '# EOF\r' ends it too (a dump saved on Windows was refused as cut short).
    expect(truncation(b('a 1\r\n# EOF\r\n'), true)).toBeUndefined();
    expect(truncation(b('a 1\r\n# EOF\r'), true)).toBeUndefined();
    expect(cutText(b('a 1\r\n# EO'), true)).toMatch(/# EOF/);
    expect(cutText(b('a 1\n'), true)).toMatch(/# EOF/);
    expect(cutText(b('a 1\nx# EOF'), true)).toMatch(/# EOF/);
  });

  it('a body shorter than its Content-Length is a failed source, not a smaller one', async () => {
    const short = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(NODE.length) });
      res.write(NODE.subarray(0, 2000), () => res.socket?.destroy());
    });
    const ok = await good();
    const r = await readSources([short.url(), ok.url()], { ...FAST, retries: 0 });
    expect(r.ok).toHaveLength(1);
    expect(r.failed[0]!.error).toMatch(/cut short/);
  });

  it('a close-delimited body cut mid-line is a failed source', async () => {
    const cut = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', connection: 'close' });
      // "…} 861.2" cut to "…} 8": without the check this parses as a smaller, valid value.
      const text = NODE.toString('utf8');
      res.end(text.slice(0, text.indexOf('\n', 3000) - 2));
    });
    const r = await readSources([cut.url()], { ...FAST, retries: 0 }).catch((e: Error) => e);
    expect(String(r)).toMatch(/ends in the middle of a line/);
  });

  it('OpenMetrics without # EOF is a failed source; with it, it is read', async () => {
    const om = (eof: boolean) =>
      serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/openmetrics-text; version=1.0.0' });
        res.end(eof ? `${NODE}# EOF\n` : NODE);
      });
    const [withEof, without] = [await om(true), await om(false)];
    const r = await readSources([withEof.url(), without.url()], { ...FAST, retries: 0, openMetrics: true });
    expect(r.ok.map((s) => s.origin)).toEqual([withEof.url()]);
    expect(r.failed[0]!.error).toMatch(/does not end with # EOF/);
  });

  it('a file cut mid-line is a failed source that says how to fix a whole one', async () => {
    const file = path.join(tmp, 'cut.prom');
    await writeFile(file, NODE.subarray(0, NODE.length - 3));
    const r = await cli(['summary', '--source', file]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /cut\.prom: stream ends in the middle of a line.*end its last line with a newline/,
    );
    // A file has no endpoint or port to check: the hint is about the file.
    expect(r.stderr).not.toMatch(/port 28282, or use --demo/);
    expect(r.stderr).toMatch(/save the dump again whole/);
  });

  it('a binary file is no Kepler exposition (exit 2), not a dump cut short that wants a final newline', async () => {
    const bin = path.join(tmp, 'program.prom');
    // An executable's bytes: NUL bytes, no final newline.
    await writeFile(bin, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0x3e, 0, 10, 0x90, 0, 1]));
    const alone = await cli(['summary', '--source', bin]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/program\.prom: no Kepler metrics found/);
    expect(alone.stderr).not.toMatch(/newline/);
    expect(alone.stderr.trim().split('\n')).toHaveLength(1);
    // Among Kepler dumps it is a failed source (exit 3 through a gate), as another exporter's text is.
    const good = path.join(tmp, 'node.prom');
    await writeFile(good, NODE);
    const among = await cli(['list', '--source', `${good},${bin}`]);
    expect(among.code).toBe(3);
    expect(among.stderr).toMatch(/program\.prom: no Kepler metrics found.*node left out/);
    // Random bytes with no NUL near the end (most such files): their control bytes say binary as well.
    const noise = path.join(tmp, 'noise.prom');
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = 32 + ((i * 7919) % 95);
    bytes[100] = 0x1b;
    bytes[bytes.length - 1] = 0x41;
    await writeFile(noise, bytes);
    const r = await cli(['summary', '--source', noise]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/noise\.prom: no Kepler metrics found/);
    // --strict stops at its first malformed line: exit 2 as well, never "cut short".
    const strict = await cli(['summary', '--source', noise, '--strict']);
    expect(strict.code, strict.stderr).toBe(2);
    expect(strict.stderr).not.toMatch(/cut short/);
  });
});

describe('content', () => {
  it('HTML as text/plain and as text/html are the same failure and the same exit code', async () => {
    const page = '<!DOCTYPE html>\n<html><body>Sign in</body></html>\n';
    const asHtml = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    });
    const asText = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(page);
    });
    const a = await cli(['summary', '--source', asHtml.url(), '--retries', '0']);
    const b = await cli(['summary', '--source', asText.url(), '--retries', '0']);
    expect(a.code).toBe(3);
    expect(b.code).toBe(a.code);
    expect(a.stderr).toMatch(/HTML page/);
    expect(b.stderr).toMatch(/HTML page/);
  });

  it('invalid UTF-8 is replaced; --strict refuses it naming the byte', async () => {
    const bad = Buffer.concat([
      Buffer.from('# HELP kepler_node_cpu_watts caf'),
      Buffer.from([0xe9]),
      Buffer.from('\n'),
      NODE,
    ]);
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(bad);
    });
    const lenient = await readSources([s.url()], { ...FAST, retries: 0 });
    expect(lenient.ok[0]!.body).toContain('caf\uFFFD');
    const strict = await cli(['summary', '--source', s.url(), '--strict', '--retries', '0']);
    expect(strict.code).toBe(3);
    expect(strict.stderr).toMatch(/invalid UTF-8 at byte 32/);
  });
});
