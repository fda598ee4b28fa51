import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Browser and PostgreSQL suites start real servers: give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The default reporter, then a summary of the suites that did not run and why (no Chromium, no PostgreSQL).
    reporters: ['default', './test/skip-summary.ts'],
    // Every extraction in the suite checks that each stage changes only what it declares (src/extract/contract.ts).
    env: { VIGIL_CHECK_CONTRACTS: '1' },
  },
});
