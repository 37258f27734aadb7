import { configDefaults } from 'vitest/config';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Integration files that may run beside the X desktop's lane (`npm run test:integration:side-by-side` runs both at once):
 * each uses only what it makes for itself — a console on port 0 with a temp data dir, headless agents (no display,
 * any free bridge and concern port) with temp data dirs, headless Chromium with a temp profile, servers on port 0.
 * None opens a window on the shared X desktop, needs root, installs a package, adds an account, mounts a volume,
 * writes under /etc, /run or /var, runs the agent's service (it reads the PC's logins) or uses a fixed port.
 * A file not listed runs in the desktop lane, one file at a time, as every integration file did before.
 */
export const besideDesktop = [
  'test/e2e/alerts.test.ts',
  'test/e2e/browser-hardening.test.ts',
  'test/e2e/console-journeys.test.ts',
  'test/e2e/filter-before-request.test.ts',
  'test/e2e/keyword-libraries-ui.test.ts',
  'test/e2e/leadership-dashboard.test.ts',
  'test/e2e/policies-ui.test.ts',
  'test/e2e/reports-ui.test.ts',
  'test/e2e/staff-sign-in.test.ts',
  'test/e2e/web-filter.test.ts',
  'test/integration/alerts-and-libraries.test.ts',
  'test/integration/bad-input.test.ts',
  'test/integration/busy-intake.test.ts',
  'test/integration/capabilities.test.ts',
  'test/integration/classroom-authorization.test.ts',
  'test/integration/classroom-tile-identity.test.ts',
  'test/integration/crash-safety.test.ts',
  'test/integration/event-writer-thread.test.ts',
  'test/integration/evidence-integrity.test.ts',
  'test/integration/evidence-previews.test.ts',
  'test/integration/keywords-cli.test.ts',
  'test/integration/large-body-gate.test.ts',
  'test/integration/live-subscriptions.test.ts',
  'test/integration/monitoring-hours.test.ts',
  'test/integration/network-edge.test.ts',
  'test/integration/oversized-policy.test.ts',
  'test/integration/paced-replay.test.ts',
  'test/integration/policies.test.ts',
  'test/integration/policy-by-reference.test.ts',
  'test/integration/policy-distribution.test.ts',
  'test/integration/receipt-time.test.ts',
  'test/integration/report-concern.test.ts',
  'test/integration/retention.test.ts',
  'test/integration/room-setup-api.test.ts',
  'test/integration/safeguarding-api.test.ts',
  'test/integration/sensitive-gate.test.ts',
  'test/integration/sign-in-limit.test.ts',
  'test/integration/staff-accounts.test.ts',
  'test/integration/tls.test.ts',
];

/**
 * Which integration files this run takes (LOOKOUT_TEST_LANE): `desktop`, all but those beside it, with the X desktop;
 * `beside`, those listed above, without it (a file there that reaches for the desktop fails); unset, all of them.
 */
const lane = process.env.LOOKOUT_TEST_LANE;
if (lane !== undefined && lane !== 'desktop' && lane !== 'beside') {
  throw new Error(`LOOKOUT_TEST_LANE is "desktop" or "beside", not "${lane}"`);
}
const allIntegration = ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'];

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
          // Real processes, a real X desktop and Chromium: one file at a time in each lane, on our 2 cores.
          include: lane === 'beside' ? besideDesktop : allIntegration,
          exclude: [...configDefaults.exclude, ...(lane === 'desktop' ? besideDesktop : [])],
          globalSetup: lane === 'beside' ? [] : ['test/harness/desktopGlobalSetup.ts'],
          fileParallelism: false,
          testTimeout: 90_000,
          // expect.poll waits for what a page or the console will come to show; vitest's default of 1 s is no speed
          // target of ours (speed lives in npm run bench), and each lane now shares the cores: 10 s, as waitFor's.
          expect: { poll: { timeout: 10_000 } },
          // Hang guards, not speed checks: a beforeAll that starts a console and an agent (each bounded at 60 s by the
          // harness) runs beside the other lane.
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
