import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 300_000,
    // e2e files share lab hosts and machine-wide resources (bridges, netns): one file at a time there
    poolOptions: { forks: { singleFork: false } },
    pool: 'forks',
  },
})
