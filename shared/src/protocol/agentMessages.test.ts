import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AgentToServerMessage, ServerToAgentMessage } from './agentMessages.js';
import {
  MAX_DEVICE_PAGE_SIZE,
  SNAPSHOT_FRAME_DEVICES,
  StaffClientMessage,
  StaffLiveMessage,
} from './staffLiveMessages.js';
import { KeywordMatchedPayload } from './eventEnvelope.js';
import { parseMessage } from './parseMessage.js';
import {
  MAX_BATCH_EVENTS,
  MAX_FRAME_BYTES,
  MAX_HELLO_LIBRARY_DIGESTS,
  negotiateProtocolVersion,
  POLICY_BY_REFERENCE_PROTOCOL_VERSION,
  PROTOCOL_VERSION,
} from './protocolVersion.js';
import type { DeviceSummary } from './deviceSummary.js';

const deviceId = randomUUID();
const digest = (n: number) => n.toString(16).padStart(64, '0');
const windowEvent = (seq: number) => ({
  id: randomUUID(),
  deviceId,
  seq,
  ts: '2026-11-23T09:00:00.000Z',
  user: 'pupil01',
  type: 'window-changed' as const,
  payload: { app: 'chromium', title: `Tab ${seq}`, pid: 4242 },
});
const device: DeviceSummary = {
  id: deviceId,
  hostname: 'LAB2-07',
  online: true,
  lastSeen: '2026-11-23T09:00:00.000Z',
  enrolledAt: '2026-11-20T09:00:00.000Z',
  revoked: false,
  user: 'pupil01',
  displayName: 'Ada Lovelace',
  os: { platform: 'linux', release: '6.1', arch: 'x64' },
  agentVersion: '0.1.0',
  app: 'xterm',
  title: 'Homework',
  url: null,
  capabilities: { window: { available: true } },
  roomId: randomUUID(),
  locked: false,
  neverLock: false,
  clockSkewSeconds: -75,
};

const agentMessages: AgentToServerMessage[] = [
  { type: 'hello', protocolVersion: PROTOCOL_VERSION, deviceId, credential: 'c'.repeat(43), agentVersion: '0.1.0' },
  {
    type: 'hello',
    protocolVersion: PROTOCOL_VERSION,
    deviceId,
    credential: 'c'.repeat(43),
    agentVersion: '0.3.0',
    policyRevision: '0123456789abcdef',
    libraryDigests: [digest(1), digest(2)],
  },
  { type: 'policy-resync', missing: [digest(3)] },
  {
    type: 'heartbeat',
    hostname: 'LAB2-07',
    os: { platform: 'win32', release: '10.0.22631', arch: 'x64' },
    user: null,
    agentVersion: '0.1.0',
    capabilities: { window: { available: false, reason: 'no X display' }, input: { available: true } },
  },
  {
    type: 'heartbeat',
    hostname: 'LAB2-07',
    os: { platform: 'linux', release: '6.1', arch: 'x64' },
    user: 'pupil',
    agentVersion: '0.2.0',
    capabilities: {},
    clock: '2026-11-23T09:00:00.000Z',
  },
  { type: 'event-batch', events: [windowEvent(1), windowEvent(2)] },
  { type: 'command-result', commandId: randomUUID(), status: 'ok' },
  { type: 'command-result', commandId: randomUUID(), status: 'failed', detail: 'browser not found' },
  {
    type: 'thumbnail',
    size: 'small',
    jpeg: '/9j/4AAQSkZJRg==',
    width: 400,
    height: 250,
    capturedAt: '2026-11-23T09:00:00.000Z',
  },
  {
    type: 'event-batch',
    events: [
      {
        ...windowEvent(3),
        type: 'lock-changed',
        payload: { locked: true, reason: 'teacher', message: 'Eyes on me', expiresAt: '2026-11-23T09:10:00.000Z' },
      },
      {
        ...windowEvent(4),
        type: 'command-handled',
        payload: { commandId: randomUUID(), name: 'message', status: 'ok' },
      },
    ],
  },
];

