import { SessionRequest, StaffUser } from '@lookout/shared';
import { SESSION_COOKIE, SESSION_HOURS } from '../../auth/SessionService.js';
import type { ConsoleServices } from '../../ConsoleServices.js';
import { HttpError } from '../HttpError.js';
import { defineRoute } from '../ApiRoute.js';

export const sessionRoutes = (s: ConsoleServices) => [
  defineRoute({
    method: 'POST',
    path: '/api/session',
    summary: 'Sign in; sets the HttpOnly session cookie. At most 20 attempts a minute from one address (then 429)',
    tag: 'session',
    access: 'public',
    rateLimit: { max: 20, windowMs: 60_000 },
    body: SessionRequest,
    response: StaffUser,
    async handle({ body, request, reply }) {
      const session = await s.sessions.signIn(body.username, body.password);
      if (!session) {
        await s.audit.append({
          actor: body.username,
          action: 'session.refused',
          target: null,
          details: { ip: request.ip },
        });
        throw new HttpError(401, 'invalid-credentials', 'user name or password is wrong');
      }
      await s.audit.append({
        actor: session.user.username,
        action: 'session.created',
        target: null,
        details: { ip: request.ip },
      });
      reply.setCookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        path: '/',
        maxAge: SESSION_HOURS * 3600,
      });
      return session.user;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/session',
    summary: 'The signed-in staff member',
    tag: 'session',
    access: 'staff',
    response: StaffUser,
    handle: async ({ user }) => user,
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/session',
    summary: 'Sign out',
    tag: 'session',
    access: 'staff',
    successStatus: 204,
    async handle({ request, reply }) {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await s.sessions.signOut(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.code(204);
      return undefined;
    },
  }),
];
