/** kcarbon report: markdown for step summaries, the history file and the trend it draws. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';

// The grid intensity decides the carbon check: below and above KR_CARBON_2050's reference.
const CLEAN = ['--at', '2026-01-15T05:00:00Z', '--intensity', '300'];
const DIRTY = ['--at', '2026-01-16T05:00:00Z', '--intensity', '600'];

describe('kcarbon report', () => {
  it('markdown: verdict headline, human column names, rounded numbers, every namespace', async () => {
    const json = JSON.parse((await cli(['report', '--demo', ...DIRTY, '--json'])).stdout);
    const r = await cli(['report', '--demo', ...DIRTY, '-o', 'markdown']);
    expect(r.code).toBe(1);
    const md = r.stdout;
    expect(md.split('\n')[0]).toBe(`## ❌ FAIL: ${json.headline}`);
    expect(md).toContain('| Namespace | Workloads | Power | Energy / day | CO2e / month |');
    for (const n of json.namespaces) expect(md).toContain(`| ${n.namespace} |`);
    expect(md).not.toMatch(/\d\.\d{4,}/); // no six-decimal figures
    expect(md).not.toMatch(/_filter|snake_case|power_watts/);
  });

  it('PASS exits 0; --history appends one line per run and the trend reports the change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcarbon-history-'));
    const file = join(dir, 'sub', 'h.jsonl');
    const first = await cli(['report', '--demo', ...CLEAN, '--history', file, '--json']);
    expect(first.code).toBe(0);
    const a = JSON.parse(first.stdout);
    expect(a.verdict).toBe('PASS');
    expect(a.trend).toBeNull();
    const second = await cli(['report', '--demo', ...DIRTY, '--history', file, '--json']);
    expect(second.code).toBe(1);
    const b = JSON.parse(second.stdout);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([a.history_entry, b.history_entry]);
    expect(b.trend.runs).toEqual(lines);
    const s = b.trend.since_previous;
    expect(s.emissions_kg_month.previous).toBe(a.totals.emissions_kg_month);
    expect(s.emissions_kg_month.change).toBeCloseTo(
      b.totals.emissions_kg_month - a.totals.emissions_kg_month,
      3,
    );
    expect(s.compliance_rate_percent).toEqual({ previous: 100, current: 0, change: -100 });
    expect(s.findings.current).toBe(b.totals.findings);
  });

  it('a bad history line is skipped with a warning, not fatal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcarbon-history-'));
    const file = join(dir, 'h.jsonl');
    await cli(['report', '--demo', ...CLEAN, '--history', file, '--json']);
    const { appendFileSync } = await import('node:fs');
    appendFileSync(file, 'not json\n{"x":1}\n');
    const r = await cli(['report', '--demo', ...DIRTY, '--history', file, '--json']);
    expect(r.stderr).toMatch(/h\.jsonl:2 is not JSON; skipped/);
    expect(r.stderr).toMatch(/history entry 2 is not a kcarbon report line/);
    expect(JSON.parse(r.stdout).trend.runs).toHaveLength(2);
  });
});
