import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFile, writeFile, chmod } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';

/** The port the browser extension asks for the agent's key when its config names none (below 1024: root's). */
export const DEFAULT_AGENT_KEY_PORT = 471;

/** What the service signs for a bridge answer; the extension (background.js) builds the same text to verify it. */
export const vouchedText = (nonce: string, status: number, bodySha256: string): string =>
  `lookout-bridge-answer\n${nonce}\n${status}\n${bodySha256}`;

/**
 * The service's word that a browser-bridge answer came from a genuine session agent. The session agent runs as the
 * pupil, so whatever it holds the pupil can read: a key in the extension's config proves nothing to the extension
 * once a pupil's program has killed the agent and taken its port. This key (ECDSA P-256) is root's alone (0600 in
 * the service's data dir); the service signs an answer's nonce, status and body digest only when a genuine session
 * agent asks, and serves the public key on a port below 1024 on 127.0.0.1, where only root can listen, so the
 * extension can trust the key it fetches there without holding any secret of its own.
 */
export class BridgeVouching {
  private server: Server | undefined;

  private constructor(
    private readonly privateKey: KeyObject,
    readonly publicKey: string,
  ) {}

  /** The service's key pair, made at first start and kept in `file` (root, 0600). */
  static async open(file: string): Promise<BridgeVouching> {
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey(await readFile(file, 'utf8'));
    } catch {
      privateKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      await writeFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    }
    await chmod(file, 0o600);
    const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
    return new BridgeVouching(privateKey, spki.toString('base64'));
  }

  /** Base64 r‖s, the form WebCrypto's ECDSA verify takes. */
  vouch(nonce: string, status: number, bodySha256: string): string {
    return sign('sha256', Buffer.from(vouchedText(nonce, status, bodySha256)), {
      key: this.privateKey,
      dsaEncoding: 'ieee-p1363',
    }).toString('base64');
  }

  /**
   * Serves `GET /agent-key` on 127.0.0.1:`port`. Refused when the port is one an ordinary user could listen on (a
   * lowered net.ipv4.ip_unprivileged_port_start): then the extension could be handed a pupil's key.
   */
  async serve(port: number, unprivilegedPortStart: number): Promise<void> {
    if (port >= unprivilegedPortStart || port >= 1024) {
      throw new Error(
        `port ${port} is not reserved for root here (unprivileged ports start at ${unprivilegedPortStart}): the browser extension could not trust it`,
      );
    }
    const body = JSON.stringify({ algorithm: 'ECDSA-P256-SHA256', publicKey: this.publicKey });
    const server = createServer((req, res) => {
      const ok = req.method === 'GET' && req.url === '/agent-key';
      res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(ok ? body : '{"error":"not found"}');
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

/** Linux's first port an ordinary user may listen on (1024 unless lowered; 0 in some containers). */
export async function unprivilegedPortStart(): Promise<number> {
  const text = await readFile('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8').catch(() => '1024');
  const n = Number(text.trim());
  return Number.isInteger(n) ? n : 0;
}
