/** kcarbon report: markdown for step summaries, the history file and the trend it draws. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, spawnCli } from './support/cli.js';

// The grid intensity decides the carbon check: below and above KR_CARBON_2050's reference.
const CLEAN = ['--at', '2026-01-15T05:00:00Z', '--intensity', '300'];
const DIRTY = ['--at', '2026-01-16T05:00:00Z', '--intensity', '600'];

describe('kcarbon report', () => {
  it('markdown: verdict headline, human column names, rounded numbers, every namespace', async () => {
    const json = JSON.parse((await cli(['report', '--demo', ...DIRTY, '--json'])).stdout);
    const r = await cli(['report', '--demo', ...DIRTY, '-o', 'markdown']);
    expect(r.code).toBe(1);
    const md = r.stdout;
    expect(md.split('\n')[0]).toBe(`## ❌ FAIL: ${json.headline} (fails on errors)`);
    expect(md).toContain('| Namespace | Workloads | Power | Energy / day | CO2e / month |');
    for (const n of json.namespaces) expect(md).toContain(`| ${n.namespace} |`);
    expect(md).not.toMatch(/\d\.\d{4,}/); // no six-decimal figures
    expect(md).not.toMatch(/_filter|snake_case|power_watts/);
  });

  it('a namespace budget failing alone: every headline names it, the body lists it, counts read in the singular', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcarbon-budget-'));
    const config = join(dir, 'kcarbon.json');
    writeFileSync(config, JSON.stringify({ budgets: { namespaces: { batch: { maxKgMonth: 1 } } } }));
    const at = ['--at', '2026-01-15T05:00:00Z'];
    const args = ['report', '--demo', ...at, '--config', config];
    const json = await cli([...args, '--json']);
    expect(json.code, json.stderr).toBe(1);
    const r = JSON.parse(json.stdout);
    // batch emits 1.990395 kgCO2e/month (list's namespace check) over its 1 kg budget; no workload fails.
    const over = 'namespace batch over its budget: 1.99 kgCO2e/month (max 1)';
    expect(r.headline).toBe(`${over}; all 14 workloads meet KR_CARBON_2050, KR_PUE_GREEN_DC`);
    expect(r.totals.findings).toBe(1);

    const md = (await cli([...args, '-o', 'markdown'])).stdout;
    expect(md.split('\n')[0]).toBe(`## ❌ FAIL: ${r.headline} (fails on errors)`);
    expect(md).toContain('· **1** failed check\n');
    expect(md).toContain(
      '### Namespace budgets\n\n| Namespace | Check | Value | Limit | Status |\n|---|---|---:|---:|---|\n' +
        '| batch | max-kg-month | 1.99 kgCO2e/month | <= 1.00 kgCO2e/month | NON_COMPLIANT |\n',
    );
    const table = (await cli(args)).stdout;
    expect(table.split('\n')[0]).toBe(`FAIL: ${r.headline} (fails on errors)`);
    expect(table).toMatch(
      /│ batch +│ max-kg-month │ 1\.99 kgCO2e\/month │ <= 1\.00 kgCO2e\/month │ NON_COMPLIANT │/,
    );
    const html = (await cli([...args, '-o', 'html'])).stdout;
    expect(html).toContain(`<span class="verdict fail">FAIL</span>${over};`);
    expect(html).toMatch(
      /<section id="budgets"><h2>Namespace budgets<\/h2>.*<td>batch<\/td><td>max-kg-month<\/td><td class="n">1\.99 kgCO2e\/month<\/td>.*<td class="st-NON_COMPLIANT">NON_COMPLIANT<\/td>/,
    );
    const ko = (await cli([...args, '--lang', 'ko', '-o', 'markdown'])).stdout;
    expect(ko.split('\n')[0]).toBe(
      '## ❌ 실패: 네임스페이스 batch 예산 초과: 1.99 kgCO2e/월 (한도 1); 워크로드 14개 모두 KR_CARBON_2050, KR_PUE_GREEN_DC 충족 (오류 심각도 결과가 있으면 실패)',
    );
    expect(ko).toContain('### 네임스페이스 예산');
    // The generic markdown of list: one failing check, in the singular.
    const list = (await cli(['list', '--demo', ...at, '--config', config, '-o', 'markdown'])).stdout;
    expect(list).toContain('**❌ FAIL**: 1 failing check of severity error (fails on errors)');
  });

  it('without namespace budgets the report has no budget section; failing workloads keep their headline', async () => {
    const r = JSON.parse((await cli(['report', '--demo', ...DIRTY, '--json'])).stdout);
    // The first three failing workloads named (the highest emitters first), then how many more.
    expect(r.headline).toBe(
      '14 of 14 workloads non-compliant (ai-team/ml-training-job, ai-team/model-serving, production/postgres +11): 14 failing checks, 0 warnings',
    );
    const md = (await cli(['report', '--demo', ...DIRTY, '-o', 'markdown'])).stdout;
    expect(md).not.toContain('Namespace budgets');
    expect(md).toContain('· **14** failed checks\n');
  });

  it("power totals are summary's to the last digit, now and over a period (summed per workload they were 0.001 W off)", async () => {
    for (const extra of [[], ['--since', '24h']]) {
      const args = ['--demo', '--at', '2026-01-15T05:00:00Z', ...extra, '--json'];
      const report = JSON.parse((await cli(['report', ...args])).stdout);
      const summary = JSON.parse((await cli(['summary', ...args])).stdout);
      expect(report.totals.power_watts).toBe(summary.total_power_watts);
      const byNs = (rows: { namespace: string; power_watts: number }[]) =>
        Object.fromEntries(rows.map((n) => [n.namespace, n.power_watts]));
      expect(byNs(report.namespaces)).toEqual(byNs(summary.namespaces));
    }
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

  it('the HTML footer says which series were left out, also when --allow-partial lets the gate pass', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcarbon-report-'));
    const file = join(dir, 'r.html');
    const seed = new URL('../fixtures/seed/nan-watts.prom', import.meta.url).pathname;
    const r = await cli([
      'report',
      '--source',
      seed,
      ...CLEAN,
      '--allow-partial',
      '--report',
      `html=${file}`,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(
      /<footer>.*<p>2 series left out in [^<]*nan-watts\.prom \(excluded, malformed or missing values; see the warnings\)<\/p>/s,
    );
    // And first, below the headline, as the markdown report and every other command's html open with it.
    expect(html).toMatch(
      /<p class="headline">.*?<\/p>\s*<blockquote class="incomplete"><p><strong>Warning: incomplete data: 2 series left out in /s,
    );
    // With what was left out, as stderr's warnings say it (a report's reader sees no stderr).
    expect(html).toMatch(
      /<blockquote class="incomplete">.*<p>[^<]*nan-watts\.prom: node seed-node-nan: 2 kepler_pod_cpu_watts value\(s\) excluded \(not a number, infinite\)/,
    );
  });

  it('a history file whose directory cannot be made (under /proc): exit 2 and one line, at once', async () => {
    if (!existsSync('/proc/self')) return;
    // Spawned with a time limit: Node's recursive mkdir of /proc/nope never returns (100 % CPU).
    const r = await spawnCli(
      ['report', '--demo', ...CLEAN, '--history', '/proc/nope/h.jsonl', '--json'],
      {},
      undefined,
      15_000,
    );
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      'kcarbon: error: cannot append to --history /proc/nope/h.jsonl: no such file or directory',
    ]);
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

  it('a history file whose last line has no newline: the next entry starts a line of its own, never glued on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcarbon-history-'));
    const file = join(dir, 'h.jsonl');
    writeFileSync(file, '{"timestamp":"x"'); // cut short, as a full disk or a hand edit leaves it
    const first = await cli(['report', '--demo', ...CLEAN, '--history', file, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const second = await cli(['report', '--demo', ...DIRTY, '--history', file, '--json']);
    expect(second.stderr).toMatch(/h\.jsonl:1 is not JSON; skipped/);
    expect(second.stderr).not.toMatch(/h\.jsonl:2 is not JSON/);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[0]).toBe('{"timestamp":"x"');
    expect(JSON.parse(lines[1]!)).toEqual(JSON.parse(first.stdout).history_entry);
    expect(JSON.parse(lines[2]!)).toEqual(JSON.parse(second.stdout).history_entry);
    expect(lines[3]).toBe('');
    expect(JSON.parse(second.stdout).trend.runs).toHaveLength(2);
  });

  it('a run on incomplete data is recorded but never compared: no trend from it, and the next run compares with the last complete one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcarbon-history-'));
    const file = join(dir, 'h.jsonl');
    const demo = new URL('../fixtures/demo/', import.meta.url).pathname;
    const nodes = readdirSync(demo).filter((f) => f.endsWith('.prom'));
    const all = nodes.map((f) => join(demo, f)).join(',');
    // One node's dump missing (a failed source): accepted with --allow-partial, its power lower.
    const some = [...nodes.slice(1).map((f) => join(demo, f)), join(dir, 'gone.prom')].join(',');
    writeFileSync(join(dir, 'gone.prom'), 'kepler_node_cpu_watts{zone="package"');
    const run = async (source: string, partial = false) => {
      const r = await cli([
        'report',
        '--source',
        source,
        ...CLEAN,
        '--history',
        file,
        '--json',
        ...(partial ? ['--allow-partial'] : []),
      ]);
      expect(r.code, r.stderr).toBeLessThanOrEqual(1);
      return JSON.parse(r.stdout);
    };
    const first = await run(all);
    expect(first.history_entry.complete).toBe(true);
    const partial = await run(some, true);
    expect(partial.metrics.complete).toBe(false);
    expect(partial.history_entry.complete).toBe(false);
    expect(partial.history_entry.power_watts).toBeLessThan(first.history_entry.power_watts);
    // No "change" from the missing node's power.
    expect(partial.trend).toBeNull();
    const third = await run(all);
    expect(third.trend.runs.map((e: { complete: boolean }) => e.complete)).toEqual([true, true]);
    expect(third.trend.since_previous.energy_kwh_per_day.change).toBe(0);
    // All three lines are in the file; the incomplete one says so.
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.complete)).toEqual([true, false, true]);
    // Another scope in the same file (one namespace) is not compared with the cluster's runs.
    const ns = async () =>
      JSON.parse(
        (await cli(['report', '--source', all, ...CLEAN, '--history', file, '--json', '-n', 'production']))
          .stdout,
      );
    expect((await ns()).trend).toBeNull();
    const again = await ns();
    expect(again.trend.runs.map((e: { namespace: string }) => e.namespace)).toEqual([
      'production',
      'production',
    ]);
    expect(again.history_entry).toMatchObject({
      namespace: 'production',
      region: 'ap-northeast-2',
      period_hours: null,
    });
    // Nor another region, nor a period against point-in-time readings.
    const other = async (extra: string[]) =>
      JSON.parse((await cli(['report', ...extra, '--history', file, '--json', '--no-fail'])).stdout);
    expect((await other(['--source', all, ...CLEAN, '--region', 'us-east-1'])).trend).toBeNull();
    const period = await other([
      '--demo',
      '--at',
      '2026-01-15T05:00:00Z',
      '--since',
      '24h',
      '--intensity',
      '300',
    ]);
    expect(period.history_entry.period_hours).toBe(24);
    expect(period.trend).toBeNull();
    // Lines written before kcarbon recorded completeness count as complete.
    const old = { ...lines[0] };
    delete old.complete;
    writeFileSync(file, `${JSON.stringify(old)}\n`);
    expect((await run(all)).trend.runs).toHaveLength(2);
    // A cluster-wide run records no namespace (null): a namespace called "all" is another scope.
    expect(first.history_entry.namespace).toBeNull();
    writeFileSync(file, `${JSON.stringify({ ...lines[0], namespace: 'all' })}\n`);
    expect((await run(all)).trend).toBeNull();
  });

  it('over a period (--since 48h of the demo): period, per-namespace and per-day energy and emissions; the same JSON from generate_report', async () => {
    const AT = ['--demo', '--at', '2026-01-15T00:00:00Z'];
    const viaCli = await cli(['report', ...AT, '--since', '48h', '--json']);
    expect(viaCli.code, viaCli.stderr).toBeLessThanOrEqual(1);
    const r = JSON.parse(viaCli.stdout);
    expect(r.period).toEqual({ from: '2026-01-13T00:00:00.000Z', to: '2026-01-15T00:00:00.000Z', hours: 48 });
    // The same figures as summary over the same period (4 decimals here, 6 there).
    const summary = JSON.parse((await cli(['summary', ...AT, '--since', '48h', '--json'])).stdout);
    expect(r.totals.energy_kwh).toBeCloseTo(summary.energy_kwh, 4);
    expect(r.totals.emissions_kg).toBeCloseTo(summary.emissions_kg, 4);
    for (const n of summary.namespaces) {
      const mine = r.namespaces.find((x: { namespace: string }) => x.namespace === n.namespace);
      expect(mine.energy_kwh).toBeCloseTo(n.energy_kwh, 4);
      expect(mine.emissions_kg).toBeCloseTo(n.emissions_kg, 4);
    }
    // The demo's history repeats its typical day: two whole UTC days with the same figures, half the period each.
    expect(r.daily.map((d: { date: string }) => d.date)).toEqual(['2026-01-13', '2026-01-14']);
    expect(r.daily[0].energy_kwh).toBe(r.daily[1].energy_kwh);
    expect(r.daily[0].energy_kwh * 2).toBeCloseTo(r.totals.energy_kwh, 3);
    // A point-in-time report keeps both null.
    const now = JSON.parse((await cli(['report', ...AT, '--json'])).stdout);
    expect([now.period, now.daily]).toEqual([null, null]);

    const md = (await cli(['report', ...AT, '--since', '48h', '-o', 'markdown'])).stdout;
    // UTC to the minute, and the region's wall clock beside it (Seoul: UTC+9, no daylight saving time).
    expect(md).toContain(
      'Period 2026-01-13 00:00 UTC to 2026-01-15 00:00 UTC (48 h; 09:00 – 09:00 UTC+9, Asia/Seoul)',
    );
    expect(r.time_zone).toBe('Asia/Seoul');
    expect(md).toContain('| Day (UTC) | Hours | Energy | CO2e |');
    expect(r.daily.map((d: { hours: number }) => d.hours)).toEqual([24, 24]);
    // html: the bars' figures in a table too (mail clients strip SVG), with each day's hours — a partial day (5 h of
    // 2026-01-15 here) is not a low day.
    const html = (
      await cli(['report', '--demo', '--at', '2026-01-15T05:00:00Z', '--since', '29h', '-o', 'html'])
    ).stdout;
    const days = html.slice(html.indexOf('<section id="daily">'));
    expect(days).toMatch(/<th>Day \(UTC\)<\/th><th class="n">Hours<\/th>/);
    expect(days).toMatch(/<td>2026-01-14<\/td><td class="n">24<\/td><td class="n">[\d.]+ kWh<\/td>/);
    expect(days).toMatch(/<td>2026-01-15<\/td><td class="n">5<\/td><td class="n">[\d.]+ kWh<\/td>/);
    // One reading time in a point-in-time report: the line under the title and the data line name the same instant.
    const pointInTime = (await cli(['report', '--demo', '-o', 'markdown'])).stdout;
    // (Seoul's date is given too when it is not the UTC date: from 15:00 UTC on.)
    const read =
      /Point-in-time reading at (\S+ \S+ UTC) \((?:\d{4}-\d\d-\d\d )?\d\d:\d\d UTC\+9, Asia\/Seoul\)/.exec(
        pointInTime,
      )?.[1];
    expect(read).toBeDefined();
    expect(pointInTime).toContain(`metrics read at ${read}.`);
    // Mailed as text too: no raw tag; the data's attribution where its figures are used (ODbL).
    expect(md).not.toMatch(/<sub>|<\/sub>/);
    // Once, with the years of the data it covers (the sentence stood twice, once per year).
    expect(md.trim().split('\n').at(-1)).toMatch(
      /^_Grid intensity .* Carbon intensity data: Electricity Maps \(2022, 2025\), ODbL\._$/,
    );
    for (const d of r.daily)
      expect(md).toMatch(new RegExp(`\\| ${d.date} \\| 24 \\| [0-9.]+ kWh \\| [0-9.]+ kg \\|`));
    expect(md).toContain('Energy in period | CO2e in period |');
    expect(md).toMatch(/W\*\* on average · /);

    const { connectStdio } = await import('./support/mcp.js');
    const c = await connectStdio(AT);
    try {
      const m = (await c.client.callTool({ name: 'generate_report', arguments: { since: '48h' } })) as {
        structuredContent?: Record<string, unknown>;
        isError?: boolean;
      };
      expect(m.isError ?? false).toBe(false);
      expect(m.structuredContent).toEqual(r);
    } finally {
      await c.close();
    }
  });
});
