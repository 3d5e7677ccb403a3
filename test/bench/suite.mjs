// End-to-end benchmarks (`npm run bench`, after parse-bench.mjs; never part of the tests). Each figure is a
// ratio against a reference measured in the same run, on the same files:
//   - summary, whole process (wall, peak RSS): generated dumps of 1, 10 and 100 nodes (~1.2 MB each) and
//     one 30 MB node (2,000 pods, process metrics on), against the floor (a Node process that only reads
//     the files and counts newlines) and Prometheus' Go text parser (expfmt, whole process, parse only);
//   - parse throughput of one 30 MB dump in process: kcarbon, Python prometheus_client, Go expfmt;
//   - cold start: --version, --help and summary --demo against `node -e 0`;
//   - MCP: 50 concurrent Streamable HTTP sessions x 40 get_power_consumption_summary calls on 12 cached
//     nodes, against a bare SDK server answering a constant: calls/s, p50/p99, server CPU per call (and its
//     ratio, the steadier figure on a shared machine), the load generator's CPU per call, and /healthz p99
//     while the calls run (probed from a process of its own, as a kubelet does).
// Anchors that are not installed (python3-prometheus-client, golang-go + golang-github-prometheus-common-dev)
// are left out with a note. /usr/bin/time gives peak RSS when present. Knobs: KCARBON_BENCH_RUNS (default 5),
// KCARBON_BENCH_SESSIONS (50), KCARBON_BENCH_CALLS (40), KCARBON_BENCH_MCP_ROUNDS (5: the MCP servers alternate),
// KCARBON_BENCH_ONLY (comma list of sections: summary,parse,start,mcp).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { generateNode } from './generate.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/kcarbon.js');
const RUNS = Number(process.env.KCARBON_BENCH_RUNS ?? 5);
const SESSIONS = Number(process.env.KCARBON_BENCH_SESSIONS ?? 50);
const CALLS = Number(process.env.KCARBON_BENCH_CALLS ?? 40);
const MCP_ROUNDS = Number(process.env.KCARBON_BENCH_MCP_ROUNDS ?? 5);
/** Untimed calls per session before the timed ones: the server's caches and JIT are warm for both servers. */
const MCP_WARMUP = 5;
const ONLY = new Set((process.env.KCARBON_BENCH_ONLY ?? 'summary,parse,start,mcp').split(','));
const work = mkdtempSync(join(tmpdir(), 'kcarbon-bench-'));
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const f0 = (x) => (x === undefined ? '—' : x.toFixed(0));
const f1 = (x) => (x === undefined ? '—' : x.toFixed(1));
const f2 = (x) => (x === undefined ? '—' : x.toFixed(2));
const rows = [];
const out = (line = '') => {
  console.log(line);
  rows.push(line);
};

// ---- data -------------------------------------------------------------------------------------------------

function dataset(name, nodes, opts) {
  const dir = join(work, name);
  mkdirSync(dir);
  for (let i = 0; i < nodes; i++) {
    const node = `worker-${i}`;
    writeFileSync(join(dir, `${node}.prom`), generateNode({ node, seed: 1000 + i, ...opts }));
  }
  return dir;
}

// ---- processes ---------------------------------------------------------------------------------------------

