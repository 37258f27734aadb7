import type { AlertSummary, AlertsQuery, Evidence, StaffUser } from '@lookout/shared';
import type { StaffAccess } from '../auth/StaffAccess.js';
import { HttpError } from '../http/HttpError.js';
import type { AlertRecord, AlertStore } from '../store/AlertStore.js';
import type { EvidenceStore } from '../store/EvidenceStore.js';
import type { DeviceService } from './DeviceService.js';
import type { KeywordLibraryService } from './KeywordLibraryService.js';
import type { RoomDirectory } from './RoomDirectory.js';
import { JUSTIFICATION_MINUTES, type SensitiveAccess } from './SensitiveAccess.js';
import { blurredPreview } from './evidencePreview.js';

const reasonRequired = () =>
  new HttpError(
    403,
    'reason-required',
    'this evidence is of a sensitive category: record why you need to see it (reason) first',
  );

export interface AlertPolicy {
  /** Whether teachers see their rooms' alerts (never context nor evidence). Off unless the school turns it on. */
  teachersSeeAlerts: boolean;
}

/**
 * How much of an alert a summary carries: `list` (queues, live messages) category, severity, pupil and time
 * only; `detail` the rest too, with context only where the gate revealed it.
 */
type SummaryLevel = { level: 'list' } | { level: 'detail'; revealed: boolean };

/** One alert for the live sockets: summarised once, then checked per socket without a query. */
export interface LiveAlert {
  forDsl: AlertSummary;
  forStaff: AlertSummary;
  /** Whether this user may see the alert at all (the same rule as the queue's). */
  mayReceive(user: StaffUser): boolean;
}

// summarise() looks only at the role: these stand for "a DSL" and "anyone else" when a live summary is built once.
const LIVE_DSL: Pick<StaffUser, 'role'> = { role: 'dsl' };
const LIVE_STAFF: Pick<StaffUser, 'role'> = { role: 'teacher' };

/**
 * Who sees which alerts, and how much of them: the DSL sees every alert and concern; context and evidence
 * through the SensitiveAccess gate (sensitive categories only after recording why). Teachers, where the school
 * allows it, see their rooms' keyword alerts without either; nobody else sees alerts.
 */
export class AlertService {
  constructor(
    private readonly alerts: AlertStore,
    private readonly evidence: EvidenceStore,
    private readonly devices: DeviceService,
    private readonly directory: RoomDirectory,
    private readonly access: StaffAccess,
    private readonly keywords: KeywordLibraryService,
    private readonly gate: SensitiveAccess,
    private readonly policy: AlertPolicy,
  ) {}

  mayListAlerts(user: StaffUser): boolean {
    return user.role === 'dsl' || (user.role === 'teacher' && this.policy.teachersSeeAlerts);
  }

  async list(user: StaffUser, query: AlertsQuery): Promise<AlertSummary[]> {
    if (!this.mayListAlerts(user))
      throw new HttpError(403, 'forbidden', 'alerts are for the designated safeguarding lead');
    const { roomId, ...filter } = query;
    // Staff filter by the category's name; an id still works, and a concern's category may be neither.
    if (filter.category) filter.category = this.keywords.categoryIdFor(filter.category) ?? filter.category;
    let deviceIds: string[] | undefined;
    if (user.role !== 'dsl') {
      deviceIds = (await this.devices.summaries()).filter((d) => this.access.canSeeDevice(user, d.id)).map((d) => d.id);
      filter.kind = 'keyword'; // concerns are for the DSL alone
    }
    if (roomId) {
      const inRoom = (await this.devices.summaries()).filter((d) => this.directory.roomOf(d.id) === roomId);
      deviceIds = inRoom.map((d) => d.id).filter((id) => !deviceIds || deviceIds.includes(id));
    }
    const records = await this.alerts.list({ ...filter, ...(deviceIds ? { deviceIds } : {}) });
    return Promise.all(records.map((r) => this.summarise(user, r, { level: 'list' })));
  }

  /**
   * One alert in full as this user may see it; for the DSL its context passes the gate, and the view is audited
   * (with the reason in force) in the same transaction.
   */
  async view(user: StaffUser, id: string): Promise<AlertSummary> {
    const record = await this.visibleRecord(user, id);
    if (!record) throw new HttpError(404, 'not-found', `no alert ${id} that you may see`);
    if (user.role !== 'dsl') return this.summarise(user, record, { level: 'detail', revealed: false });
    const revealed = await this.gate.reveal(user, {
      alerts: [record],
      audit: (shown, reason) => [
        {
          actor: user.username,
          action: 'alert.viewed',
          target: id,
          details: { reason, contextShown: shown.has(id) },
        },
      ],
    });
    return this.summarise(user, record, { level: 'detail', revealed: revealed.has(id) });
  }

