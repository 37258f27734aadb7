// Finding 7 of issue 10 ("Safe on a school network"): on the LAN a relay captured a staff password, a session
// cookie, an enrolment token and a device credential. The console now serves HTTPS and WSS with its own CA,
// enrolment tokens carry the CA's pin, and agents trust that CA alone. These tests run the real console with
// LOOKOUT_TLS=1 on 127.0.0.1, real agents, and a relay with another Lookout console's certificate.
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import WebSocket from 'ws';
import { EnrolmentToken } from '@lookout/shared';
import { AgentProcess } from '../harness/AgentProcess.js';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { paths } from '../harness/paths.js';
import { fetchTrusting, type StaffClient } from '../harness/StaffClient.js';
import { anotherConsolesCertificate, forgedCertificateClaimingIssuer, TlsRelay } from '../harness/TlsRelay.js';
import { waitFor } from '../harness/waitFor.js';

const pinOf = (pem: string) =>
  `sha256/${createHash('sha256').update(new X509Certificate(pem).raw).digest('base64url')}`;

let lookout: ConsoleProcess;
let admin: StaffClient;
let ca: string;
let attacker: ReturnType<typeof anotherConsolesCertificate>;
const agents: AgentProcess[] = [];
const relays: TlsRelay[] = [];

/** A client that does not pin: what the relay would get from software that trusts any certificate. */
function enrolTrustingAnything(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/enrol`,
      { method: 'POST', rejectUnauthorized: false, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ token, hostname: 'NAIVE-PC', os: { platform: 'linux', release: 'x', arch: 'x64' } }));
  });
}

/** Enrols straight with the console, trusting its CA: succeeds only if the token was never used. */
async function enrolDirectly(token: string): Promise<number> {
  const response = await fetchTrusting(ca)(`${lookout.url}/api/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, hostname: 'LATER-PC', os: { platform: 'linux', release: 'x', arch: 'x64' } }),
  });
  return response.status;
}

beforeAll(async () => {
  lookout = await ConsoleProcess.start({ LOOKOUT_TLS: '1' });
  ca = lookout.caCertificate!;
  admin = await lookout.signIn();
  attacker = anotherConsolesCertificate();
});

afterAll(async () => {
  for (const relay of relays) await relay.close();
  for (const agent of agents) await agent.stop();
  await lookout?.stop();
});

