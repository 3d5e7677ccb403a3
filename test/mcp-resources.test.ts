/**
 * Resources (list, read, completion, not-found) and prompts of the MCP server, over stdio against the
 * demo cluster, checked against the config registry and the demo's expected figures.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRegions, listStandards, loadConfig } from '../src/config/index.js';
import { AT, connectStdio, type StdioConnected } from './support/mcp.js';

const expectedDemo = JSON.parse(
  readFileSync(new URL('../fixtures/demo/expected.json', import.meta.url), 'utf8'),
);

let c: StdioConnected;
const config = await loadConfig({ env: {} });

beforeAll(async () => {
  c = await connectStdio(['--demo', '--at', AT]);
});
afterAll(async () => {
  await c?.close();
});

async function readJson(uri: string): Promise<Record<string, unknown>> {
  const r = await c.client.readResource({ uri });
  expect(r.contents).toHaveLength(1);
  expect(r.contents[0]).toMatchObject({ uri, mimeType: 'application/json' });
  const content = r.contents[0]!;
  return JSON.parse('text' in content ? content.text : '');
}

async function readError(uri: string): Promise<McpError> {
  const err = await c.client.readResource({ uri }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(McpError);
  return err as McpError;
}

async function complete(uri: string, name: string, value: string, args?: Record<string, string>) {
  const r = await c.client.complete({
    ref: { type: 'ref/resource', uri },
    argument: { name, value },
    ...(args ? { context: { arguments: args } } : {}),
  });
  return r.completion.values;
}

describe('resource templates and lists', () => {
  it('declares the three templates', async () => {
    const { resourceTemplates } = await c.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
      'carbon-intensity://{region}',
      'compliance-standards://{jurisdiction}/{standard_code}',
      'workload-metrics://{namespace}/{pod_name}',
    ]);
    for (const t of resourceTemplates) {
      expect(t.title).toBeTruthy();
      expect(t.description).toBeTruthy();
    }
  });

  it('lists every standard, every region and every pod of the snapshot', async () => {
    const { resources } = await c.client.listResources();
    const uris = resources.map((r) => r.uri);
    const standards = uris.filter((u) => u.startsWith('compliance-standards://'));
    expect(standards).toHaveLength(listStandards(config).length);
    expect(standards).toContain('compliance-standards://korea/KR_CARBON_2050');
    expect(standards).toContain('compliance-standards://korea/KR_PUE_GREEN_DC');
    expect(uris.filter((u) => u.startsWith('carbon-intensity://'))).toHaveLength(listRegions(config).length);
    const pods = uris.filter((u) => u.startsWith('workload-metrics://'));
    expect(pods.length).toBe(expectedDemo.runningPods + expectedDemo.terminatedPods);
    expect(pods).toContain('workload-metrics://production/postgres-0');
  });
});

describe('compliance-standards://', () => {
  it('reads a Korean standard under korea/ (the original URI) and under its ISO code', async () => {
    const s = await readJson('compliance-standards://korea/KR_CARBON_2050');
    expect(s).toMatchObject({ code: 'KR_CARBON_2050', jurisdiction: 'KR' });
    expect(s.checks).toBeInstanceOf(Array);
    expect(s.sources).toBeInstanceOf(Array);
    expect(s.limits_in_force).toMatchObject({ on: AT.slice(0, 10) });
    const viaCode = await readJson('compliance-standards://kr/KR_PUE_GREEN_DC');
    expect(viaCode.code).toBe('KR_PUE_GREEN_DC');
  });

  it('reads every listed standard', async () => {
    const { resources } = await c.client.listResources();
    for (const s of listStandards(config)) {
      const uri = resources.find((r) => r.name === s.code)!.uri;
      expect((await readJson(uri)).code).toBe(s.code);
    }
  });

  it('unknown standard or wrong jurisdiction is resource-not-found (-32002)', async () => {
    const unknown = await readError('compliance-standards://korea/KR_NOPE');
    expect(unknown.code).toBe(-32002);
    expect(unknown.message).toMatch(/KR_NOPE/);
    expect(unknown.message).toMatch(/KR_CARBON_2050/);
    const wrong = await readError('compliance-standards://germany/KR_CARBON_2050');
    expect(wrong.code).toBe(-32002);
    expect(wrong.message).toMatch(/compliance-standards:\/\/korea\/KR_CARBON_2050/);
  });

  it('completes jurisdictions and, within one, its standard codes', async () => {
    expect(
      await complete('compliance-standards://{jurisdiction}/{standard_code}', 'jurisdiction', 'ko'),
    ).toEqual(['korea']);
    const kr = await complete('compliance-standards://{jurisdiction}/{standard_code}', 'standard_code', '', {
      jurisdiction: 'korea',
    });
    expect(kr.sort()).toEqual(
      listStandards(config)
        .filter((s) => s.jurisdiction === 'KR')
        .map((s) => s.code)
        .sort(),
    );
  });
});

describe('carbon-intensity://', () => {
  it('gives the figure with source, year and basis, the PUE, and the profile scaled to the annual figure', async () => {
    const r = await readJson('carbon-intensity://ap-northeast-2');
    const region = config.regions['ap-northeast-2']!;
    expect(r.region).toBe('ap-northeast-2');
    expect(r.carbon_intensity).toMatchObject({
      value: region.intensity.value,
      unit: 'gCO2e/kWh',
      basis: region.intensity.basis,
      year: region.intensity.year,
      source: region.intensity.source,
    });
    expect(r.pue).toMatchObject({ value: region.pue.value, source: region.pue.source });
    const profile = r.hourly_profile as {
      gCO2eq_kWh_by_local_hour: number[];
      shape: { attribution?: string };
    };
    expect(profile.gCO2eq_kWh_by_local_hour).toHaveLength(24);
    const mean = profile.gCO2eq_kWh_by_local_hour.reduce((s, v) => s + v, 0) / 24;
    expect(mean).toBeCloseTo(region.intensity.value, 0);
    expect(r.attribution).toEqual(expect.arrayContaining([region.intensity.attribution]));
  });

  it('unknown region is -32002 and names the known ones', async () => {
    const e = await readError('carbon-intensity://mars-north-1');
    expect(e.code).toBe(-32002);
    expect(e.message).toMatch(/ap-northeast-2/);
  });

  it('completes region codes', async () => {
    const v = await complete('carbon-intensity://{region}', 'region', 'ap-northeast');
    expect(v).toEqual(['ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3']);
  });
});

describe('workload-metrics://', () => {
  it("reads a pod's watts per zone, joules, containers, node and state", async () => {
    const pod = expectedDemo.topPods[0] as { namespace: string; pod: string; node: string; watts: number };
    const r = await readJson(`workload-metrics://${pod.namespace}/${pod.pod}`);
    expect(r).toMatchObject({ pod: pod.pod, namespace: pod.namespace, node: pod.node, state: 'running' });
    expect(r.power_watts).toBeCloseTo(pod.watts, 6);
    const w = r.watts_by_zone as Record<string, number>;
    expect(w.package! + w.dram! + (r.gpu_watts as number)).toBeCloseTo(pod.watts, 5);
    expect(Object.keys(r.joules_by_zone as object)).toEqual(expect.arrayContaining(['package', 'dram']));
    expect((r.containers as unknown[]).length).toBeGreaterThan(0);
  });

  it('a workload name lists its pods with their sum; a terminated pod keeps its state', async () => {
    const r = await readJson('workload-metrics://ai-team/ml-training-job');
    expect(r.running_pods).toBe(3);
    const pods = r.pods as { pod: string; power_watts: number }[];
    expect(pods.map((p) => p.pod).sort()).toEqual([
      'ml-training-job-9r7cm',
      'ml-training-job-dc8z7',
      'ml-training-job-w4k7p',
    ]);
    expect(r.power_watts).toBeCloseTo(
      pods.reduce((s, p) => s + p.power_watts, 0),
      5,
    );
    const done = await readJson('workload-metrics://batch/etl-nightly-lfc64');
    expect(done).toMatchObject({ state: 'terminated', in_current_power: false });
  });

  it('is rounded as the tools are: watts and joules per zone to 3 decimals', async () => {
    // Before, watts_by_zone and joules_by_zone carried 6 decimals and more (dram 3.665014, package 381670.776322).
    const r = await readJson('workload-metrics://ai-team/ml-training-job');
    const pods = r.pods as { watts_by_zone: object; joules_by_zone: object; containers: object[] }[];
    const values = pods.flatMap((p) =>
      [p, ...(p.containers as typeof pods)].flatMap((x) => [
        ...Object.values(x.watts_by_zone),
        ...Object.values(x.joules_by_zone),
      ]),
    ) as number[];
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(v, String(v)).toBe(Math.round(v * 1000) / 1000);
    expect(values.some((v) => !Number.isInteger(v))).toBe(true);
  });

  it('a workload whose pods all terminated lists them with no current power', async () => {
    const r = await readJson('workload-metrics://batch/etl-nightly');
    expect(r).toMatchObject({ workload: 'etl-nightly', running_pods: 0, terminated_pods: 1 });
    expect(r.power_watts).toBeUndefined();
    expect(r.note).toMatch(/no running pod/);
  });

  it('unknown pod is -32002 with the closest names', async () => {
    const e = await readError('workload-metrics://ai-team/ml-trainin-job');
    expect(e.code).toBe(-32002);
    expect(e.message).toMatch(/ml-training-job/);
    // A workload of another namespace: the URI to read (before: "set namespace to 'ai-team' (`namespace`: ai-team)").
    const elsewhere = await readError('workload-metrics://production/ml-training-job');
    expect(elsewhere.code).toBe(-32002);
    expect(elsewhere.message).toMatch(
      /in namespace 'production' — it exists in namespace 'ai-team': read workload-metrics:\/\/ai-team\/ml-training-job$/,
    );
    expect((await readError('workload-metrics://nowhere/postgres-0')).code).toBe(-32002);
  });

  it('completes namespaces, and pods narrowed by namespace', async () => {
    const ns = await complete('workload-metrics://{namespace}/{pod_name}', 'namespace', '');
    expect(ns).toEqual(Object.keys(expectedDemo.runningPodsByNamespace).sort());
    const pods = await complete('workload-metrics://{namespace}/{pod_name}', 'pod_name', 'p', {
      namespace: 'production',
    });
    expect(pods).toEqual(expect.arrayContaining(['postgres-0', 'postgres-1']));
    expect(pods.every((p) => p.startsWith('p'))).toBe(true);
    const narrowed = await complete('workload-metrics://{namespace}/{pod_name}', 'pod_name', 'm', {
      namespace: 'ai-team',
    });
    expect(narrowed).toContain('ml-training-job');
    expect(narrowed.every((p) => p.startsWith('m'))).toBe(true);
    expect(
      await complete('workload-metrics://{namespace}/{pod_name}', 'pod_name', 'm', { namespace: 'batch' }),
    ).toEqual([]);
  });
});

describe('metrics that cannot be read', () => {
  it('are an internal error (-32603), not resource-not-found; config resources still read', async () => {
    const missing = fileURLToPath(new URL('../fixtures/demo/no-such-node.prom', import.meta.url));
    const bad = await connectStdio(['--source', missing]);
    try {
      const err = await bad.client.readResource({ uri: 'workload-metrics://production/postgres-0' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(McpError);
      expect((err as McpError).code).toBe(-32603);
      expect((err as McpError).message).toMatch(/no-such-node\.prom/);
      const { resources } = await bad.client.listResources();
      expect(resources.some((r) => r.uri.startsWith('workload-metrics://'))).toBe(false);
      expect(resources.some((r) => r.uri === 'carbon-intensity://ap-northeast-2')).toBe(true);
    } finally {
      await bad.close();
    }
  });
});

describe('prompts', () => {
  it('lists audit-namespace and schedule-batch-job with their arguments', async () => {
    const { prompts } = await c.client.listPrompts();
    const byName = Object.fromEntries(prompts.map((p) => [p.name, p]));
    expect(byName['audit-namespace']?.arguments?.map((a) => a.name)).toContain('namespace');
    expect(byName['schedule-batch-job']?.arguments?.map((a) => a.name)).toEqual(
      expect.arrayContaining(['workload_name', 'duration_hours']),
    );
  });

  it('audit-namespace names the namespace, the Korean standards and the tools to call', async () => {
    const r = await c.client.getPrompt({ name: 'audit-namespace', arguments: { namespace: 'production' } });
    const msg = r.messages[0]!;
    expect(msg.role).toBe('user');
    const text = msg.content.type === 'text' ? msg.content.text : '';
    expect(text).toMatch(/"production"/);
    expect(text).toMatch(/KR_CARBON_2050/);
    expect(text).toMatch(/list_workloads_by_compliance/);
    expect(text).toMatch(/compliance-standards:\/\/korea\/KR_CARBON_2050/);
  });

  it('schedule-batch-job passes the arguments to calculate_optimal_schedule', async () => {
    const r = await c.client.getPrompt({
      name: 'schedule-batch-job',
      arguments: { workload_name: 'batch-job', duration_hours: '4', namespace: 'batch' },
    });
    const text = r.messages[0]!.content.type === 'text' ? r.messages[0]!.content.text : '';
    expect(text).toContain(
      'calculate_optimal_schedule with {"workload_name":"batch-job","namespace":"batch","duration_hours":4}',
    );
    expect(text).toMatch(/carbon-intensity:\/\/ap-northeast-2/);
  });

  it('rejects a duration that is not a number, and completes prompt arguments', async () => {
    await expect(
      c.client.getPrompt({
        name: 'schedule-batch-job',
        arguments: { workload_name: 'x', duration_hours: 'soon' },
      }),
    ).rejects.toThrow(/duration_hours|number of hours/);
    // Only what the tool accepts: at most 24 h, a known region (passed on as current_region), standard lists.
    await expect(
      c.client.getPrompt({
        name: 'schedule-batch-job',
        arguments: { workload_name: 'x', duration_hours: '30' },
      }),
    ).rejects.toThrow(/at most 24 hours/);
    await expect(
      c.client.getPrompt({
        name: 'schedule-batch-job',
        arguments: { workload_name: 'x', duration_hours: '4', region: 'mars' },
      }),
    ).rejects.toThrow(/unknown region 'mars'.*\(resources\/list names them all\)$/);
    // As tools' errors do, prompts' name no config/ directory a client cannot read (before: "(listed in config/)").
    await expect(
      c.client.getPrompt({
        name: 'audit-namespace',
        arguments: { namespace: 'production', standard: 'NOPE' },
      }),
    ).rejects.toThrow(/unknown standard 'NOPE'.*\(resources\/list names them all\)$/);
    const us = await c.client.getPrompt({
      name: 'schedule-batch-job',
      arguments: { workload_name: 'batch-job', duration_hours: '4', region: 'us-east-1' },
    });
    const usText = us.messages[0]!.content.type === 'text' ? us.messages[0]!.content.text : '';
    expect(usText).toMatch(
      /get_regional_comparison with \{"workload_name": "batch-job", "current_region": "us-east-1"\}/,
    );
    const two = await c.client.getPrompt({
      name: 'audit-namespace',
      arguments: { namespace: 'production', standard: 'JP_PUE_2030,EU_EED' },
    });
    const twoText = two.messages[0]!.content.type === 'text' ? two.messages[0]!.content.text : '';
    expect(twoText).toContain('"standard": "JP_PUE_2030,EU_EED"');
    const r = await c.client.complete({
      ref: { type: 'ref/prompt', name: 'audit-namespace' },
      argument: { name: 'namespace', value: 'prod' },
    });
    expect(r.completion.values).toEqual(['production']);
  });

  it("schedule-batch-job follows the server's grid setting: a typical day offline, the provider's forecast with --grid", async () => {
    const say = async (server: StdioConnected) => {
      const r = await server.client.getPrompt({
        name: 'schedule-batch-job',
        arguments: { workload_name: 'batch-job', duration_hours: '4' },
      });
      return r.messages[0]!.content.type === 'text' ? r.messages[0]!.content.text : '';
    };
    expect(await say(c)).toContain(
      'Point out that hourly figures are a typical-day profile, not a forecast.',
    );
    // Before, a server with --grid also said the hours were a typical-day profile, not a forecast.
    for (const [args, env] of [
      [['--grid', 'electricitymaps'], {}],
      [[], { KCARBON_GRID: 'watttime' }],
    ] as const) {
      const live = await connectStdio(['--demo', '--at', AT, ...args], env);
      try {
        const provider = args[1] ?? env.KCARBON_GRID;
        const text = await say(live);
        expect(text).not.toContain('Point out that hourly figures are a typical-day profile');
        expect(text).toContain(`with mode "forecast" they are ${provider}'s forecast`);
        expect(text).toContain(`the hour-of-day profile and the live ${provider} figure`);
      } finally {
        await live.close();
      }
    }
  });

  it('bounds its arguments as the tools do, and names each standard once', async () => {
    // Before, a 900 KB `standard` of repeated codes became a 10 MB prompt (5 s on stdio).
    const huge = Array.from({ length: 60_000 }, () => 'KR_CARBON_2050').join(',');
    for (const [name, args] of [
      ['audit-namespace', { namespace: 'production', standard: huge }],
      ['audit-namespace', { namespace: 'n'.repeat(64) }],
      ['schedule-batch-job', { workload_name: 'w'.repeat(254), duration_hours: '4' }],
      ['schedule-batch-job', { workload_name: 'x', duration_hours: '4', namespace: 'n'.repeat(64) }],
      ['schedule-batch-job', { workload_name: 'x', duration_hours: '4', region: 'r'.repeat(65) }],
      ['schedule-batch-job', { workload_name: 'x', duration_hours: `${'0'.repeat(40)}4` }],
    ] as const) {
      const err = await c.client.getPrompt({ name, arguments: args }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, `${name} ${Object.keys(args).join(',')}`).toBeInstanceOf(McpError);
      expect((err as McpError).message).toMatch(/Too big|at most/);
    }
    const twice = await c.client.getPrompt({
      name: 'audit-namespace',
      arguments: { namespace: 'production', standard: 'KR_CARBON_2050,kr_carbon_2050, KR_CARBON_2050' },
    });
    const text = twice.messages[0]!.content.type === 'text' ? twice.messages[0]!.content.text : '';
    expect(text).toContain('"standard": "KR_CARBON_2050"}');
    expect(text.match(/compliance-standards:\/\//g)).toHaveLength(1);
    expect(twice.description).toBe('Audit namespace production against KR_CARBON_2050');
  });
});
