/**
 * Every registered tool, over every transport (stdio, Streamable HTTP stateful and stateless, legacy
 * SSE), returns what `kcarbon <command> --json` prints for the same input, as structuredContent and as
 * the text block. Also: the generated tool definitions, progress, and tool errors.
 */
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPECS as COMMANDS } from '../src/commands/all.js';
import {
  AT,
  type Connected,
  cliAcceptsAt,
  cliJson,
  connectHttp,
  connectSse,
  connectStdio,
  type HttpServe,
  ORIGINAL_TOOLS,
  startHttpServe,
  TOOL_INPUTS,
  withoutReadTime,
} from './support/mcp.js';
import { closedPort } from './support/servers.js';

const SPECS = COMMANDS;
const registered = new Map(SPECS.map((s) => [s.tool, s]));
/** The original 8 first (skipped while not registered), then any other registered tool. */
const TOOLS = [...ORIGINAL_TOOLS, ...SPECS.map((s) => s.tool).filter((t) => !ORIGINAL_TOOLS.includes(t))];
const inputOf = (tool: string) => TOOL_INPUTS[tool] ?? {};

const SERVE_ARGS = ['--demo', '--at', AT];
const expected = new Map<string, unknown>();
const clients: Record<string, Connected> = {};
const servers: HttpServe[] = [];

beforeAll(async () => {
  const [stdio, stateful, stateless, stdioNow] = await Promise.all([
    connectStdio(SERVE_ARGS),
    startHttpServe(SERVE_ARGS),
    startHttpServe([...SERVE_ARGS, '--stateless']),
    // For commands whose CLI cannot take --at: the same clock on both sides.
    connectStdio(['--demo']),
    ...SPECS.map(async (spec) => expected.set(spec.tool, await cliJson(spec, inputOf(spec.tool)))),
  ]);
  servers.push(stateful as HttpServe, stateless as HttpServe);
  clients.stdio = stdio as Connected;
  clients.stdioNow = stdioNow as Connected;
  clients.http = await connectHttp((stateful as HttpServe).base);
  clients.stateless = await connectHttp((stateless as HttpServe).base);
  clients.sse = await connectSse((stateful as HttpServe).base);
});

afterAll(async () => {
  await Promise.all(Object.values(clients).map((c) => c.close().catch(() => {})));
  await Promise.all(servers.map((s) => s.stop()));
});

function textOf(r: CallToolResult): string {
  const block = r.content[0];
  return block?.type === 'text' ? block.text : '';
}

describe('tool definitions (generated from the registry)', () => {
  let tools: Tool[];
  beforeAll(async () => {
    tools = (await clients.stdio!.client.listTools()).tools;
  });

  it('lists one tool per command, with the original names', () => {
    expect(tools.map((t) => t.name).sort()).toEqual(SPECS.map((s) => s.tool).sort());
    for (const name of ORIGINAL_TOOLS.filter((t) => registered.has(t))) {
      expect(tools.map((t) => t.name)).toContain(name);
    }
  });

  it('has a title, described parameters named like the input schema, an output schema and annotations', () => {
    for (const t of tools) {
      const spec = registered.get(t.name)!;
      expect(t.title).toBe(spec.title);
      expect(t.description).toBeTruthy();
      // Only what the tool does: no CLI output formats or flags (the report's html/markdown and --history are the CLI's).
      expect(t.description).not.toMatch(/--[a-z]|Render it as html/);
      const props = (t.inputSchema.properties ?? {}) as Record<string, { description?: string }>;
      expect(Object.keys(props).sort()).toEqual(Object.keys(spec.input.shape).sort());
      for (const [key, p] of Object.entries(props)) {
        expect(p.description, `${t.name}.${key} has a description`).toBeTruthy();
      }
      expect(t.outputSchema?.type).toBe('object');
      expect(t.annotations).toMatchObject({
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: spec.readsMetrics,
      });
    }
  });
});

