// Build step after tsc (npm run build, and so `prepare` on npm ci): bundles the CLI into one CommonJS file,
// dist/bundle/kcarbon.cjs (+ source map), which bin/kcarbon.js loads with a V8 code cache. One file instead
// of ~400 modules, and no parse/compile of what a run does not execute, is what keeps start-up near a bare
// `node`. Heavy dependencies that only some runs need stay behind dynamic imports, so they are only evaluated
// when used; the biggest self-contained ones (VENDOR) are not even in that file: each group is its own file
// beside it with its own code cache, read only by a run that requires one of them. Then warm-up runs write the
// code caches.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = `${root}dist/bundle/`;
const outfile = `${dir}kcarbon.cjs`;
// Third-party packages a `summary` never runs, none of which shares a module with kcarbon's code (the MCP SDK
// itself does: zod; it stays in the bundle), by group: URL sources (undici), YAML output and config files
// (yaml), the MCP server's HTTP, JSON Schema and encoding libraries. 2.3 of the bundle's 4.5 MB: reading and
// deserialising them took about 5 ms of every run.
const VENDOR = {
  undici: ['undici'],
  yaml: ['yaml'],
  mcp: ['ajv', 'ajv-formats', 'raw-body', 'content-type', '@hono/node-server'],
  // A mailed report (report --mail-to) only.
  mail: ['nodemailer'],
};
// What the launcher reads to find a vendored module: { specifier: file }.
const vendorMap = `${dir}vendor.json`;
mkdirSync(dir, { recursive: true });
for (const name of readdirSync(dir)) {
  if (/^kcarbon\.cjs\.cache$|^vendor/.test(name)) rmSync(`${dir}${name}`, { force: true });
}
// The built-in config as this build validated it (src/config/load.ts): written by the warm-up run below,
// used only by a bundle with the same build id.
const builtinConfig = `${dir}builtin-config.json`;
rmSync(builtinConfig, { force: true });
const buildId = `${Date.now().toString(36)}.${randomBytes(6).toString('hex')}`;

// esbuild escapes every non-ASCII character of code, strings and regular expressions (charset: ascii) but keeps
// comments as written, and a few comments of dependencies hold one (an em dash, a curly quote): the whole file
// would then load as a two-byte string through the slow UTF-8 path. Each such character in a comment becomes
// '?' (one per UTF-16 unit, so source map columns stay right), and the launcher reads the file as latin1.
function asciiOnly(file) {
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace(/[^\x00-\x7f]/gu, (ch) => '?'.repeat(ch.length)),
  );
}

/**
 * A plugin that rewrites one file of a dependency as it is bundled: `patch` gets the file's text, which must hold
 * `line` exactly (the build fails when the dependency changes, rather than silently keeping the cost).
 */
function patchFile(name, filter, line, patch) {
  return {
    name,
    setup(b) {
      b.onLoad({ filter }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes(line)) throw new Error(`bundle: ${args.path} no longer has: ${line}`);
        return { contents: patch(text, line), loader: 'js' };
      });
    },
  };
}

const patches = [
  // commander requires node:child_process at load, for executable subcommands kcarbon has none of (about 0.5 ms
  // of every run: child_process, dgram and their internals). In the bundle its one use, spawn(), requires it
  // when called.
  patchFile(
    'commander-lazy-child-process',
    /[\\/]commander[\\/]lib[\\/]command\.js$/,
    "const childProcess = require('node:child_process');",
    (text, line) =>
      text.replace(
        line,
        "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };",
      ),
  ),
  // zod's namespace re-exports its 60-odd message locales (404 KB of the bundle, each module initialised at
  // start). kcarbon words its own errors (i18n/errors.ts) and never picks a zod locale: only English, the
  // default zod registers itself, stays.
  patchFile(
    'zod-english-only',
    /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/,
    'export { default as en } from "./en.js";',
    (_, line) => `${line}\n`,
  ),
  // lilconfig (config discovery, every run) reads fs.promises at load, which loads node:fs/promises with its
  // stream, readline and performance internals (about 0.8 ms); kcarbon uses lilconfigSync only. The async reader
  // takes fs.promises when it runs.
  patchFile(
    'lilconfig-lazy-fs-promises',
    /[\\/]lilconfig[\\/]src[\\/]index\.js$/,
    'const fsReadFileAsync = fs.promises.readFile;',
    (text, line) => text.replace(line, 'const fsReadFileAsync = (...a) => fs.promises.readFile(...a);'),
  ),
];

