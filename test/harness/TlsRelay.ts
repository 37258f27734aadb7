import { execFileSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer, type SecureVersion, type Server, type TLSSocket } from 'node:tls';
import 'reflect-metadata'; // @peculiar/x509 needs the Reflect metadata API
import * as x509 from '@peculiar/x509';
import { paths } from './paths.js';

/** A certificate an attacker on the LAN can make: their own Lookout console's, naming 127.0.0.1 like ours. */
export function anotherConsolesCertificate(): { key: string; cert: string; caCertificate: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'lookout-attacker-'));
  // The real console command line creates its CA and server certificate on first use.
  execFileSync(process.execPath, [paths.consoleCli, 'enrolment-token'], {
    env: { ...process.env, LOOKOUT_DATA_DIR: dataDir, LOOKOUT_TLS: '1', LOOKOUT_HOST: '127.0.0.1' },
    stdio: 'ignore',
  });
  const tls = join(dataDir, 'tls');
  const caCertificate = readFileSync(join(tls, 'ca.crt'), 'utf8');
  return {
    key: readFileSync(join(tls, 'server.key'), 'utf8'),
    cert: readFileSync(join(tls, 'server.crt'), 'utf8') + caCertificate,
    caCertificate,
  };
}

/**
 * A forgery: a certificate for 127.0.0.1 that names the console's CA as its issuer (subject and key identifier)
 * but is signed by the attacker's own key. Presented with the real, public CA certificate after it, the chain
 * looks right by names alone; only checking the signature against the pinned CA exposes it.
 */
export async function forgedCertificateClaimingIssuer(caPem: string): Promise<{ key: string; cert: string }> {
  const ec = { name: 'ECDSA', namedCurve: 'P-256' };
  const ca = new x509.X509Certificate(caPem);
  const caKeyId = ca.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  if (!caKeyId) throw new Error('the CA certificate has no subject key identifier');
  const attackerKeys = (await webcrypto.subtle.generateKey(ec, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const leafKeys = (await webcrypto.subtle.generateKey(ec, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const leaf = await x509.X509CertificateGenerator.create({
    subject: 'CN=127.0.0.1',
    issuer: ca.subject,
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 30 * 86_400_000),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    publicKey: leafKeys.publicKey,
    signingKey: attackerKeys.privateKey,
    extensions: [
      new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }]),
      new x509.AuthorityKeyIdentifierExtension(caKeyId),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey);
  return { key: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'), cert: `${leaf.toString('pem')}\n${caPem}` };
}

/**
 * A relay on the LAN between agents and the console: it terminates TLS with its own certificate, records
 * everything it decrypts and, when told where, forwards it to the real console (trusting anything).
 */
export class TlsRelay {
  /** TCP connections accepted (a sentinel that a client did come). */
  connections = 0;
  /** TLS handshakes the client completed with the relay. */
  handshakes = 0;
  private readonly received: Buffer[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(options: {
    key: string;
    cert: string;
    port?: number;
    forwardTo?: { host: string; port: number };
    maxVersion?: SecureVersion;
  }): Promise<TlsRelay> {
    const server = createServer({
      key: options.key,
      cert: options.cert,
      ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', resolve);
    });
    const relay = new TlsRelay(server, (server.address() as { port: number }).port);
    server.on('connection', (socket: Socket) => {
      relay.connections += 1;
      relay.sockets.add(socket);
      socket.on('close', () => relay.sockets.delete(socket));
    });
    server.on('tlsClientError', () => undefined);
    server.on('secureConnection', (client: TLSSocket) => {
      relay.handshakes += 1;
      client.on('error', () => undefined);
      client.on('data', (chunk: Buffer) => relay.received.push(chunk));
      if (!options.forwardTo) return;
      const upstream = connect({ ...options.forwardTo, rejectUnauthorized: false });
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream).pipe(client);
    });
    return relay;
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  /** Everything clients sent, decrypted. */
  get decrypted(): string {
    return Buffer.concat(this.received).toString('latin1');
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
