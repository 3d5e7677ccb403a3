/**
 * Registry -> MCP tools. Each CommandSpec becomes one tool with the original name, its title, the
 * input schema (keys = parameter names, every field described), the output schema, and annotations.
 * The handler runs the same spec.run() as the CLI, with the same RunSettings, so a tool's
 * structuredContent equals `kcarbon <command> --json` for the same input.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { SPECS } from '../commands/all.js';
import { createRunContext, settingsForInput } from '../commands/context.js';
import { serverCallSettings } from '../commands/period.js';
import type { CommandSpec } from '../commands/types.js';
import { describeError, KcarbonError } from '../errors.js';
import { derived, isShared } from '../util/memo.js';
import { once } from '../util/once.js';
import { mcpErrorText } from './error-text.js';
import { prepareAnswer } from './json-answers.js';
import { type JsonText, jsonTexts } from './json-text.js';
import { type Extra, progressReporter } from './progress.js';
import type { McpDeps } from './types.js';

/** The MCP annotations of a command: kcarbon only reads. */
export function toolAnnotations(spec: CommandSpec): ToolAnnotations {
  return {
    title: spec.title,
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: spec.readsMetrics,
  };
}

/** A tool result carrying the JSON twice: structured, and as text for clients without structuredContent. */
export function jsonResult(value: unknown, texts: JsonText = jsonTexts(value)): CallToolResult {
  return {
    content: [{ type: 'text', text: texts.raw }],
    structuredContent: value as Record<string, unknown>,
  };
}

export function errorResult(err: unknown, spec?: Pick<CommandSpec, 'options'>): CallToolResult {
  const text = describeError(err);
  return { content: [{ type: 'text', text: spec ? mcpErrorText(text, spec, SPECS) : text }], isError: true };
}

/** Longest string an MCP caller may pass (names, codes, lists): generous, but bounded. */
export const MCP_MAX_STRING = 512;

/**
 * A command's input as an MCP tool sees it: closed (`additionalProperties: false`; an unknown parameter, such as a
 * misspelt `namepsace`, is a tool error naming it and the valid ones, never silently ignored) and with a
 * `maxLength` on every string.
 */
export function mcpInputSchema(spec: CommandSpec): z.ZodObject {
  // Built once per command and process, not once per session.
  let schema = inputSchemas.get(spec);
  if (!schema) {
    schema = buildInputSchema(spec);
    inputSchemas.set(spec, schema);
  }
  return schema;
}
const inputSchemas = new WeakMap<CommandSpec, z.ZodObject>();

