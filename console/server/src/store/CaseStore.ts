import type { CaseEntry } from '@lookout/shared';
import type { SqlRunner } from './ConsoleDatabase.js';

export interface CaseRow {
  id: string;
  pupil: string;
  title: string;
  openedAt: string;
  openedBy: string;
}

export type NewCaseEntry = Pick<CaseEntry, 'kind' | 'text' | 'details'> & { author: string };
export type StoredCaseEntry = Omit<CaseEntry, 'correctedBy'>;

/** Cases and their entries, append-only (triggers refuse UPDATE and DELETE on both tables). */
export class CaseStore {
  constructor(
    private readonly db: SqlRunner,
    private readonly now: () => Date,
  ) {}

  async create(c: CaseRow, tx: SqlRunner = this.db): Promise<void> {
    await tx.run(
      'INSERT INTO cases (id, pupil, title, opened_at, opened_by) VALUES (?, ?, ?, ?, ?)',
      c.id,
      c.pupil,
      c.title,
      c.openedAt,
      c.openedBy,
    );
  }

  async append(caseId: string, entry: NewCaseEntry, tx: SqlRunner = this.db): Promise<StoredCaseEntry> {
    const last = await tx.get<{ n: number | null }>('SELECT MAX(seq) AS n FROM case_entries WHERE case_id = ?', caseId);
    const seq = (last?.n ?? 0) + 1;
    const at = this.now().toISOString();
    await tx.run(
      'INSERT INTO case_entries (case_id, seq, at, author, kind, text, details_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
      caseId,
      seq,
      at,
      entry.author,
      entry.kind,
      entry.text,
      JSON.stringify(entry.details),
    );
    return { seq, at, author: entry.author, kind: entry.kind, text: entry.text, details: entry.details };
  }

  async get(id: string, tx: SqlRunner = this.db): Promise<CaseRow | undefined> {
    const row = await tx.get<{ id: string; pupil: string; title: string; opened_at: string; opened_by: string }>(
      'SELECT * FROM cases WHERE id = ?',
      id,
    );
    return row && { id: row.id, pupil: row.pupil, title: row.title, openedAt: row.opened_at, openedBy: row.opened_by };
  }

  async list(filter: { pupil?: string } = {}): Promise<CaseRow[]> {
    const rows = await this.db.all<{ id: string; pupil: string; title: string; opened_at: string; opened_by: string }>(
      `SELECT * FROM cases ${filter.pupil ? 'WHERE pupil = ?' : ''} ORDER BY opened_at DESC`,
      ...(filter.pupil ? [filter.pupil] : []),
    );
    return rows.map((r) => ({
      id: r.id,
      pupil: r.pupil,
      title: r.title,
      openedAt: r.opened_at,
      openedBy: r.opened_by,
    }));
  }

  async entries(caseId: string, tx: SqlRunner = this.db): Promise<StoredCaseEntry[]> {
    const rows = await tx.all<{
      seq: number;
      at: string;
      author: string;
      kind: CaseEntry['kind'];
      text: string;
      details_json: string;
    }>('SELECT * FROM case_entries WHERE case_id = ? ORDER BY seq', caseId);
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      author: r.author,
      kind: r.kind,
      text: r.text,
      details: JSON.parse(r.details_json) as Record<string, unknown>,
    }));
  }
}
