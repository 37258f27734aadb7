import { PolicyAssignment, PolicyDocument, type PolicyVersionInfo } from '@lookout/shared';
import { sql, type Selectable } from 'kysely';
import type { SqlRunner } from './ConsoleDatabase.js';
import type { Database } from './schema.js';

const toVersion = (r: Selectable<Database['policies']>): PolicyVersionInfo => ({
  id: r.id,
  version: r.version,
  name: r.name,
  document: PolicyDocument.parse(JSON.parse(r.document_json)),
  changedBy: r.changed_by,
  changedAt: r.changed_at,
  reason: r.reason,
});

/** Policies (every save a new version) and where they are assigned. */
export class PolicyStore {
  constructor(private readonly db: SqlRunner) {}

  /** The newest version of each policy. */
  async latest(): Promise<PolicyVersionInfo[]> {
    const rows = await this.db.query
      .selectFrom('policies as p')
      .selectAll('p')
      .where('p.version', '=', (eb) =>
        eb
          .selectFrom('policies as older')
          .select((o) => o.fn.max('older.version').as('v'))
          .whereRef('older.id', '=', 'p.id'),
      )
      .execute();
    return rows.map(toVersion);
  }

  /** Newest first. */
  async versions(id: string): Promise<PolicyVersionInfo[]> {
    const rows = await this.db.query
      .selectFrom('policies')
      .selectAll()
      .where('id', '=', id)
      .orderBy('version', 'desc')
      .execute();
    return rows.map(toVersion);
  }

  async insertVersion(v: PolicyVersionInfo, tx: SqlRunner = this.db): Promise<void> {
    await tx.query
      .insertInto('policies')
      .values({
        id: v.id,
        version: v.version,
        name: v.name,
        document_json: JSON.stringify(v.document),
        changed_by: v.changedBy,
        changed_at: v.changedAt,
        reason: v.reason,
      })
      .execute();
  }

  /** In the order they were made. */
  async assignments(): Promise<PolicyAssignment[]> {
    const rows = await this.db.query
      .selectFrom('policy_assignments')
      .selectAll()
      .orderBy('created_at')
      // Two made in the same millisecond: SQLite's insertion order (the one SQLite-only term here; a PostgreSQL
      // schema would give the table a serial column for it).
      .orderBy(sql`rowid`)
      .execute();
    return rows.map((a) =>
      PolicyAssignment.parse({
        id: a.id,
        policyId: a.policy_id,
        scope: a.scope,
        targetId: a.target_id,
        schedule: JSON.parse(a.schedule_json) as unknown,
      }),
    );
  }

  async insertAssignment(a: PolicyAssignment, createdAt: string, tx: SqlRunner = this.db): Promise<void> {
    await tx.query
      .insertInto('policy_assignments')
      .values({
        id: a.id,
        policy_id: a.policyId,
        scope: a.scope,
        target_id: a.targetId,
        schedule_json: JSON.stringify(a.schedule),
        created_at: createdAt,
      })
      .execute();
  }

  async deleteAssignment(id: string, tx: SqlRunner = this.db): Promise<void> {
    await tx.query.deleteFrom('policy_assignments').where('id', '=', id).execute();
  }
}
