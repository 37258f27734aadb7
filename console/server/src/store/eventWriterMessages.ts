import type { AgentEvent } from '@lookout/shared';

/**
 * What the console's main thread and its event writer's thread say to each other (both ends are this process's
 * own code: the agents' frames were validated by their schemas before anything here was made of them).
 */

/** One device's batch (or one alert sent ahead: `priority`), as the gateway received it. */
export interface EventWrite {
  /** Matches the result to its caller. */
  ref: number;
  priority: boolean;
  deviceId: string;
  events: AgentEvent[];
  /** When the console read it (ISO), stored beside the PC's own time. */
  receivedAt: string;
}

/**
 * A write's outcome, after COMMIT and the WAL's flush: which of its events were new (their indexes: the main
 * thread has the events, so only indexes cross back), or why it was refused.
 */
export type EventWriteResult = { ref: number; ok: true; fresh: number[] } | { ref: number; ok: false; error: string };

export type ToEventWriter =
  /** Writes gathered over a turn of the main thread's event loop: one message for many batches. */
  | { type: 'writes'; writes: EventWrite[] }
  /** Commit what is pending, close the connection, then say `closed`. */
  | { type: 'close' };

export type FromEventWriter =
  | { type: 'ready' }
  | { type: 'results'; results: EventWriteResult[] }
  /** The thread could not open the database (it then ends). */
  | { type: 'failed'; error: string }
  | { type: 'closed' };
