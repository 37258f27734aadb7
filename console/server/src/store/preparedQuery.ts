import type { Compilable, CompiledQuery, QueryResult } from 'kysely';
import type { Query, SqlRunner } from './ConsoleDatabase.js';

const MARK = '\u0000lookout-param:';

/**
 * A query of the hot path built and compiled by Kysely once (for whichever dialect the database speaks), then run
 * with new values each time: building and compiling cost more than SQLite takes to run it. `build` names each
 * value with `param(name)`; a name may appear more than once. The statement itself is prepared once too (the
 * SQLite connection caches statements by their text).
 */
export function preparedQuery<Name extends string, Row = unknown>(
  build: (query: Query, param: <T>(name: Name) => T) => Compilable<Row>,
): (runner: SqlRunner, values: Record<Name, unknown>) => Promise<QueryResult<Row>> {
  let compiled: CompiledQuery<Row> | undefined;
  let slots: Name[] = [];
  return async (runner, values) => {
    if (!compiled) {
      compiled = build(runner.query, <T>(name: Name) => `${MARK}${name}` as T).compile();
      slots = compiled.parameters.map((value) => {
        if (typeof value !== 'string' || !value.startsWith(MARK)) {
          throw new Error(`a prepared query takes its values by name, not ${String(value)}`);
        }
        return value.slice(MARK.length) as Name;
      });
    }
    const parameters = slots.map((name) => values[name]);
    // Inside a SQLite transaction: straight to the prepared statement (Kysely's hand-off costs more than the run).
    if (runner.direct) return runner.direct.run({ sql: compiled.sql, parameters }) as QueryResult<Row>;
    return runner.query.executeQuery<Row>({ ...compiled, parameters });
  };
}
