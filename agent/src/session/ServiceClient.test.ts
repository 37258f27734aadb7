import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PushedPolicy } from '../core/DeviceSide.js';
import { ServiceClient } from './ServiceClient.js';

const quiet = { info: () => undefined, warn: () => undefined };
let server: Server | undefined;
let dir = '';
const accepted: Socket[] = [];

afterEach(async () => {
  for (const socket of accepted.splice(0)) socket.destroy();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('ServiceClient (a session agent’s end of the local channel)', () => {
  // The service's end here is a stand-in on a real unix socket that writes what the service writes to a new
  // session agent: its welcome and, in the same breath, the policy in force (ServiceRuntime's `connected`).
  it('keeps the policy the service pushed while the agent was still starting, and hands it over when it listens', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lookout-client-'));
    const socketPath = join(dir, 'session.sock');
    server = createServer((socket) => {
      socket.on('error', () => undefined);
      accepted.push(socket);
      const lines = [
        { type: 'service-welcome', user: 'pupil', consoleReady: true, categoryListsDir: dir },
        { type: 'policy', version: 3, revision: 'r3', document: { screenText: { enabled: false } } },
      ];
      socket.write(lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    });
    await new Promise<void>((resolve) => server!.listen(socketPath, resolve));
    const client = new ServiceClient(socketPath, quiet);
    await client.connectFirst(5000);
    // Some time later the runtime has started and listens: the policy in force is given to it at once.
    await new Promise((resolve) => setImmediate(resolve));
    const heard: PushedPolicy[] = [];
    client.onPolicy((pushed) => heard.push(pushed));
    expect(heard).toEqual([{ version: 3, revision: 'r3', document: { screenText: { enabled: false } } }]);
    await client.stop();
  });
});