  /**
   * An alert as live messages carry it (category, severity, pupil and time; never context), worked out once for
   * every socket: the DSL's version, the version for others (a room's teachers, where the school allows), and
   * who may receive it. Undefined when there is no such alert.
   */
  async liveSummaries(id: string): Promise<LiveAlert | undefined> {
    const record = await this.alerts.get(id);
    if (!record) return undefined;
    const [forDsl, forStaff] = await Promise.all([
      this.summarise(LIVE_DSL, record, { level: 'list' }),
      this.summarise(LIVE_STAFF, record, { level: 'list' }),
    ]);
    return {
      forDsl,
      forStaff,
      mayReceive: (user) => {
        if (!this.mayListAlerts(user)) return false;
        if (user.role === 'dsl') return true;
        return record.kind === 'keyword' && !!record.deviceId && this.access.canSeeDevice(user, record.deviceId);
      },
    };
  }

  /** DSL only: the records behind these ids, or a 404 naming the first that does not exist. */
  async recordsForDsl(user: StaffUser, ids: readonly string[]): Promise<AlertRecord[]> {
    this.requireDsl(user, 'alerts');
    const records = await this.alerts.getMany([...new Set(ids)]);
    const missing = ids.find((id) => !records.some((r) => r.id === id));
    if (missing) throw new HttpError(404, 'not-found', `no alert ${missing}`);
    return records;
  }

  /**
   * The DSL records why they need to see an alert's sensitive material; for the next half hour they may.
   * Returns the alert with its context.
   */
  async justify(user: StaffUser, id: string, reason: string): Promise<AlertSummary> {
    this.requireDsl(user, 'sensitive material');
    const record = await this.visibleRecord(user, id);
    if (!record) throw new HttpError(404, 'not-found', `no alert ${id}`);
    const revealed = await this.gate.reveal(user, {
      alerts: [record],
      reason,
      audit: () => [
        {
          actor: user.username,
          action: 'evidence.justified',
          target: id,
          details: { reason, category: record.category, minutes: JUSTIFICATION_MINUTES },
        },
      ],
    });
    return this.summarise(user, record, { level: 'detail', revealed: revealed.has(id) });
  }

  async evidenceList(user: StaffUser, alertId: string): Promise<Evidence[]> {
    this.requireDsl(user, 'evidence');
    if (!(await this.visibleRecord(user, alertId))) throw new HttpError(404, 'not-found', `no alert ${alertId}`);
    return this.evidence.listForAlert(alertId);
  }

  /**
   * Evidence bytes, through the gate: the DSL only; sensitive categories need a reason (given now, or recorded
   * within the last half hour for this alert). Every view and download is audited with the reason in force.
   */
  async viewEvidence(
    user: StaffUser,
    id: string,
    request: { reason?: string | undefined; download?: boolean | undefined },
  ): Promise<Buffer> {
    this.requireDsl(user, 'evidence');
    const found = await this.evidence.metadata(id);
    const owner = found && (await this.evidence.owner(id));
    if (!found || !owner) throw new HttpError(404, 'not-found', `no evidence ${id}`);
    const alertId = found.alertId;
    const alert = await this.alerts.get(alertId);
    // Evidence whose alert is gone counts as sensitive (the gate fails closed), so it needs a reason too. The
    // bytes are read in the audit's transaction: one entry for each time the full image is served, no more.
    return this.gate.revealThen(
      user,
      {
        alerts: [alert ?? { id: alertId, kind: null }],
        reason: request.reason,
        audit: (shown, reason) =>
          shown.has(alertId)
            ? [
                {
                  actor: user.username,
                  action: request.download ? 'evidence.downloaded' : 'evidence.viewed',
                  target: id,
                  details: { alertId, deviceId: owner.deviceId, reason },
                },
              ]
            : [],
      },
      async (revealed, tx) => {
        if (!revealed.has(alertId)) throw reasonRequired();
        const read = await this.evidence.read(id, tx);
        if (!read) throw new HttpError(404, 'not-found', `no evidence ${id}`);
        return read.jpeg;
      },
    );
  }

