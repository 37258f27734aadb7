import { z } from 'zod';
import { AlertSummary, Evidence } from './alertSummary.js';
import { DeviceSummary } from './deviceSummary.js';
import {
  AlertsQuery,
  AuditQuery,
  CaseDetail,
  CaseEntryRequest,
  CaseSummary,
  CasesQuery,
  CreateCaseRequest,
  ExceptionProposal,
  JustificationRequest,
  PhraseStats,
  ProposalDecision,
  RetentionReport,
  RetentionSettings,
  SensitivitySettings,
  TriageRequest,
  TriageResponse,
} from './safeguarding.js';
import {
  ImportLibraryRequest,
  KeywordTestMatch,
  KeywordTestRequest,
  LibraryDetail,
  LibraryInfo,
  SaveLibraryRequest,
} from './keywordApi.js';
import {
  CommandRequest,
  CommandResponse,
  CreateEnrolmentTokenRequest,
  CreateRoomRequest,
  CreateSiteRequest,
  CreateUserRequest,
  DeviceNeverLockRequest,
  DeviceRoomRequest,
  DevicesQuery,
  EnrolmentToken,
  EnrolRequest,
  EnrolResponse,
  EventsQuery,
  HostnamePatternPreview,
  Room,
  RoomTeachersRequest,
  SessionRequest,
  Site,
  StaffUser,
  UpdateRoomRequest,
  BrowserExtensionPackage,
} from './staffApi.js';
import {
  ChangePasswordRequest,
  ChangeRoleRequest,
  DslGrant,
  EnrolmentTokenInfo,
  ResetPasswordRequest,
  SchoolOverview,
  SecondFactorCodeRequest,
  SecondFactorEnrolment,
  SessionInfo,
  StaffAccount,
  StaffSecuritySettings,
  StaffSessionInfo,
} from './staffAccounts.js';
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
  PolicyDiffResponse,
  PolicyExplanation,
  PolicyPreviewRequest,
  PolicyPreviewResponse,
  PolicyVersionInfo,
  RevokeGrantRequest,
  RollbackRequest,
  SavePolicyRequest,
} from '../policy/policyApi.js';
import { SafeguardingSettings } from './concern.js';
import { Dashboard, DashboardDrillQuery, DashboardIncidents, DashboardQuery, TermSettings } from './dashboard.js';
import { DeviceActivityEvent, StoredEvent } from './eventEnvelope.js';
import { AlertNotifications, NotificationSettings, NotificationSettingsView } from './notifications.js';
import {
  CheckResult,
  CheckRunRequest,
  CheckRunResponse,
  ChecksQuery,
  ReportSettings,
  ReportSettingsView,
} from './reports.js';
import {
  BreachesQuery,
  BrowserExtensionCount,
  DeleteEvidenceRequest,
  EndedSessions,
  HealthResponse,
  MailTestRequest,
  MailTestResult,
  PatternPreviewQuery,
  PolicyDiffQuery,
  ProposalsQuery,
  TeacherInfo,
  VersionResponse,
} from './routeSchemas.js';
import { DeviceUninstallCode } from './uninstallCode.js';

/** One entry of the audit log as the API returns it. */
export const AuditEntry = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** What one staff-API route takes and gives; `response: NoContent` for a route that answers 204 with no body. */
export interface ApiContractRoute {
  body?: z.ZodType;
  query?: z.ZodType;
  response: z.ZodType;
}

/** The answer of a route with no body (204). */
export const NoContent = z.undefined();

/**
 * The staff API's typed route map, shared by the server (its routes are checked against it by a test, so the two
 * cannot drift) and the web client (request and response types inferred from it; no copies by hand). Keyed by
 * "METHOD /path" exactly as the server registers the route.
 */
