import { createHash, randomUUID } from 'node:crypto';
import {
  PolicyAssignment,
  PolicyDocument,
  SCOPE_ORDER,
  decidePolicy,
  inWindows,
  describeChanges,
  parseCategoryListFile,
  policyDiff,
  type MediaGrantInfo,
  type PolicyDecision,
  type PolicyExplanation,
  type PolicyVersionInfo,
  type StaffUser,
  type TimeWindow,
} from '@lookout/shared';
import type { DevicePolicy } from '../gateway/AgentGateway.js';
import { HttpError } from '../http/HttpError.js';
import type { AuditLog } from '../store/AuditLog.js';
import type { SqlRunner } from '../store/SqliteDatabase.js';
import type { DeviceService } from './DeviceService.js';
import type { KeywordLibraryService } from './KeywordLibraryService.js';
import type { RoomDirectory } from './RoomDirectory.js';
import type { SettingsService } from './SettingsService.js';

interface PolicyRow {
  id: string;
  version: number;
  name: string;
  document_json: string;
  changed_by: string | null;
  changed_at: string;
  reason: string;
}

const toVersion = (r: PolicyRow): PolicyVersionInfo => ({
  id: r.id,
  version: r.version,
  name: r.name,
  document: PolicyDocument.parse(JSON.parse(r.document_json)),
  changedBy: r.changed_by,
  changedAt: r.changed_at,
  reason: r.reason,
});

export interface LessonLimitRecord {
  roomId: string;
  mode: 'allow' | 'block';
  sites: string[];
  expiresAt: string;
  setBy: string;
}

interface Group {
  id: string;
  kind: 'device' | 'user';
  name: string;
  members: Set<string>;
}

/**
 * Policies: versioned documents (every save a new version with author, time, reason and a readable diff;
 * rollback is a new version equal to an old one), assigned to the school, a site, a room or a group, with
 * schedules. Works out each PC's policy (most specific wins), explains it, and has it pushed whenever
 * anything that decides it changes, including the clock crossing a schedule boundary.
 */
export class PolicyService {
  private latest = new Map<string, PolicyVersionInfo>();
  private assignments: PolicyAssignment[] = [];
  private groups = new Map<string, Group>();
  private categories = new Map<string, { domains: string[]; urls: string[]; importedAt: string; revision: string }>();
  private lessons = new Map<string, LessonLimitRecord>();
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private grantCache: MediaGrantInfo[] = [];

  constructor(
    private readonly db: SqlRunner,
    private readonly devices: DeviceService,
    private readonly directory: RoomDirectory,
    private readonly keywords: KeywordLibraryService,
    private readonly settings: SettingsService,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
    private readonly timeZone: string,
  ) {}

  async load(): Promise<void> {
    const rows = await this.db.all<PolicyRow>(
      'SELECT * FROM policies p WHERE version = (SELECT MAX(version) FROM policies WHERE id = p.id)',
    );
    this.latest = new Map(rows.map((r) => [r.id, toVersion(r)]));
    const assignments = await this.db.all<{
      id: string;
      policy_id: string;
      scope: string;
      target_id: string | null;
      schedule_json: string;
    }>('SELECT * FROM policy_assignments ORDER BY created_at, rowid');
    this.assignments = assignments.map((a) =>
      PolicyAssignment.parse({
        id: a.id,
        policyId: a.policy_id,
        scope: a.scope,
        targetId: a.target_id,
        schedule: JSON.parse(a.schedule_json) as unknown,
      }),
    );
    const groups = await this.db.all<{ id: string; kind: 'device' | 'user'; name: string }>('SELECT * FROM groups');
    const members = await this.db.all<{ group_id: string; member: string }>('SELECT * FROM group_members');
    this.groups = new Map(
      groups.map((g) => [
        g.id,
        { ...g, members: new Set(members.filter((m) => m.group_id === g.id).map((m) => m.member)) },
      ]),
    );
    const categories = await this.db.all<{
      category: string;
      domains_text: string;
      urls_text: string;
      imported_at: string;
    }>('SELECT * FROM url_categories');
    this.categories = new Map(
      categories.map((c) => [
        c.category,
        {
          domains: lines(c.domains_text),
          urls: lines(c.urls_text),
          importedAt: c.imported_at,
          revision: listRevision(c.domains_text, c.urls_text),
        },
      ]),
    );
    this.grantCache = await this.mediaGrants();
    const lessons = await this.db.all<{
      room_id: string;
      mode: 'allow' | 'block';
      sites_json: string;
      expires_at: string;
      set_by: string;
    }>('SELECT * FROM lesson_limits');
    this.lessons = new Map(
      lessons.map((l) => [
        l.room_id,
        {
          roomId: l.room_id,
          mode: l.mode,
          sites: JSON.parse(l.sites_json) as string[],
          expiresAt: l.expires_at,
          setBy: l.set_by,
        },
      ]),
    );
  }

