import {
  BINARY_MEDIA_PROTOCOL_VERSION,
  MAX_HELLO_LIBRARY_DIGESTS,
  POLICY_BY_REFERENCE_PROTOCOL_VERSION,
  HOLD_MAX_MS,
  PROTOCOL_VERSION,
  ServerToAgentMessage,
  encodeMediaFrame,
  parseMessage,
  type EvidenceFrame,
  type AgentToServerMessage,
  type HeartbeatMessage,
  type ServerToAgentMessage as ServerMessage,
} from '@lookout/shared';
import type { AgentEvent, Command, ConcernReportMessage, PolicyPushMessage, ThumbnailFrame } from '@lookout/shared';
import type { OutboxEvent } from './OutboxStore.js';
import type { CommandOutcome } from './CommandHandler.js';
import type { OutboxStore } from './OutboxStore.js';
import {
  handshakeTimeoutDelay,
  reconnectDelay,
  refusedRetryDelay,
  retryAfterDelay,
  type BackoffSettings,
} from './reconnectDelay.js';
import type { Timers } from './Timers.js';

/** One open connection to the console, whatever carries it (ws in production). */
export interface UplinkConnection {
  /** Text frames carry JSON messages; binary ones, media frames. */
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
}

/** Why a connection never opened, when the console's host answered (the transport says what it saw). */
export interface ConnectFailure {
  /** The console answered the upgrade 503 with this `Retry-After` header, as received (see retryAfterDelay). */
  retryAfter?: string;
  /** The opening handshake timed out: the host took the connection, the console did not answer in time. */
  handshakeTimedOut?: boolean;
}

export interface UplinkHandlers {
  onOpen(): void;
  onMessage(text: string): void;
  /** `refused`: the connection never opened because nothing listened (TCP refused; see refusedRetryDelay). */
  onClose(code: number, reason: string, refused?: boolean, failure?: ConnectFailure): void;
}

export interface UplinkTransport {
  connect(handlers: UplinkHandlers): UplinkConnection;
}

export interface UplinkCredentials {
  deviceId: string;
  credential: string;
}

export interface UplinkOptions {
  agentVersion: string;
  batchSize: number;
  backoff: BackoffSettings;
  /** With no ack by then, the connection is presumed dead and replaced. */
  ackTimeoutMs: number;
}

export type UplinkState = 'stopped' | 'connecting' | 'authenticating' | 'ready' | 'waiting-to-reconnect';

export interface UplinkLog {
  info(message: string): void;
  warn(message: string): void;
}

/** Why the console did not store a screenshot, and whether sending it again later may help. */
export interface EvidenceRefusal {
  reason: string;
  retry: boolean;
}

/** A screenshot taken as evidence, on its way to the console (as a media frame, or base64 to an older console). */
export type EvidenceUpload = Omit<EvidenceFrame, 'kind'>;
/** A live screen image, on its way like evidence. */
export type ThumbnailUpload = Omit<ThumbnailFrame, 'kind'>;

const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** What the PC runs and holds, said in hello (protocol 3) so the console sends only what it lacks. */
export interface HeldPolicy {
  /** The revision of the policy in force (enforced and cached), if any. */
  revision?: string;
  /** Keyword libraries in the policy cache, by digest, most useful first (only the first few are sent). */
  libraryDigests: readonly string[];
}

/** Close codes after which retrying with the same credential cannot succeed (mirrors the gateway's). */
const REFUSED_CREDENTIAL_CODES = new Set([4401, 4403]);

/**
 * Delivers the outbox to the console, oldest first, one batch in flight at a time; deletes events only when
 * the console acknowledges them (it acks after committing); reconnects with jittered backoff.
 */
export class Uplink {
  private state: UplinkState = 'stopped';
  private connection: UplinkConnection | undefined;
  private attempt = 0;
  private inFlightThrough: number | undefined;
  private reconnectTimer: unknown;
  private heartbeatTimer: unknown;
  private ackTimer: unknown;
  private heartbeatIntervalMs = 30_000;
  /** What the console answered in its welcome: from BINARY_MEDIA_PROTOCOL_VERSION on, media goes binary. */
  private protocolVersion = 1;
  private pumping = false;
  /** The console asked us to hold our next batch (protocol 3) until its send-more, or until this timer fires. */
  private held = false;
  private holdTimer: unknown;
  /** Connections refused in a row since the last working one (undefined: none has worked since start). */
  private refusedInARow: number | undefined;
  private readonly listeners = new Set<(state: UplinkState) => void>();
  private commandHandler: ((id: string, command: Command) => Promise<CommandOutcome>) | undefined;
  private evidenceAckHandler: ((id: string, refused?: EvidenceRefusal) => void) | undefined;
  private policyHandler: ((policy: Omit<PolicyPushMessage, 'type'>) => void) | undefined;
  private concernAckHandler: ((id: string) => void) | undefined;
  private heldPolicy: (() => HeldPolicy) | undefined;

