import {
  CreateEnrolmentTokenRequest,
  EnrolRequest,
  EnrolResponse,
  EnrolmentToken,
  EnrolmentTokenInfo,
  type StaffUser,
} from '@lookout/shared';
import { z } from 'zod';
import type { ConsoleServices } from '../../ConsoleServices.js';
import { defineRoute } from '../ApiRoute.js';

export const enrolmentRoutes = (s: ConsoleServices) => [
  defineRoute({
    method: 'POST',
    path: '/api/enrolment-tokens',
    summary: 'Create an expiring enrolment token (shown once) for one PC or a whole lab',
    tag: 'enrolment',
    access: ['admin', 'technician'],
    body: CreateEnrolmentTokenRequest,
    response: EnrolmentToken,
    successStatus: 201,
    async handle({ user, body, reply }) {
      reply.code(201);
      return s.devices.createEnrolmentToken(user as StaffUser, body);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/enrolment-tokens',
    summary: 'Enrolment tokens (never the secret itself) with their uses, newest first',
    tag: 'enrolment',
    access: ['admin', 'technician'],
    response: z.array(EnrolmentTokenInfo),
    handle: () => s.devices.listEnrolmentTokens(),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/enrolment-tokens/:id/revoke',
    summary: 'Revoke an enrolment token: no more PCs can enrol with it (audited)',
    tag: 'enrolment',
    access: ['admin', 'technician'],
    response: EnrolmentTokenInfo,
    handle: ({ user, params }) => s.devices.revokeEnrolmentToken(user as StaffUser, params.id ?? ''),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/enrol',
    summary: "Agent: exchange an enrolment token for this device's id and credential",
    tag: 'enrolment',
    access: 'public',
    body: EnrolRequest,
    response: EnrolResponse,
    successStatus: 201,
    async handle({ body, reply }) {
      reply.code(201);
      return s.devices.enrol(body);
    },
  }),
];
