import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { setMaxFrameBytes } from './frameSizeLimit.js';

let server: WebSocketServer | undefined;
afterEach(() => server?.close());

async function connectedPair(maxPayload: number) {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1', maxPayload });
  await once(server, 'listening');
  const accepted = once(server, 'connection') as Promise<[WebSocket]>;
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  await once(client, 'open');
  const [socket] = await accepted;
  return { client, socket };
}

it('refuses a frame over the lowered limit with 1009, on the real ws', async () => {
  const { client, socket } = await connectedPair(64 * 1024);
  setMaxFrameBytes(socket, 1024);
  const refused = once(socket, 'error') as Promise<[Error]>;
  const closed = once(client, 'close') as Promise<[number]>;
  client.send('x'.repeat(2000));
  expect((await refused)[0].message).toMatch(/Max payload size exceeded/);
  expect((await closed)[0]).toBe(1009);
});

it('accepts a large frame once the limit is raised again', async () => {
  const { client, socket } = await connectedPair(64 * 1024);
  setMaxFrameBytes(socket, 1024);
  const small = once(socket, 'message');
  client.send('hello');
  await small;
  setMaxFrameBytes(socket, 64 * 1024);
  const big = once(socket, 'message') as Promise<[Buffer]>;
  client.send('y'.repeat(50_000));
  expect((await big)[0].length).toBe(50_000);
  client.close();
});
