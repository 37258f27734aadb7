import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { SessionToServiceMessage } from '@lookout/shared';
import { GetentUidNames } from '../platform/portable/GetentUidNames.js';
import { UnixPeerCredentials } from '../platform/portable/UnixPeerCredentials.js';
import { SessionChannelServer, type SessionConnection } from './SessionChannelServer.js';

// The real channel: a unix socket, the peer read with SO_PEERCRED through the addon, named through getent. The
// peer here is this test's own process (the integration test runs a pupil's account against a root service).
let server: SessionChannelServer | undefined;
afterEach(async () => server?.stop());

async function channel() {
  const socketPath = join(mkdtempSync(join(tmpdir(), 'lookout-channel-')), 'run', 'session.sock');
  const received: { user: string; uid: number; message: SessionToServiceMessage }[] = [];
  const connected: SessionConnection[] = [];
  server = new SessionChannelServer(
    socketPath,
    new UnixPeerCredentials(),
    new GetentUidNames(),
    {
      connected: (c) => void connected.push(c),
      message: async (c, message) => void received.push({ user: c.user, uid: c.uid, message }),
      closed: () => undefined,
    },
    { warn: () => undefined },
  );
  await server.start();
  return { socketPath, received, connected };
}

/** Sends lines and collects what the service answers until `until` says enough. */
function talk(socketPath: string, lines: string[], until: (answers: { type: string }[]) => boolean) {
  return new Promise<{ type: string; message?: string }[]>((resolve, reject) => {
    const answers: { type: string }[] = [];
    const socket = connect(socketPath, () => socket.write(lines.map((l) => `${l}\n`).join('')));
    let buffer = '';
    socket.on('error', reject);
    socket.on('data', (d) => {
      buffer += d.toString();
      for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
        answers.push(JSON.parse(buffer.slice(0, nl)) as { type: string });
        buffer = buffer.slice(nl + 1);
      }
      if (until(answers)) {
        socket.end();
        resolve(answers);
      }
    });
  });
}

const windowEvent = { type: 'window-changed', payload: { app: 'a', title: 't', pid: null } };

it("names each connection by the kernel's uid and refuses lines that claim a user, a device or a service event", async () => {
  const { socketPath, received, connected } = await channel();
  const answers = await talk(
    socketPath,
    [
      JSON.stringify({ type: 'record', ref: 1, user: 'someone-else', event: windowEvent }),
      JSON.stringify({ type: 'record', ref: 2, event: { ...windowEvent, deviceId: 'x' } }),
      JSON.stringify({ type: 'record', ref: 3, event: { type: 'media-inserted', payload: {} } }),
      'not json',
      JSON.stringify({ type: 'record', ref: 4, event: windowEvent }),
      JSON.stringify({ type: 'session-hello', agentVersion: 'x', capabilities: {} }),
    ],
    (a) => a.length >= 4,
  );
  expect(answers.map((a) => a.type)).toEqual(['refused', 'refused', 'refused', 'refused']);
  expect(answers[0]!.message).toMatch(/user/);
  await expect.poll(() => received.length).toBe(2);
  expect(received.map((r) => r.message.type)).toEqual(['record', 'session-hello']);
  expect(received[0]).toMatchObject({ user: userInfo().username, uid: process.getuid!() });
  expect(connected[0]!.pid).toBe(process.pid);
});

it('ends a connection that sends a line past the limit, and keeps serving others', async () => {
  const { socketPath, received } = await channel();
  const closed = await new Promise<boolean>((resolve) => {
    const socket = connect(socketPath, () => socket.write('x'.repeat(1_100_000)));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(true));
  });
  expect(closed).toBe(true);
  const other = connect(socketPath, () =>
    other.end(`${JSON.stringify({ type: 'record', ref: 1, event: windowEvent })}\n`),
  );
  await expect.poll(() => received.length).toBe(1);
});

it('refuses to listen in a directory others may write', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lookout-channel-open-'));
  const { chmodSync } = await import('node:fs');
  chmodSync(dir, 0o777);
  const open = new SessionChannelServer(
    join(dir, 'session.sock'),
    new UnixPeerCredentials(),
    new GetentUidNames(),
    { connected: () => undefined, message: async () => undefined, closed: () => undefined },
    { warn: () => undefined },
  );
  await expect(open.start()).rejects.toThrow(/only it can write/);
});

it("caps one user's open connections (a script opening thousands cannot exhaust the root service)", async () => {
  const socketPath = join(mkdtempSync(join(tmpdir(), 'lookout-channel-')), 'run', 'session.sock');
  const connected: SessionConnection[] = [];
  let closedOnServer = 0;
  server = new SessionChannelServer(
    socketPath,
    new UnixPeerCredentials(),
    new GetentUidNames(),
    {
      connected: (c) => void connected.push(c),
      message: async () => undefined,
      closed: () => void closedOnServer++,
    },
    { warn: () => undefined },
  );
  await server.start();
  let refused = 0;
  const sockets = Array.from({ length: 12 }, () => {
    const s = connect(socketPath);
    s.on('error', () => undefined);
    s.once('close', () => refused++);
    return s;
  });
  // Every connection is either taken or closed by the service at once.
  await expect.poll(() => connected.length + refused).toBe(12);
  expect(connected).toHaveLength(8);
  expect(refused).toBe(4);
  // Once the user's connections are gone, the user has places again.
  for (const s of sockets) s.destroy();
  await expect.poll(() => closedOnServer).toBe(8);
  const again = connect(socketPath);
  again.on('error', () => undefined);
  await expect.poll(() => connected.length).toBe(9);
  again.destroy();
});
