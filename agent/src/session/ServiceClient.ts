import { connect, type Socket } from 'node:net';
import {
  LOCAL_CHANNEL_MAX_LINE_BYTES,
  ServiceToSessionMessage,
  parseMessage,
  type BridgeExchange,
  type CapabilityReport,
  type Command,
  type SessionToServiceMessage,
} from '@lookout/shared';
import type { CommandOutcome } from '../core/CommandHandler.js';
import type { DeviceSide, PushedPolicy } from '../core/DeviceSide.js';
import type { EvidenceRefusal } from '../core/Uplink.js';
import { JsonLines } from '../service/JsonLines.js';
import { CategoryListCache } from '../storage/CategoryListCache.js';
import { AGENT_VERSION } from '../agentVersion.js';

const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** Lines kept while the service is unreachable (it is restarting, say); older ones go first past this. */
const MAX_QUEUED = 2000;

/**
 * A session agent's side of the local channel: the PC's side is the service. It holds no credential and names no
 * user: the service stamps what it records with the user the kernel said connected. Reconnects every second while
 * the service is away, keeping what it has to say (bounded) until then.
 */
export class ServiceClient implements DeviceSide {
  private socket: Socket | undefined;
  private lines: JsonLines | undefined;
  private connected = false;
  private stopped = false;
  private ready = false;
  private nextRef = 1;
  private capabilities: CapabilityReport = {};
  private lists: CategoryListCache | undefined;
  private readonly queued: SessionToServiceMessage[] = [];
  /** Sent and not yet answered: sent again after a reconnect. */
  private readonly unanswered = new Map<number, { message: SessionToServiceMessage; resolve(v: unknown): void }>();
  private readonly readyListeners: ((ready: boolean) => void)[] = [];
  private policyHandler: ((pushed: PushedPolicy) => void) | undefined;
  /**
   * The policy the service pushed before the agent listened: the service sends the policy in force right after
   * its welcome, while the session agent is still starting (without this the session ran the default policy,
   * on-screen text reading included, until the next change).
   */
  private unheardPolicy: PushedPolicy | undefined;
  private commandHandler: ((id: string, command: Command) => Promise<CommandOutcome>) | undefined;
  private evidenceAckHandler: ((id: string, refused?: EvidenceRefusal) => void) | undefined;
  private readonly early: { id: string; command: Command }[] = [];
  private notifyHandler: ((title: string, text: string) => void) | undefined;
  /** The user the service saw: for the session's own files (lock state, acceptances). */
  user: string | undefined;
  /** The public key (base64 SPKI) the browser extension checks the bridge's answers with. */
  bridgeKey: string | undefined;
  private readonly vouches = new Map<number, (signature: string | undefined) => void>();
  readonly initialPolicy = undefined;

  constructor(
    private readonly socketPath: string,
    private readonly log: { info(message: string): void; warn(message: string): void },
    private readonly retryMs = 1000,
  ) {}

  get consoleReady(): boolean {
    return this.ready;
  }

