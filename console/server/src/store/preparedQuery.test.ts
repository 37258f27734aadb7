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
