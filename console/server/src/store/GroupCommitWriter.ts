import { CompiledQuery } from 'kysely';
import type { ConsoleDatabase, SqlRunner } from './ConsoleDatabase.js';

/**
 * The console's cap on a group, in events: about 50 ms of SQLite's work at the 46–54 µs an event measured for
 * batches (README, Load). Live load (thousands of one-event batches a second in 10 ms windows) never reaches it.
 */
export const GROUP_COMMIT_MAX_EVENTS = 1_000;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Pending {
  work: (tx: SqlRunner) => Promise<unknown>;
  /** Its share of a group's cap (events, for a batch). */
  weight: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * The one writer of the hot path (events, heartbeats): what is handed to it while a commit is under way waits
 * and is committed with everything else pending, in one transaction, on the next turn of the event loop. A piece
 * of work that fails is rolled back and rejected alone (the group is then run again, a savepoint each); each
 * promise settles only after COMMIT and the flush of the WAL that follows it (an agent's ack may be sent then,
 * not before). The next group commits while the disk flushes the last; groups committed meanwhile share a flush.
 *
 * A group is capped (`maxGroupWeight`, in events): a group commit runs synchronously in one turn of the event
 * loop, and after a console restart the replay of thousands of PCs would make one turn of seconds while
 * connections waited in the accept queue and hellos unread. What is over the cap is committed in the next group,
 * after the event loop has had a turn of I/O (setImmediate), so accepts and hellos are read between.
 */
export class GroupCommitWriter {
  private pending: Pending[] = [];
  private committing: Promise<void> | undefined;
  /** Groups committed, waiting for their flush before they settle. */
  private readonly flushing = new Set<Promise<void>>();
  private commits = 0;

  /**
   * `windowMs`: how long the first piece of work waits for others to join its group (0: the next turn of the
   * event loop). A few milliseconds make groups of hundreds under load: each commit rewrites the pages it touched
   * (an index leaf and a device row per PC), so one commit for many batches writes far less than many commits.
   */
  constructor(
    private readonly db: ConsoleDatabase,
    private readonly windowMs = 0,
    private readonly maxGroupWeight = Infinity,
  ) {}

  /**
   * `work` touches only the database through `tx`: it may run twice (see commitGroup), its effects kept once.
   * `weight`: its share of a group's cap (the events a batch stores; 1 for a row or two).
   */
  submit<T>(work: (tx: SqlRunner) => Promise<T>, weight = 1): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, weight, resolve: resolve as (value: unknown) => void, reject });
      this.committing ??= new Promise<void>((done) => {
        const commit = () => void this.commitAll().finally(done);
        if (this.windowMs > 0) setTimeout(commit, this.windowMs);
        else setImmediate(commit);
      });
    });
  }

  /** Resolves once everything handed over so far is committed (or has failed). */
  async drain(): Promise<void> {
    while (this.committing || this.flushing.size > 0) {
      await this.committing;
      await Promise.all(this.flushing);
    }
  }

  /** Transactions committed so far (a group counts once). */
  get commitCount(): number {
    return this.commits;
  }

  private async commitAll(): Promise<void> {
    while (this.pending.length > 0) {
      const group = this.pending.splice(0, takeGroup(this.pending, this.maxGroupWeight));
      let outcomes: Outcome[];
      try {
        outcomes = await this.commitGroup(group);
        this.commits++;
      } catch (error) {
        // The commit itself failed (e.g. a full disk): nothing of the group is stored.
        for (const item of group) item.reject(error);
        continue;
      }
      const settled = this.db.flush().then(
        () =>
          group.forEach((item, i) => {
            const outcome = outcomes[i]!;
            if (outcome.ok) item.resolve(outcome.value);
            else item.reject(outcome.error);
          }),
        // Committed but not known to be on disk: nothing may be reported stored (an agent sends it again).
        (error: unknown) => group.forEach((item) => item.reject(error)),
      );
      this.flushing.add(settled);
      void settled.finally(() => this.flushing.delete(settled));
      // What was left over (or came meanwhile) after a turn of I/O: accepts and hellos are read in between.
      if (this.pending.length > 0) await new Promise<void>((next) => setImmediate(next));
    }
    this.committing = undefined;
  }

  /**
   * A savepoint per piece of work costs SQLite more than the work itself (about 35 µs against 20 µs for an
   * event's INSERT and its device's UPDATE), and work almost never fails. So the group runs without them first;
   * if any piece fails, that transaction is rolled back whole and the group runs again with a savepoint each,
   * so only the failing piece is left out. Work only touches the database, so running it twice is harmless.
   */
  private async commitGroup(group: Pending[]): Promise<Outcome[]> {
    const allOrNothing = await this.db
      .transaction(
        async (tx) => {
          const done: Outcome[] = [];
          for (const item of group) done.push({ ok: true, value: await item.work(tx) });
          return done;
        },
        { flushed: false },
      )
      .catch(() => undefined);
    if (allOrNothing) return allOrNothing;
    return await this.db.transaction(
      async (tx) => {
        const done: Outcome[] = [];
        for (const item of group) done.push(await runInSavepoint(tx, item.work));
        return done;
      },
      { flushed: false },
    );
  }
}

/**
 * How many of the pending pieces of work, from the front, make the next group: as many as fit `maxWeight`, and
 * always at least one (a piece heavier than the cap is committed alone).
 */
export function takeGroup(pending: readonly { weight: number }[], maxWeight: number): number {
  let weight = 0;
  let count = 0;
  for (const item of pending) {
    if (count > 0 && weight + item.weight > maxWeight) break;
    weight += item.weight;
    count++;
  }
  return count;
}

// Compiled once: thousands run a second.
const SAVEPOINT = CompiledQuery.raw('SAVEPOINT one_batch');
const RELEASE = CompiledQuery.raw('RELEASE SAVEPOINT one_batch');
const ROLLBACK_TO = CompiledQuery.raw('ROLLBACK TO SAVEPOINT one_batch');

async function runInSavepoint(tx: SqlRunner, work: (tx: SqlRunner) => Promise<unknown>): Promise<Outcome> {
  await tx.query.executeQuery(SAVEPOINT);
  try {
    const value = await work(tx);
    await tx.query.executeQuery(RELEASE);
    return { ok: true, value };
  } catch (error) {
    await tx.query.executeQuery(ROLLBACK_TO);
    await tx.query.executeQuery(RELEASE);
    return { ok: false, error };
  }
}
