import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { createServer, isIP, type Server, type Socket } from 'node:net';
import * as dnsPacket from 'dns-packet';
import { NameFilter, type NameVerdict } from '@lookout/shared';
import { DnsAnswerCache, type CachedAnswer } from '../core/DnsAnswerCache.js';
import { DnsTcpFrames } from '../core/DnsTcpFrames.js';
import { DnsForwarder, type DnsUpstream } from './DnsForwarder.js';

export interface FilteringResolverOptions {
  /** 53 on a PC; 0 (a free one, the same for every address and both protocols) in tests. */
  port: number;
  /** Where it listens: loopback only, so the PC never becomes an open resolver. Default 127.0.0.1 and ::1. */
  addresses?: readonly string[];
  /** The resolvers the PC had (or a configured list), asked in turn. */
  upstreams: () => readonly DnsUpstream[];
  timeoutMs?: number;
  cacheEntries?: number;
  /** A TCP connection with nothing read or written for this long is closed. Default 10 s. */
  tcpIdleMs?: number;
  now?: () => number;
  log: { info(message: string): void; warn(message: string): void };
}

export interface ResolverCounts {
  queries: number;
  blocked: number;
  forwarded: number;
  cached: number;
  failed: number;
  malformed: number;
  /** Times a TCP connection stopped being read because its client had not read its answers (past 64 KiB). */
  tcpStalled: number;
}

/**
 * The most any one TCP connection has held since start. By construction `writableBytes` stays under
 * TCP_WRITE_HIGH_WATER plus MAX_TCP_QUERIES_IN_FLIGHT answers (each at most 65,537 bytes), `inFlight` under
 * MAX_TCP_QUERIES_IN_FLIGHT, and `unreadBytes` (received, not yet taken) about what came before reading paused.
 */
export interface TcpPeaks {
  inFlight: number;
  writableBytes: number;
  unreadBytes: number;
}

const RESPONSE = 1 << 15;
const TRUNCATED = 1 << 9;
const RECURSION_DESIRED = 1 << 8;
const RECURSION_AVAILABLE = 1 << 7;
const CHECKING_DISABLED = 1 << 4;
const RCODE = { noError: 0, formErr: 1, servFail: 2, nxDomain: 3, notImp: 4, refused: 5 } as const;
/** RFC 8914 Extended DNS Error "Blocked": the school's policy, said to any client that speaks EDNS. */
const EDE_BLOCKED = 15;
/** How long a client may keep a "blocked" answer: a policy change shows within a minute. */
const BLOCKED_TTL = 60;
const MAX_IN_FLIGHT = 512;
const MAX_TCP_CONNECTIONS = 64;
const TCP_IDLE_MS = 10_000;
/** Per TCP connection: queries being answered at once (RFC 7766 lets a client pipeline; the rest wait unread). */
export const MAX_TCP_QUERIES_IN_FLIGHT = 16;
/** Per TCP connection: answers waiting for the client to read them, past which no new query is taken. */
export const TCP_WRITE_HIGH_WATER = 64 * 1024;

const LOOPBACK = (address: string) =>
  isIP(address) === 4 ? address.startsWith('127.') : isIP(address) === 6 && address === '::1';

/**
 * The PC's filtering DNS resolver, run by the service (root) on 127.0.0.1 and ::1, port 53, UDP and TCP. A name
 * the policy blocks (`NameFilter`: blocked categories at UT1 scale, the block list; the allow list first) is
 * answered NXDOMAIN for every record type (A, AAAA, HTTPS, SVCB, …), with a SOA so clients keep that for a minute
 * and, for EDNS clients, Extended DNS Error 15 (Blocked); everything else is forwarded to the PC's own resolvers
 * and cached by its TTLs. Why NXDOMAIN rather than the block page's address: nearly every site is HTTPS, and a
 * block page served for another site's name fails the browser's certificate check (unless the PC trusted a
 * school interception CA, which Lookout does not install); pointing blocked names at a local address would also
 * send programs' traffic for them to whatever listens on loopback. The browser's own rules and the agent show the
 * block page for navigations; the resolver makes every program, frame and browser fail fast and closed.
 * Malformed queries get FORMERR when they have a header and are dropped when they do not; nothing a client sends
 * ends the service. Over TCP each connection is bounded (MAX_TCP_QUERIES_IN_FLIGHT, TCP_WRITE_HIGH_WATER: reading
 * pauses, so a client pipelining without reading fills its own buffers, not root's). It does not validate DNSSEC:
 * no answer it gives carries the AD bit.
 */
