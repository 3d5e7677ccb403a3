/**
 * The streaming family filter keeps exactly what the parser would keep: for every fixture and chunk size,
 * parsing the kept lines gives the same families, samples and warnings (with the input's line numbers) as
 * parsing the whole input with the same family filter.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { wantKeplerFamily } from '../src/kepler/build.js';
import { FamilyFilter, parseExposition, parseKept } from '../src/parser/index.js';
import type { ParseResult } from '../src/parser/types.js';
import { readSources } from '../src/sources/index.js';

const dirs = ['demo', 'samples', 'seed'].map((d) =>
  fileURLToPath(new URL(`../fixtures/${d}/`, import.meta.url)),
);
const inputs: [string, Buffer][] = dirs.flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => /\.(prom|txt)$/.test(f))
    .map((f): [string, Buffer] => [f, readFileSync(dir + f)]),
);

const tricky = [
  '\uFEFF# HELP kepler_pod_cpu_watts W\n# TYPE kepler_pod_cpu_watts gauge\n',
  'kepler_pod_cpu_watts{pod_name="a",zone="package"} 1\r\n',
  'kepler_process_cpu_watts{pid="1"} 9\nkepler_process_cpu_watts{pid="2"} oops\n',
  'go_goroutines 7\nbad line here\n',
  // Lines right after an unwanted family's: its name alone, a longer name, a wanted sample with no metadata.
  'kepler_process_cpu_watts{pid="3"} 1\nkepler_process_cpu_watts\nkepler_process_cpu_wattsx 2\n',
  'kepler_process_cpu_watts-x 7\n0kepler_process_cpu_watts 8\n',
  'kepler_process_cpu_watts 4\nkepler_pod_cpu_watts{pod_name="d",zone="package"} 5\nkepler_process_cpu_watts 6\n',
  'kepler_node_cpu_watts{zone="dram"} 2\n',
  '# TYPE kepler_pod_cpu_joules counter\nkepler_pod_cpu_joules_total{pod_name="a"} 5\n',
  'kepler_pod_cpu_watts{pod_name="b",zone="package"} not-a-number\n',
  'kepler_pod_cpu_watts{pod_name="c",zone="package"} 3',
].join('');
inputs.push(['tricky', Buffer.from(tricky, 'utf8')]);

function view(r: ParseResult) {
  return {
    format: r.format,
    families: [...r.families.values()].map((f) => ({ ...f, samples: f.samples.map((s) => ({ ...s })) })),
    warnings: r.warnings,
    skippedLines: r.skippedLines,
  };
}

function filtered(bytes: Buffer, chunk: number) {
  const f = new FamilyFilter(wantKeplerFamily);
  for (let i = 0; i < bytes.length; i += chunk) f.write(bytes.subarray(i, i + chunk));
  return f.end();
}

describe('FamilyFilter', () => {
  for (const [name, bytes] of inputs) {
    it(`${name}: the kept lines parse as the whole input does`, () => {
      const whole = view(parseExposition(bytes, { wantFamily: wantKeplerFamily }));
      for (const chunk of [1, 7, 64, 4096, bytes.length || 1]) {
        const kept = filtered(bytes, chunk);
        expect(kept.bytesIn).toBe(bytes.length);
        expect(view(parseKept(kept, { wantFamily: wantKeplerFamily })), `chunk ${chunk}`).toEqual(whole);
      }
    });
  }

  it('drops the families nobody asked for', () => {
    const kept = filtered(Buffer.from(tricky, 'utf8'), 5).bytes.toString('utf8');
    expect(kept).not.toMatch(/^kepler_process_cpu_watts[{ ]/m);
    expect(kept).not.toContain('go_goroutines');
    expect(kept).toContain('kepler_pod_cpu_joules_total{pod_name="a"} 5');
    expect(kept).toContain('kepler_pod_cpu_watts{pod_name="d",zone="package"} 5\n');
    // A line that is only a name has no value: the parser reports it, whatever its family.
    expect(kept).toContain('\nkepler_process_cpu_watts\n');
  });

  it('holds on to no chunk once write returns (a file is read into one buffer again and again)', () => {
    const buf = Buffer.alloc(97);
    for (const [name, bytes] of inputs) {
      const f = new FamilyFilter(wantKeplerFamily);
      for (let i = 0; i < bytes.length; i += buf.length) {
        f.write(buf.subarray(0, bytes.copy(buf, 0, i, i + buf.length)));
        buf.fill(0x78); // what the next read would overwrite
      }
      const whole = view(parseExposition(bytes, { wantFamily: wantKeplerFamily }));
      expect(view(parseKept(f.end(), { wantFamily: wantKeplerFamily })), name).toEqual(whole);
    }
  });

  it("a released filter's buffer serves the next filter; its bytes can no longer be read", () => {
    const [, first] = inputs.find(([n]) => n === 'tricky')!;
    const a = filtered(first, 4096);
    const before = Buffer.from(a.bytes);
    const memory = a.bytes.buffer;
    a.release();
    expect(() => a.bytes).toThrow(/after release/);
    a.release(); // twice: no second hand-over of the same memory
    const b = filtered(first, 4096);
    const c = filtered(first, 4096);
    // The next filter wrote its kept lines into the released memory; the one after had a fresh buffer.
    expect(b.bytes.buffer).toBe(memory);
    expect(c.bytes.buffer).not.toBe(memory);
    expect(Buffer.compare(b.bytes, before)).toBe(0);
    expect(Buffer.compare(c.bytes, before)).toBe(0);
    // Unreleased output stays untouched by later filters.
    filtered(inputs[0]![1], 64).release();
    filtered(inputs[1]![1], 64);
    expect(Buffer.compare(c.bytes, before)).toBe(0);
  });

  it('a result shows its bytes to a deep comparison; a filter refuses more input or a second end', () => {
    const [, bytes] = inputs.find(([n]) => n === 'tricky')!;
    const one = (pod: string) => Buffer.from(`kepler_pod_cpu_watts{pod_name="${pod}"} 1\n`);
    const a = filtered(one('x'), 64);
    const b = filtered(one('y'), 64);
    expect(Object.keys(a)).toContain('bytes');
    expect({ ...a }.bytes).toBe(a.bytes);
    // The same runs and counts, other bytes: not equal.
    expect({ ...a, bytes: null }).toEqual({ ...b, bytes: null });
    expect(a).not.toEqual(b);
    const f = new FamilyFilter(wantKeplerFamily);
    f.write(bytes);
    f.end();
    expect(() => f.end()).toThrow(/ended twice/);
    expect(() => f.write(bytes)).toThrow(/written after end/);
  });

  it('a very large kept part is not pooled (a long-lived server keeps no such buffer)', () => {
    const line = 'kepler_pod_cpu_watts{pod_name="p",zone="package"} 1\n';
    const big = filtered(Buffer.from(line.repeat(Math.ceil((5 << 20) / line.length))), 1 << 20);
    const memory = big.bytes.buffer;
    big.release();
    const next = filtered(Buffer.from(line), 64);
    expect(next.bytes.buffer).not.toBe(memory);
  });

  it('a file of several read chunks keeps what the whole file parses to', async () => {
    // About 3 MiB: pod series between long runs of an unwanted family, so kept lines and skipped blocks
    // straddle the 1 MiB reads.
    const lines = ['# TYPE kepler_pod_cpu_watts gauge\n'];
    for (let i = 0; i < 20_000; i++) {
      lines.push(`kepler_pod_cpu_watts{pod_id="p${i}",pod_name="pod-${i}",zone="package"} ${i}.5\n`);
      if (i % 40 === 0) {
        for (let k = 0; k < 60; k++) lines.push(`kepler_process_cpu_watts{pid="${i}-${k}"} ${k}\n`);
      }
    }
    const text = lines.join('');
    const dir = mkdtempSync(path.join(tmpdir(), 'kcarbon-chunks-'));
    try {
      const file = path.join(dir, 'node.prom');
      writeFileSync(file, text);
      expect(text.length).toBeGreaterThan(2.5 * 2 ** 20);
      const { ok } = await readSources([file], { sink: () => new FamilyFilter(wantKeplerFamily) });
      const kept = parseKept(ok[0]!.kept!, { wantFamily: wantKeplerFamily });
      expect(view(kept)).toEqual(view(parseExposition(text, { wantFamily: wantKeplerFamily })));
      expect(kept.families.get('kepler_pod_cpu_watts')?.samples).toHaveLength(20_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a directory larger than a few MiB is read in turns: the event loop runs between reads', async () => {
    // Regular files are read synchronously; every 4 MiB the reader gives the event loop a turn, so a server
    // reading a big directory still answers /healthz.
    const body = `# TYPE kepler_process_cpu_watts gauge\n${'kepler_process_cpu_watts{pid="1"} 1\n'.repeat(60_000)}`;
    const dir = mkdtempSync(path.join(tmpdir(), 'kcarbon-turns-'));
    try {
      for (let i = 0; i < 6; i++) writeFileSync(path.join(dir, `node-${i}.prom`), body);
      expect(body.length * 6).toBeGreaterThan(12 * 2 ** 20);
      // The event-loop turn each chunk was filtered in: reading without turns would filter all in one.
      let turns = 0;
      let ticking = true;
      const tick = () => {
        turns++;
        if (ticking) setImmediate(tick);
      };
      setImmediate(tick);
      const seen = new Set<number>();
      const sink = () => {
        const filter = new FamilyFilter(wantKeplerFamily);
        return {
          write: (chunk: Uint8Array) => {
            seen.add(turns);
            filter.write(chunk);
          },
          end: () => filter.end(),
        };
      };
      const { ok } = await readSources([dir], { sink });
      ticking = false;
      expect(ok).toHaveLength(6);
      expect(seen.size).toBeGreaterThanOrEqual(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
