import { createSocket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { isIP, connect } from 'node:net';
import * as dnsPacket from 'dns-packet';

/** One resolver the PC used before the service took over (or one a technician named). */
export interface DnsUpstream {
  address: string;
  port: number;
}

export interface ForwardedAnswer {
  /**
   * The upstream's bytes with the client's id put back and the AD bit cleared: this resolver does not validate
   * DNSSEC, so it never tells a client that an answer was (an upstream's AD, or one forged on the way, is not
   * passed on as if it were ours).
   */
  raw: Buffer;
  decoded: dnsPacket.DecodedPacket & { rcode?: string };
  upstream: DnsUpstream;
}

const TRUNCATED = 1 << 9;
const AUTHENTIC_DATA = 1 << 5;

/** "192.0.2.1", "192.0.2.1:5353", "[2001:db8::1]:53" or "2001:db8::1" as an upstream; undefined if none of those. */
export function parseUpstream(text: string): DnsUpstream | undefined {
  const value = text.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  const plain = /^([^:]+):(\d+)$/.exec(value);
  const [address, port] = bracketed
    ? [bracketed[1]!, bracketed[2]]
    : plain
      ? [plain[1]!, plain[2]]
      : [value.replace(/%.*$/, ''), undefined];
  if (isIP(address) === 0) return undefined;
  const n = port === undefined ? 53 : Number(port);
  if (!Number.isInteger(n) || n < 1 || n > 65535) return undefined;
  return { address, port: n };
}

/**
 * Asks the upstream resolvers in turn, each for at most `timeoutMs`, over UDP from a fresh socket on a random
 * port with a fresh random id (the reply must come from that server, carry that id and the same question: a
 * spoofed answer has to guess both), and again over TCP when the UDP answer was truncated. Resolves undefined
 * when none answered.
 */
export class DnsForwarder {
  constructor(
    private readonly upstreams: () => readonly DnsUpstream[],
    private readonly timeoutMs = 2000,
  ) {}

  async forward(query: Buffer, question: dnsPacket.Question): Promise<ForwardedAnswer | undefined> {
    const clientId = query.readUInt16BE(0);
    for (const upstream of this.upstreams()) {
      const id = randomInt(0, 65536);
      const ours = Buffer.from(query);
      ours.writeUInt16BE(id, 0);
      try {
        let raw = await this.udp(ours, upstream, id, question);
        if (raw && (raw.readUInt16BE(2) & TRUNCATED) !== 0) raw = (await this.tcp(ours, upstream, id, question)) ?? raw;
        if (!raw) continue;
        const decoded = dnsPacket.decode(raw);
        raw.writeUInt16BE(clientId, 0);
        raw.writeUInt16BE(raw.readUInt16BE(2) & ~AUTHENTIC_DATA & 0xffff, 2);
        decoded.flags = (decoded.flags ?? 0) & ~AUTHENTIC_DATA;
        return { raw, decoded, upstream };
      } catch {
        // this upstream failed (unreachable, bad answer): the next one
      }
    }
    return undefined;
  }

  private udp(query: Buffer, upstream: DnsUpstream, id: number, question: dnsPacket.Question) {
    return new Promise<Buffer | undefined>((resolve) => {
      const socket = createSocket(isIP(upstream.address) === 6 ? 'udp6' : 'udp4');
      const done = (answer: Buffer | undefined) => {
        clearTimeout(timer);
        socket.close();
        resolve(answer);
      };
      const timer = setTimeout(() => done(undefined), this.timeoutMs);
      socket.on('error', () => done(undefined));
      socket.on('message', (message, from) => {
        if (from.address !== upstream.address || from.port !== upstream.port) return;
        if (answers(message, id, question)) done(message);
      });
      socket.connect(upstream.port, upstream.address, () => socket.send(query));
    });
  }

  private tcp(query: Buffer, upstream: DnsUpstream, id: number, question: dnsPacket.Question) {
    return new Promise<Buffer | undefined>((resolve) => {
      const socket = connect({ host: upstream.address, port: upstream.port });
      let received = Buffer.alloc(0);
      const done = (answer: Buffer | undefined) => {
        clearTimeout(timer);
        socket.destroy();
        resolve(answer);
      };
      const timer = setTimeout(() => done(undefined), this.timeoutMs);
      socket.on('error', () => done(undefined));
      socket.on('connect', () => {
        const length = Buffer.alloc(2);
        length.writeUInt16BE(query.length);
        socket.write(Buffer.concat([length, query]));
      });
      socket.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        if (received.length < 2) return;
        const length = received.readUInt16BE(0);
        if (received.length < 2 + length) return;
        const message = received.subarray(2, 2 + length);
        done(answers(message, id, question) ? Buffer.from(message) : undefined);
      });
      socket.on('end', () => done(undefined));
    });
  }
}

/** Whether `message` is a response to our query: our id, and the question we asked. */
function answers(message: Buffer, id: number, question: dnsPacket.Question): boolean {
  if (message.length < 12 || message.readUInt16BE(0) !== id) return false;
  try {
    const decoded = dnsPacket.decode(message);
    const asked = decoded.questions?.[0];
    return (
      decoded.type === 'response' &&
      decoded.questions?.length === 1 &&
      asked !== undefined &&
      asked.name.toLowerCase() === question.name.toLowerCase() &&
      asked.type === question.type &&
      (asked.class ?? 'IN') === (question.class ?? 'IN')
    );
  } catch {
    return false;
  }
}
