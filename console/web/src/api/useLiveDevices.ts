import { useCallback, useEffect, useRef, useState } from 'react';
import {
  type AlertSummary,
  type DslGrant,
  StaffLiveCloseCode,
  StaffLiveMessage,
  parseMessage,
  type DeviceSummary,
  type StaffClientMessage,
  type StoredEvent,
  type ThumbnailSize,
} from '@lookout/shared';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

export interface LiveThumbnail {
  url: string;
  width: number;
  height: number;
  capturedAt: string;
}

export interface LiveDevices {
  state: LiveState;
  devices: Map<string, DeviceSummary>;
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
  /** Tell the console what this page watches; re-sent after a reconnect. */
  watch(message: StaffClientMessage): void;
}

const RECENT_EVENTS_KEPT = 200;

export const thumbnailKey = (deviceId: string, size: ThumbnailSize) => `${deviceId}|${size}`;

type LiveData = Omit<LiveDevices, 'watch'>;

function applyMessage(prev: LiveData, message: StaffLiveMessage): LiveData {
  switch (message.type) {
    case 'device-snapshot':
      return { ...prev, state: 'live', devices: new Map(message.devices.map((d) => [d.id, d])) };
    case 'device-updated':
      return { ...prev, devices: new Map(prev.devices).set(message.device.id, message.device) };
    case 'device-event': {
      const recent = new Map(prev.recentEvents);
      const list = [...(recent.get(message.event.deviceId) ?? []), message.event].slice(-RECENT_EVENTS_KEPT);
      recent.set(message.event.deviceId, list);
      return { ...prev, recentEvents: recent };
    }
    case 'device-thumbnail': {
      const thumbnails = new Map(prev.thumbnails);
      thumbnails.set(thumbnailKey(message.deviceId, message.size), {
        url: `data:image/jpeg;base64,${message.jpeg}`,
        width: message.width,
        height: message.height,
        capturedAt: message.capturedAt,
      });
      return { ...prev, thumbnails };
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
      return prev;
  }
}

/** Follows the console's live socket: a snapshot, then updates; reconnects by itself. */
export function useLiveDevices(): LiveDevices {
  const [live, setLive] = useState<LiveData>({
    state: 'connecting',
    devices: new Map(),
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

    const connect = () => {
      const url = new URL('/api/live', window.location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      const socket = new WebSocket(url);
      socketRef.current = socket;
      socket.onopen = () => {
        for (const message of watchesRef.current.values()) socket.send(JSON.stringify(message));
      };
      socket.onmessage = (frame) => {
        const parsed = parseMessage(StaffLiveMessage, String(frame.data), 4 * 1024 * 1024);
        if (!parsed.ok) return;
        attempt = 0;
        setLive((prev) => applyMessage(prev, parsed.value));
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
    };
  }, []);

  const watch = useCallback((message: StaffClientMessage) => {
    const target = 'roomId' in message ? message.roomId : message.deviceId;
    const key = `${message.type.replace(/^un/, '')}:${target}`;
    if (message.type.startsWith('un')) watchesRef.current.delete(key);
    else watchesRef.current.set(key, message);
    const socket = socketRef.current;
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }, []);

  return { ...live, watch };
}
