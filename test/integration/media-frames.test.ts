import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { MAX_THUMBNAIL_BYTES, PROTOCOL_VERSION, encodeMediaFrame } from '@lookout/shared';
import { AgentProcess } from '../harness/AgentProcess.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import type { Desktop } from '../harness/Desktop.js';
import { attachDesktop } from '../harness/desktopGlobalSetup.js';
import { RawAgentSocket, keywordAlertEvent, markedJpeg, windowEvent } from '../harness/RawAgentSocket.js';
import type { LiveRecorder, StaffClient } from '../harness/StaffClient.js';
import { waitFor } from '../harness/waitFor.js';

// Screen images as binary media frames (protocol 2), and the agents and consoles on either side of that change:
// raw protocol peers play PCs of both versions; real agents talk to the real console through a proxy that records
// what they send (and, to play a console that speaks only version 1, offers the console version 1 in their hello,
// so that it answers 1 exactly as such a console answers a newer agent).
let lookout: ConsoleProcess;
let admin: StaffClient;
let live: LiveRecorder;
let desktop: Desktop;

interface Pc {
  socket: RawAgentSocket;
  id: string;
  seq: number;
}

async function connect(hostname: string, protocolVersion: number): Promise<Pc & { welcomedWith: number }> {
  const enrolled = await RawAgentSocket.enrol(lookout.url, await admin.createEnrolmentToken(), hostname);
  const socket = await RawAgentSocket.connect(lookout.url);
  const welcome = await socket.authenticate(enrolled.deviceId, enrolled.credential, protocolVersion);
  return { socket, id: enrolled.deviceId, seq: 0, welcomedWith: welcome.protocolVersion };
}

/** A window event, acknowledged: the sentinel that everything the PC sent before it has been handled. */
async function sentinel(pc: Pc): Promise<void> {
  const seq = ++pc.seq;
  pc.socket.send({ type: 'event-batch', events: [windowEvent(pc.id, seq)] });
  await waitFor(`the ack of ${seq}`, () => pc.socket.received.some((m) => m.type === 'ack' && m.throughSeq === seq));
}

const errors = (pc: Pc) => pc.socket.received.flatMap((m) => (m.type === 'error' ? [`${m.code}: ${m.message}`] : []));
const now = () => new Date().toISOString();
const relayed = (deviceId: string) => live.thumbnails(deviceId).map((t) => Buffer.from(t.jpeg, 'base64'));

beforeAll(async () => {
  desktop = attachDesktop();
  lookout = await ConsoleProcess.start();
  admin = await lookout.signIn();
  live = await admin.openLive();
});

afterAll(async () => {
  live?.close();
  await lookout?.stop();
  await desktop?.closeWindows();
});

