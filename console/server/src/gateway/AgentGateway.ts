import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  AgentToServerMessage,
  BINARY_MEDIA_PROTOCOL_VERSION,
  MAX_FRAME_BYTES,
  MAX_THUMBNAIL_BYTES,
  decodeMediaFrame,
  PROTOCOL_VERSION,
  MIN_PROTOCOL_VERSION,
  PACED_REPLAY_PROTOCOL_VERSION,
  MAX_BATCH_EVENTS,
  negotiateProtocolVersion,
  parseMessage,
  POLICY_BY_REFERENCE_PROTOCOL_VERSION,
  type CheckFindings,
  type Command,
  type CommandResultMessage,
  type ConcernReportMessage,
  type EventBatchMessage,
  type EvidenceMessage,
  type PolicyResyncMessage,
  type PriorityEventMessage,
  type HelloMessage,
  type ProtocolErrorCode,
  type ServerToAgentMessage,
  type ThumbnailMessage,
} from '@lookout/shared';
import type { DeviceService } from '../services/DeviceService.js';
import type { DeviceStore } from '../store/DeviceStore.js';
import type { EventAppender } from '../store/EventStore.js';
import type { ConsoleBus } from '../services/ConsoleBus.js';
import type { Logger } from '../config/Logger.js';
import { setMaxFrameBytes } from './frameSizeLimit.js';
import { PolicyFrames, type DevicePolicy } from './PolicyFrames.js';

export type { DevicePolicy } from './PolicyFrames.js';
import { BacklogAdmission, type AdmissionDecision, type BacklogAdmissionOptions } from './BacklogAdmission.js';
import { HelloDeadlines } from './HelloDeadlines.js';
import type { AgentIntake } from './AgentIntake.js';

/** Largest frame before hello: a hello is a few hundred bytes, and nobody unauthenticated gets to send 1 MiB. */
export const MAX_PRE_HELLO_FRAME_BYTES = 4 * 1024;

/** Events that move a device's summary (its tile): the current window, the lock state, the policy it runs. */
const DEVICE_STATE_EVENTS = new Set(['window-changed', 'url-visited', 'lock-changed', 'policy-applied']);

/** Libraries a connection is remembered to hold; past this the set starts again (pushes then carry more inline). */
const MAX_HELD_LIBRARIES = 256;
/** Policy resyncs one connection may ask for: an agent whose cache lost libraries needs one. */
const MAX_POLICY_RESYNCS = 8;

/** Connections pinged per turn of the event loop. */
const LIVENESS_SLICE = 500;

/** Close codes an agent can act on: 44xx mirror HTTP, so "unauthorized" means "re-enrol", not "retry". */
export const AgentCloseCode = {
  malformedHello: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  replaced: 4409,
  unsupportedVersion: 4426,
  helloTimeout: 4408,
  /** More policy resyncs than one connection may ask: reconnect, and say in hello what the cache really holds. */
  tooManyPolicyResyncs: 4429,
} as const;

/** A websocket close reason is at most 123 bytes of UTF-8: cut whole characters, never half of one. */
export function closeReason(message: string): string {
  const bytes = Buffer.from(message);
  if (bytes.length <= 123) return message;
  let end = 123;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--; // back off UTF-8 continuation bytes
  return bytes.subarray(0, end).toString();
}

/** Where concerns go (the gateway only checks the message and who sent it). */
export interface ConcernSink {
  save(report: ConcernReportMessage, deviceId: string): Promise<boolean>;
}

/**
 * Where evidence goes: the gateway checks that it is a JPEG and says which device sent it; the sink decides
 * whether it may be stored (the sender's own alert, in time, within budget).
 */
export interface EvidenceSink {
  save(input: {
    id: string;
    alertId: string;
    deviceId: string;
    capturedAt: string;
    jpeg: Buffer;
  }): Promise<{ stored: true } | { stored: false; reason: string; retry: boolean }>;
}

