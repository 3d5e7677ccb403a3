/**
 * Bad values from an exporter: NaN, ±Inf, negative and absurdly large watts/joules are excluded, counted and
 * warned per node and metric; totals stay finite and non-negative; JSON never holds null for a number.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIR } from '../src/kepler/load.js';
import { badValue } from '../src/kepler/values.js';
import { cli } from './support/cli.js';

const NODE = 'ip-10-0-1-17.ap-northeast-2.compute.internal';
const demo = readFileSync(path.join(DEMO_DIR, `${NODE}.prom`), 'utf8');

/** The demo node with four pods' package watts replaced by bad values. */
function poisoned(): string {
  const bad = ['NaN', '+Inf', '-240', '1e303'];
  let i = 0;
  return demo.replace(/^(kepler_pod_cpu_watts\{[^}]*zone="package"\}) \S+$/gm, (line, head) =>
    i < bad.length ? `${head} ${bad[i++]}` : line,
  );
}

let tmp: string;
let file: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'kcarbon-values-'));
  file = path.join(tmp, `${NODE}.prom`);
  await writeFile(file, poisoned());
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Every number in a JSON value, with its path; and every null. */
function walk(v: unknown, at: string, out: { numbers: [string, number][]; nulls: string[] }) {
  if (v === null) out.nulls.push(at);
  else if (typeof v === 'number') out.numbers.push([at, v]);
  else if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) walk(x, `${at}[${i}]`, out);
  } else if (typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`, out);
  return out;
}

const AT = ['--at', '2026-01-15T05:00:00Z'];

describe('bad values', () => {
  it('classifies values', () => {
    expect(badValue('kepler_pod_cpu_watts', Number.NaN)).toBe('not a number');
    expect(badValue('kepler_pod_cpu_watts', Number.POSITIVE_INFINITY)).toBe('infinite');
    expect(badValue('kepler_pod_cpu_watts', -1)).toBe('negative');
    expect(badValue('kepler_pod_cpu_watts', 1e303)).toBe('implausibly large');
    expect(badValue('kepler_pod_cpu_joules_total', 1e12)).toBeUndefined();
    expect(badValue('kepler_pod_cpu_watts', 0)).toBeUndefined();
  });

  it('are excluded and warned once per node and metric, with the count', async () => {
    const r = await cli(['top', '--source', file, ...AT, '--json', '-q']);
    const j = JSON.parse(r.stdout);
    const excluded = j.warnings.filter((w: { code: string }) => w.code === 'value-excluded');
    expect(excluded).toHaveLength(1);
    expect(excluded[0].nodes).toEqual([NODE]);
    expect(excluded[0].message).toMatch(
      /4 kepler_pod_cpu_watts value\(s\) excluded \(not a number, infinite, negative, implausibly large\)/,
    );
  });

  it.each(['top', 'summary', 'list', 'hotspots'])(
    '%s: totals finite and >= 0, no null number',
    async (cmd) => {
      const r = await cli([
        cmd,
        '--source',
        file,
        ...AT,
        '--json',
        '-q',
        ...(cmd === 'list' ? ['--no-fail', '--allow-partial'] : []),
      ]);
      const { numbers, nulls } = walk(JSON.parse(r.stdout), '$', { numbers: [], nulls: [] });
      expect(numbers.length).toBeGreaterThan(0);
      expect(numbers.filter(([, n]) => !Number.isFinite(n))).toEqual([]);
      expect(numbers.filter(([p, n]) => n < 0 && /watts|kg|kwh|joules|emissions/i.test(p))).toEqual([]);
      expect(nulls.filter((p) => !p.endsWith('_filter'))).toEqual([]);
    },
  );

  it('every pod series excluded: exit 3 saying so, not "no power series yet" nor "no running pods" (exit 2)', async () => {
    const only = path.join(tmp, 'only-bad.prom');
    const build = demo.split('\n').filter((l) => l.includes('kepler_build_info'));
    const pod = demo.split('\n').find((l) => l.startsWith('kepler_pod_cpu_watts{'))!;
    await writeFile(only, [...build, pod.replace(/ \S+$/, ' 1e9'), ''].join('\n'));
    for (const cmd of ['list', 'summary']) {
      const r = await cli([cmd, '--source', only, ...AT]);
      expect(r.code, cmd).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/warning: .*1 kepler_pod_cpu_watts value\(s\) excluded \(implausibly large\)/);
      expect(r.stderr).toMatch(
        /error: no running pod's power could be read: 1 series left out \(excluded, malformed or missing values\) — see the warnings above/,
      );
      expect(r.stderr).not.toMatch(/no power series yet|Kepler reports no running pods/);
    }
  });

  it('no running pods and only a node value excluded: still "no running pods" (exit 2), not the exit 3 above', async () => {
    const idle = path.join(tmp, 'idle.prom');
    const text = demo
      .replaceAll('state="running"', 'state="terminated"')
      .replace(/^(kepler_node_cpu_watts\{[^}]*\}) \S+$/m, '$1 1e12');
    await writeFile(idle, text);
    const r = await cli(['list', '--source', idle, ...AT]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/value\(s\) excluded \(implausibly large\)/);
    expect(r.stderr).toMatch(/error: Kepler reports no running pods/);
    expect(r.stderr).not.toMatch(/no running pod's power could be read/);
  });

  it('the terminal still says so on stderr', async () => {
    const r = await cli(['summary', '--source', file, ...AT]);
    expect(r.stderr).toMatch(/warning: .*4 kepler_pod_cpu_watts value\(s\) excluded/);
  });
});
