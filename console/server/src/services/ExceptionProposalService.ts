import { randomUUID } from 'node:crypto';
import type { ExceptionProposal, PhraseStats, StaffUser } from '@lookout/shared';
import { HttpError } from '../http/HttpError.js';
import type { AlertRecord, AlertStore } from '../store/AlertStore.js';
import type { AuditLog } from '../store/AuditLog.js';
import type { Transactor } from '../store/ConsoleDatabase.js';
import type { ExceptionProposalStore } from '../store/ExceptionProposalStore.js';
import type { KeywordLibraryService } from './KeywordLibraryService.js';

/**
 * False-positive feedback: a DSL closing an alert as a false positive may propose an exception for its phrase;
 * a library owner (technician or DSL) accepts it, which saves a new library version, or declines it.
 * Proposals carry the phrase and the proposed exception only, never what the pupil typed.
 */
export class ExceptionProposalService {
  constructor(
    private readonly db: Transactor,
    private readonly store: ExceptionProposalStore,
    private readonly alerts: AlertStore,
    private readonly keywords: KeywordLibraryService,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  async propose(user: StaffUser, alerts: readonly AlertRecord[], exception: string): Promise<number> {
    const seen = new Set<string>();
    return this.db.transaction(async (tx) => {
      let count = 0;
      for (const a of alerts) {
        if (a.kind !== 'keyword') continue;
        const key = `${a.category}\u0000${a.phrase.toLowerCase()}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const libraryId = this.keywords.libraryOfPhrase(a.category, a.phrase);
        if (!libraryId) continue;
        const id = randomUUID();
        await this.store.insert(
          {
            id,
            libraryId,
            category: a.category,
            phrase: a.phrase,
            exception,
            alertId: a.id,
            proposedBy: user.username,
            proposedAt: this.now().toISOString(),
          },
          tx,
        );
        await this.audit.append(
          {
            actor: user.username,
            action: 'keyword-exception.proposed',
            target: libraryId,
            details: { proposal: id, phrase: a.phrase, exception },
          },
          tx,
        );
        count++;
      }
      return count;
    });
  }

  list(status?: ExceptionProposal['status']): Promise<ExceptionProposal[]> {
    return this.store.list(status);
  }

  async decide(user: StaffUser, id: string, accept: boolean, reason: string): Promise<ExceptionProposal> {
    const status = accept ? 'accepted' : 'declined';
    return this.db.transaction(async (tx) => {
      const proposal = await this.store.get(id, tx);
      if (!proposal) throw new HttpError(404, 'not-found', `no proposal ${id}`);
      if (!(await this.store.decide(id, status, user.username, this.now().toISOString(), tx))) {
        throw new HttpError(409, 'conflict', `this proposal was already ${proposal.status}`);
      }
      await this.audit.append(
        {
          actor: user.username,
          action: `keyword-exception.${status}`,
          target: proposal.libraryId,
          details: { proposal: id, phrase: proposal.phrase, exception: proposal.exception, reason },
        },
        tx,
      );
      // Last, so that nothing after it but COMMIT can fail once the matcher has the new version.
      if (accept) {
        await this.keywords.addException(
          user,
          proposal.libraryId,
          proposal.category,
          proposal.phrase,
          proposal.exception,
          `exception "${proposal.exception}" for "${proposal.phrase}" (false-positive feedback): ${reason}`,
          tx,
        );
      }
      return { ...proposal, status, decidedBy: user.username };
    });
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