function buildInputSchema(spec: CommandSpec): z.ZodObject {
  const shape = spec.input.shape as Record<string, z.ZodType>;
  const valid = Object.keys(shape);
  const limited = Object.fromEntries(Object.entries(shape).map(([k, f]) => [k, limitStrings(f)]));
  return z.strictObject(limited, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown parameter${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `'${k}'`).join(', ')} for ${spec.tool}; valid parameters: ${valid.join(', ') || '(none)'}`
        : undefined,
  });
}

/** The field with `.max(MCP_MAX_STRING)` on its string (under optional/default wrappers), description kept. */
function limitStrings(field: z.ZodType): z.ZodType {
  const description = field.description;
  const described = (f: z.ZodType) => (description ? f.describe(description) : f);
  if (field instanceof z.ZodOptional) return described(limitStrings(field.unwrap() as z.ZodType).optional());
  if (field instanceof z.ZodDefault) {
    const inner = limitStrings(field.unwrap() as z.ZodType);
    return described(inner.default(field.def.defaultValue as never));
  }
  if (field instanceof z.ZodString && (field.maxLength === null || field.maxLength > MCP_MAX_STRING))
    return described(field.max(MCP_MAX_STRING));
  return field;
}

type ToolHandler = (args: Record<string, unknown>, extra: Extra) => Promise<CallToolResult>;
type RegisterTool = (
  name: string,
  config: {
    title: string;
    description: string;
    inputSchema: unknown;
    outputSchema: unknown;
    annotations: ToolAnnotations;
  },
  handler: ToolHandler,
) => unknown;

/**
 * A tool's structuredContent checked against its output schema as zod checks it, part by part: through plain
 * objects (z.object without catchall or checks: every field, a missing key only where the schema lets it be
 * missing) and plain arrays (every element); anything else by the schema's own safeParse. A deep-frozen part
 * (shared by the calls on one cached snapshot, src/util/memo.ts) is checked once per value and place.
 */
type Check = (value: unknown) => boolean;

function checkerOf(schema: z.ZodType, place: string): Check {
  const def = schema.def as { checks?: unknown[]; catchall?: unknown };
  const plain = !def.checks?.length;
  let check: Check = (v) => schema.safeParse(v).success;
  if (schema instanceof z.ZodObject && plain && def.catchall === undefined) {
    const fields = Object.entries(schema.shape as Record<string, z.ZodType>).map(([key, field]) => ({
      key,
      check: checkerOf(field, `${place}.${key}`),
      // Whether the key may be missing: zod's rule (an optional or defaulted field), asked of zod when first met.
      missingOk: once(() => z.object({ [key]: field }).safeParse({}).success),
    }));
    check = (v) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
      const o = v as Record<string, unknown>;
      for (const f of fields) if (!(f.key in o ? f.check(o[f.key]) : f.missingOk())) return false;
      return true;
    };
  } else if (schema instanceof z.ZodArray && plain) {
    const element = checkerOf(schema.element as z.ZodType, `${place}[]`);
    const whole = check;
    check = (v) => {
      if (!Array.isArray(v)) return false;
      // A call's own list (ranked rows: thousands on a big cluster) goes to zod whole, which is faster per row.
      if (!v.some(isShared)) return whole(v);
      for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
      return true;
    };
  }
  const key = `output-valid:${place}`;
  return (v) => (isShared(v) ? derived(v, key, () => check(v)) : check(v));
}

/** The check of a command's output (built once per command and process). */
export function outputCheck(spec: CommandSpec): Check {
  let check = outputChecks.get(spec);
  if (!check) {
    check = checkerOf(spec.output as z.ZodType, spec.tool);
    outputChecks.set(spec, check);
  }
  return check;
}
const outputChecks = new WeakMap<CommandSpec, Check>();

type ValidateToolOutput = (tool: unknown, result: CallToolResult, name: string) => Promise<void>;

/**
 * The SDK checks every tool result against the tool's output schema (McpServer.validateToolOutput, a private
 * method of SDK 1.32): a result that passes outputCheck needs nothing more, any other goes through the SDK's
 * check, which words the error. If the SDK has no such method, nothing is changed.
 */
function checkOutputsBySharedParts(server: McpServer, specs: readonly CommandSpec[]): void {
  const sdk = server as unknown as { validateToolOutput?: ValidateToolOutput };
  const full = sdk.validateToolOutput;
  if (typeof full !== 'function') return;
  const byTool = new Map(specs.map((s) => [s.tool, s]));
  sdk.validateToolOutput = function (this: unknown, tool, result, name) {
    const spec = byTool.get(name);
    // Built on a tool's first result, once per process.
    const check = spec && outputCheck(spec);
    const structured = result.structuredContent;
    if (check && !result.isError && structured && 'content' in result) {
      let ok = false;
      try {
        ok = check(structured);
      } catch {}
      if (ok) return Promise.resolve();
    }
    return full.call(this, tool, result, name);
  };
}

export function registerTools(server: McpServer, deps: McpDeps): void {
  checkOutputsBySharedParts(server, SPECS);
  // The SDK's generic signature instantiates zod types deeply (TS2589); the specs are checked zod objects.
  const register = server.registerTool.bind(server) as unknown as RegisterTool;
  for (const spec of SPECS) {
    register(
      spec.tool,
      {
        title: spec.title,
        description: spec.toolDescription ?? spec.description,
        inputSchema: mcpInputSchema(spec),
        outputSchema: spec.output,
        annotations: toolAnnotations(spec),
      },
      (args, extra) => runTool(server, spec, args, extra, deps),
    );
  }
}

async function runTool(
  server: McpServer,
  spec: CommandSpec,
  args: Record<string, unknown>,
  extra: Extra,
  deps: McpDeps,
): Promise<CallToolResult> {
  const progress = progressReporter(extra);
  const warn = (message: string) => {
    deps.log.warn(message);
    server
      .sendLoggingMessage({ level: 'warning', logger: 'kcarbon', data: message }, extra.sessionId)
      .catch(() => {});
  };
  try {
    const settings = serverCallSettings(settingsForInput(deps.settings, args), args);
    // The context's clock, fixed here so the server's shared config is the one of this call's year.
    const at = settings.at ?? new Date();
    const config = deps.config;
    const ctx = createRunContext(
      { ...settings, at },
      {
        ...(config ? { config: () => config(settings, at) } : {}),
        warn,
        progress: progress.step,
        // A period read from Prometheus reports its queries; the snapshot comes from the cache.
        readProgress: { expect() {}, read() {}, wait() {}, queries: progress.queries },
        signal: extra.signal,
        snapshot: () => progress.around(() => deps.cache.get(extra.signal)),
      },
    );
    const result = await spec.run(args, ctx);
    await progress.finish();
    const texts = jsonTexts(result);
    // Over HTTP a JSON answer is written from these texts, not serialised again (json-answers.ts).
    prepareAnswer(server.server.transport, extra.requestId, result as Record<string, unknown>, texts);
    return jsonResult(result, texts);
  } catch (err) {
    if (!(err instanceof KcarbonError) && !extra.signal.aborted) {
      deps.log.error(`${spec.tool}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
    return errorResult(err, spec);
  }
}
