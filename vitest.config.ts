import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    // lab hosts boot in beforeAll; the first run on a machine also builds the base tree (~40 s)
    hookTimeout: 300_000,
    // each e2e file brings up its own lab (own name, bridge and subnet), so files may run in parallel
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
  },
})
