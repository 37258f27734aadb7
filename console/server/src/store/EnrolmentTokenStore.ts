import { randomUUID } from 'node:crypto';
import type { SqlRunner } from './ConsoleDatabase.js';

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

interface TokenRow {
  id: string;
  label: string | null;
  expires_at: string;
  max_uses: number;
  uses: number;
  revoked_at: string | null;
  created_at: string;
}

const toRecord = (r: TokenRow): EnrolmentTokenRecord => ({
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

  async create(input: {
    tokenHash: string;
    label: string | null;
    createdBy: string | null;
    expiresAt: Date;
    maxUses: number;
  }): Promise<EnrolmentTokenRecord> {
    const id = randomUUID();
    await this.db.run(
      `INSERT INTO enrolment_tokens (id, token_hash, label, created_by, created_at, expires_at, max_uses)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      id,
      input.tokenHash,
      input.label,
      input.createdBy,
      this.now().toISOString(),
      input.expiresAt.toISOString(),
      input.maxUses,
    );
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
    const row = await tx.get<TokenRow>('SELECT * FROM enrolment_tokens WHERE token_hash = ?', tokenHash);
    return row && toRecord(row);
  }

  async recordUse(id: string, tx: SqlRunner = this.db): Promise<void> {
    await tx.run('UPDATE enrolment_tokens SET uses = uses + 1 WHERE id = ?', id);
  }

  /** Newest first. */
  async list(): Promise<EnrolmentTokenListing[]> {
    const rows = await this.db.all<TokenRow>('SELECT * FROM enrolment_tokens ORDER BY created_at DESC');
    return rows.map((r) => ({ ...toRecord(r), createdAt: r.created_at }));
  }

  /** True if the token existed and was not already revoked. */
  async revoke(id: string, tx: SqlRunner = this.db): Promise<boolean> {
    const { changes } = await tx.run(
      'UPDATE enrolment_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
      this.now().toISOString(),
      id,
    );
    return changes === 1;
  }
}
