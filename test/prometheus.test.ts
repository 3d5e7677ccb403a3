/**
 * --prometheus against a real Prometheus server scraping local Kepler stand-ins: the demo cluster's four
 * node dumps (federate: latest values), and a node whose joules counters grow at a known rate (--window: rate()).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';
import { expectNoIdleUnknown, idlelessNode } from './support/idle-node.js';
import { type PrometheusServer, queryValue, startPrometheus, waitForQuery } from './support/prometheus.js';
import { startServer, type TestServer } from './support/servers.js';

const DEMO = new URL('../fixtures/demo/', import.meta.url);
const demoFiles = readdirSync(DEMO).filter((f) => f.endsWith('.prom'));

/**
 * A Kepler v0.11 node whose pod draws exactly 12 W and node 40 W active + 60 W idle, as counters over time, and a
 * pod that has finished (state="terminated": its final counters, 5,500 J package and 700 J GPU).
 */
function growingNode(t0: number): string {
  const s = (Date.now() - t0) / 1000;
  const pod =
    'node_name="growing-node",pod_id="11111111-2222-3333-4444-555555555555",pod_name="steady-app-0",pod_namespace="steady"';
  const done =
    'node_name="growing-node",pod_id="66666666-7777-8888-9999-000000000000",pod_name="done-job-0",pod_namespace="steady",state="terminated"';
  return [
    '# TYPE kepler_build_info gauge',
    'kepler_build_info{arch="amd64",branch="HEAD",goversion="go1.23",revision="x",version="v0.11.4"} 1',
    '# TYPE kepler_node_cpu_active_joules_total counter',
    `kepler_node_cpu_active_joules_total{node_name="growing-node",path="aggregated-package",zone="package"} ${1000 + 40 * s}`,
    '# TYPE kepler_node_cpu_idle_joules_total counter',
    `kepler_node_cpu_idle_joules_total{node_name="growing-node",path="aggregated-package",zone="package"} ${5000 + 60 * s}`,
    '# TYPE kepler_node_cpu_usage_ratio gauge',
    'kepler_node_cpu_usage_ratio{node_name="growing-node"} 0.4',
    '# TYPE kepler_pod_cpu_joules_total counter',
    `kepler_pod_cpu_joules_total{${pod},state="running",zone="package"} ${500 + 10 * s}`,
    `kepler_pod_cpu_joules_total{${pod},state="running",zone="dram"} ${50 + 2 * s}`,
    `kepler_pod_cpu_joules_total{${done},zone="package"} 5500`,
    '# TYPE kepler_pod_gpu_joules_total counter',
    `kepler_pod_gpu_joules_total{${done}} 700`,
    '# TYPE kepler_pod_gpu_watts gauge',
    `kepler_pod_gpu_watts{${done}} 0`,
    '# TYPE kepler_pod_cpu_watts gauge',
    // a jumpy gauge that --window must not use
    `kepler_pod_cpu_watts{${pod},state="running",zone="package"} ${Math.round(s) % 2 ? 100 : 0}`,
    `kepler_pod_cpu_watts{${pod},state="running",zone="dram"} 0`,
    `kepler_pod_cpu_watts{${done},zone="package"} 0`,
    '',
  ].join('\n');
}

const STEADY_PACKAGE = 'kepler_pod_cpu_joules_total{pod_name="steady-app-0",zone="package"}';

/** Ready when a 5 s window holds at least three scrapes of `series` (no fixed sleep). */
const threeScrapes = (url: string, series: string) =>
  waitForQuery(url, `count_over_time(${series}[5s]) >= 3`, (n) => n === 1, 60_000);

