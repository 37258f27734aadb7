import type { CaseEntry } from '@lookout/shared';
import type { Selectable } from 'kysely';
import type { SqlRunner } from './ConsoleDatabase.js';
import { containsText } from './textSearch.js';
import type { Database } from './schema.js';

export interface CaseRow {
  id: string;
  pupil: string;
  title: string;
  openedAt: string;
  openedBy: string;
}

export type NewCaseEntry = Pick<CaseEntry, 'kind' | 'text' | 'details'> & { author: string };
export type StoredCaseEntry = Omit<CaseEntry, 'correctedBy'>;

const toCase = (r: Selectable<Database['cases']>): CaseRow => ({
  id: r.id,
  pupil: r.pupil,
  title: r.title,
  openedAt: r.opened_at,
  openedBy: r.opened_by,
});

/** Cases and their entries, append-only (triggers refuse UPDATE and DELETE on both tables). */
export class CaseStore {
  constructor(
    private readonly db: SqlRunner,
    private readonly now: () => Date,
  ) {}

  async create(c: CaseRow, tx: SqlRunner = this.db): Promise<void> {
    await tx.query
      .insertInto('cases')
      .values({ id: c.id, pupil: c.pupil, title: c.title, opened_at: c.openedAt, opened_by: c.openedBy })
      .execute();
  }

  async append(caseId: string, entry: NewCaseEntry, tx: SqlRunner = this.db): Promise<StoredCaseEntry> {
    const last = await tx.query
      .selectFrom('case_entries')
      .select((eb) => eb.fn.max('seq').as('n'))
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    const seq = Number(last?.n ?? 0) + 1;
    const at = this.now().toISOString();
    await tx.query
      .insertInto('case_entries')
      .values({
        case_id: caseId,
        seq,
        at,
        author: entry.author,
        kind: entry.kind,
        text: entry.text,
        details_json: JSON.stringify(entry.details),
      })
      .execute();
    return { seq, at, author: entry.author, kind: entry.kind, text: entry.text, details: entry.details };
  }

  async get(id: string, tx: SqlRunner = this.db): Promise<CaseRow | undefined> {
    const row = await tx.query.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toCase(row);
  }

  async list(filter: { pupil?: string | undefined; q?: string | undefined } = {}): Promise<CaseRow[]> {
    let query = this.db.query.selectFrom('cases').selectAll();
    if (filter.pupil) query = query.where('pupil', '=', filter.pupil);
    const q = filter.q;
    if (q) {
      // A reference is the start of the case's id, as shown on it (at least 4 characters of it).
      const reference = /^[0-9a-f-]{4,}$/i.test(q) ? q.toLowerCase() : undefined;
      query = query.where((eb) =>
        eb.or([
          containsText('title', q),
          containsText('pupil', q),
          ...(reference ? [eb('id', 'like', `${reference}%`)] : []),
        ]),
      );
    }
    return (await query.orderBy('opened_at', 'desc').execute()).map(toCase);
  }

  async entries(caseId: string, tx: SqlRunner = this.db): Promise<StoredCaseEntry[]> {
    const rows = await tx.query
      .selectFrom('case_entries')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('seq')
      .execute();
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      author: r.author,
      kind: r.kind as CaseEntry['kind'],
      text: r.text,
      details: JSON.parse(r.details_json) as Record<string, unknown>,
    }));
  }
}
