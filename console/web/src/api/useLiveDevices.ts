import { useEffect, useState } from 'react';
import { StaffLiveMessage, parseMessage, type DeviceSummary, type StoredEvent } from '@lookout/shared';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

export interface LiveDevices {
  state: LiveState;
  devices: Map<string, DeviceSummary>;
  /** Newest last, per device, as they arrived while this page was open. */
  recentEvents: Map<string, StoredEvent[]>;
}

const RECENT_EVENTS_KEPT = 200;

/** Follows the console's live socket: a snapshot, then updates; reconnects by itself. */
export function useLiveDevices(): LiveDevices {
  const [live, setLive] = useState<LiveDevices>({ state: 'connecting', devices: new Map(), recentEvents: new Map() });

  useEffect(() => {
    let socket: WebSocket | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    let attempt = 0;

    const connect = () => {
      const url = new URL('/api/live', window.location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      socket = new WebSocket(url);
      socket.onmessage = (frame) => {
        const parsed = parseMessage(StaffLiveMessage, String(frame.data));
        if (!parsed.ok) return;
        const message = parsed.value;
        attempt = 0;
        setLive((prev) => {
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
            case 'error':
              return prev;
          }
        });
      };
      socket.onclose = () => {
        if (closed) return;
        setLive((prev) => ({ ...prev, state: 'reconnecting' }));
        retry = setTimeout(connect, Math.min(10_000, 500 * 2 ** attempt++));
      };
    };
    connect();
    return () => {
      closed = true;
      clearTimeout(retry);
      socket?.close();
    };
  }, []);

  return live;
}
