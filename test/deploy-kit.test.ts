/**
 * The Kubernetes kit: deploy/kubernetes (kustomize) and deploy/helm/kcarbon, checked without a cluster.
 *  - Every object validates against the Kubernetes OpenAPI schemas compiled into kubernetes-models.
 *  - The chart is rendered here (test/support/gotemplate.ts) with its defaults and with variants, and yields
 *    the same objects as the kustomize base.
 *  - Every container command line is parsed by kcarbon's own CLI (unknown flags and bad values fail), and
 *    the report CronJob's command line runs against the demo cluster.
 *  - RBAC grants read access to EndpointSlices only; pods run non-root on a read-only root filesystem.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { settingsFromFlags } from '../src/cli/context.js';
import { buildProgram } from '../src/cli/program.js';
import { cli } from './support/cli.js';
import { renderTemplate, type TemplateContext } from './support/gotemplate.js';
import { ROOT } from './support/pack.js';

type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
};

const KUSTOMIZE = path.join(ROOT, 'deploy/kubernetes');
const CHART = path.join(ROOT, 'deploy/helm/kcarbon');

function yamlDocs(text: string, origin: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((d) => {
      if (d.errors.length > 0) throw new Error(`${origin}: ${d.errors[0]!.message}`);
      return d.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

/** The kustomize build of deploy/kubernetes for the features its kustomization uses. */
function kustomizeBuild(): K8sObject[] {
  const k = parseYaml(readFileSync(path.join(KUSTOMIZE, 'kustomization.yaml'), 'utf8')) as {
    resources: string[];
    labels?: { pairs: Record<string, string> }[];
    configMapGenerator?: {
      name: string;
      namespace?: string;
      files: string[];
      options?: { labels?: Record<string, string> };
    }[];
    images?: { name: string; newName?: string; newTag?: string }[];
  };
  const known = new Set(['apiVersion', 'kind', 'resources', 'labels', 'configMapGenerator', 'images']);
  expect(Object.keys(k).filter((key) => !known.has(key))).toEqual([]);
  const objects = k.resources.flatMap((r) => yamlDocs(readFileSync(path.join(KUSTOMIZE, r), 'utf8'), r));
  for (const g of k.configMapGenerator ?? []) {
    const data: Record<string, string> = {};
    for (const f of g.files) {
      const [key, file] = f.includes('=') ? f.split('=') : [path.basename(f), f];
      data[key!] = readFileSync(path.join(KUSTOMIZE, file!), 'utf8');
    }
    objects.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: g.name,
        ...(g.namespace ? { namespace: g.namespace } : {}),
        ...(g.options?.labels ? { labels: { ...g.options.labels } } : {}),
      },
      data,
    });
  }
  for (const o of objects) {
    for (const l of k.labels ?? []) o.metadata.labels = { ...o.metadata.labels, ...l.pairs };
    for (const c of containers(o)) {
      const image = k.images?.find((i) => i.name === c.image);
      if (image) c.image = `${image.newName ?? image.name}:${image.newTag ?? 'latest'}`;
    }
  }
  return objects;
}

const chartDefaults = () =>
  parseYaml(readFileSync(path.join(CHART, 'values.yaml'), 'utf8')) as Record<string, unknown>;

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)
        ? merge(b as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

/** `helm template kcarbon deploy/helm/kcarbon -n NS --set ...`, for the templates this chart uses. */
function helmTemplate(overrides: Record<string, unknown> = {}, release = 'kcarbon', namespace = 'kcarbon') {
  const chart = parseYaml(readFileSync(path.join(CHART, 'Chart.yaml'), 'utf8')) as Record<string, unknown>;
  const ctx: TemplateContext = {
    Values: merge(chartDefaults(), overrides),
    Release: { Name: release, Namespace: namespace },
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
  };
  const dir = path.join(CHART, 'templates');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => yamlDocs(renderTemplate(readFileSync(path.join(dir, f), 'utf8'), ctx), f));
}

interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  securityContext?: Record<string, unknown>;
  [key: string]: unknown;
}

function podSpec(o: K8sObject): Record<string, unknown> | undefined {
  // biome-ignore lint/suspicious/noExplicitAny: walking untyped manifests
  const spec = o.spec as Record<string, any> | undefined;
  if (o.kind === 'Deployment') return spec?.template?.spec;
  if (o.kind === 'CronJob') return spec?.jobTemplate?.spec?.template?.spec;
  return undefined;
}

function containers(o: K8sObject): Container[] {
  const pod = podSpec(o);
  return [...((pod?.containers as Container[]) ?? []), ...((pod?.initContainers as Container[]) ?? [])];
}

