import { X509Certificate, createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer, type TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleTlsMaterial, type ConsoleTlsMaterial } from './ConsoleCertificates.js';

const DAY = 86_400_000;
const start = new Date();
const names = ['console.school.test', '10.1.2.3', '2001:db8::5', 'localhost', '127.0.0.1'];

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'lookout-tls-'));
}

/** A real TLS handshake against the material, trusting only `ca`: resolves with the client's verdict. */
async function handshake(material: ConsoleTlsMaterial, ca: string, servername: string): Promise<string> {
  const server = createServer({ key: material.key, cert: material.cert }, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  try {
    return await new Promise<string>((resolve) => {
      const socket: TLSSocket = connect({ host: '127.0.0.1', port, ca, servername }, () => {
        resolve('authorized');
        socket.destroy();
      });
      socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    });
  } finally {
    server.close();
  }
}

describe('consoleTlsMaterial with the console’s own CA', () => {
  it('creates a CA and a server certificate for every name, keys readable by the owner only', async () => {
    const dir = tempDir();
    const material = await consoleTlsMaterial({ dir, names, now: start });

    const ca = new X509Certificate(readFileSync(join(dir, 'ca.crt')));
    expect(ca.ca).toBe(true);
    expect(new Date(ca.validTo).getTime() - start.getTime()).toBeGreaterThan(9 * 365 * DAY);
    expect(material.caPin).toBe(`sha256/${createHash('sha256').update(ca.raw).digest('base64url')}`);
    expect(material.caCertificate).toBe(ca.toString());

    const server = new X509Certificate(readFileSync(join(dir, 'server.crt')));
    expect(server.ca).toBe(false);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkHost('console.school.test')).toBe('console.school.test');
    expect(server.checkIP('10.1.2.3')).toBe('10.1.2.3');
    expect(server.checkIP('2001:db8::5')).toBe('2001:db8::5');
    expect(server.checkHost('other.school.test')).toBeUndefined();
    for (const key of ['ca.key', 'server.key']) expect(statSync(join(dir, key)).mode & 0o777).toBe(0o600);
    expect(material.changes).toHaveLength(2);

    expect(await handshake(material, material.caCertificate, 'console.school.test')).toBe('authorized');
    expect(await handshake(material, material.caCertificate, 'elsewhere.test')).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('keeps its CA and certificate across starts, and renews the certificate near expiry or for new names', async () => {
    const dir = tempDir();
    const first = await consoleTlsMaterial({ dir, names, now: start });

    const again = await consoleTlsMaterial({ dir, names, now: new Date(start.getTime() + 100 * DAY) });
    expect(again.changes).toEqual([]);
    expect(again.cert).toBe(first.cert);

    const renamed = await consoleTlsMaterial({ dir, names: [...names, 'lookout.school.test'], now: start });
    expect(renamed.changes.join()).toMatch(/does not name lookout\.school\.test/);
    expect(renamed.caPin).toBe(first.caPin);
    // An agent that pinned the CA at enrolment still trusts the renewed certificate.
    expect(await handshake(renamed, first.caCertificate, 'lookout.school.test')).toBe('authorized');

    const late = await consoleTlsMaterial({ dir, names, now: new Date(start.getTime() + 710 * DAY) });
    expect(late.changes.join()).toMatch(/renewed the server certificate \(expires/);
    expect(late.caPin).toBe(first.caPin);
    expect(late.validTo.getTime()).toBeGreaterThan(first.validTo.getTime() + 600 * DAY);
  });

  it('gives a different CA, and so a different pin, to another console', async () => {
    const a = await consoleTlsMaterial({ dir: tempDir(), names, now: start });
    const b = await consoleTlsMaterial({ dir: tempDir(), names, now: start });
    expect(a.caPin).not.toBe(b.caPin);
    expect(await handshake(b, a.caCertificate, 'console.school.test')).toBe('SELF_SIGNED_CERT_IN_CHAIN');
  });
});

describe('consoleTlsMaterial with a school’s certificate', () => {
  it('uses the chain as given and pins its root', async () => {
    const school = await consoleTlsMaterial({ dir: tempDir(), names, now: start });
    const dir = tempDir();
    writeFileSync(join(dir, 'chain.pem'), school.cert);
    writeFileSync(join(dir, 'key.pem'), school.key);
    const provided = await consoleTlsMaterial({
      dir: tempDir(),
      names: ['ignored'],
      provided: { certFile: join(dir, 'chain.pem'), keyFile: join(dir, 'key.pem') },
      now: start,
    });
    expect(provided.caPin).toBe(school.caPin);
    expect(provided.cert).toBe(school.cert);
    expect(await handshake(provided, provided.caCertificate, 'console.school.test')).toBe('authorized');
  });

  it('refuses a chain without its root, and a key that is not the certificate’s, saying why', async () => {
    const school = await consoleTlsMaterial({ dir: tempDir(), names, now: start });
    const other = await consoleTlsMaterial({ dir: tempDir(), names, now: start });
    const dir = tempDir();
    writeFileSync(join(dir, 'leaf.pem'), school.cert.slice(0, school.cert.indexOf('-----END CERTIFICATE-----') + 26));
    writeFileSync(join(dir, 'chain.pem'), school.cert);
    writeFileSync(join(dir, 'key.pem'), school.key);
    writeFileSync(join(dir, 'other-key.pem'), other.key);
    const files = (certFile: string, keyFile: string) => ({
      dir: tempDir(),
      names,
      provided: { certFile: join(dir, certFile), keyFile: join(dir, keyFile) },
      now: start,
    });
    await expect(consoleTlsMaterial(files('leaf.pem', 'key.pem'))).rejects.toThrow(/must end with its root/);
    await expect(consoleTlsMaterial(files('chain.pem', 'other-key.pem'))).rejects.toThrow(/does not belong/);
    await expect(
      consoleTlsMaterial({ ...files('chain.pem', 'key.pem'), now: new Date(start.getTime() + 800 * DAY) }),
    ).rejects.toThrow(/expired/);
  });
});