  /** Called after anything that may change some PC's policy. */
  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  /**
   * Schedules, lesson limits and grants depend on the clock: look every few seconds, and have policies worked
   * out again only when one of them has started or ended (not every PC's document on every tick).
   */
  startClock(intervalMs = 5000): void {
    let last = this.clockState();
    this.timer = setInterval(() => {
      const now = this.clockState();
      if (now === last) return;
      last = now;
      this.changed();
    }, intervalMs);
    this.timer.unref();
  }

  /** Which time-bound rules are in force now. */
  private clockState(): string {
    const at = this.now();
    const current = (expiresAt: string | null) => !expiresAt || Date.parse(expiresAt) > at.getTime();
    return JSON.stringify([
      this.assignments.map((a) => a.schedule.length === 0 || inWindows(a.schedule, at, this.timeZone)),
      [...this.lessons.values()].map((l) => current(l.expiresAt)),
      this.grantCache.map((g) => current(g.expiresAt)),
    ]);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  // ---- policies ----

  list(): PolicyVersionInfo[] {
    return [...this.latest.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async versions(id: string): Promise<PolicyVersionInfo[]> {
    this.get(id);
    return (await this.db.all<PolicyRow>('SELECT * FROM policies WHERE id = ? ORDER BY version DESC', id)).map(
      toVersion,
    );
  }

  get(id: string): PolicyVersionInfo {
    const found = this.latest.get(id);
    if (!found) throw new HttpError(404, 'not-found', `no policy ${id}`);
    return found;
  }

  async create(user: StaffUser, name: string, document: PolicyDocument, reason: string): Promise<PolicyVersionInfo> {
    return this.saveVersion(user, randomUUID(), name, document, reason, 'policy.created');
  }

  async save(user: StaffUser, id: string, name: string, document: PolicyDocument, reason: string) {
    this.get(id);
    return this.saveVersion(user, id, name, document, reason, 'policy.saved');
  }

  async rollback(user: StaffUser, id: string, version: number, reason: string): Promise<PolicyVersionInfo> {
    const old = (await this.versions(id)).find((v) => v.version === version);
    if (!old) throw new HttpError(404, 'not-found', `policy ${id} has no version ${version}`);
    return this.saveVersion(
      user,
      id,
      old.name,
      old.document,
      `rollback to version ${version}: ${reason}`,
      'policy.rolled-back',
    );
  }

  async diff(id: string, from: number, to: number) {
    const versions = await this.versions(id);
    const a = versions.find((v) => v.version === from);
    const b = versions.find((v) => v.version === to);
    if (!a || !b) throw new HttpError(404, 'not-found', `policy ${id} has no version ${!a ? from : to}`);
    const changes = policyDiff({ name: a.name, ...a.document }, { name: b.name, ...b.document });
    return { from, to, changes, lines: describeChanges(changes) };
  }

  private async saveVersion(
    user: StaffUser,
    id: string,
    name: string,
    document: PolicyDocument,
    reason: string,
    action: string,
  ): Promise<PolicyVersionInfo> {
    const before = this.latest.get(id);
    const info: PolicyVersionInfo = {
      id,
      version: (before?.version ?? 0) + 1,
      name,
      document,
      changedBy: user.username,
      changedAt: this.now().toISOString(),
      reason,
    };
    await this.db.run(
      'INSERT INTO policies (id, version, name, document_json, changed_by, changed_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?)',
      id,
      info.version,
      name,
      JSON.stringify(document),
      user.username,
      info.changedAt,
      reason,
    );
    const diff = describeChanges(
      policyDiff(before ? { name: before.name, ...before.document } : {}, { name, ...document }),
    );
    await this.audit.append({
      actor: user.username,
      action,
      target: id,
      details: { name, version: info.version, reason, diff },
    });
    this.latest.set(id, info);
    this.changed();
    return info;
  }

  // ---- assignments ----

  listAssignments(): PolicyAssignment[] {
    return [...this.assignments];
  }

  async assign(
    user: StaffUser,
    input: {
      policyId: string;
      scope: PolicyAssignment['scope'];
      targetId: string | null;
      schedule: TimeWindow[];
      reason: string;
    },
  ): Promise<PolicyAssignment> {
    const policy = this.get(input.policyId);
    this.checkTarget(input.scope, input.targetId);
    const assignment = PolicyAssignment.parse({ id: randomUUID(), ...input });
    await this.db.run(
      'INSERT INTO policy_assignments (id, policy_id, scope, target_id, schedule_json, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      assignment.id,
      assignment.policyId,
      assignment.scope,
      assignment.targetId,
      JSON.stringify(assignment.schedule),
      this.now().toISOString(),
    );
    await this.audit.append({
      actor: user.username,
      action: 'policy-assignment.created',
      target: assignment.id,
      details: {
        policy: policy.name,
        scope: assignment.scope,
        targetId: assignment.targetId,
        schedule: assignment.schedule,
        reason: input.reason,
      },
    });
    this.assignments.push(assignment);
    this.changed();
    return assignment;
  }

  async unassign(user: StaffUser, id: string, reason: string): Promise<void> {
    const found = this.assignments.find((a) => a.id === id);
    if (!found) throw new HttpError(404, 'not-found', `no assignment ${id}`);
    await this.db.run('DELETE FROM policy_assignments WHERE id = ?', id);
    await this.audit.append({
      actor: user.username,
      action: 'policy-assignment.deleted',
      target: id,
      details: {
        policy: this.latest.get(found.policyId)?.name ?? found.policyId,
        scope: found.scope,
        targetId: found.targetId,
        reason,
      },
    });
    this.assignments = this.assignments.filter((a) => a.id !== id);
    this.changed();
  }

  private checkTarget(scope: PolicyAssignment['scope'], targetId: string | null): void {
    if (scope === 'school') return;
    const ok =
      scope === 'room'
        ? this.directory.room(targetId ?? '') !== undefined
        : scope === 'site'
          ? this.directory.allRooms().some((r) => r.siteId === targetId) || targetId !== null
          : this.groups.get(targetId ?? '')?.kind === (scope === 'device-group' ? 'device' : 'user');
    if (!ok) throw new HttpError(400, 'invalid-request', `no ${scope} ${targetId ?? ''}`);
  }

  // ---- groups ----

  listGroups() {
    return [...this.groups.values()].map((g) => ({
      id: g.id,
      kind: g.kind,
      name: g.name,
      members: [...g.members].sort(),
    }));
  }

  async createGroup(user: StaffUser, kind: 'device' | 'user', name: string) {
    if ([...this.groups.values()].some((g) => g.kind === kind && g.name === name)) {
      throw new HttpError(409, 'conflict', `there is already a ${kind} group called ${name}`);
    }
    const group: Group = { id: randomUUID(), kind, name, members: new Set() };
    await this.db.run(
      'INSERT INTO groups (id, kind, name, created_at) VALUES (?, ?, ?, ?)',
      group.id,
      kind,
      name,
      this.now().toISOString(),
    );
    await this.audit.append({
      actor: user.username,
      action: 'group.created',
      target: group.id,
      details: { kind, name },
    });
    this.groups.set(group.id, group);
    return { id: group.id, kind, name, members: [] as string[] };
  }

  async setMembers(user: StaffUser, id: string, members: readonly string[], reason: string) {
    const group = this.groups.get(id);
    if (!group) throw new HttpError(404, 'not-found', `no group ${id}`);
    const before = [...group.members];
    await this.db.run('DELETE FROM group_members WHERE group_id = ?', id);
    for (const m of new Set(members))
      await this.db.run('INSERT INTO group_members (group_id, member) VALUES (?, ?)', id, m);
    group.members = new Set(members);
    await this.audit.append({
      actor: user.username,
      action: 'group.members-changed',
      target: id,
      details: {
        name: group.name,
        added: members.filter((m) => !before.includes(m)),
        removed: before.filter((m) => !members.includes(m)),
        reason,
      },
    });
    this.changed();
    return { id, kind: group.kind, name: group.name, members: [...group.members].sort() };
  }

  // ---- URL categories ----

  listCategories() {
    return [...this.categories.entries()]
      .map(([category, c]) => ({ category, domains: c.domains.length, urls: c.urls.length, importedAt: c.importedAt }))
      .sort((a, b) => a.category.localeCompare(b.category));
  }

  /** One UT1 category folder's `domains` and `urls` files; a malformed line refuses the whole import. */
  async importCategory(user: StaffUser, category: string, domainsText: string, urlsText: string, reason: string) {
    let domains: string[];
    let urls: string[];
    try {
      domains = parseCategoryListFile(domainsText, `${category}/domains`, 'domains');
      urls = parseCategoryListFile(urlsText, `${category}/urls`, 'urls');
    } catch (err) {
      throw new HttpError(400, 'invalid-list', (err as Error).message);
    }
    const importedAt = this.now().toISOString();
    await this.db.run(
      `INSERT INTO url_categories (category, domains_text, urls_text, imported_by, imported_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (category) DO UPDATE SET domains_text = excluded.domains_text, urls_text = excluded.urls_text,
       imported_by = excluded.imported_by, imported_at = excluded.imported_at`,
      category,
      domains.join('\n'),
      urls.join('\n'),
      user.username,
      importedAt,
    );
    const before = this.categories.get(category);
    await this.audit.append({
      actor: user.username,
      action: 'url-category.imported',
      target: category,
      details: {
        domains: domains.length,
        urls: urls.length,
        before: before ? { domains: before.domains.length, urls: before.urls.length } : null,
        reason,
      },
    });
    this.categories.set(category, {
      domains,
      urls,
      importedAt,
      revision: listRevision(domains.join('\n'), urls.join('\n')),
    });
    this.changed();
    return { category, domains: domains.length, urls: urls.length, importedAt };
  }

  /** One category's lists, for an agent to download (the policy names the revision it needs). */
  categoryList(category: string) {
    const list = this.categories.get(category);
    if (!list) throw new HttpError(404, 'not-found', `no URL category ${category}`);
    return { category, revision: list.revision, domains: list.domains, urls: list.urls };
  }

  // ---- media grants ----

  async mediaGrants(): Promise<MediaGrantInfo[]> {
    const rows = await this.db.all<{
      id: string;
      device_key: string;
      label: string | null;
      expires_at: string | null;
      granted_by: string;
      granted_at: string;
      reason: string;
    }>(
      'SELECT * FROM media_grants WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?) ORDER BY granted_at',
      this.now().toISOString(),
    );
    return rows.map((r) => ({
      id: r.id,
      deviceKey: r.device_key,
      label: r.label,
      expiresAt: r.expires_at,
      grantedBy: r.granted_by,
      grantedAt: r.granted_at,
      reason: r.reason,
    }));
  }

  async grantMedia(user: StaffUser, deviceKey: string, label: string | null, minutes: number | null, reason: string) {
    const id = randomUUID();
    const grantedAt = this.now().toISOString();
    const expiresAt = minutes ? new Date(this.now().getTime() + minutes * 60_000).toISOString() : null;
    await this.db.run(
      `INSERT INTO media_grants (id, device_key, label, expires_at, granted_by, granted_at, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      id,
      deviceKey,
      label,
      expiresAt,
      user.username,
      grantedAt,
      reason,
    );
    await this.audit.append({
      actor: user.username,
      action: 'media-grant.created',
      target: id,
      details: { deviceKey, label, expiresAt, reason },
    });
    this.grantCache = await this.mediaGrants();
    this.changed();
    return { id, deviceKey, label, expiresAt, grantedBy: user.username, grantedAt, reason };
  }

  async revokeMediaGrant(user: StaffUser, id: string, reason: string): Promise<void> {
    const { changes } = await this.db.run(
      'UPDATE media_grants SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
      this.now().toISOString(),
      id,
    );
    if (!changes) throw new HttpError(404, 'not-found', `no grant ${id} in force`);
    await this.audit.append({ actor: user.username, action: 'media-grant.revoked', target: id, details: { reason } });
    this.grantCache = await this.mediaGrants();
    this.changed();
  }

  // ---- lesson limits ----

  lessonLimit(roomId: string): LessonLimitRecord | undefined {
    const limit = this.lessons.get(roomId);
    return limit && Date.parse(limit.expiresAt) > this.now().getTime() ? limit : undefined;
  }

  async setLessonLimit(user: StaffUser, roomId: string, mode: 'allow' | 'block', sites: string[], minutes: number) {
    const expiresAt = new Date(this.now().getTime() + minutes * 60_000).toISOString();
    const limit: LessonLimitRecord = { roomId, mode, sites, expiresAt, setBy: user.username };
    await this.db.run(
      `INSERT INTO lesson_limits (room_id, mode, sites_json, expires_at, set_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (room_id) DO UPDATE SET mode = excluded.mode, sites_json = excluded.sites_json,
       expires_at = excluded.expires_at, set_by = excluded.set_by`,
      roomId,
      mode,
      JSON.stringify(sites),
      expiresAt,
      user.username,
    );
    await this.audit.append({
      actor: user.username,
      action: 'lesson-limit.set',
      target: roomId,
      details: { mode, sites, minutes, expiresAt },
    });
    this.lessons.set(roomId, limit);
    this.changed();
    return limit;
  }

  async clearLessonLimit(user: StaffUser, roomId: string): Promise<void> {
    await this.db.run('DELETE FROM lesson_limits WHERE room_id = ?', roomId);
    await this.audit.append({ actor: user.username, action: 'lesson-limit.cleared', target: roomId, details: {} });
    this.lessons.delete(roomId);
    this.changed();
  }

  // ---- what each PC runs ----

  private async decide(deviceId: string) {
    const device = await this.devices.summary(deviceId);
    if (!device) throw new HttpError(404, 'not-found', `no device ${deviceId}`);
    const roomId = this.directory.roomOf(deviceId) ?? null;
    const siteId = roomId ? (this.directory.room(roomId)?.siteId ?? null) : null;
    const groups = [...this.groups.values()];
    const subject = {
      siteId,
      roomId,
      deviceGroupIds: groups.filter((g) => g.kind === 'device' && g.members.has(deviceId)).map((g) => g.id),
      userGroupIds: groups
        .filter((g) => g.kind === 'user' && device.user !== null && g.members.has(device.user))
        .map((g) => g.id),
    };
    const usable = this.assignments.filter((a) => this.latest.has(a.policyId));
    return { device, roomId, decision: decidePolicy(usable, subject, this.now(), this.timeZone) };
  }

  /** The document pushed to one PC, and its revision (a hash of the content). */
  async devicePolicy(deviceId: string): Promise<DevicePolicy> {
    const { roomId, decision } = await this.decide(deviceId);
    return this.documentFor(decision, roomId);
  }

  private documentFor(decision: PolicyDecision, roomId: string | null): DevicePolicy {
    const policy = decision.winner ? this.latest.get(decision.winner.policyId) : undefined;
    const rules = policy?.document ?? PolicyDocument.parse({});
    const libraries = this.keywords
      .libraries()
      .map((v) => v.library)
      .filter((l) => rules.keywords.libraryIds.length === 0 || rules.keywords.libraryIds.includes(l.id));
    const lesson = roomId ? this.lessonLimit(roomId) : undefined;
    const document = {
      policy: {
        id: policy?.id ?? null,
        name: policy?.name ?? 'Lookout defaults',
        version: policy?.version ?? 0,
        ...rules,
      },
      keywordLibraries: libraries,
      alertContextChars: 200,
      alertMinSeverity: rules.keywords.alertMinSeverity,
      safeguarding: this.settings.get('safeguarding'),
      // Lists can hold millions of domains: the agent downloads each by name and revision, and caches it.
      urlCategories: rules.webFilter.blockedCategories.flatMap((category) => {
        const list = this.categories.get(category);
        return list ? [{ category, revision: list.revision }] : [];
      }),
      lessonLimit: lesson ? { mode: lesson.mode, sites: lesson.sites, expiresAt: lesson.expiresAt } : null,
      mediaGrants: this.grantCache
        .filter((g) => !g.expiresAt || Date.parse(g.expiresAt) > this.now().getTime())
        .map((g) => ({ deviceKey: g.deviceKey, expiresAt: g.expiresAt })),
      timeZone: this.timeZone,
    };
    const revision = createHash('sha256').update(JSON.stringify(document)).digest('hex').slice(0, 16);
    return { version: Math.max(1, policy?.version ?? 1), revision, document };
  }

  async explain(deviceId: string): Promise<PolicyExplanation> {
    const { device, roomId, decision } = await this.decide(deviceId);
    const { revision } = this.documentFor(decision, roomId);
    const running = await this.runningRevision(deviceId);
    const winner = decision.winner ? this.latest.get(decision.winner.policyId) : undefined;
    const describe = (a: PolicyAssignment) =>
      a.scope === 'school'
        ? 'the whole school'
        : a.scope === 'room'
          ? `room ${this.directory.room(a.targetId ?? '')?.name ?? a.targetId}`
          : a.scope === 'site'
            ? `site ${a.targetId}`
            : `${a.scope === 'device-group' ? 'device' : 'user'} group ${this.groups.get(a.targetId ?? '')?.name ?? a.targetId}`;
    const blocked = winner?.document.webFilter.blockedCategories ?? [];
    const summary = decision.winner
      ? `${device.hostname} runs "${winner!.name}" (version ${winner!.version}), assigned to ${describe(decision.winner)}` +
        `${decision.winner.schedule.length ? ' on its schedule' : ''}, the most specific assignment in force` +
        `${blocked.length ? `; it blocks ${blocked.join(', ')}` : '; it blocks no categories'}.`
      : `${device.hostname} has no policy assigned: it runs Lookout's defaults (nothing blocked).`;
    return {
      deviceId,
      policy: winner ? { id: winner.id, name: winner.name, version: winner.version } : null,
      revision,
      runningRevision: running,
      upToDate: running === revision,
      considered: decision.explanation.map((e) => ({
        assignmentId: e.assignment.id,
        policyName: this.latest.get(e.assignment.policyId)?.name ?? e.assignment.policyId,
        scope: e.assignment.scope,
        targetId: e.assignment.targetId,
        verdict: e.verdict,
      })),
      summary,
    };
  }

  async status() {
    const devices = (await this.devices.summaries()).filter((d) => !d.revoked);
    return Promise.all(
      devices.map(async (d) => {
        const expected = (await this.devicePolicy(d.id)).revision;
        const running = await this.runningRevision(d.id);
        return {
          deviceId: d.id,
          hostname: d.hostname,
          online: d.online,
          expectedRevision: expected,
          runningRevision: running,
          upToDate: expected === running,
        };
      }),
    );
  }

  private async runningRevision(deviceId: string): Promise<string | null> {
    return (
      (
        await this.db.get<{ policy_revision: string | null }>(
          'SELECT policy_revision FROM devices WHERE id = ?',
          deviceId,
        )
      )?.policy_revision ?? null
    );
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

const lines = (text: string) => (text ? text.split('\n') : []);
const listRevision = (domains: string, urls: string) =>
  createHash('sha256').update(domains).update('\u0000').update(urls).digest('hex').slice(0, 16);

/** Scopes from most to least specific, for explanations and the UI. */
export const SCOPES_MOST_SPECIFIC_FIRST = [...SCOPE_ORDER].reverse();
