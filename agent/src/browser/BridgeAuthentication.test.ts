import { createHmac, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BridgeAuthentication } from './BridgeAuthentication.js';

const KEY = 'the-per-install-key-0123456789abcdef';
const now = 1_800_000_000_000;
const signed = (key: string, nonce: string, path: string, body: string) =>
  createHmac('sha256', key).update(`request\n${nonce}\n${path}\n${body}`).digest('hex');

describe('BridgeAuthentication', () => {
  it('accepts a fresh request signed with the key once, and signs the answer to its nonce', () => {
    const auth = new BridgeAuthentication(KEY, () => now);
    const nonce = `${now}.${randomUUID()}`;
    const request = { nonce, proof: signed(KEY, nonce, '/filter-rules', '{}'), path: '/filter-rules', body: '{}' };
    expect(auth.verifyRequest(request)).toBe(nonce);
    // The same request again (recorded and replayed by another process) is refused.
    expect(auth.verifyRequest(request)).toBeUndefined();
    expect(auth.signResponse(nonce, 200, '{"rules":[]}')).toBe(
      createHmac('sha256', KEY).update(`response\n${nonce}\n200\n{"rules":[]}`).digest('hex'),
    );
  });

  it('refuses another key, another path or body than signed, a stale nonce, and no proof', () => {
    const auth = new BridgeAuthentication(KEY, () => now);
    const fresh = () => `${now}.${randomUUID()}`;
    let n = fresh();
    expect(
      auth.verifyRequest({ nonce: n, proof: signed('another', n, '/x', ''), path: '/x', body: '' }),
    ).toBeUndefined();
    n = fresh();
    expect(auth.verifyRequest({ nonce: n, proof: signed(KEY, n, '/x', ''), path: '/y', body: '' })).toBeUndefined();
    n = fresh();
    expect(auth.verifyRequest({ nonce: n, proof: signed(KEY, n, '/x', 'a'), path: '/x', body: 'b' })).toBeUndefined();
    const old = `${now - 600_000}.${randomUUID()}`;
    expect(auth.verifyRequest({ nonce: old, proof: signed(KEY, old, '/x', ''), path: '/x', body: '' })).toBeUndefined();
    expect(auth.verifyRequest({ nonce: fresh(), proof: undefined, path: '/x', body: '' })).toBeUndefined();
    expect(auth.verifyRequest({ nonce: 'not-a-nonce', proof: 'x', path: '/x', body: '' })).toBeUndefined();
  });
});
