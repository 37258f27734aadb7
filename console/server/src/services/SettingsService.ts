import {
  RetentionSettings,
  SafeguardingSettings,
  SensitivitySettings,
  TermSettings,
  type StaffUser,
} from '@lookout/shared';
import type { z } from 'zod';
import type { AuditLog } from '../store/AuditLog.js';
import type { Transactor } from '../store/ConsoleDatabase.js';
import type { SettingStore } from '../store/SettingStore.js';

const SCHEMAS = {
  safeguarding: SafeguardingSettings,
  retention: RetentionSettings,
  sensitivity: SensitivitySettings,
  /** The school's term dates, for the leadership dashboard's trends by term. */
  terms: TermSettings,
} as const;
type SettingKey = keyof typeof SCHEMAS;
type SettingValue<K extends SettingKey> = z.infer<(typeof SCHEMAS)[K]>;

/** School-wide settings kept in the database, each change audited with its before and after. */
export class SettingsService {
  private readonly cache = new Map<SettingKey, unknown>();
  private readonly listeners = new Set<(key: SettingKey) => void>();
  private changes = 0;

  constructor(
    private readonly db: Transactor,
    private readonly store: SettingStore,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  async load(): Promise<void> {
    this.changes = await this.audit.count('settings.');
    for (const key of Object.keys(SCHEMAS) as SettingKey[]) {
      const parsed = SCHEMAS[key].safeParse((await this.store.get(key)) ?? {});
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
    await this.db.transaction(async (tx) => {
      await this.store.set(key, value, user.username, this.now().toISOString(), tx);
      await this.audit.append(
        { actor: user.username, action: `settings.${key}.changed`, target: key, details: { before, after: value } },
        tx,
      );
    });
    this.cache.set(key, value);
    this.changes++;
    for (const listener of this.listeners) listener(key);
    return value;
  }
}
