import { useCallback, useEffect, useRef, useState } from 'react';
import {
  type AlertSummary,
  type DslGrant,
  StaffLiveCloseCode,
  StaffLiveMessage,
  decodeMediaFrame,
  parseMessage,
  type DeviceThumbnailFrame,
  type DeviceListView,
  type DeviceSummary,
  type StaffClientMessage,
  type StoredEvent,
  type ThumbnailSize,
} from '@lookout/shared';
import { ThumbnailUrls } from './ThumbnailUrls';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

export interface LiveThumbnail {
  /** A blob: URL of the JPEG, revoked once a newer frame of the same device and size has replaced it. */
  url: string;
  width: number;
  height: number;
  capturedAt: string;
}

/** The device-list page this socket follows, as the console last sent it. */
export interface LiveDeviceList {
  view: DeviceListView;
  /** The devices on the page (their summaries are in `devices`). */
  ids: string[];
  /** Devices in the whole list, every page. */
  total: number;
}

export interface LiveDevices {
  state: LiveState;
  /** Every device the subscribed views have shown, by id; each page picks the ones it shows. */
  devices: Map<string, DeviceSummary>;
  list: LiveDeviceList | undefined;
  /** Newest last, per device, as they arrived while this page was open. */
  recentEvents: Map<string, StoredEvent[]>;
  /** The latest frame per device and size (`${deviceId}|${size}`). */
  thumbnails: Map<string, LiveThumbnail>;
  /** Alerts raised while this page was open (for the DSL; redacted for others). */
  alerts: AlertSummary[];
  /** DSL roles granted while this page was open (sent to DSLs only). */
  dslGrants: DslGrant[];
  /** The latest state of alerts triaged while this page was open (by anyone), by id. */
  updatedAlerts: Map<string, AlertSummary>;
  /**
   * Tell the console what this page shows (watch-room, watch-device, subscribe-devices, subscribe-alerts) or no
   * longer shows (their un- forms); what is followed is re-sent after a reconnect.
   */
  watch(message: StaffClientMessage): void;
}

const RECENT_EVENTS_KEPT = 200;

export const thumbnailKey = (deviceId: string, size: ThumbnailSize) => `${deviceId}|${size}`;

type LiveData = Omit<LiveDevices, 'watch'>;
type SnapshotMessage = Extract<StaffLiveMessage, { type: 'device-snapshot' }>;

/** A view's devices, once its last snapshot frame has arrived. */
function applySnapshot(prev: LiveData, of: SnapshotMessage['of'], total: number, shown: DeviceSummary[]): LiveData {
  const devices = new Map(prev.devices);
  // A room's snapshot is the whole room: a device no longer in it leaves the room's view.
  if (of.kind === 'room') for (const [id, d] of devices) if (d.roomId === of.roomId) devices.delete(id);
  for (const d of shown) devices.set(d.id, d);
  if (of.kind === 'room') return { ...prev, devices };
  const { kind: _kind, ...view } = of;
  return { ...prev, devices, list: { view, ids: shown.map((d) => d.id), total } };
}

/** Which subscription a message starts or ends, so that a reconnect re-sends what is followed. */
function subscriptionOf(message: StaffClientMessage): { key: string; follows: boolean } {
  switch (message.type) {
    case 'watch-room':
    case 'unwatch-room':
      return { key: `room:${message.roomId}`, follows: message.type === 'watch-room' };
    case 'watch-device':
    case 'unwatch-device':
      return { key: `device:${message.deviceId}`, follows: message.type === 'watch-device' };
    case 'subscribe-devices':
    case 'unsubscribe-devices':
      return { key: 'devices', follows: message.type === 'subscribe-devices' };
    case 'subscribe-alerts':
    case 'unsubscribe-alerts':
      return { key: 'alerts', follows: message.type === 'subscribe-alerts' };
  }
}

function applyMessage(prev: LiveData, message: Exclude<StaffLiveMessage, SnapshotMessage>): LiveData {
  switch (message.type) {
    case 'device-updated':
      return { ...prev, devices: new Map(prev.devices).set(message.device.id, message.device) };
    case 'device-event': {
      const recent = new Map(prev.recentEvents);
      const list = [...(recent.get(message.event.deviceId) ?? []), message.event].slice(-RECENT_EVENTS_KEPT);
      recent.set(message.event.deviceId, list);
      return { ...prev, recentEvents: recent };
    }
    case 'alert-raised':
      return {
        ...prev,
        alerts: [message.alert, ...prev.alerts.filter((a) => a.id !== message.alert.id)].slice(0, 500),
      };
    case 'alert-updated':
      return {
        ...prev,
        alerts: prev.alerts.map((a) => (a.id === message.alert.id ? message.alert : a)),
        updatedAlerts: new Map(prev.updatedAlerts).set(message.alert.id, message.alert),
      };
    case 'dsl-granted':
      return { ...prev, dslGrants: [message.grant, ...prev.dslGrants] };
    case 'error':
    case 'subscription-applied':
      return prev;
  }
}

