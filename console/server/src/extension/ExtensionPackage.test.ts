import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_EXTENSION_DIR,
  EXTENSION_KEY_FILE,
  extensionKey,
  packExtension,
  updateManifest,
} from './ExtensionPackage.js';

// A minimal protobuf reader for the CRX3 header: (field number, bytes) of each length-delimited field.
function fields(buffer: Buffer): [number, Buffer][] {
  const out: [number, Buffer][] = [];
  let at = 0;
  const varint = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = buffer[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return value;
    }
  };
  while (at < buffer.length) {
    const tag = varint();
    expect(tag % 8).toBe(2);
    const length = varint();
    out.push([Math.floor(tag / 8), buffer.subarray(at, at + length)]);
    at += length;
  }
  return out;
}

describe('the extension as the console packs it (CRX3)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lookout-crx-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is signed with a key made once, kept 0600, that gives the same id after a restart', async () => {
    const first = await packExtension(DEFAULT_EXTENSION_DIR, extensionKey(dataDir));
    expect(statSync(join(dataDir, EXTENSION_KEY_FILE)).mode & 0o777).toBe(0o600);
    const again = await packExtension(DEFAULT_EXTENSION_DIR, extensionKey(dataDir));
    expect(again.id).toBe(first.id);
    expect(again.sha256).toBe(first.sha256);
    expect(first.id).toMatch(/^[a-p]{32}$/);
    const manifest = JSON.parse(readFileSync(join(DEFAULT_EXTENSION_DIR, 'manifest.json'), 'utf8'));
    expect(first.version).toBe(manifest.version);
    expect(Object.keys(first.files)).toContain('background.js');
    expect(Object.keys(first.files)).not.toContain('config.json');
  });

  it('carries a header whose RSA signature and id a browser can check', async () => {
    const pack = await packExtension(DEFAULT_EXTENSION_DIR, extensionKey(dataDir));
    const crx = pack.crx;
    expect(crx.subarray(0, 4).toString('latin1')).toBe('Cr24');
    expect(crx.readUInt32LE(4)).toBe(3);
    const headerLength = crx.readUInt32LE(8);
    const header = fields(crx.subarray(12, 12 + headerLength));
    const zip = crx.subarray(12 + headerLength);
    expect(zip.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
    const proof = fields(header.find(([n]) => n === 2)![1]);
    const spki = proof.find(([n]) => n === 1)![1];
    const signature = proof.find(([n]) => n === 2)![1];
    const signedData = header.find(([n]) => n === 10000)![1];
    const crxId = fields(signedData).find(([n]) => n === 1)![1];
    expect(crxId).toEqual(createHash('sha256').update(spki).digest().subarray(0, 16));
    const id = [...crxId.toString('hex')].map((d) => String.fromCharCode(97 + parseInt(d, 16))).join('');
    expect(id).toBe(pack.id);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(signedData.length);
    const signed = Buffer.concat([Buffer.from('CRX3 SignedData\x00', 'latin1'), length, signedData, zip]);
    const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    expect(verify('sha256', signed, publicKey, signature)).toBe(true);
    // Another key does not verify: the signature covers the files.
    const tampered = Buffer.from(signed);
    tampered[tampered.length - 30] ^= 1;
    expect(verify('sha256', tampered, publicKey, signature)).toBe(false);
  });

  it('is announced by a gupdate manifest naming its id, version and address', async () => {
    const xml = updateManifest(
      { id: 'a'.repeat(32), version: '1.2.3', sha256: 'ab' },
      "https://lookout.school:8443/extension/lookout.crx?x='1'",
    );
    expect(xml).toContain(`<app appid='${'a'.repeat(32)}'>`);
    expect(xml).toContain("codebase='https://lookout.school:8443/extension/lookout.crx?x=&apos;1&apos;'");
    expect(xml).toContain("version='1.2.3'");
  });
});
