import type { Answer, Packet } from 'dns-packet';

/** What the cache keeps of an upstream's answer: its code, flags and records (never the client's id or OPT). */
export interface CachedAnswer {
  rcode: number;
  /** AA as the upstream set it (never AD: the filtering resolver does not validate DNSSEC, so it claims nothing). */
  flags: number;
  answers: Answer[];
  authorities: Answer[];
  additionals: Answer[];
}

interface Entry {
  answer: CachedAnswer;
  storedAt: number;
  expiresAt: number;
}

const NOERROR = 0;
const NXDOMAIN = 3;
const KEPT_FLAGS = 1 << 10; // AA only: AD would say "validated", which nothing here did

const records = (answer: CachedAnswer) =>
  [...answer.answers, ...answer.authorities, ...answer.additionals].filter((r) => r.type !== 'OPT');

/**
 * The filtering resolver's cache of forwarded answers, honouring each answer's TTLs: an answer lives as long as
 * its shortest record (a negative answer as its SOA says, RFC 2308), at most `maxTtlSeconds`, and is served with
 * its TTLs counted down. Only NOERROR and NXDOMAIN are kept (a failure is asked again). The least recently used
 * entry goes first when full. Pure: the clock is given.
 */
export class DnsAnswerCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number,
    private readonly maxEntries = 10_000,
    private readonly maxTtlSeconds = 86_400,
  ) {}

  static key(name: string, type: string, klass: string, dnssecOk: boolean): string {
    return `${name.toLowerCase().replace(/\.$/, '')}|${type}|${klass}|${dnssecOk ? 'do' : ''}`;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The answer with its TTLs lowered by the time it has been kept, or undefined (absent or expired). */
  get(key: string): CachedAnswer | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = this.now();
    if (now >= entry.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    const aged = Math.floor((now - entry.storedAt) / 1000);
    const age = (list: Answer[]) =>
      list.map((r) => (r.type === 'OPT' ? r : { ...r, ttl: Math.max(0, (r.ttl ?? 0) - aged) }) as Answer);
    return {
      rcode: entry.answer.rcode,
      flags: entry.answer.flags,
      answers: age(entry.answer.answers),
      authorities: age(entry.answer.authorities),
      additionals: age(entry.answer.additionals),
    };
  }

  /** Keeps an upstream's answer when it may be kept. Returns whether it was. */
  put(key: string, response: Packet & { rcode?: string | number; flag_tc?: boolean }): boolean {
    const rcode = typeof response.rcode === 'number' ? response.rcode : rcodeOf(response.rcode);
    if (rcode !== NOERROR && rcode !== NXDOMAIN) return false;
    if (response.flag_tc || ((response.flags ?? 0) & (1 << 9)) !== 0) return false;
    const answer: CachedAnswer = {
      rcode,
      flags: (response.flags ?? 0) & KEPT_FLAGS,
      answers: response.answers ?? [],
      authorities: response.authorities ?? [],
      additionals: (response.additionals ?? []).filter((r) => r.type !== 'OPT'),
    };
    const ttl = ttlOf(answer);
    if (ttl === undefined || ttl <= 0) return false;
    const now = this.now();
    this.entries.delete(key);
    this.entries.set(key, { answer, storedAt: now, expiresAt: now + Math.min(ttl, this.maxTtlSeconds) * 1000 });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return true;
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * How long an answer may be kept: its shortest record's TTL; a negative answer (no answer records) by its SOA's
 * TTL and minimum, whichever is less; undefined when nothing says (no records at all), so it is not kept.
 */
export function ttlOf(answer: CachedAnswer): number | undefined {
  if (answer.answers.length === 0) {
    const soa = answer.authorities.find((r) => r.type === 'SOA');
    if (!soa || soa.type !== 'SOA') return undefined;
    return Math.min(soa.ttl ?? 0, soa.data.minimum ?? 0);
  }
  let ttl: number | undefined;
  for (const r of records(answer)) {
    const t = r.ttl ?? 0;
    if (ttl === undefined || t < ttl) ttl = t;
  }
  return ttl;
}

function rcodeOf(name: string | undefined): number {
  switch (name) {
    case undefined:
    case 'NOERROR':
      return NOERROR;
    case 'NXDOMAIN':
      return NXDOMAIN;
    default:
      return -1;
  }
}
