#!/usr/bin/env node
// Thin launcher. `--version` answers from package.json alone; everything else runs the bundled CLI
// (dist/bundle/kcarbon.cjs, built by `npm run build`) through a V8 code cache, or the unbundled build when
// the bundle is missing or KCARBON_BUNDLE=0 (tests that trace module loading use that). --debug loads the
// bundle with source maps so stack traces name src/ files. CommonJS (bin/package.json), so starting it needs
// no ES module loader: that alone is about a tenth of a short run.
'use strict';
const { readFileSync, statSync } = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { Script } = require('node:vm');

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '../package.json'), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else {
  const file = path.join(__dirname, '../dist/bundle/kcarbon.cjs');
  let cli;
  try {
    if (process.env.KCARBON_BUNDLE === '0' || staleBundle(file)) {
      throw Object.assign(new Error('unbundled'), { code: 'ENOENT' });
    }
    cli = args.includes('--debug') ? loadWithSourceMaps(file) : loadCached(file);
  } catch (err) {
    if (err?.code !== 'ENOENT') throw err;
  }
  if (cli) cli.main(process.argv);
  else import('../dist/cli/main.js').then((unbundled) => unbundled.main(process.argv));
}

/** A bundle older than the tsc output (a `tsc` run without the bundle step) is not used. */
function staleBundle(file) {
  const main = statSync(path.join(__dirname, '../dist/cli/main.js'), { throwIfNoEntry: false });
  const bundle = statSync(file, { throwIfNoEntry: false });
  return main !== undefined && bundle !== undefined && main.mtimeMs > bundle.mtimeMs;
}

function loadWithSourceMaps(file) {
  process.setSourceMapsEnabled(true);
  return require(file);
}

/** Runs the bundle as a CommonJS module compiled with its code cache (when the build wrote one). */
function loadCached(file) {
  const nodeRequire = Module.createRequire(file);
  const dir = path.dirname(file);
  let vendorFiles;
  const vendored = new Map();
  // The bundle requires Node's built-ins and the vendored packages (scripts/bundle.mjs): those come from the
  // vendor file of their group, read and evaluated on first use; anything else as Node resolves it.
  const bundleRequire = (id) => {
    if (Module.isBuiltin(id)) return nodeRequire(id);
    vendorFiles ??= JSON.parse(readFileSync(path.join(dir, 'vendor.json'), 'utf8'));
    const name = Object.hasOwn(vendorFiles, id) ? vendorFiles[id] : undefined;
    if (name === undefined) return nodeRequire(id);
    let group = vendored.get(name);
    if (!group) {
      group = runCached(path.join(dir, name), nodeRequire);
      vendored.set(name, group);
    }
    return group[id]();
  };
  return runCached(file, bundleRequire);
}

/** Compiles a CommonJS file with its code cache (when the build wrote one) and runs it; returns its exports. */
function runCached(file, requireFn) {
  // The build makes every bundle file pure ASCII (scripts/bundle.mjs): read as latin1 it is a one-byte string,
  // without UTF-8 decoding.
  const source = readFileSync(file, 'latin1');
  const cacheFile = `${file}.cache`;
  const write = process.env.KCARBON_CODE_CACHE === 'write';
  let cachedData;
  try {
    if (!write) cachedData = readFileSync(cacheFile);
  } catch {}
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, requireFn, module, file, path.dirname(file));
  // Written only by the build (scripts/bundle.mjs): a run never writes into the installed package. A cache
  // from another Node version is rejected by V8 and the file simply compiles as usual.
  if (write) {
    process.once('beforeExit', () => {
      const { renameSync, writeFileSync } = require('node:fs');
      const tmp = `${cacheFile}.${process.pid}`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    });
  }
  return module.exports;
}
