import { RetentionSettings, SafeguardingSettings, SensitivitySettings, type StaffUser } from '@lookout/shared';
import type { z } from 'zod';
import type { AuditLog } from '../store/AuditLog.js';
import type { SqlRunner } from '../store/ConsoleDatabase.js';

const SCHEMAS = {
  safeguarding: SafeguardingSettings,
  retention: RetentionSettings,
  sensitivity: SensitivitySettings,
} as const;
type SettingKey = keyof typeof SCHEMAS;
type SettingValue<K extends SettingKey> = z.infer<(typeof SCHEMAS)[K]>;

/** School-wide settings kept in the database, each change audited with its before and after. */
export class SettingsService {
  private readonly cache = new Map<SettingKey, unknown>();
  private readonly listeners = new Set<(key: SettingKey) => void>();
  private changes = 0;

  constructor(
    private readonly db: SqlRunner,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  async load(): Promise<void> {
    const counted = await this.db.get<{ n: number }>(
      "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'settings.%'",
    );
    this.changes = counted?.n ?? 0;
    for (const key of Object.keys(SCHEMAS) as SettingKey[]) {
      const row = await this.db.get<{ value_json: string }>('SELECT value_json FROM settings WHERE key = ?', key);
      const parsed = SCHEMAS[key].safeParse(row ? JSON.parse(row.value_json) : {});
      this.cache.set(key, parsed.success ? parsed.data : SCHEMAS[key].parse({}));
    }
  }

  /** Grows with every change: part of the version of the policy pushed to agents. */
  revision(): number {
    return this.changes;
  }

  onChange(listener: (key: SettingKey) => void): void {
    this.listeners.add(listener);
  }

  get<K extends SettingKey>(key: K): SettingValue<K> {
    return (this.cache.get(key) ?? SCHEMAS[key].parse({})) as SettingValue<K>;
  }

  async set<K extends SettingKey>(user: StaffUser, key: K, value: SettingValue<K>): Promise<SettingValue<K>> {
    const before = this.get(key);
    await this.db.run(
      `INSERT INTO settings (key, value_json, changed_by, changed_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, changed_by = excluded.changed_by,
       changed_at = excluded.changed_at`,
      key,
      JSON.stringify(value),
      user.username,
      this.now().toISOString(),
    );
    await this.audit.append({
      actor: user.username,
      action: `settings.${key}.changed`,
      target: key,
      details: { before, after: value },
    });
    this.cache.set(key, value);
    this.changes++;
    for (const listener of this.listeners) listener(key);
    return value;
  }
}
