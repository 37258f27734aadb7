import { join } from 'node:path';
import type { EnrolmentToken } from '@lookout/shared';
import type { ConsoleConfig } from '../config/ConsoleConfig.js';
import { ConsoleBus } from '../services/ConsoleBus.js';
import { DeviceService } from '../services/DeviceService.js';
import { consoleUrl, enrolmentInstructions } from '../services/EnrolmentInstructions.js';
import { AuditLog } from '../store/AuditLog.js';
import { DeviceStore } from '../store/DeviceStore.js';
import { EnrolmentTokenStore } from '../store/EnrolmentTokenStore.js';
import { consoleMigrations } from '../store/migrations.js';
import { GroupCommitWriter } from '../store/GroupCommitWriter.js';
import { ConsoleDatabase } from '../store/ConsoleDatabase.js';
import { consoleTlsFor } from '../tls/ConsoleCertificates.js';

/**
 * Creates an enrolment token straight in the console's database, for whoever runs the server (its service
 * account or root): provisioning scripts and `npm start`'s local agent need no staff password. Audited as
 * the console's command line. The token comes with the console's CA pin (the CA is created here if the console
 * has not yet started) and the command to run on each PC.
 */
export async function createEnrolmentTokenOffline(
  config: ConsoleConfig,
  input: { label?: string; expiresInHours: number; maxUses: number },
): Promise<EnrolmentToken> {
  const now = () => new Date();
  const tls = await consoleTlsFor(config, now());
  const db = await ConsoleDatabase.open(join(config.dataDir, 'console.sqlite'), consoleMigrations);
  try {
    const devices = new DeviceService(
      db,
      new DeviceStore(db, new GroupCommitWriter(db), now),
      new EnrolmentTokenStore(db, now),
      new AuditLog(db, now),
      new ConsoleBus(),
      now,
    );
    const token = await devices.createEnrolmentToken({ id: 'console-cli', username: 'console command line' }, input);
    return enrolmentInstructions(token, {
      serverUrl: consoleUrl(tls !== undefined, config.publicHost, config.port),
      caPin: tls?.caPin ?? null,
    });
  } finally {
    await db.close();
  }
}