export interface AgentGatewayOptions {
  heartbeatIntervalMs: number;
  /**
   * How long a new connection may take to send its hello (a few seconds: an agent sends it at once), in the
   * console's own time (HelloDeadlines: a loaded console's long turns do not count against the PC).
   */
  helloTimeoutMs: number;
  /** Replay pacing (protocol 3); defaults in DEFAULT_PACING. */
  pacing?: Partial<BacklogAdmissionOptions>;
  /**
   * Connections being taken in (the upgrade listener admits them): while any waits for its hello, backlog waits
   * (BacklogAdmission), and each welcome counts towards the intake rate its Retry-After figures come from.
   */
  intake?: AgentIntake;
}

/**
 * 20,000 events is one to two seconds of the store's work in large batches on our 2-core machine: acks come back
 * in seconds, far inside an agent's 30 s ack timeout, while the store always has the next batches to hand.
 */
export const DEFAULT_PACING: BacklogAdmissionOptions = {
  windowEvents: 20_000,
  holdMs: 60_000,
  busyHoldMs: 2_000,
  fullBatch: MAX_BATCH_EVENTS,
  grantTtlMs: 30_000,
};

export interface CommandReply {
  status: 'ok' | 'failed' | 'unsupported' | 'offline' | 'timeout';
  detail?: string;
  /** What a PC found when asked to run a check. */
  check?: CheckFindings;
}

interface PendingCommand {
  resolve(reply: CommandReply): void;
  timer: NodeJS.Timeout;
}

/** One connection's state: before hello it may say nothing else; after, it speaks for one device only. */
interface AgentConnection {
  socket: WebSocket;
  deviceId: string | null;
  /** Commands sent on this connection, by command id, awaiting the agent's result. */
  pending: Map<string, PendingCommand>;
  alive: boolean;
  /** Messages are handled one at a time, in order, so acks follow commits in sequence order. */
  queue: Promise<void>;
  /**
   * The revision of the policy last pushed on this connection, or (protocol 3) the one the agent said in hello
   * it runs: pushing it again would be noise.
   */
  policyRevision?: string;
  /** Protocol 3: keyword libraries the agent holds, by digest (from its hello, plus those pushed inline since). */
  heldLibraries: Set<string>;
  /** Resyncs asked for on this connection for the revision `resyncsFor`. */
  policyResyncs: number;
  resyncsFor?: string;
  /** Frees this connection's unauthenticated slot (at hello or at close, whichever comes first). */
  authenticated: () => void;
  /** Agreed at hello: from BINARY_MEDIA_PROTOCOL_VERSION on, screen images may come as binary media frames. */
  protocolVersion: number;
  /** Its socket closed: it is neither paced nor held any more. */
  closed: boolean;
  /** Frames received so far (before hello: whether the hello timer may close it). */
  framesReceived: number;
}

/** Evidence as the gateway hands it on, whichever way it came. */
type ReceivedEvidence = Pick<EvidenceMessage, 'id' | 'eventId' | 'capturedAt'> & { jpeg: Buffer };

const holdOf = (decision: AdmissionDecision | undefined) =>
  decision && decision.holdMs > 0 ? { holdMs: decision.holdMs } : {};

const isJpeg = (bytes: Uint8Array) => bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8;