export class FilteringResolver {
  private filter: NameFilter = NameFilter.none;
  private readonly cache: DnsAnswerCache;
  private readonly forwarder: DnsForwarder;
  private readonly udp: UdpSocket[] = [];
  private readonly tcp: Server[] = [];
  private readonly tcpSockets = new Set<Socket>();
  private inFlight = 0;
  private boundPort = 0;
  readonly counts: ResolverCounts = {
    queries: 0,
    blocked: 0,
    forwarded: 0,
    cached: 0,
    failed: 0,
    malformed: 0,
    tcpStalled: 0,
  };
  readonly tcpPeaks: TcpPeaks = { inFlight: 0, writableBytes: 0, unreadBytes: 0 };

  constructor(private readonly options: FilteringResolverOptions) {
    for (const address of options.addresses ?? ['127.0.0.1', '::1']) {
      if (!LOOPBACK(address)) throw new Error(`the filtering resolver listens on loopback only, not ${address}`);
    }
    this.cache = new DnsAnswerCache(options.now ?? Date.now, options.cacheEntries ?? 10_000);
    this.forwarder = new DnsForwarder(options.upstreams, options.timeoutMs ?? 2000);
  }

  get port(): number {
    return this.boundPort;
  }

  /** The policy's names: takes effect for the next query (answers already cached are forwarded ones only). */
  setFilter(filter: NameFilter): void {
    this.filter = filter;
  }

  decide(name: string): NameVerdict {
    return this.filter.decide(name);
  }

  /** Listens on every address; one that cannot be had (no IPv6 on this PC) is logged and left out. */
  async start(): Promise<void> {
    const addresses = this.options.addresses ?? ['127.0.0.1', '::1'];
    let port = this.options.port;
    for (const [i, address] of addresses.entries()) {
      try {
        port = await this.listenUdp(address, port);
        await this.listenTcp(address, port);
      } catch (err) {
        if (i === 0) {
          await this.stop();
          throw err;
        }
        this.options.log.warn(`filtering resolver: not listening on ${address}: ${(err as Error).message}`);
      }
    }
    this.boundPort = port;
    this.options.log.info(`filtering resolver listening on ${addresses.join(', ')} port ${port} (UDP and TCP)`);
  }

