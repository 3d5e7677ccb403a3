/**
 * The family filter's line loop runs in WebAssembly (src/parser/wasm/lines.ts, built by `npm run build`) and,
 * where that cannot run, in JavaScript. Both keep the same lines with the same line map, whatever the input and
 * however it is cut into chunks: written from the caller's buffers, or read straight into the module's memory.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { wantKeplerFamily } from '../src/kepler/build.js';
import { FamilyFilter, type FilteredExposition } from '../src/parser/index.js';
import { acquireLines, WasmLines } from '../src/parser/lines-wasm.js';

function run(
  bytes: Buffer,
  cuts: number[],
  how: 'js' | 'copy' | 'direct',
  maxRoom?: number,
): FilteredExposition {
  const f = new FamilyFilter(wantKeplerFamily, { wasm: how !== 'js', ...(maxRoom ? { maxRoom } : {}) });
  let at = 0;
  for (let k = 0; at < bytes.length; k++) {
    const n = Math.max(1, cuts.length ? cuts[k % cuts.length]! : bytes.length);
    const piece = bytes.subarray(at, at + n);
    const room = how === 'direct' ? f.input() : undefined;
    if (room !== undefined) {
      // As the file reader does: read at most the room offered, into it, and write that view.
      const into = room.subarray(0, Math.min(room.length, piece.length));
      into.set(piece.subarray(0, into.length));
      f.write(into);
      at += into.length;
    } else {
      f.write(piece);
      at += piece.length;
    }
  }
  return f.end();
}

function same(bytes: Buffer, cuts: number[], maxRoom?: number): void {
  const js = run(bytes, cuts, 'js');
  for (const how of ['copy', 'direct'] as const) {
    const w = run(bytes, cuts, how, maxRoom);
    expect({ ...w, bytes: w.bytes.toString('latin1') }, how).toEqual({
      ...js,
      bytes: js.bytes.toString('latin1'),
    });
  }
}

const LINES = [
  '# HELP kepler_pod_cpu_watts Power.\n',
  '# TYPE kepler_pod_cpu_watts gauge\n',
  '# TYPE kepler_process_cpu_watts gauge\n',
  '#  HELP   kepler_process_cpu_joules x\n',
  '# UNIT kepler_pod_cpu_joules joules\n',
  '# a comment\n',
  'kepler_pod_cpu_watts{pod_name="a",zone="package"} 1\n',
  'kepler_pod_cpu_watts{pod_name="b",zone="dram"} 2\r\n',
  'kepler_pod_cpu_watts 3\n',
  'kepler_pod_cpu_watts\n',
  'kepler_pod_cpu_wattsx{a="1"} 4\n',
  'kepler_process_cpu_watts{pid="1"} 9\n',
  'kepler_process_cpu_watts{pid="2",comm="a b"} 8\n',
  'kepler_process_cpu_watts\tx 1\n',
  'kepler_process_cpu_watts\n',
  'kepler_process_cpu_watts-x 7\n',
  'kepler_process_cpu_joules_total{pid="3"} 5\n',
  'kepler_pod_cpu_joules_total{pod_name="a"} 5\n',
  'go_goroutines 7\n',
  'bad line here\n',
  '0kepler 1\n',
  '\n',
  ' kepler_pod_cpu_watts 1\n',
  '"quoted" 1\n',
  '{a="1"} 2\n',
  '\uFEFFkepler_node_cpu_watts 1\n',
  `${'kepler_node_cpu_watts_'.repeat(300)}x 1\n`, // a family name longer than the module compares
  `${'kepler_node_cpu_watts_'.repeat(300)}x{z="1"} 2\n`,
];

describe('FamilyFilter in WebAssembly', () => {
  it('is built and runs here (a build without it would fall back to JavaScript unnoticed)', () => {
    const lines = acquireLines(() => true);
    expect(lines).toBeDefined();
    lines?.release();
  });

  it('keeps what the JavaScript loop keeps, for any lines cut anywhere', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...LINES), { maxLength: 60 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 6 }),
        (lines, lastNewline, cuts) => {
          let text = lines.join('');
          if (!lastNewline) text = text.replace(/\n$/, '');
          same(Buffer.from(text, 'utf8'), cuts);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a line longer than the input room grows it', () => {
    const long = `kepler_pod_cpu_watts{pod_name="${'x'.repeat(3 << 20)}"} 1\n`;
    const text = `# TYPE kepler_process_cpu_watts gauge\nkepler_process_cpu_watts 1\n${long}kepler_process_cpu_watts 2\n${long}`;
    same(Buffer.from(text), [1 << 20]);
    same(Buffer.from(text), [4093, 65536]);
    const kept = run(Buffer.from(text), [1 << 20], 'direct').bytes.toString('latin1');
    expect(kept).toBe(long + long);
  });

  it('a line longer than the largest room hands over to the JavaScript loop, which keeps the same', () => {
    const long = `kepler_pod_cpu_watts{pod_name="${'y'.repeat(5 << 20)}"} 1\n`;
    const text = `${LINES.join('')}${long}${LINES.join('')}kepler_process_cpu_watts 2\n${long}`;
    same(Buffer.from(text), [1 << 20], 3 << 20);
    same(Buffer.from(text), [65536, 7], 3 << 20);
  });

  it('a line of many chunks (no newline: a binary file, /dev/zero) is scanned once it ends and grows the room by doubling', () => {
    const scan = vi.spyOn(WasmLines.prototype, 'scan');
    const grow = vi.spyOn(WasmLines.prototype, 'grow');
    try {
      const long = Buffer.alloc(16 << 20, 'x');
      const text = Buffer.concat([long, Buffer.from('\nkepler_pod_cpu_watts{pod_name="z"} 1\n')]);
      const js = run(text, [65_536], 'js');
      for (const how of ['copy', 'direct'] as const) {
        scan.mockClear();
        grow.mockClear();
        const kept = run(text, [65_536], how);
        expect(kept.bytes.equals(js.bytes), how).toBe(true);
        expect(kept.runs, how).toEqual(js.runs);
        // 16 MiB in 64 KiB chunks is 257 writes: the chunks without a newline are not scanned again and again.
        expect(scan.mock.calls.length, how).toBeLessThanOrEqual(2);
        expect(grow.mock.calls.length, how).toBeLessThanOrEqual(6);
      }
    } finally {
      scan.mockRestore();
      grow.mockRestore();
    }
  });

  it('a judge that throws fails the write, and the filter gives nothing after it', () => {
    const f = new FamilyFilter((name) => {
      if (name.includes('boom')) throw new Error('boom');
      return true;
    });
    expect(() => f.write(Buffer.from('a_metric 1\nboom_metric 2\n'))).toThrow('boom');
    expect(() => f.end()).toThrow(/failed write/);
    expect(() => f.write(Buffer.from('x 1\n'))).toThrow(/failed write/);
  });

  it('more kept runs in one chunk than the run table holds are all kept', () => {
    // Wanted and unwanted lines alternate: a run per line, 20,000 in one write.
    const text = Array.from(
      { length: 20_000 },
      (_, i) => `kepler_pod_cpu_watts{pod_name="p${i}"} ${i}\nkepler_process_cpu_watts{pid="${i}"} 1\n`,
    ).join('');
    same(Buffer.from(text), []);
    const kept = run(Buffer.from(text), [], 'direct');
    expect(kept.bytes.toString('latin1').split('\n')).toHaveLength(20_001);
    expect(kept.runs).toHaveLength(2 + 2 * 19_999);
  });

  it('filters read at the same time keep their own lines (each has its own instance)', () => {
    const a = Buffer.from(`${LINES.slice(0, 14).join('')}kepler_pod_cpu_watts{pod_name="a-end"} 1\n`);
    const b = Buffer.from(`${LINES.slice(10).join('')}kepler_pod_cpu_watts{pod_name="b-end"} 1\n`);
    const fa = new FamilyFilter(wantKeplerFamily);
    const fb = new FamilyFilter(wantKeplerFamily);
    for (let i = 0; i < Math.max(a.length, b.length); i += 5) {
      if (i < a.length) fa.write(a.subarray(i, i + 5));
      if (i < b.length) fb.write(b.subarray(i, i + 5));
    }
    const [ka, kb] = [fa.end(), fb.end()];
    expect(ka).toEqual(run(a, [5], 'js'));
    expect(kb).toEqual(run(b, [5], 'js'));
  });
});
