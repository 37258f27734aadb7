import { z } from 'zod';
import { SchoolOverview } from '@lookout/shared';
import type { ConsoleServices } from '../../ConsoleServices.js';
import { defineRoute } from '../ApiRoute.js';
import { schoolOverview } from '../../services/schoolOverview.js';

export const overviewRoutes = (s: ConsoleServices) => [
  defineRoute({
    method: 'GET',
    path: '/api/school',
    summary: "The school's name, for the console's header (any signed-in staff member)",
    tag: 'overview',
    access: 'staff',
    response: z.object({ name: z.string() }),
    handle: async () => ({ name: s.settings.get('safeguarding').schoolName }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/overview',
    summary:
      'Counts of devices and devices online per site and room, for senior leaders and governors (the viewer ' +
      'role): no pupil, device name, event or alert in it',
    tag: 'overview',
    access: ['admin', 'technician', 'dsl', 'viewer'],
    response: SchoolOverview,
    async handle() {
      return schoolOverview(await s.devices.summaries(), await s.rooms.listSites(), s.directory.allRooms());
    },
  }),
];