const main = await build({
  entryPoints: [`${root}src/cli/main.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minifyWhitespace: true,
  minifySyntax: true,
  external: Object.values(VENDOR).flat(),
  // import() of a vendored package becomes a require() (the launcher's, which knows the vendor files); a real
  // import() in a vm.Script has no loader to call.
  supported: { 'dynamic-import': false },
  metafile: true,
  // Modules resolve files relative to themselves (../../config/); the bundle sits at the same depth.
  define: {
    'import.meta.url': '__kcarbon_module_url',
    __KCARBON_BUILD_ID__: JSON.stringify(buildId),
    __KCARBON_VERSION__: JSON.stringify(JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version),
  },
  plugins: patches,
  banner: { js: "const __kcarbon_module_url = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
asciiOnly(outfile);

// Every vendored specifier the bundle requires ('undici', 'ajv/dist/compile/codegen'...), by group.
const builtins = new Set(builtinModules);
const required = new Set(
  Object.values(main.metafile.inputs).flatMap((input) =>
    input.imports
      .filter((i) => i.external && !/^(node:|<)/.test(i.path) && !builtins.has(i.path))
      .map((i) => i.path),
  ),
);
const groupOf = (spec) =>
  Object.keys(VENDOR).find((g) => VENDOR[g].some((p) => spec === p || spec.startsWith(`${p}/`)));
const map = {};
for (const [group] of Object.entries(VENDOR)) {
  const specs = [...required].filter((s) => groupOf(s) === group).sort();
  if (specs.length === 0) continue;
  const file = `vendor-${group}.cjs`;
  // Each specifier's module is evaluated when first required, as it would be from node_modules.
  const contents = `module.exports = {\n${specs.map((s) => `  ${JSON.stringify(s)}: () => require(${JSON.stringify(s)}),`).join('\n')}\n};\n`;
  await build({
    stdin: { contents, resolveDir: root, sourcefile: `vendor-${group}.js` },
    outfile: `${dir}${file}`,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
  });
  asciiOnly(`${dir}${file}`);
  for (const s of specs) map[s] = file;
}
const unvendored = [...required].filter((s) => !groupOf(s));
if (unvendored.length) throw new Error(`bundle: external but not vendored: ${unvendored.join(', ')}`);
writeFileSync(vendorMap, `${JSON.stringify(map, null, 2)}\n`);

// Warm-up runs. First validate the built-in config once and keep it. Then write the code caches: each run in
// KCARBON_CODE_CACHE=write mode compiles afresh and writes the cache of every file it loaded, so the vendor
// files get theirs from a run that uses them (a URL source, YAML output, the MCP server over stdio until its
// input ends), and the bundle's is written last, by the start-up and summary paths (as a user's run goes:
// the table and the JSON; the demo's cache serves a 1-node dump as well as one written by that dump's own run).
const warmupDir = mkdtempSync(path.join(tmpdir(), 'kcarbon-build-'));
const warmupReport = path.join(warmupDir, 'summary.json');
const warmups = [
  [{ KCARBON_CONFIG_CACHE: 'write' }, ['summary', '--demo', '--json']],
  [
    { KCARBON_CODE_CACHE: 'write' },
    ['summary', '--source', 'http://127.0.0.1:28282/metrics', '--retries', '0'],
  ],
  [{ KCARBON_CODE_CACHE: 'write' }, ['summary', '--demo', '-o', 'yaml']],
  [{ KCARBON_CODE_CACHE: 'write' }, ['serve', '--mcp', '--demo']],
  // Both of summary's usual outputs in one run: the table on stdout and JSON in a report file.
  [{ KCARBON_CODE_CACHE: 'write' }, ['summary', '--demo', '--report', `json=${warmupReport}`]],
];
try {
  for (const [env, args] of warmups) {
    const r = spawnSync(process.execPath, [`${root}bin/kcarbon.js`, ...args], {
      input: '',
      stdio: ['pipe', 'ignore', 'pipe'],
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    // The URL run fails by design (exit 3: nothing listens there); a usage error or a crash means a broken build.
    if (![0, 1, 3].includes(r.status)) {
      throw new Error(`bundle warm-up ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
    }
  }
} finally {
  rmSync(warmupDir, { recursive: true, force: true });
}
