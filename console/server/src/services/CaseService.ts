import { randomUUID } from 'node:crypto';
import type {
  AlertStatus,
  CaseDetail,
  CaseEntryRequest,
  CaseSummary,
  CasesQuery,
  CreateCaseRequest,
  SafeguardingOutcome,
  StaffUser,
  TriageRequest,
} from '@lookout/shared';
import { HttpError } from '../http/HttpError.js';
import type { AlertStore } from '../store/AlertStore.js';
import type { AuditLog } from '../store/AuditLog.js';
import type { CaseStore, NewCaseEntry } from '../store/CaseStore.js';
import type { SqlRunner, ConsoleDatabase } from '../store/ConsoleDatabase.js';
import type { StaffStore } from '../store/StaffStore.js';
import type { AlertService } from './AlertService.js';
import { caseState } from './caseState.js';
import type { ExceptionProposalService } from './ExceptionProposalService.js';

/**
 * The DSL's work on alerts and cases. A case's record only grows: each step is an entry with author and time,
 * and the matching audit entry says who did what (never the text of a note, which stays in the case).
 */
export class CaseService {
  private readonly listeners = new Set<(alertIds: string[]) => void>();

  constructor(
    private readonly db: ConsoleDatabase,
    private readonly cases: CaseStore,
    private readonly alerts: AlertStore,
    private readonly alertService: AlertService,
    private readonly staff: StaffStore,
    private readonly proposals: ExceptionProposalService,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  /** Called with the alerts whose triage state changed (to tell other DSL browsers). */
  onAlertsChanged(listener: (alertIds: string[]) => void): void {
    this.listeners.add(listener);
  }

  async triage(user: StaffUser, request: TriageRequest): Promise<{ updated: number; proposals: number }> {
    const records = await this.alertService.recordsForDsl(user, request.alertIds);
    if (request.assignee) await this.requireDslUser(request.assignee);
    const at = this.now().toISOString();
    await this.db.transaction(async (tx) => {
      for (const r of records) {
        const change: Parameters<AlertStore['update']>[1] = {};
        if (request.assignee !== undefined) change.assignee = request.assignee;
        if (request.status) change.status = request.status;
        else if (request.assignee && r.status === 'new') change.status = 'in-review';
        if (request.close) Object.assign(change, { status: 'closed', outcome: request.close.outcome, closedAt: at });
        await this.alerts.update(r.id, change, tx);
        await this.audit.append(
          {
            actor: user.username,
            action: request.close ? 'alert.closed' : request.status ? 'alert.status-changed' : 'alert.assigned',
            target: r.id,
            details: {
              ...(request.assignee !== undefined ? { assignee: request.assignee } : {}),
              ...(change.status ? { status: change.status } : {}),
              ...(request.close ? { outcome: request.close.outcome, note: request.close.note ?? null } : {}),
              bulk: records.length > 1,
            },
          },
          tx,
        );
      }
    });
    let proposals = 0;
    if (request.close?.proposeException) {
      proposals = await this.proposals.propose(user, records, request.close.proposeException);
    }
    this.changed(records.map((r) => r.id));
    return { updated: records.length, proposals };
  }

  async list(user: StaffUser, filter: CasesQuery): Promise<CaseSummary[]> {
    this.requireDsl(user);
    // Title, pupil and reference are filtered in SQL; status and assignee follow from each case's entries.
    const rows = await this.cases.list({ pupil: filter.pupil, q: filter.q });
    const all = await Promise.all(rows.map(async (row) => caseState(row, await this.cases.entries(row.id))));
    return all
      .filter((c) => !filter.status || (filter.status === 'open' ? c.status !== 'closed' : c.status === filter.status))
      .filter((c) => !filter.assignee || c.assignee === filter.assignee)
      .slice(filter.offset, filter.offset + filter.limit)
      .map(({ entries: _entries, ...summary }) => summary);
  }

  async get(user: StaffUser, id: string, audited = true): Promise<CaseDetail> {
    this.requireDsl(user);
    const detail = await this.load(id);
    if (audited) await this.audit.append({ actor: user.username, action: 'case.viewed', target: id, details: {} });
    return detail;
  }

  async open(user: StaffUser, request: CreateCaseRequest): Promise<CaseDetail> {
    this.requireDsl(user);
    const records = await this.alertService.recordsForDsl(user, request.alertIds);
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      for (const r of records) {
        if (r.caseId) throw new HttpError(409, 'conflict', `alert ${r.id} is already in case ${r.caseId}`);
      }
      await this.cases.create(
        { id, pupil: request.pupil, title: request.title, openedAt: this.now().toISOString(), openedBy: user.username },
        tx,
      );
      await this.cases.append(
        id,
        { author: user.username, kind: 'opened', text: '', details: { alertIds: request.alertIds } },
        tx,
      );
      if (request.note)
        await this.cases.append(id, { author: user.username, kind: 'note', text: request.note, details: {} }, tx);
      for (const r of records) {
        await this.alerts.update(r.id, { caseId: id, ...(r.status === 'new' ? { status: 'in-review' } : {}) }, tx);
      }
      await this.audit.append(
        {
          actor: user.username,
          action: 'case.opened',
          target: id,
          details: { pupil: request.pupil, alertIds: request.alertIds },
        },
        tx,
      );
    });
    this.changed(request.alertIds);
    return this.load(id);
  }

  async addEntry(user: StaffUser, caseId: string, request: CaseEntryRequest): Promise<CaseDetail> {
    this.requireDsl(user);
    const before = await this.load(caseId);
    const closed = before.status === 'closed';
    if (closed && !['note', 'reopen', 'correction'].includes(request.kind)) {
      throw new HttpError(
        409,
        'conflict',
        'this case is closed: reopen it first (a note or a correction may still be added)',
      );
    }
    if (request.kind === 'reopen' && !closed) throw new HttpError(409, 'conflict', 'this case is not closed');
    if (request.kind === 'assign' && request.assignee) await this.requireDslUser(request.assignee);
    if (request.kind === 'correction' && !before.entries.some((e) => e.seq === request.corrects)) {
      throw new HttpError(400, 'invalid-request', `this case has no entry ${request.corrects} to correct`);
    }
    const added = request.kind === 'add-alerts' ? await this.alertService.recordsForDsl(user, request.alertIds) : [];
    const entry = toEntry(user, request);
    let alertChange: {
      status?: AlertStatus;
      assignee?: string | null;
      outcome?: SafeguardingOutcome | null;
      closedAt?: string | null;
    } = {};
    if (request.kind === 'status') alertChange = { status: request.status };
    if (request.kind === 'assign') alertChange = { assignee: request.assignee };
    if (request.kind === 'close')
      alertChange = { status: 'closed', outcome: request.outcome, closedAt: this.now().toISOString() };
    if (request.kind === 'reopen') alertChange = { status: 'in-review', outcome: null, closedAt: null };

    await this.db.transaction(async (tx) => {
      for (const r of added) {
        if (r.caseId && r.caseId !== caseId)
          throw new HttpError(409, 'conflict', `alert ${r.id} is already in case ${r.caseId}`);
        await this.alerts.update(r.id, { caseId, ...(r.status === 'new' ? { status: 'in-review' } : {}) }, tx);
      }
      const e = await this.cases.append(caseId, entry, tx);
      if (Object.keys(alertChange).length) {
        for (const alertId of before.alertIds) await this.alerts.update(alertId, alertChange, tx);
      }
      await this.audit.append(
        { actor: user.username, action: `case.${request.kind}`, target: caseId, details: auditDetails(request, e.seq) },
        tx,
      );
    });
    this.changed([...before.alertIds, ...added.map((a) => a.id)]);
    return this.load(caseId);
  }

  private async load(id: string, tx?: SqlRunner): Promise<CaseDetail> {
    const row = await this.cases.get(id, tx);
    if (!row) throw new HttpError(404, 'not-found', `no case ${id}`);
    return caseState(row, await this.cases.entries(id, tx));
  }

  private async requireDslUser(username: string): Promise<void> {
    const found = await this.staff.findByUsername(username);
    if (found?.role !== 'dsl') {
      throw new HttpError(400, 'invalid-request', `${username} is not a designated safeguarding lead or deputy`);
    }
  }

  private requireDsl(user: StaffUser): void {
    if (user.role !== 'dsl')
      throw new HttpError(403, 'forbidden', 'cases are for the designated safeguarding lead only');
  }

  private changed(alertIds: string[]): void {
    for (const listener of this.listeners) listener(alertIds);
  }
}

