import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { connect, createServer, type Server } from 'node:net';
import * as dnsPacket from 'dns-packet';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NameFilter } from '@lookout/shared';
import { FilteringResolver, MAX_TCP_QUERIES_IN_FLIGHT, TCP_WRITE_HIGH_WATER } from './FilteringResolver.js';

/**
 * Stands in for the resolver the PC had before the service took over (the school's or the ISP's): a real DNS
 * server on 127.0.0.1, UDP and TCP, answering every name with made-up addresses from the documentation ranges,
 * and keeping the names it was asked, so a test can see what was (and was not) forwarded.
 */
class UpstreamStandIn {
  readonly asked: string[] = [];
  private udp: UdpSocket | undefined;
  private tcp: Server | undefined;
  port = 0;

  answer(query: dnsPacket.DecodedPacket, transport: 'udp' | 'tcp'): Buffer {
    const q = query.questions![0]!;
    this.asked.push(`${q.name.toLowerCase()} ${q.type} ${transport}`);
    // "ad." names: answered as a validating resolver (or a forger on the way) would, AD and AA set.
    const flags = q.name.startsWith('ad.')
      ? dnsPacket.RECURSION_AVAILABLE | dnsPacket.AUTHENTIC_DATA | dnsPacket.AUTHORITATIVE_ANSWER
      : dnsPacket.RECURSION_AVAILABLE;
    const base = { type: 'response' as const, id: query.id, flags, questions: [q] };
    if (q.name.startsWith('nx.')) {
      return dnsPacket.encode({
        ...base,
        flags: dnsPacket.RECURSION_AVAILABLE | 3,
        authorities: [
          { type: 'SOA', name: 'example', ttl: 300, data: { mname: 'ns.example', rname: 'h.example', minimum: 30 } },
        ],
      });
    }
    if (q.type === 'TXT' && q.name.startsWith('big.')) {
      // 20 × 100 bytes: over any UDP size a client offers here, so it comes truncated and then over TCP.
      const answers = Array.from({ length: 20 }, (_, i) => ({
        type: 'TXT' as const,
        name: q.name,
        ttl: 300,
        data: `${i}`.padEnd(100, 'x'),
      }));
      const full = dnsPacket.encode({ ...base, answers });
      if (transport === 'udp' && full.length > 512) {
        return dnsPacket.encode({ ...base, flags: dnsPacket.RECURSION_AVAILABLE | dnsPacket.TRUNCATED_RESPONSE });
      }
      return full;
    }
    const answers: dnsPacket.Answer[] =
      q.type === 'AAAA'
        ? [{ type: 'AAAA', name: q.name, ttl: 120, data: '2001:db8::1' }]
        : q.type === 'A'
          ? [{ type: 'A', name: q.name, ttl: 120, data: `192.0.2.${(this.asked.length % 250) + 1}` }]
          : [];
    return dnsPacket.encode({ ...base, answers });
  }

  async start(): Promise<void> {
    const udp = createSocket('udp4');
    this.udp = udp;
    udp.on('message', (message, from) => {
      const query = dnsPacket.decode(message);
      if (query.questions?.[0]?.name.startsWith('silent.')) return;
      udp.send(this.answer(query, 'udp'), from.port, from.address);
    });
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    this.port = udp.address().port;
    this.tcp = createServer((socket) => {
      let pending = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
          const message = pending.subarray(2, 2 + pending.readUInt16BE(0));
          pending = pending.subarray(2 + message.length);
          const answer = this.answer(dnsPacket.decode(message), 'tcp');
          const prefix = Buffer.alloc(2);
          prefix.writeUInt16BE(answer.length);
          socket.write(Buffer.concat([prefix, answer]));
        }
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => this.tcp!.listen(this.port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.udp?.close();
    await new Promise((resolve) => this.tcp?.close(resolve));
  }
}

/** Stands in for a resolver that has gone away: a UDP socket that reads and never answers. */
async function deadResolver(): Promise<{ port: number; close(): void }> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, close: () => socket.close() };
}