async function callOk(name: string, tool: string): Promise<CallToolResult> {
  const r = (await clients[name]!.client.callTool({
    name: tool,
    arguments: inputOf(tool),
  })) as CallToolResult;
  expect(r.isError ?? false, textOf(r)).toBe(false);
  expect(JSON.parse(textOf(r))).toEqual(r.structuredContent);
  return r;
}

describe.each(['stdio', 'http', 'stateless', 'sse'])('every tool over %s equals the CLI --json', (name) => {
  for (const tool of TOOLS) {
    it.skipIf(!registered.has(tool))(tool, async () => {
      const spec = registered.get(tool)!;
      const r = await callOk(name, tool);
      if (cliAcceptsAt(spec)) {
        expect(withoutReadTime(r.structuredContent, spec)).toEqual(withoutReadTime(expected.get(tool), spec));
      } else {
        // The CLI runs this command at "now": compare with a server without --at, and this transport with stdio.
        const now = await callOk('stdioNow', tool);
        expect(withoutReadTime(now.structuredContent, spec)).toEqual(
          withoutReadTime(expected.get(tool), spec),
        );
        const same = name === 'stdio' ? r : await callOk('stdio', tool);
        expect(r.structuredContent).toEqual(same.structuredContent);
      }
    });
  }
});

