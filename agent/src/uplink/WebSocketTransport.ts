import WebSocket from 'ws';
import { MAX_FRAME_BYTES } from '@lookout/shared';
import type { UplinkConnection, UplinkHandlers, UplinkTransport } from '../core/Uplink.js';
import {
  describeConnectionFailure,
  isCertificateFailure,
  pinnedTlsOptions,
  type ConsoleTrust,
} from '../tls/ConsoleTrust.js';

/**
 * The uplink over `ws` to the console's /agent endpoint. Over WSS only the pinned CA is trusted: the hello,
 * with the device credential, is sent only once the socket is open, after the certificate has been verified.
 */
export class WebSocketTransport implements UplinkTransport {
  constructor(
    private readonly trust: ConsoleTrust,
    /** Told why the console's certificate was refused (other failures are the uplink's ordinary retries). */
    private readonly onRefusedCertificate: (message: string) => void = () => undefined,
  ) {}

  connect(handlers: UplinkHandlers): UplinkConnection {
    // ws hands these options to tls.connect as they are; its typings misdescribe checkServerIdentity.
    const tls = (this.trust.ca ? pinnedTlsOptions(this.trust.ca) : {}) as WebSocket.ClientOptions;
    const socket = new WebSocket(agentSocketUrl(this.trust.serverUrl), {
      maxPayload: MAX_FRAME_BYTES,
      handshakeTimeout: 10_000,
      ...tls,
    });
    let refused = false;
    socket.on('open', () => handlers.onOpen());
    socket.on('message', (data) => handlers.onMessage(data.toString()));
    socket.on('close', (code, reason) => handlers.onClose(code, reason.toString(), refused));
    // 'close' always follows 'error'; only a refused certificate is worth saying at every attempt.
    socket.on('error', (err: Error & { code?: string }) => {
      // Nothing listens on the console's port (it is restarting): the uplink may retry sooner (refusedRetryDelay).
      if (err.code === 'ECONNREFUSED') refused = true;
      if (isCertificateFailure(err))
        this.onRefusedCertificate(describeConnectionFailure(err, this.trust, 'the device credential'));
    });
    return {
      send: (data) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(data);
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
