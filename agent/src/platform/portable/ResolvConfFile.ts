import { lstat, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseUpstream, type DnsUpstream } from '../../service/DnsForwarder.js';
import type { SystemResolverSettings } from '../SystemResolverSettings.js';

const MARK = '# Written by lookout-service: this PC resolves names through the Lookout filtering resolver.';

/** What /etc/resolv.conf was before the service took over: a file (DHCP clients write one) or a symlink. */
type Saved = { kind: 'file'; content: string; mode: number } | { kind: 'symlink'; target: string } | { kind: 'none' };

/** The `nameserver` lines of a resolv.conf, as upstreams (port 53), in order. */
export function nameserversOf(content: string): DnsUpstream[] {
  const found: DnsUpstream[] = [];
  for (const line of content.split('\n')) {
    const m = /^\s*nameserver\s+(\S+)/.exec(line);
    const upstream = m && parseUpstream(m[1]!);
    if (upstream) found.push(upstream);
  }
  return found;
}

/**
 * Linux (and any OS whose C library reads /etc/resolv.conf): the service writes a resolv.conf naming 127.0.0.1
 * and ::1, and keeps what was there (a file's text or a symlink's target, such as systemd-resolved's stub file or
 * resolvconf's) in its own data dir. The upstreams are the original's nameservers, read afresh each time (a
 * symlink's target is still kept up to date by systemd-resolved, resolvconf or NetworkManager; systemd-resolved's
 * 127.0.0.53 is a fine upstream: it goes on following DHCP; on a PC whose /etc/resolv.conf is resolved's stub the
 * service puts the filter behind resolved instead, ResolvedDropIn). A DHCP client that rewrites the file is noticed by
 * `check()`: its text becomes the new original and the service's file goes back. Our own addresses are never an
 * upstream (that would loop).
 */
export class ResolvConfFile implements SystemResolverSettings {
  constructor(
    private readonly path: string,
    /** Root's alone (the service's data dir). */
    private readonly savedPath: string,
    private readonly ownAddresses: readonly string[] = ['127.0.0.1', '::1'],
    private readonly ownPort = 53,
    private readonly log: { warn(message: string): void } = console,
  ) {}

  async takeOver(): Promise<void> {
    const current = await this.current();
    if (current.kind === 'file' && current.content.includes(MARK)) return; // ours already (a restart)
    await this.save(current);
    await this.writeOurs();
  }

  async check(): Promise<readonly DnsUpstream[]> {
    const current = await this.current();
    if (!(current.kind === 'file' && current.content.includes(MARK))) {
      this.log.warn(`${this.path} was rewritten (a DHCP client or a technician): taking its servers as upstreams`);
      await this.save(current);
      await this.writeOurs();
    }
    const saved = await this.saved();
    let original = '';
    if (saved?.kind === 'file') original = saved.content;
    if (saved?.kind === 'symlink') {
      original = await readFile(resolve(dirname(this.path), saved.target), 'utf8').catch(() => '');
    }
    return nameserversOf(original).filter((u) => !(this.ownAddresses.includes(u.address) && u.port === this.ownPort));
  }

  /** What was there before the service took over, when it has (a link's target and the text it reads as). */
  async original(): Promise<{ linkTarget?: string; content: string } | undefined> {
    const saved = await this.saved();
    if (!saved || saved.kind === 'none') return undefined;
    if (saved.kind === 'file') return { content: saved.content };
    const content = await readFile(resolve(dirname(this.path), saved.target), 'utf8').catch(() => '');
    return { linkTarget: saved.target, content };
  }

  /** Whether there was anything to put back. */
  async restore(): Promise<boolean> {
    const saved = await this.saved();
    if (!saved) return false;
    const tmp = `${this.path}.lookout-restore`;
    await rm(tmp, { force: true });
    if (saved.kind === 'symlink') await symlink(saved.target, tmp);
    else if (saved.kind === 'file') await writeFile(tmp, saved.content, { mode: saved.mode });
    if (saved.kind === 'none') await rm(this.path, { force: true });
    else await rename(tmp, this.path);
    await rm(this.savedPath, { force: true });
    return true;
  }

  private async current(): Promise<Saved> {
    try {
      const stat = await lstat(this.path);
      if (stat.isSymbolicLink()) return { kind: 'symlink', target: await readlink(this.path) };
      return { kind: 'file', content: await readFile(this.path, 'utf8'), mode: stat.mode & 0o777 };
    } catch {
      return { kind: 'none' };
    }
  }

  private async saved(): Promise<Saved | undefined> {
    try {
      return JSON.parse(await readFile(this.savedPath, 'utf8')) as Saved;
    } catch {
      return undefined;
    }
  }

  private async save(original: Saved): Promise<void> {
    await writeFile(`${this.savedPath}.tmp`, JSON.stringify(original), { mode: 0o600 });
    await rename(`${this.savedPath}.tmp`, this.savedPath);
  }

  private async writeOurs(): Promise<void> {
    const lines = [
      MARK,
      '# What was here before is put back when the service stops (lookout-service keeps it in its data dir).',
      ...this.ownAddresses.map((a) => `nameserver ${a}`),
      // No trust-ad: the filtering resolver does not validate DNSSEC, so its AD bit means nothing (it clears it).
      'options edns0',
      '',
    ];
    const tmp = `${this.path}.lookout`;
    await writeFile(tmp, lines.join('\n'), { mode: 0o644 });
    // A rename replaces a symlink itself, never the file it points to.
    await rename(tmp, this.path);
  }
}
