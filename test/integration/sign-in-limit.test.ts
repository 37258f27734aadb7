import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, ConsoleProcess } from '../harness/ConsoleProcess.js';

// Password guessing: a console of its own, since the test uses up its address's allowance.
let lookout: ConsoleProcess;

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
});

afterAll(async () => {
  await lookout?.stop();
});

const attempt = (password: string, username = 'admin') =>
  fetch(`${lookout.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });

it('limits sign-in attempts from one address, with a clear error, and the console stays up', async () => {
  const statuses: number[] = [];
  // A different name each time: the per-account limit (staff-accounts.test.ts) must not be what stops them.
  for (let i = 0; i < 20; i++) statuses.push((await attempt(`guess-${i}`, `user-${i}`)).status);
  expect(statuses.every((s) => s === 401)).toBe(true);
  const limited = await attempt(ADMIN_PASSWORD); // even the right password waits out the window
  expect(limited.status).toBe(429);
  expect(await limited.json()).toEqual({
    error: { code: 'rate-limited', message: expect.stringMatching(/^too many attempts: try again in \d+ s$/) },
  });
  expect(limited.headers.get('set-cookie')).toBeNull();
  expect((await fetch(`${lookout.url}/api/health`)).status).toBe(200);
});