/** One whole-process run: wall ms and, with /usr/bin/time, peak RSS (MB) and CPU ms. */
function timed(cmd, args, env = {}) {
  const full = TIME ? [TIME, ['-f', '%M %U %S', cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const r = spawnSync(full[0], full[1], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  const last = TIME ? r.stderr.trim().split('\n').pop().split(' ').map(Number) : [];
  return {
    ms,
    rssMb: TIME ? last[0] / 1024 : undefined,
    cpuMs: TIME ? (last[1] + last[2]) * 1000 : undefined,
    stdout: r.stdout,
  };
}

/** Median of RUNS runs of each case, the cases interleaved so a busy machine slows all of them alike. */
function compare(cases, runs = RUNS) {
  const res = cases.map(() => []);
  for (const c of cases) timed(c.cmd, c.args, c.env); // warm-up (page cache, code cache)
  for (let r = 0; r < runs; r++) {
    for (const [k, c] of cases.entries()) res[k].push(timed(c.cmd, c.args, c.env));
  }
  return res.map((rs, k) => ({
    label: cases[k].label,
    ms: median(rs.map((x) => x.ms)),
    rssMb: TIME ? Math.max(...rs.map((x) => x.rssMb)) : undefined,
    cpuMs: TIME ? median(rs.map((x) => x.cpuMs)) : undefined,
    stdout: rs[0].stdout,
  }));
}

// ---- anchors -----------------------------------------------------------------------------------------------

function buildGo() {
  const gopath = '/usr/share/gocode';
  if (
    !existsSync(`${gopath}/src/github.com/prometheus/common/expfmt`) ||
    spawnSync('go', ['version']).status !== 0
  )
    return undefined;
  const dir = join(work, 'go');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'main.go'),
    `package main

import (
	"bufio"
	"fmt"
	"os"
	"time"

	"github.com/prometheus/common/expfmt"
)

// Parses each file with expfmt's text parser; prints the series count and the parse time in ms.
func main() {
	series := 0
	start := time.Now()
	for _, f := range os.Args[1:] {
		fh, err := os.Open(f)
		if err != nil {
			panic(err)
		}
		var p expfmt.TextParser
		fams, err := p.TextToMetricFamilies(bufio.NewReaderSize(fh, 1<<20))
		if err != nil {
			panic(err)
		}
		for _, mf := range fams {
			series += len(mf.Metric)
		}
		fh.Close()
	}
	fmt.Println(series, float64(time.Since(start).Microseconds())/1000)
}
`,
  );
  const r = spawnSync('go', ['build', '-o', join(dir, 'expfmt'), 'main.go'], {
    cwd: dir,
    env: { ...process.env, GO111MODULE: 'off', GOPATH: gopath, GOCACHE: join(dir, 'cache'), GOFLAGS: '' },
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    console.log(`(Go anchor not built: ${r.stderr.trim().split('\n')[0]})`);
    return undefined;
  }
  return join(dir, 'expfmt');
}

/** Debian's python3 (where python3-prometheus-client installs), else the python3 on PATH. */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
function havePython() {
  return spawnSync(PYTHON, ['-c', 'import prometheus_client.parser'], { encoding: 'utf8' }).status === 0;
}

const files = (dir) => readdirSync(dir).map((f) => join(dir, f));

// ---- sections ----------------------------------------------------------------------------------------------

function floorScript() {
  const file = join(work, 'floor.mjs');
  writeFileSync(
    file,
    `import { closeSync, openSync, readSync, readdirSync } from 'node:fs';
const buf = Buffer.allocUnsafe(1 << 20);
let n = 0;
for (const dir of process.argv.slice(2)) {
  for (const f of readdirSync(dir)) {
    const fd = openSync(dir + '/' + f, 'r');
    let r;
    while ((r = readSync(fd, buf, 0, buf.length, null)) > 0) {
      let i = buf.indexOf(10);
      while (i !== -1 && i < r) { n++; i = buf.indexOf(10, i + 1); }
    }
    closeSync(fd);
  }
}
console.log(n);
`,
  );
  return file;
}

function summarySection(go) {
  // CPU (user + system, all threads) beside the wall time: on a shared machine the wall time is mostly waiting
  // for a core, while CPU time barely moves with the load.
  out('## summary, whole process (median wall and CPU; peak RSS)');
  const sets = [
    ['1 node', dataset('n1', 1, { pods: 110, processes: 850 })],
    ['10 nodes', dataset('n10', 10, { pods: 110, processes: 850 })],
    ['100 nodes', dataset('n100', 100, { pods: 110, processes: 850 })],
    ['one 30 MB node', dataset('big', 1, { pods: 2000, processes: 22_000 })],
  ];
  const floor = floorScript();
  out(
    '| input | MB | series | kcarbon summary | floor (read + count) | Go expfmt | kcarbon / floor | kcarbon / Go | CPU kcarbon / floor | kcarbon RSS MB | µs per series |',
  );
  out('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [label, dir] of sets) {
    const mb = files(dir).reduce((s, f) => s + readFileSync(f).length, 0) / 1e6;
    const cases = [
      { label: 'kcarbon', cmd: process.execPath, args: [BIN, 'summary', '--source', dir, '--json'] },
      { label: 'floor', cmd: process.execPath, args: [floor, dir] },
    ];
    if (go) cases.push({ label: 'go', cmd: go, args: files(dir) });
    const [k, fl, g] = compare(cases);
    const series = g ? Number(g.stdout.split(' ')[0]) : undefined;
    out(
      `| ${label} | ${mb.toFixed(1)} | ${series ?? '—'} | ${f1(k.ms)} ms | ${f1(fl.ms)} ms | ${g ? `${f1(g.ms)} ms` : '—'} | ${f2(k.ms / fl.ms)}× | ${g ? `${f2(k.ms / g.ms)}×` : '—'} | ${TIME ? `${f0(k.cpuMs)} / ${f0(fl.cpuMs)} ms = ${f2(k.cpuMs / fl.cpuMs)}×` : '—'} | ${f1(k.rssMb)} | ${series ? f2((k.ms * 1000) / series) : '—'} |`,
    );
  }
  out();
}

function parseSection(go) {
  out('## parse throughput, one 30 MB dump, in process (median of runs)');
  const file = join(work, 'big', 'worker-0.prom');
  if (!existsSync(file)) dataset('big', 1, { pods: 2000, processes: 22_000 });
  const mb = readFileSync(file).length / 1e6;
  const script = join(work, 'parse.mjs');
  writeFileSync(
    script,
    `import { readFileSync } from 'node:fs';
import { parseExposition } from ${JSON.stringify(join(ROOT, 'dist/parser/index.js'))};
import { wantKeplerFamily } from ${JSON.stringify(join(ROOT, 'dist/kepler/build.js'))};
const text = readFileSync(process.argv[2], 'utf8');
const want = process.argv[3] === 'filtered' ? { wantFamily: wantKeplerFamily } : {};
parseExposition(text, want);
const times = [];
for (let i = 0; i < 5; i++) { const t = performance.now(); parseExposition(text, want); times.push(performance.now() - t); }
console.log(times.sort((a, b) => a - b)[2]);
`,
  );
  const results = [];
  const node = (kind) => Number(execFileSync(process.execPath, [script, file, kind], { encoding: 'utf8' }));
  results.push(['kcarbon, every family and label', node('full')]);
  results.push(["kcarbon, the model's families", node('filtered')]);
  if (havePython()) {
    const py = `import sys, time
from prometheus_client.parser import text_string_to_metric_families
text = open(sys.argv[1], encoding='utf-8').read()
t = time.perf_counter()
n = sum(len(f.samples) for f in text_string_to_metric_families(text))
print((time.perf_counter() - t) * 1000)`;
    results.push([
      'Python prometheus_client (one run)',
      Number(execFileSync(PYTHON, ['-c', py, file], { encoding: 'utf8' })),
    ]);
  } else out('(Python anchor left out: apt-get install python3-prometheus-client)');
  if (go) {
    const ts = [];
    for (let i = 0; i < 3; i++)
      ts.push(Number(execFileSync(go, [file], { encoding: 'utf8' }).trim().split(' ')[1]));
    results.push(['Go expfmt', median(ts)]);
  } else out('(Go anchor left out: apt-get install golang-go golang-github-prometheus-common-dev)');
  const full = results[0][1];
  out('| parser | ms | MB/s | time / kcarbon full |');
  out('|---|---|---|---|');
  for (const [label, ms] of results)
    out(`| ${label} | ${f1(ms)} | ${f1(mb / (ms / 1000))} | ${f2(ms / full)}× |`);
  out('(parse-prometheus-text-format: see the parse benchmark above)');
  out();
}

function startSection() {
  out('## cold start (median wall, CPU)');
  const rs = compare(
    [
      { label: 'node -e 0', cmd: process.execPath, args: ['-e', '0'] },
      { label: 'kcarbon --version', cmd: process.execPath, args: [BIN, '--version'] },
      { label: 'kcarbon --help', cmd: process.execPath, args: [BIN, '--help'] },
      { label: 'kcarbon summary --demo', cmd: process.execPath, args: [BIN, 'summary', '--demo'] },
    ],
    Math.max(RUNS, 10),
  );
  out('| command | wall ms | CPU ms | wall vs node -e 0 | CPU vs node -e 0 |');
  out('|---|---|---|---|---|');
  for (const r of rs) {
    out(
      `| ${r.label} | ${f1(r.ms)} | ${f1(r.cpuMs)} | ${f2(r.ms / rs[0].ms)}× | ${TIME ? `${f2(r.cpuMs / rs[0].cpuMs)}×` : '—'} |`,
    );
  }
  out();
}

// ---- MCP ---------------------------------------------------------------------------------------------------

function bareServerScript() {
  const file = join(ROOT, 'test/bench/.bare-mcp.tmp.mjs');
  writeFileSync(
    file,
    `// A bare MCP SDK server over Streamable HTTP answering a constant (bench reference); argument 'json': every
// answer a JSON body (the SDK's enableJsonResponse), else an SSE stream (the SDK's default).
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
const transports = new Map();
function newServer() {
  const s = new McpServer({ name: 'bare', version: '1.0.0' });
  s.registerTool('get_power_consumption_summary', { inputSchema: { namespace: z.string().optional() } }, async () => ({
    content: [{ type: 'text', text: '{"total_power_watts":1}' }],
  }));
  return s;
}
const http = createServer(async (req, res) => {
  if (req.url === '/healthz') { res.end('{"status":"ok"}'); return; }
  const chunks = []; for await (const c of req) chunks.push(c);
  const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined;
  const sid = req.headers['mcp-session-id'];
  let t = sid ? transports.get(sid) : undefined;
  if (!t) {
    t = new StreamableHTTPServerTransport({ sessionIdGenerator: randomUUID, enableJsonResponse: process.argv[2] === 'json', onsessioninitialized: (id) => transports.set(id, t) });
    await newServer().connect(t);
  }
  await t.handleRequest(req, res, body);
});
http.listen(0, '127.0.0.1', () => console.log('listening ' + http.address().port));
`,
  );
  return file;
}

/** Starts a server process; resolves with its port once it prints one. */
function startServer(cmd, args) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT });
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (d) => {
      text += d;
      const m = /(?:listening |127\.0\.0\.1:)(\d+)/.exec(text);
      if (m) resolve({ child, port: Number(m[1]) });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${text}`)));
    setTimeout(() => reject(new Error(`server did not start: ${text}`)), 60_000).unref();
  });
}

function cpuMsOf(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, USER_HZ 100
}

/**
 * A /healthz prober in a process of its own, as a kubelet probes: a new connection every 20 ms, timed from its
 * own idle event loop (a probe inside the load generator would time the generator's busy loop as well).
 * Resolves once the first probe has answered; stop() returns every latency (ms).
 */
function startProbe(port) {
  const script = `
const http = require('node:http');
const times = [];
let running = true;
process.stdin.on('end', () => { running = false; }).resume();
(async () => {
  while (running) {
    const t = performance.now();
    await new Promise((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: ${port}, path: '/healthz', agent: false }, (res) => {
        res.resume();
        res.on('end', resolve);
      }).on('error', reject);
    });
    times.push(performance.now() - t);
    if (times.length === 1) process.stderr.write('ready\\n');
    await new Promise((r) => setTimeout(r, 20));
  }
  process.stdout.write(JSON.stringify(times));
})();
`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  const done = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    child.stderr.once('data', () =>
      resolve({
        async stop() {
          child.stdin.end();
          await done;
          return JSON.parse(stdout);
        },
      }),
    );
    child.once('exit', (code) => reject(new Error(`health probe exited ${code}`)));
  });
}

async function load(port, pid) {
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StreamableHTTPClientTransport } = await import(
    '@modelcontextprotocol/sdk/client/streamableHttp.js'
  );
  const url = new URL(`http://127.0.0.1:${port}/mcp`);
  const clients = await Promise.all(
    Array.from({ length: SESSIONS }, async () => {
      const c = new Client({ name: 'bench', version: '1.0.0' });
      await c.connect(new StreamableHTTPClientTransport(url));
      return c;
    }),
  );
  // Untimed calls first (MCP_WARMUP per session): the server's metrics cache and code are warm.
  for (let i = 0; i < MCP_WARMUP; i++)
    await Promise.all(
      clients.map((c) => c.callTool({ name: 'get_power_consumption_summary', arguments: {} })),
    );
  const latencies = [];
  let errors = 0;
  const probe = await startProbe(port);
  const cpu0 = cpuMsOf(pid);
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      for (let i = 0; i < CALLS; i++) {
        const t = performance.now();
        const r = await c.callTool({ name: 'get_power_consumption_summary', arguments: {} });
        latencies.push(performance.now() - t);
        if (r.isError) errors++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuMsOf(pid) - cpu0;
  const own = process.cpuUsage(own0);
  const health = await probe.stop();
  await Promise.all(clients.map((c) => c.close()));
  const calls = SESSIONS * CALLS;
  return {
    rate: calls / seconds,
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
    cpuPerCall: cpu / calls,
    clientCpuPerCall: (own.user + own.system) / 1000 / calls,
    health99: pct(health, 99),
    errors,
    latencies,
    health,
  };
}

