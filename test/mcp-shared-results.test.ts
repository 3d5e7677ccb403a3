/**
 * What MCP calls on one cached snapshot share (issue 9): the rounded copies of the snapshot's frozen figures, their
 * JSON text and their schema checks (src/util/memo.ts, src/util/round.ts, src/mcp/json-text.ts, src/mcp/tools.ts),
 * and the JSON answer written from the tool's own text (src/mcp/json-answers.ts). Each must give exactly what the
 * plain computation gives: JSON.stringify's bytes, roundJson's numbers, the SDK's answers.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figures } from '../src/carbon/assess.js';
import { evaluateChecks, selectStandards } from '../src/carbon/checks.js';
import { SPECS } from '../src/commands/all.js';
import { createRunContext, type RunSettings } from '../src/commands/context.js';
import { loadConfig } from '../src/config/index.js';
import { createSnapshotCache } from '../src/mcp/cache.js';
import { HEALTH_PATH, type RunningHttpServer, startHttpServer } from '../src/mcp/http.js';
import { responseBody } from '../src/mcp/json-answers.js';
import { jsonText, jsonTexts } from '../src/mcp/json-text.js';
import { createKcarbonMcpServer } from '../src/mcp/server.js';
import { outputCheck } from '../src/mcp/tools.js';
import { frozen, isDeepFrozen, shareResults } from '../src/util/memo.js';
import { roundJson } from '../src/util/round.js';
import { AT, connectHttp, INITIALIZE, POST_HEADERS, rawRequest, TOOL_INPUTS } from './support/mcp.js';

const SEED = Number(process.env.FC_SEED ?? 20261201);

/** `f()` with results shared (as in the MCP server), then sharing as it was (off: the CLI's way). */
function sharing<T>(f: () => T): T {
  shareResults(true);
  try {
    return f();
  } finally {
    shareResults(false);
  }
}

/** A JSON-like value with some of its parts deep-frozen (shared), some not. */
const partlyFrozen = fc
  .tuple(fc.jsonValue(), fc.jsonValue(), fc.array(fc.jsonValue(), { maxLength: 4 }))
  .map(([a, b, list]) => ({
    shared: frozen(structuredClone({ a, list })),
    own: b,
    both: [frozen(structuredClone(list)), a],
  }));

