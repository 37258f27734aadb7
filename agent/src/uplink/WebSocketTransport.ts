import WebSocket from 'ws';
import { MAX_FRAME_BYTES } from '@lookout/shared';
import type { ConnectFailure, UplinkConnection, UplinkHandlers, UplinkTransport } from '../core/Uplink.js';
import {
  describeConnectionFailure,
  isCertificateFailure,
  pinnedTlsOptions,
  type ConsoleTrust,
} from '../tls/ConsoleTrust.js';

/**
 * How long an opening handshake may take. A console taking in thousands of PCs after a restart may leave a
 * connection in its accept queue for many seconds; giving up sooner only takes a new place at the back of it.
 */
export const HANDSHAKE_TIMEOUT_MS = 30_000;
/** What ws says when `handshakeTimeout` passes. */
const HANDSHAKE_TIMED_OUT = 'Opening handshake has timed out';

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
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
      ...tls,
    });
    let refused = false;
    const failure: ConnectFailure = {};
    socket.on('open', () => handlers.onOpen());
    socket.on('message', (data) => handlers.onMessage(data.toString()));
    socket.on('close', (code, reason) => handlers.onClose(code, reason.toString(), refused, failure));
    // A busy console answers 503 with Retry-After (the uplink waits that long); any other answer is a failure.
    socket.on('unexpected-response', (_request, response) => {
      const retryAfter = response.headers['retry-after'];
      if (response.statusCode === 503 && typeof retryAfter === 'string') failure.retryAfter = retryAfter;
      response.resume(); // the body is a line of text: read and dropped
      socket.terminate(); // ends the attempt: 'error' then 'close' (1006)
    });
    // 'close' always follows 'error'; only a refused certificate is worth saying at every attempt.
    socket.on('error', (err: Error & { code?: string }) => {
      // Nothing listens on the console's port (it is restarting): the uplink may retry sooner (refusedRetryDelay).
      if (err.code === 'ECONNREFUSED') refused = true;
      if (err.message === HANDSHAKE_TIMED_OUT) failure.handshakeTimedOut = true;
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
