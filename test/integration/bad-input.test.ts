import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '@lookout/shared';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RawAgentSocket, windowEvent } from '../harness/RawAgentSocket.js';
import { RawConnection } from '../harness/RawHttp.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

let lookout: ConsoleProcess;
let admin: StaffClient;

beforeAll(async () => {
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
});

afterAll(async () => {
  await lookout?.stop();
});

async function expectServerUp() {
  const health = await fetch(`${lookout.url}/api/health`);
  expect(health.status).toBe(200);
  expect(lookout.running).toBe(true);
}

async function enrolled(hostname: string) {
  return RawAgentSocket.enrol(lookout.url, await admin.createEnrolmentToken(), hostname);
}

describe('the agent gateway refuses', () => {
  it('a device that never enrolled', async () => {
    const socket = await RawAgentSocket.connect(lookout.url);
    socket.hello(randomUUID(), 'x'.repeat(43));
    expect(await socket.next('error')).toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/not enrolled/),
    });
    expect((await socket.closed).code).toBe(4401);
    await expectServerUp();
  });

  it('an enrolled device with a wrong credential', async () => {
    const device = await enrolled('WRONG-CRED');
    const socket = await RawAgentSocket.connect(lookout.url);
    socket.hello(device.deviceId, `${device.credential}x`);
    expect((await socket.next('error')).code).toBe('unauthorized');
    expect((await socket.closed).code).toBe(4401);
  });

  it('a revoked device: its open connection is closed and it cannot come back', async () => {
    const device = await enrolled('REVOKED');
    const socket = await RawAgentSocket.connect(lookout.url);
    await socket.authenticate(device.deviceId, device.credential);
    await admin.revoke(device.deviceId);
    expect((await socket.closed).code).toBe(4401);

    const again = await RawAgentSocket.connect(lookout.url);
    again.hello(device.deviceId, device.credential);
    expect(await again.next('error')).toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/revoked/),
    });
    expect((await again.closed).code).toBe(4401);
    expect(await admin.allEvents(device.deviceId)).toEqual([]);
    expect((await admin.device(device.deviceId)).revoked).toBe(true);
  });

  it('a device sending events under another device id, storing nothing for either', async () => {
    const honest = await enrolled('HONEST');
    const forger = await enrolled('FORGER');
    const socket = await RawAgentSocket.connect(lookout.url);
    await socket.authenticate(forger.deviceId, forger.credential);
    socket.send({ type: 'event-batch', events: [windowEvent(forger.deviceId, 1), windowEvent(honest.deviceId, 2)] });
    expect(await socket.next('error')).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/only send its own/),
    });
    expect((await socket.closed).code).toBe(4403);
    expect(await admin.allEvents(honest.deviceId)).toEqual([]);
    expect(await admin.allEvents(forger.deviceId)).toEqual([]);
  });

  it('malformed frames with an error, keeping the connection and storing nothing', async () => {
    const device = await enrolled('MALFORMED');
    const socket = await RawAgentSocket.connect(lookout.url);
    await socket.authenticate(device.deviceId, device.credential);

    socket.send('{"type":"event-batch","events":[');
    socket.send({ type: 'event-batch', events: [{ ...windowEvent(device.deviceId, 1), seq: -5 }] });
    socket.send({ type: 'self-destruct' });
    await socket.next('error');
    await expect.poll(() => socket.received.filter((m) => m.type === 'error').length).toBe(3);
    const errors = socket.received.filter((m) => m.type === 'error').map((m) => m.type === 'error' && m.message);
    expect(errors[0]).toMatch(/not JSON/);
    expect(errors[1]).toMatch(/events\.0\.seq/);
    expect(errors[2]).toMatch(/type/);
    expect(await admin.allEvents(device.deviceId)).toEqual([]);

    // The same connection still works for a valid batch.
    socket.send({ type: 'event-batch', events: [windowEvent(device.deviceId, 1, 'Valid after all')] });
    expect(await socket.next('ack')).toEqual({ type: 'ack', throughSeq: 1 });
    expect((await admin.allEvents(device.deviceId)).map((e) => e.seq)).toEqual([1]);
    socket.close();
  });

  it('a frame before hello that is not a hello', async () => {
    const device = await enrolled('NO-HELLO');
    const socket = await RawAgentSocket.connect(lookout.url);
    socket.send({ type: 'event-batch', events: [windowEvent(device.deviceId, 1)] });
    expect(await socket.next('error')).toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/hello first/),
    });
    expect((await socket.closed).code).toBe(4401);
    expect(await admin.allEvents(device.deviceId)).toEqual([]);
  });

  it('a 10 MB frame, closing with 1009 (RFC 6455 "message too big"), logging why, and staying up', async () => {
    const device = await enrolled('HUGE');
    const socket = await RawAgentSocket.connect(lookout.url);
    await socket.authenticate(device.deviceId, device.credential);
    const huge = windowEvent(device.deviceId, 1, 'x'.repeat(10 * 1024 * 1024));
    socket.send({ type: 'event-batch', events: [huge] });
    const closed = await socket.closed;
    expect(closed.code).toBe(1009);
    await expect.poll(() => lookout.output).toMatch(/agent socket \S+: Max payload size exceeded/);
    expect(await admin.allEvents(device.deviceId)).toEqual([]);
    await expectServerUp();
  });
});

