import {
  StaffLiveCloseCode,
  StaffLiveMessage,
  decodeMediaFrame,
  parseMessage,
  type StaffClientMessage,
} from '@lookout/shared';
import { subscriptionOf, type LiveStore } from './LiveStore';

/**
 * The console's live socket for one signed-in page: sends what the open pages follow (re-sent after a reconnect),
 * hands every message to the store, reconnects with back-off, and starts again from the session when the console
 * ends it.
 */
export class LiveSocket {
  private socket: WebSocket | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private attempt = 0;
  /** What the open pages follow, keyed by subscription. */
  private readonly follows = new Map<string, StaffClientMessage>();

  constructor(private readonly store: LiveStore) {}

  open(): void {
    this.closed = false;
    const url = new URL('/api/live', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.store.setState('live');
      for (const message of this.follows.values()) socket.send(JSON.stringify(message));
    };
    socket.onmessage = (frame) => {
      // Screen images come as binary frames (a small header, then the JPEG); everything else is JSON.
      if (frame.data instanceof ArrayBuffer) {
        const media = decodeMediaFrame(new Uint8Array(frame.data), ['device-thumbnail']);
        if (media.ok) this.store.receiveThumbnail(media.value);
        return;
      }
      const parsed = parseMessage(StaffLiveMessage, String(frame.data), 4 * 1024 * 1024);
      if (parsed.ok) this.store.receive(parsed.value);
    };
    socket.onclose = (event) => {
      if (this.closed) return;
      // Signed out elsewhere, expired, revoked, or the account changed: start again from the session.
      if (event.code === StaffLiveCloseCode.sessionEnded || event.code === StaffLiveCloseCode.accountChanged) {
        window.location.reload();
        return;
      }
      this.store.setState('reconnecting');
      this.retry = setTimeout(() => this.open(), Math.min(10_000, 500 * 2 ** this.attempt++));
    };
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    this.socket?.close();
  }

  /** Tells the console what a page shows (or no longer shows). */
  readonly watch = (message: StaffClientMessage): void => {
    const { key, follows } = subscriptionOf(message);
    if (follows) this.follows.set(key, message);
    else this.follows.delete(key);
    if (message.type === 'unsubscribe-alerts') this.store.forgetAlerts();
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  };
}
