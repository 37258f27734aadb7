import type { Answer } from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { DnsAnswerCache } from './DnsAnswerCache.js';

const a = (name: string, ttl: number): Answer => ({ type: 'A', name, ttl, data: '192.0.2.1' });
const key = (name: string) => DnsAnswerCache.key(name, 'A', 'IN', false);

describe('DnsAnswerCache', () => {
  it('serves an answer with its TTL counted down until the shortest record expires', () => {
    let now = 0;
    const cache = new DnsAnswerCache(() => now);
    expect(cache.put(key('x.test'), { type: 'response', answers: [a('x.test', 300), a('x.test', 60)] })).toBe(true);
    now = 45_500;
    expect(cache.get(key('X.test.'))?.answers.map((r) => r.ttl)).toEqual([255, 15]);
    now = 60_000;
    expect(cache.get(key('x.test'))).toBeUndefined();
  });

  it('keeps NOERROR and NXDOMAIN only, never a truncated answer, and nothing without a TTL to go by', () => {
    const cache = new DnsAnswerCache(() => 0);
    expect(cache.put(key('fail.test'), { type: 'response', rcode: 'SERVFAIL', answers: [a('fail.test', 60)] })).toBe(
      false,
    );
    expect(cache.put(key('tc.test'), { type: 'response', flag_tc: true, answers: [a('tc.test', 60)] })).toBe(false);
    expect(cache.put(key('nodata.test'), { type: 'response', answers: [] })).toBe(false);
    const soa: Answer = { type: 'SOA', name: 'test', ttl: 900, data: { mname: 'ns', rname: 'h', minimum: 30 } };
    expect(cache.put(key('nx.test'), { type: 'response', rcode: 'NXDOMAIN', authorities: [soa] })).toBe(true);
    expect(cache.get(key('nx.test'))).toMatchObject({ rcode: 3, answers: [] });
  });

  it('keeps AA but never AD: nothing here validated the answer', () => {
    const cache = new DnsAnswerCache(() => 0);
    const AA = 1 << 10;
    const AD = 1 << 5;
    cache.put(key('ad.test'), { type: 'response', flags: AA | AD | (1 << 7), answers: [a('ad.test', 60)] });
    expect(cache.get(key('ad.test'))?.flags).toBe(AA);
  });

  it('caps a TTL at a day and drops the least recently used entry when full', () => {
    let now = 0;
    const cache = new DnsAnswerCache(() => now, 2);
    cache.put(key('one.test'), { type: 'response', answers: [a('one.test', 10 * 86_400)] });
    cache.put(key('two.test'), { type: 'response', answers: [a('two.test', 60)] });
    cache.get(key('one.test'));
    cache.put(key('three.test'), { type: 'response', answers: [a('three.test', 60)] });
    expect(cache.get(key('two.test'))).toBeUndefined();
    expect(cache.size).toBe(2);
    now = 86_400_000;
    expect(cache.get(key('one.test'))).toBeUndefined();
  });
});
