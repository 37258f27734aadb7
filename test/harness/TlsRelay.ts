import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer, type SecureVersion, type Server, type TLSSocket } from 'node:tls';
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