describe('raw PCs of both protocol versions', () => {
  let current: Pc & { welcomedWith: number };
  let old: Pc & { welcomedWith: number };

  beforeAll(async () => {
    current = await connect('MEDIA-V2', PROTOCOL_VERSION);
    old = await connect('MEDIA-V1', 1);
    const room = await admin.classroom('Media frames lab', [current.id, old.id]);
    await live.follow({ type: 'watch-room', roomId: room.id });
  });

  it('agrees each its own version in hello', () => {
    expect(PROTOCOL_VERSION).toBe(3);
    expect(current.welcomedWith).toBe(3);
    expect(old.welcomedWith).toBe(1);
  });

  it('relays a binary thumbnail to the watcher as a binary frame with the same JPEG, untouched', async () => {
    const jpeg = markedJpeg('binary thumbnail', 4000);
    current.socket.sendBinary(
      encodeMediaFrame({ kind: 'thumbnail', size: 'small', width: 320, height: 200, capturedAt: now(), jpeg }),
    );
    await waitFor('the thumbnail relayed', () => relayed(current.id).length === 1);
    expect(relayed(current.id)[0]!.equals(jpeg)).toBe(true);
    expect(live.thumbnails(current.id)[0]).toMatchObject({ size: 'small', width: 320, height: 200 });
    expect(live.invalid).toEqual([]);
  });

  it('still takes a version-1 PC’s base64 JSON thumbnail, and relays it to the watcher as a binary frame', async () => {
    const jpeg = markedJpeg('json thumbnail', 4000);
    old.socket.send({
      type: 'thumbnail',
      size: 'small',
      width: 320,
      height: 200,
      capturedAt: now(),
      jpeg: jpeg.toString('base64'),
    });
    await waitFor('the thumbnail relayed', () => relayed(old.id).length === 1);
    expect(relayed(old.id)[0]!.equals(jpeg)).toBe(true);
  });

  it('refuses bad binary frames with a clear error each, relays none of them, and the connection goes on', async () => {
    const good = encodeMediaFrame({
      kind: 'thumbnail',
      size: 'small',
      width: 320,
      height: 200,
      capturedAt: now(),
      jpeg: markedJpeg('good'),
    });
    const oversized = Buffer.concat([good.subarray(0, 16), markedJpeg('huge', MAX_THUMBNAIL_BYTES + 100)]);
    const wrongKind = encodeMediaFrame({
      kind: 'device-thumbnail',
      deviceId: old.id, // a PC may not hand the console a staff frame naming another device
      size: 'small',
      width: 320,
      height: 200,
      capturedAt: now(),
      jpeg: markedJpeg('planted'),
    });
    const badSize = Buffer.from(good);
    badSize[3] = 9;
    const before = relayed(current.id).length;
    for (const frame of [good.subarray(0, 10), Buffer.from('{"type":"thumbnail"}'), oversized, wrongKind, badSize]) {
      current.socket.sendBinary(frame);
    }
    await sentinel(current);
    expect(errors(current)).toEqual([
      expect.stringMatching(/^malformed: .*shorter than its 16-byte header/),
      'malformed: not a media frame',
      expect.stringMatching(/^too-large: thumbnail JPEG of \d+ bytes exceeds/),
      'malformed: media frame kind device-thumbnail is not accepted here',
      expect.stringMatching(/^malformed: invalid thumbnail frame: size/),
    ]);
    // The good frame after them is the sentinel on the staff side: only it arrives.
    current.socket.sendBinary(good);
    await waitFor('the good thumbnail', () => relayed(current.id).length === before + 1);
    expect(relayed(old.id)).toHaveLength(1);
  });

  it('refuses binary frames from a PC that agreed version 1, which goes on working', async () => {
    old.socket.sendBinary(
      encodeMediaFrame({
        kind: 'thumbnail',
        size: 'small',
        width: 1,
        height: 1,
        capturedAt: now(),
        jpeg: markedJpeg('x'),
      }),
    );
    await sentinel(old);
    expect(errors(old)).toEqual(['malformed: binary frames need protocol 2 (this connection agreed 1)']);
  });

  it('stores binary evidence by EvidenceIntake’s rules: own alert only, bytes as sent', async () => {
    const evidenceIds = [randomUUID(), randomUUID()];
    const alert = keywordAlertEvent(current.id, ++current.seq, { evidenceIds, user: 'pupil.m' });
    current.socket.send({ type: 'event-batch', events: [alert] });
    await waitFor('the alert stored', () =>
      current.socket.received.some((m) => m.type === 'ack' && m.throughSeq === alert.seq),
    );
    const jpeg = markedJpeg('binary evidence', 50_000);
    const answer = (pc: Pc, id: string) =>
      waitFor(`the answer to ${id}`, () => pc.socket.received.find((m) => m.type === 'evidence-ack' && m.id === id));

    current.socket.sendBinary(
      encodeMediaFrame({ kind: 'evidence', id: evidenceIds[0]!, eventId: alert.id, capturedAt: now(), jpeg }),
    );
    expect(await answer(current, evidenceIds[0]!)).toEqual({ type: 'evidence-ack', id: evidenceIds[0] });
    const stored = readFileSync(join(lookout.dataDir, 'evidence', current.id, `${evidenceIds[0]}.jpg`));
    expect(stored.equals(jpeg)).toBe(true);

    // Another PC planting a screenshot on that alert, in a binary frame: refused, nothing stored.
    const planter = await connect('MEDIA-PLANTER', PROTOCOL_VERSION);
    planter.socket.sendBinary(
      encodeMediaFrame({
        kind: 'evidence',
        id: evidenceIds[1]!,
        eventId: alert.id,
        capturedAt: now(),
        jpeg: markedJpeg('planted'),
      }),
    );
    expect(await answer(planter, evidenceIds[1]!)).toMatchObject({
      refused: { reason: expect.stringContaining("not one of this device's"), retry: false },
    });
    planter.socket.close();
  });
});