  constructor(
    private readonly transport: UplinkTransport,
    private readonly outbox: OutboxStore,
    private readonly credentials: UplinkCredentials,
    private readonly heartbeat: () => Promise<Omit<HeartbeatMessage, 'type'>>,
    private readonly timers: Timers,
    private readonly random: () => number,
    private readonly log: UplinkLog,
    private readonly options: UplinkOptions,
  ) {}

  get currentState(): UplinkState {
    return this.state;
  }

  onStateChange(listener: (state: UplinkState) => void): void {
    this.listeners.add(listener);
  }

  handleCommandsWith(handler: (id: string, command: Command) => Promise<CommandOutcome>): void {
    this.commandHandler = handler;
  }

  onEvidenceAck(handler: (id: string, refused?: EvidenceRefusal) => void): void {
    this.evidenceAckHandler = handler;
  }

  onConcernAck(handler: (id: string) => void): void {
    this.concernAckHandler = handler;
  }

  /** Whether the report went out now (it stays queued until concern-ack either way). */
  sendConcern(report: ConcernReportMessage): boolean {
    if (this.state !== 'ready') return false;
    this.send(report);
    return true;
  }

  onPolicy(handler: (policy: Omit<PolicyPushMessage, 'type'>) => void): void {
    this.policyHandler = handler;
  }

  /** What hello says this PC runs and holds (without it, nothing: the console pushes the whole policy). */
  describeHeldPolicyWith(held: () => HeldPolicy): void {
    this.heldPolicy = held;
  }

  /**
   * A push named libraries the policy cache does not have (lost or damaged): ask for the policy again with
   * them inline. Whether it was asked; if not (offline, or a console that never names libraries), the next
   * hello's list, which lacks them, gets the same.
   */
  requestPolicyResync(missing: readonly string[]): boolean {
    if (this.state !== 'ready' || this.protocolVersion < POLICY_BY_REFERENCE_PROTOCOL_VERSION) return false;
    if (missing.length === 0) return false;
    this.send({ type: 'policy-resync', missing: [...missing] });
    return true;
  }

  /**
   * An alert, sent now, ahead of whatever waits in the outbox. It stays in the outbox too, so it is delivered
   * in order with the rest even if this copy is lost; the console stores it once.
   */
  sendPriority(event: OutboxEvent): void {
    if (this.state === 'ready') {
      this.send({ type: 'priority-event', event: { ...event, deviceId: this.credentials.deviceId } as AgentEvent });
    }
  }

  /** Whether the frame went out (the caller keeps the evidence until it is acknowledged either way). */
  sendEvidence(evidence: EvidenceUpload): boolean {
    if (this.state !== 'ready') return false;
    return this.sendMedia({ kind: 'evidence', ...evidence });
  }

  /** Thumbnails are live only: sent when connected, dropped otherwise (never queued). */
  sendThumbnail(thumbnail: ThumbnailUpload): void {
    if (this.state === 'ready') this.sendMedia({ kind: 'thumbnail', ...thumbnail });
  }

  /** A media frame to a console that reads them, base64 in JSON to one that does not; false if it cannot be. */
  private sendMedia(frame: EvidenceFrame | ThumbnailFrame): boolean {
    try {
      if (this.speaksBinaryMedia()) this.connection?.send(encodeMediaFrame(frame));
      else if (frame.kind === 'evidence') {
        const { kind: _kind, jpeg, ...fields } = frame;
        this.send({ type: 'evidence', ...fields, jpeg: base64(jpeg) });
      } else {
        const { kind: _kind, jpeg, ...fields } = frame;
        this.send({ type: 'thumbnail', ...fields, jpeg: base64(jpeg) });
      }
      return true;
    } catch (err) {
      // Too large or otherwise unsendable: the console would refuse it anyway.
      this.log.warn(`${frame.kind} not sent: ${(err as Error).message}`);
      return false;
    }
  }

  /** An older console reads base64 in JSON only; it answers our hello with the version it speaks. */
  private speaksBinaryMedia(): boolean {
    return this.protocolVersion >= BINARY_MEDIA_PROTOCOL_VERSION;
  }

