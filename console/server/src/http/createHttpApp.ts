import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { describeIssues, type ApiErrorBody, type StaffUser } from '@lookout/shared';
import type { z } from 'zod';
import { SESSION_COOKIE, type AuthenticatedSession, type SessionRestriction } from '../auth/SessionService.js';
import type { ConsoleServices } from '../ConsoleServices.js';
import type { Logger } from '../config/Logger.js';
import type { ApiRoute } from './ApiRoute.js';
import { HttpError } from './HttpError.js';
import { openApiDocument } from './openApiDocument.js';
import { checkFetchSite, checkRequestSource, singleHeader, STATE_CHANGING_METHODS } from './originCheck.js';

/** Largest JSON body the staff API accepts. */
export const MAX_BODY_BYTES = 256 * 1024;

function parseInput<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  throw new HttpError(
    400,
    'invalid-request',
    `invalid ${where}: ${describeIssues(parsed.error)}`,
    parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}

function errorBody(code: string, message: string, issues?: { path: string; message: string }[]): ApiErrorBody {
  return { error: { code, message, ...(issues ? { issues } : {}) } };
}

/**
 * A too-large body with a declared length up to this is read and discarded after the 413, keeping the
 * connection: closing it while the client still sends resets the connection, and the client never sees why.
 */
const MAX_DISCARDED_BODY_BYTES = 64 * 1024 * 1024;

