import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, spawnCli } from './support/cli.js';
import { expectFigure } from './support/precision.js';
import { closedPort, startServer, type TestServer } from './support/servers.js';
import { TEST_CA_FILE } from './support/tls.js';

const DEMO = new URL('../fixtures/demo/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', DEMO), 'utf8'));
const demoFiles = readdirSync(DEMO).filter((f) => f.endsWith('.prom'));
const ANSI = /\u001b\[/;

/** Hand sum of running pods' package + dram + GPU watts straight from the exposition lines. */
function handSum(text: string): { total: number; pods: Map<string, number> } {
  const pods = new Map<string, number>();
  let total = 0;
  for (const line of text.split('\n')) {
    const gpu = line.startsWith('kepler_pod_gpu_watts{');
    if (!line.startsWith('kepler_pod_cpu_watts{') && !gpu) continue;
    if (!line.includes('state="running"') || !(gpu || /zone="(package|dram)"/.test(line))) continue;
    const name = /pod_name="([^"]+)"/.exec(line)![1]!;
    const v = Number(line.slice(line.lastIndexOf(' ') + 1));
    pods.set(name, (pods.get(name) ?? 0) + v);
    total += v;
  }
  return { total, pods };
}

describe('kcarbon on the demo cluster', () => {
  it('summary --json: total equals the sum of running pods package + dram + GPU', async () => {
    const r = await cli(['summary', '--demo', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const all = demoFiles.map((f) => handSum(readFileSync(new URL(f, DEMO), 'utf8')));
    const total = all.reduce((s, x) => s + x.total, 0);
    expectFigure(j.total_power_watts, total, 'W');
    expectFigure(j.total_power_watts, expected.cluster?.runningWatts?.total ?? total, 'W');
    expect(j.total_consumers).toBe(all.reduce((s, x) => s + x.pods.size, 0));
    expectFigure(j.average_power_watts, total / j.total_consumers, 'W');
    expect(j.terminated_pods).toBe(2);
    const nsSum = j.namespaces.reduce((s: number, n: { power_watts: number }) => s + n.power_watts, 0);
    expectFigure(nsSum, total, 'W', j.namespaces.length);
    expect(r.stdout).not.toMatch(ANSI);
  });

  it('top orders pods by power and keeps the original keys', async () => {
    const r = await cli(['top', '--demo', '--json', '--limit', '50']);
    const j = JSON.parse(r.stdout);
    const w = j.consumers.map((c: { power_watts: number }) => c.power_watts);
    expect([...w].sort((a, b) => b - a)).toEqual(w);
    expect(j.consumers[0]).toMatchObject({ rank: 1, namespace: 'ai-team' });
    expect(Object.keys(j.consumers[0])).toEqual(
      expect.arrayContaining(['rank', 'name', 'namespace', 'node', 'power_watts']),
    );
    const hand = new Map<string, number>();
    for (const f of demoFiles)
      for (const [k, v] of handSum(readFileSync(new URL(f, DEMO), 'utf8')).pods) hand.set(k, v);
    for (const c of j.consumers) expectFigure(c.power_watts, hand.get(c.name)!, 'W');
  });

  it('scopes to a namespace with -n and refuses -n with -A', async () => {
    const r = await cli(['top', '--demo', '-n', 'production', '--json']);
    expect(new Set(JSON.parse(r.stdout).consumers.map((c: { namespace: string }) => c.namespace))).toEqual(
      new Set(['production']),
    );
    const both = await cli(['top', '--demo', '-n', 'production', '-A']);
    expect(both.code).toBe(2);
  });

  it('hotspots lists every pod at or above the threshold', async () => {
    const r = await cli(['hotspots', '--demo', '--threshold', '5', '--json']);
    const j = JSON.parse(r.stdout);
    expect(j.hotspots.every((h: { power_watts: number }) => h.power_watts >= 5)).toBe(true);
    const top = JSON.parse((await cli(['top', '--demo', '--json', '-l', '100'])).stdout);
    expect(j.summary.total_hotspots).toBe(
      top.consumers.filter((c: { power_watts: number }) => c.power_watts >= 5).length,
    );
  });

  it('--zones changes the sum and nested zones are a usage error', async () => {
    const pkg = JSON.parse((await cli(['summary', '--demo', '--json', '--zones', 'package'])).stdout);
    const both = JSON.parse((await cli(['summary', '--demo', '--json'])).stdout);
    expect(pkg.total_power_watts).toBeLessThan(both.total_power_watts);
    const bad = await cli(['summary', '--demo', '--zones', 'package,core']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^kcarbon: error: .*double counts/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('exit codes and errors', () => {
  it('0 on success, 2 on usage errors, one line on stderr', async () => {
    expect((await cli(['summary', '--demo'])).code).toBe(0);
    for (const args of [
      ['top', '--bogus'],
      ['nope'],
      ['top', '--demo', '--limit', 'x'],
      ['top', '--demo', '-o', 'xml'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^kcarbon: error: /);
    }
  });

  it('--json with another -o disagrees like --no-fail with --fail-on (exit 2, one line naming both, reports still written); -o json agrees', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcarbon-json-o-'));
    for (const args of [
      ['--json', '-o', 'csv'],
      ['-o', 'csv', '--json'],
      ['--format=CSV', '--json'],
    ]) {
      const sarif = join(dir, `${args.join('')}.sarif`);
      const r = await cli(['list', '--demo', ...args, '--report', `sarif=${sarif}`]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), args.join(' ')).toEqual([
        `kcarbon: wrote sarif report (run failed) to ${sarif}`,
        'kcarbon: error: --json and --format csv disagree — --json is --format json; give one of them',
      ]);
      expect(JSON.parse(readFileSync(sarif, 'utf8')).runs[0].invocations[0].executionSuccessful).toBe(false);
    }
    const bad = await cli(['list', '--demo', '--json', '-o', 'bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^kcarbon: error: --format 'bogus' is not supported/);
    for (const args of [
      ['--json', '-o', 'json'],
      ['-o', 'JSON', '--json'],
    ]) {
      const r = await cli(['summary', '--demo', ...args]);
      expect(r.code, args.join(' ')).toBe(0);
      expect(JSON.parse(r.stdout).command).toBe('summary');
    }
  });

  it('shared options before the command are read as after it; anything else there is refused as before', async () => {
    const strip = (t: string) => JSON.parse(t, (k, v) => (/^timestamp$|_at$/.test(k) ? 0 : v));
    const after = await cli(['top', '--demo', '--limit', '2', '--json', '--pue', '1.3']);
    const before = await cli(['--json', '--pue=1.3', '--demo', 'top', '--limit', '2']);
    expect(before.code).toBe(0);
    expect(strip(before.stdout)).toEqual(strip(after.stdout));
    const ko = await cli(['--lang', 'ko', 'list', '--demo']);
    expect(ko.code).toBe(0);
    expect(ko.stdout).toMatch(/네임스페이스/);
    // --lang with no command after it: the help, or the unknown command's refusal, in that language.
    const help = await cli(['--lang', 'ko']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^사용법: kcarbon/);
    const typo = await cli(['--lang=ko', 'reportt']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^kcarbon: 오류: 알 수 없는 명령 'reportt' \(혹시 report\?\)/);
    // A command's own option (not a shared one) before the command, or shared options with no command after.
    for (const args of [['--limit', '2', 'top', '--demo'], ['--demo'], ['--bogus', 'top']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^kcarbon: error: unknown option '--(limit|demo|bogus)'/);
    }
  });

  it("shared options before a group's subcommand are read after the subcommand (config show, config schema)", async () => {
    const ko = await cli(['--lang', 'ko', 'config', 'show']);
    expect(ko.code, ko.stderr).toBe(0);
    expect(ko.stdout).toMatch(/설정/);
    const json = await cli(['--json', 'config', 'show']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).command).toBe('config show');
    const schema = await cli(['--no-color', 'config', 'schema']);
    expect(schema.code, schema.stderr).toBe(0);
    expect(schema.stdout).toBe((await cli(['config', 'schema', '--no-color'])).stdout);
    // The subcommand's own options still follow it.
    const region = await cli(['--json', 'config', 'show', '--region', 'eu-central-1']);
    expect(region.code, region.stderr).toBe(0);
  });

  it('2 with a clear message when no source is given or a file is missing', async () => {
    const none = await cli(['summary']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--demo/);
    const missing = await cli(['summary', '--source', '/nonexistent/dump.prom']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nonexistent/);
  });

  it('2 with the line number for a malformed file under --strict; skipped with a warning otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcarbon-'));
    const text = readFileSync(new URL(demoFiles[0]!, DEMO), 'utf8').split('\n');
    const at = text.findIndex((l) => l.startsWith('kepler_pod_cpu_watts{'));
    text.splice(at, 0, 'kepler_pod_cpu_watts{pod_name="broken} 1');
    const file = join(dir, 'node.prom');
    writeFileSync(file, text.join('\n'));
    const strict = await cli(['summary', '--source', file, '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain(`:${at + 1}:`);
    const lax = await cli(['summary', '--source', file]);
    expect(lax.code).toBe(0);
    expect(lax.stderr).toMatch(/skipped 1 malformed line/);
  });

  it('a dump that is not Kepler among good ones is a node left out, in its place; alone it is an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcarbon-'));
    for (const f of demoFiles.slice(0, 2)) writeFileSync(join(dir, f), readFileSync(new URL(f, DEMO)));
    // Sorted between the two good dumps and after them: each is parsed as it is read, and reported in order.
    const bad = [`${demoFiles[0]!}-a.prom`, 'zz-not-kepler.prom'];
    for (const f of bad) writeFileSync(join(dir, f), 'hello 1\nworld 2\n');
    const r = await cli(['summary', '--source', dir, '--json']);
    expect(r.code).toBe(0);
    const metrics = JSON.parse(r.stdout).metrics;
    expect(metrics.nodes_reporting).toHaveLength(2);
    expect(metrics.sources_failed.map((f: { origin: string }) => f.origin)).toEqual(
      bad.map((f) => join(dir, f)),
    );
    expect(metrics.sources_failed[0].error).toMatch(/no Kepler metrics/);
    const alone = await cli(['summary', '--source', join(dir, bad[1]!)]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/^kcarbon: error: .*no Kepler metrics/);
  });

  it('an unknown namespace is an error, never 0 W', async () => {
    const r = await cli(['summary', '--demo', '-n', 'ghost']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/namespace 'ghost'.*ai-team/);
  });
});

describe('live sources', () => {
  let servers: TestServer[] = [];
  const token = 'kcarbon-test-token';
  beforeAll(async () => {
    // Kepler behind kube-rbac-proxy: HTTPS with a private CA and a bearer token, one exporter per node.
    servers = await Promise.all(
      demoFiles.slice(0, 3).map((f) =>
        startServer(
          (req, res) => {
            if (req.headers.authorization !== `Bearer ${token}`) {
              res.writeHead(401).end('Unauthorized');
              return;
            }
            res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
            res.end(readFileSync(new URL(f, DEMO)));
          },
          { tls: true },
        ),
      ),
    );
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('reads every node over TLS with a CA and token; a dead node is named and the rest reported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcarbon-'));
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${token}\n`);
    const dead = `http://127.0.0.1:${await closedPort()}/metrics`;
    const urls = [...servers.map((s) => s.url()), dead].join(',');
    const r = await cli(['summary', '--json', '--source', urls, '--ca', TEST_CA_FILE, '--retries', '0'], {
      KEPLER_TOKEN_FILE: tokenFile,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(dead);
    const j = JSON.parse(r.stdout);
    const total = demoFiles
      .slice(0, 3)
      .reduce((s, f) => s + handSum(readFileSync(new URL(f, DEMO), 'utf8')).total, 0);
    expectFigure(j.total_power_watts, total, 'W');
    expect(j.metrics.nodes_reporting).toHaveLength(3);
    expect(j.metrics.sources_failed).toHaveLength(1);
  });

  it('exits 3 when every source is unreachable, and 3 on a wrong token', async () => {
    const dead = await cli([
      'top',
      '--source',
      `http://127.0.0.1:${await closedPort()}/metrics`,
      '--retries',
      '0',
    ]);
    expect(dead.code).toBe(3);
    expect(dead.stderr.trim().split('\n')).toHaveLength(1);
    const noToken = await cli(['top', '--source', servers[0]!.url(), '--ca', TEST_CA_FILE]);
    expect(noToken.code).toBe(3);
    expect(noToken.stderr).toMatch(/401/);
  });
});

describe('the built bin/kcarbon.js', () => {
  it('npx kcarbon summary --demo prints a cluster summary', async () => {
    const r = await spawnCli(['summary', '--demo']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Total power\s+785\.91 W \(CPU 173\.91 W, GPU 612\.00 W\)/);
    expect(r.stdout).not.toMatch(ANSI); // not a TTY, so no colour
  });
  it('honours FORCE_COLOR but never colours JSON', async () => {
    const colored = await spawnCli(['top', '--demo'], { FORCE_COLOR: '1' });
    expect(colored.stdout).toMatch(ANSI);
    const json = await spawnCli(['top', '--demo', '--json'], { FORCE_COLOR: '1' });
    expect(json.stdout).not.toMatch(ANSI);
    const off = await spawnCli(['top', '--demo', '--no-color'], { FORCE_COLOR: '1' });
    expect(off.stdout).not.toMatch(ANSI);
  });
  it('reads stdin with --source -', async () => {
    const text = readFileSync(new URL(demoFiles[0]!, DEMO), 'utf8');
    const r = await spawnCli(['top', '--source', '-', '--json'], {}, text);
    expect(r.code).toBe(0);
    expectFigure(JSON.parse(r.stdout).total_power_watts, handSum(text).total, 'W');
  });
  it('prints --version and --help with exit 0', async () => {
    expect((await spawnCli(['--version'])).code).toBe(0);
    const help = await spawnCli(['top', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--limit/);
  });
});

describe('a region in any case is the region config names', () => {
  it('--region AP-NORTHEAST-2: the result says ap-northeast-2', async () => {
    const r = await cli(['assess', 'ml-training-job', '--demo', '--region', 'AP-NORTHEAST-2', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.region).toBe('ap-northeast-2');
    expect(json.data_used.grid.region).toBe('ap-northeast-2');
  });
});

describe('names of formats, grid providers and bases in any case', () => {
  it('-o JSON, --report SARIF=FILE and --basis OFFICIAL are accepted; --grid wattime suggests watttime', async () => {
    const json = await cli(['summary', '--demo', '-o', 'JSON']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).command).toBe('summary');
    const basis = await cli(['assess', 'ml-training-job', '--demo', '--basis', 'OFFICIAL', '--json']);
    expect(JSON.parse(basis.stdout).data_used.grid.intensity_basis).toBe('official');
    const grid = await cli(['summary', '--demo', '--grid', 'wattime']);
    expect(grid.code).toBe(2);
    expect(grid.stderr).toMatch(/unknown grid provider 'wattime' — did you mean 'watttime'\?/);
  });
});
