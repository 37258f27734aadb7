import { randomUUID } from 'node:crypto';
import { KeywordLibrary, type StaffUser } from '@lookout/shared';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../store/AuditLog.js';
import { DeviceStore } from '../store/DeviceStore.js';
import { EnrolmentTokenStore } from '../store/EnrolmentTokenStore.js';
import { GroupCommitWriter } from '../store/GroupCommitWriter.js';
import { GroupStore } from '../store/GroupStore.js';
import { KeywordLibraryStore } from '../store/KeywordLibraryStore.js';
import { LessonLimitStore } from '../store/LessonLimitStore.js';
import { MediaGrantStore } from '../store/MediaGrantStore.js';
import { PolicyStore } from '../store/PolicyStore.js';
import { RoomStore } from '../store/RoomStore.js';
import { SettingStore } from '../store/SettingStore.js';
import { StaffStore } from '../store/StaffStore.js';
import { openTestDatabase } from '../store/testDatabase.js';
import { UrlCategoryStore } from '../store/UrlCategoryStore.js';
import { ConsoleBus } from './ConsoleBus.js';
import { DeviceService } from './DeviceService.js';
import { KeywordLibraryService } from './KeywordLibraryService.js';
import { PolicyService } from './PolicyService.js';
import { RoomDirectory } from './RoomDirectory.js';
import { RoomService } from './RoomService.js';
import { SettingsService } from './SettingsService.js';

const now = () => new Date('2026-12-01T09:00:00.000Z');
const technician: StaffUser = { id: randomUUID(), username: 'tech', role: 'technician' };

let t: Awaited<ReturnType<typeof openTestDatabase>>;
let services: Awaited<ReturnType<typeof wire>>;

async function wire() {
  const { db } = t;
  const audit = new AuditLog(db, now);
  const bus = new ConsoleBus();
  const deviceStore = new DeviceStore(db, new GroupCommitWriter(db), now);
  const devices = new DeviceService(db, deviceStore, new EnrolmentTokenStore(db, now), audit, bus, now);
  const keywords = new KeywordLibraryService(db, new KeywordLibraryStore(db), audit, now);
  await keywords.load();
  const settings = new SettingsService(db, new SettingStore(db), audit, now);
  await settings.load();
  const directory = new RoomDirectory();
  const stores = {
    policies: new PolicyStore(db),
    groups: new GroupStore(db),
    urlCategories: new UrlCategoryStore(db),
    mediaGrants: new MediaGrantStore(db),
    lessonLimits: new LessonLimitStore(db),
    runningRevision: (id: string) => deviceStore.policyRevision(id),
  };
  const policies = new PolicyService(db, stores, devices, directory, keywords, settings, audit, now, 'Europe/London');
  await policies.load();
  const rooms = new RoomService(
    db,
    new RoomStore(db, now),
    deviceStore,
    new StaffStore(db, now),
    directory,
    audit,
    bus,
  );
  await rooms.load();
  return { devices, keywords, settings, policies, rooms };
}

beforeEach(async () => {
  t = await openTestDatabase();
  services = await wire();
});
afterEach(() => t.close());

const rows = (table: string) => (t.committed.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

// Each change is made while the audit log refuses every entry (a trigger standing in for a failing write): the
// change must not be stored either, since the entry is written in the change's own transaction.
describe('a change whose audit entry cannot be written is not made', () => {
  const changes: [string, string, () => Promise<unknown>][] = [
    ['a setting', 'settings', () => services.settings.set(technician, 'retention', services.settings.get('retention'))],
    [
      'a keyword library version',
      'keyword_libraries',
      () => services.keywords.save(technician, services.keywords.get('lookout-default').library, 'again'),
    ],
    [
      'a new keyword library',
      'keyword_libraries',
      () => services.keywords.create(technician, newLibrary('year-8-slang'), 'local words'),
    ],
    ['a group', 'groups', () => services.policies.createGroup(technician, 'user', 'Year 9')],
    ['a media grant', 'media_grants', () => services.policies.grantMedia(technician, 'usb:1', null, 60, 'exam')],
    [
      'a lesson limit',
      'lesson_limits',
      () => services.policies.setLessonLimit(technician, 'room-1', 'block', ['x.com'], 30),
    ],
    [
      'a URL category',
      'url_categories',
      () => services.policies.importCategory(technician, 'games', 'a.com\n', '', 'import'),
    ],
    ['a site', 'sites', () => services.rooms.createSite(technician, 'Main')],
    [
      'an enrolment token',
      'enrolment_tokens',
      () => services.devices.createEnrolmentToken(technician, { expiresInHours: 1, maxUses: 1 }),
    ],
  ];

  it.each(changes)('%s', async (_name, table, change) => {
    const before = rows(table);
    const auditBefore = rows('audit_log');
    await sql`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit refused'); END`.execute(
      t.db.query,
    );
    await expect(change()).rejects.toThrow(/audit refused/);
    await sql`DROP TRIGGER refuse_audit`.execute(t.db.query);
    expect([rows(table), rows('audit_log')]).toEqual([before, auditBefore]);
    // With the audit log writable, the same change is made and recorded.
    await change();
    expect(rows(table)).toBeGreaterThan(before);
    expect(rows('audit_log')).toBeGreaterThan(auditBefore);
  });
});

function newLibrary(id: string): KeywordLibrary {
  return KeywordLibrary.parse({ id, name: id, categories: [{ id: 'slang', name: 'Slang' }], phrases: [] });
}

describe('a new keyword library', () => {
  it('is refused when its id is in use, and of two creations of one id at once only one is made', async () => {
    await expect(
      services.keywords.create(technician, newLibrary('lookout-default'), 'overwrite the starter'),
    ).rejects.toMatchObject({ status: 409 });
    expect(services.keywords.get('lookout-default').library.name).not.toBe('lookout-default');
    const both = await Promise.allSettled([
      services.keywords.create(technician, newLibrary('year-8-slang'), 'first'),
      services.keywords.create(technician, newLibrary('year-8-slang'), 'second'),
    ]);
    expect(both.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    // Refused as a conflict before anything is written (not by the database's key, as a server error).
    expect((both[1] as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
    expect(services.keywords.get('year-8-slang')).toMatchObject({ version: 1, reason: 'first' });
    expect(rows("keyword_libraries WHERE id = 'year-8-slang'")).toBe(1);
  });
});
