/**
 * The HTML report in a real headless Chromium (Debian's `chromium`, driven by playwright-core):
 * what the page shows, that nothing leaves the page, and a PNG screenshot under test-output/.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openOffline, outputPath } from './support/chromium.js';
import { cli } from './support/cli.js';

const RUNS = [
  ['--at', '2026-01-12T20:00:00Z', '--intensity', '380'],
  ['--at', '2026-01-13T20:00:00Z', '--intensity', '300'],
  ['--at', '2026-01-14T20:00:00Z'],
];

let context: BrowserContext;
let dir: string;
let report: { namespaces: { namespace: string }[]; headline: string; trend: { runs: unknown[] } };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kcarbon-report-'));
  const history = join(dir, 'history.jsonl');
  for (const at of RUNS.slice(0, -1)) {
    const r = await cli(['report', '--demo', ...at, '--history', history, '-o', 'json']);
    expect(r.code, r.stderr).toBeLessThanOrEqual(1);
  }
  const last = await cli([
    'report',
    '--demo',
    ...RUNS.at(-1)!,
    '--history',
    history,
    '-o',
    'json',
    '--report',
    `html=${join(dir, 'nested', 'report.html')}`,
  ]);
  expect(last.code, last.stderr).toBeLessThanOrEqual(1);
  report = JSON.parse(last.stdout);
  context = await launchChromium();
}, 120_000);

afterAll(async () => {
  await context?.close();
});

describe('kcarbon report -o html in headless Chromium', () => {
  it('shows the verdict, every namespace, the charts, requests nothing, and screenshots', async () => {
    const file = join(dir, 'nested', 'report.html');
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    const { page, requests } = await openOffline(context, file);

    await expect(page.locator('.headline').innerText()).resolves.toContain(report.headline);
    await expect(page.locator('.verdict').innerText()).resolves.toMatch(/^(PASS|FAIL)$/);
    const nsCells = await page.locator('#namespaces tbody tr td:first-child').allInnerTexts();
    expect(nsCells).toEqual(report.namespaces.map((n) => n.namespace));
    expect(await page.locator('#namespaces svg.hbar rect.bar').count()).toBe(report.namespaces.length);
    expect(await page.locator('#top tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#hotspots tbody tr').count()).toBeGreaterThan(0);

    const curve = page.locator('#intensity svg.intensity');
    await expect(curve.isVisible()).resolves.toBe(true);
    expect(await curve.locator('circle.point').count()).toBe(24);
    expect(await curve.locator('rect.band.best-window').count()).toBeGreaterThanOrEqual(1);
    expect(await curve.locator('line.marker').count()).toBe(1);
    const box = await curve.boundingBox();
    expect(box!.width).toBeGreaterThan(300);

    expect(report.trend.runs).toHaveLength(RUNS.length);
    for (const cls of ['trend-energy', 'trend-emissions', 'trend-compliance']) {
      expect(await page.locator(`#trend svg.${cls} circle.point`).count()).toBe(RUNS.length);
    }
    expect(await page.locator('#trend table').first().innerText()).toContain('Emissions per month');

    await page.screenshot({ path: outputPath('report-demo.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.headline').isVisible()).resolves.toBe(true);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('Korean on a phone (390 px): the page never scrolls sideways (tables do), words stay whole, the verdict prints in colour, prose rounded', async () => {
    const file = join(dir, 'ko.html');
    const r = await cli([
      'report',
      '--demo',
      ...RUNS.at(-1)!,
      '--lang',
      'ko',
      '--report',
      `html=${file}`,
      '-q',
    ]);
    expect(r.code, r.stderr).toBeLessThanOrEqual(1);
    const html = readFileSync(file, 'utf8');
    // Figures in prose as README rounds them: kg 2 decimals, g/kWh 1 (the JSON keeps them whole).
    expect(html).not.toMatch(/-\d+\.\d{3} kgCO2e|연평균 \d+ g\/kWh/);
    const { page, requests } = await openOffline(context, file);
    await page.setViewportSize({ width: 390, height: 800 });
    // (A string: the test's TypeScript has no DOM types.)
    const widths = (await page.evaluate(`({
      page: document.documentElement.scrollWidth,
      view: window.innerWidth,
      wordBreak: getComputedStyle(document.body).wordBreak,
      scrolled: [...document.querySelectorAll('table')].every((t) => t.parentElement?.className === 'scroll'),
    })`)) as { page: number; view: number; wordBreak: string; scrolled: boolean };
    expect(widths.page).toBeLessThanOrEqual(widths.view);
    expect(widths.wordBreak).toBe('keep-all');
    expect(widths.scrolled).toBe(true);
    await page.emulateMedia({ media: 'print' });
    const adjust = await page.evaluate(
      `getComputedStyle(document.querySelector('.verdict')).getPropertyValue('print-color-adjust')`,
    );
    expect(adjust).toBe('exact');
    await page.screenshot({ path: outputPath('report-ko-390.png'), fullPage: true });
    expect(requests).toEqual([]);
    await page.close();
  });

  it('over a period of the demo (--since 48h): the period line, one bar per day, every namespace, nothing requested', async () => {
    const file = join(dir, 'period', 'report.html');
    const r = await cli([
      'report',
      '--demo',
      '--since',
      '48h',
      '--at',
      '2026-01-15T00:00:00Z',
      '-o',
      'json',
      '--report',
      `html=${file}`,
    ]);
    expect(r.code, r.stderr).toBeLessThanOrEqual(1);
    const p = JSON.parse(r.stdout) as {
      period: { from: string; to: string; hours: number };
      daily: { date: string; energy_kwh: number; emissions_kg: number }[];
      namespaces: { namespace: string; energy_kwh: number }[];
      totals: { energy_kwh: number; emissions_kg: number };
      headline: string;
    };
    expect(p.period).toEqual({ from: '2026-01-13T00:00:00.000Z', to: '2026-01-15T00:00:00.000Z', hours: 48 });
    expect(p.daily.map((d) => d.date)).toEqual(['2026-01-13', '2026-01-14']);
    // The days add up to the period (each rounded to 4 decimals).
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(Math.abs(sum(p.daily.map((d) => d.energy_kwh)) - p.totals.energy_kwh)).toBeLessThanOrEqual(2e-4);
    expect(Math.abs(sum(p.daily.map((d) => d.emissions_kg)) - p.totals.emissions_kg)).toBeLessThanOrEqual(
      2e-4,
    );
    expect(Math.abs(sum(p.namespaces.map((n) => n.energy_kwh)) - p.totals.energy_kwh)).toBeLessThanOrEqual(
      p.namespaces.length * 1e-4,
    );

    const { page, requests } = await openOffline(context, file);
    await expect(page.locator('.headline').innerText()).resolves.toContain(p.headline);
    await expect(page.locator('.meta.period').innerText()).resolves.toBe(
      // The JSON's UTC instants to the minute, and Seoul's wall clock (UTC+9) beside them.
      `Period ${p.period.from.slice(0, 10)} ${p.period.from.slice(11, 16)} UTC to ${p.period.to.slice(0, 10)} ${p.period.to.slice(11, 16)} UTC (48 h; 09:00 – 09:00 UTC+9, Asia/Seoul)`,
    );
    const nsCells = await page.locator('#namespaces tbody tr td:first-child').allInnerTexts();
    expect(nsCells).toEqual(p.namespaces.map((n) => n.namespace));
    expect(await page.locator('#namespaces thead th').allInnerTexts()).toContain('Energy in period');
    for (const cls of ['daily-energy', 'daily-emissions']) {
      const chart = page.locator(`#daily svg.${cls}`);
      await expect(chart.isVisible()).resolves.toBe(true);
      expect(await chart.locator('rect.bar').count()).toBe(p.daily.length);
      const labels = await chart.locator('title').allTextContents();
      for (const d of p.daily) expect(labels.join('\n')).toContain(d.date.slice(5));
    }
    await page.screenshot({ path: outputPath('report-demo-period.png'), fullPage: true });
    expect(requests).toEqual([]);
    await page.close();
  });
});