/** Polls until an instant (whole seconds, 1 s ago) has at least `n` samples of `series` in its 5 s window. */
/** A recent second at which each of the series (of targets scraped independently) has `n` samples in 5 s. */
async function instantWithSamples(url: string, series: string | string[], n: number): Promise<number> {
  const all = typeof series === 'string' ? [series] : series;
  for (;;) {
    const at = Math.floor(Date.now() / 1000) - 1;
    const counts = await Promise.all(
      all.map((s) => queryValue(url, `count_over_time(${s}[5s])`, at).catch(() => 0)),
    );
    if (counts.every((c) => c >= n)) return at;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('--prometheus with a real Prometheus server', () => {
  let prom: PrometheusServer;
  // A generous per-request timeout: a hang guard on a loaded machine, not a performance bound.
  const PROM = () => ['--prometheus', prom.url, '--timeout', '60s'];
  let servers: TestServer[] = [];
  const t0 = Date.now();

  beforeAll(async () => {
    servers = await Promise.all([
      ...demoFiles.map((f) =>
        startServer((_req, res) => {
          res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
          res.end(readFileSync(new URL(f, DEMO)));
        }),
      ),
      startServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(growingNode(t0));
      }),
    ]);
    prom = await startPrometheus(servers.map((s) => `127.0.0.1:${s.port}`));
    // every node scraped, and enough samples of the growing counter for a 5 s rate
    await waitForQuery(
      prom.url,
      'count by (node_name) (kepler_pod_cpu_watts)',
      (n) => n === demoFiles.length + 1,
    );
    await threeScrapes(prom.url, STEADY_PACKAGE);
  }, 120_000);

  afterAll(async () => {
    await prom?.stop();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('a /federate answer above the cap falls back to per-pod aggregation on the server, with the same figures', async () => {
    const whole = JSON.parse((await cli(['summary', '--prometheus', prom.url, '--json'])).stdout);
    // The demo's federate answer is ~250 KB; with a 60 KB cap kcarbon asks for sum by (pod...) instead.
    const r = await cli(['summary', '--prometheus', prom.url, '--max-bytes', '60KB', '--json', '--debug']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('aggregating current power on the server');
    const agg = JSON.parse(r.stdout);
    const demo = (x: { namespaces: { namespace: string }[] }) =>
      x.namespaces.filter((n) => n.namespace !== 'steady');
    expect(demo(agg)).toEqual(
      demo(whole).map((n) => expect.objectContaining({ ...n, share_percent: expect.any(Number) })),
    );
    expect(agg.metrics.nodes_reporting).toEqual(whole.metrics.nodes_reporting);
  });

  it('reads every node in one query and matches the direct scrape', async () => {
    const direct = JSON.parse((await cli(['summary', '--demo', '--json'])).stdout);
    const r = await cli(['summary', ...PROM(), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const viaProm = JSON.parse(r.stdout);
    const demoNamespaces = viaProm.namespaces.filter((n: { namespace: string }) => n.namespace !== 'steady');
    expect(demoNamespaces).toEqual(
      direct.namespaces.map((n: object) =>
        expect.objectContaining({ ...n, share_percent: expect.any(Number) }),
      ),
    );
    expect(viaProm.metrics.nodes_reporting).toEqual(
      [...direct.metrics.nodes_reporting, 'growing-node'].sort(),
    );
    // and the stand-in's done-job-0
    expect(viaProm.terminated_pods).toBe(direct.terminated_pods + 1);
  });

  it('--window averages power from the joules counters with rate()', async () => {
    // Prometheus timestamps a sample when it scrapes, the stand-in computes it a moment later: on a busy
    // machine rate() is near, not at, 12 W. So the expected figures are Prometheus's own rate() at the same
    // instant (the data), and the exact ratios of counters that share every scrape.
    // An instant whose 5 s window holds at least two scrapes (on a busy machine Prometheus may skip some):
    // waited for, not assumed.
    const atSeconds = await instantWithSamples(prom.url, STEADY_PACKAGE, 2);
    const at = new Date(atSeconds * 1000).toISOString();
    const rate = (q: string) => queryValue(prom.url, `sum(rate(${q}[5s]))`, atSeconds);
    const podRate = await rate('kepler_pod_cpu_joules_total{pod_name="steady-app-0"}');
    const activeRate = await rate('kepler_node_cpu_active_joules_total{node_name="growing-node"}');
    const idleRate = await rate('kepler_node_cpu_idle_joules_total{node_name="growing-node"}');

    const args = [...PROM(), '--window', '5s', '--at', at, '-n', 'steady', '--json'];
    const r = await cli(['top', ...args]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.metrics.watts_from).toBe('sampled');
    expect(j.consumers[0].name).toBe('steady-app-0');
    // 10 J/s package + 2 J/s dram, whatever the jumpy gauge says
    expect(j.consumers[0].power_watts).toBeCloseTo(podRate, 3);
    const s = JSON.parse((await cli(['summary', ...args])).stdout);
    const node = s.nodes.find((n: { node: string }) => n.node === 'growing-node');
    expect(node.node_active_watts).toBeCloseTo(activeRate, 3);
    expect(node.node_idle_watts).toBeCloseTo(idleRate, 3);
    // One response carries all three counters, so their rates keep the stand-in's exact proportions.
    expect(podRate / activeRate).toBeCloseTo(12 / 40, 9);
    expect(idleRate / activeRate).toBeCloseTo(60 / 40, 9);
  });

  it("--window: a terminated pod's energy is its final counters, CPU and GPU, as /federate reads them", async () => {
    const terminated = async (extra: string[]) => {
      const r = await cli(['top', ...PROM(), '-n', 'steady', '--include-terminated', '--json', ...extra]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout).terminated;
    };
    // (kWh as the JSON gives them, to 6 decimals)
    const kwh = (j: number) => j / 3.6e6;
    const expected = [
      expect.objectContaining({
        name: 'done-job-0',
        energy_kwh: expect.closeTo(kwh(5500 + 700), 6),
        gpu_energy_kwh: expect.closeTo(kwh(700), 6),
      }),
    ];
    expect(await terminated([])).toEqual(expected);
    expect(await terminated(['--window', '20s'])).toEqual(expected);
  });

  it('an unreachable Prometheus is exit 3; --window without --prometheus is exit 2', async () => {
    const dead = await cli(['summary', '--prometheus', 'http://127.0.0.1:9', '--retries', '0']);
    expect(dead.code).toBe(3);
    expect(dead.stderr.trim().split('\n')).toHaveLength(1);
    const usage = await cli(['summary', '--demo', '--window', '5m']);
    expect(usage.code).toBe(2);
  });
});

describe('--prometheus --window and a node without an idle counter', () => {
  let prom: PrometheusServer;
  let servers: TestServer[] = [];
  const t0 = Date.now();

  beforeAll(async () => {
    servers = await Promise.all(
      (
        [
          ['no-idle', false],
          ['with-total', true],
        ] as const
      ).map(([name, total]) =>
        startServer((_req, res) => {
          res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
          res.end(idlelessNode(name, (Date.now() - t0) / 1000, total));
        }),
      ),
    );
    prom = await startPrometheus(servers.map((s) => `127.0.0.1:${s.port}`));
    await threeScrapes(prom.url, 'kepler_node_cpu_joules_total{node_name="with-total"}');
    await threeScrapes(prom.url, 'kepler_pod_cpu_joules_total{node_name="no-idle"}');
  }, 120_000);

  afterAll(async () => {
    await prom?.stop();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('has unknown idle power (null, a warning), not active + 0 read back as 0 W; a total counter gives total - active', async () => {
    // Both nodes' counters rated at that second: each target is scraped on its own schedule.
    const atSeconds = await instantWithSamples(
      prom.url,
      [
        'kepler_node_cpu_joules_total{node_name="with-total"}',
        'kepler_node_cpu_active_joules_total{node_name="no-idle"}',
      ],
      2,
    );
    const rate = (q: string) => queryValue(prom.url, `sum(rate(${q}[5s]))`, atSeconds);
    const totalRate = await rate('kepler_node_cpu_joules_total{node_name="with-total"}');
    const activeRate = await rate('kepler_node_cpu_active_joules_total{node_name="with-total"}');
    const at = new Date(atSeconds * 1000).toISOString();
    const r = await cli([
      'summary',
      '--prometheus',
      prom.url,
      '--timeout',
      '60s',
      '--window',
      '5s',
      '--at',
      at,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    const total = expectNoIdleUnknown(j);
    expect(total.cpu_active_watts).toBeCloseTo(activeRate, 3);
    expect(total.cpu_idle_watts).toBeCloseTo(totalRate - activeRate, 3);
    // one response carries both counters: the stand-in's exact 60 W : 40 W
    expect((totalRate - activeRate) / activeRate).toBeCloseTo(60 / 40, 9);
  });
});

describe('--prometheus with a Kepler exporter Prometheus cannot scrape', () => {
  let prom: PrometheusServer;
  let servers: TestServer[] = [];
  // Two exporters of two demo nodes; the second stops answering (503) once Prometheus has scraped it. A third
  // target in the job never served Kepler (another exporter, down from the start): not a Kepler node.
  let failing = false;
  let allFailing = false;
  /** The first exporter then serves Kepler without its pod series (the pod metrics level off). */
  let podless = false;
  const kepler =
    (file: string, fails: () => boolean) => (_req: unknown, res: import('node:http').ServerResponse) => {
      if (fails()) {
        res.writeHead(503);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      const text = readFileSync(new URL(file, DEMO), 'utf8');
      res.end(podless ? text.replace(/^kepler_pod_.*\n/gm, '') : text);
    };
  const target = (k: number) => `127.0.0.1:${servers[k]!.port}`;

  beforeAll(async () => {
    servers = await Promise.all([
      startServer(kepler(demoFiles[0]!, () => allFailing)),
      startServer(kepler(demoFiles[1]!, () => failing)),
      startServer(kepler(demoFiles[2]!, () => true)),
    ]);
    prom = await startPrometheus(servers.map((_, k) => target(k)));
    await waitForQuery(prom.url, 'kepler_build_info', (n) => n === 2);
    failing = true;
    // Down through a whole 5 s window: no sample of its node in the rates either.
    await waitForQuery(prom.url, 'max_over_time(up[5s]) == 0', (n) => n === 2);
  }, 120_000);

  afterAll(async () => {
    await prom?.stop();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('is a node left out: the report says incomplete, a gate exits 3, --allow-partial accepts it', async () => {
    const r = await cli(['summary', '--prometheus', prom.url, '--json']);
    expect(r.code, r.stderr).toBe(0); // summary does not gate
    const m = JSON.parse(r.stdout).metrics;
    expect(m.complete).toBe(false);
    expect(m.nodes_reporting).toHaveLength(1);
    expect(m.nodes_expected).toBe(2);
    expect(m.sources_failed).toEqual([
      {
        origin: `${prom.url}/ target ${target(1)}`,
        error: `Kepler exporter ${target(1)} (Prometheus job kepler): down, Prometheus could not scrape it (up == 0)`,
      },
    ]);
    expect(r.stderr).toContain('incomplete data: 1 of 2 nodes reporting');

    const gate = await cli(['list', '--prometheus', prom.url, '-q']);
    expect(gate.code).toBe(3);
    expect(gate.stderr).toContain(target(1));
    expect((await cli(['list', '--prometheus', prom.url, '--allow-partial', '-q'])).code).toBe(0);

    const w = await cli(['summary', '--prometheus', prom.url, '--window', '5s', '--json']);
    expect(w.code, w.stderr).toBe(0);
    expect(JSON.parse(w.stdout).metrics).toMatchObject({ complete: false, nodes_expected: 2 });
  });

  /** A Prometheus whose /federate answers one demo node and whose query API answers every query with `status`. */
  const federateOnly = (status: number) =>
    startServer((req, res) => {
      if (req.url?.startsWith('/federate')) {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(readFileSync(new URL(demoFiles[0]!, DEMO)));
        return;
      }
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end('no');
    });

  it('a Prometheus that will not answer which targets are down: a warning says the check was not made', async () => {
    // /federate works, /api/v1/query is refused (a proxy that allows federation only).
    const fake = await federateOnly(403);
    try {
      const r = await cli([
        'summary',
        '--prometheus',
        `http://127.0.0.1:${fake.port}`,
        '--json',
        '--retries',
        '0',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.metrics.complete).toBe(true);
      expect(j.warnings.map((w: { code: string }) => w.code)).toContain('targets-unchecked');
      expect(r.stderr).toContain('could not ask which Kepler exporters Prometheus fails to scrape');
    } finally {
      await fake.close();
    }
  });

  it('that question lost this time (a 503, not a refusal): the data are incomplete, and a gate does not pass on them', async () => {
    const fake = await federateOnly(503);
    try {
      const args = ['list', '--prometheus', `http://127.0.0.1:${fake.port}`, '--retries', '0'];
      const gate = await cli(args);
      expect(gate.code, gate.stderr).toBe(3);
      const j = JSON.parse((await cli([...args, '--json', '--allow-partial'])).stdout);
      expect(j.metrics.complete).toBe(false);
      const w = j.warnings.find((x: { code: string }) => x.code === 'targets-unchecked');
      expect(w.params.lost).toBe(1);
    } finally {
      await fake.close();
    }
  });

  // Next to last: the exporter that is up stops exporting pod series, the other stays down.
  it('an exporter up without pod series beside one down: not "every exporter is down"', async () => {
    podless = true;
    try {
      // Gone from the instant vector and from a 5 s window's rates (--window 5s reads those).
      await waitForQuery(prom.url, 'rate(kepler_pod_cpu_joules_total[5s])', (n) => n === 0);
      await waitForQuery(prom.url, 'kepler_pod_cpu_joules_total', (n) => n === 0);
      for (const window of [[], ['--window', '5s']]) {
        const r = await cli(['list', '--prometheus', prom.url, '--retries', '0', ...window]);
        // Now: the up exporter's node has active power and no pod series, so its pods' power is unknown (exit 3,
        // the warning says so); in the window: no pod energy (exit 2). What is missing, not a target down.
        expect(r.code, r.stderr).toBe(window.length === 0 ? 3 : 2);
        expect(r.stderr).toMatch(
          /(reports active CPU power in \d zone\(s\) but no pod series[\s\S]*error: no running pod's power could be read|error: .*no kepler_pod_cpu_joules_total data)/,
        );
        expect(r.stderr).not.toMatch(/exporters? it scrapes (is|are) down/);
      }
    } finally {
      podless = false;
    }
  });

  // Last: it takes the first exporter down too.
  it('every Kepler exporter down: exit 3 naming them, not "Prometheus holds no Kepler series" (exit 2)', async () => {
    allFailing = true;
    await waitForQuery(prom.url, 'up == 0', (n) => n === 3);
    await waitForQuery(prom.url, 'kepler_build_info', (n) => n === 0);
    const r = await cli(['list', '--prometheus', prom.url, '--retries', '0']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(
      `kcarbon: error: Prometheus has no current Kepler series: the 2 Kepler exporters it scrapes are down (up == 0): ${[target(0), target(1)].sort().join('; ')} — check Kepler's pods`,
    );
    expect(r.stderr).not.toMatch(/scrape config|ServiceMonitor/);
  });
});

describe('--prometheus where two jobs scrape one exporter', () => {
  let prom: PrometheusServer;
  let server: TestServer;
  const file = new URL(demoFiles[0]!, DEMO);

  beforeAll(async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(readFileSync(file));
    });
    prom = await startPrometheus([`127.0.0.1:${server.port}`], { twinJob: true });
    // Both jobs have scraped it: every pod series is stored twice.
    await waitForQuery(prom.url, 'count by (job) (kepler_pod_cpu_watts)', (n) => n === 2);
  }, 60_000);

  afterAll(async () => {
    await prom?.stop();
    await server?.close();
  });

  it('federated, each series counts once: the same pods and watts as the node dump itself', async () => {
    const fromFile = JSON.parse((await cli(['summary', '--source', file.pathname, '--json'])).stdout);
    const r = await cli(['summary', '--prometheus', prom.url, '--timeout', '60s', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const fed = JSON.parse(r.stdout);
    expect(fed.total_consumers).toBe(fromFile.total_consumers);
    expect(fed.total_power_watts).toBeCloseTo(fromFile.total_power_watts, 6);
  });
});

/** A legacy Kepler 0.7 node: shop/web at 73 W package, and Kepler's pseudo-pod for other processes at 110 W. */
function legacyNode(t0: number): string {
  const s = (Date.now() - t0) / 1000;
  const series = (pod: string, namespace: string, id: string, watts: number) =>
    `kepler_container_package_joules_total{container_id="${id}",container_name="${id}",container_namespace="${namespace}",mode="dynamic",pod_name="${pod}",source="rapl-sysfs"} ${1000 + watts * s}`;
  return [
    '# TYPE kepler_exporter_build_info gauge',
    'kepler_exporter_build_info{arch="amd64",branch="",os="linux",revision="4a6b1a0e",version="v0.7.12"} 1',
    '# TYPE kepler_container_package_joules_total counter',
    series('web-5d4f9c7b8-abcde', 'shop', 'c1', 73),
    series('system_processes', 'system', 'system_processes', 110),
    '# TYPE kepler_node_package_joules_total counter',
    `kepler_node_package_joules_total{instance="legacy-node",mode="dynamic",package="0",source="rapl-sysfs"} ${100000 + 183 * s}`,
    '',
  ].join('\n');
}

describe('--prometheus holding legacy Kepler 0.7–0.9 only', () => {
  let prom: PrometheusServer;
  let server: TestServer;
  const t0 = Date.now();

  beforeAll(async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(legacyNode(t0));
    });
    prom = await startPrometheus([`127.0.0.1:${server.port}`]);
    await threeScrapes(prom.url, 'kepler_container_package_joules_total{pod_name="system_processes"}');
  }, 120_000);

  afterAll(async () => {
    await prom?.stop();
    await server?.close();
  });

  it('without --window: the counters-only error points to --window, not to scraping the exporters with --sample', async () => {
    const r = await cli(['top', '--prometheus', prom.url]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('exposes only energy counters');
    expect(r.stderr).toContain('--window');
    expect(r.stderr).not.toContain('--sample');
  });

  it('--window: the pseudo-pod system/system_processes is no workload', async () => {
    const r = await cli(['top', '-A', '--prometheus', prom.url, '--window', '5s', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.consumers.map((c: { namespace: string; name: string }) => `${c.namespace}/${c.name}`)).toEqual([
      'shop/web-5d4f9c7b8-abcde',
    ]);
    expect(j.total_power_watts).toBeCloseTo(j.consumers[0].power_watts, 9);
  });
});
