import { HealthResponse, VersionResponse } from '@lookout/shared';
import type { ConsoleServices } from '../../ConsoleServices.js';
import { defineRoute } from '../ApiRoute.js';

export const systemRoutes = (s: ConsoleServices, version: string) => [
  defineRoute({
    method: 'GET',
    path: '/api/health',
    summary: 'Liveness check (says nothing about the version: that is for signed-in staff)',
    tag: 'system',
    access: 'public',
    response: HealthResponse,
    handle: async () => ({ ok: true }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/version',
    summary: 'The version of the console',
    tag: 'system',
    access: 'staff',
    response: VersionResponse,
    handle: async () => ({ version }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/metrics',
    summary:
      'Operational figures: online devices, running thumbnail streams, frames received per device, staff sockets ' +
      'and what waits for slow ones, policies worked out, compiled and pushed',
    tag: 'system',
    access: ['admin', 'technician'],
    async handle() {
      const devices = await s.devices.summaries();
      return {
        devicesOnline: devices.filter((d) => d.online).length,
        thumbnails: s.hub.thumbnailStats(),
        liveSockets: s.hub.socketStats(),
        policy: { ...s.policies.stats(), pushes: s.gateway.policyPushCount(), bytes: s.gateway.policyPushBytes() },
      };
    },
  }),
];
