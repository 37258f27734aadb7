import { expect, it } from 'vitest';
import { z } from 'zod';
import { NoContent, apiContract } from '@lookout/shared';
import type { ConsoleServices } from '../ConsoleServices.js';
import type { ApiRoute } from './ApiRoute.js';
import { alertRoutes } from './routes/alertRoutes.js';
import { caseRoutes } from './routes/caseRoutes.js';
import { commandRoutes } from './routes/commandRoutes.js';
import { deviceRoutes } from './routes/deviceRoutes.js';
import { enrolmentRoutes } from './routes/enrolmentRoutes.js';
import { extensionRoutes } from './routes/extensionRoutes.js';
import { keywordRoutes } from './routes/keywordRoutes.js';
import { notificationRoutes } from './routes/notificationRoutes.js';
import { overviewRoutes } from './routes/overviewRoutes.js';
import { policyRoutes } from './routes/policyRoutes.js';
import { roomRoutes } from './routes/roomRoutes.js';
import { sessionRoutes } from './routes/sessionRoutes.js';
import { systemRoutes } from './routes/systemRoutes.js';
import { userRoutes } from './routes/userRoutes.js';
import { reportRoutes } from './routes/reportRoutes.js';
import { dashboardRoutes } from './routes/dashboardRoutes.js';

// The web client's types come from shared/'s apiContract; the server registers its own route table. This holds
// them together: every route in the contract exists on the server with the same request and response schemas
// (compared as the JSON Schema /api/openapi.json publishes), so a change on one side fails here until the other
// follows. Route factories only describe routes; no handler runs, so no services are needed.
const none = {} as ConsoleServices;
const routes: ApiRoute[] = [
  ...systemRoutes(none, 'test'),
  ...sessionRoutes(none),
  ...userRoutes(none),
  ...overviewRoutes(none),
  ...deviceRoutes(none),
  ...enrolmentRoutes(none, { serverUrl: '', caPin: null }),
  ...extensionRoutes(undefined, { serverUrl: '', caPin: null }),
  ...roomRoutes(none),
  ...commandRoutes(none),
  ...alertRoutes(none),
  ...caseRoutes(none),
  ...policyRoutes(none),
  ...keywordRoutes(none),
  ...notificationRoutes(none),
  ...reportRoutes(none),
  ...dashboardRoutes(none),
];

const schema = (s: z.ZodType | undefined, io: 'input' | 'output') =>
  s === undefined ? undefined : z.toJSONSchema(s, { io, unrepresentable: 'any' });

// The routes that answer with something other than JSON (files, images, pages, Prometheus text) or serve the
// agent rather than staff: the web client links to them or never calls them, so they have no typed contract.
const NOT_JSON = new Set([
  'GET /api/metrics',
  'GET /api/evidence/:id',
  'GET /api/evidence/:id/preview',
  'GET /api/cases/:id/record',
  'GET /api/subject-access',
  'GET /api/agent/url-categories/:category',
  'GET /api/keyword-libraries/:id/export',
  'GET /api/reports/weekly',
  'GET /api/reports/review-pack',
  'GET /check/:category',
  'GET /extension/updates.xml',
  'GET /extension/lookout.crx',
  'GET /api/dashboard/csv',
]);

it.each(Object.entries(apiContract))('%s is registered with the contract’s schemas', (key, contract) => {
  const route = routes.find((r) => `${r.method} ${r.path}` === key);
  expect(route, `the server has no route ${key}`).toBeDefined();
  const c = contract as { body?: z.ZodType; query?: z.ZodType; response: z.ZodType };
  expect(schema(route!.body, 'input'), 'body').toEqual(schema(c.body, 'input'));
  expect(schema(route!.query, 'input'), 'query').toEqual(schema(c.query, 'input'));
  // A route without a response schema answers with no body; the contract says so with NoContent.
  if (route!.response === undefined) expect(c.response, 'response').toBe(NoContent);
  else expect(schema(route!.response, 'output'), 'response').toEqual(schema(c.response, 'output'));
});

it('has every JSON route the server registers, so no client type is written by hand', () => {
  const missing = routes.map((r) => `${r.method} ${r.path}`).filter((k) => !(k in apiContract) && !NOT_JSON.has(k));
  expect(missing).toEqual([]);
  // The exceptions are real routes, not stale names.
  for (const key of NOT_JSON) expect(routes.map((r) => `${r.method} ${r.path}`)).toContain(key);
});

it('would notice a route whose response differs from the contract', () => {
  const alerts = routes.find((r) => r.method === 'GET' && r.path === '/api/alerts')!;
  expect(schema(alerts.response, 'output')).not.toEqual(schema(apiContract['GET /api/cases'].response, 'output'));
});
