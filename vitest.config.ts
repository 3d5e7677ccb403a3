import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Guards against a hang only (no test asserts on time): generous, so a loaded 2-core machine passes.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