const serverMessages: ServerToAgentMessage[] = [
  {
    type: 'welcome',
    protocolVersion: 1,
    serverTime: '2026-11-23T09:00:00.000Z',
    heartbeatIntervalMs: 30_000,
    lastStoredSeq: 0,
  },
  { type: 'ack', throughSeq: 2 },
  { type: 'evidence-ack', id: randomUUID() },
  {
    type: 'evidence-ack',
    id: randomUUID(),
    refused: { reason: "the alert is not one of this device's", retry: false },
  },
  { type: 'command', id: randomUUID(), command: { name: 'lock', message: 'Eyes on me', durationMinutes: 10 } },
  { type: 'command', id: randomUUID(), command: { name: 'unlock' } },
  { type: 'command', id: randomUUID(), command: { name: 'message', text: 'Five minutes left' } },
  { type: 'command', id: randomUUID(), command: { name: 'open-url', url: 'https://www.bbc.co.uk/bitesize' } },
  { type: 'command', id: randomUUID(), command: { name: 'start-thumbnails', size: 'small', intervalMs: 1000 } },
  { type: 'command', id: randomUUID(), command: { name: 'stop-thumbnails', size: 'large' } },
  { type: 'policy-push', version: 3, document: { idleLockMinutes: 10 } },
  {
    type: 'policy-push',
    version: 3,
    revision: '0123456789abcdef',
    document: { idleLockMinutes: 10 },
    libraries: [
      { id: 'lookout-default', digest: digest(1) },
      { id: 'school', digest: digest(2), library: { id: 'school', name: 'School', categories: [], phrases: [] } },
    ],
  },
  { type: 'error', code: 'malformed', message: 'invalid message' },
];

const staffMessages: StaffLiveMessage[] = [
  {
    type: 'device-snapshot',
    of: { kind: 'list', page: 0, pageSize: 50, filter: { text: 'ict' } },
    total: 1,
    offset: 0,
    devices: [device],
    last: true,
  },
  { type: 'device-snapshot', of: { kind: 'room', roomId: deviceId }, total: 0, offset: 0, devices: [], last: true },
  { type: 'subscription-applied', request: { type: 'subscribe-devices', page: 0, pageSize: 100 } },
  { type: 'device-updated', device },
  { type: 'device-event', event: { ...windowEvent(3), receivedAt: '2026-11-23T09:00:01.000Z' } },
];

const staffClientMessages: StaffClientMessage[] = [
  { type: 'watch-room', roomId: randomUUID() },
  { type: 'unwatch-room', roomId: randomUUID() },
  { type: 'watch-device', deviceId },
  { type: 'unwatch-device', deviceId },
  { type: 'watch-device', deviceId, screen: false },
  { type: 'subscribe-devices', page: 2, pageSize: 100 },
  { type: 'subscribe-devices', page: 0, pageSize: 50, filter: { text: 'ICT-' } },
  { type: 'unsubscribe-devices' },
  { type: 'subscribe-alerts' },
  { type: 'unsubscribe-alerts' },
];

describe('protocol messages round-trip through JSON and their schema', () => {
  it.each(agentMessages.map((m, i) => [`${m.type} #${i}`, m] as const))('agent → server %s', (_name, message) => {
    const parsed = parseMessage(AgentToServerMessage, JSON.stringify(message));
    expect(parsed).toEqual({ ok: true, value: message });
  });

  it.each(serverMessages.map((m) => [m.type === 'command' ? `command ${m.command.name}` : m.type, m] as const))(
    'server → agent %s',
    (_name, message) => {
      expect(parseMessage(ServerToAgentMessage, JSON.stringify(message))).toEqual({ ok: true, value: message });
    },
  );

  it.each(staffMessages.map((m) => [m.type, m] as const))('server → staff %s', (_name, message) => {
    expect(parseMessage(StaffLiveMessage, JSON.stringify(message))).toEqual({ ok: true, value: message });
  });

  it.each(staffClientMessages.map((m) => [m.type, m] as const))('staff → server %s', (_name, message) => {
    expect(parseMessage(StaffClientMessage, JSON.stringify(message))).toEqual({ ok: true, value: message });
  });
});

