import { lstatSync, mkdtempSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResolvConfFile, nameserversOf } from './ResolvConfFile.js';

// Real files in a temp dir stand in for /etc/resolv.conf (this machine's is shared with other work).
const quiet = { warn: () => undefined };

describe('ResolvConfFile', () => {
  it('reads nameservers, leaving out what is not an address', () => {
    expect(nameserversOf('# x\nnameserver 10.0.0.2\nnameserver fe80::1%eth0\nnameserver bogus\nsearch lan\n')).toEqual([
      { address: '10.0.0.2', port: 53 },
      { address: 'fe80::1', port: 53 },
    ]);
  });

  it('takes over a plain file, forwards to its servers (not to itself), follows a DHCP rewrite, and puts it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'resolv-'));
    const path = join(dir, 'resolv.conf');
    const original = 'nameserver 10.0.0.2\nnameserver 127.0.0.1\n';
    writeFileSync(path, original, { mode: 0o644 });
    const file = new ResolvConfFile(path, join(dir, 'saved.json'), ['127.0.0.1', '::1'], 53, quiet);
    await file.takeOver();
    expect(readFileSync(path, 'utf8')).toMatch(/^nameserver 127\.0\.0\.1\nnameserver ::1\n/m);
    expect(readFileSync(path, 'utf8')).toMatch(/^options edns0$/m); // no trust-ad: the filter does not validate DNSSEC
    expect(await file.check()).toEqual([{ address: '10.0.0.2', port: 53 }]);
    await file.takeOver(); // a restart after a crash: what was saved stays the original
    expect(await file.check()).toEqual([{ address: '10.0.0.2', port: 53 }]);
    writeFileSync(path, 'nameserver 10.9.9.9\n'); // the DHCP client renews
    expect(await file.check()).toEqual([{ address: '10.9.9.9', port: 53 }]);
    expect(readFileSync(path, 'utf8')).toContain('nameserver 127.0.0.1');
    await file.restore();
    expect(readFileSync(path, 'utf8')).toBe('nameserver 10.9.9.9\n');
  });

  it('replaces a symlink (systemd-resolved’s stub) without touching its target, reads the target, and restores the link', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'resolv-'));
    const stub = join(dir, 'stub-resolv.conf');
    writeFileSync(stub, 'nameserver 127.0.0.53\noptions edns0\n');
    const path = join(dir, 'resolv.conf');
    symlinkSync(stub, path);
    const file = new ResolvConfFile(path, join(dir, 'saved.json'), ['127.0.0.1', '::1'], 53, quiet);
    await file.takeOver();
    expect(lstatSync(path).isSymbolicLink()).toBe(false);
    expect(readFileSync(stub, 'utf8')).toBe('nameserver 127.0.0.53\noptions edns0\n');
    expect(await file.check()).toEqual([{ address: '127.0.0.53', port: 53 }]);
    await file.restore();
    expect(readlinkSync(path)).toBe(stub);
  });
});
