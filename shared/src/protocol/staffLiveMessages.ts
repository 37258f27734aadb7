import { z } from 'zod';
import { DeviceSummary } from './deviceSummary.js';
import { StoredEvent } from './eventEnvelope.js';
import { ErrorMessage } from './agentMessages.js';
import { Uuid } from './primitives.js';
import { AlertSummary } from './alertSummary.js';
import { DslGrant } from './staffAccounts.js';

// Messages on the staff browsers' live websocket (server → browser). Live screen images are not among them: they
// come as binary device-thumbnail media frames (mediaFrame.ts), relayed as the agent sent them. A socket receives what its page subscribed
// to (a page of the device list, a room, a device, the alert queue), and of that only what its user may see;
// a socket that subscribed to nothing receives control messages alone (errors, DSL grants).

/** At most this many devices travel in one snapshot frame: a large view arrives as several frames. */
export const SNAPSHOT_FRAME_DEVICES = 500;
/** The largest page of the device list one socket may subscribe to. */
export const MAX_DEVICE_PAGE_SIZE = 10_000;

/** What the browser's device list shows: a page of the devices it may see, ordered by hostname. */
export const DeviceListView = z.object({
  /** From 0. */
  page: z.number().int().nonnegative(),
  pageSize: z.number().int().min(1).max(MAX_DEVICE_PAGE_SIZE),
  filter: z
    .object({
      /** Part of the hostname or of the signed-in user's name, any case. */
      text: z.string().max(100).optional(),
      /** Only PCs where no browser runs the current Lookout extension (revoked PCs left out). */
      withoutExtension: z.boolean().optional(),
    })
    .optional(),
});
export type DeviceListView = z.infer<typeof DeviceListView>;

/**
 * The devices of a view as they are now, in frames of at most SNAPSHOT_FRAME_DEVICES; `last` marks the frame that
 * completes it. Updates to those devices follow as device-updated.
 */
export const DeviceSnapshotMessage = z.object({
  type: z.literal('device-snapshot'),
  of: z.discriminatedUnion('kind', [
    DeviceListView.extend({ kind: z.literal('list') }),
    z.object({ kind: z.literal('room'), roomId: Uuid }),
  ]),
  /** Devices in the whole view (for the list: every page), so a page can say "1–50 of 10,000". */
  total: z.number().int().nonnegative(),
  /** Where this frame's first device stands in the view. */
  offset: z.number().int().nonnegative(),
  devices: z.array(DeviceSummary).max(SNAPSHOT_FRAME_DEVICES),
  last: z.boolean(),
});
export type DeviceSnapshotMessage = z.infer<typeof DeviceSnapshotMessage>;

export const DeviceUpdatedMessage = z.object({
  type: z.literal('device-updated'),
  device: DeviceSummary,
});

export const DeviceEventMessage = z.object({
  type: z.literal('device-event'),
  event: StoredEvent,
});

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

/**
 * A subscription message has taken effect (after the snapshot it brought, if any): what the socket receives from
 * here on follows it.
 */
export const SubscriptionAppliedMessage = z.object({
  type: z.literal('subscription-applied'),
  request: z.lazy(() => StaffClientMessage),
});

/** Close codes of the staff live socket: the session ended (signed out, expired, revoked) or the account changed. */
export const StaffLiveCloseCode = { sessionEnded: 4401, accountChanged: 4403 } as const;

export const StaffLiveMessage = z.discriminatedUnion('type', [
  AlertRaisedMessage,
  AlertUpdatedMessage,
  DeviceSnapshotMessage,
  DeviceUpdatedMessage,
  DeviceEventMessage,
  DslGrantedMessage,
  SubscriptionAppliedMessage,
  ErrorMessage,
]);
export type StaffLiveMessage = z.infer<typeof StaffLiveMessage>;

// Messages from a staff browser (browser → server): what its page shows. Thumbnails flow only while someone
// watches; closing the socket ends every subscription it held.
export const StaffClientMessage = z.discriminatedUnion('type', [
  /** A room's devices (snapshot, then updates) and their small thumbnails. */
  z.object({ type: z.literal('watch-room'), roomId: Uuid }),
  z.object({ type: z.literal('unwatch-room'), roomId: Uuid }),
  /**
   * One device: its updates and its activity (device-event); with `screen` (the default) also the larger,
   * sharper view of its screen, which needs the right to act on the device.
   */
  z.object({ type: z.literal('watch-device'), deviceId: Uuid, screen: z.boolean().optional() }),
  z.object({ type: z.literal('unwatch-device'), deviceId: Uuid }),
  /** A page of the device list (replaces the page this socket followed). */
  DeviceListView.extend({ type: z.literal('subscribe-devices') }),
  z.object({ type: z.literal('unsubscribe-devices') }),
  /** New and triaged alerts, for the roles that may see alerts. */
  z.object({ type: z.literal('subscribe-alerts') }),
  z.object({ type: z.literal('unsubscribe-alerts') }),
]);
export type StaffClientMessage = z.infer<typeof StaffClientMessage>;
