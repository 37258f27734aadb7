import type { z } from 'zod';
import {
  ApiErrorBody,
  apiContract,
  type ApiBody,
  type ApiQuery,
  type ApiResponse,
  type ApiRouteKey,
  type KeywordLibrary,
} from '@lookout/shared';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The console takes JSON only on anything that changes state (no HTML form can send it): `{}` when empty. */
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function request<T>(schema: z.ZodType<T>, path: string, init?: RequestInit): Promise<T> {
  const sent = init?.body ?? (STATE_CHANGING.has((init?.method ?? 'GET').toUpperCase()) ? '{}' : undefined);
  const response = await fetch(path, {
    credentials: 'same-origin',
    ...init,
    ...(sent === undefined ? {} : { body: sent }),
    headers: sent === undefined ? init?.headers : { 'content-type': 'application/json', ...init?.headers },
  });
  const body: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = ApiErrorBody.safeParse(body);
    throw error.success
      ? new ApiError(response.status, error.data.error.code, error.data.error.message)
      : new ApiError(response.status, 'http-error', `${response.status} ${response.statusText}`);
  }
  return schema.parse(body);
}

export type { AuditEntry } from '@lookout/shared';

/** Path parameters, by the names the route's path gives them (":id" → id). */
type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? { [K in Name]: string } & PathParams<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? { [K in Name]: string }
    : Record<never, never>;
type PathOf<K extends string> = K extends `${string} ${infer P}` ? P : never;

type CallOptions<K extends ApiRouteKey> = (keyof PathParams<PathOf<K>> extends never
  ? { params?: undefined }
  : { params: PathParams<PathOf<K>> }) &
  (ApiQuery<K> extends undefined ? { query?: undefined } : { query?: ApiQuery<K> }) &
  (ApiBody<K> extends undefined ? { body?: undefined } : { body: ApiBody<K> }) & { signal?: AbortSignal };

/**
 * Calls a route of the shared contract (shared/src/protocol/apiContract.ts, checked against the server's route
 * table by console/server/src/http/apiContract.test.ts): its parameters, query, body and response are typed from
 * the same zod schemas the server validates with, and the response is parsed with its schema.
 */
