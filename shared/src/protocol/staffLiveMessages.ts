import { z } from 'zod';
import { DeviceSummary } from './deviceSummary.js';
import { StoredEvent } from './eventEnvelope.js';
import { ErrorMessage, ThumbnailSize } from './agentMessages.js';
import { Timestamp, Uuid } from './primitives.js';
import { AlertSummary } from './alertSummary.js';
import { DslGrant } from './staffAccounts.js';

// Messages on the staff browsers' live websocket (server → browser). Each user receives only the devices
// they are allowed to see.

export const DeviceSnapshotMessage = z.object({
  type: z.literal('device-snapshot'),
  devices: z.array(DeviceSummary),
});

export const DeviceUpdatedMessage = z.object({
  type: z.literal('device-updated'),
  device: DeviceSummary,
});

export const DeviceEventMessage = z.object({
  type: z.literal('device-event'),
  event: StoredEvent,
});

/** A live screen image relayed from a watched device. */
export const DeviceThumbnailMessage = z.object({
  type: z.literal('device-thumbnail'),
  deviceId: Uuid,
  size: ThumbnailSize,
  jpeg: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  capturedAt: Timestamp,
});
export type DeviceThumbnailMessage = z.infer<typeof DeviceThumbnailMessage>;

/** A new alert, to the DSL (and to a room's teachers where the school allows it, without context). */
export const AlertRaisedMessage = z.object({
  type: z.literal('alert-raised'),
  alert: AlertSummary,
});

/** An alert's triage state changed (assigned, moved into a case, closed), for other DSL browsers. */
export const AlertUpdatedMessage = z.object({
  type: z.literal('alert-updated'),
  alert: AlertSummary,
});

/** Someone was given the DSL role: sent to every DSL's browser. */
export const DslGrantedMessage = z.object({
  type: z.literal('dsl-granted'),
  grant: DslGrant,
});

/** Close codes of the staff live socket: the session ended (signed out, expired, revoked) or the account changed. */
export const StaffLiveCloseCode = { sessionEnded: 4401, accountChanged: 4403 } as const;

export const StaffLiveMessage = z.discriminatedUnion('type', [
  AlertRaisedMessage,
  AlertUpdatedMessage,
  DeviceSnapshotMessage,
  DeviceUpdatedMessage,
  DeviceEventMessage,
  DeviceThumbnailMessage,
  DslGrantedMessage,
  ErrorMessage,
]);
export type StaffLiveMessage = z.infer<typeof StaffLiveMessage>;

// Messages from a staff browser (browser → server): what it is watching. Thumbnails flow only while someone
// watches; closing the socket ends every watch it held.
export const StaffClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('watch-room'), roomId: Uuid }),
  z.object({ type: z.literal('unwatch-room'), roomId: Uuid }),
  /** The larger, sharper view of one device. */
  z.object({ type: z.literal('watch-device'), deviceId: Uuid }),
  z.object({ type: z.literal('unwatch-device'), deviceId: Uuid }),
]);
export type StaffClientMessage = z.infer<typeof StaffClientMessage>;
