// Build step (npm run build, after tsc): compiles the WebAssembly modules written in AssemblyScript
// (src/**/wasm/*.ts, which tsc leaves out) to dist/wasm/<name>.wasm, where src/parser/lines-wasm.ts loads them.
// SIMD is on: Node 20's V8 has it. No runtime (the modules allocate nothing), no assertions.
import { mkdirSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}dist/wasm/`;
mkdirSync(out, { recursive: true });
// A file whose name starts with `_` is code the modules import, not a module of its own.
for (const name of readdirSync(`${root}src/parser/wasm`).filter(
  (f) => f.endsWith('.ts') && !f.startsWith('_'),
)) {
  const { error, stderr } = await asc.main([
    `src/parser/wasm/${name}`,
    '--outFile',
    `dist/wasm/${name.replace(/\.ts$/, '.wasm')}`,
    '-O3',
    '--enable',
    'simd',
    '--runtime',
    'stub',
    '--noAssert',
    '--baseDir',
    root,
  ]);
  if (error) {
    process.stderr.write(stderr.toString());
    throw new Error(`wasm: ${name}: ${error.message}`);
  }
}
