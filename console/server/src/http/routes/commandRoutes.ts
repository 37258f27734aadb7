import { CommandRequest, CommandResponse, type StaffUser } from '@lookout/shared';
import type { ConsoleServices } from '../../ConsoleServices.js';
import { defineRoute } from '../ApiRoute.js';

export const commandRoutes = (s: ConsoleServices) => [
  defineRoute({
    method: 'POST',
    path: '/api/commands',
    summary:
      'Lock (with a message and optional duration), unlock, message or open a URL on devices or a whole room; ' +
      'answers with a result per device (ok, failed, unsupported, offline, timeout, skipped). Audited.',
    tag: 'classroom',
    access: ['admin', 'technician', 'teacher'],
    body: CommandRequest,
    response: CommandResponse,
    handle: ({ user, body }) => s.commands.issue(user as StaffUser, body),
  }),
];
