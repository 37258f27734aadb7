import type { SqlRunner } from './ConsoleDatabase.js';

export interface GroupRecord {
  id: string;
  kind: 'device' | 'user';
  name: string;
  members: string[];
}

/** Device and user groups with their members. */
export class GroupStore {
  constructor(private readonly db: SqlRunner) {}

  async list(): Promise<GroupRecord[]> {
    const groups = await this.db.query.selectFrom('groups').select(['id', 'kind', 'name']).execute();
    const members = await this.db.query.selectFrom('group_members').selectAll().execute();
    return groups.map((g) => ({
      id: g.id,
      kind: g.kind as GroupRecord['kind'],
      name: g.name,
      members: members.filter((m) => m.group_id === g.id).map((m) => m.member),
    }));
  }

  async insert(group: Omit<GroupRecord, 'members'>, createdAt: string, tx: SqlRunner = this.db): Promise<void> {
    await tx.query
      .insertInto('groups')
      .values({ id: group.id, kind: group.kind, name: group.name, created_at: createdAt })
      .execute();
  }

  async setMembers(id: string, members: readonly string[], tx: SqlRunner = this.db): Promise<void> {
    await tx.query.deleteFrom('group_members').where('group_id', '=', id).execute();
    const unique = [...new Set(members)];
    if (unique.length === 0) return;
    await tx.query
      .insertInto('group_members')
      .values(unique.map((member) => ({ group_id: id, member })))
      .execute();
  }
}