  async stop(): Promise<void> {
    for (const socket of this.udp.splice(0)) socket.close();
    await Promise.all(
      this.tcp.splice(0).map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            for (const socket of this.tcpSockets) socket.destroy();
          }),
      ),
    );
  }

  private listenUdp(address: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const socket = createSocket(isIP(address) === 6 ? { type: 'udp6', ipv6Only: true } : { type: 'udp4' });
      socket.once('error', reject);
      socket.bind(port, address, () => {
        socket.off('error', reject);
        socket.on('error', (err) => this.options.log.warn(`filtering resolver (udp ${address}): ${err.message}`));
        socket.on('message', (message, from) => void this.onUdp(socket, message, from));
        this.udp.push(socket);
        resolve(socket.address().port);
      });
    });
  }

  private listenTcp(address: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = createServer((socket) => this.onTcp(socket));
      server.maxConnections = MAX_TCP_CONNECTIONS;
      server.once('error', reject);
      server.listen({ port, host: address, ...(isIP(address) === 6 ? { ipv6Only: true } : {}) }, () => {
        server.off('error', reject);
        server.on('error', (err) => this.options.log.warn(`filtering resolver (tcp ${address}): ${err.message}`));
        this.tcp.push(server);
        resolve();
      });
    });
  }

  private async onUdp(socket: UdpSocket, message: Buffer, from: RemoteInfo): Promise<void> {
    // Bound to loopback, so only this PC can ask; checked again, as a refusal costs nothing.
    if (!LOOPBACK(from.address)) return;
    try {
      const answer = await this.answer(message, 'udp');
      if (answer) socket.send(answer, from.port, from.address);
    } catch (err) {
      this.options.log.warn(`filtering resolver: a UDP query failed: ${(err as Error).message}`);
    }
  }

  private onTcp(socket: Socket): void {
    if (!LOOPBACK(socket.remoteAddress ?? '')) return void socket.destroy();
    this.tcpSockets.add(socket);
    socket.on('close', () => this.tcpSockets.delete(socket));
    // Idle: nothing read or written for this long (a client that stops reading its answers stalls our writes too).
    socket.setTimeout(this.options.tcpIdleMs ?? TCP_IDLE_MS, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    const frames = new DnsTcpFrames();
    const peaks = this.tcpPeaks;
    let inFlight = 0;
    let paused = false;
    let stalled = false;
    // Takes queries while this connection has room: at most MAX_TCP_QUERIES_IN_FLIGHT answered at once, and none
    // while more than TCP_WRITE_HIGH_WATER bytes of answers wait for the client to read them. Otherwise reading
    // stops (the kernel's buffers, then the client's own writes, hold the rest) until an answer goes or 'drain'.
    const pump = () => {
      while (
        !socket.destroyed &&
        inFlight < MAX_TCP_QUERIES_IN_FLIGHT &&
        socket.writableLength <= TCP_WRITE_HIGH_WATER
      ) {
        const message = frames.next();
        if (!message) break;
        inFlight++;
        peaks.inFlight = Math.max(peaks.inFlight, inFlight);
        void this.answer(message, 'tcp')
          .then((answer) => {
            if (!answer || socket.destroyed) return;
            const prefix = Buffer.alloc(2);
            prefix.writeUInt16BE(answer.length);
            socket.write(Buffer.concat([prefix, answer]));
            peaks.writableBytes = Math.max(peaks.writableBytes, socket.writableLength);
          })
          .catch((err: Error) => this.options.log.warn(`filtering resolver: a TCP query failed: ${err.message}`))
          .finally(() => {
            inFlight--;
            pump();
          });
      }
      const unread = socket.writableLength > TCP_WRITE_HIGH_WATER;
      const full = unread || inFlight >= MAX_TCP_QUERIES_IN_FLIGHT;
      if (unread && !stalled) this.counts.tcpStalled++;
      stalled = unread;
      if (full && !paused && !socket.destroyed) {
        paused = true;
        socket.pause();
      } else if (!full && paused && !frames.hasMessage) {
        paused = false;
        socket.resume();
      }
    };
    socket.on('drain', pump);
    socket.on('data', (chunk: Buffer) => {
      frames.push(chunk);
      peaks.unreadBytes = Math.max(peaks.unreadBytes, frames.buffered);
      pump();
    });
  }

  /** The bytes to send back for one query, or undefined when it deserves no answer. */
  async answer(message: Buffer, transport: 'udp' | 'tcp'): Promise<Buffer | undefined> {
    this.counts.queries++;
    if (message.length < 12) {
      this.counts.malformed++;
      return undefined; // not even a header: nothing to answer to
    }
    const id = message.readUInt16BE(0);
    const headerFlags = message.readUInt16BE(2);
    if ((headerFlags & RESPONSE) !== 0) {
      this.counts.malformed++;
      return undefined; // a response sent to us: answering it could loop
    }
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      this.counts.malformed++;
      return bare(id, headerFlags, RCODE.formErr);
    }
    const opcode = (headerFlags >> 11) & 0xf;
    if (opcode !== 0) return bare(id, headerFlags, RCODE.notImp);
    const question = query.questions?.[0];
    if (query.questions?.length !== 1 || !question) {
      this.counts.malformed++;
      return bare(id, headerFlags, RCODE.formErr);
    }
    if (question.type === 'AXFR' || question.type === 'IXFR') return respond(query, RCODE.refused, [], []);
    const opt = query.additionals?.find((r): r is dnsPacket.OptAnswer => r.type === 'OPT');
    const limit = transport === 'tcp' ? 65_535 : opt ? Math.min(Math.max(512, opt.udpPayloadSize), 4096) : 512;

    const verdict = this.filter.decide(question.name);
    if (verdict.action === 'block') {
      this.counts.blocked++;
      return fit(blocked(query, question, opt !== undefined), query, limit);
    }

    const key = DnsAnswerCache.key(question.name, question.type, question.class ?? 'IN', opt?.flag_do ?? false);
    const cached = this.cache.get(key);
    if (cached) {
      this.counts.cached++;
      return fit(fromCache(query, cached, opt !== undefined), query, limit);
    }
    if (this.inFlight >= MAX_IN_FLIGHT) {
      this.counts.failed++;
      return respond(query, RCODE.servFail, [], []);
    }
    this.inFlight++;
    try {
      const forwarded = await this.forwarder.forward(message, question);
      if (!forwarded) {
        this.counts.failed++;
        return respond(query, RCODE.servFail, [], []);
      }
      this.counts.forwarded++;
      this.cache.put(key, forwarded.decoded);
      return forwarded.raw.length <= limit ? forwarded.raw : truncated(query);
    } finally {
      this.inFlight--;
    }
  }
}

