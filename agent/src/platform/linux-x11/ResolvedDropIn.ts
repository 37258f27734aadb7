import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DnsUpstream } from '../../service/DnsForwarder.js';
import { ResolvConfFile, nameserversOf } from '../portable/ResolvConfFile.js';
import { runCommand } from '../runCommand.js';
import type { SystemResolverSettings } from '../SystemResolverSettings.js';

const MARK = '# Written by lookout-service: systemd-resolved asks the Lookout filtering resolver for every name.';

/** systemd-resolved's own listeners ("stub" and "proxy stub"): never an upstream of ours (resolved asks us). */
const RESOLVED_STUBS = ['127.0.0.53', '127.0.0.54'];

export const RESOLVED_DROP_IN = '/etc/systemd/resolved.conf.d/lookout.conf';
/** Written by systemd-resolved: every DNS server it knows (global and per link), with no stub in between. */
export const RESOLVED_UPLINK_RESOLV_CONF = '/run/systemd/resolve/resolv.conf';

/**
 * Whether a resolv.conf sends everything to systemd-resolved: it names resolved's stubs and nothing else (the stub
 * file resolved writes, /run/systemd/resolve/stub-resolv.conf, usually linked from /etc/resolv.conf). Then every
 * program that reads it reaches resolved, and the filter belongs behind resolved. (A resolv.conf that is resolved's
 * "uplink" file names the real servers: programs that read it would go round resolved.)
 */
export function managedByResolved(content: string): boolean {
  const servers = nameserversOf(content);
  return servers.length > 0 && servers.every((s) => RESOLVED_STUBS.includes(s.address));
}

/** managedByResolved for the file at `path`, through a link (false when it cannot be read). */
export async function resolvConfManagedByResolved(path: string): Promise<boolean> {
  return managedByResolved(await readFile(path, 'utf8').catch(() => ''));
}

/** The drop-in's text: the filtering resolver as resolved's only global server, for every domain. */
export function dropInText(address: string, port: number): string {
  const server = port === 53 ? address : address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
  return [
    MARK,
    '# Removed when the service stops cleanly (or by `lookout-agent restore-dns`).',
    '[Resolve]',
    `DNS=${server}`,
    // "~.": this server is the route for every name, ahead of a link's servers that are only its default route.
    'Domains=~.',
    // The filtering resolver speaks plain DNS on loopback; no fallback to resolved's built-in public servers.
    'DNSOverTLS=no',
    'FallbackDNS=',
    '',
  ].join('\n');
}

/**
 * Linux with systemd-resolved (Ubuntu, Fedora, Debian with resolved): resolved stays the PC's resolver (its stub
 * in resolv.conf, nss-resolve for glibc, `resolvectl`, its D-Bus and Varlink APIs), and the service puts the
 * filtering resolver behind it as its global server with the routing domain "~." (a drop-in in
 * /etc/systemd/resolved.conf.d/, then resolved restarted), so every one of those ways of asking reaches the
 * filter. The filter's own upstreams are the servers resolved learnt from DHCP or the network manager (its uplink
 * resolv.conf, read afresh), never resolved's stubs or the filter itself (that would loop). `check()` puts the
 * drop-in back if something removed or changed it. What resolved still sends elsewhere is in the README.
 */
export class ResolvedDropIn implements SystemResolverSettings {
  private readonly text: string;

  constructor(
    private readonly options: {
      /** The filtering resolver's address and port (127.0.0.1, 53 on a PC). */
      address: string;
      port: number;
      dropInPath?: string;
      uplinkPath?: string;
      /** Makes resolved read its configuration again. Default: `systemctl try-restart systemd-resolved`. */
      reload?: () => Promise<void>;
      log?: { warn(message: string): void };
    },
  ) {
    this.text = dropInText(options.address, options.port);
  }

  private get path(): string {
    return this.options.dropInPath ?? RESOLVED_DROP_IN;
  }

  async takeOver(): Promise<void> {
    if ((await this.current()) === this.text) return; // ours already (a restart)
    await this.write();
  }

  async check(): Promise<readonly DnsUpstream[]> {
    if ((await this.current()) !== this.text) {
      (this.options.log ?? console).warn(`${this.path} was removed or changed: writing it again`);
      await this.write();
    }
    const uplink = await readFile(this.options.uplinkPath ?? RESOLVED_UPLINK_RESOLV_CONF, 'utf8').catch(() => '');
    // resolv.conf has no ports: our own address is left out whatever port it names.
    return nameserversOf(uplink).filter(
      (u) => u.address !== this.options.address && !RESOLVED_STUBS.includes(u.address),
    );
  }

