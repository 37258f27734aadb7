import { randomUUID } from 'node:crypto';
import type { ExceptionProposal, PhraseStats, StaffUser } from '@lookout/shared';
import { HttpError } from '../http/HttpError.js';
import type { AlertRecord, AlertStore } from '../store/AlertStore.js';
import type { AuditLog } from '../store/AuditLog.js';
import type { SqlRunner } from '../store/ConsoleDatabase.js';
import type { KeywordLibraryService } from './KeywordLibraryService.js';

interface ProposalRow {
  id: string;
  library_id: string;
  category: string;
  phrase: string;
  exception: string;
  proposed_by: string;
  proposed_at: string;
  status: ExceptionProposal['status'];
  decided_by: string | null;
}

const toProposal = (r: ProposalRow): ExceptionProposal => ({
  id: r.id,
  libraryId: r.library_id,
  category: r.category,
  phrase: r.phrase,
  exception: r.exception,
  proposedBy: r.proposed_by,
  proposedAt: r.proposed_at,
  status: r.status,
  decidedBy: r.decided_by,
});

/**
 * False-positive feedback: a DSL closing an alert as a false positive may propose an exception for its phrase;
 * a library owner (technician or DSL) accepts it, which saves a new library version, or declines it.
 * Proposals carry the phrase and the proposed exception only, never what the pupil typed.
 */
export class ExceptionProposalService {
  constructor(
    private readonly db: SqlRunner,
    private readonly alerts: AlertStore,
    private readonly keywords: KeywordLibraryService,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  async propose(user: StaffUser, alerts: readonly AlertRecord[], exception: string): Promise<number> {
    const seen = new Set<string>();
    let count = 0;
    for (const a of alerts) {
      if (a.kind !== 'keyword') continue;
      const key = `${a.category}\u0000${a.phrase.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const libraryId = this.keywords.libraryOfPhrase(a.category, a.phrase);
      if (!libraryId) continue;
      const id = randomUUID();
      await this.db.run(
        `INSERT INTO exception_proposals (id, library_id, category, phrase, exception, alert_id, proposed_by, proposed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        id,
        libraryId,
        a.category,
        a.phrase,
        exception,
        a.id,
        user.username,
        this.now().toISOString(),
      );
      await this.audit.append({
        actor: user.username,
        action: 'keyword-exception.proposed',
        target: libraryId,
        details: { proposal: id, phrase: a.phrase, exception },
      });
      count++;
    }
    return count;
  }

  async list(status?: ExceptionProposal['status']): Promise<ExceptionProposal[]> {
    const rows = await this.db.all<ProposalRow>(
      `SELECT * FROM exception_proposals ${status ? 'WHERE status = ?' : ''} ORDER BY proposed_at DESC`,
      ...(status ? [status] : []),
    );
    return rows.map(toProposal);
  }

  async decide(user: StaffUser, id: string, accept: boolean, reason: string): Promise<ExceptionProposal> {
    const row = await this.db.get<ProposalRow>('SELECT * FROM exception_proposals WHERE id = ?', id);
    if (!row) throw new HttpError(404, 'not-found', `no proposal ${id}`);
    if (row.status !== 'open') throw new HttpError(409, 'conflict', `this proposal was already ${row.status}`);
    if (accept) {
      await this.keywords.addException(
        user,
        row.library_id,
        row.category,
        row.phrase,
        row.exception,
        `exception "${row.exception}" for "${row.phrase}" (false-positive feedback): ${reason}`,
      );
    }
    const status = accept ? 'accepted' : 'declined';
    await this.db.run(
      'UPDATE exception_proposals SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?',
      status,
      user.username,
      this.now().toISOString(),
      id,
    );
    await this.audit.append({
      actor: user.username,
      action: `keyword-exception.${status}`,
      target: row.library_id,
      details: { proposal: id, phrase: row.phrase, exception: row.exception, reason },
    });
    return toProposal({ ...row, status, decided_by: user.username });
  }

  async phraseStats(): Promise<PhraseStats[]> {
    return (await this.alerts.phraseStats()).map((s) => ({
      category: s.category,
      phrase: s.phrase,
      alerts: s.alerts,
      falsePositives: s.fp,
      falsePositiveRate: s.closed > 0 ? s.fp / s.closed : null,
    }));
  }
}
