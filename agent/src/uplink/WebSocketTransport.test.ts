import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectFailure } from '../core/Uplink.js';
import { WebSocketTransport } from './WebSocketTransport.js';

// A real HTTP server on 127.0.0.1 answers the upgrade as a busy console would (503 with Retry-After, or another
// refusal): what the transport tells the uplink about it.
let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function consoleAnswering(status: number, headers: Record<string, string>): Promise<string> {
  server = createServer();
  server.on('upgrade', (_request, socket) => {
    const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
    socket.end(`HTTP/1.1 ${status} Busy\r\nConnection: close\r\n${extra.join('')}Content-Length: 5\r\n\r\nbusy\n`);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function connectOnce(serverUrl: string) {
  return new Promise<{ code: number; refused: boolean | undefined; failure: ConnectFailure | undefined }>((resolve) => {
    new WebSocketTransport({ serverUrl }).connect({
      onOpen: () => resolve({ code: -1, refused: undefined, failure: undefined }),
      onMessage: () => undefined,
      onClose: (code, _reason, refused, failure) => resolve({ code, refused, failure }),
    });
  });
}

describe('WebSocketTransport against a console that turns the upgrade away', () => {
  it("passes on a 503's Retry-After as received", async () => {
    const closed = await connectOnce(await consoleAnswering(503, { 'Retry-After': '17' }));
    expect(closed).toEqual({ code: 1006, refused: false, failure: { retryAfter: '17' } });
  });

  it('says nothing of a Retry-After on any other status, nor on a 503 without one', async () => {
    expect((await connectOnce(await consoleAnswering(429, { 'Retry-After': '17' }))).failure).toEqual({});
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    expect((await connectOnce(await consoleAnswering(503, {}))).failure).toEqual({});
  });
});
