import { chmod, lstat, mkdir, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import {
  LOCAL_CHANNEL_MAX_LINE_BYTES,
  SessionToServiceMessage,
  parseMessage,
  type CapabilityReport,
  type ServiceToSessionMessage,
} from '@lookout/shared';
import type { PeerCredentials, UidNames } from '../platform/PeerCredentials.js';
import { JsonLines } from './JsonLines.js';

/** One session agent on the channel, as the kernel identified it. */
export class SessionConnection {
  capabilities: CapabilityReport = {};
  /** Alerts this connection raised: the only events it may attach evidence to. */
  readonly raised = new Set<string>();
  readonly connectedAt = Date.now();

  constructor(
    readonly id: number,
    /** From SO_PEERCRED: who connected, not who the session says it is. */
    readonly uid: number,
    readonly gid: number,
    readonly pid: number,
    readonly user: string,
    private readonly lines: JsonLines,
    private readonly socket: Socket,
  ) {}

  send(message: ServiceToSessionMessage): void {
    this.lines.send(message);
  }

  close(): void {
    this.socket.end();
  }
}

export interface SessionChannelHandlers {
  connected(connection: SessionConnection): void;
  /**
   * Whether to read a line at all (before it is parsed): a connection over its rate limit has its lines dropped
   * unread and unanswered, so a flood costs the service neither parsing nor replies.
   */
  admit?(connection: SessionConnection): boolean;
  /** Each valid message; a handler that throws gets the connection a `refused`, never an ended service. */
  message(connection: SessionConnection, message: SessionToServiceMessage): Promise<void>;
  closed(connection: SessionConnection): void;
}

/** A user has a session agent or two (a second login, a restart overlapping); a PC a few dozen users at most. */
const MAX_CONNECTIONS_PER_UID = 8;
const MAX_CONNECTIONS = 256;

/**
 * The service's end of the local channel: a unix socket any local user may connect to, in a directory only the
 * service can write. Each connection's user is read from the kernel at accept time (SO_PEERCRED) and resolved to a
 * name; a peer whose identity cannot be read or named is refused. Every line is validated against the shared
 * schema; a bad one is answered with `refused` and changes nothing.
 */
export class SessionChannelServer {
  private server: Server | undefined;
  private nextId = 1;
  private readonly open = new Set<Socket>();
  private readonly perUid = new Map<number, number>();

  constructor(
    private readonly socketPath: string,
    private readonly peers: PeerCredentials,
    private readonly users: UidNames,
    private readonly handlers: SessionChannelHandlers,
    private readonly log: { warn(message: string): void },
  ) {}

  async start(): Promise<void> {
    await prepareSocketDir(dirname(this.socketPath));
    await rm(this.socketPath, { force: true });
    const server = createServer((socket) => void this.accept(socket));
    server.on('error', (err) => this.log.warn(`session channel: ${err.message}`));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
    // Every local user's session agent connects; who they are comes from the kernel, not the file's mode.
    await chmod(this.socketPath, 0o666);
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const socket of this.open) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(this.socketPath, { force: true });
  }

  private async accept(socket: Socket): Promise<void> {
    socket.on('error', () => undefined);
    this.open.add(socket);
    socket.once('close', () => this.open.delete(socket));
    let identity;
    try {
      identity = this.peers.of(socket);
    } catch (err) {
      this.log.warn(`session channel: a connection's peer could not be identified, refused: ${(err as Error).message}`);
      return void socket.destroy();
    }
    // Bounded: a pupil's script opening connections by the thousand cannot run the root service out of memory.
    const mine = (this.perUid.get(identity.uid) ?? 0) + 1;
    if (mine > MAX_CONNECTIONS_PER_UID || this.open.size > MAX_CONNECTIONS) {
      this.log.warn(`session channel: uid ${identity.uid} has too many connections open, refused`);
      return void socket.destroy();
    }
    this.perUid.set(identity.uid, mine);
    socket.once('close', () => {
      const left = (this.perUid.get(identity.uid) ?? 1) - 1;
      if (left > 0) this.perUid.set(identity.uid, left);
      else this.perUid.delete(identity.uid);
    });
    const user = await this.users.nameOf(identity.uid).catch(() => undefined);
    if (!user || socket.destroyed) {
      if (!user) this.log.warn(`session channel: uid ${identity.uid} has no user name, refused`);
      return void socket.destroy();
    }
    // Lines read only now: nothing the peer sent before it was identified is read unattributed.
    // (Lines arrive on later turns of the event loop, after `connection` is set.)
    const lines = new JsonLines(socket, (line) => this.receive(connection, line));
    const connection = new SessionConnection(
      this.nextId++,
      identity.uid,
      identity.gid,
      identity.pid,
      user,
      lines,
      socket,
    );
    socket.once('close', () => this.handlers.closed(connection));
    this.handlers.connected(connection);
  }

  private receive(connection: SessionConnection, line: string): void {
    if (this.handlers.admit && !this.handlers.admit(connection)) return;
    const parsed = parseMessage(SessionToServiceMessage, line, LOCAL_CHANNEL_MAX_LINE_BYTES);
    if (!parsed.ok) return connection.send({ type: 'refused', message: parsed.message.slice(0, 2000) });
    this.handlers.message(connection, parsed.value).catch((err: Error) => {
      connection.send({ type: 'refused', message: err.message.slice(0, 2000) });
    });
  }
}

/**
 * The socket's directory: made 0755 if missing; refused if anyone but the service can write it (someone could put
 * their own socket in its place and collect what session agents send).
 */
async function prepareSocketDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const stat = await lstat(dir);
  const euid = process.geteuid?.() ?? 0;
  if (!stat.isDirectory() || stat.uid !== euid || (stat.mode & 0o022) !== 0) {
    throw new Error(`${dir} must be a directory owned by uid ${euid} that only it can write (it is not)`);
  }
}