export function call<K extends ApiRouteKey>(key: K, options: CallOptions<K>): Promise<ApiResponse<K>> {
  const [method, template] = key.split(' ') as [string, string];
  const params = (options.params ?? {}) as Record<string, string>;
  const path = template.replace(/:([A-Za-z]+)/g, (_m, name: string) => encodeURIComponent(params[name] ?? ''));
  const query = Object.entries((options.query ?? {}) as Record<string, unknown>).filter(
    ([, v]) => v !== undefined && v !== '',
  );
  const search = query.length ? `?${new URLSearchParams(query.map(([k, v]) => [k, String(v)])).toString()}` : '';
  return request(apiContract[key].response as unknown as z.ZodType<ApiResponse<K>>, path + search, {
    method,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

export type { LibraryInfo } from '@lookout/shared';

/** The staff API, typed by the same schemas the server validates with (every call goes through the contract). */
export const api = {
  currentUser: () => call('GET /api/session', {}),
  signIn: (body: ApiBody<'POST /api/session'>) => call('POST /api/session', { body }),
  signOut: () => call('DELETE /api/session', {}),
  changePassword: (currentPassword: string, newPassword: string) =>
    call('PUT /api/session/password', { body: { currentPassword, newPassword } }),
  beginSecondFactor: () => call('POST /api/session/second-factor', {}),
  confirmSecondFactor: (code: string) => call('POST /api/session/second-factor/confirm', { body: { code } }),
  users: () => call('GET /api/users', {}),
  createUser: (body: ApiBody<'POST /api/users'>) => call('POST /api/users', { body }),
  setRole: (id: string, role: ApiBody<'PUT /api/users/:id/role'>['role']) =>
    call('PUT /api/users/:id/role', { params: { id }, body: { role } }),
  setDisabled: (id: string, disabled: boolean) =>
    disabled
      ? call('POST /api/users/:id/disable', { params: { id } })
      : call('POST /api/users/:id/enable', { params: { id } }),
  resetPassword: (id: string, temporaryPassword: string) =>
    call('POST /api/users/:id/password-reset', { params: { id }, body: { temporaryPassword } }),
  resetSecondFactor: (id: string) => call('DELETE /api/users/:id/second-factor', { params: { id } }),
  staffSecurity: () => call('GET /api/settings/staff-security', {}),
  saveStaffSecurity: (body: ApiBody<'PUT /api/settings/staff-security'>) =>
    call('PUT /api/settings/staff-security', { body }),
  dslGrants: () => call('GET /api/dsl-grants', {}),
  overview: () => call('GET /api/overview', {}),
  devices: () => call('GET /api/devices', {}),
  device: (id: string) => call('GET /api/devices/:id', { params: { id } }),
  rooms: () => call('GET /api/rooms', {}),
  school: () => call('GET /api/school', {}),
  sites: () => call('GET /api/sites', {}),
  createSite: (name: string) => call('POST /api/sites', { body: { name } }),
  createRoom: (body: ApiBody<'POST /api/rooms'>) => call('POST /api/rooms', { body }),
  updateRoom: (id: string, body: ApiBody<'PATCH /api/rooms/:id'>) =>
    call('PATCH /api/rooms/:id', { params: { id }, body }),
  setRoomTeachers: (id: string, teacherIds: string[]) =>
    call('PUT /api/rooms/:id/teachers', { params: { id }, body: { teacherIds } }),
  placeDevice: (deviceId: string, roomId: string | null) =>
    call('PUT /api/devices/:id/room', { params: { id: deviceId }, body: { roomId } }),
  teachers: () => call('GET /api/teachers', {}),
  patternPreview: (pattern: string) => call('GET /api/rooms/pattern-preview', { query: { pattern } }),
  enrolmentTokens: () => call('GET /api/enrolment-tokens', {}),
  browserExtension: () => call('GET /api/extension', {}),
  createEnrolmentToken: (body: ApiBody<'POST /api/enrolment-tokens'>) => call('POST /api/enrolment-tokens', { body }),
  revokeEnrolmentToken: (id: string) => call('POST /api/enrolment-tokens/:id/revoke', { params: { id } }),
  alerts: (query: ApiQuery<'GET /api/alerts'> = {}) => call('GET /api/alerts', { query }),
  alert: (id: string) => call('GET /api/alerts/:id', { params: { id } }),
  justify: (id: string, reason: string) =>
    call('POST /api/alerts/:id/justification', { params: { id }, body: { reason } }),
  triage: (body: ApiBody<'POST /api/alerts/triage'>) => call('POST /api/alerts/triage', { body }),
  cases: (query: ApiQuery<'GET /api/cases'> = {}, signal?: AbortSignal) =>
    call('GET /api/cases', { query, ...(signal ? { signal } : {}) }),
  case: (id: string) => call('GET /api/cases/:id', { params: { id } }),
  openCase: (body: ApiBody<'POST /api/cases'>) => call('POST /api/cases', { body }),
  addCaseEntry: (id: string, body: ApiBody<'POST /api/cases/:id/entries'>) =>
    call('POST /api/cases/:id/entries', { params: { id }, body }),
  audit: (query: ApiQuery<'GET /api/audit'> = {}) => call('GET /api/audit', { query }),
  safeguardingSettings: () => call('GET /api/settings/safeguarding', {}),
  saveSafeguardingSettings: (body: ApiBody<'PUT /api/settings/safeguarding'>) =>
    call('PUT /api/settings/safeguarding', { body }),
  retentionSettings: () => call('GET /api/settings/retention', {}),
  saveRetentionSettings: (body: ApiBody<'PUT /api/settings/retention'>) =>
    call('PUT /api/settings/retention', { body }),
  runRetention: () => call('POST /api/retention/run', {}),
  policies: () => call('GET /api/policies', {}),
  policyVersions: (id: string) => call('GET /api/policies/:id/versions', { params: { id } }),
  createPolicy: (body: ApiBody<'POST /api/policies'>) => call('POST /api/policies', { body }),
  savePolicy: (id: string, body: ApiBody<'PUT /api/policies/:id'>) =>
    call('PUT /api/policies/:id', { params: { id }, body }),
  rollbackPolicy: (id: string, version: number, reason: string) =>
    call('POST /api/policies/:id/rollback', { params: { id }, body: { version, reason } }),
  policyDiff: (id: string, from: number, to: number) =>
    call('GET /api/policies/:id/diff', { params: { id }, query: { from, to } }),
  assignments: () => call('GET /api/policy-assignments', {}),
  assign: (body: ApiBody<'POST /api/policy-assignments'>) => call('POST /api/policy-assignments', { body }),
  unassign: (id: string, reason: string) =>
    call('DELETE /api/policy-assignments/:id', { params: { id }, body: { reason } }),
  groups: () => call('GET /api/groups', {}),
  policyStatus: () => call('GET /api/policy-status', {}),
  browserExtensionCount: () => call('GET /api/devices/browser-extension', {}),
  uninstallCode: (deviceId: string) => call('GET /api/devices/:id/uninstall-code', { params: { id: deviceId } }),
  explainPolicy: (deviceId: string) => call('GET /api/devices/:id/policy', { params: { id: deviceId } }),
  urlCategories: () => call('GET /api/url-categories', {}),
  importCategory: (body: ApiBody<'POST /api/url-categories'>) => call('POST /api/url-categories', { body }),
  breaches: (limit = 100) => call('GET /api/breaches', { query: { limit } }),
  mediaGrants: () => call('GET /api/media-grants', {}),
  revokeMediaGrant: (id: string, reason: string) =>
    call('DELETE /api/media-grants/:id', { params: { id }, body: { reason } }),
  grantMedia: (body: ApiBody<'POST /api/media-grants'>) => call('POST /api/media-grants', { body }),
  lessonLimit: (roomId: string) => call('GET /api/rooms/:id/lesson-limit', { params: { id: roomId } }),
  setLessonLimit: (roomId: string, body: ApiBody<'PUT /api/rooms/:id/lesson-limit'>) =>
    call('PUT /api/rooms/:id/lesson-limit', { params: { id: roomId }, body }),
  clearLessonLimit: (roomId: string) => call('DELETE /api/rooms/:id/lesson-limit', { params: { id: roomId } }),
  phraseStats: () => call('GET /api/keyword-phrase-stats', {}),
  proposals: () => call('GET /api/keyword-proposals', { query: { status: 'open' } }),
  decideProposal: (id: string, accept: boolean, reason: string) =>
    call('POST /api/keyword-proposals/:id/decision', { params: { id }, body: { accept, reason } }),
  alertEvidence: (id: string) => call('GET /api/alerts/:id/evidence', { params: { id } }),
  keywordLibraries: () => call('GET /api/keyword-libraries', {}),
  createKeywordLibrary: (body: ApiBody<'POST /api/keyword-libraries'>) => call('POST /api/keyword-libraries', { body }),
  testKeywords: (text: string) => call('POST /api/keyword-libraries/test', { body: { text } }),
  command: (body: ApiBody<'POST /api/commands'>) => call('POST /api/commands', { body }),
  deviceEvents: (id: string, limit = 100) => call('GET /api/devices/:id/events', { params: { id }, query: { limit } }),
  keywordLibrary: (id: string) => call('GET /api/keyword-libraries/:id', { params: { id } }),
  sensitivitySettings: () => call('GET /api/settings/sensitivity', {}),
  saveSensitivitySettings: (body: ApiBody<'PUT /api/settings/sensitivity'>) =>
    call('PUT /api/settings/sensitivity', { body }),
  reportSettings: () => call('GET /api/reports/settings', {}),
  saveReportSettings: (body: ApiBody<'PUT /api/reports/settings'>) => call('PUT /api/reports/settings', { body }),
  checks: () => call('GET /api/checks', {}),
  runCheck: (body: ApiBody<'POST /api/checks'>) => call('POST /api/checks', { body }),
  // The policy and keyword-library editors.
  previewPolicy: (body: ApiBody<'POST /api/policies/preview'>) => call('POST /api/policies/preview', { body }),
  saveKeywordLibrary: (library: KeywordLibrary, reason: string) =>
    call('PUT /api/keyword-libraries/:id', { params: { id: library.id }, body: { library, reason } }),
  importKeywordLibrary: (id: string, format: 'csv' | 'json', content: string, reason: string) =>
    call('POST /api/keyword-libraries/:id/import', { params: { id }, body: { format, content, reason } }),
};
