import type { ExceptionProposal } from '@lookout/shared';
import type { Selectable } from 'kysely';
import type { SqlRunner } from './ConsoleDatabase.js';
import type { ExceptionProposalsTable } from './schema.js';

const toProposal = (r: Selectable<ExceptionProposalsTable>): ExceptionProposal => ({
  id: r.id,
  libraryId: r.library_id,
  category: r.category,
  phrase: r.phrase,
  exception: r.exception,
  proposedBy: r.proposed_by,
  proposedAt: r.proposed_at,
  status: r.status as ExceptionProposal['status'],
  decidedBy: r.decided_by,
});

/** Proposed keyword exceptions (false-positive feedback) and what became of them. */
export class ExceptionProposalStore {
  constructor(private readonly db: SqlRunner) {}

  async insert(
    p: Pick<
      ExceptionProposal,
      'id' | 'libraryId' | 'category' | 'phrase' | 'exception' | 'proposedBy' | 'proposedAt'
    > & {
      alertId: string;
    },
    tx: SqlRunner = this.db,
  ): Promise<void> {
    await tx.query
      .insertInto('exception_proposals')
      .values({
        id: p.id,
        library_id: p.libraryId,
        category: p.category,
        phrase: p.phrase,
        exception: p.exception,
        alert_id: p.alertId,
        proposed_by: p.proposedBy,
        proposed_at: p.proposedAt,
      })
      .execute();
  }

  /** Newest first. */
  async list(status?: ExceptionProposal['status']): Promise<ExceptionProposal[]> {
    let query = this.db.query.selectFrom('exception_proposals').selectAll();
    if (status) query = query.where('status', '=', status);
    return (await query.orderBy('proposed_at', 'desc').execute()).map(toProposal);
  }

  async get(id: string, tx: SqlRunner = this.db): Promise<ExceptionProposal | undefined> {
    const row = await tx.query.selectFrom('exception_proposals').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toProposal(row);
  }

  /** Only an open proposal is decided; false when it was not open (decided meanwhile). */
  async decide(
    id: string,
    status: 'accepted' | 'declined',
    decidedBy: string,
    decidedAt: string,
    tx: SqlRunner = this.db,
  ): Promise<boolean> {
    const result = await tx.query
      .updateTable('exception_proposals')
      .set({ status, decided_by: decidedBy, decided_at: decidedAt })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