/** An answer with only a code, to a query whose body could not be read (same id, RD echoed). */
function bare(id: number, queryFlags: number, rcode: number): Buffer {
  const out = Buffer.alloc(12);
  out.writeUInt16BE(id, 0);
  out.writeUInt16BE(
    RESPONSE | (queryFlags & (0xf << 11)) | (queryFlags & RECURSION_DESIRED) | RECURSION_AVAILABLE | rcode,
    2,
  );
  return out;
}

function respond(
  query: dnsPacket.DecodedPacket,
  rcode: number,
  answers: dnsPacket.Answer[],
  authorities: dnsPacket.Answer[],
  additionals: dnsPacket.Answer[] = [],
  extraFlags = 0,
): Buffer {
  return dnsPacket.encode({
    type: 'response',
    id: query.id ?? 0,
    flags: ((query.flags ?? 0) & (RECURSION_DESIRED | CHECKING_DISABLED)) | RECURSION_AVAILABLE | extraFlags | rcode,
    questions: query.questions ?? [],
    answers,
    authorities,
    additionals,
  });
}

function optRecord(options: { code: number; data: Buffer }[] = []): dnsPacket.Answer {
  return {
    type: 'OPT',
    name: '.',
    udpPayloadSize: 1232,
    extendedRcode: 0,
    ednsVersion: 0,
    flags: 0,
    flag_do: false,
    options: options as unknown as dnsPacket.PacketOpt[],
  };
}

function blocked(query: dnsPacket.DecodedPacket, question: dnsPacket.Question, edns: boolean): Buffer {
  const soa: dnsPacket.Answer = {
    type: 'SOA',
    name: question.name,
    ttl: BLOCKED_TTL,
    data: {
      mname: 'lookout.invalid',
      rname: 'hostmaster.lookout.invalid',
      serial: 1,
      refresh: 3600,
      retry: 600,
      expire: 86_400,
      minimum: BLOCKED_TTL,
    },
  };
  const info = Buffer.alloc(2);
  info.writeUInt16BE(EDE_BLOCKED);
  const ede = { code: 15, data: Buffer.concat([info, Buffer.from('blocked by the school filter')]) };
  return respond(query, RCODE.nxDomain, [], [soa], edns ? [optRecord([ede])] : []);
}

function fromCache(query: dnsPacket.DecodedPacket, cached: CachedAnswer, edns: boolean): Buffer {
  return respond(
    query,
    cached.rcode,
    cached.answers,
    cached.authorities,
    edns ? [...cached.additionals, optRecord()] : cached.additionals,
    cached.flags,
  );
}

/** The answer if it fits the client's UDP size, else an empty truncated one (the client asks again over TCP). */
function fit(answer: Buffer, query: dnsPacket.DecodedPacket, limit: number): Buffer {
  return answer.length <= limit ? answer : truncated(query);
}

function truncated(query: dnsPacket.DecodedPacket): Buffer {
  return respond(query, RCODE.noError, [], [], [], TRUNCATED);
}
