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
import { enrolmentInstructions, type ConsoleAddress } from '../../services/EnrolmentInstructions.js';
import { defineRoute } from '../ApiRoute.js';

/** `address` is read per request: the port is known only once the console listens. */
export const enrolmentRoutes = (s: ConsoleServices, address: ConsoleAddress) => [
  defineRoute({
    method: 'POST',
    path: '/api/enrolment-tokens',
    summary:
      'Create an expiring enrolment token (shown once) for one PC or a whole lab, with the CA pin agents check ' +
      'and the command to run on each PC',
    tag: 'enrolment',
    access: ['admin', 'technician'],
    body: CreateEnrolmentTokenRequest,
    response: EnrolmentToken,
    successStatus: 201,
    async handle({ user, body, reply }) {
      reply.code(201);
      return enrolmentInstructions(await s.devices.createEnrolmentToken(user as StaffUser, body), address);
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
