import { EventEmitter } from 'node:events';
import type { StoredEvent } from '@lookout/shared';

interface ConsoleBusEvents {
  /** A device's summary changed (online state, heartbeat, current window, revocation). */
  'device-changed': [deviceId: string];
  /** Events were committed (only those new to the store). */
  'events-stored': [events: StoredEvent[]];
}

/** In-process notifications from the gateway and services to the live hub. */
export class ConsoleBus extends EventEmitter<ConsoleBusEvents> {}
