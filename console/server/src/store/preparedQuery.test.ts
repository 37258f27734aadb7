import { afterEach, beforeEach, expect, it } from 'vitest';
import { preparedQuery } from './preparedQuery.js';
import { openTestDatabase } from './testDatabase.js';

let t: Awaited<ReturnType<typeof openTestDatabase>>;
beforeEach(async () => (t = await openTestDatabase()));
afterEach(() => t.close());

const insertSetting = preparedQuery<'key' | 'value' | 'by'>((q, param) =>
  q
    .insertInto('settings')
    .values({ key: param('key'), value_json: param('value'), changed_by: param('by'), changed_at: param('value') }),
);

it('runs one compiled query with each call’s values, by name, however often a name appears', async () => {
  await insertSetting(t.db, { key: 'a', value: '1', by: null });
  await insertSetting(t.db, { value: '2', key: 'b', by: 'admin' });
  const rows = await t.db.query
    .selectFrom('settings')
    .select(['key', 'value_json', 'changed_by', 'changed_at'])
    .orderBy('key')
    .execute();
  expect(rows).toEqual([
    { key: 'a', value_json: '1', changed_by: null, changed_at: '1' },
    { key: 'b', value_json: '2', changed_by: 'admin', changed_at: '2' },
  ]);
});

it('refuses a query built with a value that is not a named parameter', async () => {
  const literal = preparedQuery<'key'>((q, param) =>
    q
      .insertInto('settings')
      .values({ key: param('key'), value_json: 'fixed', changed_by: param('key'), changed_at: 'x' }),
  );
  await expect(literal(t.db, { key: 'c' })).rejects.toThrow(/by name, not fixed/);
});

it('inside a SQLite transaction runs on its connection directly, with the result Kysely would give', async () => {
  const countSettings = preparedQuery<'key', { n: number }>((q, param) =>
    q
      .selectFrom('settings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('key', '=', param<string>('key')),
  );
  const outside = await insertSetting(t.db, { key: 'a', value: '1', by: null });
  const inside = await t.db.transaction(async (tx) => {
    expect(tx.direct).toBeDefined();
    const inserted = await insertSetting(tx, { key: 'b', value: '2', by: null });
    // Sees its own transaction's row (same connection), before COMMIT.
    const seen = await countSettings(tx, { key: 'b' });
    return { inserted, seen: seen.rows };
  });
  expect(inside.inserted.numAffectedRows).toBe(outside.numAffectedRows);
  expect(inside.inserted.numAffectedRows).toBe(1n);
  expect(inside.seen).toEqual([{ n: 1 }]);
  // And a transaction that throws takes what it ran directly back with it.
  await expect(
    t.db.transaction(async (tx) => {
      await insertSetting(tx, { key: 'c', value: '3', by: null });
      throw new Error('undo');
    }),
  ).rejects.toThrow('undo');
  expect(t.committed.prepare("SELECT COUNT(*) AS n FROM settings WHERE key = 'c'").get()).toEqual({ n: 0 });
});
