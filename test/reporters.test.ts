import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_DIR } from '../src/kepler/load.js';
import { toJunit, xmlEscape } from '../src/render/junit.js';
import { cli } from './support/cli.js';

const AT = ['--demo', '--at', '2026-01-15T05:00:00Z'];
// A grid stated at 450 g/kWh at every hour is above the 424 g/kWh reference, so every workload fails the carbon check
const DIRTY = ['--demo', '--at', '2026-01-15T17:00:00Z', '--intensity', '450'];

describe('CI reports', () => {
  it('list writes SARIF and JUnit files in the same run as the table, and still exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcarbon-report-'));
    const sarifFile = join(dir, 'k.sarif');
    const junitFile = join(dir, 'junit.xml');
    const r = await cli([
      'list',
      ...DIRTY,
      '-n',
      'production',
      '--report',
      `sarif=${sarifFile}`,
      '--report',
      `junit=${junitFile}`,
      '--json',
    ]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    const failing = json.workloads.flatMap((w: { checks: { status: string }[] }) =>
      w.checks.filter((c) => c.status === 'NON_COMPLIANT'),
    );
    const all = json.workloads.flatMap((w: { checks: unknown[] }) => w.checks);

    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('kcarbon');
    expect(run.results).toHaveLength(failing.length);
    const ruleIds = run.tool.driver.rules.map((x: { id: string }) => x.id);
    for (const res of run.results) {
      expect(ruleIds).toContain(res.ruleId);
      expect(res.message.text.length).toBeGreaterThan(0);
      expect(res.locations[0].physicalLocation.artifactLocation.uri).toMatch(
        /^k8s\/production\/[a-z-]+\.yaml$/,
      );
      expect(res.locations[0].physicalLocation.region.startLine).toBe(1);
    }
    for (const rule of run.tool.driver.rules) {
      for (const k of ['shortDescription', 'fullDescription', 'help'])
        expect(rule[k].text.length).toBeGreaterThan(0);
    }

    const xml = readFileSync(junitFile, 'utf8');
    expect(xml).toContain(`tests="${all.length}" failures="${failing.length}"`);
    expect(xml.match(/<testcase /g)).toHaveLength(all.length);
    expect(xml.match(/<failure /g)).toHaveLength(failing.length);
    expect(r.stderr).toContain(`wrote sarif report to ${sarifFile}`);
  });

  it('an empty SARIF run is still valid when everything complies', async () => {
    const r = await cli(['assess', 'redis', ...AT, '--standard', 'KR_PUE_GREEN_DC', '-o', 'sarif']);
    expect(r.code).toBe(0);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.runs[0].results).toEqual([]);
  });

  it('junit escapes XML and marks limits not yet in force as skipped', () => {
    expect(xmlEscape(`a<b & "c" 'd'>`)).toBe('a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;');
    const xml = toJunit(
      [
        {
          namespace: 'ns',
          name: 'w<1>',
          kind: 'Deployment',
          checks: [
            {
              standard: 'DE_ENEFG',
              check: 'pue-existing',
              metric: 'pue',
              status: 'NOT_APPLICABLE',
              unit: 'ratio',
              legal_status: 'law',
              note: 'no limit before 2027-07-01',
            },
          ],
        },
      ],
      'assess',
    );
    expect(xml).toContain('skipped="1"');
    expect(xml).toContain('classname="ns/Deployment/w&lt;1&gt;"');
  });

  it('csv writes the main list with RFC 4180 quoting; markdown has tables; bad formats are exit 2', async () => {
    const csv = await cli(['top', ...AT, '-o', 'csv', '-l', '3']);
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^rank,name,namespace,node,power_watts/);
    expect(lines).toHaveLength(4);
    const md = await cli(['summary', ...AT, '-o', 'markdown']);
    expect(md.stdout).toMatch(/^## kcarbon summary/);
    expect(md.stdout).toMatch(/\| Namespace \| Pods \| Power \(W\)/);
    expect(md.stdout).not.toMatch(/_watts|status_filter|\d\.\d{4,}/);
    expect(md.stdout).toContain('ODbL');
    // Gating commands open with a pass/fail line; empty columns and JSON keys stay out.
    const pass = (await cli(['list', ...AT, '-o', 'markdown'])).stdout;
    expect(pass).toMatch(/^\*\*✅ PASS\*\*: no failing checks of severity error \(fails on errors\)$/m);
    expect(pass).not.toMatch(/Failed checks|status_filter|compliant_count/);
    const fail = (await cli(['list', ...AT, '--region', 'ap-northeast-1', '-o', 'markdown'])).stdout;
    expect(fail).toMatch(/^\*\*❌ FAIL\*\*: 14 failing checks of severity error \(fails on errors\)$/m);
    expect(fail).toMatch(/\| Status \| Failed checks \|/);
    const bad = await cli(['top', ...AT, '-o', 'sarif']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/needs compliance checks/);
    const badReport = await cli(['list', ...AT, '--report', 'pdf=x.pdf']);
    expect(badReport.code).toBe(2);
    expect(badReport.stdout).toBe('');
  });

  it('an empty list is still a header row: the columns of the same run with rows', async () => {
    const header = (stdout: string) => stdout.split('\r\n')[0];
    const some = await cli(['hotspots', ...AT, '--threshold', '5', '-o', 'csv']);
    const none = await cli(['hotspots', ...AT, '--threshold', '100000', '-o', 'csv']);
    expect(none.stdout).toBe(`${header(some.stdout)}\r\n`);
    // Over a period too (its columns, no node idle share).
    const day = ['hotspots', '--demo', '--since', '24h', '-o', 'csv'];
    const someDay = await cli([...day, '--threshold', '5']);
    expect((await cli([...day, '--threshold', '100000'])).stdout).toBe(`${header(someDay.stdout)}\r\n`);
    const noneList = await cli(['list', ...AT, '--status', 'NON_COMPLIANT', '-o', 'csv']);
    expect(header(noneList.stdout)).toBe(header((await cli(['list', ...AT, '-o', 'csv'])).stdout));
  });

  it('a text cell a spreadsheet would run as a formula is written as text; numbers stay numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcarbon-csv-'));
    const node = 'ip-10-0-1-17.ap-northeast-2.compute.internal';
    const file = join(dir, `${node}.prom`);
    writeFileSync(
      file,
      readFileSync(join(DEMO_DIR, `${node}.prom`), 'utf8')
        .replaceAll('pod_name="ml-training-job-dc8z7"', `pod_name="=HYPERLINK(\\"x\\")"`)
        .replaceAll('pod_namespace="ai-team"', 'pod_namespace="@team"'),
    );
    const csv = (await cli(['top', '--source', file, '--at', '2026-01-15T05:00:00Z', '-o', 'csv', '-A']))
      .stdout;
    const row = csv.split('\r\n').find((l) => l.includes('HYPERLINK'))!;
    expect(row).toMatch(/^\d+,"'=HYPERLINK\(""x""\)",'@team,/);
    expect(csv).not.toMatch(/(^|,)"?[=+@]/m);
    // A negative figure is a number: only text is changed (regions' savings of a dirtier region are negative).
    const regions = (await cli(['regions', 'api-gateway', ...AT, '-o', 'csv'])).stdout;
    expect(regions).toMatch(/,-\d+(\.\d+)?(,|\r\n)/);
    expect(regions).not.toMatch(/,'-\d/);
  });
});