export const apiContract = {
  'GET /api/session': { response: SessionInfo },
  'GET /api/school': { response: z.object({ name: z.string() }) },
  'GET /api/overview': { response: SchoolOverview },
  'GET /api/rooms': { response: z.array(Room) },
  'GET /api/devices': { query: DevicesQuery, response: z.array(DeviceSummary) },
  'GET /api/devices/:id': { response: DeviceSummary },
  'GET /api/alerts': { query: AlertsQuery, response: z.array(AlertSummary) },
  'GET /api/alerts/:id': { response: AlertSummary },
  'POST /api/alerts/:id/justification': { body: JustificationRequest, response: AlertSummary },
  'POST /api/alerts/triage': { body: TriageRequest, response: TriageResponse },
  'GET /api/alerts/:id/evidence': { response: z.array(Evidence) },
  'GET /api/cases': { query: CasesQuery, response: z.array(CaseSummary) },
  'POST /api/cases': { body: CreateCaseRequest, response: CaseDetail },
  'GET /api/cases/:id': { response: CaseDetail },
  'POST /api/cases/:id/entries': { body: CaseEntryRequest, response: CaseDetail },
  'GET /api/audit': { query: AuditQuery, response: z.array(AuditEntry) },
  // System and session.
  'GET /api/health': { response: HealthResponse },
  'GET /api/version': { response: VersionResponse },
  'POST /api/session': { body: SessionRequest, response: SessionInfo },
  'DELETE /api/session': { response: NoContent },
  'PUT /api/session/password': { body: ChangePasswordRequest, response: SessionInfo },
  'POST /api/session/second-factor': { response: SecondFactorEnrolment },
  'POST /api/session/second-factor/confirm': { body: SecondFactorCodeRequest, response: SessionInfo },
  'DELETE /api/session/second-factor': { body: SecondFactorCodeRequest, response: NoContent },
  // Staff accounts.
  'GET /api/users': { response: z.array(StaffAccount) },
  'POST /api/users': { body: CreateUserRequest, response: StaffUser },
  'PUT /api/users/:id/role': { body: ChangeRoleRequest, response: StaffAccount },
  'POST /api/users/:id/disable': { response: StaffAccount },
  'POST /api/users/:id/enable': { response: StaffAccount },
  'POST /api/users/:id/password-reset': { body: ResetPasswordRequest, response: StaffAccount },
  'DELETE /api/users/:id/second-factor': { response: StaffAccount },
  'GET /api/users/:id/sessions': { response: z.array(StaffSessionInfo) },
  'DELETE /api/users/:id/sessions': { response: EndedSessions },
  'DELETE /api/users/:id/sessions/:sessionId': { response: EndedSessions },
  'GET /api/settings/staff-security': { response: StaffSecuritySettings },
  'PUT /api/settings/staff-security': { body: StaffSecuritySettings, response: StaffSecuritySettings },
  'GET /api/dsl-grants': { response: z.array(DslGrant) },
  // Devices, enrolment, sites and rooms.
  'GET /api/devices/browser-extension': { response: BrowserExtensionCount },
  'GET /api/devices/:id/events': { query: EventsQuery, response: z.array(DeviceActivityEvent) },
  'GET /api/devices/:id/uninstall-code': { response: DeviceUninstallCode },
  'POST /api/devices/:id/revoke': { response: DeviceSummary },
  'POST /api/enrolment-tokens': { body: CreateEnrolmentTokenRequest, response: EnrolmentToken },
  'GET /api/enrolment-tokens': { response: z.array(EnrolmentTokenInfo) },
  'POST /api/enrolment-tokens/:id/revoke': { response: EnrolmentTokenInfo },
  'POST /api/enrol': { body: EnrolRequest, response: EnrolResponse },
  'GET /api/extension': { response: BrowserExtensionPackage },
  'GET /api/sites': { response: z.array(Site) },
  'POST /api/sites': { body: CreateSiteRequest, response: Site },
  'POST /api/rooms': { body: CreateRoomRequest, response: Room },
  'GET /api/teachers': { response: z.array(TeacherInfo) },
  'GET /api/rooms/pattern-preview': { query: PatternPreviewQuery, response: HostnamePatternPreview },
  'PATCH /api/rooms/:id': { body: UpdateRoomRequest, response: Room },
  'PUT /api/rooms/:id/teachers': { body: RoomTeachersRequest, response: Room },
  'GET /api/rooms/:id/devices': { response: z.array(DeviceSummary) },
  'PUT /api/devices/:id/room': { body: DeviceRoomRequest, response: DeviceSummary },
  'PUT /api/devices/:id/never-lock': { body: DeviceNeverLockRequest, response: DeviceSummary },
  'POST /api/commands': { body: CommandRequest, response: CommandResponse },
  // Safeguarding settings, keyword feedback, retention.
  'DELETE /api/evidence/:id': { body: DeleteEvidenceRequest, response: NoContent },
  'GET /api/keyword-proposals': { query: ProposalsQuery, response: z.array(ExceptionProposal) },
  'POST /api/keyword-proposals/:id/decision': { body: ProposalDecision, response: ExceptionProposal },
  'GET /api/keyword-phrase-stats': { response: z.array(PhraseStats) },
  'GET /api/settings/safeguarding': { response: SafeguardingSettings },
  'PUT /api/settings/safeguarding': { body: SafeguardingSettings, response: SafeguardingSettings },
  'GET /api/settings/sensitivity': { response: SensitivitySettings },
  'PUT /api/settings/sensitivity': { body: SensitivitySettings, response: SensitivitySettings },
  'GET /api/settings/retention': { response: RetentionSettings },
  'PUT /api/settings/retention': { body: RetentionSettings, response: RetentionSettings },
  'POST /api/retention/run': { response: RetentionReport },
  // Policies.
  'GET /api/policies': { response: z.array(PolicyVersionInfo) },
  'POST /api/policies': { body: SavePolicyRequest, response: PolicyVersionInfo },
  'PUT /api/policies/:id': { body: SavePolicyRequest, response: PolicyVersionInfo },
  'POST /api/policies/preview': { body: PolicyPreviewRequest, response: PolicyPreviewResponse },
  'GET /api/policies/:id/versions': { response: z.array(PolicyVersionInfo) },
  'GET /api/policies/:id/diff': { query: PolicyDiffQuery, response: PolicyDiffResponse },
  'POST /api/policies/:id/rollback': { body: RollbackRequest, response: PolicyVersionInfo },
  'GET /api/policy-assignments': { response: z.array(AssignmentInfo) },
  'POST /api/policy-assignments': { body: CreateAssignmentRequest, response: AssignmentInfo },
  'DELETE /api/policy-assignments/:id': { body: DeleteAssignmentRequest, response: NoContent },
  'GET /api/groups': { response: z.array(GroupInfo) },
  'POST /api/groups': { body: CreateGroupRequest, response: GroupInfo },
  'PUT /api/groups/:id/members': { body: GroupMembersRequest, response: GroupInfo },
  'GET /api/devices/:id/policy': { response: PolicyExplanation },
  'GET /api/policy-status': { response: z.array(DevicePolicyStatus) },
  'GET /api/url-categories': { response: z.array(CategoryInfo) },
  'POST /api/url-categories': { body: ImportCategoryRequest, response: CategoryInfo },
  'GET /api/breaches': { query: BreachesQuery, response: z.array(StoredEvent) },
  'GET /api/media-grants': { response: z.array(MediaGrantInfo) },
  'POST /api/media-grants': { body: MediaGrantRequest, response: MediaGrantInfo },
  'DELETE /api/media-grants/:id': { body: RevokeGrantRequest, response: NoContent },
  'GET /api/rooms/:id/lesson-limit': { response: LessonLimitInfo.nullable() },
  'PUT /api/rooms/:id/lesson-limit': { body: LessonLimitRequest, response: LessonLimitInfo },
  'DELETE /api/rooms/:id/lesson-limit': { response: NoContent },
  'GET /api/keyword-libraries': { response: z.array(LibraryInfo) },
  'POST /api/keyword-libraries': { body: SaveLibraryRequest, response: LibraryInfo },
  'GET /api/keyword-libraries/:id': { response: LibraryDetail },
  'PUT /api/keyword-libraries/:id': { body: SaveLibraryRequest, response: LibraryInfo },
  'POST /api/keyword-libraries/:id/import': { body: ImportLibraryRequest, response: LibraryInfo },
  'POST /api/keyword-libraries/test': { body: KeywordTestRequest, response: z.array(KeywordTestMatch) },
  // Notifications, reports, checks and the dashboard.
  'GET /api/notifications/settings': { response: NotificationSettingsView },
  'PUT /api/notifications/settings': { body: NotificationSettings, response: NotificationSettingsView },
  'POST /api/notifications/test': { body: MailTestRequest, response: MailTestResult },
  'GET /api/alerts/:id/notifications': { response: AlertNotifications },
  'POST /api/alerts/:id/acknowledge': { response: AlertNotifications },
  'GET /api/reports/settings': { response: ReportSettingsView },
  'PUT /api/reports/settings': { body: ReportSettings, response: ReportSettingsView },
  'POST /api/checks': { body: CheckRunRequest, response: CheckRunResponse },
  'GET /api/checks': { query: ChecksQuery, response: z.array(CheckResult) },
  'GET /api/dashboard': { query: DashboardQuery, response: Dashboard },
  'GET /api/dashboard/incidents': { query: DashboardDrillQuery, response: DashboardIncidents },
  'GET /api/settings/terms': { response: TermSettings },
  'PUT /api/settings/terms': { body: TermSettings, response: TermSettings },
} as const satisfies Record<string, ApiContractRoute>;

export type ApiContract = typeof apiContract;
export type ApiRouteKey = keyof ApiContract;
type Field<K extends ApiRouteKey, F extends string> =
  ApiContract[K] extends Record<F, infer S extends z.ZodType> ? S : undefined;
/** What a client sends: the schema's input (defaults may be left out). */
export type ApiBody<K extends ApiRouteKey> = Field<K, 'body'> extends z.ZodType ? z.input<Field<K, 'body'>> : undefined;
export type ApiQuery<K extends ApiRouteKey> =
  Field<K, 'query'> extends z.ZodType ? z.input<Field<K, 'query'>> : undefined;
export type ApiResponse<K extends ApiRouteKey> = z.infer<ApiContract[K]['response']>;
