import { EventEmitter } from 'node:events';
import type { DslGrant, StoredEvent, ThumbnailFrame } from '@lookout/shared';

interface ConsoleBusEvents {
  /** A device's summary changed (online state, heartbeat, current window, revocation): for live views only. */
  'device-changed': [deviceId: string];
  /** Who is signed in at a device changed (a policy input: their user groups). */
  'device-user-changed': [deviceId: string, user: string | null];
  /** A device was placed in another room, or taken out of one (a policy input). */
  'device-room-changed': [deviceId: string, roomId: string | null];
  /** Events were committed (only those new to the store). */
  'events-stored': [events: StoredEvent[]];
  /** A device enrolled or reported a new hostname: room patterns may now place it. */
  'device-hostname-changed': [deviceId: string];
  /** A device's browser extension started or stopped running (as its heartbeat says): filtered lists change. */
  'device-extension-changed': [deviceId: string];
  /** An agent connected or disconnected. */
  'device-connection': [deviceId: string, connected: boolean];
  /** A new item in the DSL's queue that did not arrive as an event (a concern). */
  'alert-raised': [alertId: string];
  /** Alerts whose triage state changed. */
  'alerts-updated': [alertIds: string[]];
  /** A screen image from a watched device (checked: a JPEG within limits), to relay (never stored by default). */
  thumbnail: [deviceId: string, thumbnail: ThumbnailFrame];
  /** Staff sessions ended (signed out, expired, revoked): their live sockets close. */
  'staff-session-ended': [sessionIds: string[]];
  /** A staff account's role, status, password or second factor changed: its live sockets close. */
  'staff-changed': [userId: string];
  /** Someone was given the DSL role: every DSL is told. */
  'dsl-granted': [grant: DslGrant];
}

/** In-process notifications from the gateway and services to the live hub. */
export class ConsoleBus extends EventEmitter<ConsoleBusEvents> {}
