import { createHash, randomUUID } from 'node:crypto';
import type { PolicyDocument } from '@lookout/shared';
import {
  checkListEntry,
  PolicyAssignment,
  PolicyCompiler,
  SCOPE_ORDER,
  decidePolicyWith,
  inWindows,
  describeChanges,
  parseCategoryListFile,
  policyDiff,
  previewPolicyChange,
  type MediaGrantInfo,
  type PolicyPreviewChange,
  type PolicyPreviewResponse,
  type PolicyState,
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
import type { SqlRunner, Transactor } from '../store/ConsoleDatabase.js';
import type { GroupStore } from '../store/GroupStore.js';
import type { LessonLimitStore } from '../store/LessonLimitStore.js';
import type { MediaGrantStore } from '../store/MediaGrantStore.js';
import type { PolicyStore } from '../store/PolicyStore.js';
import type { UrlCategoryStore } from '../store/UrlCategoryStore.js';
import type { DeviceService } from './DeviceService.js';
import type { KeywordLibraryService } from './KeywordLibraryService.js';
import type { PolicyTarget } from './PolicyDistributor.js';
import type { RoomDirectory } from './RoomDirectory.js';
import type { SettingsService } from './SettingsService.js';

/** Where the policy inputs are kept. */
export interface PolicyStores {
  policies: PolicyStore;
  groups: GroupStore;
  urlCategories: UrlCategoryStore;
  mediaGrants: MediaGrantStore;
  lessonLimits: LessonLimitStore;
  /** The revision a device last said it runs. */
  runningRevision(deviceId: string): Promise<string | null>;
}

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
  private checkHost = '';

  constructor(
    private readonly db: Transactor,
    private readonly stores: PolicyStores,
    private readonly devices: DeviceService,
    private readonly directory: RoomDirectory,
    private readonly keywords: KeywordLibraryService,
    private readonly settings: SettingsService,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
    private readonly timeZone: string,
  ) {}

  async load(): Promise<void> {
    this.latest = new Map((await this.stores.policies.latest()).map((v) => [v.id, v]));
    this.assignments = await this.stores.policies.assignments();
    this.groups = new Map((await this.stores.groups.list()).map((g) => [g.id, { ...g, members: new Set(g.members) }]));
    this.indexGroups();
    for (const device of await this.devices.summaries()) this.setDeviceUser(device.id, device.user);
    this.categories = new Map(
      (await this.stores.urlCategories.list()).map((c) => [
        c.category,
        {
          domains: lines(c.domainsText),
          urls: lines(c.urlsText),
          importedAt: c.importedAt,
          revision: listRevision(c.domainsText, c.urlsText, this.checkHost),
        },
      ]),
    );
    this.categoryRevisions = new Map([...this.categories].map(([name, c]) => [name, c.revision]));
    this.grantCache = await this.mediaGrants();
    this.lessons = new Map(
      (await this.stores.lessonLimits.list()).map((l) => [l.roomId, { ...l, version: ++this.lessonVersions }]),
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
    return this.stores.policies.versions(id);
  }

  get(id: string): PolicyVersionInfo {
    const found = this.latest.get(id);
    if (!found) throw new HttpError(404, 'not-found', `no policy ${id}`);
    return found;
  }

  async create(user: StaffUser, name: string, document: PolicyDocument, reason: string): Promise<PolicyVersionInfo> {
    this.checkDocument(document);
    return this.saveVersion(user, randomUUID(), name, document, reason, 'policy.created');
  }

  async save(user: StaffUser, id: string, name: string, document: PolicyDocument, reason: string) {
    this.get(id);
    this.checkDocument(document);
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
    const diff = describeChanges(
      policyDiff(before ? { name: before.name, ...before.document } : {}, { name, ...document }),
    );
    await this.audited(user, { action, target: id, details: { name, version: info.version, reason, diff } }, (tx) =>
      this.stores.policies.insertVersion(info, tx),
    );
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
    await this.audited(
      user,
      {
        action: 'policy-assignment.created',
        target: assignment.id,
        details: {
          policy: policy.name,
          scope: assignment.scope,
          targetId: assignment.targetId,
          schedule: assignment.schedule,
          reason: input.reason,
        },
      },
      (tx) => this.stores.policies.insertAssignment(assignment, this.now().toISOString(), tx),
    );
    this.assignments.push(assignment);
    this.changed(targetOf(assignment));
    return assignment;
  }

  async unassign(user: StaffUser, id: string, reason: string): Promise<void> {
    const found = this.assignments.find((a) => a.id === id);
    if (!found) throw new HttpError(404, 'not-found', `no assignment ${id}`);
    await this.audited(
      user,
      {
        action: 'policy-assignment.deleted',
        target: id,
        details: {
          policy: this.latest.get(found.policyId)?.name ?? found.policyId,
          scope: found.scope,
          targetId: found.targetId,
          reason,
        },
      },
      (tx) => this.stores.policies.deleteAssignment(id, tx),
    );
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
    await this.audited(user, { action: 'group.created', target: group.id, details: { kind, name } }, (tx) =>
      this.stores.groups.insert(group, this.now().toISOString(), tx),
    );
    this.groups.set(group.id, group);
    return { id: group.id, kind, name, members: [] as string[] };
  }

  async setMembers(user: StaffUser, id: string, members: readonly string[], reason: string) {
    const group = this.groups.get(id);
    if (!group) throw new HttpError(404, 'not-found', `no group ${id}`);
    const before = [...group.members];
    await this.audited(
      user,
      {
        action: 'group.members-changed',
        target: id,
        details: {
          name: group.name,
          added: members.filter((m) => !before.includes(m)),
          removed: before.filter((m) => !members.includes(m)),
          reason,
        },
      },
      (tx) => this.stores.groups.setMembers(id, members, tx),
    );
    group.members = new Set(members);
    this.indexGroups();
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
    const before = this.categories.get(category);
    await this.audited(
      user,
      {
        action: 'url-category.imported',
        target: category,
        details: {
          domains: domains.length,
          urls: urls.length,
          before: before ? { domains: before.domains.length, urls: before.urls.length } : null,
          reason,
        },
      },
      (tx) =>
        this.stores.urlCategories.put(
          { category, domainsText: domains.join('\n'), urlsText: urls.join('\n'), importedAt },
          user.username,
          tx,
        ),
    );
    this.categories.set(category, {
      domains,
      urls,
      importedAt,
      revision: listRevision(domains.join('\n'), urls.join('\n'), this.checkHost),
    });
    this.categoryRevisions.set(category, this.categories.get(category)!.revision);
    this.changed({ scope: 'school' });
    return { category, domains: domains.length, urls: urls.length, importedAt };
  }

  /** One category's lists, for an agent to download (the policy names the revision it needs). */
  categoryList(category: string) {
    const list = this.categories.get(category);
    if (!list) throw new HttpError(404, 'not-found', `no URL category ${category}`);
    // The category's test address rides in its list, so a check goes through the PC's real classifier.
    const urls = this.checkHost ? [...list.urls, checkListEntry(this.checkHost, category)] : list.urls;
    return { category, revision: list.revision, domains: list.domains, urls };
  }

  /** The console's host name as agents know it (before load): each category list carries its test address there. */
  useCheckHost(host: string): void {
    this.checkHost = host;
  }

  // ---- media grants ----

  mediaGrants(): Promise<MediaGrantInfo[]> {
    return this.stores.mediaGrants.inForce(this.now().toISOString());
  }

  async grantMedia(user: StaffUser, deviceKey: string, label: string | null, minutes: number | null, reason: string) {
    const id = randomUUID();
    const grantedAt = this.now().toISOString();
    const expiresAt = minutes ? new Date(this.now().getTime() + minutes * 60_000).toISOString() : null;
    const grant = { id, deviceKey, label, expiresAt, grantedBy: user.username, grantedAt, reason };
    await this.audited(
      user,
      { action: 'media-grant.created', target: id, details: { deviceKey, label, expiresAt, reason } },
      (tx) => this.stores.mediaGrants.insert(grant, tx),
    );
    this.grantCache = await this.mediaGrants();
    this.changed({ scope: 'school' });
    return grant;
  }

  async revokeMediaGrant(user: StaffUser, id: string, reason: string): Promise<void> {
    await this.audited(user, { action: 'media-grant.revoked', target: id, details: { reason } }, async (tx) => {
      if (!(await this.stores.mediaGrants.revoke(id, this.now().toISOString(), tx))) {
        throw new HttpError(404, 'not-found', `no grant ${id} in force`);
      }
    });
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
    await this.audited(
      user,
      { action: 'lesson-limit.set', target: roomId, details: { mode, sites, minutes, expiresAt } },
      (tx) => this.stores.lessonLimits.put(limit, tx),
    );
    this.lessons.set(roomId, limit);
    this.changed({ scope: 'room', id: roomId });
    const { version: _version, ...record } = limit;
    return record;
  }

  async clearLessonLimit(user: StaffUser, roomId: string): Promise<void> {
    await this.audited(user, { action: 'lesson-limit.cleared', target: roomId, details: {} }, (tx) =>
      this.stores.lessonLimits.delete(roomId, tx),
    );
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

  private runningRevision(deviceId: string): Promise<string | null> {
    return this.stores.runningRevision(deviceId);
  }

  // ---- checks and previews ----

  /**
   * A document names only imported URL categories and existing keyword libraries: a misspelt name ("gamblng")
   * would block or scan nothing, so it is refused with the names that are known.
   */
  private checkDocument(document: PolicyDocument): void {
    const issues: { path: string; message: string }[] = [];
    document.webFilter.blockedCategories.forEach((c, i) => {
      if (!this.categories.has(c)) {
        issues.push({
          path: `document.webFilter.blockedCategories.${i}`,
          message: `no URL category "${c}" is imported`,
        });
      }
    });
    const libraries = new Set(this.keywords.libraries().map((v) => v.library.id));
    document.keywords.libraryIds.forEach((id, i) => {
      if (!libraries.has(id)) {
        issues.push({ path: `document.keywords.libraryIds.${i}`, message: `no keyword library "${id}"` });
      }
    });
    if (issues.length === 0) return;
    const known = [...this.categories.keys()].sort().join(', ') || 'none yet';
    throw new HttpError(
      400,
      'invalid-request',
      `${issues.map((i) => i.message).join('; ')} (imported categories: ${known})`,
      issues,
    );
  }

  /**
   * Which PCs a change would move and why, before it is saved: every enrolled PC decided before and after by
   * the same resolution the PCs' policies are pushed with (the policy's own schedules are taken as in force).
   */
  async preview(change: PolicyPreviewChange, siteNames: ReadonlyMap<string, string>): Promise<PolicyPreviewResponse> {
    const policy = this.get(change.policyId);
    const before = { policies: this.latest, assignments: this.assignments };
    let after: PolicyState = before;
    let proposed: PolicyAssignment | undefined;
    if (change.kind === 'document') {
      this.checkDocument(change.document);
      const edited = { ...policy, name: change.name, version: policy.version + 1, document: change.document };
      after = { policies: new Map([...this.latest, [policy.id, edited]]), assignments: this.assignments };
    } else {
      this.checkTarget(change.scope, change.targetId ?? null);
      proposed = PolicyAssignment.parse({ id: randomUUID(), ...change });
      after = { policies: this.latest, assignments: [...this.assignments, proposed] };
    }
    const at = this.now();
    const devices = (await this.devices.summaries()).filter((d) => !d.revoked);
    const changes = previewPolicyChange({
      devices: devices.map((d) => {
        const roomId = this.directory.roomOf(d.id) ?? null;
        const user = this.deviceUsers.get(d.id);
        return {
          id: d.id,
          hostname: d.hostname,
          subject: {
            siteId: roomId ? (this.directory.room(roomId)?.siteId ?? null) : null,
            roomId,
            deviceGroupIds: [...(this.deviceGroupsOf.get(d.id) ?? [])],
            userGroupIds: user === undefined ? [] : [...(this.userGroupsOf.get(user) ?? [])],
          },
        };
      }),
      before,
      after,
      // The policy edited or assigned is taken as in force whenever its schedule is (the sentence names it).
      inForce: (a) => a === proposed || a.policyId === change.policyId || this.inForce(a, at),
      describeTarget: (a) => this.describeTarget(a, siteNames),
    });
    return { changes, devices: devices.length };
  }

  /** An assignment's scope and target by name: "the whole school", "room LAB2", "user group Year 7". */
  private describeTarget(a: PolicyAssignment, siteNames: ReadonlyMap<string, string>): string {
    const id = a.targetId ?? '';
    switch (a.scope) {
      case 'school':
        return 'the whole school';
      case 'site':
        return `site ${siteNames.get(id) ?? id}`;
      case 'room':
        return `room ${this.directory.room(id)?.name ?? id}`;
      default:
        return `${a.scope === 'device-group' ? 'device' : 'user'} group ${this.groups.get(id)?.name ?? id}`;
    }
  }

  /** A change and its audit entry, committed together. */
  private audited(
    user: StaffUser,
    entry: { action: string; target: string; details: Record<string, unknown> },
    change: (tx: SqlRunner) => Promise<unknown>,
  ): Promise<void> {
    return this.db.transaction(async (tx) => {
      await change(tx);
      await this.audit.append({ actor: user.username, ...entry }, tx);
    });
  }

  private changed(...targets: PolicyTarget[]): void {
    for (const target of targets) for (const listener of this.listeners) listener(target);
  }
}

const lines = (text: string) => (text ? text.split('\n') : []);
const listRevision = (domains: string, urls: string, checkHost: string) =>
  createHash('sha256')
    .update(domains)
    .update('\u0000')
    .update(urls)
    .update(checkHost ? `\u0000${checkHost}` : '')
    .digest('hex')
    .slice(0, 16);

/** Scopes from most to least specific, for explanations and the UI. */
export const SCOPES_MOST_SPECIFIC_FIRST = [...SCOPE_ORDER].reverse();
