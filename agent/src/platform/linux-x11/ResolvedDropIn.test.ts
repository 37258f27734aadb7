import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResolvConfFile } from '../portable/ResolvConfFile.js';
import { ResolvedDropIn, dropInText, linuxResolverSettings, managedByResolved } from './ResolvedDropIn.js';

// Real files in temp dirs stand in for /etc/systemd/resolved.conf.d, /run/systemd/resolve and /etc/resolv.conf:
// systemd-resolved does not run on this machine (no /run/systemd/resolve, no systemd as PID 1), and the machine's
// own /etc is shared with other work. What resolved does with the drop-in is systemd's (resolved.conf(5)); the
// restart is counted, not run.
const quiet = { warn: () => undefined };

function place() {
  const dir = mkdtempSync(join(tmpdir(), 'resolved-'));
  const run = join(dir, 'run-systemd-resolve');
  mkdirSync(run);
  writeFileSync(join(run, 'stub-resolv.conf'), 'nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch lan\n');
  // resolved's uplink file: the global server (the filter, once the drop-in is in), the links' servers.
  writeFileSync(join(run, 'resolv.conf'), 'nameserver 127.0.0.1\nnameserver 10.0.0.2\nnameserver 2001:db8::53\n');
  const reloads: string[] = [];
  return { dir, run, dropInPath: join(dir, 'etc', 'resolved.conf.d', 'lookout.conf'), reloads };
}

