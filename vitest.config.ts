import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs nothing but Node; `spark` runs against a real Spark
// Connect server that tests/setup/spark.ts starts once per run (or SPARK_REMOTE).
// Integration test files are named *.spark.test.ts; browser tests *.browser.test.ts
// run in `spark` too, one file at a time, so only one process ever unpacks the
// bundled Chromium (tests/helpers/browser-binary.ts).
export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/**/*.spark.test.ts', 'tests/**/*.browser.test.ts', '**/node_modules/**'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'spark',
          include: ['tests/**/*.spark.test.ts', 'tests/**/*.browser.test.ts'],
          globalSetup: ['tests/setup/spark.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // One server is shared; files run one at a time so that tests that
          // measure or disturb the server (interrupts, cluster) do not collide.
          fileParallelism: false,
        },
      },
    ],
  },
});