function rawUdp(port: number, packet: Buffer): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      resolve(undefined);
    }, 1500);
    socket.on('message', (message) => {
      clearTimeout(timer);
      socket.close();
      resolve(message);
    });
    socket.send(packet, port, '127.0.0.1');
  });
}

/** Sends each packet in turn from one socket; collects the answers until the last packet's own answer arrives. */
function exchange(port: number, packets: Buffer[]): Promise<dnsPacket.DecodedPacket[]> {
  const lastId = packets.at(-1)!.readUInt16BE(0);
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const got: dnsPacket.DecodedPacket[] = [];
    socket.on('message', (message) => {
      got.push(dnsPacket.decode(message));
      if (message.readUInt16BE(0) === lastId) {
        socket.close();
        resolve(got);
      }
    });
    socket.bind(0, '127.0.0.1', () => {
      for (const packet of packets) socket.send(packet, port, '127.0.0.1');
    });
  });
}

function rawTcp(port: number, frames: Buffer[]): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const got: Buffer[] = [];
    let pending = Buffer.alloc(0);
    socket.on('error', reject);
    socket.on('connect', () => socket.write(Buffer.concat(frames)));
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        got.push(pending.subarray(2, 2 + pending.readUInt16BE(0)));
        pending = pending.subarray(2 + pending.readUInt16BE(0));
      }
      if (got.length === frames.length) {
        socket.end();
        resolve(got);
      }
    });
  });
}

const query = (name: string, type: string, id = 4242, edns = false) =>
  dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type: type as dnsPacket.RecordType }],
    additionals: edns
      ? [
          {
            type: 'OPT',
            name: '.',
            udpPayloadSize: 1232,
            extendedRcode: 0,
            ednsVersion: 0,
            flags: 0,
            flag_do: false,
            options: [],
          },
        ]
      : [],
  });

const framed = (packet: Buffer) => {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(packet.length);
  return Buffer.concat([prefix, packet]);
};