describe('malformed frames are rejected with a reason', () => {
  const reject = (raw: string) => {
    const parsed = parseMessage(AgentToServerMessage, raw);
    expect(parsed.ok).toBe(false);
    return parsed.ok ? '' : `${parsed.code}: ${parsed.message}`;
  };

  it('refuses text that is not JSON', () => {
    expect(reject('{"type": "hello",')).toMatch(/^malformed: not JSON/);
  });

  it('refuses JSON that is not an object', () => {
    expect(reject('[1,2,3]')).toMatch(/must be a JSON object/);
    expect(reject('"hello"')).toMatch(/must be a JSON object/);
    expect(reject('null')).toMatch(/must be a JSON object/);
  });

  it('refuses an unknown message type', () => {
    expect(reject(JSON.stringify({ type: 'format-disk' }))).toMatch(/malformed: invalid message: type/);
  });

  it('refuses an unknown event type inside a batch', () => {
    const batch = { type: 'event-batch', events: [{ ...windowEvent(1), type: 'keystrokes', payload: {} }] };
    expect(reject(JSON.stringify(batch))).toMatch(/events\.0\.type/);
  });

  it('names the field that is wrong', () => {
    const batch = { type: 'event-batch', events: [{ ...windowEvent(1), seq: 0 }] };
    expect(reject(JSON.stringify(batch))).toMatch(/events\.0\.seq/);
    expect(reject(JSON.stringify({ ...agentMessages[0], deviceId: 'not-a-uuid' }))).toMatch(/deviceId/);
  });

  it('refuses an empty batch and one larger than the batch limit', () => {
    expect(reject(JSON.stringify({ type: 'event-batch', events: [] }))).toMatch(/events/);
    const tooMany = Array.from({ length: MAX_BATCH_EVENTS + 1 }, (_, i) => windowEvent(i + 1));
    expect(reject(JSON.stringify({ type: 'event-batch', events: tooMany }))).toMatch(/events/);
  });

  it('refuses an oversized frame before parsing it', () => {
    const huge = JSON.stringify({ type: 'heartbeat', padding: 'x'.repeat(MAX_FRAME_BYTES) });
    expect(reject(huge)).toMatch(/^too-large: frame of \d+ bytes exceeds/);
    const asBytes = parseMessage(AgentToServerMessage, new TextEncoder().encode(huge));
    expect(asBytes.ok || asBytes.code).toBe('too-large');
  });

  it('refuses a thumbnail that is not a size the console asked for, and a lock reason it does not know', () => {
    const thumb = {
      type: 'thumbnail',
      size: 'huge',
      jpeg: 'abcd',
      width: 1,
      height: 1,
      capturedAt: '2026-11-23T09:00:00.000Z',
    };
    expect(reject(JSON.stringify(thumb))).toMatch(/size/);
    const batch = {
      type: 'event-batch',
      events: [{ ...windowEvent(1), type: 'lock-changed', payload: { locked: false, reason: 'pupil-pressed-escape' } }],
    };
    expect(reject(JSON.stringify(batch))).toMatch(/events\.0\.payload\.reason/);
  });

  it('refuses a staff watch of a room that is not an id', () => {
    expect(parseMessage(StaffClientMessage, JSON.stringify({ type: 'watch-room', roomId: '../../etc' })).ok).toBe(
      false,
    );
  });

  it('refuses a device list page beyond the largest size, a negative page, and a snapshot frame past its limit', () => {
    const subscribe = (page: number, pageSize: number) =>
      parseMessage(StaffClientMessage, JSON.stringify({ type: 'subscribe-devices', page, pageSize }));
    expect(subscribe(0, MAX_DEVICE_PAGE_SIZE).ok).toBe(true);
    expect(subscribe(0, MAX_DEVICE_PAGE_SIZE + 1).ok).toBe(false);
    expect(subscribe(-1, 50).ok).toBe(false);
    const frame = {
      type: 'device-snapshot',
      of: { kind: 'list', page: 0, pageSize: 1000 },
      total: SNAPSHOT_FRAME_DEVICES + 1,
      offset: 0,
      devices: Array.from({ length: SNAPSHOT_FRAME_DEVICES + 1 }, () => device),
      last: true,
    };
    expect(parseMessage(StaffLiveMessage, JSON.stringify(frame)).ok).toBe(false);
  });

  it('refuses a command with a URL that is not http(s)', () => {
    const bad = { type: 'command', id: randomUUID(), command: { name: 'open-url', url: 'file:///etc/passwd' } };
    expect(parseMessage(ServerToAgentMessage, JSON.stringify(bad)).ok).toBe(false);
  });

  it("takes a check's test addresses as http(s) only, and its findings back on the command's result", () => {
    const check = (url: string) => ({
      type: 'command',
      id: randomUUID(),
      command: { name: 'run-check', checkId: randomUUID(), addresses: [{ category: 'adult', url }], phrase: true },
    });
    expect(parseMessage(ServerToAgentMessage, JSON.stringify(check('https://console.school/check/adult'))).ok).toBe(
      true,
    );
    expect(parseMessage(ServerToAgentMessage, JSON.stringify(check('file:///etc/passwd'))).ok).toBe(false);
    const result = {
      type: 'command-result',
      commandId: randomUUID(),
      status: 'ok',
      check: { addresses: [{ category: 'adult', blocked: true, reason: 'category' }], phraseFed: true },
    };
    const parsed = parseMessage(AgentToServerMessage, JSON.stringify(result));
    expect(parsed.ok && parsed.value).toMatchObject({ check: { addresses: [{ blocked: true }] } });
  });
});