describe('jsonText: JSON.stringify, with shared parts written once', () => {
  it('equals JSON.stringify on any JSON value, shared or not', () => {
    fc.assert(
      fc.property(fc.jsonValue(), partlyFrozen, (plain, parts) => {
        sharing(() => {
          expect(jsonText(plain)).toBe(JSON.stringify(plain));
          expect(jsonText(parts)).toBe(JSON.stringify(parts));
          // Again: the shared parts' text now comes from the first time.
          const again = jsonTexts(parts);
          expect(again.raw).toBe(JSON.stringify(parts));
          expect(again.escaped).toBe(JSON.stringify(JSON.stringify(parts)).slice(1, -1));
          expect(jsonTexts(plain).escaped).toBe(JSON.stringify(JSON.stringify(plain)).slice(1, -1));
        });
        expect(jsonText(parts)).toBe(JSON.stringify(parts));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("follows JSON.stringify's rules for undefined, functions, toJSON, class instances and odd keys", () => {
    const holey: unknown[] = [undefined, () => 1, Symbol('y'), 1];
    holey[5] = null;
    const odd: Record<string, unknown> = {
      u: undefined,
      f: () => 1,
      s: Symbol('x'),
      list: holey,
      date: new Date(Date.UTC(2026, 0, 15)),
      map: new Map([[1, 2]]),
      nan: Number.NaN,
      inf: -Infinity,
      negZero: -0,
      big: 1e21,
      lone: '\ud800 and "quotes" \\ \n \u2028',
      10: 'integer key first',
      nested: { toJSON: () => ({ replaced: true }) },
      gone: { toJSON: () => undefined },
      gones: [{ toJSON: () => undefined }, frozen({ kept: 1 })],
    };
    Object.defineProperty(odd, '__proto__', { value: { own: 1 }, enumerable: true });
    const shared = frozen({ inner: { ...odd, date: undefined, map: undefined, nested: undefined } });
    sharing(() => {
      expect(jsonText(odd)).toBe(JSON.stringify(odd));
      expect(jsonTexts(odd).escaped).toBe(JSON.stringify(JSON.stringify(odd)).slice(1, -1));
      expect(jsonText({ shared, again: shared })).toBe(JSON.stringify({ shared, again: shared }));
      expect(jsonText('top')).toBe('"top"');
      expect(jsonText([])).toBe('[]');
    });
  });
});

describe('roundJson with shared results', () => {
  it('rounds exactly as without sharing; a shared part is rounded once per place and stays frozen', () => {
    fc.assert(
      fc.property(partlyFrozen, (parts) => {
        const plain = roundJson(parts);
        const once = sharing(() => roundJson(parts));
        const twice = sharing(() => roundJson(parts));
        expect(once).toEqual(plain);
        expect(twice).toEqual(plain);
        if (parts.shared !== null && typeof parts.shared === 'object') {
          expect(twice.shared).toBe(once.shared);
          expect(isDeepFrozen(once.shared)).toBe(true);
        }
        // Off (the CLI), nothing of a result is frozen.
        expect(Object.isFrozen(plain.shared)).toBe(false);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('one shared value under keys of different units is rounded by each', () => {
    const figures = frozen([1.23456789, 2.0000004]);
    const r = sharing(() => roundJson({ power_watts: figures, energy_kwh: figures, share_percent: figures }));
    expect(r).toEqual({
      power_watts: [1.235, 2],
      energy_kwh: [1.234568, 2],
      share_percent: [1.23, 2],
    });
    // A check's value takes its unit from the object holding it.
    const value = frozen({ v: [0.123456789] });
    const checks = sharing(() =>
      roundJson({ a: { unit: 'W', value }, b: { unit: 'kWh', value }, c: { value } }),
    );
    expect(checks).toEqual(roundJson({ a: { unit: 'W', value }, b: { unit: 'kWh', value }, c: { value } }));
  });
});

describe("the output check: zod's verdict, shared parts checked once", () => {
  const demo: RunSettings = {
    source: { specs: [], demo: true },
    overrides: {},
    env: { ...process.env, KCARBON_CONFIG: '' },
    at: new Date(AT),
  };
  /** Every path (keys and indexes) in a JSON value. */
  function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []) {
    out.push(at);
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) paths(x, [...at, i], out);
    } else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
    return out;
  }
  /** `v` with the value at `path` replaced (or its key deleted), copying only the containers on the way. */
  function changed(v: unknown, path: (string | number)[], to: { value: unknown } | 'delete'): unknown {
    if (path.length === 0) return to === 'delete' ? undefined : to.value;
    const [head, ...rest] = path;
    const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>;
    if (rest.length === 0 && to === 'delete' && !Array.isArray(v)) delete copy[head!];
    else copy[head!] = changed(copy[head!], rest, to);
    return copy;
  }

  it.each(SPECS.filter((s) => TOOL_INPUTS[s.tool]).map((s) => [s.tool, s] as const))(
    '%s: the same verdict as safeParse on the result and on broken copies of it',
    async (_tool, spec) => {
      const ctx = createRunContext(demo, { warn() {} });
      shareResults(true);
      try {
        const input = spec.input.parse(TOOL_INPUTS[spec.tool]);
        const result = (await spec.run(input, ctx)) as Record<string, unknown>;
        const again = (await spec.run(input, createRunContext(demo, { warn() {} }))) as Record<
          string,
          unknown
        >;
        const check = outputCheck(spec);
        expect(check(result)).toBe(true);
        expect(check(again)).toBe(true);
        const all = paths(result);
        const verdicts = new Set<boolean>();
        fc.assert(
          fc.property(
            fc.nat({ max: all.length - 1 }),
            fc.oneof(
              fc.constant('delete' as const),
              fc.jsonValue().map((value) => ({ value })),
            ),
            fc.boolean(),
            (i, to, clone) => {
              const base = clone ? structuredClone(result) : result;
              const broken = changed(base, all[i]!, to);
              const zod = spec.output.safeParse(broken).success;
              expect(check(broken)).toBe(zod);
              verdicts.add(zod);
            },
          ),
          { seed: SEED, numRuns: 150 },
        );
        // Both verdicts were met: the broken copies do break the schema, some of them.
        expect([...verdicts].sort()).toEqual([false, true]);
      } finally {
        shareResults(false);
      }
    },
  );
});

describe("check plans shared by calls: the limits in force on each call's own day", () => {
  it('judges across a threshold date exactly as a fresh run does, whatever was judged before', async () => {
    const config = await loadConfig({ env: { ...process.env, KCARBON_CONFIG: '' }, cwd: '/' });
    const f = figures(100, 400, 1.45);
    const times = [
      '2027-06-30T23:59:59.999Z', // DE pue-existing: no limit in force yet
      '2027-07-01T00:00:00.000Z', // 1.5 from this day
      '2027-06-30T12:00:00.000Z', // the day before again
      '2030-07-01T00:00:00.000Z', // 1.3
      '2027-07-01T23:59:59.999Z',
    ].map((t) => new Date(t));
    const fresh = times.map((at) => evaluateChecks(selectStandards(config, 'DE_ENEFG'), f, at));
    const shared = sharing(() => {
      const standards = selectStandards(config, 'DE_ENEFG');
      expect(selectStandards(config, ['DE_ENEFG'])).not.toBe(standards);
      expect(selectStandards(config, 'DE_ENEFG')).toBe(standards);
      return times.map((at) => evaluateChecks(selectStandards(config, 'DE_ENEFG'), f, at));
    });
    expect(shared).toEqual(fresh);
    const existing = (checks: (typeof fresh)[number]) => checks.find((c) => c.check === 'pue-existing');
    expect(fresh.map((c) => existing(c)?.limit)).toEqual([undefined, 1.5, undefined, 1.3, 1.5]);
    expect(selectStandards(config, 'DE_ENEFG')).not.toBe(selectStandards(config, 'DE_ENEFG'));
  });
});

describe('responseBody: the JSON-RPC answer from the prepared text', () => {
  const structured = { total_power_watts: 1.5, rows: frozen([{ a: 1 }]), note: 'x"y \u2028 \ud800' };
  const text = JSON.stringify(structured);
  const prepared = { structured, raw: text, escaped: JSON.stringify(text).slice(1, -1) };
  const message = (result: unknown, id: unknown = 7) => ({ result, jsonrpc: '2.0', id });
  const copy = () => ({ content: [{ type: 'text', text }], structuredContent: { ...structured } });

  it('writes what JSON.stringify writes when the answer is the prepared result (as the SDK copies it)', () => {
    for (const id of [7, 'req-"1"', 0]) {
      const m = message(copy(), id);
      expect(responseBody(m, prepared)).toBe(JSON.stringify(m));
    }
  });

  it('falls back to JSON.stringify for anything else', () => {
    const changed = { ...copy(), structuredContent: { ...structured, total_power_watts: 2 } };
    const extra = { ...copy(), isError: false };
    const reordered = { structuredContent: { ...structured }, content: [{ type: 'text', text }] };
    const otherText = { ...copy(), content: [{ type: 'text', text: `${text} ` }] };
    for (const result of [changed, extra, reordered, otherText]) {
      const m = message(result);
      expect(responseBody(m, prepared)).toBe(JSON.stringify(m));
    }
    const error = { jsonrpc: '2.0', id: 1, error: { code: -32602, message: 'bad' } };
    expect(responseBody(error, prepared)).toBe(JSON.stringify(error));
    expect(responseBody(message(copy()), undefined)).toBe(JSON.stringify(message(copy())));
  });
});

describe('JSON answers over HTTP, in process', () => {
  let server: RunningHttpServer;
  const mcpServers: ReturnType<typeof createKcarbonMcpServer>[] = [];
  const settings: RunSettings = {
    source: { specs: [], demo: true },
    overrides: {},
    env: { ...process.env, KCARBON_CONFIG: '' },
    at: new Date(AT),
  };

  beforeAll(async () => {
    const cache = createSnapshotCache({
      load: () => createRunContext(settings, { warn() {} }).snapshot(),
      ttlMs: 3_600_000,
    });
    const log = { info() {}, warn() {}, error() {} };
    server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      stateless: false,
      allowedOrigins: [],
      allowedHosts: [],
      createServer: () => {
        const s = createKcarbonMcpServer({ settings, cache, log, version: '0' });
        mcpServers.push(s);
        return s;
      },
      log,
    });
  });

  afterAll(async () => {
    await server?.close();
    shareResults(false);
  });

  const call = (sid: string, id: number, args: Record<string, unknown> = {}) =>
    rawRequest({
      port: server.port,
      headers: { ...POST_HEADERS, 'Mcp-Protocol-Version': '2025-06-18', 'Mcp-Session-Id': sid },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id,
        method: 'tools/call',
        params: { name: 'get_power_consumption_summary', arguments: args },
      }),
    });

  it("answers with JSON.stringify's bytes, the text being the structuredContent's JSON, call after call", async () => {
    const init = await rawRequest({ port: server.port, headers: POST_HEADERS, body: INITIALIZE });
    const sid = init.headers['mcp-session-id'] as string;
    const bodies: string[] = [];
    for (let id = 2; id < 6; id++) {
      const r = await call(sid, id, id % 2 ? { namespace: 'ai-team' } : {});
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['mcp-session-id']).toBe(sid);
      expect(Number(r.headers['content-length'])).toBe(Buffer.byteLength(r.body));
      const m = JSON.parse(r.body);
      expect(r.body).toBe(JSON.stringify(m));
      expect(m.id).toBe(id);
      expect(m.result.content[0].text).toBe(JSON.stringify(m.result.structuredContent));
      bodies.push(r.body);
    }
    // Same input, same clock (--at): the same answer, whether its shared parts were written fresh or reused.
    expect(bodies[2]!.replace('"id":4', '')).toBe(bodies[0]!.replace('"id":2', ''));
    expect(bodies[3]!.replace('"id":5', '')).toBe(bodies[1]!.replace('"id":3', ''));
    // A bad argument is still the SDK's error result, through the same path.
    const bad = await call(sid, 9, { namespace: 7 });
    expect(JSON.parse(bad.body).result.isError).toBe(true);
    expect((await rawRequest({ port: server.port, method: 'GET', path: HEALTH_PATH })).status).toBe(200);
  });

  it('keeps no entry per answered call in the SDK transport (SDK 1.32 kept one for the session life)', async () => {
    const c = await connectHttp(server.url);
    try {
      for (let i = 0; i < 5; i++) {
        const r = await c.client.callTool({ name: 'get_power_consumption_summary', arguments: {} });
        expect(r.isError ?? false).toBe(false);
      }
      const transports = mcpServers
        .map(
          (s) =>
            s.server.transport as unknown as {
              _webStandardTransport?: { _streamMapping?: Map<unknown, unknown> };
            },
        )
        .map((t) => t?._webStandardTransport?._streamMapping)
        .filter((m) => m !== undefined);
      expect(transports.length).toBeGreaterThan(0);
      // At most the session's standalone GET stream is left.
      for (const m of transports) expect(m.size).toBeLessThanOrEqual(1);
    } finally {
      await c.close();
    }
  });
});
