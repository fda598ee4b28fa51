import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Browser and PostgreSQL suites start real servers: give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Every extraction in the suite checks that each stage changes only what it declares (src/extract/contract.ts).
    env: { VIGIL_CHECK_CONTRACTS: '1' },
  },
});