  async restore(): Promise<boolean> {
    const current = await this.current();
    if (current === undefined || !current.startsWith(MARK)) return false;
    await rm(this.path, { force: true });
    await this.reload();
    return true;
  }

  private async current(): Promise<string | undefined> {
    return readFile(this.path, 'utf8').catch(() => undefined);
  }

  private async write(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o755 });
    const tmp = `${this.path}.tmp`;
    await writeFile(tmp, this.text, { mode: 0o644 });
    await rename(tmp, this.path);
    await this.reload();
  }

  private async reload(): Promise<void> {
    if (this.options.reload) return this.options.reload();
    // --no-block: queued, not awaited (at shutdown, waiting on another unit's job would outlast the stop timeout).
    await runCommand('systemctl', ['--no-block', 'try-restart', 'systemd-resolved.service'], 10_000);
  }
}

/**
 * resolv.conf written (for programs that read it: glibc without nss-resolve, c-ares, Chromium's own resolver) and
 * resolved's drop-in (for nss-resolve, `resolvectl`, resolved's stubs), where resolved runs but resolv.conf is not
 * its stub (a link to its uplink file, or a file someone else writes). The upstreams are resolv.conf's original
 * servers, never resolved's stubs (resolved now asks us: that would loop).
 */
export class ResolvConfAndResolved implements SystemResolverSettings {
  constructor(
    private readonly file: SystemResolverSettings,
    private readonly dropIn: SystemResolverSettings,
  ) {}

  async takeOver(): Promise<void> {
    await this.file.takeOver();
    await this.dropIn.takeOver();
  }

  async check(): Promise<readonly DnsUpstream[]> {
    await this.dropIn.check();
    return (await this.file.check()).filter((u) => !RESOLVED_STUBS.includes(u.address));
  }

  async restore(): Promise<boolean> {
    const dropIn = await this.dropIn.restore();
    return (await this.file.restore()) || dropIn;
  }
}

/**
 * The service's way of pointing this PC at the filtering resolver, chosen at start: behind systemd-resolved when
 * resolv.conf is resolved's stub (nss-resolve, `resolvectl` and the stubs all reach resolved, and resolved asks
 * only the filter); resolv.conf written and resolved's drop-in both when resolved runs but resolv.conf names
 * other servers; else resolv.conf written. resolved's real configuration is only ever touched for the real
 * /etc/resolv.conf on a real port (a test's temp resolv.conf never reaches /etc/systemd), unless `dropInPath`
 * names another place.
 */
export async function linuxResolverSettings(options: {
  resolvConfPath: string;
  /** Where ResolvConfFile keeps what it replaced. */
  savedPath: string;
  port: number;
  log: { warn(message: string): void };
  dropInPath?: string;
  /** Where resolved keeps its run-time files (default /run/systemd/resolve): there when resolved runs. */
  resolvedRunDir?: string;
  reload?: () => Promise<void>;
}): Promise<{
  kind: 'systemd-resolved' | 'resolv.conf and systemd-resolved' | 'resolv.conf';
  settings: SystemResolverSettings;
}> {
  const file = new ResolvConfFile(options.resolvConfPath, options.savedPath, undefined, options.port, options.log);
  const realSystem = options.dropInPath !== undefined || options.resolvConfPath === '/etc/resolv.conf';
  if (!realSystem || options.port === 0) return { kind: 'resolv.conf', settings: file };
  // A service that wrote resolv.conf over resolved's stub before (an older version) puts the stub back first.
  const before = await file.original();
  if (before && managedByResolved(before.content)) await file.restore();
  const runDir = options.resolvedRunDir ?? '/run/systemd/resolve';
  const dropIn = new ResolvedDropIn({
    address: '127.0.0.1',
    port: options.port,
    log: options.log,
    uplinkPath: join(runDir, 'resolv.conf'),
    ...(options.dropInPath ? { dropInPath: options.dropInPath } : {}),
    ...(options.reload ? { reload: options.reload } : {}),
  });
  if (await resolvConfManagedByResolved(options.resolvConfPath)) return { kind: 'systemd-resolved', settings: dropIn };
  const resolvedRuns = await stat(runDir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (resolvedRuns)
    return { kind: 'resolv.conf and systemd-resolved', settings: new ResolvConfAndResolved(file, dropIn) };
  return { kind: 'resolv.conf', settings: file };
}
