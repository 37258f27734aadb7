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
];
