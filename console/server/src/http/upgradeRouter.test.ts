import type { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../config/Logger.js';
import { AgentIntake } from '../gateway/AgentIntake.js';
import { ConnectionLimiter } from '../gateway/ConnectionLimiter.js';
import { createUpgradeListener, type UpgradeTargets } from './upgradeRouter.js';

/** A socket stand-in that records what is written to it (no network: the listener only writes and ends). */
function fakeSocket() {
  const socket = new PassThrough();
  let written = '';
  socket.on('data', (chunk: Buffer) => (written += chunk.toString()));
  return { socket, written: () => written };
}

function request(path: string, headers: Record<string, string> = {}): IncomingMessage {
  const raw = new Socket();
  Object.defineProperty(raw, 'remoteAddress', { value: '10.0.0.9' });
  return { url: path, headers: { host: 'console:8080', ...headers }, socket: raw } as unknown as IncomingMessage;
}

const errors: string[] = [];
const log: Logger = { info: () => {}, warn: () => {}, error: (m) => errors.push(m) };

function listener(overrides: Partial<UpgradeTargets<string>> = {}) {
  return createUpgradeListener<string>({
    agent: () => {},
    staffFor: async () => 'staff',
    staff: () => {},
    limiter: new ConnectionLimiter(2),
    log,
    ...overrides,
  });
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the upgrade listener (a PassThrough stands in for the client socket)', () => {
  it('answers 500 and logs when a target throws or the session check fails, never throwing itself', async () => {
    const throwing = fakeSocket();
    listener({
      agent: () => {
        throw new Error('boom');
      },
    })(request('/agent'), throwing.socket, Buffer.alloc(0));
    expect(throwing.written()).toMatch(/^HTTP\/1\.1 500 /);

    const failing = fakeSocket();
    listener({ staffFor: () => Promise.reject(new Error('database gone')) })(
      request('/api/live'),
      failing.socket,
      Buffer.alloc(0),
    );
    await settle();
    expect(failing.written()).toMatch(/^HTTP\/1\.1 500 /);

    const staffThrows = fakeSocket();
    listener({
      staff: () => {
        throw new Error('hub gone');
      },
    })(request('/api/live'), staffThrows.socket, Buffer.alloc(0));
    await settle();
    expect(staffThrows.written()).toMatch(/^HTTP\/1\.1 500 /);
    expect(errors.join('\n')).toMatch(/boom[\s\S]*database gone[\s\S]*hub gone/);
  });

  it('refuses a bad Origin, a browser at the agent endpoint, no session and unknown paths with their status', async () => {
    const cases: [IncomingMessage, number][] = [
      [request('/api/live', { origin: 'null' }), 403],
      [request('/api/live', { origin: 'http://console:8081' }), 403],
      [request('/agent', { origin: 'http://console:8080' }), 403],
      [request('/elsewhere'), 404],
    ];
    for (const [req, status] of cases) {
      const { socket, written } = fakeSocket();
      listener()(req, socket, Buffer.alloc(0));
      expect(written(), req.url).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    }
    const anonymous = fakeSocket();
    listener({ staffFor: async () => undefined })(request('/api/live'), anonymous.socket, Buffer.alloc(0));
    await settle();
    expect(anonymous.written()).toMatch(/^HTTP\/1\.1 401 /);
  });

  it('hands agents their slot to free, and refuses an address past its limit with 429', () => {
    const released: (() => void)[] = [];
    const route = listener({ agent: (_r, _s, _h, authenticated) => released.push(authenticated) });
    for (let i = 0; i < 2; i++) route(request('/agent'), fakeSocket().socket, Buffer.alloc(0));
    const third = fakeSocket();
    route(request('/agent'), third.socket, Buffer.alloc(0));
    expect(third.written()).toMatch(/^HTTP\/1\.1 429 /);
    released[0]!(); // one said hello
    const fourth = fakeSocket();
    route(request('/agent'), fourth.socket, Buffer.alloc(0));
    expect(fourth.written()).toBe('');
    expect(released).toHaveLength(3);
  });

  it('answers an agent past the intake bound 503 with Retry-After before any websocket work, and counts each once', () => {
    const intake = new AgentIntake({ maxPending: 2, initialRatePerSecond: 10, maxRetryAfterSeconds: 300 }, () => 0);
    const released: (() => void)[] = [];
    const route = listener({
      intake,
      limiter: new ConnectionLimiter(100),
      agent: (_r, _s, _h, authenticated) => released.push(authenticated),
    });
    for (let i = 0; i < 2; i++) route(request('/agent'), fakeSocket().socket, Buffer.alloc(0));
    const busy = fakeSocket();
    route(request('/agent'), busy.socket, Buffer.alloc(0));
    expect(busy.written()).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    // Two taken on at ten a second: the first told to wait comes after them, in whole seconds.
    expect(busy.written()).toMatch(/\r\nRetry-After: 1\r\n/);
    expect(released).toHaveLength(2);
    released[0]!(); // said hello…
    released[0]!(); // …and later closed: counted once
    expect(intake.pending).toBe(1);
    const next = fakeSocket();
    route(request('/agent'), next.socket, Buffer.alloc(0));
    expect(next.written()).toBe('');
    expect(intake.pending).toBe(2);
  });
});
