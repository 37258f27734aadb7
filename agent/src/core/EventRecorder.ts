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

  async record<T extends AgentEventType>(type: T, payload: AgentEventPayload<T>): Promise<OutboxEvent> {
    const event = await this.outbox.append({
      id: this.newId(),
      ts: this.clock().toISOString(),
      user: this.currentUser(),
      type,
      payload,
    } as OutboxDraft);
    this.onRecorded();
    return event;
  }
}
