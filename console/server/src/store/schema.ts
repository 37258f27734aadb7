import type { ColumnType, Generated } from 'kysely';

/**
 * The console's tables as the query builder sees them (the schema itself is made by migrations.ts). Times are
 * ISO 8601 text and flags are 0/1 integers, so the same rows read alike in SQLite and PostgreSQL.
 */
export interface Database {
  schema_migrations: { version: number; name: string; applied_at: string };
  staff_users: StaffUsersTable;
  staff_sessions: StaffSessionsTable;
  staff_sign_in_failures: { username: string; at: string };
  enrolment_tokens: EnrolmentTokensTable;
  devices: DevicesTable;
  events: EventsTable;
  audit_log: AuditLogTable;
  sites: { id: string; name: string; created_at: string };
  rooms: { id: string; site_id: string; name: string; hostname_pattern: string | null; created_at: string };
  room_teachers: { room_id: string; user_id: string };
  alerts: AlertsTable;
  evidence: EvidenceTable;
  keyword_libraries: VersionedTable & { library_json: string };
  cases: { id: string; pupil: string; title: string; opened_at: string; opened_by: string };
  case_entries: CaseEntriesTable;
  evidence_justifications: { id: Generated<number>; alert_id: string; username: string; reason: string; at: string };
  exception_proposals: ExceptionProposalsTable;
  settings: { key: string; value_json: string; changed_by: string | null; changed_at: string };
  policies: VersionedTable & { name: string; document_json: string };
  policy_assignments: PolicyAssignmentsTable;
  groups: { id: string; kind: string; name: string; created_at: string };
  group_members: { group_id: string; member: string };
  url_categories: UrlCategoriesTable;
  lesson_limits: { room_id: string; mode: string; sites_json: string; expires_at: string; set_by: string };
  media_grants: MediaGrantsTable;
  alert_notifications: AlertNotificationsTable;
  alert_acknowledgements: { alert_id: string; username: string; at: string };
  check_results: CheckResultsTable;
}

export interface CheckResultsTable {
  id: Generated<number>;
  run_id: string;
  device_id: string;
  hostname: string;
  kind: string;
  category: string | null;
  outcome: string;
  passed: number;
  detail: string;
  run_by: string;
  run_at: string;
}

export interface AlertNotificationsTable {
  id: Generated<number>;
  alert_id: string;
  stage: number;
  channel: string;
  recipients_json: string;
  sent_at: string;
  ok: number;
  error: string | null;
}

/** A column with a default: optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface StaffUsersTable {
  id: string;
  username: string;
  password_hash: string;
  role: string;
  created_at: string;
  disabled_at: string | null;
  must_change_password: Defaulted<number>;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: number | null;
}

export interface StaffSessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface EnrolmentTokensTable {
  id: string;
  token_hash: string;
  label: string | null;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  max_uses: number;
  uses: Defaulted<number>;
  revoked_at: string | null;
}

export interface DevicesTable {
  id: string;
  hostname: string;
  credential_hash: string;
  enrolled_at: string;
  enrolment_token_id: string | null;
  revoked_at: string | null;
  last_seen: string | null;
  os_json: string | null;
  user_name: string | null;
  agent_version: string | null;
  capabilities_json: Defaulted<string>;
  current_app: string | null;
  current_title: string | null;
  current_window_seq: Defaulted<number>;
  last_stored_seq: Defaulted<number>;
  room_id: string | null;
  room_placement: 'manual' | 'pattern' | null;
  never_lock: Defaulted<number>;
  locked: Defaulted<number>;
  lock_state_seq: Defaulted<number>;
  policy_revision: string | null;
  policy_applied_at: string | null;
  clock_skew_ms: number | null;
  user_display_name: string | null;
  current_url: string | null;
  current_url_seq: Defaulted<number>;
}

export interface EventsTable {
  device_id: string;
  seq: number;
  id: string;
  ts: string;
  type: string;
  user_name: string | null;
  payload_json: string;
  received_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  details_json: Defaulted<string>;
}

export interface AlertsTable {
  id: string;
  kind: Defaulted<string>;
  device_id: string | null;
  seq: number | null;
  ts: string;
  user_name: string | null;
  category: string;
  severity: number;
  phrase: string;
  matched: string;
  context: string;
  source: string;
  app: string;
  title: string;
  url: string | null;
  evidence_ids_json: string;
  /** Why a keyword rule matched (JSON of KeywordMatchExplanation); null for concerns and older agents. */
  explanation_json: Defaulted<string | null>;
  status: Defaulted<string>;
  received_at: string;
  assignee: string | null;
  case_id: string | null;
  outcome: string | null;
  closed_at: string | null;
}

export interface EvidenceTable {
  id: string;
  alert_id: string;
  device_id: string;
  captured_at: string;
  path: string;
  bytes: number;
  sha256: string;
  received_at: string;
}

interface VersionedTable {
  id: string;
  version: number;
  changed_by: string | null;
  changed_at: string;
  reason: string;
}

export interface CaseEntriesTable {
  case_id: string;
  seq: number;
  at: string;
  author: string;
  kind: string;
  text: string;
  details_json: string;
}

export interface ExceptionProposalsTable {
  id: string;
  library_id: string;
  category: string;
  phrase: string;
  exception: string;
  alert_id: string;
  proposed_by: string;
  proposed_at: string;
  status: Defaulted<string>;
  decided_by: string | null;
  decided_at: string | null;
}

export interface PolicyAssignmentsTable {
  id: string;
  policy_id: string;
  scope: string;
  target_id: string | null;
  schedule_json: string;
  created_at: string;
}

export interface UrlCategoriesTable {
  category: string;
  domains_text: string;
  urls_text: string;
  imported_by: string | null;
  imported_at: string;
}

export interface MediaGrantsTable {
  id: string;
  device_key: string;
  label: string | null;
  expires_at: string | null;
  granted_by: string;
  granted_at: string;
  reason: string;
  revoked_at: string | null;
}
