// AssemblyScript shared by the parser's WebAssembly modules (lines.ts, pods.ts), compiled into each of them:
// scripts/wasm.mjs builds no module of its own from a file whose name starts with `_`.

/** Whether the n bytes at a and at b are the same: eight at a time, then one by one. */
export function same(a: usize, b: usize, n: i32): bool {
  let k: i32 = 0;
  while (k + 8 <= n) {
    if (load<u64>(a + <usize>k) !== load<u64>(b + <usize>k)) return false;
    k += 8;
  }
  while (k < n) {
    if (load<u8>(a + <usize>k) !== load<u8>(b + <usize>k)) return false;
    k++;
  }
  return true;
}
