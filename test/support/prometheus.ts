/** A real Prometheus server (Debian's `prometheus` package) on 127.0.0.1, scraping local targets. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedPort } from './servers.js';

export interface PrometheusServer {
  url: string;
  stop(): Promise<void>;
}

export function prometheusBinary(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v prometheus'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('prometheus is not installed: .ci/run installs it (apt-get install -y prometheus)');
  }
}

/**
 * Start Prometheus scraping `targets` (host:port) every second, or over the TSDB blocks already in `dataDir`
 * (backfilled history; kept whatever their age); resolves when it is ready.
 */
export async function startPrometheus(
  targets: string[],
  /** `twinJob`: a second job scrapes the same targets, as a ServiceMonitor beside a static job would. */
  opts: { dataDir?: string; twinJob?: boolean } = {},
): Promise<PrometheusServer> {
  const bin = prometheusBinary();
  const dir = mkdtempSync(join(tmpdir(), 'kcarbon-prom-'));
  const port = await closedPort();
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: kepler',
    '    static_configs:',
    `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`,
    ...(opts.twinJob
      ? [
          '  - job_name: kepler-twin',
          '    static_configs:',
          `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`,
          "        labels: { endpoint: 'http', namespace: 'kepler', service: 'kepler' }",
        ]
      : []),
    '',
  ].join('\n');
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const child: ChildProcess = spawn(
    bin,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${opts.dataDir ?? join(dir, 'data')}`,
      // backfilled blocks are months old: keep them
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (d) => {
    log += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 100_000; // a hang guard under the hook timeout, not a performance bound
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited: ${log.slice(-2000)}`);
    try {
      const r = await fetch(`${url}/-/ready`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`prometheus did not become ready: ${log.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
      if (opts.dataDir) rmSync(opts.dataDir, { recursive: true, force: true });
    },
  };
}

/** Poll an instant query until `done(result count)` or the deadline. */
export async function waitForQuery(
  url: string,
  query: string,
  done: (n: number) => boolean,
  ms = 100_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const r = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`);
    const j = (await r.json()) as { data?: { result?: unknown[] } };
    if (done(j.data?.result?.length ?? 0)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${query}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

/** The single value of an instant query at `timeSeconds` (Prometheus's own answer, for comparisons). */
export async function queryValue(url: string, query: string, timeSeconds: number): Promise<number> {
  const r = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}&time=${timeSeconds}`);
  const j = (await r.json()) as { data?: { result?: { value: [number, string] }[] } };
  const result = j.data?.result ?? [];
  if (result.length !== 1) throw new Error(`${query}: expected one series, got ${result.length}`);
  return Number(result[0]!.value[1]);
}

/** Write TSDB blocks from an OpenMetrics file with `promtool tsdb create-blocks-from openmetrics`. */
export function backfill(openMetricsFile: string, dataDir: string): void {
  execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '-q', openMetricsFile, dataDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}
