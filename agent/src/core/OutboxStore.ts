import type { AgentEvent } from '@lookout/shared';

/** An event as the agent keeps it before delivery. The device id is stamped when it is sent. */
export type OutboxEvent = Omit<AgentEvent, 'deviceId'>;
export type OutboxDraft = Omit<OutboxEvent, 'seq'>;

/**
 * Durable queue of events not yet acknowledged by the console. `append` assigns the next sequence number
 * atomically with the insert, so a sequence is never reused, even after the events before it are deleted.
 */
export interface OutboxStore {
  append(draft: OutboxDraft): Promise<OutboxEvent>;
  /** Oldest first. */
  peek(limit: number): Promise<OutboxEvent[]>;
  deleteThrough(seq: number): Promise<void>;
  count(): Promise<number>;
  lastSeq(): Promise<number>;
  close(): Promise<void>;
}
