import { z } from 'zod';
import {
  ExceptionProposal,
  PhraseStats,
  PolicyVersionInfo,
  PolicyDiffResponse,
  AssignmentInfo,
  GroupInfo,
  DevicePolicyStatus,
  PolicyExplanation,
  CategoryInfo,
  LessonLimitInfo,
  MediaGrantInfo,
  RetentionReport,
  RetentionSettings,
  SafeguardingSettings,
  ApiErrorBody,
  CommandResponse,
  DeviceActivityEvent,
  DeviceSummary,
  DeviceUninstallCode,
  type KeywordLibrary,
  Room,
  SensitivitySettings,
  StoredEvent,
  type CommandRequest,
  type SessionRequest,
  DslGrant,
  SecondFactorEnrolment,
  SessionInfo,
  StaffAccount,
  StaffSecuritySettings,
  StaffUser,
  type CreateUserRequest,
  type StaffRole,
  Site,
  HostnamePatternPreview,
  EnrolmentToken,
  EnrolmentTokenInfo,
  type CreateEnrolmentTokenRequest,
  CheckResult,
  CheckRunResponse,
  ReportSettingsView,
  type CheckRunRequest,
  type ReportSettings,
  PolicyPreviewResponse,
  type PolicyPreviewRequest,
  apiContract,
  type ApiBody,
  type ApiQuery,
  type ApiResponse,
  type ApiRouteKey,
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

/** The staff API, typed by the same schemas the server validates with. */
export const api = {
  currentUser: () => call('GET /api/session', {}),
  signIn: (body: SessionRequest) =>
    request(SessionInfo, '/api/session', { method: 'POST', body: JSON.stringify(body) }),
  signOut: () => request(z.undefined(), '/api/session', { method: 'DELETE' }),
  changePassword: (currentPassword: string, newPassword: string) =>
    request(SessionInfo, '/api/session/password', {
      method: 'PUT',
      body: JSON.stringify({ currentPassword, newPassword }),
    }),
  beginSecondFactor: () => request(SecondFactorEnrolment, '/api/session/second-factor', { method: 'POST' }),
  confirmSecondFactor: (code: string) =>
    request(SessionInfo, '/api/session/second-factor/confirm', { method: 'POST', body: JSON.stringify({ code }) }),
  users: () => request(z.array(StaffAccount), '/api/users'),
  createUser: (body: CreateUserRequest) =>
    request(StaffUser, '/api/users', { method: 'POST', body: JSON.stringify(body) }),
  setRole: (id: string, role: StaffRole) =>
    request(StaffAccount, `/api/users/${encodeURIComponent(id)}/role`, {
      method: 'PUT',
      body: JSON.stringify({ role }),
    }),
  setDisabled: (id: string, disabled: boolean) =>
    request(StaffAccount, `/api/users/${encodeURIComponent(id)}/${disabled ? 'disable' : 'enable'}`, {
      method: 'POST',
    }),
  resetPassword: (id: string, temporaryPassword: string) =>
    request(StaffAccount, `/api/users/${encodeURIComponent(id)}/password-reset`, {
      method: 'POST',
      body: JSON.stringify({ temporaryPassword }),
    }),
  resetSecondFactor: (id: string) =>
    request(StaffAccount, `/api/users/${encodeURIComponent(id)}/second-factor`, { method: 'DELETE' }),
  staffSecurity: () => request(StaffSecuritySettings, '/api/settings/staff-security'),
  saveStaffSecurity: (body: StaffSecuritySettings) =>
    request(StaffSecuritySettings, '/api/settings/staff-security', { method: 'PUT', body: JSON.stringify(body) }),
  dslGrants: () => request(z.array(DslGrant), '/api/dsl-grants'),
  overview: () => call('GET /api/overview', {}),
  devices: () => call('GET /api/devices', {}),
  device: (id: string) => call('GET /api/devices/:id', { params: { id } }),
  rooms: () => call('GET /api/rooms', {}),
  school: () => call('GET /api/school', {}),
  sites: () => request(z.array(Site), '/api/sites'),
  createSite: (name: string) => request(Site, '/api/sites', { method: 'POST', body: JSON.stringify({ name }) }),
  createRoom: (body: { siteId: string; name: string; hostnamePattern: string | null }) =>
    request(Room, '/api/rooms', { method: 'POST', body: JSON.stringify(body) }),
  updateRoom: (id: string, body: { name?: string; hostnamePattern?: string | null }) =>
    request(Room, `/api/rooms/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify(body) }),
  setRoomTeachers: (id: string, teacherIds: string[]) =>
    request(Room, `/api/rooms/${encodeURIComponent(id)}/teachers`, {
      method: 'PUT',
      body: JSON.stringify({ teacherIds }),
    }),
  placeDevice: (deviceId: string, roomId: string | null) =>
    request(DeviceSummary, `/api/devices/${encodeURIComponent(deviceId)}/room`, {
      method: 'PUT',
      body: JSON.stringify({ roomId }),
    }),
  teachers: () => request(z.array(z.object({ id: z.string(), username: z.string() })), '/api/teachers'),
  patternPreview: (pattern: string) =>
    request(HostnamePatternPreview, `/api/rooms/pattern-preview?${new URLSearchParams({ pattern }).toString()}`),
  enrolmentTokens: () => request(z.array(EnrolmentTokenInfo), '/api/enrolment-tokens'),
  createEnrolmentToken: (body: CreateEnrolmentTokenRequest) =>
    request(EnrolmentToken, '/api/enrolment-tokens', { method: 'POST', body: JSON.stringify(body) }),
  revokeEnrolmentToken: (id: string) =>
    request(EnrolmentTokenInfo, `/api/enrolment-tokens/${encodeURIComponent(id)}/revoke`, { method: 'POST' }),
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
  safeguardingSettings: () => request(SafeguardingSettings, '/api/settings/safeguarding'),
  saveSafeguardingSettings: (body: SafeguardingSettings) =>
    request(SafeguardingSettings, '/api/settings/safeguarding', { method: 'PUT', body: JSON.stringify(body) }),
  retentionSettings: () => request(RetentionSettings, '/api/settings/retention'),
  saveRetentionSettings: (body: RetentionSettings) =>
    request(RetentionSettings, '/api/settings/retention', { method: 'PUT', body: JSON.stringify(body) }),
  runRetention: () => request(RetentionReport, '/api/retention/run', { method: 'POST' }),
  policies: () => request(z.array(PolicyVersionInfo), '/api/policies'),
  policyVersions: (id: string) =>
    request(z.array(PolicyVersionInfo), `/api/policies/${encodeURIComponent(id)}/versions`),
  createPolicy: (body: { name: string; document: unknown; reason: string }) =>
    request(PolicyVersionInfo, '/api/policies', { method: 'POST', body: JSON.stringify(body) }),
  savePolicy: (id: string, body: { name: string; document: unknown; reason: string }) =>
    request(PolicyVersionInfo, `/api/policies/${encodeURIComponent(id)}`, {
      method: 'PUT',
      body: JSON.stringify(body),
    }),
  rollbackPolicy: (id: string, version: number, reason: string) =>
    request(PolicyVersionInfo, `/api/policies/${encodeURIComponent(id)}/rollback`, {
      method: 'POST',
      body: JSON.stringify({ version, reason }),
    }),
  policyDiff: (id: string, from: number, to: number) =>
    request(PolicyDiffResponse, `/api/policies/${encodeURIComponent(id)}/diff?from=${from}&to=${to}`),
  assignments: () => request(z.array(AssignmentInfo), '/api/policy-assignments'),
  assign: (body: unknown) =>
    request(AssignmentInfo, '/api/policy-assignments', { method: 'POST', body: JSON.stringify(body) }),
  unassign: (id: string, reason: string) =>
    request(z.undefined(), `/api/policy-assignments/${encodeURIComponent(id)}`, {
      method: 'DELETE',
      body: JSON.stringify({ reason }),
    }),
  groups: () => request(z.array(GroupInfo), '/api/groups'),
  policyStatus: () => request(z.array(DevicePolicyStatus), '/api/policy-status'),
  browserExtensionCount: () =>
    request(z.object({ without: z.number(), total: z.number() }), '/api/devices/browser-extension'),
  uninstallCode: (deviceId: string) =>
    request(DeviceUninstallCode, `/api/devices/${encodeURIComponent(deviceId)}/uninstall-code`),
  explainPolicy: (deviceId: string) =>
    request(PolicyExplanation, `/api/devices/${encodeURIComponent(deviceId)}/policy`),
  urlCategories: () => request(z.array(CategoryInfo), '/api/url-categories'),
  importCategory: (body: { category: string; domains: string; urls: string; reason: string }) =>
    request(CategoryInfo, '/api/url-categories', { method: 'POST', body: JSON.stringify(body) }),
  breaches: (limit = 100) => request(z.array(StoredEvent), `/api/breaches?limit=${limit}`),
  mediaGrants: () => request(z.array(MediaGrantInfo), '/api/media-grants'),
  revokeMediaGrant: (id: string, reason: string) =>
    request(z.undefined(), `/api/media-grants/${encodeURIComponent(id)}`, {
      method: 'DELETE',
      body: JSON.stringify({ reason }),
    }),
  grantMedia: (body: { deviceKey: string; label: string | null; minutes: number | null; reason: string }) =>
    request(MediaGrantInfo, '/api/media-grants', { method: 'POST', body: JSON.stringify(body) }),
  lessonLimit: (roomId: string) =>
    request(LessonLimitInfo.nullable(), `/api/rooms/${encodeURIComponent(roomId)}/lesson-limit`),
  setLessonLimit: (roomId: string, body: { mode: 'allow' | 'block'; sites: string[]; minutes: number }) =>
    request(LessonLimitInfo, `/api/rooms/${encodeURIComponent(roomId)}/lesson-limit`, {
      method: 'PUT',
      body: JSON.stringify(body),
    }),
  clearLessonLimit: (roomId: string) =>
    request(z.undefined(), `/api/rooms/${encodeURIComponent(roomId)}/lesson-limit`, { method: 'DELETE' }),
  phraseStats: () => request(z.array(PhraseStats), '/api/keyword-phrase-stats'),
  proposals: () => request(z.array(ExceptionProposal), '/api/keyword-proposals?status=open'),
  decideProposal: (id: string, accept: boolean, reason: string) =>
    request(ExceptionProposal, `/api/keyword-proposals/${encodeURIComponent(id)}/decision`, {
      method: 'POST',
      body: JSON.stringify({ accept, reason }),
    }),
  alertEvidence: (id: string) => call('GET /api/alerts/:id/evidence', { params: { id } }),
  keywordLibraries: () => call('GET /api/keyword-libraries', {}),
  createKeywordLibrary: (body: ApiBody<'POST /api/keyword-libraries'>) => call('POST /api/keyword-libraries', { body }),
  testKeywords: (text: string) => call('POST /api/keyword-libraries/test', { body: { text } }),
  command: (body: CommandRequest) =>
    request(CommandResponse, '/api/commands', { method: 'POST', body: JSON.stringify(body) }),
  deviceEvents: (id: string, limit = 100) =>
    request(z.array(DeviceActivityEvent), `/api/devices/${encodeURIComponent(id)}/events?limit=${limit}`),
  keywordLibrary: (id: string) => call('GET /api/keyword-libraries/:id', { params: { id } }),
  sensitivitySettings: () => request(SensitivitySettings, '/api/settings/sensitivity'),
  saveSensitivitySettings: (body: SensitivitySettings) =>
    request(SensitivitySettings, '/api/settings/sensitivity', { method: 'PUT', body: JSON.stringify(body) }),
  reportSettings: () => request(ReportSettingsView, '/api/reports/settings'),
  saveReportSettings: (body: ReportSettings) =>
    request(ReportSettingsView, '/api/reports/settings', { method: 'PUT', body: JSON.stringify(body) }),
  checks: () => request(z.array(CheckResult), '/api/checks'),
  runCheck: (body: CheckRunRequest) =>
    request(CheckRunResponse, '/api/checks', { method: 'POST', body: JSON.stringify(body) }),
  // The policy and keyword-library editors.
  previewPolicy: (body: PolicyPreviewRequest) =>
    request(PolicyPreviewResponse, '/api/policies/preview', { method: 'POST', body: JSON.stringify(body) }),
  saveKeywordLibrary: (library: KeywordLibrary, reason: string) =>
    call('PUT /api/keyword-libraries/:id', { params: { id: library.id }, body: { library, reason } }),
  importKeywordLibrary: (id: string, format: 'csv' | 'json', content: string, reason: string) =>
    call('POST /api/keyword-libraries/:id/import', { params: { id }, body: { format, content, reason } }),
};