describe('the console with TLS', () => {
  it('serves HTTPS only, with HSTS and a Secure session cookie', async () => {
    onTestFailed(() => lookout.saveLogs('tls-console'));
    expect(lookout.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(lookout.output).toContain(`agents pin ${pinOf(ca)}`);

    // Plain HTTP to the same port gets no answer at all.
    await expect(fetch(`http://127.0.0.1:${lookout.port}/api/health`)).rejects.toThrow();
    // Software trusting only the usual public CAs cannot be fooled into thinking this is another site either.
    await expect(fetch(`${lookout.url}/api/health`)).rejects.toThrow();

    const signIn = await fetchTrusting(ca)(`${lookout.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'test-admin-password-1' }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^lookout_session=/);
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(signIn.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    expect((await admin.raw('GET', '/api/session')).headers.get('strict-transport-security')).toMatch(/max-age/);
  });

  it('gives each enrolment token the CA pin and an install command carrying URL, token and pin', async () => {
    const token = await admin.issueEnrolmentToken();
    expect(token.caPin).toBe(pinOf(ca));
    expect(token.serverUrl).toBe(lookout.url);
    expect(token.installCommand).toBe(
      `echo ${token.token} | lookout-agent --server ${lookout.url} --ca-pin ${token.caPin} --enrol-token-file -`,
    );
  });

  it('gives the same from the command line, for provisioning scripts', () => {
    const printed = execFileSync(process.execPath, [paths.consoleCli, 'enrolment-token', '--json'], {
      env: { ...process.env, LOOKOUT_DATA_DIR: lookout.dataDir, LOOKOUT_TLS: '1', LOOKOUT_PORT: String(lookout.port) },
      encoding: 'utf8',
    });
    const token = EnrolmentToken.parse(JSON.parse(printed));
    expect(token.caPin).toBe(pinOf(ca));
    expect(token.installCommand).toBe(
      `echo ${token.token} | lookout-agent --server ${lookout.url} --ca-pin ${pinOf(ca)} --enrol-token-file -`,
    );
  });
});

describe('an agent', () => {
  let enrolled: AgentProcess;

  it('enrolled with the pin from its token connects over WSS, and its events arrive', async () => {
    const token: EnrolmentToken = await admin.issueEnrolmentToken();
    enrolled = await AgentProcess.start({
      serverUrl: token.serverUrl,
      token: token.token,
      caPin: token.caPin!,
      args: ['--simulate-windows', '3', '--window-poll-ms', '200'],
    });
    agents.push(enrolled);
    onTestFailed(() => {
      enrolled.saveLogs('tls-agent');
      lookout.saveLogs('tls-agent');
    });
    await waitFor('window events from the agent', async () =>
      (await admin.allEvents(enrolled.deviceId)).some((e) => e.type === 'window-changed'),
    );
    expect((await admin.device(enrolled.deviceId)).online).toBe(true);
    // The pinned CA is kept with the credential, readable by the agent's account only.
    const file = join(enrolled.dataDir, 'credential.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { caPin: string; caCertificate: string };
    expect(stored.caPin).toBe(pinOf(ca));
    expect(pinOf(stored.caCertificate)).toBe(pinOf(ca));
  });

  it('downloads URL category lists from the console over the pinned connection', async () => {
    onTestFailed(() => enrolled.saveLogs('tls-categories'));
    await admin.request('POST', '/api/url-categories', { category: 'games', domains: 'games.test\n', reason: 'UT1' });
    await admin.schoolPolicy('Whole school', { webFilter: { blockedCategories: ['games'] } }, 'no games');
    await waitFor('the agent to run the policy', () => admin.runsCurrentPolicy(enrolled.deviceId));
    const lists = readdirSync(join(enrolled.dataDir, 'url-categories'));
    expect(lists.some((name) => name.startsWith('games@'))).toBe(true);
    expect(enrolled.output).not.toContain('could not be downloaded');
  });

  it('given the wrong pin refuses to enrol, saying why, and the token never reaches the console', async () => {
    const token = await admin.issueEnrolmentToken(1);
    const { agent, exitCode } = await AgentProcess.attempt({
      serverUrl: lookout.url,
      token: token.token,
      caPin: pinOf(attacker.caCertificate),
    });
    onTestFailed(() => agent.saveLogs('tls-wrong-pin'));
    expect(exitCode).toBe(1);
    expect(agent.output).toContain(
      `presented certificates not issued by the pinned CA ${pinOf(attacker.caCertificate)}`,
    );
    expect(agent.output).toContain('refusing to send the enrolment token');
    expect(existsSync(join(agent.dataDir, 'credential.json'))).toBe(false);
    // The single-use token is still unused: the console never received it.
    expect(await enrolDirectly(token.token)).toBe(201);
  });

  it('refuses to enrol over plain HTTP beyond this machine, or over HTTPS without a pin', async () => {
    const token = await admin.issueEnrolmentToken(1);
    const plain = await AgentProcess.attempt({ serverUrl: 'http://192.0.2.10:8080', token: token.token });
    expect(plain.exitCode).toBe(1);
    expect(plain.agent.output).toContain('refusing plain HTTP to 192.0.2.10:8080');
    const unpinned = await AgentProcess.attempt({ serverUrl: lookout.url, token: token.token });
    expect(unpinned.exitCode).toBe(1);
    expect(unpinned.agent.output).toContain("enrolling over HTTPS needs the console's CA pin");
    expect(await enrolDirectly(token.token)).toBe(201);
  });

  const enrolmentRelays = [
    { name: 'another certificate (TLS 1.3)', maxVersion: 'TLSv1.3', forged: false },
    { name: 'another certificate (TLS 1.2)', maxVersion: 'TLSv1.2', forged: false },
    // Smarter: the console's CA certificate is public, so the relay presents it after a leaf naming it as issuer.
    { name: 'a forged certificate naming the console’s CA as issuer', maxVersion: 'TLSv1.3', forged: true },
  ] as const;
  for (const variant of enrolmentRelays) {
    it(`at enrolment, behind a relay with ${variant.name}, never sends the token`, async () => {
      const certificate = variant.forged ? await forgedCertificateClaimingIssuer(ca) : attacker;
      const relay = await TlsRelay.start({
        key: certificate.key,
        cert: certificate.cert,
        forwardTo: { host: '127.0.0.1', port: lookout.port },
        maxVersion: variant.maxVersion,
      });
      relays.push(relay);
      // The relay works: a client that trusts any certificate hands it its token, and the relay passes it on.
      const naiveToken = await admin.issueEnrolmentToken(1);
      expect(await enrolTrustingAnything(relay.url, naiveToken.token)).toBe(201);
      expect(relay.decrypted).toContain(naiveToken.token);

      const token = await admin.issueEnrolmentToken(1);
      const connectionsBefore = relay.connections;
      const { agent, exitCode } = await AgentProcess.attempt({
        serverUrl: relay.url,
        token: token.token,
        caPin: token.caPin!,
      });
      onTestFailed(() => agent.saveLogs('tls-enrol-relay'));
      expect(exitCode).toBe(1);
      expect(relay.connections).toBeGreaterThan(connectionsBefore);
      expect(agent.output).toMatch(
        variant.forged
          ? `presented a certificate not signed by the pinned CA ${token.caPin}`
          : `presented certificates not issued by the pinned CA ${token.caPin}`,
      );
      expect(agent.output).toContain('refusing to send the enrolment token');
      expect(relay.decrypted).not.toContain(token.token);
      expect(await enrolDirectly(token.token)).toBe(201);
    });
  }

  it('already enrolled, finding a relay (another certificate, then a forged one) in the console’s place, never sends its credential and comes back', async () => {
    onTestFailed(() => {
      enrolled.saveLogs('tls-uplink-relay');
      lookout.saveLogs('tls-uplink-relay');
    });
    const credential = (
      JSON.parse(readFileSync(join(enrolled.dataDir, 'credential.json'), 'utf8')) as {
        credential: string;
      }
    ).credential;
    const refusal = `presented a certificate not signed by the pinned CA ${pinOf(ca)}`;

    await lookout.stop();
    const forged = await forgedCertificateClaimingIssuer(ca);
    for (const certificate of [attacker, forged]) {
      const relay = await TlsRelay.start({ key: certificate.key, cert: certificate.cert, port: lookout.port });
      relays.push(relay);
      const before = enrolled.output.split(refusal).length - 1;
      // The agent keeps trying; each attempt is refused and said so. Two refusals are the sentinel.
      await waitFor(
        'two refused attempts at the relay',
        () => enrolled.output.split(refusal).length - 1 >= before + 2 && relay.connections >= 2,
        { timeoutMs: 30_000 },
      );
      expect(relay.decrypted).toBe('');
      expect(relay.decrypted).not.toContain(credential);
      expect(relay.decrypted).not.toContain(enrolled.deviceId);

      // The relay does decrypt what a client that trusts any certificate sends it.
      const naive = new WebSocket(`wss://127.0.0.1:${relay.port}/agent`, { rejectUnauthorized: false });
      naive.on('error', () => undefined);
      await waitFor('the relay to decrypt a naive client', () => relay.decrypted.includes('GET /agent'));
      naive.terminate();
      await relay.close();
    }
    expect(enrolled.output).toContain('refusing to send the device credential');

    // The console back on its port: the same agent reconnects by itself.
    await lookout.restart();
    await waitFor('the agent back online', async () => (await admin.device(enrolled.deviceId)).online, {
      timeoutMs: 45_000,
    });
  });
});

describe('a console with a school’s own certificate', () => {
  it('serves that chain, and agents pin its root', async () => {
    const school = anotherConsolesCertificate();
    const dir = mkdtempSync(join(tmpdir(), 'lookout-school-cert-'));
    writeFileSync(join(dir, 'chain.pem'), school.cert);
    writeFileSync(join(dir, 'key.pem'), school.key, { mode: 0o600 });
    const own = await ConsoleProcess.start({
      LOOKOUT_TLS_CERT: join(dir, 'chain.pem'),
      LOOKOUT_TLS_KEY: join(dir, 'key.pem'),
    });
    try {
      onTestFailed(() => own.saveLogs('tls-school-certificate'));
      expect(own.url).toMatch(/^https:/);
      expect(existsSync(join(own.dataDir, 'tls'))).toBe(false);
      const staff = await own.signIn();
      const token = await staff.issueEnrolmentToken();
      expect(token.caPin).toBe(pinOf(school.caCertificate));
      const agent = await AgentProcess.start({ serverUrl: own.url, token: token.token, caPin: token.caPin! });
      agents.push(agent);
      await waitFor('the agent online', async () => (await staff.device(agent.deviceId)).online);
    } finally {
      await own.stop();
    }
  });
});
