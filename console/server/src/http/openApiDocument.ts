import { z } from 'zod';
import { ApiErrorBody } from '@lookout/shared';
import type { ApiRoute } from './ApiRoute.js';

const toJsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' });

/** Builds the OpenAPI 3 document from the registered routes' own schemas. */
export function openApiDocument(routes: readonly ApiRoute[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const pathParams = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const queryParams = route.query
      ? Object.entries(
          (toJsonSchema(route.query, 'input') as { properties?: Record<string, unknown> }).properties ?? {},
        ).map(([name, schema]) => ({ name, in: 'query', required: false, schema }))
      : [];
    const status = String(route.successStatus ?? 200);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      summary: route.summary,
      tags: [route.tag],
      security: route.access === 'public' ? [] : [{ sessionCookie: [] }],
      ...(Array.isArray(route.access) ? { 'x-roles': route.access } : {}),
      parameters: [...pathParams, ...queryParams],
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toJsonSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses: {
        [status]: {
          description: 'Success',
          ...(route.response
            ? { content: { 'application/json': { schema: toJsonSchema(route.response, 'output') } } }
            : {}),
        },
        default: {
          description: 'Error',
          content: { 'application/json': { schema: toJsonSchema(ApiErrorBody, 'output') } },
        },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Lookout console API',
      version,
      description:
        "JSON API for technicians' scripts and the web UI. Sign in with POST /api/session; the session cookie " +
        'authenticates every other call. Agents enrol with POST /api/enrol and then speak the websocket ' +
        'protocol at /agent.',
    },
    components: {
      securitySchemes: { sessionCookie: { type: 'apiKey', in: 'cookie', name: 'lookout_session' } },
    },
    paths,
  };
}
