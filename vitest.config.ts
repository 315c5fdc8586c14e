import { defineConfig } from 'vitest/config';

// One root config runs every package's tests against the sources (no build step).
export default defineConfig({
  test: {
    include: [
      '*/test/**/*.test.ts',
      'test/e2e/**/*.test.ts',
      'test/integration/**/*.test.ts',
      'test/browser/**/*.test.ts',
      'test/reliability/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
