import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../config/Logger.js';
import type { AgentIntake } from '../gateway/AgentIntake.js';
import type { ConnectionLimiter } from '../gateway/ConnectionLimiter.js';
import { checkRequestSource, singleHeader } from './originCheck.js';

/** Where websocket upgrades go: agents to the gateway, signed-in staff browsers to the live hub. */
export interface UpgradeTargets<Staff> {
  /** `authenticated` frees the connection's unauthenticated slot; the gateway calls it at hello or close. */
  agent(request: IncomingMessage, socket: Duplex, head: Buffer, authenticated: () => void): void;
  /** The staff member whose session the request's cookie holds, if any. */
  staffFor(request: IncomingMessage): Promise<Staff | undefined>;
  staff(request: IncomingMessage, socket: Duplex, head: Buffer, staff: Staff): void;
  /** Unauthenticated sockets per remote address (agents before hello, staff before the session check). */
  limiter: ConnectionLimiter;
  /**
   * Agent connections taken on at once (AgentIntake): past its bound an agent's upgrade is answered 503 with a
   * Retry-After at once, before any websocket work. Without it, every agent is taken on.
   */
  intake?: AgentIntake;
  log: Logger;
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Answers an upgrade request with a plain HTTP error and closes the socket. `retryAfterSeconds` (a whole number
 * of seconds) adds `Retry-After`.
 */
export function refuseUpgrade(socket: Duplex, status: number, reason: string, retryAfterSeconds?: number): void {
  if (socket.destroyed) return;
  const body = `${reason}\n`;
  const retryAfter =
    retryAfterSeconds === undefined ? '' : `Retry-After: ${Math.max(0, Math.ceil(retryAfterSeconds))}\r\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\n${retryAfter}` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * The HTTP server's 'upgrade' listener. Whatever a request carries (a bad Origin, garbage headers, a socket
 * reset halfway), it is refused or handed on: nothing thrown here may reach the process.
 */
export function createUpgradeListener<Staff>(
  targets: UpgradeTargets<Staff>,
): (request: IncomingMessage, socket: Duplex, head: Buffer) => void {
  const { limiter, intake, log } = targets;
  return (request, socket, head) => {
    // Node took its own error listener off the socket when it handed it over: a reset must not be uncaught.
    socket.on('error', () => socket.destroy());
    try {
      route(request, socket, head);
    } catch (err) {
      log.error(`websocket upgrade ${String(request.url).slice(0, 200)}: ${(err as Error).stack ?? String(err)}`);
      refuseUpgrade(socket, 500, 'the server failed; the error is in its log');
    }
  };

  function route(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (request.url ?? '').split('?')[0];
    const address = request.socket.remoteAddress ?? 'unknown';
    if (path === '/agent') {
      // Agents are programs: a request a browser page made (it always sends Origin) has no business here.
      if (request.headers.origin !== undefined || request.headers['sec-fetch-site'] !== undefined) {
        return refuseUpgrade(socket, 403, 'browsers may not connect as an agent');
      }
      // A console taking in more PCs than it can serve says when to come back, cheaply, before any ws work.
      const decision = intake?.admit() ?? { admit: true };
      if (!decision.admit) {
        return refuseUpgrade(
          socket,
          503,
          'the console is taking in many PCs; come back after Retry-After seconds',
          decision.retryAfterSeconds,
        );
      }
      const acquired = limiter.acquire(address);
      if (!acquired) {
        intake?.left();
        return refuseUpgrade(socket, 429, 'too many unauthenticated connections from this address');
      }
      // Once per connection, whichever comes first: its hello, or its close (the limiter's release is idempotent).
      let waiting = true;
      const release = () => {
        acquired();
        if (!waiting) return;
        waiting = false;
        intake?.left();
      };
      socket.once('close', release); // the upgrade may fail before the gateway holds the socket
      return targets.agent(request, socket, head, release);
    }
    if (path === '/api/live') {
      // Browsers send Origin: refuse other sites' pages riding on a staff member's cookie.
      const source = checkRequestSource({
        host: request.headers.host,
        origin: request.headers.origin,
        secFetchSite: singleHeader(request.headers['sec-fetch-site']),
      });
      if (!source.ok) return refuseUpgrade(socket, 403, source.reason);
      const release = limiter.acquire(address);
      if (!release) return refuseUpgrade(socket, 429, 'too many unauthenticated connections from this address');
      targets.staffFor(request).then(
        (staff) => {
          release();
          if (socket.destroyed) return;
          if (!staff) return refuseUpgrade(socket, 401, 'sign in first');
          try {
            targets.staff(request, socket, head, staff);
          } catch (err) {
            log.error(`live socket upgrade: ${(err as Error).stack ?? String(err)}`);
            refuseUpgrade(socket, 500, 'the server failed; the error is in its log');
          }
        },
        (err: Error) => {
          release();
          log.error(`live socket session check: ${err.stack ?? err.message}`);
          refuseUpgrade(socket, 500, 'the server failed; the error is in its log');
        },
      );
      return;
    }
    refuseUpgrade(socket, 404, 'no websocket here');
  }
}
