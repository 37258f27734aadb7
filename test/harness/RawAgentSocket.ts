import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { EnrolResponse, PROTOCOL_VERSION, ServerToAgentMessage, parseMessage, type AgentEvent } from '@lookout/shared';
import { waitFor } from './waitFor.js';

/** Speaks the agent protocol frame by frame, so tests can send what a real agent never would. */
export class RawAgentSocket {
  readonly received: ServerToAgentMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly bytes = new WeakMap<ServerToAgentMessage, number>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const text = data.toString();
      const parsed = parseMessage(ServerToAgentMessage, text);
      if (!parsed.ok) return;
      this.bytes.set(parsed.value, Buffer.byteLength(text));
      this.received.push(parsed.value);
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    socket.on('error', () => undefined);
  }

  static async connect(serverUrl: string): Promise<RawAgentSocket> {
    const socket = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}/agent`);
    const raw = new RawAgentSocket(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return raw;
  }

  /** Enrols a device through the real API, as the agent does. */
  static async enrol(serverUrl: string, token: string, hostname = 'TEST-PC'): Promise<EnrolResponse> {
    const response = await fetch(`${serverUrl}/api/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, hostname, os: { platform: 'linux', release: 'test', arch: 'x64' } }),
    });
    if (response.status !== 201) throw new Error(`enrol: ${response.status} ${await response.text()}`);
    return EnrolResponse.parse(await response.json());
  }

  /** How many bytes the frame a received message came in had. */
  sizeOf(message: ServerToAgentMessage): number {
    return this.bytes.get(message) ?? 0;
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** A binary frame (a media frame, or whatever a test wants to try). */
  sendBinary(bytes: Uint8Array): void {
    this.socket.send(bytes, { binary: true });
  }

  hello(deviceId: string, credential: string, protocolVersion = PROTOCOL_VERSION): void {
    this.send({ type: 'hello', protocolVersion, deviceId, credential, agentVersion: 'test' });
  }

  next<T extends ServerToAgentMessage['type']>(
    type: T,
    timeoutMs = 5000,
  ): Promise<Extract<ServerToAgentMessage, { type: T }>> {
    return waitFor(
      `a ${type} frame`,
      () => this.received.find((m): m is Extract<ServerToAgentMessage, { type: T }> => m.type === type),
      { timeoutMs },
    );
  }

  async authenticate(deviceId: string, credential: string, protocolVersion = PROTOCOL_VERSION) {
    this.hello(deviceId, credential, protocolVersion);
    return this.next('welcome');
  }

  close(): void {
    this.socket.close();
  }
}

export function windowEvent(deviceId: string, seq: number, title = `Window ${seq}`): AgentEvent {
  return {
    id: randomUUID(),
    deviceId,
    seq,
    ts: new Date().toISOString(),
    user: 'pupil',
    type: 'window-changed',
    payload: { app: 'test', title, pid: 1 },
  };
}

/** A keyword alert as an agent sends it, listing the screenshots that will follow. */
export function keywordAlertEvent(
  deviceId: string,
  seq: number,
  options: {
    category?: string;
    severity?: number;
    phrase?: string;
    matched?: string;
    context?: string;
    user?: string;
    ts?: string;
    evidenceIds?: string[];
  } = {},
): Extract<AgentEvent, { type: 'keyword-matched' }> {
  const phrase = options.phrase ?? 'nobody likes you';
  return {
    id: randomUUID(),
    deviceId,
    seq,
    ts: options.ts ?? new Date().toISOString(),
    user: options.user ?? 'pupil',
    type: 'keyword-matched',
    payload: {
      category: options.category ?? 'bullying',
      severity: options.severity ?? 3,
      phrase,
      matched: options.matched ?? phrase,
      context: options.context ?? `they wrote ${phrase} in the chat`,
      source: 'typed',
      app: 'chat',
      title: 'Chat',
      url: null,
      evidenceIds: options.evidenceIds ?? [],
    },
  };
}

/** A JPEG as far as the console checks (SOI, a comment segment holding `marker`, EOI). */
export function markedJpeg(marker: string, padTo = 0): Buffer {
  const text = Buffer.from(marker.padEnd(Math.max(marker.length, padTo - 8), '.'));
  const segments: Buffer[] = [Buffer.from([0xff, 0xd8])];
  // A comment segment holds at most 65,533 bytes: large screenshots are several.
  for (let at = 0; at < text.length; at += 65_000) {
    const part = text.subarray(at, at + 65_000);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(part.length + 2);
    segments.push(Buffer.from([0xff, 0xfe]), length, part);
  }
  segments.push(Buffer.from([0xff, 0xd9]));
  return Buffer.concat(segments);
}