describe('tool errors are results an assistant can act on', () => {
  const call = (name: string, args: Record<string, unknown>) =>
    clients.stdio!.client.callTool({ name, arguments: args }) as Promise<CallToolResult>;

  it('unknown namespace names the namespaces that exist', async () => {
    const r = await call('get_power_consumption_summary', { namespace: 'no-such-ns' });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/no-such-ns/);
    expect(textOf(r)).toMatch(/ai-team/);
    // In the tool's words: leave `namespace` out, not the CLI's -A.
    expect(textOf(r)).toMatch(/\(or no `namespace` for all\)/);
    expect(textOf(r)).not.toMatch(/-A\b/);
  });

  it("errors name the tool's parameters and tools, not the CLI's flags and commands", async () => {
    const s = await call('calculate_optimal_schedule', {
      workload_name: 'ml-training-job',
      namespace: 'ai-team',
      duration_hours: 4,
      within_hours: 2,
    });
    expect(s.isError).toBe(true);
    expect(textOf(s)).toMatch(/`within_hours` 2h is shorter than the run \(`duration_hours` 4h\)/);
    expect(textOf(s)).not.toMatch(/--within|--duration/);
    const p = await call('list_workloads_by_compliance', { since: 'banana' });
    expect(p.isError).toBe(true);
    expect(textOf(p)).toMatch(/`since` 'banana'/);
    const w = await call('list_top_power_consumers', { namespace: 'ai-team', limit: 1 });
    expect(w.isError ?? false).toBe(false);
    const u = await call('assess_workload_compliance', { workload_name: 'no-such-workload' });
    expect(u.isError).toBe(true);
    expect(textOf(u)).toMatch(/the list_top_power_consumers tool/);
    expect(textOf(u)).not.toMatch(/kcarbon top/);
    // Another tool's flag, the -n short flag, and config/ (which a client cannot read).
    const t = await call('assess_workload_compliance', { workload_name: 'etl-nightly' });
    expect(textOf(t)).toMatch(/the list_top_power_consumers tool `include_terminated`/);
    const n = await call('assess_workload_compliance', {
      workload_name: 'ml-training-job',
      namespace: 'nope',
    });
    expect(textOf(n)).toMatch(/set namespace to 'ai-team' \(`namespace`: ai-team\)/);
    const g = await call('get_regional_comparison', {
      workload_name: 'ml-training-job',
      current_region: 'Seoul',
    });
    expect(g.isError).toBe(true);
    expect(textOf(g)).toMatch(/resources\/list names them all/);
    for (const x of [t, n, g]) expect(textOf(x)).not.toMatch(/ -n |--[a-z]|config\//);
    // A resource's error in the same words.
    await expect(
      clients.stdio!.client.readResource({ uri: 'workload-metrics://ai-team/nope' }),
    ).rejects.toThrow(/the list_top_power_consumers tool/);
  });

  it.skipIf(!registered.has('assess_workload_compliance'))(
    'unknown workload suggests close names',
    async () => {
      const r = await call('assess_workload_compliance', {
        workload_name: 'ml-trainin-job',
        namespace: 'ai-team',
      });
      expect(r.isError).toBe(true);
      expect(textOf(r)).toMatch(/ml-trainin-job/);
      expect(textOf(r)).toMatch(/ml-training-job/);
    },
  );

  it.skipIf(!registered.has('assess_workload_compliance'))(
    'unknown region lists the known regions',
    async () => {
      const r = await call('assess_workload_compliance', {
        workload_name: 'ml-training-job',
        namespace: 'ai-team',
        region: 'mars-north-1',
      });
      expect(r.isError).toBe(true);
      expect(textOf(r)).toMatch(/mars-north-1/);
      expect(textOf(r)).toMatch(/ap-northeast-2/);
    },
  );

  it('show_config refuses an unknown region as the other tools do; a known one is shown as given', async () => {
    const r = await call('show_config', { region: 'mars-1' });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/unknown region 'mars-1'/);
    const close = await call('show_config', { region: 'eu-nort' });
    expect(close.isError).toBe(true);
    expect(textOf(close)).toMatch(/did you mean 'eu-north-1'/);
    const good = await call('show_config', { region: 'EU-north-1' });
    expect(good.isError ?? false).toBe(false);
    expect((good.structuredContent as { settings: unknown[] }).settings).toContainEqual({
      key: 'defaults.region',
      value: 'eu-north-1',
      origin: '--region',
    });
  });

  it.skipIf(!registered.has('assess_workload_compliance'))(
    'an oversized string is refused by its maxLength before any search; the schema says so',
    async () => {
      const tools = await clients.stdio!.client.listTools();
      const assess = tools.tools.find((t) => t.name === 'assess_workload_compliance')!;
      const props = assess.inputSchema.properties as Record<string, { maxLength?: number }>;
      expect(props.workload_name?.maxLength).toBe(253);
      expect(props.namespace?.maxLength).toBe(63);
      const r = await call('assess_workload_compliance', { workload_name: 'x'.repeat(900_000) });
      expect(r.isError).toBe(true);
      expect(textOf(r)).toMatch(/workload_name/);
      expect(textOf(r).length).toBeLessThan(2_000);
    },
  );

  it('invalid arguments and unknown tools are errors too, and the server keeps serving', async () => {
    const bad = await call('list_top_power_consumers', { limit: 0 });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/limit/);
    const unknown = await call('no_such_tool', {});
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toMatch(/no_such_tool/);
    const good = await call('list_top_power_consumers', { limit: 1 });
    expect(good.isError ?? false).toBe(false);
  });

  it('an unreachable metrics source is a tool error; config-only resources still work', async () => {
    const port = await closedPort();
    const c = await connectStdio([
      '--source',
      `http://127.0.0.1:${port}/metrics`,
      '--retries',
      '0',
      '--timeout',
      '2s',
    ]);
    try {
      const r = (await c.client.callTool({
        name: 'list_top_power_consumers',
        arguments: {},
      })) as CallToolResult;
      expect(r.isError).toBe(true);
      expect(textOf(r)).toMatch(/no metrics source could be read/);
      expect(textOf(r)).toContain(`127.0.0.1:${port}`);
      const res = await c.client.readResource({ uri: 'carbon-intensity://ap-northeast-2' });
      const content = res.contents[0]!;
      expect(JSON.parse('text' in content ? content.text : '').region).toBe('ap-northeast-2');
    } finally {
      await c.close();
    }
  });
});
