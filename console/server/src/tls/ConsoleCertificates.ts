import { createHash, createPrivateKey, webcrypto, X509Certificate } from 'node:crypto';
type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type * as X509 from '@peculiar/x509';
import type { ConsoleTlsConfig } from '../config/ConsoleConfig.js';

// @peculiar/x509 signs with Node's WebCrypto (globalThis.crypto), which it finds by itself. It is loaded only to
// make a certificate (first start, renewal): with tsyringe and its ASN.1 schemas it was about a tenth of a
// console's start (measured under load: 2.8 s of 24 s), paid at every restart to read certificates that Node's own
// X509Certificate reads.
let peculiarX509: Promise<typeof X509> | undefined;
const x509Module = () =>
  // It resolves its services through tsyringe, which needs the Reflect metadata API first.
  (peculiarX509 ??= import('reflect-metadata').then(() => import('@peculiar/x509')));

const DAY_MS = 86_400_000;
/** The console's own CA outlives any PC it enrols: agents pin it once. */
export const CA_VALIDITY_DAYS = 3650;
/** Two years: within the 825 days Apple's systems accept for a certificate from a private CA. */
export const SERVER_VALIDITY_DAYS = 730;
/** A server certificate with less left than this is replaced at start. */
export const RENEW_WITHIN_DAYS = 30;

const EC_KEY: webcrypto.EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING: webcrypto.EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

export interface ConsoleTlsMaterial {
  /** The server's private key (PEM). */
  key: string;
  /** The chain the server presents (PEM): its certificate first, the CA last. */
  cert: string;
  /** The certificate agents pin (PEM): the console's own CA, or the root of the school's chain. */
  caCertificate: string;
  /** `sha256/<base64url>` of the pinned certificate's DER. */
  caPin: string;
  /** What this start created or renewed, for the log. */
  changes: string[];
  /** When the server certificate expires. */
  validTo: Date;
}

export interface ConsoleTlsOptions {
  /** Where the console keeps its own CA and server certificate (`<data dir>/tls`). */
  dir: string;
  /** Host names and IP addresses the server certificate names; the first is its subject. */
  names: readonly string[];
  /** A school's own certificate chain and key, used as they are instead of the console's own CA. */
  provided?: { certFile: string; keyFile: string } | undefined;
  now: Date;
}

/** The pin of a certificate: SHA-256 of its DER, `sha256/<base64url>`. */
export function caPinOf(certificate: X509Certificate): string {
  return `sha256/${createHash('sha256').update(certificate.raw).digest('base64url')}`;
}

/** Every certificate in a PEM file, in file order. */
export function certificatesIn(pem: string, where: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error(`${where} holds no PEM certificate`);
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch (err) {
      throw new Error(`${where}: certificate ${i + 1} cannot be read: ${(err as Error).message}`);
    }
  });
}

/**
 * The console's TLS key and certificate chain, and the CA agents pin. With a school's files, those are checked
 * and used as they are; otherwise the console's own CA is created on first start and its server certificate
 * created again whenever it nears expiry or no longer names every configured host.
 */
export async function consoleTlsMaterial(options: ConsoleTlsOptions): Promise<ConsoleTlsMaterial> {
  return options.provided ? providedMaterial(options.provided, options.now) : ownCaMaterial(options);
}

/** The material a console with these settings serves (in `<data dir>/tls`), or undefined for plain HTTP. */
export async function consoleTlsFor(
  config: { dataDir: string; tls: ConsoleTlsConfig | undefined },
  now: Date,
): Promise<ConsoleTlsMaterial | undefined> {
  if (!config.tls) return undefined;
  const { names, provided } = config.tls;
  return consoleTlsMaterial({ dir: join(config.dataDir, 'tls'), names, provided, now });
}

function providedMaterial(files: { certFile: string; keyFile: string }, now: Date): ConsoleTlsMaterial {
  const cert = readFileSync(files.certFile, 'utf8');
  const key = readFileSync(files.keyFile, 'utf8');
  const chain = certificatesIn(cert, `LOOKOUT_TLS_CERT (${files.certFile})`);
  const leaf = chain[0]!;
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch (err) {
    throw new Error(`LOOKOUT_TLS_KEY (${files.keyFile}) is not a PEM private key: ${(err as Error).message}`);
  }
  if (!leaf.checkPrivateKey(privateKey)) {
    throw new Error(`LOOKOUT_TLS_KEY does not belong to the first certificate in LOOKOUT_TLS_CERT (${leaf.subject})`);
  }
  for (let i = 0; i + 1 < chain.length; i++) {
    if (!chain[i]!.checkIssued(chain[i + 1]!) || !chain[i]!.verify(chain[i + 1]!.publicKey)) {
      throw new Error(
        `LOOKOUT_TLS_CERT: certificate ${i + 1} (${chain[i]!.subject}) is not issued by the next one ` +
          `(${chain[i + 1]!.subject}): list the server certificate first, then each issuer up to the root`,
      );
    }
  }
  // Agents trust only the pinned certificate, so it must be a trust anchor: the chain's self-signed root.
  const root = chain[chain.length - 1]!;
  if (!root.checkIssued(root) || !root.verify(root.publicKey)) {
    throw new Error(
      `LOOKOUT_TLS_CERT must end with its root certificate (the last one, ${root.subject}, is issued by ` +
        `${root.issuer}): append the root CA's certificate to the file`,
    );
  }
  const validTo = new Date(leaf.validTo);
  if (validTo <= now) throw new Error(`LOOKOUT_TLS_CERT expired on ${validTo.toISOString()}`);
  return { key, cert, caCertificate: root.toString(), caPin: caPinOf(root), changes: [], validTo };
}