  start(): void {
    if (this.state !== 'stopped') return;
    this.connect();
  }

  stop(): void {
    this.setState('stopped');
    this.clearTimers();
    this.timers.clearTimeout(this.reconnectTimer);
    this.connection?.close(1000, 'agent stopping');
    this.connection = undefined;
  }

  /** New events are in the outbox: send them if the line is free. */
  notify(): void {
    void this.pump();
  }

  private setState(state: UplinkState): void {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }

  private connect(): void {
    this.setState('connecting');
    const connection = this.transport.connect({
      onOpen: () => {
        if (this.connection !== connection) return;
        this.protocolVersion = 1;
        this.setState('authenticating');
        void this.sendHello(connection);
      },
      onMessage: (text) => {
        if (this.connection === connection) void this.onMessage(text);
      },
      onClose: (code, reason, refused, failure) => {
        if (this.connection === connection) this.onClose(code, reason, refused === true, failure);
      },
    });
    this.connection = connection;
  }

  private heldPolicyForHello(): { policyRevision?: string; libraryDigests?: string[] } {
    if (!this.heldPolicy) return {};
    try {
      const held = this.heldPolicy();
      return {
        ...(held.revision ? { policyRevision: held.revision } : {}),
        libraryDigests: held.libraryDigests.slice(0, MAX_HELLO_LIBRARY_DIGESTS),
      };
    } catch (err) {
      // Saying nothing costs a whole push, never a connection.
      this.log.warn(`policy cache not described in hello: ${(err as Error).message}`);
      return {};
    }
  }

  /** The hello says how much waits in the outbox, so that the console can pace the replay (protocol 3). */
  private async sendHello(connection: UplinkConnection): Promise<void> {
    let backlog: { backlog: number; lastSeq: number } | undefined;
    try {
      backlog = { backlog: await this.outbox.count(), lastSeq: await this.outbox.lastSeq() };
    } catch (err) {
      this.log.warn(`outbox not counted: ${(err as Error).message}`);
    }
    if (this.connection !== connection) return;
    this.send({
      type: 'hello',
      protocolVersion: PROTOCOL_VERSION,
      deviceId: this.credentials.deviceId,
      credential: this.credentials.credential,
      agentVersion: this.options.agentVersion,
      ...backlog,
      ...this.heldPolicyForHello(),
    });
  }

  /** Holds the next batch until send-more, or `holdMs` at most (never trusting a console to remember us). */
  private hold(holdMs: number | undefined): void {
    this.timers.clearTimeout(this.holdTimer);
    if (!holdMs) {
      this.held = false;
      return;
    }
    this.held = true;
    this.holdTimer = this.timers.setTimeout(() => this.sendMore(), Math.min(holdMs, HOLD_MAX_MS));
  }

  private sendMore(): void {
    this.timers.clearTimeout(this.holdTimer);
    this.held = false;
    void this.pump();
  }

  private async onMessage(text: string): Promise<void> {
    const parsed = parseMessage(ServerToAgentMessage, text);
    if (!parsed.ok) {
      this.log.warn(`ignoring a message from the console: ${parsed.message}`);
      return;
    }
    const message: ServerMessage = parsed.value;
    switch (message.type) {
      case 'welcome':
        this.attempt = 0;
        this.refusedInARow = 0;
        this.hold(message.holdMs);
        this.heartbeatIntervalMs = message.heartbeatIntervalMs;
        // Never above what we offered, whatever a confused console says.
        this.protocolVersion = Math.min(message.protocolVersion, PROTOCOL_VERSION);
        // Events the console committed before a lost ack need not be sent again.
        if (message.lastStoredSeq > 0) await this.outbox.deleteThrough(message.lastStoredSeq);
        this.setState('ready');
        this.log.info(
          `connected to the console (protocol ${message.protocolVersion})` +
            (message.holdMs ? '; it is busy: the backlog waits for its turn (send-more)' : ''),
        );
        void this.sendHeartbeat();
        void this.pump();
        return;
      case 'ack':
        if (this.inFlightThrough !== undefined && message.throughSeq >= this.inFlightThrough) {
          this.timers.clearTimeout(this.ackTimer);
          this.hold(message.holdMs);
          await this.outbox.deleteThrough(message.throughSeq);
          this.inFlightThrough = undefined;
          void this.pump();
        }
        return;
      case 'error':
        this.log.warn(`the console refused a message: ${message.code}: ${message.message}`);
        return;
      case 'command': {
        const outcome = this.commandHandler
          ? await this.commandHandler(message.id, message.command)
          : { status: 'unsupported' as const, detail: 'this agent takes no commands' };
        this.send({ type: 'command-result', commandId: message.id, ...outcome });
        return;
      }
      case 'policy-push':
        this.policyHandler?.({
          version: message.version,
          document: message.document,
          ...(message.revision ? { revision: message.revision } : {}),
          ...(message.libraries ? { libraries: message.libraries } : {}),
        });
        return;
      case 'evidence-ack':
        this.evidenceAckHandler?.(message.id, message.refused);
        return;
      case 'concern-ack':
        this.concernAckHandler?.(message.id);
        return;
      case 'send-more':
        this.sendMore();
        return;
    }
  }