/** The two servers of the MCP section: the bare reference and kcarbon on `dir`. */
function mcpServers(dir) {
  const bare = bareServerScript();
  return [
    ['bare SDK server (constant)', process.execPath, [bare]],
    ['bare SDK server (constant), JSON answers', process.execPath, [bare, 'json']],
    [
      'kcarbon serve',
      process.execPath,
      [
        BIN,
        'serve',
        '--mcp',
        '--transport',
        'http',
        '--port',
        '0',
        '--source',
        dir,
        '--cache-ttl',
        '1h',
        '--max-sessions',
        String(SESSIONS + 10),
      ],
    ],
  ];
}

async function mcpSection() {
  out(
    `## MCP: ${SESSIONS} Streamable HTTP sessions x ${CALLS} get_power_consumption_summary calls, 12 nodes cached`,
  );
  const dir = existsSync(join(work, 'n12'))
    ? join(work, 'n12')
    : dataset('n12', 12, { pods: 55, processes: 0 });
  // Rounds alternate the servers (fresh processes each time), each round starting with the next one, so a busy
  // machine slows all alike; a ratio is the median of the rounds' own ratios, the /healthz and call percentiles
  // pool every round.
  const servers = mcpServers(dir);
  const rounds = servers.map(() => []);
  for (let round = 0; round < MCP_ROUNDS; round++) {
    for (let j = 0; j < servers.length; j++) {
      const k = (round + j) % servers.length;
      const [, cmd, args] = servers[k];
      const { child, port } = await startServer(cmd, args);
      try {
        rounds[k].push(await load(port, child.pid));
      } finally {
        child.kill();
      }
    }
  }
  out(
    `| server | calls/s (median of ${MCP_ROUNDS}) | p50 ms | p99 ms | server CPU ms per call | load generator CPU ms per call | /healthz p99 ms | errors |`,
  );
  out('|---|---|---|---|---|---|---|---|');
  for (const [k, [label]] of servers.entries()) {
    const rs = rounds[k];
    out(
      `| ${label} | ${f1(median(rs.map((r) => r.rate)))} | ${f1(
        pct(
          rs.flatMap((r) => r.latencies),
          50,
        ),
      )} | ${f1(
        pct(
          rs.flatMap((r) => r.latencies),
          99,
        ),
      )} | ${f2(median(rs.map((r) => r.cpuPerCall)))} | ${f2(median(rs.map((r) => r.clientCpuPerCall)))} | ${f1(
        pct(
          rs.flatMap((r) => r.health),
          99,
        ),
      )} | ${rs.reduce((s, r) => s + r.errors, 0)} |`,
    );
  }
  // kcarbon answers a call without a progress token with a JSON body (src/mcp/json-answers.ts): the ratio is
  // given against the SDK's default (SSE streams) and against a bare server that also answers JSON.
  const kc = rounds[2];
  for (const [k, label] of [
    [0, 'bare'],
    [1, 'bare with JSON answers'],
  ]) {
    const ratios = kc.map((r, i) => r.rate / rounds[k][i].rate);
    out(`kcarbon / ${label} throughput: ${f2(median(ratios))}× (rounds: ${ratios.map(f2).join(', ')})`);
    // CPU per call moves much less with the machine's load than calls/s do (both servers are timed alike).
    const cpuRatios = kc.map((r, i) => r.cpuPerCall / rounds[k][i].cpuPerCall);
    out(
      `kcarbon / ${label} server CPU per call: ${f2(median(cpuRatios))}× (rounds: ${cpuRatios.map(f2).join(', ')})`,
    );
  }
  out(`kcarbon /healthz p99 per round: ${kc.map((r) => f1(r.health99)).join(', ')} ms`);
  out();
}

// ---- main --------------------------------------------------------------------------------------------------

async function main() {
  out(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}; load average at start ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  out(`runs per case: ${RUNS} (median)${TIME ? '' : '; no /usr/bin/time: no RSS or CPU figures'}`);
  out();
  const go = ONLY.has('summary') || ONLY.has('parse') ? buildGo() : undefined;
  if (!go) out('(Go expfmt anchor left out: apt-get install golang-go golang-github-prometheus-common-dev)');
  if (ONLY.has('summary')) summarySection(go);
  if (ONLY.has('parse')) parseSection(go);
  if (ONLY.has('start')) startSection();
  if (ONLY.has('mcp')) await mcpSection();
  out(
    `load average at end ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  writeFileSync(join(ROOT, '.bench', 'results.md'), `${rows.join('\n')}\n`, { flag: 'w' });
}

mkdirSync(join(ROOT, '.bench'), { recursive: true });
try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
  rmSync(join(ROOT, 'test/bench/.bare-mcp.tmp.mjs'), { force: true });
}
