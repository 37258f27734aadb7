import { join } from 'node:path';
import type { EnrolmentToken } from '@lookout/shared';
import type { ConsoleConfig } from '../config/ConsoleConfig.js';
import { ConsoleBus } from '../services/ConsoleBus.js';
import { DeviceService } from '../services/DeviceService.js';
import { AuditLog } from '../store/AuditLog.js';
import { DeviceStore } from '../store/DeviceStore.js';
import { EnrolmentTokenStore } from '../store/EnrolmentTokenStore.js';
import { consoleMigrations } from '../store/migrations.js';
import { SqliteDatabase } from '../store/SqliteDatabase.js';

/**
 * Creates an enrolment token straight in the console's database, for whoever runs the server (its service
 * account or root): provisioning scripts and `npm start`'s local agent need no staff password. Audited as
 * the console's command line.
 */
export async function createEnrolmentTokenOffline(
  config: ConsoleConfig,
  input: { label?: string; expiresInHours: number; maxUses: number },
): Promise<EnrolmentToken> {
  const now = () => new Date();
  const db = await SqliteDatabase.open(join(config.dataDir, 'console.sqlite'), consoleMigrations);
  try {
    const devices = new DeviceService(
      db,
      new DeviceStore(db, now),
      new EnrolmentTokenStore(db, now),
      new AuditLog(db, now),
      new ConsoleBus(),
      now,
    );
    return await devices.createEnrolmentToken({ id: 'console-cli', username: 'console command line' }, input);
  } finally {
    await db.close();
  }
}
