import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { StaffRole, StaffUser } from '@lookout/shared';
import type { AuthenticatedSession } from '../auth/SessionService.js';

/** Who may call a route: anyone (sign-in, agent enrolment), any signed-in staff member, or listed roles. */
export type RouteAccess = 'public' | 'staff' | readonly StaffRole[];

export interface RouteContext<B, Q> {
  user: StaffUser | undefined;
  /** The caller's session (undefined on public routes). */
  session: AuthenticatedSession | undefined;
  body: B;
  query: Q;
  params: Record<string, string>;
  request: FastifyRequest;
  reply: FastifyReply;
}

/**
 * One staff-API route: its access rule, its request and response schemas and its handler. The same
 * description registers the route, validates requests and writes /api/openapi.json, so they cannot drift.
 */
export interface ApiRoute<B = unknown, Q = unknown> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  summary: string;
  tag: string;
  access: RouteAccess;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  response?: z.ZodType;
  successStatus?: number;
  /** At most `max` requests per address in `windowMs` (for sign-in: password guessing). */
  rateLimit?: { max: number; windowMs: number };
  /** Callable while the account must first change its password or enrol a second factor. */
  whileRestricted?: boolean;
  /** Bytes a request body may have, where a route needs more than the default 256 KiB (a UT1 list's import). */
  bodyLimit?: number;
  /**
   * At most one request of this route at a time (a large import): another gets 409 as soon as its headers are
   * in, before its body is read.
   */
  oneAtATime?: boolean;
  handle(ctx: RouteContext<B, Q>): Promise<unknown>;
}

// Infers B and Q from the schemas given, so each handler sees typed input.
export function defineRoute<B = undefined, Q = undefined>(route: ApiRoute<B, Q>): ApiRoute<unknown, unknown> {
  return route as ApiRoute<unknown, unknown>;
}
