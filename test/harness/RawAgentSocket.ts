import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { EnrolResponse, PROTOCOL_VERSION, ServerToAgentMessage, parseMessage, type AgentEvent } from '@lookout/shared';
import { waitFor } from './waitFor.js';

/** Speaks the agent protocol frame by frame, so tests can send what a real agent never would. */
export class RawAgentSocket {
  readonly received: ServerToAgentMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const parsed = parseMessage(ServerToAgentMessage, data.toString());
      if (parsed.ok) this.received.push(parsed.value);
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

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  hello(deviceId: string, credential: string): void {
    this.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, deviceId, credential, agentVersion: 'test' });
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

  async authenticate(deviceId: string, credential: string): Promise<void> {
    this.hello(deviceId, credential);
    await this.next('welcome');
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
