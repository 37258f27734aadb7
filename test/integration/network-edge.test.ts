import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AgentEvent } from '@lookout/shared';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { RawAgentSocket, windowEvent } from '../harness/RawAgentSocket.js';
import { rawExchange, type RawExchange } from '../harness/RawHttp.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// The console's network edge as an attacker on the school network meets it: malformed and hostile requests,
// other sites' pages, idle sockets and oversized frames. Low limits make the limits quick to reach.
const MAX_UNAUTHENTICATED = 6;
let lookout: ConsoleProcess;
let admin: StaffClient;

beforeAll(async () => {
  lookout = await ConsoleProcess.start({
    LOOKOUT_MAX_UNAUTHENTICATED_SOCKETS_PER_ADDRESS: String(MAX_UNAUTHENTICATED),
    // Long enough that no socket a test holds idle on purpose is closed under it (see the 4408 test).
    LOOKOUT_AGENT_HELLO_TIMEOUT_MS: '60000',
  });
  admin = await lookout.signIn();
});

afterAll(async () => {
  await lookout?.stop();
});

const host = () => `127.0.0.1:${lookout.port}`;

function upgradeRequest(path: string, headers: Record<string, string>): string {
  const all: Record<string, string> = {
    Host: host(),
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version': '13',
    ...headers,
  };
  return `GET ${path} HTTP/1.1\r\n${Object.entries(all)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
}

/** The console is still up and serving staff, agents and live sockets. */
async function expectConsoleServing() {
  expect(lookout.running).toBe(true);
  expect((await fetch(`${lookout.url}/api/health`)).status).toBe(200);
  expect((await admin.request('GET', '/api/devices')).status).toBe(200);
  const device = await RawAgentSocket.enrol(lookout.url, await admin.createEnrolmentToken(), 'STILL-UP');
  const agent = await RawAgentSocket.connect(lookout.url);
  await agent.authenticate(device.deviceId, device.credential);
  agent.close();
  const live = await admin.openLive({ type: 'subscribe-devices', page: 0, pageSize: 100 });
  await live.waitFor('the device snapshot', () => live.snapshot()?.devices.some((d) => d.id === device.deviceId));
  live.close();
}

describe('one request does not kill the console', () => {
  it('Origin: null on the live socket gets 403, with or without a session, and the console lives', async () => {
    for (const origin of ['null', 'not a url', 'http://[', '']) {
      const anonymous = await rawExchange(lookout.port, upgradeRequest('/api/live', { Origin: origin }));
      expect(anonymous.status, `Origin: ${origin}`).toBe(403);
      const signedIn = await rawExchange(
        lookout.port,
        upgradeRequest('/api/live', { Origin: origin, Cookie: admin.cookie }),
      );
      expect(signedIn.status, `Origin: ${origin} with a session`).toBe(403);
    }
    expect(lookout.running).toBe(true);
    // Another port is another site too; the console's own origin is let in.
    const otherPort = await rawExchange(
      lookout.port,
      upgradeRequest('/api/live', { Origin: 'http://127.0.0.1:1', Cookie: admin.cookie }),
    );
    expect(otherPort.status).toBe(403);
    const sameOrigin = new WebSocket(`ws://${host()}/api/live`, {
      headers: { cookie: admin.cookie },
      origin: `http://${host()}`,
    });
    await new Promise((resolve, reject) => sameOrigin.once('open', resolve).once('error', reject));
    sameOrigin.close();
    await expectConsoleServing();
  });

  it('survives a fuzzed stream of malformed upgrade requests and raw HTTP, answering each', async () => {
    const random = mulberry32(0x10c0);
    const inputs = [...hostileUpgrades(), ...hostileHttp()];
    const templates = inputs.slice();
    // Mutations of every hand-written case: flipped, inserted and cut bytes in random places.
    for (let i = 0; i < 300; i++) inputs.push(mutate(templates[i % templates.length]!, random));

    const results: { input: Buffer; result: RawExchange }[] = [];
    for (let i = 0; i < inputs.length; i += 4) {
      const batch = inputs.slice(i, i + 4);
      const answered = await Promise.all(batch.map((input) => rawExchange(lookout.port, input, 8000)));
      answered.forEach((result, j) => results.push({ input: batch[j]!, result }));
      expect(lookout.running, `after ${JSON.stringify(batch.map((b) => b.toString('latin1').slice(0, 80)))}`).toBe(
        true,
      );
    }
    // Every request got an answer or a close; none made the server fail.
    const hung = results.filter((r) => r.result.ended === 'timeout');
    expect(hung.map((r) => r.input.toString('latin1').slice(0, 120))).toEqual([]);
    const failed = results.filter((r) => (r.result.status ?? 0) >= 500);
    expect(failed.map((r) => `${r.result.status}: ${r.input.toString('latin1').slice(0, 120)}`)).toEqual([]);
    expect(lookout.output).not.toMatch(/uncaught|unhandled/i);
    await expectConsoleServing();
  });
});

