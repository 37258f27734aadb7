/**
 * The event writer's thread (started by EventWriterWorker): agents' batches stored on a connection of its own,
 * through the same EventStore and GroupCommitWriter as the console's connection would use, so the main thread's
 * event loop is left for sockets, fan-out, acks and policy pushes. A write's result is posted back only once it
 * is committed and the WAL flushed: an ack sent on it still means "on disk".
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AgentEvent, StoredEvent } from '@lookout/shared';
import { ConsoleDatabase } from './ConsoleDatabase.js';
import { EventStore } from './EventStore.js';
import type { EventWrite, EventWriteResult, FromEventWriter, ToEventWriter } from './eventWriterMessages.js';
import { GroupCommitWriter } from './GroupCommitWriter.js';

interface EventWriterData {
  filename: string;
  /** How long the first write waits for others to join its commit. */
  groupWindowMs: number;
}

if (!parentPort) throw new Error('EventWriterThread runs only as a worker thread');
const port = parentPort;
const { filename, groupWindowMs } = workerData as EventWriterData;
const post = (message: FromEventWriter) => port.postMessage(message);

/** Which of a write's events its store call reported new (the store returns copies, so match by seq). */
function freshIndexes(events: readonly AgentEvent[], stored: readonly StoredEvent[]): number[] {
  const seqs = new Set(stored.map((e) => e.seq));
  const fresh: number[] = [];
  events.forEach((e, i) => {
    if (seqs.has(e.seq)) {
      fresh.push(i);
      seqs.delete(e.seq); // a batch that repeats a sequence stored its first copy only
    }
  });
  return fresh;
}

async function main(): Promise<void> {
  let db: ConsoleDatabase;
  try {
    // The console's thread opened and migrated the database; this connection only writes events.
    db = await ConsoleDatabase.open(filename, [], { checkpoints: false });
  } catch (err) {
    post({ type: 'failed', error: (err as Error).message });
    return;
  }
  const writer = new GroupCommitWriter(db, groupWindowMs);
  // Receipt times come with each write (the main thread's clock); this one is never asked.
  const events = new EventStore(db, writer, () => new Date());

  // Results settle in bursts (a group's flush settles all its writes): posted back together, one message a burst.
  const outgoing: EventWriteResult[] = [];
  const settle = (result: EventWriteResult) => {
    if (outgoing.length === 0) setImmediate(() => post({ type: 'results', results: outgoing.splice(0) }));
    outgoing.push(result);
  };
  const write = (w: EventWrite) => {
    const stored = w.priority
      ? events.appendPriority(w.deviceId, w.events[0]!, w.receivedAt).then((e) => (e ? [e] : []))
      : events.appendBatch(w.deviceId, w.events, w.receivedAt);
    stored.then(
      (s) => settle({ ref: w.ref, ok: true, fresh: freshIndexes(w.events, s) }),
      (err: unknown) => settle({ ref: w.ref, ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
  };

  port.on('message', (message: ToEventWriter) => {
    if (message.type === 'writes') {
      for (const w of message.writes) write(w);
    } else if (message.type === 'close') {
      void (async () => {
        await writer.drain();
        await db.close();
        // The last results first (they are posted on the next turn), then closed.
        setImmediate(() => post({ type: 'closed' }));
      })();
    }
  });
  post({ type: 'ready' });
}

void main();
