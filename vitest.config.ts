import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Storage and API tests are written once and run on both engines: the `sqlite` and `postgres`
 * projects run the same files with a different HABEAS_TEST_ENGINE. Pure helpers run once.
 */
const storageSuites = [
  'src/db/**/*.test.ts',
  'src/modules/**/*.test.ts',
  'src/server/**/*.test.ts',
  'src/cli/**/*.test.ts',
  'test/**/*.test.ts',
  // the bench's import baseline writes to a database of each engine
  'bench/raw-insert.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/lib/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'bench/raw-insert.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: storageSuites,
          exclude: ['test/browser/**'],
          env: { HABEAS_TEST_ENGINE: 'sqlite' },
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: storageSuites,
          exclude: ['test/browser/**'],
          env: { HABEAS_TEST_ENGINE: 'postgres' },
        },
      },
      {
        extends: true,
        test: {
          // the built UI in Chromium; `npx vitest run --project browser`
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 90_000,
          // A page waits on the API; on a loaded machine that takes longer than poll's 1 s default.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
