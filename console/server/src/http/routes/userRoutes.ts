import { z } from 'zod';
import { CreateUserRequest, StaffUser } from '@lookout/shared';
import type { ConsoleServices } from '../../ConsoleServices.js';
import { HttpError } from '../HttpError.js';
import { defineRoute } from '../ApiRoute.js';

export const userRoutes = (s: ConsoleServices) => [
  defineRoute({
    method: 'GET',
    path: '/api/users',
    summary: 'Staff users',
    tag: 'users',
    access: ['admin'],
    response: z.array(StaffUser),
    handle: () => s.staff.listUsers(),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/users',
    summary: 'Create a staff user with a role',
    tag: 'users',
    access: ['admin'],
    body: CreateUserRequest,
    response: StaffUser,
    successStatus: 201,
    async handle({ body, user, reply }) {
      if (await s.staff.findByUsername(body.username)) {
        throw new HttpError(409, 'conflict', `user ${body.username} already exists`);
      }
      const created = await s.staff.createUser(body.username, await s.passwords.hash(body.password), body.role);
      await s.audit.append({
        actor: user?.username ?? null,
        action: 'user.created',
        target: created.id,
        details: { username: created.username, role: created.role },
      });
      reply.code(201);
      return created;
    },
  }),
];