describe('FilteringResolver (real UDP and TCP on 127.0.0.1, a stand-in upstream)', () => {
  const upstream = new UpstreamStandIn();
  let dead: { port: number; close(): void };
  let clock = 1_000_000;
  const warnings: string[] = [];
  let resolver: FilteringResolver;
  let ask: Resolver;

  beforeAll(async () => {
    await upstream.start();
    dead = await deadResolver();
    resolver = new FilteringResolver({
      port: 0,
      addresses: ['127.0.0.1'],
      upstreams: () => [
        { address: '127.0.0.1', port: dead.port },
        { address: '127.0.0.1', port: upstream.port },
      ],
      timeoutMs: 300,
      // Long enough for the pipelining test's client to stall it and then read everything, on a loaded machine.
      tcpIdleMs: 120_000,
      now: () => clock,
      log: { info: () => undefined, warn: (m) => warnings.push(m) },
    });
    await resolver.start();
    resolver.setFilter(
      NameFilter.build(
        [
          { category: 'games', domains: ['games.example', 'miniclip.test'], urls: [] },
          { category: 'news', domains: ['news.example'], urls: [] },
        ],
        { blockedCategories: ['games'], allowList: ['ok.miniclip.test'], blockList: ['listed.example'] },
      ),
    );
    ask = new Resolver({ timeout: 3000, tries: 1 });
    ask.setServers([`127.0.0.1:${resolver.port}`]);
  });

  afterAll(async () => {
    await resolver.stop();
    await upstream.stop();
    dead.close();
  });

  it('answers a blocked category domain and its subdomains NXDOMAIN for A, AAAA and HTTPS, without asking upstream', async () => {
    await expect(ask.resolve4('games.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(ask.resolve4('www.games.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(ask.resolve6('cdn.miniclip.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(ask.resolve4('a.listed.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    const https = dnsPacket.decode((await rawUdp(resolver.port, query('www.games.example', 'UNKNOWN_65', 7, true)))!);
    expect(https).toMatchObject({ id: 7, rcode: 'NXDOMAIN', type: 'response' });
    expect(https.authorities?.[0]).toMatchObject({ type: 'SOA', ttl: 60 });
    const ede = (https.additionals?.[0] as dnsPacket.OptAnswer).options[0] as unknown as { code: number; data: Buffer };
    expect(ede.code).toBe(15);
    expect(ede.data.readUInt16BE(0)).toBe(15);
    const svcb = dnsPacket.decode((await rawUdp(resolver.port, query('games.example', 'UNKNOWN_64', 8)))!);
    expect(svcb).toMatchObject({ id: 8, rcode: 'NXDOMAIN' });

    // The sentinel: an allowed name asked after them reaches the upstream, and is the only thing that did.
    expect(await ask.resolve4('sentinel-1.example')).toHaveLength(1);
    expect(upstream.asked.filter((q) => !q.startsWith('sentinel-1.'))).toEqual([]);
  });

  it('forwards what the policy allows (an unblocked category, the allow list) and caches it by its TTL', async () => {
    const [first] = await ask.resolve4('news.example');
    expect(first).toMatch(/^192\.0\.2\./);
    expect(await ask.resolve4('ok.miniclip.test')).toHaveLength(1);
    expect(await ask.resolve6('news.example')).toEqual(['2001:db8::1']);
    const askedBefore = upstream.asked.length;
    clock += 100_000; // 100 of its 120 s
    const again = await ask.resolve4('news.example', { ttl: true });
    expect(again).toEqual([{ address: first, ttl: 20 }]);
    expect(upstream.asked.length).toBe(askedBefore);
    clock += 21_000; // past its TTL: asked again
    await ask.resolve4('news.example');
    expect(upstream.asked.slice(askedBefore)).toEqual(['news.example A udp']);
    expect(resolver.counts.cached).toBeGreaterThan(0);
  });

  it('keeps a negative answer as long as its SOA says', async () => {
    await expect(ask.resolve4('nx.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    const askedBefore = upstream.asked.length;
    await expect(ask.resolve4('nx.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(upstream.asked.length).toBe(askedBefore);
  });

  it('answers over TCP, and takes a truncated upstream answer again over TCP', async () => {
    const [blockedAnswer, allowed] = await rawTcp(resolver.port, [
      framed(query('games.example', 'A', 1)),
      framed(query('tcp.example', 'A', 2)),
    ]);
    expect(dnsPacket.decode(blockedAnswer!)).toMatchObject({ id: 1, rcode: 'NXDOMAIN' });
    expect(dnsPacket.decode(allowed!)).toMatchObject({ id: 2, rcode: 'NOERROR' });
    // node's resolver (c-ares) asks over UDP, gets ours truncated, and asks again over TCP.
    const txt = await ask.resolveTxt('big.example');
    expect(txt).toHaveLength(20);
    expect(upstream.asked.filter((q) => q.startsWith('big.example'))).toEqual([
      'big.example TXT udp',
      'big.example TXT tcp',
    ]);
  });

  it('clears the AD bit in what it forwards and what it serves from its cache: it does not validate DNSSEC', async () => {
    const direct = dnsPacket.decode((await rawUdp(upstream.port, query('ad.example', 'A', 20, true)))!);
    expect(direct.flags! & dnsPacket.AUTHENTIC_DATA).not.toBe(0); // the stand-in does say "validated"
    const forwarded = dnsPacket.decode((await rawUdp(resolver.port, query('ad.example', 'A', 21, true)))!);
    expect(forwarded).toMatchObject({ id: 21, rcode: 'NOERROR' });
    expect(forwarded.answers).toHaveLength(1);
    expect(forwarded.flags! & dnsPacket.AUTHENTIC_DATA).toBe(0);
    const askedBefore = upstream.asked.length;
    const cached = dnsPacket.decode((await rawUdp(resolver.port, query('ad.example', 'A', 22, true)))!);
    expect(upstream.asked.length).toBe(askedBefore); // from the cache
    expect(cached.flags! & dnsPacket.AUTHENTIC_DATA).toBe(0);
    expect(cached.flags! & dnsPacket.AUTHORITATIVE_ANSWER).not.toBe(0); // AA is still passed on
    const [overTcp] = await rawTcp(resolver.port, [framed(query('ad.example', 'AAAA', 23, true))]);
    expect(dnsPacket.decode(overTcp!).flags! & dnsPacket.AUTHENTIC_DATA).toBe(0);
  });

  it('bounds what a TCP client that pipelines thousands of queries and reads nothing makes it hold, and answers everyone', async () => {
    // Each answer ~2.1 KB from the cache: 8,000 of them (17 MB) are more than the kernel's socket buffers take.
    await rawTcp(resolver.port, [framed(query('big.example', 'TXT', 1))]);
    const total = 8000;
    const queriesBefore = resolver.counts.queries;
    const stalledBefore = resolver.counts.tcpStalled;
    const client = connect({ port: resolver.port, host: '127.0.0.1' });
    client.pause(); // reads nothing
    await once(client, 'connect');
    client.write(Buffer.concat(Array.from({ length: total }, (_, i) => framed(query('big.example', 'TXT', i)))));
    // The resolver stops reading this connection once its answers back up past the high-water mark.
    await vi.waitFor(() => expect(resolver.counts.tcpStalled).toBeGreaterThan(stalledBefore), {
      timeout: 60_000,
      interval: 50,
    });
    const takenWhenStalled = resolver.counts.queries - queriesBefore;
    expect(takenWhenStalled).toBeLessThan(total);
    // Everyone else is still answered meanwhile (UDP and another TCP connection); the last is the sentinel.
    expect(await ask.resolve4('during-stall.example')).toHaveLength(1);
    const [other] = await rawTcp(resolver.port, [framed(query('other-tcp.example', 'A', 3))]);
    expect(dnsPacket.decode(other!)).toMatchObject({ id: 3, rcode: 'NOERROR' });
    // Still not all read (the kernel's buffers hold at most ~2,000 of these answers), and only bounded bytes held.
    expect(resolver.counts.queries - queriesBefore - 2).toBeLessThan(total);
    expect(resolver.tcpPeaks.inFlight).toBeLessThanOrEqual(MAX_TCP_QUERIES_IN_FLIGHT);
    expect(resolver.tcpPeaks.writableBytes).toBeLessThanOrEqual(
      TCP_WRITE_HIGH_WATER + MAX_TCP_QUERIES_IN_FLIGHT * 65_537,
    );
    expect(resolver.tcpPeaks.unreadBytes).toBeLessThanOrEqual(2 * 65_537);
    // Once the client reads, every query is answered, each once.
    const ids = new Set<number>();
    let pending = Buffer.alloc(0);
    await new Promise<void>((resolve, reject) => {
      client.on('error', reject);
      client.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
          const answer = dnsPacket.decode(pending.subarray(2, 2 + pending.readUInt16BE(0)));
          if (answer.answers?.length === 20) ids.add(answer.id!);
          pending = pending.subarray(2 + pending.readUInt16BE(0));
        }
        if (ids.size === total) resolve();
      });
      client.resume();
    });
    client.destroy();
    expect(ids.size).toBe(total);
  }, 120_000);

  it('closes a TCP connection that sends nothing', async () => {
    const quick = new FilteringResolver({
      port: 0,
      addresses: ['127.0.0.1'],
      upstreams: () => [],
      tcpIdleMs: 200,
      log: { info: () => undefined, warn: () => undefined },
    });
    await quick.start();
    try {
      const idle = connect({ port: quick.port, host: '127.0.0.1' });
      idle.on('error', () => undefined);
      idle.resume();
      await once(idle, 'close');
    } finally {
      await quick.stop();
    }
  });

  it('tries the next upstream when one does not answer, and says SERVFAIL when none does', async () => {
    expect(await ask.resolve4('after-dead.example')).toHaveLength(1);
    await expect(ask.resolve4('silent.example')).rejects.toMatchObject({ code: 'ESERVFAIL' });
  });

  it('answers malformed queries FORMERR where it can, drops the rest, and goes on answering', async () => {
    const header = Buffer.alloc(12);
    header.writeUInt16BE(0xbeef, 0);
    header.writeUInt16BE(dnsPacket.RECURSION_DESIRED, 2);
    header.writeUInt16BE(3, 4); // three questions promised, none there
    const twoQuestions = dnsPacket.encode({
      type: 'query',
      id: 9,
      questions: [
        { name: 'a.example', type: 'A' },
        { name: 'b.example', type: 'A' },
      ],
    });
    const badLabel = Buffer.concat([Buffer.from([0, 12, 1, 0]), Buffer.from([0, 1, 0, 0, 0, 0, 0, 0, 63, 97])]);
    const aResponse = dnsPacket.encode({ type: 'response', id: 10, questions: [{ name: 'x.example', type: 'A' }] });
    // Sent in turn on one socket; the last, a good query, is the sentinel: what comes back before it is all there is.
    const replies = await exchange(resolver.port, [
      Buffer.from([1, 2, 3]),
      header,
      twoQuestions,
      badLabel,
      aResponse,
      query('sentinel-2.example', 'A', 11),
    ]);
    expect(replies.map((r) => [r.id, r.rcode])).toEqual([
      [0xbeef, 'FORMERR'],
      [9, 'FORMERR'],
      [12, 'FORMERR'],
      [11, 'NOERROR'],
    ]);
    // Random bytes (a fuzz of 300 headers and bodies) are answered or dropped, never thrown.
    let seed = 1;
    const junk = Array.from({ length: 300 }, (_, i) => {
      const bytes = Buffer.alloc(12 + (i % 60));
      for (let j = 0; j < bytes.length; j++) bytes[j] = (seed = (seed * 48271) % 2147483647) & 0xff;
      bytes[2] = bytes[2]! & 0x7f; // a query, so that it is parsed
      return bytes;
    });
    await Promise.all(junk.map((bytes) => resolver.answer(bytes, 'udp')));
    // Garbage over TCP costs that connection at most.
    const [formErr] = await rawTcp(resolver.port, [framed(Buffer.from([0, 5, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 7]))]);
    expect(dnsPacket.decode(formErr!)).toMatchObject({ id: 5, rcode: 'FORMERR' });
    expect(await ask.resolve4('still-answering.example')).toHaveLength(1);
    expect(resolver.counts.malformed).toBeGreaterThan(3);
  }, 20_000);

  it('blocks from a 1,000,000-domain category list', async () => {
    const domains = Array.from({ length: 1_000_000 }, (_, i) => `site${i.toString(36)}.ut1.test`);
    const filter = NameFilter.build([{ category: 'adult', domains, urls: [] }], {
      blockedCategories: ['adult'],
      allowList: [],
      blockList: [],
    });
    expect(filter.categoryDomains).toBe(1_000_000);
    resolver.setFilter(filter);
    await expect(ask.resolve4('www.site2n9c.ut1.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(ask.resolve4(`${domains[999_999]}`)).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(await ask.resolve4('notlisted.ut1.test')).toHaveLength(1);
    expect(upstream.asked).toContain('notlisted.ut1.test A udp');
    expect(upstream.asked.some((q) => q.includes('site2n9c'))).toBe(false);
  }, 60_000);

  it('listens on loopback only', () => {
    expect(() => new FilteringResolver({ port: 0, addresses: ['0.0.0.0'], upstreams: () => [], log: console })).toThrow(
      /loopback only/,
    );
  });
});
