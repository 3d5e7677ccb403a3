/**
 * `node --import ./test/support/mcp-trace-imports.mjs ...`: appends the URL of every ES module the
 * process resolves to the file named by KCARBON_TRACE_IMPORTS (one per line). Used to prove that
 * ordinary commands never load the MCP SDK.
 */
import { register } from 'node:module';

const file = process.env.KCARBON_TRACE_IMPORTS;
if (file) {
  const hooks = `
    import { appendFileSync } from 'node:fs';
    let out;
    export function initialize(data) { out = data.file; }
    export async function resolve(specifier, context, next) {
      const result = await next(specifier, context);
      appendFileSync(out, result.url + '\\n');
      return result;
    }
  `;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { file } });
}
