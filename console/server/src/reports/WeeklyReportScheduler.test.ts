import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StaffUser } from '@lookout/shared';
import { AuditLog } from '../store/AuditLog.js';
import { CheckStore } from '../store/CheckStore.js';
import type { ConsoleDatabase } from '../store/ConsoleDatabase.js';
import { ReportStore } from '../store/ReportStore.js';
import { SettingStore } from '../store/SettingStore.js';
import { openTestDatabase } from '../store/testDatabase.js';
import type { OutgoingMail } from '../notifications/SmtpMailer.js';
import { MonitoringReports } from './MonitoringReports.js';
import { WeeklyReportScheduler } from './WeeklyReportScheduler.js';

// The console's real database and an injected clock; the mail server is a recording stand-in here (the SMTP path
// and libfaketime restarts are tested with a real SMTP server in test/integration/reports.test.ts).
const dsl = { id: randomUUID(), username: 'dsl.lead', role: 'dsl' } as StaffUser;
let db: ConsoleDatabase;
let close: () => Promise<void>;
let clock: Date;
let sent: OutgoingMail[];
let refuse: (mail: OutgoingMail) => boolean;
let audit: AuditLog;

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function scheduler() {
  const reports = new MonitoringReports(
    db,
    new SettingStore(db),
    new ReportStore(db),
    new CheckStore(db),
    audit,
    {
      schoolName: () => 'Hillside',
      categoryName: (c) => c,
      policies: () => [],
      policyVersions: async () => [],
      assignments: () => [],
      targetName: async () => undefined,
      keywordLibraries: () => [],
      dslAccounts: async () => [],
    },
    () => clock,
    'Europe/London',
  );
  await reports.load();
  const s = new WeeklyReportScheduler({
    reports,
    audit,
    mailer: () => ({
      send: async (mail) => {
        if (refuse(mail)) throw new Error('452 mailbox full');
        sent.push(mail);
        return '250 ok';
      },
      close: () => undefined,
    }),
    now: () => clock,
    log: quiet as never,
  });
  return { reports, s, pass: async () => (s.tick(), s.idle()) };
}

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  audit = new AuditLog(db, () => clock);
  clock = new Date('2026-12-02T09:00:00Z'); // a Wednesday
  sent = [];
  refuse = () => false;
});
afterEach(() => close());

describe('the weekly report scheduler', () => {
  it('sends at its time, each copy to its roles, a failed copy again later on its own, and never a week twice', async () => {
    const { reports, pass } = await scheduler();
    await reports.update(dsl, {
      weekly: {
        enabled: true,
        day: 'wednesday',
        time: '09:30',
        recipients: [
          { name: 'Dee', email: 'dsl@school.test', role: 'dsl' },
          { name: 'Deputy', email: 'deputy@school.test', role: 'deputy' },
          { name: 'Gov', email: 'gov@school.test', role: 'governor' },
        ],
      },
      roles: { dsl: [], deputies: [], seniorLeader: '', governor: '', itLead: [] },
    });
    await pass();
    expect(sent).toEqual([]); // switched on at 09:00: nothing until 09:30

    clock = new Date('2026-12-02T09:30:00Z');
    refuse = (mail) => mail.to.includes('gov@school.test');
    await pass();
    expect(sent.map((m) => m.to)).toEqual([['dsl@school.test', 'deputy@school.test']]);
    expect(sent[0]!.subject).toBe('Hillside: weekly monitoring report, week of 2026-11-23');
    expect(sent[0]!.attachments?.[0]).toMatchObject({ filename: 'weekly-report-2026-11-23.pdf' });
    expect(sent[0]!.html).toContain('DSL only');
    expect(await reports.lastWeekSent()).toBe('2026-11-16');
    expect((await audit.list({ limit: 10 })).map((e) => e.action)).toContain('report.weekly.failed');

    // Within the back-off nothing is tried; after it, only the governor's copy goes, then the week is done.
    clock = new Date('2026-12-02T09:30:30Z');
    refuse = () => false;
    await pass();
    expect(sent).toHaveLength(1);
    clock = new Date('2026-12-02T09:32:00Z');
    await pass();
    expect(sent.map((m) => m.to)).toEqual([['dsl@school.test', 'deputy@school.test'], ['gov@school.test']]);
    expect(sent[1]!.html).not.toContain('DSL only');
    expect(await reports.lastWeekSent()).toBe('2026-11-23');
    clock = new Date('2026-12-08T09:00:00Z');
    await pass();
    expect(sent).toHaveLength(2);
  });
});
