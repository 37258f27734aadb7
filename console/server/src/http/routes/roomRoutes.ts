import { z } from 'zod';
import {
  CreateRoomRequest,
  CreateSiteRequest,
  DeviceNeverLockRequest,
  DeviceRoomRequest,
  DeviceSummary,
  HostnamePatternPreview,
  Room,
  RoomTeachersRequest,
  Site,
  UpdateRoomRequest,
  type StaffUser,
  TeacherInfo,
  PatternPreviewQuery,
} from '@lookout/shared';
import type { ConsoleServices } from '../../ConsoleServices.js';
import { HttpError } from '../HttpError.js';
import { defineRoute } from '../ApiRoute.js';
import { hostnameMatches } from '../../services/hostnamePattern.js';

/** A preview lists at most this many PCs by name; the count covers all. */
const PREVIEW_LISTED = 200;

const TECH = ['admin', 'technician'] as const;

export const roomRoutes = (s: ConsoleServices) => [
  defineRoute({
    method: 'GET',
    path: '/api/sites',
    summary: 'Sites (schools or campuses)',
    tag: 'rooms',
    access: 'staff',
    response: z.array(Site),
    handle: () => s.rooms.listSites(),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/sites',
    summary: 'Create a site',
    tag: 'rooms',
    access: TECH,
    body: CreateSiteRequest,
    response: Site,
    successStatus: 201,
    async handle({ user, body, reply }) {
      reply.code(201);
      return s.rooms.createSite(user as StaffUser, body.name);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/rooms',
    summary: 'Rooms the user may see: a teacher their own, others all',
    tag: 'rooms',
    access: ['admin', 'technician', 'dsl', 'teacher'],
    response: z.array(Room),
    handle: async ({ user }) => s.directory.allRooms().filter((r) => s.access.canSeeRoom(user as StaffUser, r.id)),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/rooms',
    summary: 'Create a room in a site, optionally with a hostname pattern (LAB2-*) that places devices in it',
    tag: 'rooms',
    access: TECH,
    body: CreateRoomRequest,
    response: Room,
    successStatus: 201,
    async handle({ user, body, reply }) {
      reply.code(201);
      return s.rooms.createRoom(user as StaffUser, body);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/teachers',
    summary:
      'Teachers a technician may assign to rooms: id and user name of each enabled teacher account, nothing more',
    tag: 'rooms',
    access: TECH,
    response: z.array(TeacherInfo),
    handle: async () =>
      (await s.accounts.list())
        .filter((a) => a.role === 'teacher' && !a.disabled)
        .map((a) => ({ id: a.id, username: a.username })),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/rooms/pattern-preview',
    summary:
      'Which enrolled PCs a hostname pattern (LAB2-*) matches, as a technician types it: a count and the first names',
    tag: 'rooms',
    access: TECH,
    query: PatternPreviewQuery,
    response: HostnamePatternPreview,
    async handle({ query }) {
      const matching = (await s.devices.summaries())
        .filter((d) => !d.revoked && hostnameMatches(query.pattern, d.hostname))
        .sort((a, b) => a.hostname.localeCompare(b.hostname));
      return {
        matching: matching.length,
        devices: matching.slice(0, PREVIEW_LISTED).map((d) => ({ id: d.id, hostname: d.hostname, roomId: d.roomId })),
      };
    },
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/rooms/:id',
    summary: 'Rename a room or change its hostname pattern (devices placed by hand stay where they are)',
    tag: 'rooms',
    access: TECH,
    body: UpdateRoomRequest,
    response: Room,
    handle: ({ user, params, body }) => s.rooms.updateRoom(user as StaffUser, params.id ?? '', body),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/rooms/:id/teachers',
    summary: 'The teachers assigned to a room (they see and act on its devices)',
    tag: 'rooms',
    access: TECH,
    body: RoomTeachersRequest,
    response: Room,
    handle: ({ user, params, body }) => s.rooms.setTeachers(user as StaffUser, params.id ?? '', body.teacherIds),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/rooms/:id/devices',
    summary: "A room's devices",
    tag: 'rooms',
    access: ['admin', 'technician', 'dsl', 'teacher'],
    response: z.array(DeviceSummary),
    async handle({ user, params }) {
      const roomId = params.id ?? '';
      if (!s.access.canSeeRoom(user as StaffUser, roomId))
        throw new HttpError(404, 'not-found', 'no room that you may see');
      const ids = new Set(s.directory.devicesIn(roomId));
      return (await s.devices.summaries()).filter((d) => ids.has(d.id));
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/devices/:id/room',
    summary: 'Place a device in a room by hand (null: take it out)',
    tag: 'rooms',
    access: TECH,
    body: DeviceRoomRequest,
    response: DeviceSummary,
    async handle({ user, params, body }) {
      await s.rooms.placeDevice(user as StaffUser, params.id ?? '', body.roomId);
      return s.devices.summary(params.id ?? '');
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/devices/:id/never-lock',
    summary: "Mark a staff computer (e.g. the teacher's own) so that it is never locked from the console",
    tag: 'rooms',
    access: TECH,
    body: DeviceNeverLockRequest,
    response: DeviceSummary,
    async handle({ user, params, body }) {
      await s.devices.setNeverLock(user as StaffUser, params.id ?? '', body.neverLock);
      return s.devices.summary(params.id ?? '');
    },
  }),
];