  /** Resolves once the service has welcomed this session (or rejects when it cannot be reached by then). */
  async connectFirst(timeoutMs: number): Promise<void> {
    const welcomed = new Promise<void>((resolve) => {
      this.onWelcome = resolve;
    });
    this.connect();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      welcomed,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`the Lookout service is not answering on ${this.socketPath}`)),
          timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
  }

  private onWelcome: (() => void) | undefined;

  private connect(): void {
    if (this.stopped) return;
    const socket = connect(this.socketPath);
    this.socket = socket;
    socket.on('connect', () => {
      this.connected = true;
      this.lines = new JsonLines(socket, (line) => this.receive(line));
      this.lines.send({ type: 'session-hello', agentVersion: AGENT_VERSION, capabilities: this.capabilities });
      for (const { message } of this.unanswered.values()) this.lines.send(message);
      for (const message of this.queued.splice(0)) this.lines.send(message);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const was = this.connected;
      this.connected = false;
      this.lines = undefined;
      if (was) this.log.warn('the Lookout service went away; reconnecting');
      this.setReady(false);
      if (!this.stopped) setTimeout(() => this.connect(), this.retryMs).unref();
    });
  }

  private send(message: SessionToServiceMessage): void {
    if (this.connected && this.lines) return this.lines.send(message);
    this.queued.push(message);
    if (this.queued.length > MAX_QUEUED) this.queued.shift();
  }

  private request<T>(build: (ref: number) => SessionToServiceMessage): Promise<T> {
    const ref = this.nextRef++;
    const message = build(ref);
    return new Promise<T>((resolve) => {
      this.unanswered.set(ref, { message, resolve: resolve as (v: unknown) => void });
      // The service away for long: the oldest go (their callers get an empty answer), memory stays bounded.
      if (this.unanswered.size > MAX_QUEUED) {
        const [oldest, entry] = this.unanswered.entries().next().value!;
        this.unanswered.delete(oldest);
        entry.resolve(typeof entry.message === 'object' && entry.message.type === 'concern' ? false : '');
      }
      if (this.connected && this.lines) this.lines.send(message);
    });
  }

  private receive(line: string): void {
    const parsed = parseMessage(ServiceToSessionMessage, line, LOCAL_CHANNEL_MAX_LINE_BYTES);
    if (!parsed.ok) return this.log.warn(`from the service, ignored: ${parsed.message}`);
    const m = parsed.value;
    switch (m.type) {
      case 'service-welcome':
        this.user = m.user;
        this.bridgeKey = m.bridgeKey;
        this.lists = new CategoryListCache(m.categoryListsDir, () =>
          Promise.reject(new Error('the service downloads the lists')),
        );
        this.setReady(m.consoleReady);
        this.onWelcome?.();
        this.onWelcome = undefined;
        return;
      case 'recorded':
      case 'concern-taken': {
        const pending = this.unanswered.get(m.ref);
        this.unanswered.delete(m.ref);
        pending?.resolve(m.type === 'recorded' ? m.id : m.delivered);
        return;
      }
      case 'policy': {
        const pushed = { version: m.version, revision: m.revision, document: m.document };
        if (!this.policyHandler) return void (this.unheardPolicy = pushed);
        return this.policyHandler(pushed);
      }
      case 'command': {
        const handler = this.commandHandler;
        const answer = (outcome: CommandOutcome) =>
          this.send({ type: 'command-result', commandId: m.id, status: outcome.status, detail: outcome.detail });
        // One that arrives while the agent is still starting waits for it.
        if (!handler) return void this.early.push(m);
        handler(m.id, m.command).then(answer, (err: Error) => answer({ status: 'failed', detail: err.message }));
        return;
      }
      case 'evidence-ack':
        return this.evidenceAckHandler?.(m.id, m.refused);
      case 'console-state':
        return this.setReady(m.ready);
      case 'notify':
        return this.notifyHandler?.(m.title, m.text);
      case 'refused': {
        // A record the service will not keep (over its rate limit): answered empty, as one dropped here would be.
        const pending = m.ref === undefined ? undefined : this.unanswered.get(m.ref);
        if (m.ref !== undefined) this.unanswered.delete(m.ref);
        pending?.resolve(pending.message.type === 'concern' ? false : '');
        return this.log.warn(`the service refused: ${m.message}`);
      }
      case 'ping':
        return void this.send({ type: 'pong', n: m.n });
      case 'bridge-vouched':
        return this.vouches.get(m.ref)?.(m.signature);
    }
  }

  /**
   * The service's signature over a bridge answer. Not queued while the service is away, and given up after 3 s: an
   * unvouched answer is one the extension does not believe (it keeps the rules it has), never a late one.
   */
  vouchForBridge(exchange: BridgeExchange): Promise<string | undefined> {
    if (!this.connected || !this.lines) return Promise.resolve(undefined);
    const ref = this.nextRef++;
    const lines = this.lines;
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), 3000);
      const done = (signature: string | undefined) => {
        clearTimeout(timer);
        this.vouches.delete(ref);
        resolve(signature);
      };
      this.vouches.set(ref, done);
      lines.send({ type: 'bridge-vouch', ref, ...exchange });
    });
  }

  private setReady(ready: boolean): void {
    if (ready === this.ready) return;
    this.ready = ready;
    for (const listener of this.readyListeners) listener(ready);
  }

  onConsoleReady(listener: (ready: boolean) => void): void {
    this.readyListeners.push(listener);
  }

  record: DeviceSide['record'] = (type, payload) =>
    this.request<string>((ref) => ({ type: 'record', ref, event: { type, payload } as never }));

  raiseAlert: DeviceSide['raiseAlert'] = (payload) =>
    this.request<string>((ref) => ({ type: 'record', ref, event: { type: 'keyword-matched', payload } }));

  sendEvidence: DeviceSide['sendEvidence'] = (evidence) => {
    if (!this.ready || !this.lines) return false;
    this.lines.send({
      type: 'evidence',
      id: evidence.id,
      eventId: evidence.eventId,
      capturedAt: evidence.capturedAt,
      jpeg: base64(evidence.jpeg),
    });
    return true;
  };

  onEvidenceAck(handler: (id: string, refused?: EvidenceRefusal) => void): void {
    this.evidenceAckHandler = handler;
  }

  sendThumbnail: DeviceSide['sendThumbnail'] = (frame) => {
    if (!this.ready || !this.lines) return;
    const { jpeg, ...fields } = frame;
    this.lines.send({ type: 'thumbnail', ...fields, jpeg: base64(jpeg) });
  };

  reportConcern: DeviceSide['reportConcern'] = (form) =>
    this.request<boolean>((ref) => ({ type: 'concern', ref, form }));

  onPolicy(handler: (pushed: PushedPolicy) => void): void {
    this.policyHandler = handler;
    const early = this.unheardPolicy;
    this.unheardPolicy = undefined;
    if (early) handler(early);
  }

  /** The service keeps and reports the policy itself. */
  policyEnforced = async (): Promise<void> => undefined;

  categoryLists: DeviceSide['categoryLists'] = async (refs) => {
    if (!this.lists) return [];
    return this.lists.lists(refs, (m) => this.log.warn(m));
  };

  handleCommandsWith(handler: (id: string, command: Command) => Promise<CommandOutcome>): void {
    this.commandHandler = handler;
    for (const m of this.early.splice(0)) {
      handler(m.id, m.command).then(
        (outcome) => this.send({ type: 'command-result', commandId: m.id, ...outcome }),
        (err: Error) => this.send({ type: 'command-result', commandId: m.id, status: 'failed', detail: err.message }),
      );
    }
  }

  onNotify(handler: (title: string, text: string) => void): void {
    this.notifyHandler = handler;
  }

  setCapabilities(capabilities: CapabilityReport): void {
    this.capabilities = capabilities;
    if (this.connected) this.lines?.send({ type: 'session-hello', agentVersion: AGENT_VERSION, capabilities });
  }

  start(): void {
    // Connected by connectFirst; nothing else to start.
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.socket?.end();
    this.socket?.destroy();
  }
}