function toEntry(user: StaffUser, r: CaseEntryRequest): NewCaseEntry {
  const author = user.username;
  switch (r.kind) {
    case 'note':
      return { author, kind: 'note', text: r.text, details: {} };
    case 'action':
      return { author, kind: 'action', text: r.text, details: { action: r.action } };
    case 'status':
      return { author, kind: 'status', text: r.text, details: { status: r.status } };
    case 'assign':
      return { author, kind: 'assign', text: '', details: { assignee: r.assignee } };
    case 'add-alerts':
      return { author, kind: 'add-alerts', text: '', details: { alertIds: r.alertIds } };
    case 'close':
      return { author, kind: 'close', text: r.text, details: { outcome: r.outcome } };
    case 'reopen':
      return { author, kind: 'reopen', text: r.text, details: {} };
    case 'correction':
      return { author, kind: 'correction', text: r.text, details: { corrects: r.corrects } };
  }
}

/** What the audit log keeps of a case entry: the step, not the words (those stay in the case). */
function auditDetails(r: CaseEntryRequest, seq: number): Record<string, unknown> {
  const base = { entry: seq };
  switch (r.kind) {
    case 'action':
      return { ...base, action: r.action };
    case 'status':
      return { ...base, status: r.status };
    case 'assign':
      return { ...base, assignee: r.assignee };
    case 'add-alerts':
      return { ...base, alertIds: r.alertIds };
    case 'close':
      return { ...base, outcome: r.outcome };
    case 'correction':
      return { ...base, corrects: r.corrects };
    default:
      return base;
  }
}