interface KeyAndCertificate {
  keyPem: string;
  certificate: X509Certificate;
}

async function ownCaMaterial(options: ConsoleTlsOptions): Promise<ConsoleTlsMaterial> {
  const { dir, names, now } = options;
  if (names.length === 0) throw new Error('the server certificate needs at least one host name (LOOKOUT_TLS_NAMES)');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const changes: string[] = [];
  const caFiles = { key: join(dir, 'ca.key'), cert: join(dir, 'ca.crt') };
  const serverFiles = { key: join(dir, 'server.key'), cert: join(dir, 'server.crt') };

  let ca = readPair(caFiles);
  if (!ca) {
    ca = await createCa(now);
    writePair(caFiles, ca);
    changes.push(`created the console's CA (${caFiles.cert})`);
  }
  const caKey = await importSigningKey(ca.keyPem);

  let server = readPair(serverFiles);
  const reason = server && replacementReason(server.certificate, ca.certificate, names, now);
  if (!server || reason) {
    server = await createServerCertificate(ca, caKey, names, now);
    writePair(serverFiles, server);
    changes.push(
      `${reason ? `renewed the server certificate (${reason})` : 'created the server certificate'} for ` +
        names.join(', '),
    );
  }
  return {
    key: server.keyPem,
    cert: `${server.certificate.toString()}${ca.certificate.toString()}`,
    caCertificate: ca.certificate.toString(),
    caPin: caPinOf(ca.certificate),
    changes,
    validTo: new Date(server.certificate.validTo),
  };
}

/** Why a stored server certificate must be replaced, or undefined when it is still good. */
export function replacementReason(
  server: X509Certificate,
  ca: X509Certificate,
  names: readonly string[],
  now: Date,
): string | undefined {
  if (!server.checkIssued(ca) || !server.verify(ca.publicKey)) return 'not issued by the current CA';
  const left = new Date(server.validTo).getTime() - now.getTime();
  if (left < RENEW_WITHIN_DAYS * DAY_MS) return `expires ${new Date(server.validTo).toISOString().slice(0, 10)}`;
  const missing = names.filter((n) => !(isIP(n) ? server.checkIP(n) : server.checkHost(n, { wildcards: false })));
  if (missing.length > 0) return `does not name ${missing.join(', ')}`;
  return undefined;
}

function readPair(files: { key: string; cert: string }): KeyAndCertificate | undefined {
  if (!existsSync(files.key) || !existsSync(files.cert)) return undefined;
  const keyPem = readFileSync(files.key, 'utf8');
  const certificate = certificatesIn(readFileSync(files.cert, 'utf8'), files.cert)[0]!;
  return { keyPem, certificate };
}

function writePair(files: { key: string; cert: string }, pair: KeyAndCertificate): void {
  writePrivate(files.key, pair.keyPem);
  writeFileAtomically(files.cert, pair.certificate.toString(), 0o644);
}

function writePrivate(path: string, text: string): void {
  writeFileAtomically(path, text, 0o600);
}

function writeFileAtomically(path: string, text: string, mode: number): void {
  const temp = `${path}.tmp`;
  writeFileSync(temp, text, { mode });
  chmodSync(temp, mode); // whatever the umask
  renameSync(temp, path);
}

async function newKeyPair(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const x509 = await x509Module();
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

async function importSigningKey(pem: string): Promise<CryptoKey> {
  const der = createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' });
  return webcrypto.subtle.importKey('pkcs8', der, EC_KEY, false, ['sign']);
}

function serialNumber(): string {
  // Positive (high bit clear), 16 random bytes: unique without a counter to keep.
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = bytes[0]! & 0x7f;
  return Buffer.from(bytes).toString('hex');
}

async function createCa(now: Date): Promise<KeyAndCertificate> {
  const x509 = await x509Module();
  const keys = await newKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: `CN=Lookout console CA ${now.toISOString().slice(0, 10)} ${serialNumber().slice(0, 8)}`,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + CA_VALIDITY_DAYS * DAY_MS),
    signingAlgorithm: SIGNING,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { keyPem: await privateKeyPem(keys.privateKey), certificate: new X509Certificate(cert.toString('pem')) };
}

async function createServerCertificate(
  ca: KeyAndCertificate,
  caKey: CryptoKey,
  names: readonly string[],
  now: Date,
): Promise<KeyAndCertificate> {
  const x509 = await x509Module();
  const keys = await newKeyPair();
  const caCert = new x509.X509Certificate(ca.certificate.raw);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: `CN=${names[0]!.replace(/[,+="\\<>;#]/g, '')}`,
    issuer: caCert.subject,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + SERVER_VALIDITY_DAYS * DAY_MS),
    signingAlgorithm: SIGNING,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names.map((n) => ({ type: isIP(n) ? 'ip' : 'dns', value: n }))),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
    ],
  });
  return { keyPem: await privateKeyPem(keys.privateKey), certificate: new X509Certificate(cert.toString('pem')) };
}
