/**
 * Kepler discovery (--kepler-service) against a fake Kubernetes API server on loopback (https, fixtures/tls):
 * EndpointSlices for four nodes, one of them down; in-cluster (service-account token), kubeconfig (token and
 * client certificate), the API server's pod proxy, and the headless Service's DNS records.
 */
import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../src/errors.js';
import { discoverKepler, endpointsFromSlices } from '../src/sources/kubernetes.js';
import { parseKeplerService } from '../src/sources/spec.js';
import { cli } from './support/cli.js';
import { connectStdio } from './support/mcp.js';
import { closedPort, startServer, type TestServer } from './support/servers.js';
import { serverTlsOptions, TEST_CA_FILE } from './support/tls.js';

const DEMO = fileURLToPath(new URL('../fixtures/demo/', import.meta.url));
const NODES = [
  'ip-10-0-1-17.ap-northeast-2.compute.internal',
  'ip-10-0-1-208.ap-northeast-2.compute.internal',
  'ip-10-0-2-143.ap-northeast-2.compute.internal',
  'ip-10-0-3-52.ap-northeast-2.compute.internal',
];
const DOWN = NODES[2]!;
const TOKEN = 'test-service-account-token-0123456789';
const SERVICE = 'kepler/kepler-exporter';
const TEXT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

interface Node {
  name: string;
  pod: string;
  port: number;
  body: string;
}

let tmp: string;
let nodes: Node[];
const exporters: TestServer[] = [];
let api: https.Server;
let apiUrl: string;
const apiRequests: { path: string; auth?: string; clientCN?: string }[] = [];
/** When set, EndpointSlices point at closed ports, so exporters are reachable only through the proxy. */
let unreachableDirect = false;
let closedPorts: number[] = [];
let listStatus = 200;

