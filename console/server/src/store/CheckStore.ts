import type { Selectable } from 'kysely';
import { CheckOutcome, type CheckResult } from '@lookout/shared';
import type { SqlRunner } from './ConsoleDatabase.js';
import type { CheckResultsTable } from './schema.js';

/** The checks recorded: one row per PC and what was tried (a category's test address, or the test phrase). */
export class CheckStore {
  constructor(private readonly db: SqlRunner) {}

  async insert(results: readonly CheckResult[], tx: SqlRunner = this.db): Promise<void> {
    if (results.length === 0) return;
    await tx.query
      .insertInto('check_results')
      .values(
        results.map((r) => ({
          run_id: r.runId,
          device_id: r.deviceId,
          hostname: r.hostname,
          kind: r.kind,
          category: r.category,
          outcome: r.outcome,
          passed: r.passed ? 1 : 0,
          detail: r.detail,
          run_by: r.runBy,
          run_at: r.runAt,
        })),
      )
      .execute();
  }

  /** Newest first. */
  async recent(limit: number): Promise<CheckResult[]> {
    const rows = await this.db.query
      .selectFrom('check_results')
      .selectAll()
      .orderBy('run_at', 'desc')
      .orderBy('id', 'asc')
      .limit(limit)
      .execute();
    return rows.map(toResult);
  }

  /** Oldest first: the review pack's record for a period. */
  async between(from: string, to: string): Promise<CheckResult[]> {
    const rows = await this.db.query
      .selectFrom('check_results')
      .selectAll()
      .where('run_at', '>=', from)
      .where('run_at', '<', to)
      .orderBy('run_at', 'asc')
      .orderBy('id', 'asc')
      .limit(10_000)
      .execute();
    return rows.map(toResult);
  }
}

function toResult(r: Selectable<CheckResultsTable>): CheckResult {
  return {
    runId: r.run_id,
    deviceId: r.device_id,
    hostname: r.hostname,
    kind: r.kind === 'alerts' ? 'alerts' : 'blocks',
    category: r.category,
    outcome: CheckOutcome.catch('failed').parse(r.outcome),
    passed: r.passed === 1,
    detail: r.detail,
    runBy: r.run_by,
    runAt: r.run_at,
  };
}