const isJson = (contentType: string | undefined) =>
  (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';

/** Maps Fastify's own request errors (bad JSON, body too large, wrong content type) to our error codes. */
function fastifyErrorCode(err: FastifyError): string {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'too-large';
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'unsupported-media-type';
  return 'invalid-request';
}

function restrictedError(restriction: SessionRestriction): HttpError {
  return restriction === 'password-change-required'
    ? new HttpError(403, restriction, 'choose a new password first (PUT /api/session/password)')
    : new HttpError(403, restriction, 'set up a second factor first (POST /api/session/second-factor)');
}

export function createHttpApp(
  services: ConsoleServices,
  routes: readonly ApiRoute[],
  options: { version: string; webDir: string; log: Logger; https?: { key: string; cert: string } },
): FastifyInstance {
  // With `https` Fastify's instance is typed over https.Server; routes and hooks are the same either way.
  const app = Fastify({
    bodyLimit: MAX_BODY_BYTES,
    logger: false,
    trustProxy: false,
    ...(options.https ? { https: options.https } : {}),
  }) as unknown as FastifyInstance;
  // Security headers on every response, errors and the web UI included. The UI is one script and one
  // stylesheet from this origin (no inline script or style); thumbnails are blob: URLs and the design system's
  // small icons data: URLs that the build inlines (images only: no script can come that way); nobody may frame it.
  app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'blob:', 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    // Whether the console is reached over TLS is the listener's business, not a header's promise.
    strictTransportSecurity: false,
  });
  // Cross-site request forgery: a page on another site (another port, a sibling subdomain) may not change
  // anything, and a state-changing request takes JSON only, which no HTML form can send; nor may it read the
  // API (reads can be audited). Checked before the body is read, after helmet's onRequest hook has set the
  // headers the refusal carries too. The web UI's own pages may be opened from anywhere.
  app.addHook('preParsing', async (request) => {
    if (!STATE_CHANGING_METHODS.has(request.method)) {
      const site = checkFetchSite(singleHeader(request.headers['sec-fetch-site']));
      // The matched route, not the raw URL: the router decodes `/%61pi/…` to an /api/ route.
      const path = request.routeOptions.url ?? request.url;
      if (!site.ok && path.startsWith('/api/')) throw new HttpError(403, 'cross-site', site.reason);
      return;
    }
    const source = checkRequestSource({
      host: request.headers.host,
      origin: request.headers.origin,
      secFetchSite: singleHeader(request.headers['sec-fetch-site']),
    });
    if (!source.ok) throw new HttpError(403, 'cross-site', source.reason);
    if (!isJson(request.headers['content-type'])) {
      throw new HttpError(
        415,
        'unsupported-media-type',
        `${request.method} takes a JSON body (content-type: application/json); send {} when there is nothing to say`,
      );
    }
  });
  app.register(fastifyCookie);
  if (options.https) {
    // Browsers that have seen the console over HTTPS never try it in clear again (a year).
    app.addHook('onSend', async (_request, reply) => {
      reply.header('strict-transport-security', 'max-age=31536000');
    });
  }
  // Password guessing: sign-in attempts are limited per address (routes opt in with `rateLimit`).
  app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, 'rate-limited', `too many attempts: try again in ${Math.ceil(context.ttl / 1000)} s`),
  });

  const sessionOf = (request: FastifyRequest) => services.sessions.authenticate(request.cookies[SESSION_COOKIE]);

  // A refused attempt at safeguarding material is itself worth knowing about.
  const auditRefusal = async (route: ApiRoute, request: FastifyRequest, user: StaffUser | undefined, err: unknown) => {
    if (route.tag === 'safeguarding' && user && err instanceof HttpError && err.status === 403) {
      await services.audit.append({
        actor: user.username,
        action: 'safeguarding.refused',
        target: request.url.split('?')[0] ?? null,
        details: { method: request.method, role: user.role, reason: err.message },
      });
    }
  };

  /** The one access gate: sign-in, a restricted session, the route's roles. The session, or undefined if public. */
  const admit = async (route: ApiRoute, request: FastifyRequest): Promise<AuthenticatedSession | undefined> => {
    if (route.access === 'public') return undefined;
    const session = await sessionOf(request);
    const user = session?.user;
    try {
      if (!user) throw new HttpError(401, 'unauthenticated', 'sign in first (POST /api/session)');
      if (session?.restriction && !route.whileRestricted) throw restrictedError(session.restriction);
      if (route.access !== 'staff' && !route.access.includes(user.role)) {
        throw new HttpError(403, 'forbidden', `this needs one of the roles: ${route.access.join(', ')}`);
      }
    } catch (err) {
      await auditRefusal(route, request, user, err);
      throw err;
    }
    return session;
  };

  /** Who passed the gate (checked on the headers), for the handler; and the request holding a one-at-a-time route. */
  const admitted = new WeakMap<FastifyRequest, { session: AuthenticatedSession | undefined; handling: boolean }>();
  const running = new Map<ApiRoute, FastifyRequest>();
  const release = (route: ApiRoute, request: FastifyRequest) => {
    if (running.get(route) === request) running.delete(route);
  };

  // Routes load after the rate limiter, in their own scope, so its hook sees every route's limit.
  app.register(async (scope) => {
    for (const route of routes) {
      scope.route({
        ...(route.rateLimit
          ? { config: { rateLimit: { max: route.rateLimit.max, timeWindow: route.rateLimit.windowMs } } }
          : {}),
        ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
        method: route.method,
        url: route.path,
        // Sign-in and role are checked as soon as the headers are in (after the cross-site check), before a byte
        // of the body is read: nobody without the route's role can make the console buffer and parse a body.
        preParsing: async (request, reply) => {
          try {
            const session = await admit(route, request);
            if (route.oneAtATime) {
              if (running.has(route)) {
                throw new HttpError(
                  409,
                  'busy',
                  `another ${route.method} ${route.path} is running: try again when it ends`,
                );
              }
              running.set(route, request);
              // Held until the handler ends, or until the exchange ends if the handler never ran (a body that
              // never came, was too large or malformed, a client gone mid-upload).
              reply.raw.once('close', () => {
                if (!admitted.get(request)?.handling) release(route, request);
              });
            }
            admitted.set(request, { session, handling: false });
          } catch (err) {
            // Refused unread: Node reads and drops the rest of a body it was told the length of, so the client
            // finishes sending and reads why; one without a length or past the cap, it closes the connection on.
            const chunked = request.headers['transfer-encoding'] !== undefined;
            const length = Number(request.headers['content-length'] ?? 0);
            if (chunked || !(length <= MAX_DISCARDED_BODY_BYTES)) reply.header('connection', 'close');
            throw err;
          }
        },
        handler: async (request, reply) => {
          const admission = admitted.get(request) ?? { session: await admit(route, request), handling: false };
          admission.handling = true;
          const session = admission.session;
          const user = session?.user;
          try {
            const body = route.body ? parseInput(route.body, request.body, 'request body') : undefined;
            const query = route.query ? parseInput(route.query, request.query, 'query') : undefined;
            if (route.successStatus) reply.code(route.successStatus);
            const result = await route.handle({
              user,
              session,
              body,
              query,
              params: request.params as Record<string, string>,
              request,
              reply,
            });
            return result === undefined ? reply.send() : result;
          } catch (err) {
            await auditRefusal(route, request, user, err);
            throw err;
          } finally {
            admission.handling = false;
            release(route, request);
          }
        },
      });
    }
  });

  // What the API is and which version runs help an attacker choose an exploit: signed-in staff only.
  const document = openApiDocument(routes, options.version);
  app.get('/api/openapi.json', async (request) => {
    const session = await sessionOf(request);
    if (!session) throw new HttpError(401, 'unauthenticated', 'sign in first (POST /api/session)');
    if (session.restriction) throw restrictedError(session.restriction);
    return document;
  });

  app.setErrorHandler((err: FastifyError | HttpError, request, reply) => {
    if (err instanceof HttpError) {
      return reply.code(err.status).send(errorBody(err.code, err.message, err.issues));
    }
    if (err.statusCode && err.statusCode < 500) {
      if (
        err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' &&
        Number(request.headers['content-length']) <= MAX_DISCARDED_BODY_BYTES
      ) {
        // Node reads the rest of the body and drops it; the client finishes sending and reads this answer.
        reply.removeHeader('connection');
      }
      return reply.code(err.statusCode).send(errorBody(fastifyErrorCode(err), err.message));
    }
    options.log.error(`staff API: ${err.stack ?? err.message}`);
    return reply.code(500).send(errorBody('internal', 'the server failed; the error is in its log'));
  });

  const hasWebUi = existsSync(join(options.webDir, 'index.html'));
  if (hasWebUi) app.register(fastifyStatic, { root: options.webDir, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    // The API and the extension's files answer for themselves: an unknown one is a 404, not the app's page.
    const own = request.url.startsWith('/api/') || request.url.startsWith('/extension/');
    if (request.method === 'GET' && !own && hasWebUi) {
      // Client-side routes (/devices/…) are the single-page app's.
      return reply.sendFile('index.html');
    }
    if (!hasWebUi && request.url === '/') {
      return reply.type('text/plain').send('The Lookout web UI is not built: run `npm run build`.\n');
    }
    return reply.code(404).send(errorBody('not-found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });

  return app;
}
