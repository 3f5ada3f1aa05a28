import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // PGlite boots a WASM Postgres per suite; give it room on 2-core CI machines.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