/** Validates one object with kubernetes-models (ajv-compiled Kubernetes OpenAPI schemas). */
async function validateObject(o: K8sObject): Promise<void> {
  const module = `kubernetes-models/${o.apiVersion}`;
  const models = (await import(module)) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = models[o.kind];
  if (!Model) throw new Error(`${o.apiVersion} ${o.kind}: no schema in kubernetes-models`);
  try {
    new Model(o).validate();
  } catch (err) {
    throw new Error(`${o.kind}/${o.metadata.name}: ${(err as Error).message}`);
  }
}

const sink = () => new PassThrough();

/**
 * Parses a container's args with kcarbon's own commander program (actions replaced, so nothing runs),
 * then turns the global flags into settings as the real command would. Throws on unknown commands, unknown
 * flags, excess arguments and bad values.
 */
async function parseCommandLine(args: string[]): Promise<{ command: string; opts: Record<string, unknown> }> {
  const io = { stdout: sink(), stderr: sink(), stdin: Readable.from([]), env: {} };
  const program = buildProgram(io, { exitCode: 0 });
  let parsed: { command: string; opts: Record<string, unknown> } | undefined;
  for (const c of program.commands) {
    c.action((...a: unknown[]) => {
      const cmd = a.at(-1) as Command;
      parsed = { command: cmd.name(), opts: cmd.opts() };
    });
  }
  await program.parseAsync(args, { from: 'user' });
  if (!parsed) throw new Error(`no command in ${args.join(' ')}`);
  const opts = parsed.opts;
  settingsFromFlags(
    parsed.command === 'serve' ? { ...opts, tokenFile: opts.keplerTokenFile as string | undefined } : opts,
    io,
  );
  return parsed;
}

const CHART_VARIANTS: [string, Record<string, unknown>][] = [
  ['defaults', {}],
  ['prometheus', { prometheus: { url: 'http://prometheus.monitoring:9090', since: '48h' } }],
  [
    'ingress host and own schedule',
    {
      mcp: { allowedHosts: ['kcarbon.example.com'] },
      report: { schedule: '30 2 * * 1-5', storageClassName: 'fast' },
    },
  ],
  ['report only', { mcp: { enabled: false }, networkPolicy: { enabled: false } }],
  [
    'mailed report',
    { report: { mail: { to: 'boss@example.com,sre@example.com', from: 'kcarbon@example.com' } } },
  ],
  ['server only', { report: { enabled: false } }],
];

let kustomized: K8sObject[];

beforeAll(() => {
  kustomized = kustomizeBuild();
});