describe('policies by reference (protocol 3)', () => {
  const hello = { type: 'hello', protocolVersion: 3, deviceId, credential: 'c'.repeat(43), agentVersion: '0.3.0' };
  const refused = (schema: typeof AgentToServerMessage | typeof ServerToAgentMessage, message: unknown) =>
    parseMessage(schema, JSON.stringify(message)).ok === false;

  it('is the version this build speaks', () => {
    expect(PROTOCOL_VERSION).toBe(POLICY_BY_REFERENCE_PROTOCOL_VERSION);
  });

  it('takes a hello listing what the agent holds, bounded, and refuses digests that are not SHA-256 hex', () => {
    const digests = Array.from({ length: MAX_HELLO_LIBRARY_DIGESTS }, (_, i) => digest(i));
    const full = { ...hello, policyRevision: 'a'.repeat(16), libraryDigests: digests };
    expect(refused(AgentToServerMessage, full)).toBe(false);
    // The longest hello fits the console's 4 KiB pre-hello frame limit.
    expect(JSON.stringify({ ...full, credential: 'c'.repeat(256), agentVersion: 'v'.repeat(64) }).length).toBeLessThan(
      4096,
    );
    expect(refused(AgentToServerMessage, { ...hello, libraryDigests: [...digests, digest(99)] })).toBe(true);
    expect(refused(AgentToServerMessage, { ...hello, libraryDigests: ['ABC'] })).toBe(true);
    expect(
      refused(AgentToServerMessage, { ...hello, libraryDigests: [digest(1).toUpperCase().replace(/0/g, 'F')] }),
    ).toBe(true);
    expect(refused(AgentToServerMessage, { ...hello, policyRevision: '' })).toBe(true);
    expect(refused(AgentToServerMessage, { ...hello, policyRevision: 'r'.repeat(129) })).toBe(true);
  });

  it('refuses a resync naming nothing or something that is not a digest', () => {
    expect(refused(AgentToServerMessage, { type: 'policy-resync', missing: [] })).toBe(true);
    expect(refused(AgentToServerMessage, { type: 'policy-resync', missing: ['../../etc/passwd'] })).toBe(true);
  });

  it('refuses a push whose library entries are malformed', () => {
    const push = { type: 'policy-push', version: 1, revision: 'r', document: {} };
    expect(refused(ServerToAgentMessage, { ...push, libraries: [{ id: 'x', digest: 'nope' }] })).toBe(true);
    expect(refused(ServerToAgentMessage, { ...push, libraries: [{ id: '', digest: digest(1) }] })).toBe(true);
    expect(refused(ServerToAgentMessage, { ...push, libraries: [{ id: 'x', digest: digest(1), library: [] }] })).toBe(
      true,
    );
  });
});

describe('protocol version negotiation', () => {
  it('accepts the current version and refuses an agent older than the minimum', () => {
    expect(negotiateProtocolVersion(PROTOCOL_VERSION)).toBe(PROTOCOL_VERSION);
    expect(negotiateProtocolVersion(PROTOCOL_VERSION + 1)).toBe(PROTOCOL_VERSION);
    expect(negotiateProtocolVersion(0)).toBeNull();
  });
});

describe('keyword-matched payloads and their explanation', () => {
  const base = {
    category: 'suicide',
    severity: 5,
    phrase: 'kill myself',
    matched: 'kill myself',
    context: 'i want to kill myself',
    source: 'typed',
    app: 'chromium',
    title: 'Chat',
    url: null,
    evidenceIds: [],
  };

  it('accepts a payload without one (agents before the phrase language) and with one', () => {
    expect(KeywordMatchedPayload.safeParse(base).success).toBe(true);
    const explanation = {
      rule: 'kill~ myself',
      form: 'killing myself',
      slots: [{ slot: 'kill~', filled: 'killin' }],
      exceptionsNotApplied: [],
    };
    expect(KeywordMatchedPayload.parse({ ...base, explanation }).explanation).toEqual(explanation);
  });

  it('refuses a malformed or oversized one', () => {
    const slots = Array.from({ length: 21 }, () => ({ slot: 'a', filled: 'b' }));
    expect(
      KeywordMatchedPayload.safeParse({
        ...base,
        explanation: { rule: 'x', form: 'x', slots, exceptionsNotApplied: [] },
      }).success,
    ).toBe(false);
    expect(KeywordMatchedPayload.safeParse({ ...base, explanation: { rule: 'x' } }).success).toBe(false);
  });
});