describe('ResolvedDropIn (systemd-resolved with the filter behind it)', () => {
  it('knows resolved’s stub resolv.conf from one that names real servers', () => {
    expect(managedByResolved('# stub\nnameserver 127.0.0.53\noptions edns0 trust-ad\n')).toBe(true);
    expect(managedByResolved('nameserver 127.0.0.54\nnameserver 127.0.0.53\n')).toBe(true);
    expect(managedByResolved('nameserver 10.0.0.2\n')).toBe(false); // resolved's uplink file, or a DHCP client's
    expect(managedByResolved('nameserver 127.0.0.53\nnameserver 10.0.0.2\n')).toBe(false);
    expect(managedByResolved('')).toBe(false);
  });

  it('writes a drop-in making the filter resolved’s only server for every name, and no DNS-over-TLS to it', () => {
    const text = dropInText('127.0.0.1', 53);
    expect(text).toMatch(/^\[Resolve\]$/m);
    expect(text).toMatch(/^DNS=127\.0\.0\.1$/m);
    expect(text).toMatch(/^Domains=~\.$/m);
    expect(text).toMatch(/^DNSOverTLS=no$/m);
    expect(text).toMatch(/^FallbackDNS=$/m);
    expect(text).not.toMatch(/LLMNR|MulticastDNS|DNSSEC/);
    expect(dropInText('127.0.0.1', 5353)).toMatch(/^DNS=127\.0\.0\.1:5353$/m);
    expect(dropInText('::1', 5353)).toMatch(/^DNS=\[::1\]:5353$/m);
  });

  it('takes over once, forwards to the links’ servers (never itself or resolved’s stubs), puts a removed or changed drop-in back, and removes it', async () => {
    const { run, dropInPath, reloads } = place();
    const dropIn = new ResolvedDropIn({
      address: '127.0.0.1',
      port: 53,
      dropInPath,
      uplinkPath: join(run, 'resolv.conf'),
      reload: async () => void reloads.push('reload'),
      log: quiet,
    });
    await dropIn.takeOver();
    expect(readFileSync(dropInPath, 'utf8')).toBe(dropInText('127.0.0.1', 53));
    expect(lstatSync(dropInPath).mode & 0o777).toBe(0o644);
    expect(reloads).toHaveLength(1);
    await dropIn.takeOver(); // a restart after a crash: already there, resolved left alone
    expect(reloads).toHaveLength(1);
    expect(await dropIn.check()).toEqual([
      { address: '10.0.0.2', port: 53 },
      { address: '2001:db8::53', port: 53 },
    ]);
    writeFileSync(join(run, 'resolv.conf'), 'nameserver 127.0.0.53\nnameserver 10.9.9.9\n'); // DHCP renewed
    expect(await dropIn.check()).toEqual([{ address: '10.9.9.9', port: 53 }]);
    expect(reloads).toHaveLength(1);

    writeFileSync(dropInPath, '[Resolve]\nDNS=8.8.8.8\n'); // changed by someone
    await dropIn.check();
    expect(readFileSync(dropInPath, 'utf8')).toBe(dropInText('127.0.0.1', 53));
    expect(reloads).toHaveLength(2);

    expect(await dropIn.restore()).toBe(true);
    expect(existsSync(dropInPath)).toBe(false);
    expect(reloads).toHaveLength(3);
    expect(await dropIn.restore()).toBe(false); // nothing left to put back
    writeFileSync(dropInPath, '[Resolve]\nDNS=10.0.0.9\n'); // a technician's file of the same name is not ours
    expect(await dropIn.restore()).toBe(false);
    expect(readFileSync(dropInPath, 'utf8')).toBe('[Resolve]\nDNS=10.0.0.9\n');
    expect(reloads).toHaveLength(3);
  });

  it('is chosen where resolv.conf is resolved’s stub, leaving the link alone', async () => {
    const { dir, run, dropInPath, reloads } = place();
    const resolvConf = join(dir, 'resolv.conf');
    symlinkSync(join(run, 'stub-resolv.conf'), resolvConf);
    const chosen = await linuxResolverSettings({
      resolvConfPath: resolvConf,
      savedPath: join(dir, 'saved.json'),
      port: 53,
      log: quiet,
      dropInPath,
      resolvedRunDir: run,
      reload: async () => void reloads.push('reload'),
    });
    expect(chosen.kind).toBe('systemd-resolved');
    await chosen.settings.takeOver();
    expect(readlinkSync(resolvConf)).toBe(join(run, 'stub-resolv.conf'));
    expect(existsSync(dropInPath)).toBe(true);
    expect(await chosen.settings.check()).toEqual([
      { address: '10.0.0.2', port: 53 },
      { address: '2001:db8::53', port: 53 },
    ]);
    await chosen.settings.restore();
    expect(existsSync(dropInPath)).toBe(false);
  });

  it('puts back resolved’s stub that an older service had written resolv.conf over, then goes behind resolved', async () => {
    const { dir, run, dropInPath } = place();
    const resolvConf = join(dir, 'resolv.conf');
    symlinkSync(join(run, 'stub-resolv.conf'), resolvConf);
    const savedPath = join(dir, 'saved.json');
    await new ResolvConfFile(resolvConf, savedPath, undefined, 53, quiet).takeOver(); // the older way
    expect(lstatSync(resolvConf).isSymbolicLink()).toBe(false);
    const chosen = await linuxResolverSettings({
      resolvConfPath: resolvConf,
      savedPath,
      port: 53,
      log: quiet,
      dropInPath,
      resolvedRunDir: run,
      reload: async () => undefined,
    });
    expect(chosen.kind).toBe('systemd-resolved');
    expect(readlinkSync(resolvConf)).toBe(join(run, 'stub-resolv.conf'));
  });

  it('writes resolv.conf and the drop-in both where resolved runs but resolv.conf names real servers', async () => {
    const { dir, run, dropInPath } = place();
    const resolvConf = join(dir, 'resolv.conf');
    symlinkSync(join(run, 'resolv.conf'), resolvConf); // resolved's uplink file: programs reading it skip resolved
    const chosen = await linuxResolverSettings({
      resolvConfPath: resolvConf,
      savedPath: join(dir, 'saved.json'),
      port: 53,
      log: quiet,
      dropInPath,
      resolvedRunDir: run,
      reload: async () => undefined,
    });
    expect(chosen.kind).toBe('resolv.conf and systemd-resolved');
    await chosen.settings.takeOver();
    expect(readFileSync(resolvConf, 'utf8')).toMatch(/^nameserver 127\.0\.0\.1$/m);
    expect(readFileSync(resolvConf, 'utf8')).not.toContain('trust-ad');
    expect(existsSync(dropInPath)).toBe(true);
    expect(await chosen.settings.check()).toEqual([
      { address: '10.0.0.2', port: 53 },
      { address: '2001:db8::53', port: 53 },
    ]);
    expect(await chosen.settings.restore()).toBe(true);
    expect(readlinkSync(resolvConf)).toBe(join(run, 'resolv.conf'));
    expect(existsSync(dropInPath)).toBe(false);
  });

  it('writes only resolv.conf where resolved does not run, and never touches resolved’s files for a test’s resolv.conf', async () => {
    const { dir, run, dropInPath } = place();
    const plain = join(dir, 'resolv.conf');
    writeFileSync(plain, 'nameserver 10.0.0.2\n');
    const withoutResolved = await linuxResolverSettings({
      resolvConfPath: plain,
      savedPath: join(dir, 'saved.json'),
      port: 53,
      log: quiet,
      dropInPath,
      resolvedRunDir: join(dir, 'absent'),
    });
    expect(withoutResolved.kind).toBe('resolv.conf');
    // No dropInPath and not /etc/resolv.conf (a test's file), or port 0: resolv.conf only, even with a stub in it.
    writeFileSync(plain, 'nameserver 127.0.0.53\n');
    for (const options of [
      { resolvConfPath: plain, port: 53 },
      { resolvConfPath: plain, port: 0, dropInPath },
    ]) {
      const chosen = await linuxResolverSettings({
        ...options,
        savedPath: join(dir, 'saved.json'),
        log: quiet,
        resolvedRunDir: run,
      });
      expect(chosen.kind).toBe('resolv.conf');
    }
    expect(existsSync(dropInPath)).toBe(false);
  });
});
