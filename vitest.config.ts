import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Tests import workspace packages from source (the `@lookout/source` export condition), not from dist.
export default defineConfig({
  resolve: { conditions: ['@lookout/source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['@lookout/source', ...defaultServerConditions] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'shared/src/**/*.test.ts',
            'agent/src/**/*.test.ts',
            'console/*/src/**/*.test.{ts,tsx}',
            // The benchmarks' own arithmetic (not the benchmarks: those run only with npm run bench*).
            'test/bench/**/*.test.js',
          ],
          environment: 'node',
          // A hang guard, not a speed check (speed lives in npm run bench): a few tests build whole automata,
          // which on a busy 2-core machine can take longer than vitest's default 5 s.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          // Real processes, a real X desktop and Chromium: one file at a time on our 2 cores.
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/harness/desktopGlobalSetup.ts'],
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