describe('deploy/kubernetes (kustomize)', () => {
  it('lists every manifest in the directory and builds the expected objects', () => {
    const files = readdirSync(KUSTOMIZE).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    const listed = (
      parseYaml(readFileSync(path.join(KUSTOMIZE, 'kustomization.yaml'), 'utf8')) as { resources: string[] }
    ).resources;
    expect([...listed].sort()).toEqual(files.sort());
    expect(kustomized.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/kcarbon-config',
      'CronJob/kcarbon-report',
      'Deployment/kcarbon',
      'Namespace/kcarbon',
      'NetworkPolicy/kcarbon',
      'PersistentVolumeClaim/kcarbon-reports',
      'Role/kcarbon-kepler-discovery',
      'RoleBinding/kcarbon-kepler-discovery',
      'Service/kcarbon',
      'ServiceAccount/kcarbon',
    ]);
    // Namespaced objects say where they go (the Role and its binding in Kepler's namespace).
    for (const o of kustomized.filter((x) => x.kind !== 'Namespace'))
      expect(o.metadata.namespace, o.kind).toBeTruthy();
  });

  it('every object validates against the Kubernetes schemas', async () => {
    for (const o of kustomized) await validateObject(o);
    // The schemas are not vacuous: a wrong type and a missing required field are caught.
    const deployment = structuredClone(kustomized.find((o) => o.kind === 'Deployment')!);
    containers(deployment)[0]!.ports = [{ containerPort: 'eighty' }];
    await expect(validateObject(deployment)).rejects.toThrow(/containerPort/);
    const { selector: _dropped, ...specWithoutSelector } = deployment.spec as Record<string, unknown>;
    await expect(validateObject({ ...deployment, spec: specWithoutSelector })).rejects.toThrow(/selector/);
  });

  it('the ConfigMap holds a user config kcarbon accepts', async () => {
    const cm = kustomized.find((o) => o.kind === 'ConfigMap')!;
    const dir = await mkdtemp(path.join(tmpdir(), 'kcarbon-cm-'));
    try {
      const file = path.join(dir, 'kcarbon.json');
      await import('node:fs/promises').then((fs) =>
        fs.writeFile(file, (cm.data as Record<string, string>)['kcarbon.json']!),
      );
      const r = await cli(['standards', '--config', file, '--json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('deploy/helm/kcarbon', () => {
  it.each(CHART_VARIANTS)('renders and validates (%s)', async (_name, values) => {
    const objects = helmTemplate(values, 'carbon', 'observability');
    expect(objects.length).toBeGreaterThan(0);
    for (const o of objects) await validateObject(o);
    for (const o of objects)
      if (o.kind !== 'Role' && o.kind !== 'RoleBinding') expect(o.metadata.namespace).toBe('observability');
  });

  it("lets kcarbon reach Prometheus on the port its pods listen on (Thanos Query's 10902, not always 9090)", () => {
    const egressPorts = (values: Record<string, unknown>) =>
      (
        helmTemplate(values).find((o) => o.kind === 'NetworkPolicy')!.spec as {
          egress: { ports: { port: number }[] }[];
        }
      ).egress.flatMap((e) => e.ports.map((p) => p.port));
    expect(egressPorts({})).toContain(9090);
    const thanos = egressPorts({
      prometheus: { url: 'http://thanos-query.monitoring:10902', since: '24h' },
      networkPolicy: { enabled: true, prometheusPort: 10902 },
    });
    expect(thanos).toContain(10902);
    expect(thanos).not.toContain(9090);
    // Kepler's exporters on 28282, or kube-rbac-proxy's port in front of them.
    expect(egressPorts({})).toContain(28282);
    const proxied = egressPorts({ networkPolicy: { keplerPort: 8443 } });
    expect(proxied).toContain(8443);
    expect(proxied).not.toContain(28282);
  });

  it('mails the report when report.mail.to is set: the flags, the relay URL from its Secret, egress to the relay', () => {
    const objects = helmTemplate({
      report: { mail: { to: 'boss@example.com', from: 'k@example.com', port: 465 } },
    });
    const job = objects.find((o) => o.kind === 'CronJob')!;
    const c = (job.spec as { jobTemplate: { spec: { template: { spec: { containers: Container[] } } } } })
      .jobTemplate.spec.template.spec.containers[0]!;
    expect(c.args!.join(' ')).toContain('--mail-to boss@example.com --mail-from k@example.com');
    expect(c.env).toContainEqual({
      name: 'KCARBON_SMTP_URL',
      valueFrom: { secretKeyRef: { name: 'kcarbon-smtp', key: 'url' } },
    });
    const np = objects.find((o) => o.kind === 'NetworkPolicy')!.spec as {
      egress: { ports: { port: number }[] }[];
    };
    expect(np.egress.flatMap((e) => e.ports.map((p) => p.port))).toContain(465);
    // Without it, none of that (the defaults equal the kustomize base).
    const plain = helmTemplate().find((o) => o.kind === 'CronJob')!;
    expect(JSON.stringify(plain)).not.toMatch(/mail|SMTP/);
  });

  it('yields the same objects as the kustomize base (release kcarbon in namespace kcarbon), bar the Namespace', () => {
    const normalise = (objects: K8sObject[]) => {
      const strip = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(strip);
        if (v && typeof v === 'object') {
          const out: Record<string, unknown> = {};
          for (const [k, x] of Object.entries(v)) {
            if (k === 'app.kubernetes.io/instance' || k === 'app.kubernetes.io/part-of') continue;
            out[k] = k === 'kcarbon.json' && typeof x === 'string' ? JSON.parse(x) : strip(x);
          }
          return out;
        }
        return v;
      };
      return new Map(
        objects.filter((o) => o.kind !== 'Namespace').map((o) => [`${o.kind}/${o.metadata.name}`, strip(o)]),
      );
    };
    const chart = normalise(helmTemplate());
    const base = normalise(kustomized);
    expect([...chart.keys()].sort()).toEqual([...base.keys()].sort());
    for (const [key, obj] of base) expect(chart.get(key), key).toEqual(obj);
  });
});

describe('what the objects run and may do', () => {
  const everything = () => [...kustomized, ...CHART_VARIANTS.flatMap(([, v]) => helmTemplate(v))];

  it('a report job fails at once on exit 2 (no retry to append the night twice) and retries exit 3', () => {
    const jobs = everything().filter((o) => o.kind === 'CronJob');
    expect(jobs.length).toBeGreaterThan(0);
    for (const j of jobs) {
      const spec = (j.spec as { jobTemplate: { spec: Record<string, unknown> } }).jobTemplate.spec;
      expect(spec.backoffLimit).toBe(1);
      expect(spec.podFailurePolicy).toEqual({
        rules: [{ action: 'FailJob', onExitCodes: { containerName: 'report', operator: 'In', values: [2] } }],
      });
    }
  });

  it("every container runs kcarbon's entrypoint with a command line kcarbon's CLI accepts", async () => {
    let seen = 0;
    for (const o of everything()) {
      for (const c of containers(o)) {
        expect(c.command, `${o.kind}/${c.name}`).toBeUndefined();
        const parsed = await parseCommandLine(c.args ?? []);
        expect(['serve', 'report']).toContain(parsed.command);
        seen++;
      }
    }
    // kustomize: server + report; chart variants: 2 + 2 + 2 + 1 (report only) + 2 (mailed report) + 1 (server only).
    expect(seen).toBe(12);
  });

  it('the command-line check is not vacuous: unknown flags, commands and bad values fail', async () => {
    await expect(parseCommandLine(['serve', '--mcp', '--kepler-svc', 'kepler/kepler'])).rejects.toThrow(
      /unknown option/,
    );
    await expect(parseCommandLine(['reportt'])).rejects.toThrow(/unknown command/);
    await expect(parseCommandLine(['report', '--kepler-service', 'kepler'])).rejects.toThrow(
      /NAMESPACE\/NAME/,
    );
    await expect(parseCommandLine(['report', 'extra'])).rejects.toThrow(/too many arguments/);
  });

  it('the report CronJob command line runs (against the demo cluster) and writes its files', async () => {
    const cron = kustomized.find((o) => o.kind === 'CronJob')!;
    const args = containers(cron)[0]!.args!;
    const dir = await mkdtemp(path.join(tmpdir(), 'kcarbon-cron-'));
    try {
      const local = args
        .map((a) =>
          a
            .replaceAll('/reports/', `${dir}/`)
            .replace('/etc/kcarbon/kcarbon.json', path.join(KUSTOMIZE, 'kcarbon.json')),
        )
        .map((a, i, all) =>
          all[i - 1] === '--kepler-service' ? null : a === '--kepler-service' ? '--demo' : a,
        )
        .filter((a): a is string => a !== null);
      const r = await cli(local);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^## /);
      expect(await readFile(path.join(dir, 'latest.html'), 'utf8')).toMatch(/<html/i);
      expect(JSON.parse(await readFile(path.join(dir, 'latest.json'), 'utf8'))).toBeTypeOf('object');
      expect((await readFile(path.join(dir, 'history.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('RBAC reads EndpointSlices and nothing else; no cluster-wide grants', () => {
    for (const o of everything()) {
      expect(['ClusterRole', 'ClusterRoleBinding']).not.toContain(o.kind);
      if (o.kind !== 'Role') continue;
      expect(o.rules).toEqual([
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list'] },
      ]);
    }
  });

  it('every pod runs non-root with a read-only root filesystem, no privilege escalation, ALL capabilities dropped, RuntimeDefault seccomp, and limits', async () => {
    // The CronJob in examples/ too: it is copied into the kit's namespace, which enforces Pod Security `restricted`.
    const example = parseYaml(
      readFileSync(new URL('../examples/kubernetes-cronjob.yaml', import.meta.url), 'utf8'),
    ) as K8sObject;
    await validateObject(example);
    for (const o of [...everything(), example]) {
      const pod = podSpec(o);
      if (!pod) continue;
      expect(pod.securityContext, o.kind).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect((pod.securityContext as { runAsUser: number }).runAsUser).toBeGreaterThan(0);
      for (const c of containers(o)) {
        expect(c.securityContext, c.name).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(c.resources, c.name).toMatchObject({
          requests: { cpu: expect.any(String), memory: expect.any(String) },
          limits: { cpu: expect.any(String), memory: expect.any(String) },
        });
      }
    }
  });

  it('the server probes /healthz on its port and takes its token from a Secret file', () => {
    for (const o of everything().filter((x) => x.kind === 'Deployment')) {
      // biome-ignore lint/suspicious/noExplicitAny: walking untyped manifests
      const c = containers(o)[0]! as Container & Record<string, any>;
      expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(c.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      const tokenFile = c.args![c.args!.indexOf('--token-file') + 1]!;
      const mount = (c.volumeMounts as { name: string; mountPath: string }[]).find((m) =>
        tokenFile.startsWith(`${m.mountPath}/`),
      )!;
      const volume = (podSpec(o)!.volumes as { name: string; secret?: { secretName: string } }[]).find(
        (v) => v.name === mount.name,
      )!;
      expect(volume.secret?.secretName).toBeTruthy();
      // Every interface, IPv6 as well as IPv4 (a single-stack IPv6 cluster's pod has no IPv4 address).
      expect(c.args![c.args!.indexOf('--host') + 1]).toBe('::');
    }
  });
});
