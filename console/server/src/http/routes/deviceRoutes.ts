import { z } from 'zod';
import {
  DeviceActivityEvent,
  DeviceSummary,
  DeviceUninstallCode,
  DevicesQuery,
  EventsQuery,
  lacksBrowserExtension,
  toActivityEvent,
  type StaffUser,
  BrowserExtensionCount,
} from '@lookout/shared';
import type { ConsoleServices } from '../../ConsoleServices.js';
import { HttpError } from '../HttpError.js';
import { defineRoute } from '../ApiRoute.js';
import { AgentCloseCode } from '../../gateway/AgentGateway.js';

const DEVICE_VIEWERS = ['admin', 'technician', 'dsl', 'teacher'] as const;

export const deviceRoutes = (s: ConsoleServices) => {
  // A device the user may not see answers 404, like one that does not exist: no probing for ids.
  const visibleDevice = async (user: StaffUser | undefined, id: string) => {
    const device = user && s.access.canSeeDevice(user, id) ? await s.devices.summary(id) : undefined;
    if (!device) throw new HttpError(404, 'not-found', `no device ${id} that you may see`);
    return device;
  };

  return [
    defineRoute({
      method: 'GET',
      path: '/api/devices',
      summary:
        'Devices the signed-in user may see, by name, with online state and current window; q finds text in the ' +
        "PC's name or the signed-in user's, limit and offset page the list",
      tag: 'devices',
      access: DEVICE_VIEWERS,
      query: DevicesQuery,
      response: z.array(DeviceSummary),
      async handle({ user, query }) {
        const text = query.q?.toLowerCase();
        const found = (await s.devices.summaries()).filter(
          (d) =>
            user &&
            s.access.canSeeDevice(user, d.id) &&
            (!text ||
              d.hostname.toLowerCase().includes(text) ||
              (d.user ?? '').toLowerCase().includes(text) ||
              (d.displayName ?? '').toLowerCase().includes(text)),
        );
        return found.slice(query.offset, query.limit === undefined ? undefined : query.offset + query.limit);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/devices/browser-extension',
      summary:
        'How many of the PCs the user may see have no browser running the current Lookout extension (their web ' +
        'filter and monitoring are not enforced in the browser)',
      tag: 'devices',
      access: DEVICE_VIEWERS,
      response: BrowserExtensionCount,
      async handle({ user }) {
        const visible = (await s.devices.summaries()).filter(
          (d) => !d.revoked && user && s.access.canSeeDevice(user, d.id),
        );
        return { without: visible.filter((d) => lacksBrowserExtension(d.capabilities)).length, total: visible.length };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/devices/:id',
      summary: 'One device',
      tag: 'devices',
      access: DEVICE_VIEWERS,
      response: DeviceSummary,
      handle: ({ user, params }) => visibleDevice(user, params.id ?? ''),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/devices/:id/events',
      summary:
        "A device's recent events, newest first. The DSL sees that an alert was raised (its id, category and " +
        'severity); what was typed or seen is only in the alert, behind a recorded reason',
      tag: 'devices',
      access: DEVICE_VIEWERS,
      query: EventsQuery,
      response: z.array(DeviceActivityEvent),
      async handle({ user, params, query }) {
        const device = await visibleDevice(user, params.id ?? '');
        // Alerts are the DSL's: nobody else learns even that one was raised.
        const hidden = user?.role === 'dsl' ? [] : ['keyword-matched'];
        const events = await s.events.listForDevice(device.id, query.limit, query.beforeSeq, hidden);
        return events.map(toActivityEvent);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/devices/:id/uninstall-code',
      summary:
        'The code that lets a technician remove the agent from this PC (`dpkg -r` asks for it); each showing is ' +
        'audited. The PC holds only its hash',
      tag: 'devices',
      access: ['admin', 'technician'],
      response: DeviceUninstallCode,
      async handle({ user, params }) {
        const device = await visibleDevice(user, params.id ?? '');
        return s.devices.uninstallCode(user as StaffUser, device.id);
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/devices/:id/revoke',
      summary: "Revoke a device's credential: it is disconnected and can no longer send events",
      tag: 'devices',
      access: ['admin', 'technician'],
      response: DeviceSummary,
      async handle({ user, params }) {
        const id = params.id ?? '';
        await s.devices.revoke(user as StaffUser, id);
        s.gateway.disconnect(id, AgentCloseCode.unauthorized, 'device revoked');
        return visibleDevice(user, id);
      },
    }),
  ];
};
