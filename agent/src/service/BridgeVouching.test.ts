import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BridgeExchange } from '@lookout/shared';
import { BridgeVouching, vouchedText } from './BridgeVouching.js';

// The extension verifies with WebCrypto (crypto.subtle), as Node's own implementation of it does here.
async function verifies(publicKey: string, signature: string, text: string): Promise<boolean> {
  const key = await crypto.subtle.importKey(
    'spki',
    Buffer.from(publicKey, 'base64'),
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['verify'],
  );
  return crypto.subtle.verify(
    { name: 'ECDSA', hash: 'SHA-256' },
    key,
    Buffer.from(signature, 'base64'),
    new TextEncoder().encode(text),
  );
}

describe('BridgeVouching', () => {
  const exchange: BridgeExchange = {
    nonce: '1700000000000.n',
    method: 'POST',
    path: '/navigate',
    requestSha256: 'b'.repeat(64),
    status: 200,
    bodySha256: 'a'.repeat(64),
  };

  it('signs an exchange so that WebCrypto verifies it with the public key, and no other exchange', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vouch-')), 'key.pem');
    const vouching = await BridgeVouching.open(file);
    const signature = vouching.vouch(exchange);
    expect(await verifies(vouching.publicKey, signature, vouchedText(exchange))).toBe(true);
    // Every part is covered: an answer vouched for one request is worth nothing for another (review finding 7).
    const others: Partial<BridgeExchange>[] = [
      { nonce: '1700000000000.m' },
      { method: 'GET' },
      { path: '/filter-rules' },
      { requestSha256: 'c'.repeat(64) },
      { status: 204 },
      { bodySha256: 'd'.repeat(64) },
    ];
    for (const other of others) {
      expect(await verifies(vouching.publicKey, signature, vouchedText({ ...exchange, ...other }))).toBe(false);
    }
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Kept: the same key after a restart.
    expect((await BridgeVouching.open(file)).publicKey).toBe(vouching.publicKey);
  });

  it('keeps one key when the service and the install step make it at once', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vouch-')), 'key.pem');
    const opened = await Promise.all([1, 2, 3, 4].map(() => BridgeVouching.open(file)));
    const keys = new Set(opened.map((v) => v.publicKey));
    expect(keys.size).toBe(1);
    const signature = opened[0]!.vouch(exchange);
    expect(await verifies(opened[3]!.publicKey, signature, vouchedText(exchange))).toBe(true);
  });
});