/** Follows the console's live socket: what the open page subscribed to, a snapshot then updates; reconnects. */
export function useLiveDevices(): LiveDevices {
  const [live, setLive] = useState<LiveData>({
    state: 'connecting',
    devices: new Map(),
    list: undefined,
    recentEvents: new Map(),
    thumbnails: new Map(),
    alerts: [],
    dslGrants: [],
    updatedAlerts: new Map(),
  });
  const socketRef = useRef<WebSocket | undefined>(undefined);
  // What the open pages watch, keyed by the message: re-sent whenever the socket (re)opens.
  const watchesRef = useRef(new Map<string, StaffClientMessage>());

  useEffect(() => {
    let retry: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    let attempt = 0;
    const thumbnailUrls = new ThumbnailUrls(
      (jpeg) => URL.createObjectURL(new Blob([jpeg as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' })),
      (url) => URL.revokeObjectURL(url),
    );

    /** A binary frame: a live screen image, shown from a blob (no base64, no copy into a string). */
    const showThumbnail = (frame: DeviceThumbnailFrame) => {
      const key = thumbnailKey(frame.deviceId, frame.size);
      const url = thumbnailUrls.show(key, frame.jpeg);
      const { width, height, capturedAt } = frame;
      setLive((prev) => ({
        ...prev,
        thumbnails: new Map(prev.thumbnails).set(key, { url, width, height, capturedAt }),
      }));
    };

    const connect = () => {
      const url = new URL('/api/live', window.location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      const socket = new WebSocket(url);
      socket.binaryType = 'arraybuffer';
      socketRef.current = socket;
      // A snapshot comes in frames: held here until its last one.
      let snapshot: DeviceSummary[] = [];
      socket.onopen = () => {
        attempt = 0;
        setLive((prev) => ({ ...prev, state: 'live' }));
        for (const message of watchesRef.current.values()) socket.send(JSON.stringify(message));
      };
      socket.onmessage = (frame) => {
        if (frame.data instanceof ArrayBuffer) {
          const media = decodeMediaFrame(new Uint8Array(frame.data), ['device-thumbnail']);
          if (media.ok) showThumbnail(media.value);
          return;
        }
        const parsed = parseMessage(StaffLiveMessage, String(frame.data), 4 * 1024 * 1024);
        if (!parsed.ok) return;
        const message = parsed.value;
        if (message.type !== 'device-snapshot') return setLive((prev) => applyMessage(prev, message));
        snapshot.push(...message.devices);
        if (!message.last) return;
        const shown = snapshot;
        snapshot = [];
        setLive((prev) => applySnapshot(prev, message.of, message.total, shown));
      };
      socket.onclose = (event) => {
        if (closed) return;
        // Signed out elsewhere, expired, revoked, or the account changed: start again from the session.
        if (event.code === StaffLiveCloseCode.sessionEnded || event.code === StaffLiveCloseCode.accountChanged) {
          window.location.reload();
          return;
        }
        setLive((prev) => ({ ...prev, state: 'reconnecting' }));
        retry = setTimeout(connect, Math.min(10_000, 500 * 2 ** attempt++));
      };
    };
    connect();
    return () => {
      closed = true;
      clearTimeout(retry);
      socketRef.current?.close();
      thumbnailUrls.close();
    };
  }, []);

  const watch = useCallback((message: StaffClientMessage) => {
    const { key, follows } = subscriptionOf(message);
    if (follows) watchesRef.current.set(key, message);
    else watchesRef.current.delete(key);
    // Alerts kept from a subscription that ended would go stale (closed meanwhile, yet shown as new): the page
    // reads the queue afresh when it subscribes again.
    if (message.type === 'unsubscribe-alerts') setLive((prev) => ({ ...prev, alerts: [], updatedAlerts: new Map() }));
    const socket = socketRef.current;
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }, []);

  return { ...live, watch };
}
