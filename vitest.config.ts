import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Processes the tests start (bin/tongbu.js) run src/ through tsx, not a build of it.
    env: { TZ: 'UTC', TONGBU_FROM_SOURCE: '1' },
  },
});
