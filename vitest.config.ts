import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    // Says once whether HubSpot's specs are here; fails the run without them under BATON_REQUIRE_CONTRACTS=1.
    globalSetup: ['test/contracts/hubspot-specs-setup.ts'],
    // PGlite boots a WASM Postgres per suite; give it room on 2-core CI machines.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