describe('enrolment refuses', () => {
  it('an unknown token and a used-up token, with the reason', async () => {
    await expect(RawAgentSocket.enrol(lookout.url, 'u'.repeat(43))).rejects.toThrow(/401.*not known/);
    const token = await admin.createEnrolmentToken(1);
    await RawAgentSocket.enrol(lookout.url, token, 'FIRST');
    await expect(RawAgentSocket.enrol(lookout.url, token, 'SECOND')).rejects.toThrow(/401.*used up/);
    expect((await admin.devices()).map((d) => d.hostname)).not.toContain('SECOND');
  });
});

describe('the staff API refuses', () => {
  it('a wrong password and an unknown user alike, with a clear error', async () => {
    for (const body of [
      { username: 'admin', password: 'not-the-password' },
      { username: 'nobody', password: 'whatever-it-is' },
    ]) {
      const response = await fetch(`${lookout.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(await response.json()).toEqual({
        error: { code: 'invalid-credentials', message: 'user name or password is wrong' },
      });
    }
    await expectServerUp();
  });

  it('malformed JSON, a wrong shape and a 10 MB body', async () => {
    const post = (body: string) =>
      fetch(`${lookout.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const notJson = await post('{"username": ');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as ApiErrorBody).error.code).toBe('invalid-request');

    const wrongShape = await post(JSON.stringify({ username: 42 }));
    expect(wrongShape.status).toBe(400);
    expect(((await wrongShape.json()) as ApiErrorBody).error.message).toMatch(/username/);

    const huge = await post(JSON.stringify({ username: 'admin', password: 'x'.repeat(10 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as ApiErrorBody).error.code).toBe('too-large');
    await expectServerUp();
  });

  it('answers a 10 MB body with 413 and reads the rest, so the client can finish sending and read why', async () => {
    // The console answers as soon as it sees the length. Closing then, while the client still sends, would
    // reset the connection and lose the answer (EPIPE now and then); it reads and drops the rest instead.
    const connection = await RawConnection.open(lookout.port);
    const body = Buffer.alloc(10 * 1024 * 1024, 'x');
    await connection.write(
      `POST /api/session HTTP/1.1\r\nHost: 127.0.0.1:${lookout.port}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\n\r\n`,
    );
    await waitFor('the 413', () => /\r\n\r\n\{.*too-large/.test(connection.received));
    expect(connection.received).toMatch(/^HTTP\/1\.1 413 /);
    await connection.write(body);
    await connection.write(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${lookout.port}\r\n\r\n`);
    await waitFor('the next answer on the same connection', () => /HTTP\/1\.1 200 /.test(connection.received));
    expect(connection.error).toBeUndefined();
    connection.close();
  });

  it('calls without a session, and roles without the right', async () => {
    expect((await fetch(`${lookout.url}/api/devices`)).status).toBe(401);
    await admin.createUser('viewer1', 'viewer-password-1', 'viewer');
    const viewer = await lookout.signIn('viewer1', 'viewer-password-1');
    const refused = await viewer.request('POST', '/api/enrolment-tokens', {});
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'forbidden' } });
    expect((await viewer.request('GET', '/api/devices')).status).toBe(403);
  });

  it('describes its routes in an OpenAPI document', async () => {
    const doc = (await admin.request('GET', '/api/openapi.json')).body as { paths: Record<string, unknown> };
    for (const path of [
      '/api/session',
      '/api/devices',
      '/api/devices/{id}/events',
      '/api/enrolment-tokens',
      '/api/enrol',
    ]) {
      expect(doc.paths).toHaveProperty([path]);
    }
  });
});
