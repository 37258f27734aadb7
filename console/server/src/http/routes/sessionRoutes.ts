import {
  ChangePasswordRequest,
  SecondFactorCodeRequest,
  SecondFactorEnrolment,
  SessionInfo,
  SessionRequest,
  type StaffUser,
} from '@lookout/shared';
import { SESSION_COOKIE, type AuthenticatedSession } from '../../auth/SessionService.js';
import type { ConsoleServices } from '../../ConsoleServices.js';
import { defineRoute } from '../ApiRoute.js';

export const sessionRoutes = (s: ConsoleServices) => [
  defineRoute({
    method: 'POST',
    path: '/api/session',
    summary:
      'Sign in; sets the HttpOnly session cookie. With a second factor set up, send `code` too (401 ' +
      'second-factor-required says so). At most 20 attempts a minute from one address (then 429 rate-limited), ' +
      'and 10 failures in 15 minutes lock the account whatever the address (429 account-locked)',
    tag: 'session',
    access: 'public',
    rateLimit: { max: 20, windowMs: 60_000 },
    body: SessionRequest,
    response: SessionInfo,
    async handle({ body, request, reply }) {
      const { token, session } = await s.sessions.signIn(body, request.ip);
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        path: '/',
        maxAge: Math.floor(s.sessions.limits.lifetimeMs / 1000),
      });
      return session.info;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/session',
    summary: 'The signed-in staff member, and whether they must change their password or set up a second factor',
    tag: 'session',
    access: 'staff',
    whileRestricted: true,
    response: SessionInfo,
    handle: async ({ session }) => (session as AuthenticatedSession).info,
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/session',
    summary: 'Sign out: the session ends and its live sockets close',
    tag: 'session',
    access: 'staff',
    whileRestricted: true,
    successStatus: 204,
    async handle({ session, reply }) {
      await s.sessions.signOut(session as AuthenticatedSession);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.code(204);
      return undefined;
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/session/password',
    summary:
      'Change your own password (at least 12 characters, not a common or guessable one); your other sessions end',
    tag: 'session',
    access: 'staff',
    whileRestricted: true,
    rateLimit: { max: 20, windowMs: 60_000 },
    body: ChangePasswordRequest,
    response: SessionInfo,
    async handle({ session, body }) {
      const current = session as AuthenticatedSession;
      await s.accounts.changeOwnPassword(current, body.currentPassword, body.newPassword);
      return (await s.sessions.authenticateById(current.sessionId))?.info;
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/session/second-factor',
    summary: 'Start setting up a TOTP second factor: a secret and otpauth:// URI for an authenticator app',
    tag: 'session',
    access: 'staff',
    whileRestricted: true,
    response: SecondFactorEnrolment,
    handle: ({ user }) => s.accounts.beginSecondFactor(user as StaffUser),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/session/second-factor/confirm',
    summary: 'Finish setting up the second factor with a code from the app (audited); from now on sign-in asks for one',
    tag: 'session',
    access: 'staff',
    whileRestricted: true,
    rateLimit: { max: 20, windowMs: 60_000 },
    body: SecondFactorCodeRequest,
    response: SessionInfo,
    async handle({ session, body }) {
      const current = session as AuthenticatedSession;
      await s.accounts.confirmSecondFactor(current.user, body.code);
      return (await s.sessions.authenticateById(current.sessionId))?.info;
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/session/second-factor',
    summary: 'Turn your second factor off with a current code (audited); refused where the school requires one',
    tag: 'session',
    access: 'staff',
    rateLimit: { max: 20, windowMs: 60_000 },
    body: SecondFactorCodeRequest,
    successStatus: 204,
    async handle({ user, body, reply }) {
      await s.accounts.disableOwnSecondFactor(user as StaffUser, body.code);
      reply.code(204);
      return undefined;
    },
  }),
];