function slices(continueToken: string | null): unknown {
  // Two pages of two slices: checks that kcarbon follows `continue`.
  const page = continueToken === 'page2' ? nodes.slice(2) : nodes.slice(0, 2);
  return {
    kind: 'EndpointSliceList',
    apiVersion: 'discovery.k8s.io/v1',
    metadata: continueToken === 'page2' ? {} : { continue: 'page2' },
    items: page.map((n, i) => ({
      addressType: 'IPv4',
      ports: [
        { name: 'http', port: unreachableDirect ? closedPorts[nodes.indexOf(n)] : n.port, protocol: 'TCP' },
      ],
      endpoints: [
        {
          addresses: ['127.0.0.1'],
          conditions: { ready: n.name !== DOWN },
          nodeName: n.name,
          targetRef: { kind: 'Pod', name: n.pod, namespace: 'kepler' },
        },
      ],
      metadata: { name: `kepler-exporter-${i}` },
    })),
  };
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'kcarbon-discovery-'));
  nodes = [];
  for (const [i, name] of NODES.entries()) {
    const body = readFileSync(path.join(DEMO, `${name}.prom`), 'utf8');
    if (name === DOWN) {
      nodes.push({ name, pod: `kepler-${i}`, port: await closedPort(), body });
      continue;
    }
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': TEXT_TYPE });
      res.end(body);
    });
    exporters.push(server);
    nodes.push({ name, pod: `kepler-${i}`, port: server.port, body });
  }
  closedPorts = await Promise.all(nodes.map(() => closedPort()));

  api = https.createServer(
    { ...serverTlsOptions(), requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      const url = new URL(req.url ?? '/', 'https://x');
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      apiRequests.push({
        path: url.pathname + url.search,
        auth: req.headers.authorization as string | undefined,
        clientCN: peer && 'subject' in peer && peer.subject ? String(peer.subject.CN) : undefined,
      });
      const authorised =
        req.headers.authorization === `Bearer ${TOKEN}` || (peer && 'subject' in peer && peer.subject);
      if (!authorised) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ kind: 'Status', message: 'Unauthorized', code: 401 }));
        return;
      }
      if (url.pathname === '/apis/discovery.k8s.io/v1/namespaces/kepler/endpointslices') {
        if (listStatus !== 200) {
          res.writeHead(listStatus, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({ kind: 'Status', message: 'endpointslices.discovery.k8s.io is forbidden' }),
          );
          return;
        }
        const selector = url.searchParams.get('labelSelector');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            selector === 'kubernetes.io/service-name=kepler-exporter'
              ? slices(url.searchParams.get('continue'))
              : { items: [], metadata: {} },
          ),
        );
        return;
      }
      const proxy = /^\/api\/v1\/namespaces\/kepler\/pods\/([^/:]+):(\d+)\/proxy\/metrics$/.exec(
        url.pathname,
      );
      const node = proxy ? nodes.find((n) => n.pod === proxy[1]) : undefined;
      if (node && node.name !== DOWN) {
        res.writeHead(200, { 'content-type': TEXT_TYPE });
        res.end(node.body);
        return;
      }
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('error trying to reach service: dial tcp: connect: connection refused');
    },
  );
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `https://127.0.0.1:${(api.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all(exporters.map((s) => s.close()));
  api.closeAllConnections();
  await new Promise<void>((resolve) => api.close(() => resolve()));
  await rm(tmp, { recursive: true, force: true });
});

async function kubeconfig(
  name: string,
  user: Record<string, unknown>,
  cluster: Record<string, unknown> = {},
) {
  const file = path.join(tmp, name);
  const yaml = [
    'apiVersion: v1',
    'kind: Config',
    'current-context: test',
    'clusters:',
    '- name: fake',
    '  cluster:',
    `    server: ${apiUrl}`,
    ...Object.entries(cluster).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`),
    'contexts:',
    '- name: test',
    '  context: {cluster: fake, user: tester}',
    '- name: other',
    '  context: {cluster: fake, user: nobody}',
    'users:',
    '- name: tester',
    '  user:',
    ...Object.entries(user).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`),
    '- name: nobody',
    '  user: {}',
  ].join('\n');
  await writeFile(file, `${yaml}\n`);
  return file;
}

/** A kubeconfig with a bearer token and the CA inline (certificate-authority-data). */
const tokenKubeconfig = () =>
  kubeconfig(
    'token.yaml',
    { token: TOKEN },
    { 'certificate-authority-data': readFileSync(TEST_CA_FILE).toString('base64') },
  );

const viaKubeconfig = (file: string, ...more: string[]) => [
  '--kepler-service',
  SERVICE,
  '--kubeconfig',
  file,
  ...more,
];
const summaryVia = (file: string, ...more: string[]) => cli(['summary', ...viaKubeconfig(file, ...more)]);

const FAST = { retries: 0, retryBaseMs: 1, timeoutMs: 5000 };

describe('--kepler-service NAMESPACE/NAME', () => {
  it('parses namespace, name and an optional port, and rejects anything else', () => {
    expect(parseKeplerService('kepler/kepler-exporter')).toEqual({
      namespace: 'kepler',
      name: 'kepler-exporter',
    });
    expect(parseKeplerService('kepler/kepler:http-metrics')).toEqual({
      namespace: 'kepler',
      name: 'kepler',
      port: 'http-metrics',
    });
    expect(() => parseKeplerService('kepler-exporter')).toThrow(/NAMESPACE\/NAME/);
    expect(() => parseKeplerService('Kepler/x')).toThrow(/NAMESPACE\/NAME/);
  });

  it('picks the http/metrics port, keeps not-ready endpoints and orders by node', () => {
    const eps = endpointsFromSlices(
      [
        {
          ports: [
            { name: 'grpc', port: 9000 },
            { name: 'metrics', port: 28282 },
          ],
          endpoints: [
            {
              addresses: ['10.0.0.2'],
              nodeName: 'b',
              conditions: { ready: false },
              targetRef: { kind: 'Pod', name: 'p2' },
            },
            {
              addresses: ['10.0.0.1'],
              nodeName: 'a',
              conditions: { ready: null },
              targetRef: { kind: 'Pod', name: 'p1' },
            },
          ],
        },
      ],
      { namespace: 'kepler', name: 'k' },
    );
    expect(eps).toEqual([
      { address: '10.0.0.1', port: 28282, scheme: 'http', node: 'a', pod: 'p1', ready: true },
      { address: '10.0.0.2', port: 28282, scheme: 'http', node: 'b', pod: 'p2', ready: false },
    ]);
  });

  it('in a pod: lists EndpointSlices with the service-account token and CA, scrapes pod IPs, a down node is a failed source', async () => {
    unreachableDirect = false;
    const sa = path.join(tmp, 'sa');
    await rm(sa, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(sa));
    await writeFile(path.join(sa, 'token'), `${TOKEN}\n`);
    await copyFile(TEST_CA_FILE, path.join(sa, 'ca.crt'));
    const before = apiRequests.length;
    const found = await discoverKepler({
      ...FAST,
      service: parseKeplerService(SERVICE),
      serviceAccountDir: sa,
      env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: apiUrl.split(':').at(-1) },
    });
    const seen = apiRequests.slice(before);
    expect(seen.map((r) => r.path)).toEqual([
      '/apis/discovery.k8s.io/v1/namespaces/kepler/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dkepler-exporter&limit=500',
      '/apis/discovery.k8s.io/v1/namespaces/kepler/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dkepler-exporter&limit=500&continue=page2',
    ]);
    expect(seen.every((r) => r.auth === `Bearer ${TOKEN}`)).toBe(true);
    expect(found.endpoints.map((e) => e.node)).toEqual(NODES);

    const { ok, failed } = await found.read(FAST);
    expect(ok.map((s) => s.nodeHint)).toEqual(NODES.filter((n) => n !== DOWN));
    expect(ok.every((s) => s.origin.startsWith('http://127.0.0.1:'))).toBe(true);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error).toMatch(
      new RegExp(
        `^node ${DOWN} \\(endpoint not ready\\): http://127\\.0\\.0\\.1:\\d+/metrics: connection refused`,
      ),
    );
    expect(apiRequests.length).toBe(before + 2); // in a pod nothing goes through the API server's proxy
  });

  it('in a pod without a token: the headless Service DNS records', async () => {
    const resolved: string[] = [];
    const node = nodes[0]!;
    const found = await discoverKepler({
      ...FAST,
      service: parseKeplerService(`kepler/kepler-exporter:${node.port}`),
      serviceAccountDir: path.join(tmp, 'no-such-dir'),
      env: { KUBERNETES_SERVICE_HOST: '127.0.0.1' },
      resolve: async (host) => {
        resolved.push(host);
        return ['127.0.0.1'];
      },
    });
    expect(resolved).toEqual(['kepler-exporter.kepler.svc']);
    const { ok, failed } = await found.read(FAST);
    expect(failed).toEqual([]);
    expect(ok.map((s) => s.origin)).toEqual([`http://127.0.0.1:${node.port}/metrics`]);
  });

  it('outside: kubeconfig token + CA data; summary covers the three live nodes and names the down one', async () => {
    unreachableDirect = false;
    const file = await tokenKubeconfig();
    const r = await summaryVia(file, '--retries', '0', '--json');
    expect(r.stderr).toContain(`node ${DOWN} (endpoint not ready)`);
    expect(r.code).not.toBe(ExitCode.usage);
    const json = JSON.parse(r.stdout);
    expect(json.metrics.nodes_reporting).toEqual(NODES.filter((n) => n !== DOWN).sort());
    expect(json.metrics.sources_failed).toHaveLength(1);
    expect(json.metrics).toMatchObject({ nodes_expected: 4, complete: false });
    // The failed-source path of the reliability work: a gate on incomplete data exits 3.
    const gate = await summaryVia(file, '--retries', '0', '--strict');
    expect(gate.code).toBe(ExitCode.unreachable);
  });

  it('outside, pods not routable: client certificate from files, exporters through the API server proxy', async () => {
    unreachableDirect = true;
    try {
      const tls = path.dirname(TEST_CA_FILE);
      // Relative paths in a kubeconfig are relative to the file.
      await copyFile(path.join(tls, 'server.crt'), path.join(tmp, 'client.crt'));
      await copyFile(path.join(tls, 'server.key'), path.join(tmp, 'client.key'));
      await copyFile(TEST_CA_FILE, path.join(tmp, 'ca.crt'));
      const file = await kubeconfig(
        'cert.yaml',
        { 'client-certificate': 'client.crt', 'client-key': 'client.key' },
        { 'certificate-authority': 'ca.crt' },
      );
      const before = apiRequests.length;
      const r = await cli([
        'top',
        '--kepler-service',
        SERVICE,
        '--kubeconfig',
        file,
        '--context',
        'test',
        '--retries',
        '0',
        '--json',
      ]);
      const proxied = apiRequests.slice(before).filter((x) => x.path.includes('/proxy/'));
      expect(proxied.map((x) => x.path).sort()).toEqual(
        nodes.map((n, i) => `/api/v1/namespaces/kepler/pods/${n.pod}:${closedPorts[i]}/proxy/metrics`).sort(),
      );
      expect(proxied.every((x) => x.clientCN === 'localhost' && x.auth === undefined)).toBe(true);
      expect(r.stderr).toMatch(
        new RegExp(
          `node ${DOWN} \\(endpoint not ready\\): ${apiUrl}/api/v1/namespaces/kepler/pods/kepler-2:\\d+/proxy/metrics: HTTP 503`,
        ),
      );
      expect(JSON.parse(r.stdout).metrics.nodes_reporting).toHaveLength(3);
    } finally {
      unreachableDirect = false;
    }
  });

  it('an exec credential plugin (aws eks get-token style) supplies the token', async () => {
    const credential = JSON.stringify({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { token: TOKEN },
    });
    const file = await kubeconfig(
      'exec.yaml',
      {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: process.execPath,
          args: ['-e', `process.stdout.write(${JSON.stringify(credential)})`],
        },
      },
      { 'certificate-authority-data': readFileSync(TEST_CA_FILE).toString('base64') },
    );
    const r = await summaryVia(file, '--retries', '0', '--json');
    expect(JSON.parse(r.stdout).metrics.nodes_reporting).toHaveLength(3);
  });

  it('serve --mcp --kepler-service: an MCP tool call reads the discovered exporters', async () => {
    const file = await tokenKubeconfig();
    const { client, close } = await connectStdio(viaKubeconfig(file, '--retries', '0'));
    try {
      const res = (await client.callTool({
        name: 'get_power_consumption_summary',
        arguments: {},
      })) as { structuredContent?: { metrics?: { nodes_reporting: string[]; nodes_expected: number } } };
      expect(res.structuredContent?.metrics?.nodes_reporting).toHaveLength(3);
      expect(res.structuredContent?.metrics?.nodes_expected).toBe(4);
    } finally {
      await close();
    }
  });

  it('exit 3 with the RBAC to grant when the API refuses the list; exit 3 when the Service has no endpoints', async () => {
    const file = await tokenKubeconfig();
    listStatus = 403;
    try {
      const r = await cli(['summary', '--kepler-service', SERVICE, '--kubeconfig', file]);
      expect(r.code).toBe(ExitCode.unreachable);
      expect(r.stderr).toMatch(
        /HTTP 403 \(endpointslices.discovery.k8s.io is forbidden\) via kubeconfig context test/,
      );
      expect(r.stderr).toContain('grant list on endpointslices.discovery.k8s.io in namespace kepler');
    } finally {
      listStatus = 200;
    }
    const none = await cli(['summary', '--kepler-service', 'kepler/nothing', '--kubeconfig', file]);
    expect(none.code).toBe(ExitCode.unreachable);
    expect(none.stderr).toContain('Service kepler/nothing has no endpoints');
    // A port the Service's endpoints do not have: a usage error naming the ports they have, not "no endpoints".
    const port = await cli(['summary', '--kepler-service', `${SERVICE}:abc`, '--kubeconfig', file]);
    expect(port.code).toBe(ExitCode.usage);
    expect(port.stderr).toMatch(
      /^kcarbon: error: Service kepler\/kepler-exporter has no port 'abc' \(its endpoints' ports: /,
    );
    expect(port.stderr).not.toContain('has no endpoints');
    const refused = await summaryVia(file, '--context', 'other');
    expect(refused.code).toBe(ExitCode.unreachable);
    expect(refused.stderr).toContain('HTTP 401');
  });

  it('usage errors are exit 2 with one line', async () => {
    const bad = await cli(['summary', '--kepler-service', 'kepler']);
    expect(bad.code).toBe(ExitCode.usage);
    expect(bad.stderr).toMatch(/is not NAMESPACE\/NAME/);
    const alone = await cli(['summary', '--kubeconfig', '/nowhere']);
    expect(alone.code).toBe(ExitCode.usage);
    expect(alone.stderr).toMatch(/only apply with --kepler-service/);
    const both = await cli(['summary', '--kepler-service', SERVICE, '--demo']);
    expect(both.code).toBe(ExitCode.usage);
    const file = await kubeconfig('ctx.yaml', { token: TOKEN });
    const ctx = await summaryVia(file, '--context', 'prod');
    expect(ctx.code).toBe(ExitCode.usage);
    expect(ctx.stderr).toContain("kubeconfig has no context 'prod' (contexts: test, other)");
    const missing = await cli(['summary', '--kepler-service', SERVICE], {
      HOME: path.join(tmp, 'empty-home'),
    });
    expect(missing.code).toBe(ExitCode.usage);
    expect(missing.stderr).toMatch(/cannot read kubeconfig .*empty-home\/\.kube\/config/);
  });
});
