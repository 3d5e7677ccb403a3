/**
 * Complete or say so: a run where some sources fail records it in every format, and a gate does not
 * pass on the nodes that happened to answer (exit 3 unless --allow-partial).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIR } from '../src/kepler/load.js';
import { cli } from './support/cli.js';
import { closedPort, startServer, type TestServer } from './support/servers.js';

const demoFiles = ['ip-10-0-1-17', 'ip-10-0-2-143'].map((n) =>
  readFileSync(path.join(DEMO_DIR, `${n}.ap-northeast-2.compute.internal.prom`), 'utf8'),
);

let good: TestServer[] = [];
let down: TestServer;
let refusedUrl: string;
let sources: string;
let allGood: string;

beforeAll(async () => {
  good = await Promise.all(
    demoFiles.map((body) =>
      startServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(body);
      }),
    ),
  );
  down = await startServer((_req, res) => {
    res.writeHead(503);
    res.end('overloaded');
  });
  refusedUrl = `http://127.0.0.1:${await closedPort()}/metrics`;
  allGood = good.map((s) => s.url()).join(',');
  sources = [allGood, down.url(), refusedUrl].join(',');
});

afterAll(async () => {
  await Promise.all([...good, down].map((s) => s.close()));
});

const AT = ['--at', '2026-01-15T05:00:00Z', '--retries', '0'];

describe('partial data', () => {
  it('assess of a workload found on no node that answered, while sources failed: exit 3 naming them, not exit 2', async () => {
    // jupyter runs on ip-10-0-3-52 only, which is not among the sources that answered.
    const r = await cli(['assess', 'jupyter', '--source', sources, ...AT]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(
      `kcarbon: error: no Kepler metrics for workload 'jupyter' in the sources read; it may run on a node whose source failed: ${down.url()}, ${refusedUrl}`,
    );
    // Found on a node that answered: the verdict stands, and the recommendation an assistant relays leads with why
    // it may understate; the report's JSON headline says what the gate failed on before "all workloads meet".
    const found = await cli(['assess', 'batch-job', '--source', sources, ...AT, '--json']);
    expect(found.code).toBe(3);
    expect(JSON.parse(found.stdout).recommendation).toMatch(
      /^Incomplete data \(2 of 4 nodes reporting\): the figures cover only what was read and may understate this workload\. (NON_)?COMPLIANT/,
    );
    const report = await cli(['report', '--source', sources, ...AT, '--json']);
    expect(report.code).toBe(3);
    expect(JSON.parse(report.stdout).headline).toMatch(
      /^incomplete data: sources failed or series left out; (all \d+ workloads meet|\d+ of)/,
    );
    const md = await cli(['report', '--source', sources, ...AT, '-o', 'markdown']);
    expect(md.stdout.split('\n')[0]!.match(/incomplete data/g)).toHaveLength(1);
    // A name found in another namespace stays a usage slip (exit 2, with the namespace), whatever failed.
    const elsewhere = await cli(['assess', 'batch-job', '-n', 'wrongns', '--source', sources, ...AT]);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toMatch(/it exists in namespace 'batch'/);
    // With every source read, an unknown name stays a usage error.
    const all = await cli(['assess', 'jupyter', '--source', allGood, ...AT]);
    expect(all.code).toBe(2);
  });

  it('records nodes_expected, nodes_reporting, each failed source and complete in the JSON', async () => {
    const r = await cli(['top', '--source', sources, ...AT, '--json']);
    expect(r.code).toBe(0); // top does not gate
    const m = JSON.parse(r.stdout).metrics;
    expect(m.complete).toBe(false);
    expect(m.nodes_expected).toBe(4);
    expect(m.nodes_reporting).toHaveLength(2);
    expect(m.sources_failed.map((f: { origin: string }) => f.origin)).toEqual([down.url(), refusedUrl]);
    expect(m.sources_failed[0].error).toMatch(/HTTP 503/);
    expect(m.sources_failed[1].error).toMatch(/connection refused/);
    expect(r.stderr).toMatch(/incomplete data: 2 of 4 nodes reporting/);
  });

  it('a complete run says so', async () => {
    const r = await cli(['top', '--source', allGood, ...AT, '--json']);
    const m = JSON.parse(r.stdout).metrics;
    expect(m).toMatchObject({ complete: true, nodes_expected: 2, sources_failed: [] });
    expect(r.stderr).not.toMatch(/incomplete/);
  });

  it('gating commands exit 3, and -q does not hide why', async () => {
    const list = await cli(['list', '--source', sources, ...AT, '-q']);
    expect(list.code).toBe(3);
    expect(list.stderr).toMatch(/incomplete data: 2 of 4 nodes reporting; 2 sources failed/);
    expect(list.stderr).toContain(down.url());
    expect(list.stdout).toMatch(/Incomplete: 2 of 4 nodes reporting/);
    const budget = await cli(['top', '--source', sources, ...AT, '-q', '--strict']);
    expect(budget.code).toBe(3);
  });

  it('a budget makes any command a gate; --allow-partial accepts partial data', async () => {
    const gated = await cli(['list', '--source', sources, ...AT, '--max-watts', '100000']);
    expect(gated.code).toBe(3);
    const allowed = await cli([
      'list',
      '--source',
      sources,
      ...AT,
      '--max-watts',
      '100000',
      '--allow-partial',
    ]);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toMatch(/incomplete data/);
    // Findings still fail an allowed partial run.
    const findings = await cli([
      'list',
      '--source',
      sources,
      ...AT,
      '--max-watts',
      '0.001',
      '--allow-partial',
    ]);
    expect(findings.code).toBe(1);
  });

  it('non-gating commands warn and exit 0; --strict makes them exit 3', async () => {
    const summary = await cli(['summary', '--source', sources, ...AT]);
    expect(summary.code).toBe(0);
    expect(summary.stderr).toMatch(/incomplete data/);
    const strict = await cli(['summary', '--source', sources, ...AT, '--strict']);
    expect(strict.code).toBe(3);
    // compare judges a budget in its statuses but does not gate: a finding exits 0, partial data too.
    const compare = await cli([
      'compare',
      'web-frontend',
      '--source',
      sources,
      ...AT,
      '--max-watts',
      '0.001',
    ]);
    expect(compare.code).toBe(0);
    expect(compare.stdout).toContain('NON_COMPLIANT');
    expect(compare.stderr).toMatch(/incomplete data/);
  });

  it('markdown, SARIF and JUnit carry the failed sources', async () => {
    const md = await cli(['list', '--source', sources, ...AT, '-o', 'markdown', '--allow-partial']);
    const lines = md.stdout.split('\n');
    expect(lines[2]).toMatch(/^> \*\*Warning: incomplete data: 2 of 4 nodes reporting/);
    expect(md.stdout).toMatch(/HTTP 503/);

    const sarif = JSON.parse(
      (await cli(['list', '--source', sources, ...AT, '-o', 'sarif', '--allow-partial'])).stdout,
    );
    const inv = sarif.runs[0].invocations[0];
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications).toHaveLength(2);
    expect(inv.toolExecutionNotifications[0]).toMatchObject({
      level: 'error',
      descriptor: { id: 'source-failed' },
    });
    expect(inv.toolExecutionNotifications[0].message.text).toMatch(/HTTP 503.*2 of 4 nodes/);

    const junit = (await cli(['list', '--source', sources, ...AT, '-o', 'junit'])).stdout;
    expect(junit.match(/<error type="source-failed"/g)).toHaveLength(2);
    expect(junit).toMatch(/<testsuites name="kcarbon" tests="\d+" failures="\d+" errors="2"/);
    expect(junit).toContain(`name="read ${refusedUrl}"`);
    // Partial data accepted: the gate passes on it, so the test report is not red either (skipped cases say why).
    const accepted = (await cli(['list', '--source', sources, ...AT, '-o', 'junit', '--allow-partial']))
      .stdout;
    expect(accepted).not.toContain('<error');
    expect(accepted.match(/<skipped message="partial data accepted \(allow_partial\): /g)).toHaveLength(2);
    expect(accepted).toMatch(
      /<testsuites name="kcarbon" tests="\d+" failures="\d+" errors="0" skipped="\d+"/,
    );
  });

  it('a command with its own markdown (report) gets the same warning under its headline', async () => {
    const r = await cli(['report', '--source', sources, ...AT, '-o', 'markdown', '--allow-partial']);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^## /);
    expect(lines[2]).toMatch(/^> \*\*Warning: incomplete data: 2 of 4 nodes reporting/);
  });
});

describe('series left out of a source that was read', () => {
  // web-frontend's package watts (18.73 W of its 20.94 W) made unreadable: NaN, or a line cut in two; or missing
  // (the line gone, its energy counter still there: Kepler writes both for every pod and zone).
  const sample = readFileSync(
    new URL('../fixtures/samples/SYNTHETIC_new-0.11.2_worker-1_text-0.0.4.prom', import.meta.url),
    'utf8',
  );
  const dir = mkdtempSync(path.join(tmpdir(), 'kcarbon-left-out-'));
  const variants = {
    nan: sample.replace(/(pod_name="web-frontend[^"]*"[^\n]*zone="package"\}) 18\.734102/, '$1 NaN'),
    missing: sample.replace(
      /kepler_pod_cpu_watts\{[^\n]*web-frontend[^\n]*zone="package"\} 18\.734102\n/,
      '',
    ),
    malformed: sample.replace(
      /(pod_name="web-frontend[^"]*"[^\n]*state="running"),(zone="package"\} 18\.734102)/,
      '$1$2',
    ),
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a pod whose power gauges are all missing is not 0 W that passes: one warning per node, the data incomplete', async () => {
    // Both of web-frontend's gauges gone: it would read 0 W and pass any budget.
    const file = path.join(dir, 'no-gauges.prom');
    writeFileSync(file, sample.replace(/kepler_pod_cpu_watts\{[^\n]*web-frontend[^\n]*\n/g, ''));
    const r = await cli(['list', '--source', file, ...AT, '--max-watts', '10', '--json']);
    expect(r.code, r.stderr).toBe(3);
    const j = JSON.parse(r.stdout);
    expect(j.warnings).toContainEqual({
      code: 'watts-missing',
      message: `${file}: node worker-1: 2 pod series have an energy counter but no power gauge (kepler_pod_cpu_watts); figures leave their power out`,
      params: { origin: file, node: 'worker-1', count: 2 },
      nodes: ['worker-1'],
    });
    expect(j.metrics).toMatchObject({ complete: false, series_left_out: [{ origin: file, count: 2 }] });
  });

  it('a dump cut at a line boundary before its pod families (or before any power) is incomplete: exit 3, not a pass', async () => {
    const lines = sample.split('\n');
    const firstPod = lines.findIndex((l) => l.startsWith('# HELP kepler_pod_'));
    const firstNode = lines.findIndex((l) => l.startsWith('# HELP kepler_node_'));
    expect(firstNode).toBeGreaterThan(0);
    expect(firstPod).toBeGreaterThan(firstNode);
    const cut = (n: number, name: string) => {
      const file = path.join(dir, `${name}.prom`);
      writeFileSync(file, `${lines.slice(0, n).join('\n')}\n`);
      return file;
    };
    // Node figures read, the pods' lines gone: the node's active power is nobody's, and every pod on it reads 0 W.
    const noPods = cut(firstPod, 'cut-before-pods');
    const alone = await cli(['list', '--source', noPods, ...AT, '--json']);
    expect(alone.code, alone.stderr).toBe(3);
    expect(alone.stderr).toMatch(/error: no running pod's power could be read/);
    // Beside a whole dump of another node: the run goes on, incomplete.
    const other = path.join(dir, 'worker-2.prom');
    writeFileSync(other, sample.replaceAll('worker-1', 'worker-2'));
    const r = await cli(['list', '--source', `${noPods},${other}`, ...AT, '--json']);
    expect(r.code, r.stderr).toBe(3);
    const j = JSON.parse(r.stdout);
    const w = j.warnings.find((x: { code: string }) => x.code === 'pods-missing');
    expect(w).toMatchObject({ params: { origin: noPods, node: 'worker-1' }, nodes: ['worker-1'] });
    expect(j.metrics.complete).toBe(false);
    expect(j.metrics.series_left_out).toEqual([{ origin: noPods, count: w.params.zones }]);
    // Cut before the node families too: no power at all is unknown power, not a node at 0 W.
    const noPower = cut(firstNode, 'cut-before-nodes');
    const all = await cli(['list', '--source', `${noPower},${other}`, ...AT, '--json']);
    expect(all.code, all.stderr).toBe(3);
    expect(JSON.parse(all.stdout).warnings.map((x: { code: string }) => x.code)).toContain('no-power-series');
    // --allow-partial accepts what was read, and says so.
    const accepted = await cli([
      'list',
      '--source',
      `${noPods},${other}`,
      ...AT,
      '--allow-partial',
      '--json',
    ]);
    expect(accepted.code).toBe(0);
    expect(accepted.stderr).toMatch(/incomplete data: .* \(accepted: --allow-partial\)/);
  });

  it('lines that lose no figure (a repeated HELP, a malformed line of a non-energy family) leave the data complete', async () => {
    const file = path.join(dir, 'noise.prom');
    writeFileSync(file, `${sample}# HELP kepler_build_info repeated help\nkepler_node_cpu_info{cpu="0" 1\n`);
    const r = await cli(['list', '--source', file, ...AT, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.warnings.map((w: { code: string }) => w.code)).toContain('lines-skipped');
    expect(j.metrics).toMatchObject({ complete: true, series_left_out: [] });
  });

  for (const [name, text] of Object.entries(variants)) {
    it(`${name}: a budget gate does not pass on what is left (exit 3, even with -q); --allow-partial accepts it`, async () => {
      expect(text).not.toBe(sample);
      const file = path.join(dir, `${name}.prom`);
      writeFileSync(file, text);
      const args = ['assess', 'web-frontend', '--source', file, '--max-watts', '10', ...AT];
      const r = await cli([...args, '--json']);
      expect(r.code, r.stderr).toBe(3);
      const j = JSON.parse(r.stdout);
      expect(j.current_power_watts).toBeLessThan(10); // what is left would pass
      expect(j.metrics).toMatchObject({ complete: false, series_left_out: [{ origin: file, count: 1 }] });
      const quiet = await cli([...args, '-q']);
      expect(quiet.code).toBe(3);
      expect(quiet.stderr).toContain(`incomplete data: 1 series left out in ${file}`);
      expect(quiet.stdout).toContain(`Incomplete: 1 series left out in ${file}`);
      expect((await cli([...args, '-q', '--allow-partial'])).code).toBe(0);
      // JUnit and SARIF say so too: an errored case, an unsuccessful invocation.
      const junit = await cli([...args, '-o', 'junit']);
      expect(junit.stdout).toMatch(/<error type="series-left-out" message="1 series left out in [^"]+">/);
      const sarif = JSON.parse((await cli([...args, '-o', 'sarif'])).stdout);
      expect(sarif.runs[0].invocations[0]).toMatchObject({ executionSuccessful: false });
      // Reading the whole untouched file: complete, and the budget fails.
      const whole = path.join(dir, 'whole.prom');
      writeFileSync(whole, sample);
      const ok = await cli([
        'assess',
        'web-frontend',
        '--source',
        whole,
        '--max-watts',
        '10',
        ...AT,
        '--json',
      ]);
      expect(ok.code).toBe(1);
      expect(JSON.parse(ok.stdout).metrics).toMatchObject({ complete: true, series_left_out: [] });
    });
  }
});