  /**
   * A small, heavily blurred copy of a screenshot, made here so the browser never holds the full image until the
   * DSL opens it. Sensitive categories still need a reason on record first; a blurred copy shows nothing that
   * needs an audit entry of its own (opening the full image has one).
   */
  async evidencePreview(user: StaffUser, id: string): Promise<Buffer> {
    this.requireDsl(user, 'evidence');
    const found = await this.evidence.metadata(id);
    if (!found) throw new HttpError(404, 'not-found', `no evidence ${id}`);
    const alert = await this.alerts.get(found.alertId);
    const jpeg = await this.gate.revealThen(
      user,
      { alerts: [alert ?? { id: found.alertId, kind: null }], audit: () => [] },
      async (revealed, tx) => {
        if (!revealed.has(found.alertId)) throw reasonRequired();
        return (await this.evidence.read(id, tx))?.jpeg;
      },
    );
    if (!jpeg) throw new HttpError(404, 'not-found', `no evidence ${id}`);
    return blurredPreview(jpeg).catch(() => {
      throw new HttpError(422, 'unreadable-image', 'this screenshot cannot be read as an image to make a preview');
    });
  }

  /** The DSL removes evidence (e.g. an indecent image that must not be kept); the audit keeps the fact. */
  async deleteEvidence(user: StaffUser, id: string, reason: string): Promise<void> {
    this.requireDsl(user, 'evidence');
    const found = await this.evidence.metadata(id);
    if (!found) throw new HttpError(404, 'not-found', `no evidence ${id}`);
    await this.gate.deleteEvidence(user, this.evidence, id, {
      actor: user.username,
      action: 'evidence.deleted',
      target: id,
      details: { alertId: found.alertId, sha256: found.sha256, capturedAt: found.capturedAt, reason },
    });
  }

  isSensitive(record: AlertRecord): boolean {
    return this.gate.isSensitive(record);
  }

  private async visibleRecord(user: StaffUser, id: string): Promise<AlertRecord | undefined> {
    if (!this.mayListAlerts(user)) return undefined;
    const record = await this.alerts.get(id);
    if (!record) return undefined;
    if (user.role !== 'dsl') {
      if (record.kind !== 'keyword' || !record.deviceId || !this.access.canSeeDevice(user, record.deviceId)) {
        return undefined;
      }
    }
    return record;
  }

  private requireDsl(user: StaffUser, what: string): void {
    if (user.role !== 'dsl')
      throw new HttpError(403, 'forbidden', `${what}: for the designated safeguarding lead only`);
  }

  /**
   * The alert as this user may see it. Context, what matched and where appear only in a detail view the gate
   * revealed (the caller asked it, and it audited); lists carry category, severity, pupil and time.
   */
  async summarise(user: Pick<StaffUser, 'role'>, r: AlertRecord, view: SummaryLevel): Promise<AlertSummary> {
    const device = r.deviceId ? await this.devices.summary(r.deviceId) : undefined;
    const category = this.keywords.categoryOf(r.category);
    const dsl = user.role === 'dsl';
    const sensitive = this.gate.isSensitive(r);
    const full = dsl && view.level === 'detail' && view.revealed;
    // What the phrase was says much of what the pupil typed: a sensitive one waits for the reason too.
    const showPhrase = view.level === 'detail' && (full || !sensitive);
    return {
      id: r.id,
      kind: r.kind,
      deviceId: r.deviceId,
      hostname: r.deviceId ? (device?.hostname ?? 'unknown') : null,
      roomId: r.deviceId ? (this.directory.roomOf(r.deviceId) ?? null) : null,
      user: r.user,
      ts: r.ts,
      receivedAt: r.receivedAt,
      category: r.category,
      categoryName: r.kind === 'concern' ? r.phrase : (category?.name ?? r.category),
      sensitive,
      severity: r.severity,
      phrase: showPhrase && r.kind === 'keyword' ? r.phrase : '',
      source: r.source,
      app: full ? r.app : '',
      title: full ? r.title : '',
      url: full ? r.url : null,
      matched: full ? r.matched : null,
      context: full ? r.context : null,
      explanation: full ? r.explanation : null,
      withheld: dsl && sensitive && !full,
      evidenceCount: dsl ? await this.evidence.countForAlert(r.id) : 0,
      status: r.status,
      assignee: dsl ? r.assignee : null,
      caseId: dsl ? r.caseId : null,
      outcome: dsl ? r.outcome : null,
    };
  }
}
