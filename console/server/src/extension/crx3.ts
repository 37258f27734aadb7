import { createHash, createPublicKey, sign, type KeyObject } from 'node:crypto';

// CRX3, the container Chrome and Edge install extensions from (Chromium's components/crx_file/crx3.proto):
// "Cr24", version 3, the header's length, a CrxFileHeader, then the ZIP. Written here rather than taken from npm:
// the maintained packer (crx3 2.x) needs Node 22 and the older one (crx 5) pulls in an unmaintained RSA library and
// archiver 3; the format is three protobuf fields and one RSA signature, which node:crypto makes.

/** A protobuf varint. */
function varint(value: number): Buffer {
  const bytes: number[] = [];
  let v = value;
  while (v >= 0x80) {
    bytes.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

/** A length-delimited protobuf field (wire type 2). */
function field(number: number, value: Buffer): Buffer {
  return Buffer.concat([varint(number * 8 + 2), varint(value.length), value]);
}

/** The public key as Chrome hashes it: DER SubjectPublicKeyInfo. */
export function publicKeyDer(key: KeyObject): Buffer {
  return createPublicKey(key).export({ type: 'spki', format: 'der' });
}

/** The extension's id: the first 16 bytes of the public key's SHA-256, each hex digit written a–p. */
export function extensionIdOf(key: KeyObject): string {
  const hash = createHash('sha256').update(publicKeyDer(key)).digest().subarray(0, 16);
  return [...hash.toString('hex')].map((d) => String.fromCharCode(97 + parseInt(d, 16))).join('');
}

/** Packs a ZIP of the extension's files as a CRX3 signed with the RSA private key. */
export function crx3(zip: Buffer, privateKey: KeyObject): Buffer {
  const spki = publicKeyDer(privateKey);
  const crxId = createHash('sha256').update(spki).digest().subarray(0, 16);
  const signedData = field(1, crxId);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(signedData.length);
  const signature = sign(
    'sha256',
    Buffer.concat([Buffer.from('CRX3 SignedData\x00', 'latin1'), length, signedData, zip]),
    privateKey,
  );
  const header = Buffer.concat([
    field(2, Buffer.concat([field(1, spki), field(2, signature)])),
    field(10000, signedData),
  ]);
  const prefix = Buffer.alloc(12);
  prefix.write('Cr24', 0, 'latin1');
  prefix.writeUInt32LE(3, 4);
  prefix.writeUInt32LE(header.length, 8);
  return Buffer.concat([prefix, header, zip]);
}
