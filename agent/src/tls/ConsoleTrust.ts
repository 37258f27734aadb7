import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { checkServerIdentity, connect, type ConnectionOptions, type PeerCertificate } from 'node:tls';
import { CaPin, isLoopbackHost } from '@lookout/shared';

/** The CA an agent pinned at enrolment: the only one it trusts for its console. */
export interface PinnedCa {
  /** PEM. */
  certificate: string;
  /** `sha256/<base64url>` of its DER. */
  pin: string;
}

/** What the agent trusts when it talks to its console: the console's origin and, over HTTPS, the pinned CA. */
export interface ConsoleTrust {
  serverUrl: string;
  ca?: PinnedCa | undefined;
}

/** What a connection would have carried, for the refusal message. */
export type SecretCarried = 'the enrolment token' | 'the device credential';

export function pinOf(der: Buffer): string {
  return `sha256/${createHash('sha256').update(der).digest('base64url')}`;
}

function pemOf(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** The chain as Node reports it: the server's certificate, then each issuer it sent or we trust. */
function chainOf(leaf: PeerCertificate): PeerCertificate[] {
  const chain: PeerCertificate[] = [];
  let cert: PeerCertificate | undefined = leaf;
  while (cert?.raw && !chain.includes(cert)) {
    chain.push(cert);
    const issuer: PeerCertificate | undefined = (cert as Partial<{ issuerCertificate: PeerCertificate }>)
      .issuerCertificate;
    cert = issuer && issuer !== cert ? issuer : undefined;
  }
  return chain;
}

/**
 * Checks the console URL an agent is told to enrol with: HTTPS needs the CA pin from the enrolment token, and
 * plain HTTP is for a console on this same machine only.
 */
export function checkConsoleUrl(serverUrl: string, pin: string | undefined): URL {
  let url: URL;
  try {
    url = new URL(serverUrl);
  } catch {
    throw new Error(`--server takes the console's URL, such as https://console.school.lan:8080, not "${serverUrl}"`);
  }
  if (url.protocol === 'https:') {
    if (!pin) {
      throw new Error(
        `enrolling over HTTPS needs the console's CA pin: add --ca-pin sha256/… as given with the enrolment token`,
      );
    }
    const parsed = CaPin.safeParse(pin);
    if (!parsed.success) throw new Error(`--ca-pin: ${parsed.error.issues[0]?.message ?? 'not a CA pin'}`);
    return url;
  }
  if (url.protocol !== 'http:') throw new Error(`--server must be an https:// URL, not ${url.protocol}`);
  if (!isLoopbackHost(url.hostname)) {
    throw new Error(
      `refusing plain HTTP to ${url.host}: beyond this machine the console is reached over https:// only ` +
        '(anyone on the network could read the enrolment token and the device credential)',
    );
  }
  if (pin) throw new Error('--ca-pin is for an https:// console');
  return url;
}

/**
 * TLS options for every connection to the console: the pinned CA is the only trust anchor (no system CAs),
 * the host name must match, and the verified chain must contain the pinned certificate.
 */
export function pinnedTlsOptions(ca: PinnedCa): Pick<ConnectionOptions, 'ca' | 'checkServerIdentity'> {
  return {
    ca: ca.certificate,
    checkServerIdentity: (host, cert) => {
      const mismatch = checkServerIdentity(host, cert);
      if (mismatch) return mismatch;
      if (chainOf(cert).some((c) => pinOf(c.raw) === ca.pin)) return undefined;
      return Object.assign(new Error(`the certificate chain does not contain ${ca.pin}`), { code: 'ERR_LOOKOUT_PIN' });
    },
  };
}

/**
 * At enrolment: opens a TLS connection that sends nothing, to read the chain the console presents, and returns
 * the certificate in it whose fingerprint is the pin. The enrolment request itself is then made trusting only
 * that certificate, with full verification.
 */
export function fetchPinnedCa(url: URL, pin: string, timeoutMs = 15_000): Promise<PinnedCa> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port: Number(url.port || 443),
      ...(isIP(host) ? {} : { servername: host }),
      // Only to read the presented chain: nothing is written on this connection.
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    const fail = (err: Error) => {
      socket.destroy();
      reject(new Error(`cannot reach the console at ${url.origin}: ${err.message}`));
    };
    socket.once('timeout', () => fail(new Error(`no TLS answer in ${timeoutMs / 1000} s`)));
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      const chain = chainOf(socket.getPeerCertificate(true));
      socket.destroy();
      const pinned = chain.find((c) => pinOf(c.raw) === pin);
      if (pinned) return resolve({ certificate: pemOf(pinned.raw), pin });
      const presented = chain.map((c) => `${c.subject?.CN ?? '?'} (${pinOf(c.raw)})`).join(', ');
      reject(
        new Error(
          `the console at ${url.origin} presented certificates not issued by the pinned CA ${pin} ` +
            `(it presented ${presented || 'none'}): refusing to send the enrolment token. Check the pin, or ` +
            'whether something on the network stands between this PC and the console',
        ),
      );
    });
  });
}

const UNTRUSTED_CHAIN = new Set([
  'ERR_LOOKOUT_PIN',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'INVALID_CA',
]);

/** True when a connection failed because the console's certificate is not to be trusted. */
export function isCertificateFailure(err: Error & { code?: string }): boolean {
  return (
    UNTRUSTED_CHAIN.has(err.code ?? '') ||
    err.code === 'ERR_TLS_CERT_ALTNAME_INVALID' ||
    err.code === 'CERT_HAS_EXPIRED' ||
    err.code === 'CERT_NOT_YET_VALID'
  );
}

/** Why a connection to the console failed, in words a technician can act on. */
export function describeConnectionFailure(
  err: Error & { code?: string },
  trust: ConsoleTrust,
  carried: SecretCarried,
): string {
  const refusing = `refusing to send ${carried}`;
  const pin = trust.ca?.pin ?? '(none)';
  if (UNTRUSTED_CHAIN.has(err.code ?? '')) {
    return (
      `the console at ${trust.serverUrl} presented a certificate not signed by the pinned CA ${pin} ` +
      `(${err.code}): ${refusing}. Something on the network may be standing in for the console`
    );
  }
  if (err.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return (
      `the console's certificate does not name ${new URL(trust.serverUrl).hostname} (${err.message}): ${refusing}. ` +
      'Add the name to LOOKOUT_TLS_NAMES on the console'
    );
  }
  if (err.code === 'CERT_HAS_EXPIRED' || err.code === 'CERT_NOT_YET_VALID') {
    return `the console's certificate is not valid now (${err.code}; check both clocks): ${refusing}`;
  }
  return `cannot reach the console at ${trust.serverUrl}: ${err.message}`;
}
