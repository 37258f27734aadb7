import WebSocket from 'ws';
import { MAX_FRAME_BYTES } from '@lookout/shared';
import type { UplinkConnection, UplinkHandlers, UplinkTransport } from '../core/Uplink.js';

/** The uplink over `ws` to the console's /agent endpoint. */
export class WebSocketTransport implements UplinkTransport {
  constructor(private readonly agentUrl: string) {}

  connect(handlers: UplinkHandlers): UplinkConnection {
    const socket = new WebSocket(this.agentUrl, { maxPayload: MAX_FRAME_BYTES, handshakeTimeout: 10_000 });
    socket.on('open', () => handlers.onOpen());
    socket.on('message', (data) => handlers.onMessage(data.toString()));
    socket.on('close', (code, reason) => handlers.onClose(code, reason.toString()));
    // 'close' always follows 'error'; the reason is reported there.
    socket.on('error', () => undefined);
    return {
      send: (text) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(text);
      },
      close: (code, reason) => socket.close(code, reason),
    };
  }
}

/** http://host:port → ws://host:port/agent (https → wss). */
export function agentSocketUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = '/agent';
  url.search = '';
  return url.toString();
}
