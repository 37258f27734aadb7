import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { chmod, link, readFile, unlink, writeFile } from 'node:fs/promises';
import type { BridgeExchange } from '@lookout/shared';

/** What the service signs for a bridge answer; the extension (background.js) builds the same text to verify it. */
export const vouchedText = (x: BridgeExchange): string =>
  `lookout-bridge-answer\n${x.nonce}\n${x.method}\n${x.path}\n${x.requestSha256}\n${x.status}\n${x.bodySha256}`;

/**
 * The service's word that a browser-bridge answer came from a genuine session agent. The session agent runs as the
 * pupil, so whatever it holds the pupil can read: a key in the extension's config proves nothing to the extension
 * once a pupil's program has killed the agent and taken its port. This key (ECDSA P-256) is root's alone (0600 in
 * the service's data dir); the service signs an exchange (the request's nonce, method, path and body digest, the
 * answer's status and body digest) only when a genuine session agent asks. The extension gets the public key from
 * what root wrote: the browser's managed policy (write-browser-policy, from `lookout-agent bridge-public-key`), or
 * the config.json a session agent writes for an unpacked copy (from the service's welcome). Never over the network:
 * the browser's proxy, which the pupil may choose, would carry it.
 */
export class BridgeVouching {
  private constructor(
    private readonly privateKey: KeyObject,
    /** Base64 SPKI (DER), what WebCrypto's importKey('spki') takes. */
    readonly publicKey: string,
  ) {}

  /**
   * The service's key pair, made the first time either the service or `lookout-agent bridge-public-key` (the
   * package's install step) needs it, and kept in `file` (root, 0600). Two made at once keep one.
   */
  static async open(file: string): Promise<BridgeVouching> {
    let pem = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (pem === undefined) {
      // Written whole beside it, then linked into place: link() fails if another got there first, and nobody ever
      // reads a half-written key.
      const made = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
      await writeFile(tmp, made.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
      try {
        await link(tmp, file).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'EEXIST') throw err;
        });
      } finally {
        await unlink(tmp);
      }
      pem = await readFile(file, 'utf8');
    }
    await chmod(file, 0o600);
    const privateKey = createPrivateKey(pem);
    const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
    return new BridgeVouching(privateKey, spki.toString('base64'));
  }

  /** Base64 r‖s, the form WebCrypto's ECDSA verify takes. */
  vouch(exchange: BridgeExchange): string {
    return sign('sha256', Buffer.from(vouchedText(exchange)), {
      key: this.privateKey,
      dsaEncoding: 'ieee-p1363',
    }).toString('base64');
  }
}

/** Where the service keeps its vouching key, in its data dir. */
export const BRIDGE_VOUCHING_KEY_FILE = 'bridge-vouching-key.pem';
