import { defineConfig } from 'vitest/config';

// Three projects: `unit` (pure, no I/O), `integration` (real PostgreSQL and Redis, one
// fresh database and key prefix per run), `browser` (the built web app in Debian's
// Chromium against a real API). `npm test` runs all three.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/rules/src/**/*.test.ts', '**/src/**/*.unit.test.ts'],
          exclude: ['**/node_modules/**'],
          // The web's tests need `svelte-kit sync` (its tsconfig, $lib): done first.
          globalSetup: ['tests/support/global-unit.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: [
            'packages/core/src/**/*.test.ts',
            'apps/api/src/**/*.test.ts',
            'tests/integration/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', '**/*.unit.test.ts'],
          globalSetup: ['tests/support/global-db.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/support/global-browser.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
