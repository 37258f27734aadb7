import { z } from 'zod';
import type { ConsoleServices } from '../../ConsoleServices.js';
import { defineRoute } from '../ApiRoute.js';

export const systemRoutes = (s: ConsoleServices, version: string) => [
  defineRoute({
    method: 'GET',
    path: '/api/health',
    summary: 'Liveness check',
    tag: 'system',
    access: 'public',
    response: z.object({ ok: z.boolean(), version: z.string() }),
    handle: async () => ({ ok: true, version }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/metrics',
    summary: 'Operational figures: online devices, running thumbnail streams, frames received per device',
    tag: 'system',
    access: ['admin', 'technician'],
    async handle() {
      const devices = await s.devices.summaries();
      return { devicesOnline: devices.filter((d) => d.online).length, thumbnails: s.hub.thumbnailStats() };
    },
  }),
];