/**
 * The real console behind a proxy that records the agent's frames (binary, or the JSON message's type); with
 * `offer`, the agent's hello is passed on with that protocol version, so the console answers it as a console that
 * speaks only that version answers any newer agent (the lower of the two).
 */
async function recordingProxy(offer?: number): Promise<{ url: string; sent: string[]; server: Server }> {
  const target = new URL(lookout.url);
  const sent: string[] = [];
  const server = createServer((req, res) => {
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  const wss = new WebSocketServer({ server, path: '/agent' });
  wss.on('connection', (agentSide) => {
    const consoleSide = new WebSocket(`ws://${target.host}/agent`);
    const waiting: [WebSocket.RawData | string, boolean][] = [];
    agentSide.on('message', (data, isBinary) => {
      let out: WebSocket.RawData | string = data;
      if (isBinary) sent.push('binary');
      else {
        const message = JSON.parse(data.toString()) as { type: string };
        sent.push(message.type);
        if (message.type === 'hello' && offer !== undefined)
          out = JSON.stringify({ ...message, protocolVersion: offer });
      }
      if (consoleSide.readyState === WebSocket.OPEN) consoleSide.send(out, { binary: isBinary });
      else waiting.push([out, isBinary]);
    });
    consoleSide.on('open', () => {
      for (const [data, binary] of waiting.splice(0)) consoleSide.send(data, { binary });
    });
    consoleSide.on('message', (data, isBinary) => agentSide.send(data, { binary: isBinary }));
    consoleSide.on('close', () => agentSide.close());
    agentSide.on('close', () => consoleSide.close());
    consoleSide.on('error', () => agentSide.terminate());
    agentSide.on('error', () => consoleSide.terminate());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, sent, server };
}

describe.each([
  { console: 'this console', offer: undefined, expected: 'binary', welcomed: 3 },
  {
    console: 'a console that speaks only version 1 (played through the proxy)',
    offer: 1,
    expected: 'thumbnail',
    welcomed: 1,
  },
])('a real agent and $console', ({ offer, expected, welcomed }) => {
  let agent: AgentProcess;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;

  afterAll(async () => {
    await agent?.stop();
    await new Promise((resolve) => proxy?.server.close(resolve));
  });

  it(`streams thumbnails as ${expected === 'binary' ? 'binary media frames' : 'base64 JSON'}, which reach the watcher`, async () => {
    onTestFailed(() => {
      agent?.saveLogs(`media-frames-v${welcomed}`);
      lookout.saveLogs(`media-frames-v${welcomed}`);
    });
    proxy = await recordingProxy(offer);
    agent = await AgentProcess.start({ serverUrl: proxy.url, token: await admin.createEnrolmentToken(), desktop });
    await waitFor('the agent connected', () =>
      agent.output.includes(`connected to the console (protocol ${welcomed})`),
    );
    const room = await admin.classroom(`Media agents v${welcomed}`, [agent.deviceId]);
    await live.follow({ type: 'watch-room', roomId: room.id });
    await waitFor('two thumbnails relayed', () => live.thumbnails(agent.deviceId).length >= 2, { timeoutMs: 8000 });
    await live.follow({ type: 'unwatch-room', roomId: room.id });
    expect(proxy.sent).toContain(expected);
    expect(proxy.sent).not.toContain(expected === 'binary' ? 'thumbnail' : 'binary');
    const [first] = live.thumbnails(agent.deviceId);
    expect([...Buffer.from(first!.jpeg, 'base64').subarray(0, 2)]).toEqual([0xff, 0xd8]);
  });
});
