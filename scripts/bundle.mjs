// Build step after tsc (npm run build, and so `prepare` on npm ci): bundles the CLI into one CommonJS file,
// dist/bundle/kcarbon.cjs (+ source map), which bin/kcarbon.js loads with a V8 code cache. One file instead
// of ~400 modules, and no parse/compile of what a run does not execute, is what keeps start-up near a bare
// `node`. Heavy dependencies that only some runs need (undici, the MCP SDK) stay behind dynamic imports, so
// they are in the file but only evaluated when used. Then one warm-up run writes the code cache.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}dist/bundle/kcarbon.cjs`;
rmSync(`${outfile}.cache`, { force: true });
// The built-in config as this build validated it (src/config/load.ts): written by the warm-up run below,
// used only by a bundle with the same build id.
const builtinConfig = `${root}dist/bundle/builtin-config.json`;
rmSync(builtinConfig, { force: true });
const buildId = `${Date.now().toString(36)}.${randomBytes(6).toString('hex')}`;
await build({
  entryPoints: [`${root}src/cli/main.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // Modules resolve files relative to themselves (../../config/); the bundle sits at the same depth.
  define: { 'import.meta.url': '__kcarbon_module_url', __KCARBON_BUILD_ID__: JSON.stringify(buildId) },
  banner: { js: "const __kcarbon_module_url = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
// esbuild escapes every non-ASCII character of code, strings and regular expressions (charset: ascii) but keeps
// comments as written, and a few comments of dependencies hold one (an em dash, a curly quote): the whole file
// would then load as a two-byte string through the slow UTF-8 path. Each such character in a comment becomes
// '?' (one per UTF-16 unit, so source map columns stay right), and the launcher reads the file as latin1.
const code = readFileSync(outfile, 'utf8').replace(/[^\x00-\x7f]/gu, (ch) => '?'.repeat(ch.length));
writeFileSync(outfile, code);
// Validate the built-in config once and keep it, then compile the start-up and summary paths once (as a
// user's run goes, with that config), so the code cache holds them.
for (const env of [{ KCARBON_CONFIG_CACHE: 'write' }, { KCARBON_CODE_CACHE: 'write' }]) {
  execFileSync(process.execPath, [`${root}bin/kcarbon.js`, 'summary', '--demo', '--json'], {
    stdio: 'ignore',
    env: { ...process.env, ...env },
  });
}
