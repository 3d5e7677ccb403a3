#!/usr/bin/env node
// Thin launcher. `--version` answers from package.json alone; everything else runs the bundled CLI
// (dist/bundle/kcarbon.cjs, built by `npm run build`) through a V8 code cache, or the unbundled build when
// the bundle is missing or KCARBON_BUNDLE=0 (tests that trace module loading use that). --debug loads the
// bundle with source maps so stack traces name src/ files.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { Script } from 'node:vm';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else {
  const file = new URL('../dist/bundle/kcarbon.cjs', import.meta.url).pathname;
  let cli;
  try {
    if (process.env.KCARBON_BUNDLE === '0' || staleBundle(file)) {
      throw Object.assign(new Error('unbundled'), { code: 'ENOENT' });
    }
    cli = args.includes('--debug') ? loadWithSourceMaps(file) : loadCached(file);
  } catch (err) {
    if (err?.code !== 'ENOENT') throw err;
    cli = await import('../dist/cli/main.js');
  }
  cli.main(process.argv);
}

/** A bundle older than the tsc output (a `tsc` run without the bundle step) is not used. */
function staleBundle(file) {
  const main = statSync(new URL('../dist/cli/main.js', import.meta.url), { throwIfNoEntry: false });
  const bundle = statSync(file, { throwIfNoEntry: false });
  return main !== undefined && bundle !== undefined && main.mtimeMs > bundle.mtimeMs;
}

function loadWithSourceMaps(file) {
  process.setSourceMapsEnabled(true);
  return createRequire(import.meta.url)(file);
}

/** Runs the bundle as a CommonJS module compiled with its code cache (when the build wrote one). */
function loadCached(file) {
  const source = readFileSync(file, 'utf8');
  const cacheFile = `${file}.cache`;
  let cachedData;
  try {
    if (process.env.KCARBON_CODE_CACHE !== 'write') cachedData = readFileSync(cacheFile);
  } catch {}
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  const module = { exports: {} };
  const dir = file.slice(0, file.lastIndexOf('/'));
  script.runInThisContext()(module.exports, createRequire(file), module, file, dir);
  // Written only by the build (scripts/bundle.mjs): a run never writes into the installed package. A cache
  // from another Node version is rejected by V8 and the bundle simply compiles as usual.
  if (process.env.KCARBON_CODE_CACHE === 'write') {
    process.once('beforeExit', () => {
      const tmp = `${cacheFile}.${process.pid}`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    });
  }
  return module.exports;
}
