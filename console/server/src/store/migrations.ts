/** A versioned schema change. Statements stay portable SQL so a PostgreSQL store can reuse them. */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

export const consoleMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'staff, devices, events, audit',
    statements: [
      `CREATE TABLE staff_users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL,
        created_at TEXT NOT NULL,
        disabled_at TEXT
      )`,
      `CREATE TABLE staff_sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES staff_users(id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      )`,
      `CREATE TABLE enrolment_tokens (
        id TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        label TEXT,
        created_by TEXT,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        max_uses INTEGER NOT NULL,
        uses INTEGER NOT NULL DEFAULT 0,
        revoked_at TEXT
      )`,
      `CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        hostname TEXT NOT NULL,
        credential_hash TEXT NOT NULL,
        enrolled_at TEXT NOT NULL,
        enrolment_token_id TEXT REFERENCES enrolment_tokens(id),
        revoked_at TEXT,
        last_seen TEXT,
        os_json TEXT,
        user_name TEXT,
        agent_version TEXT,
        capabilities_json TEXT NOT NULL DEFAULT '{}',
        current_app TEXT,
        current_title TEXT,
        current_window_seq INTEGER NOT NULL DEFAULT 0,
        last_stored_seq INTEGER NOT NULL DEFAULT 0
      )`,
      `CREATE TABLE events (
        device_id TEXT NOT NULL REFERENCES devices(id),
        seq INTEGER NOT NULL,
        id TEXT NOT NULL,
        ts TEXT NOT NULL,
        type TEXT NOT NULL,
        user_name TEXT,
        payload_json TEXT NOT NULL,
        received_at TEXT NOT NULL,
        PRIMARY KEY (device_id, seq)
      )`,
      'CREATE INDEX events_by_time ON events (ts)',
      `CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT,
        action TEXT NOT NULL,
        target TEXT,
        details_json TEXT NOT NULL DEFAULT '{}'
      )`,
      `CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`,
      `CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`,
    ],
  },
  {
    version: 2,
    name: 'sites, rooms, teachers, lock state',
    statements: [
      `CREATE TABLE sites (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
      )`,
      `CREATE TABLE rooms (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES sites(id),
        name TEXT NOT NULL,
        hostname_pattern TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (site_id, name)
      )`,
      `CREATE TABLE room_teachers (
        room_id TEXT NOT NULL REFERENCES rooms(id),
        user_id TEXT NOT NULL REFERENCES staff_users(id),
        PRIMARY KEY (room_id, user_id)
      )`,
      'ALTER TABLE devices ADD COLUMN room_id TEXT REFERENCES rooms(id)',
      // 'manual' placements are never moved by a hostname pattern; 'pattern' ones follow the patterns.
      'ALTER TABLE devices ADD COLUMN room_placement TEXT',
      'ALTER TABLE devices ADD COLUMN never_lock INTEGER NOT NULL DEFAULT 0',
      'ALTER TABLE devices ADD COLUMN locked INTEGER NOT NULL DEFAULT 0',
      'ALTER TABLE devices ADD COLUMN lock_state_seq INTEGER NOT NULL DEFAULT 0',
    ],
  },
  {
    version: 3,
    name: 'alerts, evidence, keyword libraries',
    statements: [
      `CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL REFERENCES devices(id),
        seq INTEGER NOT NULL,
        ts TEXT NOT NULL,
        user_name TEXT,
        category TEXT NOT NULL,
        severity INTEGER NOT NULL,
        phrase TEXT NOT NULL,
        matched TEXT NOT NULL,
        context TEXT NOT NULL,
        source TEXT NOT NULL,
        app TEXT NOT NULL,
        title TEXT NOT NULL,
        url TEXT,
        evidence_ids_json TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'new',
        received_at TEXT NOT NULL
      )`,
      'CREATE INDEX alerts_by_severity_time ON alerts (severity DESC, ts DESC)',
      `CREATE TABLE evidence (
        id TEXT PRIMARY KEY,
        alert_id TEXT NOT NULL,
        device_id TEXT NOT NULL REFERENCES devices(id),
        captured_at TEXT NOT NULL,
        path TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        received_at TEXT NOT NULL
      )`,
      'CREATE INDEX evidence_by_alert ON evidence (alert_id)',
      `CREATE TABLE keyword_libraries (
        id TEXT NOT NULL,
        version INTEGER NOT NULL,
        library_json TEXT NOT NULL,
        changed_by TEXT,
        changed_at TEXT NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (id, version)
      )`,
    ],
  },
  {
    version: 4,
    name: 'safeguarding: triage, concerns, cases, justifications, proposals, settings',
    statements: [
      // Concerns join the queue; an anonymous one has no device, so alerts is rebuilt with device_id nullable.
      `CREATE TABLE alerts_v4 (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL DEFAULT 'keyword',
        device_id TEXT REFERENCES devices(id),
        seq INTEGER,
        ts TEXT NOT NULL,
        user_name TEXT,
        category TEXT NOT NULL,
        severity INTEGER NOT NULL,
        phrase TEXT NOT NULL,
        matched TEXT NOT NULL,
        context TEXT NOT NULL,
        source TEXT NOT NULL,
        app TEXT NOT NULL,
        title TEXT NOT NULL,
        url TEXT,
        evidence_ids_json TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'new',
        received_at TEXT NOT NULL,
        assignee TEXT,
        case_id TEXT,
        outcome TEXT,
        closed_at TEXT
      )`,
      `INSERT INTO alerts_v4 (id, device_id, seq, ts, user_name, category, severity, phrase, matched, context, source,
        app, title, url, evidence_ids_json, status, received_at)
        SELECT id, device_id, seq, ts, user_name, category, severity, phrase, matched, context, source,
        app, title, url, evidence_ids_json, status, received_at FROM alerts`,
      'DROP TABLE alerts',
      'ALTER TABLE alerts_v4 RENAME TO alerts',
      'CREATE INDEX alerts_by_severity_time ON alerts (severity DESC, ts DESC)',
      'CREATE INDEX alerts_by_case ON alerts (case_id)',
      'CREATE INDEX alerts_by_user ON alerts (user_name)',
      'CREATE INDEX events_by_user ON events (user_name)',
      `CREATE TABLE cases (
        id TEXT PRIMARY KEY,
        pupil TEXT NOT NULL,
        title TEXT NOT NULL,
        opened_at TEXT NOT NULL,
        opened_by TEXT NOT NULL
      )`,
      `CREATE TABLE case_entries (
        case_id TEXT NOT NULL REFERENCES cases(id),
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        author TEXT NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        details_json TEXT NOT NULL,
        PRIMARY KEY (case_id, seq)
      )`,
      // A case record is evidence of what the school knew and did: nothing in it is changed or removed.
      `CREATE TRIGGER cases_are_append_only_update BEFORE UPDATE ON cases
        BEGIN SELECT RAISE(ABORT, 'case records are append-only'); END`,
      `CREATE TRIGGER cases_are_append_only_delete BEFORE DELETE ON cases
        BEGIN SELECT RAISE(ABORT, 'case records are append-only'); END`,
      `CREATE TRIGGER case_entries_are_append_only_update BEFORE UPDATE ON case_entries
        BEGIN SELECT RAISE(ABORT, 'case records are append-only'); END`,
      `CREATE TRIGGER case_entries_are_append_only_delete BEFORE DELETE ON case_entries
        BEGIN SELECT RAISE(ABORT, 'case records are append-only'); END`,
      `CREATE TABLE evidence_justifications (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        alert_id TEXT NOT NULL,
        username TEXT NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL
      )`,
      'CREATE INDEX justifications_by_alert ON evidence_justifications (alert_id, username)',
      `CREATE TABLE exception_proposals (
        id TEXT PRIMARY KEY,
        library_id TEXT NOT NULL,
        category TEXT NOT NULL,
        phrase TEXT NOT NULL,
        exception TEXT NOT NULL,
        alert_id TEXT NOT NULL,
        proposed_by TEXT NOT NULL,
        proposed_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open',
        decided_by TEXT,
        decided_at TEXT
      )`,
      `CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value_json TEXT NOT NULL,
        changed_by TEXT,
        changed_at TEXT NOT NULL
      )`,
    ],
  },
  {
    version: 5,
    name: 'policies, assignments, groups, URL categories, lesson limits, policy running per device',
    statements: [
      `CREATE TABLE policies (
        id TEXT NOT NULL,
        version INTEGER NOT NULL,
        name TEXT NOT NULL,
        document_json TEXT NOT NULL,
        changed_by TEXT,
        changed_at TEXT NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (id, version)
      )`,
      `CREATE TABLE policy_assignments (
        id TEXT PRIMARY KEY,
        policy_id TEXT NOT NULL,
        scope TEXT NOT NULL,
        target_id TEXT,
        schedule_json TEXT NOT NULL,
        created_at TEXT NOT NULL
      )`,
      `CREATE TABLE groups (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (kind, name)
      )`,
      `CREATE TABLE group_members (
        group_id TEXT NOT NULL REFERENCES groups(id),
        member TEXT NOT NULL,
        PRIMARY KEY (group_id, member)
      )`,
      `CREATE TABLE url_categories (
        category TEXT PRIMARY KEY,
        domains_text TEXT NOT NULL,
        urls_text TEXT NOT NULL,
        imported_by TEXT,
        imported_at TEXT NOT NULL
      )`,
      `CREATE TABLE lesson_limits (
        room_id TEXT PRIMARY KEY,
        mode TEXT NOT NULL,
        sites_json TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        set_by TEXT NOT NULL
      )`,
      'ALTER TABLE devices ADD COLUMN policy_revision TEXT',
      'ALTER TABLE devices ADD COLUMN policy_applied_at TEXT',
    ],
  },
  {
    version: 6,
    name: 'media grants',
    statements: [
      `CREATE TABLE media_grants (
        id TEXT PRIMARY KEY,
        device_key TEXT NOT NULL,
        label TEXT,
        expires_at TEXT,
        granted_by TEXT NOT NULL,
        granted_at TEXT NOT NULL,
        reason TEXT NOT NULL,
        revoked_at TEXT
      )`,
    ],
  },
  {
    version: 7,
    name: 'staff account lifecycle: session activity, forced password change, second factor, sign-in failures',
    statements: [
      // Sessions get an id of their own (listed and revoked by admins) and a last-seen time for the idle limit.
      // Sessions from before have neither: they end, and their users sign in again once.
      'DELETE FROM staff_sessions',
      "ALTER TABLE staff_sessions ADD COLUMN id TEXT NOT NULL DEFAULT ''",
      "ALTER TABLE staff_sessions ADD COLUMN last_seen_at TEXT NOT NULL DEFAULT ''",
      'CREATE UNIQUE INDEX staff_sessions_by_id ON staff_sessions (id)',
      'CREATE INDEX staff_sessions_by_user ON staff_sessions (user_id)',
      'ALTER TABLE staff_users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0',
      'ALTER TABLE staff_users ADD COLUMN totp_secret TEXT',
      'ALTER TABLE staff_users ADD COLUMN totp_pending_secret TEXT',
      // The TOTP time step of the last code accepted: a code is never accepted twice.
      'ALTER TABLE staff_users ADD COLUMN totp_last_step INTEGER',
      `CREATE TABLE staff_sign_in_failures (
        username TEXT NOT NULL,
        at TEXT NOT NULL
      )`,
      'CREATE INDEX staff_sign_in_failures_by_user ON staff_sign_in_failures (username, at)',
    ],
  },
  {
    version: 8,
    name: "receipt time orders and expires safeguarding data; evidence budgets; PCs' clock skew",
    statements: [
      // The queue, date filters and retention go by the console's receipt time, never the PC's clock.
      'CREATE INDEX alerts_by_severity_receipt ON alerts (severity DESC, received_at DESC)',
      'CREATE INDEX alerts_by_receipt ON alerts (received_at)',
      'CREATE INDEX events_by_receipt ON events (received_at)',
      'CREATE INDEX evidence_by_device_receipt ON evidence (device_id, received_at)',
      'CREATE INDEX evidence_by_receipt ON evidence (received_at)',
      'ALTER TABLE devices ADD COLUMN clock_skew_ms INTEGER',
    ],
  },
  {
    version: 13,
    name: 'why a keyword alert matched',
    statements: [
      // JSON of KeywordMatchExplanation; NULL for concerns and for alerts from agents that send none.
      'ALTER TABLE alerts ADD COLUMN explanation_json TEXT',
    ],
  },
  {
    version: 14,
    name: 'high-risk alert notifications: who was told, when and how; who acknowledged',
    statements: [
      `CREATE TABLE alert_notifications (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        alert_id TEXT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        stage INTEGER NOT NULL,
        channel TEXT NOT NULL,
        recipients_json TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        ok INTEGER NOT NULL,
        error TEXT
      )`,
      'CREATE INDEX alert_notifications_by_alert ON alert_notifications (alert_id, stage)',
      `CREATE TABLE alert_acknowledgements (
        alert_id TEXT PRIMARY KEY REFERENCES alerts(id) ON DELETE CASCADE,
        username TEXT NOT NULL,
        at TEXT NOT NULL
      )`,
    ],
  },
  {
    version: 17,
    name: "the signed-in pupil's display name and the device's latest URL, for the classroom wall",
    statements: [
      'ALTER TABLE devices ADD COLUMN user_display_name TEXT',
      'ALTER TABLE devices ADD COLUMN current_url TEXT',
      'ALTER TABLE devices ADD COLUMN current_url_seq INTEGER NOT NULL DEFAULT 0',
    ],
  },
  {
    version: 20,
    name: 'checks: PCs asked to prove their filtering and monitoring, one row per PC and what was tried',
    statements: [
      `CREATE TABLE check_results (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        hostname TEXT NOT NULL,
        kind TEXT NOT NULL,
        category TEXT,
        outcome TEXT NOT NULL,
        passed INTEGER NOT NULL,
        detail TEXT NOT NULL,
        run_by TEXT NOT NULL,
        run_at TEXT NOT NULL
      )`,
      'CREATE INDEX check_results_by_time ON check_results (run_at)',
      // The review pack's record of checks is evidence for the governors: kept as it was written.
      `CREATE TRIGGER check_results_are_append_only_update BEFORE UPDATE ON check_results
        BEGIN SELECT RAISE(ABORT, 'check results are append-only'); END`,
    ],
  },
];
