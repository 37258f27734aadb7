import { z } from 'zod';
import {
  ChangeRoleRequest,
  CreateUserRequest,
  DslGrant,
  ResetPasswordRequest,
  StaffAccount,
  StaffSecuritySettings,
  StaffSessionInfo,
  StaffUser,
  EndedSessions,
} from '@lookout/shared';
import type { ConsoleServices } from '../../ConsoleServices.js';
import { defineRoute } from '../ApiRoute.js';

const ADMIN = ['admin'] as const;

export const userRoutes = (s: ConsoleServices) => [
  defineRoute({
    method: 'GET',
    path: '/api/users',
    summary: 'Staff accounts, disabled ones included',
    tag: 'users',
    access: ADMIN,
    response: z.array(StaffAccount),
    handle: () => s.accounts.list(),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/users',
    summary:
      'Create a staff user with a role (audited). The password needs 12 or more characters and must not be a ' +
      'common or guessable one (400 weak-password says why); mustChangePassword makes them choose their own',
    tag: 'users',
    access: ADMIN,
    body: CreateUserRequest,
    response: StaffUser,
    successStatus: 201,
    async handle({ body, user, reply }) {
      reply.code(201);
      return s.accounts.create(user as StaffUser, body);
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/users/:id/role',
    summary: "Change a user's role (audited; their live pages reconnect; a DSL grant is shown to every DSL)",
    tag: 'users',
    access: ADMIN,
    body: ChangeRoleRequest,
    response: StaffAccount,
    handle: ({ user, params, body }) => s.accounts.setRole(user as StaffUser, params.id ?? '', body.role),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/users/:id/disable',
    summary: 'Disable an account: its sessions end at once and it cannot sign in (audited). Not the last admin',
    tag: 'users',
    access: ADMIN,
    response: StaffAccount,
    handle: ({ user, params }) => s.accounts.setDisabled(user as StaffUser, params.id ?? '', true),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/users/:id/enable',
    summary: 'Enable a disabled account again (audited)',
    tag: 'users',
    access: ADMIN,
    response: StaffAccount,
    handle: ({ user, params }) => s.accounts.setDisabled(user as StaffUser, params.id ?? '', false),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/users/:id/password-reset',
    summary:
      'Set a temporary password: their sessions end and they must choose a new password at next sign-in (audited)',
    tag: 'users',
    access: ADMIN,
    body: ResetPasswordRequest,
    response: StaffAccount,
    handle: ({ user, params, body }) =>
      s.accounts.resetPassword(user as StaffUser, params.id ?? '', body.temporaryPassword),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/users/:id/second-factor',
    summary: "Remove a user's second factor (a lost phone): their sessions end (audited)",
    tag: 'users',
    access: ADMIN,
    response: StaffAccount,
    handle: ({ user, params }) => s.accounts.resetSecondFactor(user as StaffUser, params.id ?? ''),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/users/:id/sessions',
    summary: "A user's sessions with when each ends if unused",
    tag: 'users',
    access: ADMIN,
    response: z.array(StaffSessionInfo),
    handle: ({ params }) => s.accounts.listSessions(params.id ?? ''),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/users/:id/sessions',
    summary: "End all of a user's sessions; their live pages close (audited)",
    tag: 'users',
    access: ADMIN,
    response: EndedSessions,
    handle: async ({ user, params }) => ({
      ended: await s.accounts.revokeSessions(user as StaffUser, params.id ?? '', null),
    }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/users/:id/sessions/:sessionId',
    summary: "End one of a user's sessions; its live pages close (audited)",
    tag: 'users',
    access: ADMIN,
    response: EndedSessions,
    handle: async ({ user, params }) => ({
      ended: await s.accounts.revokeSessions(user as StaffUser, params.id ?? '', params.sessionId ?? ''),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/settings/staff-security',
    summary: 'Whether admins and DSLs must use a second factor',
    tag: 'settings',
    access: ADMIN,
    response: StaffSecuritySettings,
    handle: async () => s.accounts.getSecurity(),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/settings/staff-security',
    summary:
      'Require a second factor for the admin and DSL roles: those without one must set it up right after ' +
      'signing in (audited). Set up your own first',
    tag: 'settings',
    access: ADMIN,
    body: StaffSecuritySettings,
    response: StaffSecuritySettings,
    handle: ({ user, body }) => s.accounts.setSecurity(user as StaffUser, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/dsl-grants',
    summary: 'Everyone given the DSL role, when and by whom, newest first (every DSL sees this)',
    tag: 'users',
    access: ['admin', 'dsl'],
    response: z.array(DslGrant),
    handle: () => s.accounts.dslGrants(),
  }),
];