  private async pump(): Promise<void> {
    if (this.state !== 'ready' || this.inFlightThrough !== undefined || this.pumping || this.held) return;
    this.pumping = true;
    try {
      const batch = await this.outbox.peek(this.options.batchSize);
      if (batch.length === 0 || this.state !== 'ready' || this.inFlightThrough !== undefined || this.held) return;
      this.inFlightThrough = batch[batch.length - 1]!.seq;
      const deviceId = this.credentials.deviceId;
      this.send({ type: 'event-batch', events: batch.map((e) => ({ ...e, deviceId })) } as AgentToServerMessage);
      this.ackTimer = this.timers.setTimeout(() => {
        this.log.warn('no ack from the console in time; reconnecting');
        this.connection?.close(4000, 'ack timeout');
      }, this.options.ackTimeoutMs);
    } finally {
      this.pumping = false;
    }
  }

  /** A heartbeat now (who is logged in changed): the console's view never lags a log-in or log-out. */
  heartbeatNow(): void {
    void this.sendHeartbeat();
  }

  private async sendHeartbeat(): Promise<void> {
    if (this.state !== 'ready') return;
    try {
      this.send({ type: 'heartbeat', ...(await this.heartbeat()) });
    } catch (err) {
      this.log.warn(`heartbeat not sent: ${(err as Error).message}`);
    }
    this.timers.clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = this.timers.setTimeout(() => void this.sendHeartbeat(), this.heartbeatIntervalMs);
  }

  private onClose(code: number, reason: string, refused: boolean, failure?: ConnectFailure): void {
    const wasReady = this.state === 'ready';
    this.connection = undefined;
    this.clearTimers();
    this.inFlightThrough = undefined;
    this.held = false;
    if (this.state === 'stopped') return;
    if (REFUSED_CREDENTIAL_CODES.has(code)) {
      this.log.warn(
        `the console refused this device (${code}: ${reason}); events are kept. ` +
          'If it was revoked, enrol it again with --enrol-token-file FILE.',
      );
      // Keep trying, slowly: a technician may restore the device, and nothing is lost meanwhile.
      this.attempt = Math.max(this.attempt, 30);
    }
    // Refusals count from the end of a working connection; an attempt that reached the console and failed ends
    // the run of quick retries until a connection works again.
    if (this.refusedInARow !== undefined && !wasReady) {
      this.refusedInARow = refused ? this.refusedInARow + 1 : Infinity;
    }
    const fast =
      refused && this.refusedInARow !== undefined
        ? refusedRetryDelay(this.refusedInARow, this.options.backoff, this.random)
        : undefined;
    // A busy console said when to come back (503 + Retry-After, within our cap); one that took the connection but
    // did not answer in time is not hammered (nor is our place in its queue given up at once for one at the back).
    const told = retryAfterDelay(failure?.retryAfter, this.random);
    const delay =
      fast ??
      told ??
      (failure?.handshakeTimedOut
        ? handshakeTimeoutDelay(this.options.backoff, this.random)
        : reconnectDelay(this.attempt, this.options.backoff, this.random));
    if (told !== undefined) this.log.info(`the console is busy: coming back in ${Math.round(told / 1000)} s`);
    this.attempt++;
    this.setState('waiting-to-reconnect');
    this.reconnectTimer = this.timers.setTimeout(() => this.connect(), delay);
  }

  private clearTimers(): void {
    this.timers.clearTimeout(this.heartbeatTimer);
    this.timers.clearTimeout(this.ackTimer);
    this.timers.clearTimeout(this.holdTimer);
  }

  private send(message: AgentToServerMessage): void {
    this.connection?.send(JSON.stringify(message));
  }
}
