import { createSocket, type Socket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { ConsoleProcess } from '../harness/ConsoleProcess.js';
import { ManagedProcess } from '../harness/ManagedProcess.js';
import type { StaffClient } from '../harness/StaffClient.js';
import { paths } from '../harness/paths.js';
import { waitFor } from '../harness/waitFor.js';

// Issue 13 item 4, category lists at UT1 scale: the service (run as it is on a PC, with the console's lists and
// policy) answers DNS on loopback; a category the policy blocks fails to resolve, with its subdomains, and the
// rest is forwarded. Real console, real service process, real UDP queries from node's resolver. Two things stand
// in: the PC's own resolver (a small DNS server on 127.0.0.1 answering every name with a documentation address),
// and /etc/resolv.conf (a temp file: this machine's is shared, and the resolver runs on a high port here).
let lookout: ConsoleProcess;
let tech: StaffClient;
let service: ManagedProcess;
let upstream: Socket;
const forwarded: string[] = [];
let base = '';
let deviceId = '';
let ask: Resolver;
const ORIGINAL = '# the PC’s own, from DHCP\nnameserver 192.0.2.53\nsearch school.lan\n';

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'lookout-dns-'));
  upstream = createSocket('udp4');
  upstream.on('message', (message, from) => {
    const query = dnsPacket.decode(message);
    const q = query.questions![0]!;
    forwarded.push(q.name.toLowerCase());
    const answers: dnsPacket.Answer[] = q.type === 'A' ? [{ type: 'A', name: q.name, ttl: 60, data: '192.0.2.7' }] : [];
    upstream.send(
      dnsPacket.encode({
        type: 'response',
        id: query.id,
        flags: dnsPacket.RECURSION_AVAILABLE,
        questions: [q],
        answers,
      }),
      from.port,
      from.address,
    );
  });
  await new Promise<void>((resolve) => upstream.bind(0, '127.0.0.1', resolve));

  lookout = await ConsoleProcess.start();
  const admin = await lookout.signIn();
  await admin.createUser('mr.dns', 'tech-password-1', 'technician');
  tech = await lookout.signIn('mr.dns', 'tech-password-1');
  // Two categories imported the way a technician imports UT1's folders; the policy blocks one of them.
  const adult = Array.from({ length: 20_000 }, (_, i) => `adult${i}.example`).join('\n');
  expect(
    (await tech.request('POST', '/api/url-categories', { category: 'adult', domains: adult, reason: 'UT1' })).status,
  ).toBe(200);
  expect(
    (
      await tech.request('POST', '/api/url-categories', {
        category: 'games',
        domains: 'games.example\n',
        reason: 'UT1',
      })
    ).status,
  ).toBe(200);
  await tech.schoolPolicy(
    'Filtered',
    { webFilter: { blockedCategories: ['adult'], blockList: ['listed.example'], allowList: ['adult7.example'] } },
    'DNS filtering',
  );

  const tokenFile = join(base, 'enrolment-token');
  writeFileSync(tokenFile, `${await admin.createEnrolmentToken()}\n`, { mode: 0o600 });
  const data = join(base, 'service');
  const enrol = new ManagedProcess('enrol', process.execPath, [
    paths.agentCli,
    'service',
    '--server',
    lookout.url,
    '--enrol-token-file',
    tokenFile,
    '--data-dir',
    data,
    '--enrol-only',
  ]);
  expect(await enrol.exited).toBe(0);
  deviceId = /Lookout enrolled as device ([0-9a-f-]{36})/.exec(enrol.stdout)![1]!;
  writeFileSync(join(base, 'resolv.conf'), ORIGINAL);
  service = new ManagedProcess(
    'service',
    process.execPath,
    [
      paths.agentCli,
      'service',
      '--data-dir',
      data,
      '--cache-dir',
      join(base, 'cache'),
      '--socket',
      join(base, 'session.sock'),
      '--dns-port',
      '0',
      '--dns-upstream',
      `127.0.0.1:${upstream.address().port}`,
      '--resolv-conf',
      join(base, 'resolv.conf'),
    ],
    { env: { ...process.env, DISPLAY: '' } },
  );
  const [, port] = await service.waitForOutput(/filtering resolver listening on [^\n]* port (\d+)/, 30_000);
  ask = new Resolver({ timeout: 3000, tries: 1 });
  ask.setServers([`127.0.0.1:${port}`]);
}, 120_000);

afterAll(async () => {
  await service?.stop();
  await lookout?.stop();
  upstream?.close();
});

describe('the service’s filtering resolver', () => {
  it('blocks the policy’s categories (lists from the console) and block list, with subdomains; forwards the rest', async () => {
    onTestFailed(() => {
      service.saveLog('filtering-resolver');
      lookout.saveLogs('filtering-resolver');
    });
    await waitFor('the PC to run the policy', () => tech.runsCurrentPolicy(deviceId), { timeoutMs: 30_000 });
    await service.waitForOutput(/filtering resolver: 20000 category domains in force/, 30_000);
    await expect(ask.resolve4('adult12345.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(ask.resolve4('www.adult19999.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(ask.resolve6('cdn.adult3.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(ask.resolve4('listed.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    // Not blocked: the allow list's exception, a category the policy does not block, anything else.
    expect(await ask.resolve4('adult7.example')).toEqual(['192.0.2.7']);
    expect(await ask.resolve4('games.example')).toEqual(['192.0.2.7']);
    expect(await ask.resolve4('www.bbc.co.uk')).toEqual(['192.0.2.7']);
    // That last one is the sentinel: the blocked names never left the PC.
    expect(forwarded).toEqual(['adult7.example', 'games.example', 'www.bbc.co.uk']);
  });

  it('points the OS at itself while it runs, and puts the PC’s own settings back when stopped', async () => {
    const ours = readFileSync(join(base, 'resolv.conf'), 'utf8');
    expect(ours).toMatch(/^nameserver 127\.0\.0\.1$/m);
    expect(ours).toMatch(/^nameserver ::1$/m);
    expect(ours).not.toContain('192.0.2.53');
    expect(await service.stop()).toBe(0);
    expect(readFileSync(join(base, 'resolv.conf'), 'utf8')).toBe(ORIGINAL);
  });
});
