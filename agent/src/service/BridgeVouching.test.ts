import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
  const digest = 'a'.repeat(64);

  it('signs an answer so that WebCrypto verifies it with the published key, and nothing else', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vouch-')), 'key.pem');
    const vouching = await BridgeVouching.open(file);
    const signature = vouching.vouch('1700000000000.n', 200, digest);
    expect(await verifies(vouching.publicKey, signature, vouchedText('1700000000000.n', 200, digest))).toBe(true);
    expect(await verifies(vouching.publicKey, signature, vouchedText('1700000000000.n', 204, digest))).toBe(false);
    expect(await verifies(vouching.publicKey, signature, vouchedText('1700000000000.m', 200, digest))).toBe(false);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Kept: the same key after a restart.
    expect((await BridgeVouching.open(file)).publicKey).toBe(vouching.publicKey);
  });

  it('will not serve its key on a port an ordinary user could listen on', async () => {
    const vouching = await BridgeVouching.open(join(mkdtempSync(join(tmpdir(), 'vouch-')), 'key.pem'));
    await expect(vouching.serve(47_101, 1024)).rejects.toThrow(/not reserved for root/);
    await expect(vouching.serve(471, 0)).rejects.toThrow(/not reserved for root/);
  });
});
