import type { AgentEventPayload, AgentEventType } from '@lookout/shared';
import type { OutboxDraft, OutboxEvent, OutboxStore } from './OutboxStore.js';

/** Turns what the collectors saw into envelopes in the outbox, and wakes the uplink. */
export class EventRecorder {
  constructor(
    private readonly outbox: OutboxStore,
    private readonly clock: () => Date,
    private readonly newId: () => string,
    private readonly currentUser: () => string | null,
    private readonly onRecorded: () => void,
  ) {}

  /** `user`: the OS user the event is about, when the caller knows better than `currentUser` (the service does). */
  async record<T extends AgentEventType>(
    type: T,
    payload: AgentEventPayload<T>,
    user: string | null = this.currentUser(),
  ): Promise<OutboxEvent> {
    const event = await this.outbox.append({
      id: this.newId(),
      ts: this.clock().toISOString(),
      user,
      type,
      payload,
    } as OutboxDraft);
    this.onRecorded();
    return event;
  }
}
