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
  JustificationRequest,
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
import { DevicesQuery, Room } from './staffApi.js';
import { SchoolOverview, SessionInfo } from './staffAccounts.js';

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

/** What one staff-API route takes and gives. */
export interface ApiContractRoute {
  body?: z.ZodType;
  query?: z.ZodType;
  response: z.ZodType;
}

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
  'GET /api/keyword-libraries': { response: z.array(LibraryInfo) },
  'POST /api/keyword-libraries': { body: SaveLibraryRequest, response: LibraryInfo },
  'GET /api/keyword-libraries/:id': { response: LibraryDetail },
  'PUT /api/keyword-libraries/:id': { body: SaveLibraryRequest, response: LibraryInfo },
  'POST /api/keyword-libraries/:id/import': { body: ImportLibraryRequest, response: LibraryInfo },
  'POST /api/keyword-libraries/test': { body: KeywordTestRequest, response: z.array(KeywordTestMatch) },
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
