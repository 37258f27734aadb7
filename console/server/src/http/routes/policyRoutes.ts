import { z } from 'zod';
import {
  AssignmentInfo,
  CategoryInfo,
  CreateAssignmentRequest,
  CreateGroupRequest,
  DeleteAssignmentRequest,
  DevicePolicyStatus,
  GroupInfo,
  GroupMembersRequest,
  ImportCategoryRequest,
  LessonLimitInfo,
  LessonLimitRequest,
  MediaGrantInfo,
  MediaGrantRequest,
  RevokeGrantRequest,
  PolicyDiffResponse,
  PolicyExplanation,
  PolicyPreviewRequest,
  PolicyPreviewResponse,
  PolicyVersionInfo,
  RollbackRequest,
  SavePolicyRequest,
  StoredEvent,
  type StaffUser,
  BreachesQuery,
  PolicyDiffQuery,
} from '@lookout/shared';
import type { ConsoleServices } from '../../ConsoleServices.js';
import { HttpError } from '../HttpError.js';
import { defineRoute } from '../ApiRoute.js';

const AUTHORS = ['admin', 'technician'] as const;
const READERS = ['admin', 'technician', 'dsl'] as const;

export const policyRoutes = (s: ConsoleServices) => [
  defineRoute({
    method: 'GET',
    path: '/api/policies',
    summary: 'Every policy, at its latest version',
    tag: 'policies',
    access: READERS,
    response: z.array(PolicyVersionInfo),
    handle: async () => s.policies.list(),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/policies',
    summary: 'Create a policy (version 1, audited)',
    tag: 'policies',
    access: AUTHORS,
    body: SavePolicyRequest,
    response: PolicyVersionInfo,
    successStatus: 201,
    handle: ({ user, body }) => s.policies.create(user as StaffUser, body.name, body.document, body.reason),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/policies/:id',
    summary: 'Save a new version (audited with author, reason and diff) and push it to the PCs it applies to',
    tag: 'policies',
    access: AUTHORS,
    body: SavePolicyRequest,
    response: PolicyVersionInfo,
    handle: ({ user, params, body }) =>
      s.policies.save(user as StaffUser, params.id ?? '', body.name, body.document, body.reason),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/policies/preview',
    summary:
      "Before saving: which PCs a policy's new document or a new assignment would change, by name, and why " +
      '(nothing is saved)',
    tag: 'policies',
    access: AUTHORS,
    body: PolicyPreviewRequest,
    response: PolicyPreviewResponse,
    async handle({ body }) {
      const sites = new Map((await s.rooms.listSites()).map((site) => [site.id, site.name]));
      return s.policies.preview(body, sites);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/policies/:id/versions',
    summary: "A policy's versions, newest first",
    tag: 'policies',
    access: READERS,
    response: z.array(PolicyVersionInfo),
    handle: ({ params }) => s.policies.versions(params.id ?? ''),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/policies/:id/diff',
    summary: 'What changed between two versions, path by path and as readable lines',
    tag: 'policies',
    access: READERS,
    query: PolicyDiffQuery,
    response: PolicyDiffResponse,
    handle: ({ params, query }) => s.policies.diff(params.id ?? '', query.from, query.to),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/policies/:id/rollback',
    summary: 'Make an earlier version current again (as a new version, audited)',
    tag: 'policies',
    access: AUTHORS,
    body: RollbackRequest,
    response: PolicyVersionInfo,
    handle: ({ user, params, body }) =>
      s.policies.rollback(user as StaffUser, params.id ?? '', body.version, body.reason),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/policy-assignments',
    summary: 'Where each policy applies (school, site, device group, room, user group) and when',
    tag: 'policies',
    access: READERS,
    response: z.array(AssignmentInfo),
    handle: async () => s.policies.listAssignments(),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/policy-assignments',
    summary: 'Assign a policy to a scope, optionally on a schedule (audited)',
    tag: 'policies',
    access: AUTHORS,
    body: CreateAssignmentRequest,
    response: AssignmentInfo,
    successStatus: 201,
    handle: ({ user, body }) => s.policies.assign(user as StaffUser, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/policy-assignments/:id',
    summary: 'Remove an assignment (audited)',
    tag: 'policies',
    access: AUTHORS,
    body: DeleteAssignmentRequest,
    successStatus: 204,
    handle: ({ user, params, body }) => s.policies.unassign(user as StaffUser, params.id ?? '', body.reason),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/groups',
    summary: 'Device groups and user groups, with their members',
    tag: 'policies',
    access: READERS,
    response: z.array(GroupInfo),
    handle: async () => s.policies.listGroups(),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/groups',
    summary: 'Create a device group or a user group',
    tag: 'policies',
    access: AUTHORS,
    body: CreateGroupRequest,
    response: GroupInfo,
    successStatus: 201,
    handle: ({ user, body }) => s.policies.createGroup(user as StaffUser, body.kind, body.name),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/groups/:id/members',
    summary: "Set a group's members: device ids, or sign-in names (audited)",
    tag: 'policies',
    access: AUTHORS,
    body: GroupMembersRequest,
    response: GroupInfo,
    handle: ({ user, params, body }) =>
      s.policies.setMembers(user as StaffUser, params.id ?? '', body.members, body.reason),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/devices/:id/policy',
    summary: 'Which policy a PC runs and why ("why does this PC block gaming?"), and whether it runs the latest',
    tag: 'policies',
    access: READERS,
    response: PolicyExplanation,
    handle: ({ params }) => s.policies.explain(params.id ?? ''),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/policy-status',
    summary: 'Every PC: the policy revision it should run, the one it reports running, and whether they match',
    tag: 'policies',
    access: READERS,
    response: z.array(DevicePolicyStatus),
    handle: () => s.policies.status(),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/url-categories',
    summary: 'Imported URL category lists',
    tag: 'policies',
    access: READERS,
    response: z.array(CategoryInfo),
    handle: async () => s.policies.listCategories(),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/url-categories',
    summary:
      "Import one category in the squidGuard/UT1 layout: the text of its folder's domains and urls files; a " +
      'malformed line names the file and line and nothing is imported (audited); one at a time (409 while one runs)',
    tag: 'policies',
    access: AUTHORS,
    // UT1's largest folders run to millions of names: each file up to 64 MiB, as the schema allows, plus JSON.
    // Only its roles' bodies are read (the access rule is checked on the headers), and one import at a time.
    bodyLimit: 140 * 1024 * 1024,
    oneAtATime: true,
    body: ImportCategoryRequest,
    response: CategoryInfo,
    handle: ({ user, body }) =>
      s.policies.importCategory(user as StaffUser, body.category, body.domains, body.urls, body.reason),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/breaches',
    summary: 'Filtering breaches: every page the policy blocked, newest first, by pupil and since a time',
    tag: 'policies',
    access: ['admin', 'technician', 'dsl'],
    query: BreachesQuery,
    response: z.array(StoredEvent),
    handle: ({ query }) =>
      s.events.listByType('url-blocked', {
        limit: query.limit,
        ...(query.user ? { user: query.user } : {}),
        ...(query.since ? { since: new Date(query.since).toISOString() } : {}),
      }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/media-grants',
    summary: 'Removable devices allowed whatever the media rule (grants in force)',
    tag: 'policies',
    access: READERS,
    response: z.array(MediaGrantInfo),
    handle: () => s.policies.mediaGrants(),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/media-grants',
    summary:
      'Allow a removable device (serial, vendor:product or fs:<uuid>) for a time or for good; pushed to every PC',
    tag: 'policies',
    access: AUTHORS,
    body: MediaGrantRequest,
    response: MediaGrantInfo,
    successStatus: 201,
    handle: ({ user, body }) =>
      s.policies.grantMedia(user as StaffUser, body.deviceKey, body.label, body.minutes, body.reason),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/media-grants/:id',
    summary: 'Withdraw a grant (audited)',
    tag: 'policies',
    access: AUTHORS,
    body: RevokeGrantRequest,
    successStatus: 204,
    handle: ({ user, params, body }) => s.policies.revokeMediaGrant(user as StaffUser, params.id ?? '', body.reason),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/agent/url-categories/:category',
    summary:
      "For agents: one URL category's domains and urls, as named by its policy (header x-lookout-device: the " +
      'device id; authorization: Bearer <device credential>)',
    tag: 'agents',
    access: 'public',
    async handle({ params, request }) {
      const deviceId = String(request.headers['x-lookout-device'] ?? '');
      const credential = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1] ?? '';
      const auth = await s.devices.authenticate(deviceId, credential);
      if (!auth.ok) throw new HttpError(401, 'unauthenticated', auth.reason);
      return s.policies.categoryList(params.category ?? '');
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/rooms/:id/lesson-limit',
    summary: "The room's lesson limit in force, if any",
    tag: 'classroom',
    access: ['admin', 'technician', 'teacher'],
    response: LessonLimitInfo.nullable(),
    async handle({ user, params }) {
      const roomId = params.id ?? '';
      if (!s.access.canControlRoom(user as StaffUser, roomId))
        throw new HttpError(404, 'not-found', `no room ${roomId}`);
      return s.policies.lessonLimit(roomId) ?? null;
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/rooms/:id/lesson-limit',
    summary: 'For the next N minutes, only these sites (allow) or not these (block) in this room; applies at once',
    tag: 'classroom',
    access: ['admin', 'technician', 'teacher'],
    body: LessonLimitRequest,
    response: LessonLimitInfo,
    async handle({ user, params, body }) {
      const roomId = params.id ?? '';
      if (!s.access.canControlRoom(user as StaffUser, roomId))
        throw new HttpError(404, 'not-found', `no room ${roomId}`);
      return s.policies.setLessonLimit(user as StaffUser, roomId, body.mode, body.sites, body.minutes);
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/rooms/:id/lesson-limit',
    summary: "End the room's lesson limit now",
    tag: 'classroom',
    access: ['admin', 'technician', 'teacher'],
    successStatus: 204,
    async handle({ user, params }) {
      const roomId = params.id ?? '';
      if (!s.access.canControlRoom(user as StaffUser, roomId))
        throw new HttpError(404, 'not-found', `no room ${roomId}`);
      await s.policies.clearLessonLimit(user as StaffUser, roomId);
    },
  }),
];
