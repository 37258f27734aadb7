import { afterEach, expect, it, vi } from 'vitest';
import { apiContract } from '@lookout/shared';
import { api } from './ApiClient';
import { dashboardApi } from './dashboardApi';

// Every call the web client makes goes to a route of the shared contract (whose schemas the server's routes are
// checked against in console/server/src/http/apiContract.test.ts), so no request or response type is the
// client's own. fetch is replaced by a recorder here (this test stands in for the server): it answers every
// call with an empty 200 and keeps the method and path asked for.
const asked: string[] = [];
afterEach(() => {
  vi.unstubAllGlobals();
  asked.length = 0;
});

/** "GET /api/users/:id/role" as a pattern that matches "GET /api/users/abc/role". */
const patternOf = (key: string) => new RegExp(`^${key.replace(/:[A-Za-z]+/g, '[^/?]+')}(\\?.*)?$`);
const routes = Object.keys(apiContract).map((key) => ({ key, pattern: patternOf(key) }));

it('calls only routes of the shared contract', async () => {
  vi.stubGlobal('fetch', async (path: string, init: RequestInit) => {
    asked.push(`${init.method ?? 'GET'} ${path}`);
    return new Response('null', { status: 200, headers: { 'content-type': 'application/json' } });
  });
  const clients = { ...api, ...dashboardApi } as unknown as Record<string, (...args: unknown[]) => unknown>;
  const called: string[] = [];
  for (const [name, fn] of Object.entries(clients)) {
    const before = asked.length;
    // Ids and text as strings (a body is checked by the server, not here); a library is saved by its own id.
    const result = name === 'saveKeywordLibrary' ? fn({ id: 'lib-1' }, 'why') : fn('id-1', 'text', 'json', 'content');
    if (typeof result === 'string') continue; // csvHref: a link, not a call
    await Promise.resolve(result).catch(() => undefined);
    expect(asked.length, `${name} made one request`).toBe(before + 1);
    called.push(asked.at(-1)!);
  }
  const outside = called.filter((c) => !routes.some((r) => r.pattern.test(c)));
  expect(outside).toEqual([]);
  expect(called.length).toBeGreaterThan(80);
});

it('would notice a call to a route the contract does not have', () => {
  expect(routes.some((r) => r.pattern.test('GET /api/not-in-the-contract'))).toBe(false);
  expect(routes.some((r) => r.pattern.test('POST /api/users/u1/role'))).toBe(false); // the contract has PUT
  expect(routes.some((r) => r.pattern.test('PUT /api/users/u1/role'))).toBe(true);
});