export class AgentGateway {
  // Every connection starts at the pre-hello limit; a device's own limit is raised at its hello.
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PRE_HELLO_FRAME_BYTES });
  private readonly byDevice = new Map<string, AgentConnection>();
  private readonly livenessTimer: NodeJS.Timeout;
  private policy: ((deviceId: string) => DevicePolicy) | undefined;
  /** Each document's frames, serialised once however many PCs they go to (documents are shared objects). */
  private readonly policyFrames = new PolicyFrames();
  private policyPushes = 0;
  private policyBytes = 0;
  /** Documents too large to send, said once each. */
  private readonly oversizedPolicies = new WeakSet<DevicePolicy>();
  /** The rest of a liveness round, when it is spread over turns of the event loop. */
  private livenessRound: NodeJS.Immediate | undefined;
  /** How much backlog the store is given at once (agents of protocol 3 follow it; older ones are only counted). */
  private readonly admission: BacklogAdmission<AgentConnection>;
  /** Connections yet to say hello, and the one timer that closes those that stay silent. */
  private readonly helloDeadlines: HelloDeadlines<AgentConnection>;
  private helloTicker: NodeJS.Timeout | undefined;
  /** Takes back grants left unused (one timer for all connections). */
  private readonly grantTimer: NodeJS.Timeout;

  constructor(
    private readonly devices: DeviceService,
    private readonly deviceStore: DeviceStore,
    private readonly events: EventAppender,
    private readonly bus: ConsoleBus,
    private readonly log: Logger,
    private readonly options: AgentGatewayOptions,
    private readonly evidence: EvidenceSink,
    private readonly concerns: ConcernSink,
  ) {
    const pacing = { ...DEFAULT_PACING, ...options.pacing };
    const intake = options.intake;
    this.admission = new BacklogAdmission(
      pacing,
      () => performance.now(),
      () => (intake?.pending ?? 0) > 0,
    );
    // The last connection waiting for its hello is in (or gone): held backlogs may go on.
    intake?.onDrained(() => this.releaseHeld());
    this.helloDeadlines = new HelloDeadlines(options.helloTimeoutMs, HelloDeadlines.tickFor(options.helloTimeoutMs));
    // A grant is taken back between its time and a quarter of it later.
    this.grantTimer = setInterval(() => this.expireGrants(), Math.max(100, pacing.grantTtlMs / 4));
    this.grantTimer.unref();
    this.wss.on('connection', (socket: WebSocket, _request: IncomingMessage, authenticated: () => void) =>
      this.accept(socket, authenticated),
    );
    // A PC that lost power never sends a close frame: ping, and drop sockets that stop answering.
    this.livenessTimer = setInterval(() => this.checkLiveness(), options.heartbeatIntervalMs);
    this.livenessTimer.unref();
  }

  /** `authenticated` is called once the connection has said a valid hello, or has closed without one. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, authenticated: () => void = () => {}): void {
    this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws, request, authenticated));
  }

  isConnected(deviceId: string): boolean {
    return this.byDevice.has(deviceId);
  }

  /** Ends a device's connection, e.g. when it is revoked. */
  disconnect(deviceId: string, code: number, reason: string): void {
    this.byDevice.get(deviceId)?.socket.close(code, reason);
  }

  async close(): Promise<void> {
    clearInterval(this.livenessTimer);
    clearInterval(this.helloTicker);
    this.helloTicker = undefined;
    clearInterval(this.grantTimer);
    if (this.livenessRound) clearImmediate(this.livenessRound);
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(socket: WebSocket, authenticated: () => void): void {
    const conn: AgentConnection = {
      socket,
      deviceId: null,
      pending: new Map(),
      alive: true,
      queue: Promise.resolve(),
      authenticated,
      protocolVersion: 0,
      heldLibraries: new Set(),
      policyResyncs: 0,
      closed: false,
      framesReceived: 0,
    };
    this.awaitHello(conn);
    socket.on('pong', () => (conn.alive = true));
    socket.on('message', (data, isBinary) => {
      // Whatever it is, onMessage judges it: a first frame that is no hello is refused there.
      if (conn.framesReceived++ === 0) this.helloDeadlines.delete(conn);
      // A failure here must be logged, never left to reject unhandled (which would end the process).
      conn.queue = conn.queue
        .then(() => this.onMessage(conn, data, isBinary))
        .catch((err: Error) => this.log.error(`agent ${conn.deviceId ?? '?'}: ${err.stack ?? err.message}`));
    });
    socket.on('error', (err) => this.log.warn(`agent socket ${conn.deviceId ?? '(unauthenticated)'}: ${err.message}`));
    socket.on('close', () => {
      conn.closed = true;
      this.helloDeadlines.delete(conn);
      conn.authenticated();
      for (const [id, pending] of conn.pending) {
        clearTimeout(pending.timer);
        pending.resolve({ status: 'failed', detail: 'the device disconnected before answering' });
        conn.pending.delete(id);
      }
      if (conn.deviceId && this.byDevice.get(conn.deviceId) === conn) {
        this.byDevice.delete(conn.deviceId);
        this.devices.setConnected(conn.deviceId, false);
      }
      this.admission.closed(conn);
      this.releaseHeld();
    });
  }

  /** Closes the connection if it says nothing for the hello timeout of the console's own time (HelloDeadlines). */
  private awaitHello(conn: AgentConnection): void {
    this.helloDeadlines.add(conn, performance.now());
    this.helloTicker ??= setInterval(() => {
      for (const silent of this.helloDeadlines.tick(performance.now())) {
        // The loop may reach this timer before it has read a hello already waiting on the socket (timers run
        // before a turn's I/O): look once more after this turn's I/O before refusing.
        setImmediate(() => {
          if (silent.framesReceived > 0 || silent.deviceId) return;
          this.refuse(silent, 'unauthorized', 'no hello received in time', AgentCloseCode.helloTimeout);
        });
      }
      if (this.helloDeadlines.size === 0) {
        clearInterval(this.helloTicker);
        this.helloTicker = undefined;
      }
    }, this.helloDeadlines.tickMs);
    this.helloTicker.unref();
  }

  private async onMessage(conn: AgentConnection, data: RawData, isBinary: boolean) {
    if (conn.socket.readyState !== conn.socket.OPEN) return;
    const raw = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (isBinary && conn.deviceId) return await this.onMediaFrame(conn, conn.deviceId, raw);
    const parsed = isBinary
      ? ({ ok: false, code: 'malformed', message: 'the first frame must be a JSON hello' } as const)
      : parseMessage(AgentToServerMessage, raw);
    if (!parsed.ok) {
      if (!conn.deviceId) return this.refuse(conn, parsed.code, parsed.message, AgentCloseCode.malformedHello);
      return this.send(conn, { type: 'error', code: parsed.code, message: parsed.message });
    }
    const message = parsed.value;
    try {
      if (!conn.deviceId) {
        if (message.type !== 'hello') {
          return this.refuse(
            conn,
            'unauthorized',
            `expected hello first, got ${message.type}`,
            AgentCloseCode.unauthorized,
          );
        }
        return await this.onHello(conn, message);
      }
      switch (message.type) {
        case 'hello':
          return this.send(conn, { type: 'error', code: 'unexpected', message: 'already authenticated' });
        case 'heartbeat': {
          const before = await this.deviceStore.recordHeartbeat(conn.deviceId, message);
          this.bus.emit('device-changed', conn.deviceId);
          if (before?.hostname !== message.hostname) this.bus.emit('device-hostname-changed', conn.deviceId);
          if (before?.capabilities.browser?.available !== message.capabilities.browser?.available) {
            this.bus.emit('device-extension-changed', conn.deviceId);
          }
          // Only who is signed in is a policy input (their user groups); the rest of a heartbeat never is.
          if (before && before.user !== message.user) this.bus.emit('device-user-changed', conn.deviceId, message.user);
          return;
        }
        case 'thumbnail':
          return this.onJsonThumbnail(conn, conn.deviceId, message);
        case 'priority-event':
          return await this.onPriorityEvent(conn, conn.deviceId, message);
        case 'evidence':
          return await this.onEvidence(conn, conn.deviceId, { ...message, jpeg: Buffer.from(message.jpeg, 'base64') });
        case 'concern-report':
          if (await this.concerns.save(message, conn.deviceId)) this.bus.emit('alert-raised', message.id);
          return this.send(conn, { type: 'concern-ack', id: message.id });
        case 'event-batch':
          return await this.onEventBatch(conn, conn.deviceId, message);
        case 'command-result':
          return this.onCommandResult(conn, message);
        case 'policy-resync':
          return this.onPolicyResync(conn, message);
      }
    } catch (err) {
      this.log.error(`agent ${conn.deviceId ?? '?'}: ${(err as Error).stack ?? String(err)}`);
      this.send(conn, { type: 'error', code: 'internal', message: 'the server could not handle that message' });
    }
  }

  private async onHello(conn: AgentConnection, hello: HelloMessage): Promise<void> {
    const version = negotiateProtocolVersion(hello.protocolVersion);
    if (version === null) {
      return this.refuse(
        conn,
        'unsupported-version',
        `protocol ${hello.protocolVersion} is not supported (server speaks ${MIN_PROTOCOL_VERSION}–${PROTOCOL_VERSION})`,
        AgentCloseCode.unsupportedVersion,
      );
    }
    const auth = await this.devices.authenticate(hello.deviceId, hello.credential);
    if (!auth.ok) return this.refuse(conn, 'unauthorized', auth.reason, AgentCloseCode.unauthorized);
    // Gone while it was checked: its close has run already, so nothing would take it out of byDevice again.
    if (conn.closed) return;

    const previous = this.byDevice.get(hello.deviceId);
    // Proved who it is: its frames may now be as large as the protocol allows (evidence), and it no longer
    // counts against its address's unauthenticated sockets. Raised before welcome, the first thing it waits for.
    setMaxFrameBytes(conn.socket, MAX_FRAME_BYTES);
    conn.authenticated();
    conn.protocolVersion = version;
    conn.deviceId = hello.deviceId;
    if (version >= POLICY_BY_REFERENCE_PROTOCOL_VERSION) {
      // What the agent runs and holds: on a plain reconnect its revision is current and nothing is pushed.
      conn.policyRevision = hello.policyRevision;
      conn.heldLibraries = new Set(hello.libraryDigests ?? []);
    }
    this.byDevice.set(hello.deviceId, conn);
    if (previous) {
      // Out of pacing at once: a replaced socket whose peer never answers the close would otherwise keep its
      // grant or its place in the queue until ws gives up on it (a stolen credential replaying hellos could hold
      // the whole window that way); and ended for good if it does not close in a few seconds.
      previous.closed = true;
      this.admission.closed(previous);
      previous.socket.close(AgentCloseCode.replaced, 'replaced by a newer connection from the same device');
      setTimeout(() => previous.socket.terminate(), 5_000).unref();
    }
    // What the store already has need not be sent again, so it is not backlog.
    const backlog =
      hello.backlog !== undefined && hello.lastSeq !== undefined
        ? Math.min(hello.backlog, Math.max(0, hello.lastSeq - auth.device.lastStoredSeq))
        : hello.backlog;
    const pacing = this.paced(conn) ? this.admission.welcome(conn, backlog) : undefined;
    this.send(conn, {
      type: 'welcome',
      protocolVersion: version,
      serverTime: new Date().toISOString(),
      heartbeatIntervalMs: this.options.heartbeatIntervalMs,
      lastStoredSeq: auth.device.lastStoredSeq,
      ...holdOf(pacing),
    });
    this.options.intake?.welcomed();
    try {
      this.offerPolicy(conn);
    } catch (err) {
      this.log.error(`policy for ${hello.deviceId}: ${(err as Error).stack ?? String(err)}`);
    }
    this.deviceStore.touch(hello.deviceId);
    this.devices.setConnected(hello.deviceId, true);
  }

  private async onEventBatch(conn: AgentConnection, deviceId: string, batch: EventBatchMessage): Promise<void> {
    // One pass, no closures: thousands of batches a second come through here.
    let forged: EventBatchMessage['events'][number] | undefined;
    let throughSeq = 0;
    for (const e of batch.events) {
      if (e.deviceId !== deviceId) {
        forged = e;
        break;
      }
      if (e.seq > throughSeq) throughSeq = e.seq;
    }
    if (forged) {
      this.log.warn(`device ${deviceId} sent an event as ${forged.deviceId}; batch refused`);
      return this.refuse(
        conn,
        'forbidden',
        `a device may only send its own events (batch names device ${forged.deviceId}); nothing was stored`,
        AgentCloseCode.forbidden,
      );
    }
    const size = batch.events.length;
    this.admission.arrived(conn, size);
    let stored;
    try {
      stored = await this.events.appendBatch(deviceId, batch.events);
    } catch (err) {
      // Room freed though nothing was stored: held agents need not wait out their hold.
      this.admission.stored(size);
      this.releaseHeld();
      throw err;
    }
    this.admission.stored(size);
    const pacing = this.paced(conn) ? this.admission.afterBatch(conn, size) : undefined;
    // Only now, after COMMIT, may the agent forget these events.
    this.send(conn, { type: 'ack', throughSeq, ...holdOf(pacing) });
    this.releaseHeld();
    if (stored.length > 0) {
      this.bus.emit('events-stored', stored);
      // What a tile shows (window, lock, policy) changed: tell the watchers now, not at the next heartbeat.
      if (stored.some((e) => DEVICE_STATE_EVENTS.has(e.type))) this.bus.emit('device-changed', deviceId);
    }
  }

  /** Agents of protocol 3 follow holds and send-more; older ones send as they always did. */
  private paced(conn: AgentConnection): boolean {
    return conn.protocolVersion >= PACED_REPLAY_PROTOCOL_VERSION && !conn.closed;
  }

  /** Tells held agents whose turn has come to send their next batch. */
  private releaseHeld(): void {
    for (const conn of this.admission.release()) this.send(conn, { type: 'send-more' });
  }

  /** Grants left unused too long (a stuck PC, or a stolen credential saying it holds a backlog) go to the next. */
  private expireGrants(): void {
    // After this turn's I/O: a loop that stalled may hold the granted batch unread in its socket (the hello timer
    // looks again likewise).
    setImmediate(() => this.expireGrantsNow());
  }

  private expireGrantsNow(): void {
    const expired = this.admission.expire();
    if (expired.length === 0) return;
    const named = expired.slice(0, 5).map((c) => c.deviceId ?? '?');
    this.log.warn(
      `backlog room taken back from ${expired.length} agent connection(s) that sent nothing when let in ` +
        `(${named.join(', ')}${expired.length > named.length ? ', …' : ''})`,
    );
    this.releaseHeld();
  }

  /** Agents held for their turn (for the bench's and tests' eyes). */
  heldCount(): number {
    return this.admission.waitingCount;
  }

  /** What each agent should run now, worked out per device from memory. */
  setPolicy(policy: (deviceId: string) => DevicePolicy): void {
    this.policy = policy;
  }

  /** Works out a connected device's policy now and sends it if its revision changed; may throw. */
  pushPolicy(deviceId: string): void {
    const conn = this.byDevice.get(deviceId);
    if (conn) this.offerPolicy(conn);
  }

  /** Policy frames sent since start. */
  policyPushCount(): number {
    return this.policyPushes;
  }

  /** Bytes of policy frames sent since start. */
  policyPushBytes(): number {
    return this.policyBytes;
  }

  connectedDeviceIds(): IterableIterator<string> {
    return this.byDevice.keys();
  }

  private offerPolicy(conn: AgentConnection): void {
    if (!this.policy || !conn.deviceId) return;
    const policy = this.policy(conn.deviceId);
    if (conn.policyRevision === policy.revision) return;
    if (conn.socket.readyState !== conn.socket.OPEN) return;
    const frame = this.policyFrames.frameFor(policy, conn.protocolVersion, conn.heldLibraries);
    if (frame.bytes.length > MAX_FRAME_BYTES) {
      // The agent would refuse it (1009), reconnect and be sent it again, for ever: it keeps the policy it has
      // and the console says why, once per document.
      if (!this.oversizedPolicies.has(policy)) {
        this.oversizedPolicies.add(policy);
        this.log.error(
          `policy ${policy.revision} is ${frame.bytes.length} bytes for a PC holding none of its keyword libraries, ` +
            `over the ${MAX_FRAME_BYTES}-byte frame limit: not sent (make its keyword libraries smaller)`,
        );
      }
      return;
    }
    // Resyncs are counted per revision, so a PC connected for weeks is not closed for ones long past.
    if (conn.resyncsFor !== policy.revision) {
      conn.resyncsFor = policy.revision;
      conn.policyResyncs = 0;
    }
    conn.policyRevision = policy.revision;
    if (conn.heldLibraries.size + frame.inline.length > MAX_HELD_LIBRARIES) conn.heldLibraries.clear();
    for (const digest of frame.inline) conn.heldLibraries.add(digest);
    conn.socket.send(frame.bytes, { binary: false });
    this.policyPushes++;
    this.policyBytes += frame.bytes.length;
  }

  /**
   * The agent could not put a pushed policy together: its cache lacks libraries the push named (lost or damaged).
   * It applied nothing; it gets the policy again with those inline.
   */
  private onPolicyResync(conn: AgentConnection, message: PolicyResyncMessage): void {
    if (conn.protocolVersion < POLICY_BY_REFERENCE_PROTOCOL_VERSION) {
      return this.send(conn, {
        type: 'error',
        code: 'unexpected',
        message: `policy-resync needs protocol ${POLICY_BY_REFERENCE_PROTOCOL_VERSION} (this connection agreed ${conn.protocolVersion})`,
      });
    }
    if (++conn.policyResyncs > MAX_POLICY_RESYNCS) {
      // What this connection was told the agent holds is evidently wrong: a new hello says it afresh (and an
      // agent asking again and again costs its own reconnections, not the console a full frame each time).
      return conn.socket.close(
        AgentCloseCode.tooManyPolicyResyncs,
        `more than ${MAX_POLICY_RESYNCS} policy resyncs; reconnect and say what the policy cache holds`,
      );
    }
    this.log.warn(
      `device ${conn.deviceId}: its policy cache lacks ${message.missing.length} keyword ${message.missing.length === 1 ? 'library' : 'libraries'}; resending`,
    );
    for (const digest of message.missing) conn.heldLibraries.delete(digest);
    conn.policyRevision = undefined;
    this.offerPolicy(conn);
  }

  private async onPriorityEvent(conn: AgentConnection, deviceId: string, message: PriorityEventMessage): Promise<void> {
    if (message.event.deviceId !== deviceId) {
      return this.refuse(
        conn,
        'forbidden',
        'a device may only send its own events; nothing was stored',
        AgentCloseCode.forbidden,
      );
    }
    if (message.event.type !== 'keyword-matched') {
      return this.send(conn, {
        type: 'error',
        code: 'malformed',
        message: 'only alerts may be sent ahead of the queue',
      });
    }
    const stored = await this.events.appendPriority(deviceId, message.event);
    if (stored) this.bus.emit('events-stored', [stored]);
  }

  /**
   * A binary frame: a screen image with its header (protocol 2). Its header is checked field by field, its JPEG
   * passed on as it came, never copied or re-encoded. A bad frame gets an error and the connection goes on.
   */
  private async onMediaFrame(conn: AgentConnection, deviceId: string, raw: Buffer): Promise<void> {
    if (conn.protocolVersion < BINARY_MEDIA_PROTOCOL_VERSION) {
      return this.send(conn, {
        type: 'error',
        code: 'malformed',
        message: `binary frames need protocol ${BINARY_MEDIA_PROTOCOL_VERSION} (this connection agreed ${conn.protocolVersion})`,
      });
    }
    const frame = decodeMediaFrame(raw, ['thumbnail', 'evidence']);
    if (!frame.ok) return this.send(conn, { type: 'error', code: frame.code, message: frame.message });
    if (frame.value.kind === 'thumbnail') return void this.bus.emit('thumbnail', deviceId, frame.value);
    const { kind: _kind, jpeg, ...header } = frame.value;
    try {
      await this.onEvidence(conn, deviceId, {
        ...header,
        jpeg: Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength),
      });
    } catch (err) {
      this.log.error(`agent ${deviceId}: ${(err as Error).stack ?? String(err)}`);
      this.send(conn, { type: 'error', code: 'internal', message: 'the server could not handle that message' });
    }
  }

  /** A thumbnail as protocol 1 sends it (base64 in JSON): decoded once here, then relayed like a binary one. */
  private onJsonThumbnail(conn: AgentConnection, deviceId: string, message: ThumbnailMessage): void {
    const jpeg = Buffer.from(message.jpeg, 'base64');
    if (!isJpeg(jpeg) || jpeg.length > MAX_THUMBNAIL_BYTES) {
      return this.send(conn, { type: 'error', code: 'malformed', message: 'a thumbnail must be a JPEG' });
    }
    const { type: _type, ...header } = message;
    this.bus.emit('thumbnail', deviceId, { kind: 'thumbnail', ...header, jpeg });
  }

  private async onEvidence(conn: AgentConnection, deviceId: string, message: ReceivedEvidence): Promise<void> {
    const jpeg = message.jpeg;
    if (!isJpeg(jpeg)) {
      return this.send(conn, { type: 'error', code: 'malformed', message: `evidence ${message.id} is not a JPEG` });
    }
    const verdict = await this.evidence.save({
      id: message.id,
      alertId: message.eventId,
      deviceId,
      capturedAt: message.capturedAt,
      jpeg,
    });
    if (verdict.stored) return this.send(conn, { type: 'evidence-ack', id: message.id });
    this.log.warn(`device ${deviceId}: evidence ${message.id} for alert ${message.eventId} refused: ${verdict.reason}`);
    // An ack either way, so the agent stops sending it (or, with retry, sends it again once its alert is here).
    this.send(conn, {
      type: 'evidence-ack',
      id: message.id,
      refused: { reason: verdict.reason, retry: verdict.retry },
    });
  }

  /**
   * Sends a command to a connected device and resolves with its result, `offline` when it is not connected,
   * or `timeout` when it does not answer in time. Never rejects.
   */
  sendCommand(deviceId: string, commandId: string, command: Command, timeoutMs = 10_000): Promise<CommandReply> {
    const conn = this.byDevice.get(deviceId);
    if (!conn) return Promise.resolve({ status: 'offline', detail: 'the device is not connected' });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        conn.pending.delete(commandId);
        resolve({ status: 'timeout', detail: `no answer within ${timeoutMs / 1000} s` });
      }, timeoutMs);
      conn.pending.set(commandId, { resolve, timer });
      this.send(conn, { type: 'command', id: commandId, command });
    });
  }

  /** Fire-and-forget commands (thumbnail streams): the result is only logged if it is a failure. */
  notify(deviceId: string, commandId: string, command: Command): void {
    const conn = this.byDevice.get(deviceId);
    if (conn) this.send(conn, { type: 'command', id: commandId, command });
  }

  private onCommandResult(conn: AgentConnection, result: CommandResultMessage): void {
    const pending = conn.pending.get(result.commandId);
    if (!pending) {
      if (result.status !== 'ok')
        this.log.warn(`device ${conn.deviceId}: command ${result.commandId} ${result.status}: ${result.detail ?? ''}`);
      return;
    }
    clearTimeout(pending.timer);
    conn.pending.delete(result.commandId);
    pending.resolve({
      status: result.status,
      ...(result.detail ? { detail: result.detail } : {}),
      ...(result.check ? { check: result.check } : {}),
    });
  }

  private send(conn: AgentConnection, message: ServerToAgentMessage): void {
    if (conn.socket.readyState === conn.socket.OPEN) conn.socket.send(JSON.stringify(message));
  }

  private refuse(conn: AgentConnection, code: ProtocolErrorCode, message: string, closeCode: number): void {
    this.send(conn, { type: 'error', code, message });
    conn.socket.close(closeCode, closeReason(message));
  }

  /**
   * Pings every connection, a slice per turn of the event loop: a ping is a write to the socket, and 10,000 of
   * them at once would hold up every event waiting behind them for a few hundred milliseconds.
   */
  private checkLiveness(): void {
    if (this.livenessRound) return; // the last round is still going (a very slow loop): it covers everyone
    const round = [...this.byDevice.values()];
    const slice = (from: number) => {
      const end = Math.min(round.length, from + LIVENESS_SLICE);
      for (let i = from; i < end; i++) {
        const conn = round[i]!;
        if (conn.socket.readyState !== conn.socket.OPEN) continue;
        if (!conn.alive) {
          conn.socket.terminate();
          continue;
        }
        conn.alive = false;
        conn.socket.ping();
      }
      this.livenessRound = end < round.length ? setImmediate(() => slice(end)) : undefined;
    };
    slice(0);
  }
}
