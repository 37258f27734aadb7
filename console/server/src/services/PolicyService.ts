import { createHash, randomUUID } from 'node:crypto';
import {
  PolicyAssignment,
  PolicyCompiler,
  PolicyDocument,
  SCOPE_ORDER,
  decidePolicyWith,
  inWindows,
  describeChanges,
  parseCategoryListFile,
  policyDiff,
  type MediaGrantInfo,
  type PolicyDecision,
  type PolicyExplanation,
  type PolicyInputs,
  type PolicyVersionInfo,
  type StaffUser,
  type TimeWindow,
} from '@lookout/shared';
import type { DevicePolicy } from '../gateway/AgentGateway.js';
import { HttpError } from '../http/HttpError.js';
import type { AuditLog } from '../store/AuditLog.js';
import type { SqlRunner } from '../store/ConsoleDatabase.js';
import type { DeviceService } from './DeviceService.js';
import type { KeywordLibraryService } from './KeywordLibraryService.js';
import type { PolicyTarget } from './PolicyDistributor.js';
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

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const targetOf = (a: PolicyAssignment): PolicyTarget =>
  a.scope === 'school' ? { scope: 'school' } : { scope: a.scope, id: a.targetId ?? '' };

/** Adds `value` to the set under `key`. */
function index(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

/**
 * Policies: versioned documents (every save a new version with author, time, reason and a readable diff;
 * rollback is a new version equal to an old one), assigned to the school, a site, a room or a group, with
 * schedules. Works out each PC's policy (most specific wins) from memory, explains it, and says whose inputs
 * changed whenever anything that decides them does, including the clock crossing a schedule boundary.
 */
export class PolicyService {
  private latest = new Map<string, PolicyVersionInfo>();
  private assignments: PolicyAssignment[] = [];
  private groups = new Map<string, Group>();
  /** Device id → its device groups; user name → their user groups (rebuilt when membership changes). */
  private deviceGroupsOf = new Map<string, Set<string>>();
  private userGroupsOf = new Map<string, Set<string>>();
  /** Who is signed in at each device (from its heartbeats), and the reverse. */
  private readonly deviceUsers = new Map<string, string>();
  private readonly userDevices = new Map<string, Set<string>>();
  private categories = new Map<string, { domains: string[]; urls: string[]; importedAt: string; revision: string }>();
  private categoryRevisions = new Map<string, string>();
  private lessons = new Map<string, LessonLimitRecord & { version: number }>();
  private lessonVersions = 0;
  private readonly listeners = new Set<(target: PolicyTarget) => void>();
  private timer: NodeJS.Timeout | undefined;
  private grantCache: MediaGrantInfo[] = [];
  private readonly compiler = new PolicyCompiler({ digest: sha256 });
  /** Which assignments are in their schedule, for the current minute (schedules have minute resolution). */
  private inForceMinute = NaN;
  private readonly inForceNow = new Map<string, boolean>();
  private evaluations = 0;

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
    this.indexGroups();
    for (const device of await this.devices.summaries()) this.setDeviceUser(device.id, device.user);
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
    this.categoryRevisions = new Map([...this.categories].map(([name, c]) => [name, c.revision]));
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
          version: ++this.lessonVersions,
        },
      ]),
    );
  }

  /** Called with the scope whose PCs' policy inputs changed (a policy, assignment, group, list, limit, grant). */
  onInputsChanged(listener: (target: PolicyTarget) => void): void {
    this.listeners.add(listener);
  }

  /**
   * Schedules, lesson limits and grants depend on the clock: look every few seconds, and name only the scopes
   * whose rules started or ended (an assignment's scope, a lesson's room; grants are in every PC's document).
   */
  startClock(intervalMs = 5000): void {
    let last = this.clockState();
    this.timer = setInterval(() => {
      const now = this.clockState();
      const changed: PolicyTarget[] = [];
      // A rule not seen at the last look is named too: it may have started or ended since it was made.
      for (const [key, state] of now) if (last.get(key) !== state) changed.push(this.clockTarget(key));
      last = now;
      this.changed(...changed);
    }, intervalMs);
    this.timer.unref();
  }

  /** Whether each time-bound rule is in force now, by `assignment:`, `lesson:` or `grant:` and its id. */
  private clockState(): Map<string, boolean> {
    const at = this.now();
    const current = (expiresAt: string | null) => !expiresAt || Date.parse(expiresAt) > at.getTime();
    const state = new Map<string, boolean>();
    for (const a of this.assignments) if (a.schedule.length) state.set(`assignment:${a.id}`, this.inForce(a, at));
    for (const l of this.lessons.values()) state.set(`lesson:${l.roomId}:${l.version}`, current(l.expiresAt));
    for (const g of this.grantCache) if (g.expiresAt) state.set(`grant:${g.id}`, current(g.expiresAt));
    return state;
  }

  private clockTarget(key: string): PolicyTarget {
    const [kind, id = ''] = key.split(':');
    const assignment = kind === 'assignment' ? this.assignments.find((a) => a.id === id) : undefined;
    if (assignment) return targetOf(assignment);
    return kind === 'lesson' ? { scope: 'room', id } : { scope: 'school' };
  }

  /** Whether an assignment is in its schedule at `at`, looked at once a minute per assignment. */
  private inForce(a: PolicyAssignment, at: Date): boolean {
    if (a.schedule.length === 0) return true;
    const minute = Math.floor(at.getTime() / 60_000);
    if (minute !== this.inForceMinute) {
      this.inForceMinute = minute;
      this.inForceNow.clear();
    }
    let active = this.inForceNow.get(a.id);
    if (active === undefined) {
      active = inWindows(a.schedule, at, this.timeZone);
      this.inForceNow.set(a.id, active);
    }
    return active;
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
    this.changed(...this.assignments.filter((a) => a.policyId === id).map(targetOf));
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
    this.changed(targetOf(assignment));
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
    this.changed(targetOf(found));
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
    this.indexGroups();
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
    // The PCs that joined or left the group (a user group's: where those users are signed in).
    const moved = [...members.filter((m) => !before.includes(m)), ...before.filter((m) => !group.members.has(m))];
    const devices = group.kind === 'device' ? moved : moved.flatMap((user) => [...(this.userDevices.get(user) ?? [])]);
    this.changed(...devices.map((deviceId): PolicyTarget => ({ scope: 'device', id: deviceId })));
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
    this.categoryRevisions.set(category, this.categories.get(category)!.revision);
    this.changed({ scope: 'school' });
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
    this.changed({ scope: 'school' });
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
    this.changed({ scope: 'school' });
  }

  // ---- lesson limits ----

  lessonLimit(roomId: string): LessonLimitRecord | undefined {
    const limit = this.inForceLesson(roomId, this.now());
    if (!limit) return undefined;
    const { version: _version, ...record } = limit;
    return record;
  }

  private inForceLesson(roomId: string, at: Date) {
    const limit = this.lessons.get(roomId);
    return limit && Date.parse(limit.expiresAt) > at.getTime() ? limit : undefined;
  }

  async setLessonLimit(user: StaffUser, roomId: string, mode: 'allow' | 'block', sites: string[], minutes: number) {
    const expiresAt = new Date(this.now().getTime() + minutes * 60_000).toISOString();
    const limit = { roomId, mode, sites, expiresAt, setBy: user.username, version: ++this.lessonVersions };
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
    this.changed({ scope: 'room', id: roomId });
    const { version: _version, ...record } = limit;
    return record;
  }

  async clearLessonLimit(user: StaffUser, roomId: string): Promise<void> {
    await this.db.run('DELETE FROM lesson_limits WHERE room_id = ?', roomId);
    await this.audit.append({ actor: user.username, action: 'lesson-limit.cleared', target: roomId, details: {} });
    this.lessons.delete(roomId);
    this.changed({ scope: 'room', id: roomId });
  }

  // ---- what each PC runs ----

  /** Who is signed in at a device (its heartbeats say): its user groups' policies follow. */
  setDeviceUser(deviceId: string, user: string | null): void {
    const before = this.deviceUsers.get(deviceId);
    if (before === (user ?? undefined)) return;
    if (before !== undefined) {
      this.userDevices.get(before)?.delete(deviceId);
      if (this.userDevices.get(before)?.size === 0) this.userDevices.delete(before);
    }
    if (user === null) this.deviceUsers.delete(deviceId);
    else {
      this.deviceUsers.set(deviceId, user);
      index(this.userDevices, user, deviceId);
    }
  }

  /** The devices a scope concerns, connected or not, from memory; `everyone` for the whole school. */
  devicesIn(target: PolicyTarget): Iterable<string> | 'everyone' {
    switch (target.scope) {
      case 'school':
        return 'everyone';
      case 'device':
        return [target.id];
      case 'room':
        return this.directory.devicesIn(target.id);
      case 'site':
        return this.directory
          .allRooms()
          .filter((r) => r.siteId === target.id)
          .flatMap((r) => this.directory.devicesIn(r.id));
      case 'device-group':
        return this.groups.get(target.id)?.members ?? [];
      case 'user-group':
        return [...(this.groups.get(target.id)?.members ?? [])].flatMap((u) => [...(this.userDevices.get(u) ?? [])]);
    }
  }

  private indexGroups(): void {
    this.deviceGroupsOf = new Map();
    this.userGroupsOf = new Map();
    for (const g of this.groups.values()) {
      for (const member of g.members)
        index(g.kind === 'device' ? this.deviceGroupsOf : this.userGroupsOf, member, g.id);
    }
  }

  /** Decides a device's policy from memory: its room (and so site), groups and signed-in user. */
  private decide(deviceId: string, at: Date) {
    const roomId = this.directory.roomOf(deviceId) ?? null;
    const siteId = roomId ? (this.directory.room(roomId)?.siteId ?? null) : null;
    const user = this.deviceUsers.get(deviceId);
    const subject = {
      siteId,
      roomId,
      deviceGroupIds: [...(this.deviceGroupsOf.get(deviceId) ?? [])],
      userGroupIds: user === undefined ? [] : [...(this.userGroupsOf.get(user) ?? [])],
    };
    const usable = this.assignments.filter((a) => this.latest.has(a.policyId));
    return { roomId, decision: decidePolicyWith(usable, subject, (a) => this.inForce(a, at)) };
  }

  /**
   * The document pushed to one PC and its revision, worked out from memory (no query): 10,000 PCs share the
   * few documents their inputs make.
   */
  policyFor(deviceId: string): DevicePolicy {
    this.evaluations++;
    return this.evaluate(deviceId);
  }

  /** The same, for staff pages (not counted as distribution work). */
  private evaluate(deviceId: string): DevicePolicy {
    const at = this.now();
    const { roomId, decision } = this.decide(deviceId, at);
    return this.compile(decision, roomId, at);
  }

  /** Operational figures: PCs' policies worked out for pushing, documents compiled (memo misses) and held. */
  stats(): { evaluations: number; compilations: number; documents: number } {
    return { evaluations: this.evaluations, compilations: this.compiler.compilations, documents: this.compiler.size };
  }

  private compile(decision: PolicyDecision, roomId: string | null, at: Date): DevicePolicy {
    const policy = decision.winner ? this.latest.get(decision.winner.policyId) : undefined;
    const lesson = roomId ? this.inForceLesson(roomId, at) : undefined;
    const grants = this.grantCache.filter((g) => !g.expiresAt || Date.parse(g.expiresAt) > at.getTime());
    const inputs: PolicyInputs = {
      policy: policy ? { id: policy.id, version: policy.version, name: policy.name, document: policy.document } : null,
      libraries: this.keywords.libraries().map((v) => ({ id: v.library.id, version: v.version, library: v.library })),
      safeguarding: { version: this.settings.revision(), value: this.settings.get('safeguarding') },
      categoryRevisions: this.categoryRevisions,
      lessonLimit: lesson
        ? { version: lesson.version, mode: lesson.mode, sites: lesson.sites, expiresAt: lesson.expiresAt }
        : null,
      mediaGrants: { version: grants.map((g) => g.id).join(','), grants },
      timeZone: this.timeZone,
    };
    return this.compiler.compile(inputs);
  }

  async explain(deviceId: string): Promise<PolicyExplanation> {
    const device = await this.devices.summary(deviceId);
    if (!device) throw new HttpError(404, 'not-found', `no device ${deviceId}`);
    const at = this.now();
    const { roomId, decision } = this.decide(deviceId, at);
    const { revision } = this.compile(decision, roomId, at);
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
        const expected = this.evaluate(d.id).revision;
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

  private changed(...targets: PolicyTarget[]): void {
    for (const target of targets) for (const listener of this.listeners) listener(target);
  }
}

const lines = (text: string) => (text ? text.split('\n') : []);
const listRevision = (domains: string, urls: string) =>
  createHash('sha256').update(domains).update('\u0000').update(urls).digest('hex').slice(0, 16);

/** Scopes from most to least specific, for explanations and the UI. */
export const SCOPES_MOST_SPECIFIC_FIRST = [...SCOPE_ORDER].reverse();
