import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runsAsRoot } from '../harness/root.js';

// Issue 13 item 4: Chromium, resolving names the way it does on a PC (the system's resolver configuration), goes
// through the filtering resolver; a blocked category's page and frame are never requested. Real parts: Chromium,
// the built FilteringResolver on port 53, a web server, all inside a network and mount namespace of their own
// (root: `unshare`), where /etc/resolv.conf is bind-mounted to say `nameserver 127.0.0.1` and a veth link gives
// Chromium a network it believes is up. What stands in: the PC's own upstream resolver (a small DNS server on
// 127.0.0.2 answering every name with 127.0.0.1), and the policy (built in the child, not pushed by a console:
// test/integration/filtering-resolver.test.ts covers that path). This machine's own resolv.conf is never touched.
const run = promisify(execFile);
const isRoot = runsAsRoot();

describe.skipIf(!isRoot)('Chromium through the filtering resolver (needs root: network and mount namespaces)', () => {
  it('loads an allowed page, fails a blocked category’s page and frame with NXDOMAIN, and never requests them', async () => {
    const resolvConf = join(mkdtempSync(join(tmpdir(), 'lookout-dns-e2e-')), 'resolv.conf');
    writeFileSync(resolvConf, 'nameserver 127.0.0.1\n');
    const script = [
      'ip link set lo up',
      'ip link add veth0 type veth peer name veth1',
      'ip addr add 192.0.2.10/24 dev veth0',
      'ip link set veth1 up',
      'ip link set veth0 up',
      'ip route add default via 192.0.2.1 dev veth0',
      'mount --bind "$1" /etc/resolv.conf',
      'exec "$2" "$3"',
    ].join(' && ');
    const { stdout } = await run(
      'unshare',
      [
        '--net',
        '--mount',
        '--propagation',
        'private',
        'sh',
        '-c',
        script,
        'sh',
        resolvConf,
        process.execPath,
        join(import.meta.dirname, '..', 'harness', 'dnsNamespaceChild.js'),
      ],
      { timeout: 80_000 },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      requests: string[];
      allowedTitle: string;
      blockedError: string | null;
      sentinelTitle: string;
      counts: { blocked: number; forwarded: number };
    };
    expect(result.allowedTitle).toBe('allowed.test');
    expect(result.blockedError).toContain('net::ERR_NAME_NOT_RESOLVED');
    expect(result.sentinelTitle).toBe('sentinel.test');
    // The sentinel was asked for last: everything the server ever received is in, and no games.test among it
    // (neither the page nor the iframe allowed.test embeds).
    const hosts = result.requests.map((r) => r.split('/')[0]);
    expect(hosts).toContain('allowed.test');
    expect(hosts).toContain('sentinel.test');
    expect(hosts.filter((h) => h!.endsWith('games.test'))).toEqual([]);
    expect(result.counts.blocked).toBeGreaterThanOrEqual(2);
  }, 90_000);
});
