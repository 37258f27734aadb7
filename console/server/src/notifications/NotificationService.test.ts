import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotificationSettings, type StaffUser } from '@lookout/shared';
import { AlertStore } from '../store/AlertStore.js';
import { AuditLog } from '../store/AuditLog.js';
import type { ConsoleDatabase } from '../store/ConsoleDatabase.js';
import { NotificationStore } from '../store/NotificationStore.js';
import { SettingStore } from '../store/SettingStore.js';
import { openTestDatabase } from '../store/testDatabase.js';
import { NotificationService } from './NotificationService.js';
import type { OutgoingMail } from './SmtpMailer.js';

// The console's real database; the mail server is a recording stand-in here (the SMTP path itself is tested
// against a real SMTP server in test/integration/notifications.test.ts).
const dsl = { id: randomUUID(), username: 'dsl.lead', role: 'dsl' } as StaffUser;
let db: ConsoleDatabase;
let close: () => Promise<void>;
let clock: Date;
let sent: OutgoingMail[];
let failing: boolean;
let service: NotificationService;
let alerts: AlertStore;

const settings = (over: Partial<NotificationSettings> = {}) =>
  NotificationSettings.parse({
    enabled: true,
    firstContacts: [{ name: 'Dee', email: 'dsl@school.test' }],
    escalation: [{ name: 'Head', email: 'head@school.test' }],
    smtp: { host: '127.0.0.1', port: 2525, security: 'none', from: 'lookout@school.test', password: '' },
    ...over,
  });

async function concern(at: Date) {
  const id = randomUUID();
  await alerts.addConcern({
    id,
    deviceId: null,
    ts: at.toISOString(),
    user: null,
    category: 'bullying',
    categoryName: 'Bullying',
    severity: 3,
    text: 'x',
    receivedAt: at.toISOString(),
  });
  return id;
}

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  clock = new Date('2026-06-03T09:00:00Z');
  sent = [];
  failing = false;
  alerts = new AlertStore(db);
  service = new NotificationService(
    db,
    new SettingStore(db),
    new NotificationStore(db),
    new AuditLog(db, () => clock),
    {
      schoolName: () => 'Hillside',
      categoryName: () => 'Bullying',
      timeZone: 'Europe/London',
      consoleUrl: 'https://lookout.test',
      now: () => clock,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      mailer: () => ({
        send: async (mail) => {
          if (failing) throw new Error('connection refused');
          sent.push(mail);
          return '250 ok';
        },
        close: () => undefined,
      }),
    },
  );
  await service.load();
});

afterEach(async () => close());

const pass = async () => {
  service.check();
  await service.idle();
};

describe('high-risk mail', () => {
  it('mails nothing received before it was switched on, then each new alert once', async () => {
    await concern(new Date(clock.getTime() - 60_000));
    await service.update(dsl, settings());
    await pass();
    expect(sent).toHaveLength(0);
    clock = new Date(clock.getTime() + 1000);
    const fresh = await concern(clock);
    await pass();
    await pass();
    expect(sent.map((m) => m.text.includes(fresh))).toEqual([true]);
  });

  it('is not hidden by a flood of older alerts whose escalation has run its course', async () => {
    await service.update(dsl, settings({ escalation: [] }));
    clock = new Date(clock.getTime() + 1000);
    for (let i = 0; i < 600; i++) await concern(clock);
    await pass();
    expect(sent).toHaveLength(500); // the newest 500 of the flood this pass; the rest the next
    await pass();
    expect(sent).toHaveLength(600);
    clock = new Date(clock.getTime() + 1000);
    const fresh = await concern(clock);
    sent = [];
    await pass();
    expect(sent.map((m) => m.text.includes(fresh))).toEqual([true]);
  });

  it('tries failed mail again with growing gaps instead of giving up after a few minutes', async () => {
    await service.update(dsl, settings());
    clock = new Date(clock.getTime() + 1000);
    await concern(clock);
    failing = true;
    for (let minute = 0; minute < 10; minute++) {
      await pass();
      clock = new Date(clock.getTime() + 60_000);
    }
    expect(sent).toHaveLength(0);
    failing = false;
    clock = new Date(clock.getTime() + 30 * 60_000);
    await pass();
    expect(sent).toHaveLength(1);
  });

  it('keeps the mail password only for the same server and login', async () => {
    await service.update(dsl, settings({ smtp: { ...settings().smtp!, password: 'secret-1' } }));
    expect(service.view().smtp?.passwordSet).toBe(true);
    await service.update(dsl, settings({ smtp: { ...settings().smtp!, password: undefined } }));
    expect(service.view().smtp?.passwordSet).toBe(true);
    await service.update(dsl, settings({ smtp: { ...settings().smtp!, host: '127.0.0.2', password: undefined } }));
    expect(service.view().smtp?.passwordSet).toBe(false);
    await expect(
      service.update(dsl, settings({ smtp: { ...settings().smtp!, host: 'mail.example.test', username: 'lookout' } })),
    ).rejects.toThrow(/in clear/);
  });
});