describe('browser hardening', () => {
  it('refuses state changes from other sites and body-less state changes, and accepts its own', async () => {
    const device = await RawAgentSocket.enrol(lookout.url, await admin.createEnrolmentToken(), 'CSRF-TARGET');
    const revoke = (headers: Record<string, string>, body?: string) =>
      fetch(`${lookout.url}/api/devices/${device.deviceId}/revoke`, {
        method: 'POST',
        headers: { cookie: admin.cookie, ...headers },
        ...(body === undefined ? {} : { body }),
      });
    const json = { 'content-type': 'application/json' };

    const otherPort = await revoke({ ...json, origin: 'http://127.0.0.1:1' }, '{}');
    expect(otherPort.status).toBe(403);
    expect(await otherPort.json()).toMatchObject({ error: { code: 'cross-site' } });
    expect((await revoke({ ...json, 'sec-fetch-site': 'same-site' }, '{}')).status).toBe(403);
    expect((await revoke({ ...json, origin: 'null' }, '{}')).status).toBe(403);
    // What a sibling subdomain's page or a form can send without a preflight: no body, or not JSON.
    const bodyless = await revoke({});
    expect(bodyless.status).toBe(415);
    expect(await bodyless.json()).toMatchObject({ error: { code: 'unsupported-media-type' } });
    expect((await revoke({ 'content-type': 'text/plain' }, '{}')).status).toBe(415);
    expect((await revoke({ 'content-type': 'application/x-www-form-urlencoded' }, 'a=b')).status).toBe(415);
    expect((await admin.device(device.deviceId)).revoked).toBe(false);
    expect((await admin.audit()).some((e) => e.action.includes('revoke') && e.target === device.deviceId)).toBe(false);

    // The console's own page, and a script with no Origin (the harness, an agent), still work.
    const own = await revoke({ ...json, origin: `http://${host()}`, 'sec-fetch-site': 'same-origin' }, '{}');
    expect(own.status).toBeLessThan(300);
    expect((await admin.device(device.deviceId)).revoked).toBe(true);
  });

  it('refuses reads of the API from other sites too, so an audited view cannot be forged', async () => {
    await admin.createUser('dsl.edge', 'dsl-edge-password-1', 'dsl');
    const dsl = await lookout.signIn('dsl.edge', 'dsl-edge-password-1');
    const read = (site: string, path = '/api/subject-access?user=pupil.x') =>
      fetch(`${lookout.url}${path}`, {
        headers: { cookie: dsl.cookie, 'sec-fetch-site': site },
      });
    const exports = async () =>
      ((await dsl.request('GET', '/api/audit?limit=1000')).body as { action: string }[]).filter(
        (e) => e.action === 'subject-access.exported',
      );
    const sameSite = await read('same-site');
    expect(sameSite.status).toBe(403);
    expect(await sameSite.json()).toMatchObject({ error: { code: 'cross-site' } });
    expect((await read('cross-site')).status).toBe(403);
    // The router decodes `%61` to `a`: the check goes by the route matched, not the raw path.
    expect((await read('same-site', '/%61pi/subject-access?user=pupil.x')).status).toBe(403);
    expect(await exports()).toEqual([]);
    expect((await read('same-origin')).status).toBe(200);
    expect(await exports()).toHaveLength(1);
    // The UI's own pages may still be opened from a link elsewhere.
    expect((await fetch(`${lookout.url}/devices`, { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(200);
  });

  it('sends security headers on every response: the UI, the API, errors', async () => {
    for (const path of ['/', '/devices', '/api/health', '/api/devices', '/api/nothing-here']) {
      const response = await fetch(`${lookout.url}${path}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/frame-ancestors 'none'/);
      expect(csp, path).toMatch(/script-src 'self'(;|$)/);
      expect(csp, path).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
      await response.arrayBuffer();
    }
    // The built UI has no inline script for the policy to break.
    const page = await (await fetch(`${lookout.url}/`)).text();
    expect(page).toMatch(/<div id="root">/);
    expect(page.match(/<script\b[^>]*>/g)?.every((tag) => /\ssrc=/.test(tag))).toBe(true);
  });

  it('shows the API description and the version to signed-in staff only', async () => {
    const health = (await (await fetch(`${lookout.url}/api/health`)).json()) as Record<string, unknown>;
    expect(health).toEqual({ ok: true });
    expect((await fetch(`${lookout.url}/api/openapi.json`)).status).toBe(401);
    expect((await fetch(`${lookout.url}/api/version`)).status).toBe(401);
    expect((await admin.request('GET', '/api/version')).body).toEqual({ version: expect.stringMatching(/^\d+\.\d+/) });
    expect((await admin.request('GET', '/api/openapi.json')).body).toHaveProperty(['paths', '/api/version']);
  });
});

describe('connection limits', () => {
  it('refuses more unauthenticated agent sockets per address than allowed, freeing a slot at hello', async () => {
    const device = await RawAgentSocket.enrol(lookout.url, await admin.createEnrolmentToken(), 'CAPPED');
    const idle: RawAgentSocket[] = [];
    for (let i = 0; i < MAX_UNAUTHENTICATED; i++) idle.push(await RawAgentSocket.connect(lookout.url));
    await expect(RawAgentSocket.connect(lookout.url)).rejects.toThrow(/429/);
    // The staff live socket counts against the same address before its session is checked.
    const refusedLive = await rawExchange(lookout.port, upgradeRequest('/api/live', { Cookie: admin.cookie }));
    expect(refusedLive.status).toBe(429);

    // One of them says hello: it is no longer unauthenticated, and another may connect.
    await idle[0]!.authenticate(device.deviceId, device.credential);
    const next = await RawAgentSocket.connect(lookout.url);
    next.close();
    for (const socket of idle) socket.close();
    await Promise.all(idle.map((s) => s.closed));
    await expectConsoleServing();
  });

  it('closes a socket that does not say hello in time with 4408', async () => {
    const impatient = await ConsoleProcess.start({ LOOKOUT_AGENT_HELLO_TIMEOUT_MS: '300' });
    try {
      const silent = await RawAgentSocket.connect(impatient.url);
      expect((await silent.closed).code).toBe(4408);
      expect(impatient.running).toBe(true);
    } finally {
      await impatient.stop();
    }
  });

  it('refuses a frame over a few KB before hello with 1009, and takes large frames after it', async () => {
    const device = await RawAgentSocket.enrol(lookout.url, await admin.createEnrolmentToken(), 'BIG-HELLO');
    const early = await RawAgentSocket.connect(lookout.url);
    early.send({ type: 'hello', padding: 'x'.repeat(5000) });
    expect((await early.closed).code).toBe(1009);
    await expect.poll(() => lookout.output).toMatch(/agent socket \(unauthenticated\): Max payload size exceeded/);

    const agent = await RawAgentSocket.connect(lookout.url);
    await agent.authenticate(device.deviceId, device.credential);
    const events = Array.from({ length: 100 }, (_, i) => windowEvent(device.deviceId, i + 1, `${'t'.repeat(400)}`));
    expect(JSON.stringify(events).length).toBeGreaterThan(40_000);
    agent.send({ type: 'event-batch', events });
    expect(await agent.next('ack')).toEqual({ type: 'ack', throughSeq: 100 });
    agent.close();
  });
});

describe('data at rest', () => {
  let careless: ConsoleProcess | undefined;
  afterAll(async () => {
    await careless?.stop();
  });

  it('keeps the data dir 0700 and the database, evidence and thumbnails 0600 under umask 000', async () => {
    careless = await ConsoleProcess.start({ LOOKOUT_THUMBNAIL_RETENTION_SECONDS: '3600' }, { umask: '000' });
    const dsl = await careless.signIn();
    const device = await RawAgentSocket.enrol(careless.url, await dsl.createEnrolmentToken(), 'AT-REST');
    const pc = await RawAgentSocket.connect(careless.url);
    await pc.authenticate(device.deviceId, device.credential);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]);
    const evidenceId = randomUUID();
    const alert: AgentEvent = {
      id: randomUUID(),
      deviceId: device.deviceId,
      seq: 1,
      ts: new Date().toISOString(),
      user: 'pupil',
      type: 'keyword-matched',
      payload: {
        category: 'bullying',
        severity: 3,
        phrase: 'nobody likes you',
        matched: 'nobody likes you',
        context: 'nobody likes you',
        source: 'typed',
        app: 'chat',
        title: 'Chat',
        url: null,
        evidenceIds: [evidenceId],
      },
    };
    pc.send({ type: 'event-batch', events: [alert] });
    await pc.next('ack');
    pc.send({
      type: 'evidence',
      id: evidenceId,
      eventId: alert.id,
      capturedAt: alert.ts,
      jpeg: jpeg.toString('base64'),
    });
    await pc.next('evidence-ack');
    const capturedAt = new Date().toISOString();
    pc.send({ type: 'thumbnail', size: 'small', jpeg: jpeg.toString('base64'), width: 4, height: 3, capturedAt });
    const thumbnail = join(
      careless.dataDir,
      'thumbnails',
      device.deviceId,
      `${capturedAt.replace(/[:.]/g, '-')}-small.jpg`,
    );
    await waitFor('the thumbnail on disk', () => statSync(thumbnail, { throwIfNoEntry: false }));
    pc.close();

    const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
    const dir = careless.dataDir;
    expect(mode(dir)).toBe('700');
    for (const file of ['console.sqlite', 'console.sqlite-wal', 'console.sqlite-shm']) {
      expect(mode(join(dir, file)), file).toBe('600');
    }
    for (const folder of [
      'evidence',
      join('evidence', device.deviceId),
      'thumbnails',
      join('thumbnails', device.deviceId),
    ]) {
      expect(mode(join(dir, folder)), folder).toBe('700');
    }
    expect(mode(join(dir, 'evidence', device.deviceId, `${evidenceId}.jpg`))).toBe('600');
    expect(mode(thumbnail)).toBe('600');
  });

  it('exports keyword libraries as CSV a spreadsheet will not run formulas from', async () => {
    const library = (await admin.request('GET', '/api/keyword-libraries/lookout-default')).body as {
      library: { phrases: Record<string, unknown>[] };
    };
    const phrase = library.library.phrases[0]!;
    const saved = await admin.request('POST', '/api/keyword-libraries/lookout-default/import', {
      format: 'json',
      content: JSON.stringify({
        ...library.library,
        phrases: [{ ...phrase, phrase: '=HYPERLINK("http://evil.example","open me")', description: '@SUM(A1)' }],
      }),
      reason: 'a hostile phrase, as a careless import might bring',
    });
    expect(saved.status).toBe(200);
    const csv = await (
      await fetch(`${lookout.url}/api/keyword-libraries/lookout-default/export?format=csv`, {
        headers: { cookie: admin.cookie },
      })
    ).text();
    const row = csv.split('\n')[1]!;
    expect(row.startsWith(`"'=HYPERLINK(`)).toBe(true);
    expect(row).toContain(",'@SUM(A1)");
    expect(csv).not.toMatch(/(^|,)"?[=+@]/m);
  });
});

// ---- the hostile inputs ----

function hostileUpgrades(): Buffer[] {
  const cases: string[] = [];
  const origins = ['null', '', 'not a url', 'http://', 'http://[', 'javascript:alert(1)', 'file:///etc/passwd'];
  for (const path of ['/agent', '/api/live']) {
    for (const origin of origins) cases.push(upgradeRequest(path, { Origin: origin }));
    cases.push(upgradeRequest(path, { Origin: 'x'.repeat(9000) }));
    cases.push(upgradeRequest(path, { 'Sec-WebSocket-Key': '' }));
    cases.push(upgradeRequest(path, { 'Sec-WebSocket-Key': 'short' }));
    cases.push(upgradeRequest(path, { 'Sec-WebSocket-Key': '!!!!!!!!!!!!!!!!!!!!!!==' }));
    cases.push(upgradeRequest(path, { 'Sec-WebSocket-Version': '8' }));
    cases.push(upgradeRequest(path, { 'Sec-WebSocket-Version': 'abc' }));
    cases.push(upgradeRequest(path, { 'Sec-WebSocket-Version': '13, 13' }));
    cases.push(upgradeRequest(path, { Upgrade: 'h2c' }));
    cases.push(upgradeRequest(path, { Connection: 'keep-alive' }));
    cases.push(upgradeRequest(path, { 'Sec-WebSocket-Extensions': 'permessage-deflate; client_max_window_bits=99' }));
    cases.push(upgradeRequest(path, { 'Sec-WebSocket-Extensions': ';;;,,,=' }));
    cases.push(upgradeRequest(path, { 'Sec-WebSocket-Protocol': ',,, ,' }));
    cases.push(upgradeRequest(path, { Cookie: 'lookout_session=%%%; =;;;=' }));
    cases.push(upgradeRequest(path, { Cookie: `lookout_session=${'a'.repeat(8000)}` }));
    cases.push(upgradeRequest(path, { 'X-Huge': 'h'.repeat(70_000) }));
    cases.push(upgradeRequest(path, { Host: '' }));
    cases.push(upgradeRequest(path, { Origin: 'http://evil.example', 'Sec-Fetch-Site': 'cross-site' }));
    // A valid upgrade followed at once by garbage frames.
    cases.push(`${upgradeRequest(path, {})}\x81\xff${'\xff'.repeat(8)}garbage`);
    cases.push(`${upgradeRequest(path, {})}\x88\x80\0\0\0\0`);
  }
  for (const path of ['/nope', '/%00', `/${'a'.repeat(10_000)}`, '/agent/../api/live', '*', '/agent?x=\xff'])
    cases.push(upgradeRequest(path, {}));
  const many: Record<string, string> = {};
  for (let i = 0; i < 2000; i++) many[`X-H${i}`] = 'v';
  cases.push(upgradeRequest('/agent', many));
  const bytes = cases.map((c) => Buffer.from(c, 'latin1'));
  bytes.push(
    Buffer.concat([
      Buffer.from(upgradeRequest('/agent', {}).slice(0, -2), 'latin1'),
      Buffer.from('Origin: \xc3\x28\xf0\x28\x8c\xbc\r\n\r\n', 'latin1'),
    ]),
  );
  return bytes;
}

function hostileHttp(): Buffer[] {
  const h = () => host();
  const post = (path: string, headers: string, body: string) =>
    `POST ${path} HTTP/1.1\r\nHost: ${h()}\r\n${headers}Content-Length: ${Buffer.byteLength(body, 'latin1')}\r\n\r\n${body}`;
  const json = 'Content-Type: application/json\r\n';
  const cases = [
    'GET / HTTP/1.1\r\n\r\n',
    'GARBAGE\r\n\r\n',
    '\0\x01\x02\x03\xff\xfe',
    `GET /api/health HTTP/9.9\r\nHost: ${h()}\r\n\r\n`,
    `GET /api/health HTTP/1.1\r\nHost: ${h()}\r\nContent-Length: -1\r\n\r\n`,
    `POST /api/session HTTP/1.1\r\nHost: ${h()}\r\n${json}Content-Length: 99999999999999999999\r\n\r\n{}`,
    `POST /api/session HTTP/1.1\r\nHost: ${h()}\r\n${json}Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
    `POST /api/session HTTP/1.1\r\nHost: ${h()}\r\n${json}Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}`,
    `GET /api/health HTTP/1.1\r\nHost: ${h()}\r\nNoColonHeader\r\n\r\n`,
    `GET /api/health HTTP/1.1\r\nHost: ${h()}\r\nX-Folded: a\r\n b\r\n\r\n`,
    `GET /api/health HTTP/1.1\nHost: ${h()}\n\n`,
    `GET /${'u'.repeat(100_000)} HTTP/1.1\r\nHost: ${h()}\r\n\r\n`,
    `GET /\xff\xfe/%ff%fe HTTP/1.1\r\nHost: ${h()}\r\n\r\n`,
    `GET /api/devices/%E0%A4%A HTTP/1.1\r\nHost: ${h()}\r\n\r\n`,
    `GET /api/health HTTP/1.1\r\nHost: ${h()}\r\n\r\n`.repeat(100),
    post('/api/session', 'Content-Type: application/json; charset=utf-7\r\n', '{"username":"admin"}'),
    post('/api/session', json, '['.repeat(100_000)),
    post('/api/session', json, '{"__proto__":{"x":1},"constructor":{"prototype":{"y":1}}}'),
    post('/api/session', json, '{"username":"\xff\xfe","password":"\xc3\x28"}'),
    post('/api/session', json, '{"username":"admin","password":"x"}\0'),
    post('/api/enrol', json, '{"token":{},"hostname":[],"os":null}'),
    post('/api/devices/x/revoke', `${json}Origin: null\r\nCookie: lookout_session=x\r\n`, '{}'),
    post('/api/session', `${json}Origin: \xff\r\n`, '{}'),
    `DELETE /api/session HTTP/1.1\r\nHost: ${h()}\r\nCookie: ;;;\r\n${json}Content-Length: 5\r\n\r\n{"a":`,
    `OPTIONS * HTTP/1.1\r\nHost: ${h()}\r\n\r\n`,
    `CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: ${h()}\r\n\r\n`,
    `TRACE / HTTP/1.1\r\nHost: ${h()}\r\n\r\n`,
    `GET /api/openapi.json HTTP/1.1\r\nHost: ${h()}\r\nCookie: lookout_session=${'%'.repeat(3000)}\r\n\r\n`,
  ];
  return cases.map((c) => Buffer.from(c, 'latin1'));
}

function mutate(input: Buffer, random: () => number): Buffer {
  const bytes = Buffer.from(input);
  const edits = 1 + Math.floor(random() * 4);
  let out = bytes;
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * out.length);
    switch (Math.floor(random() * 4)) {
      case 0:
        out[at] = Math.floor(random() * 256);
        break;
      case 1:
        out = Buffer.concat([out.subarray(0, at), Buffer.from([Math.floor(random() * 256)]), out.subarray(at)]);
        break;
      case 2:
        out = out.subarray(0, at);
        break;
      default:
        out = Buffer.concat([out.subarray(0, at), Buffer.from('\r\n:\0'), out.subarray(at)]);
    }
  }
  return out;
}

/** A small seeded generator: the same inputs on every run, so a failure can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
