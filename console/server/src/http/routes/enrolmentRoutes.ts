import {
  CreateEnrolmentTokenRequest,
  EnrolRequest,
  EnrolResponse,
  EnrolmentToken,
  type StaffUser,
} from '@lookout/shared';
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
