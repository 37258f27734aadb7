import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { SqlRunner } from './ConsoleDatabase.js';
import type { EnrolmentTokensTable } from './schema.js';

export interface EnrolmentTokenRecord {
  id: string;
  label: string | null;
  expiresAt: string;
  maxUses: number;
  uses: number;
  revokedAt: string | null;
}

export interface EnrolmentTokenListing extends EnrolmentTokenRecord {
  createdAt: string;
}

const toRecord = (r: Selectable<EnrolmentTokensTable>): EnrolmentTokenRecord => ({
  id: r.id,
  label: r.label,
  expiresAt: r.expires_at,
  maxUses: r.max_uses,
  uses: r.uses,
  revokedAt: r.revoked_at,
});

export class EnrolmentTokenStore {
  constructor(
    private readonly db: SqlRunner,
    private readonly now: () => Date,
  ) {}

  async create(
    input: {
      tokenHash: string;
      label: string | null;
      createdBy: string | null;
      expiresAt: Date;
      maxUses: number;
    },
    tx: SqlRunner = this.db,
  ): Promise<EnrolmentTokenRecord> {
    const id = randomUUID();
    await tx.query
      .insertInto('enrolment_tokens')
      .values({
        id,
        token_hash: input.tokenHash,
        label: input.label,
        created_by: input.createdBy,
        created_at: this.now().toISOString(),
        expires_at: input.expiresAt.toISOString(),
        max_uses: input.maxUses,
      })
      .execute();
    return {
      id,
      label: input.label,
      expiresAt: input.expiresAt.toISOString(),
      maxUses: input.maxUses,
      uses: 0,
      revokedAt: null,
    };
  }

  async findByHash(tokenHash: string, tx: SqlRunner = this.db): Promise<EnrolmentTokenRecord | undefined> {
    const row = await tx.query
      .selectFrom('enrolment_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async recordUse(id: string, tx: SqlRunner = this.db): Promise<void> {
    await tx.query
      .updateTable('enrolment_tokens')
      .set((eb) => ({ uses: eb('uses', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  /** Newest first. */
  async list(): Promise<EnrolmentTokenListing[]> {
    const rows = await this.db.query.selectFrom('enrolment_tokens').selectAll().orderBy('created_at', 'desc').execute();
    return rows.map((r) => ({ ...toRecord(r), createdAt: r.created_at }));
  }

  /** True if the token existed and was not already revoked. */
  async revoke(id: string, tx: SqlRunner = this.db): Promise<boolean> {
    const result = await tx.query
      .updateTable('enrolment_tokens')
      .set({ revoked_at: this.now().toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }
}
