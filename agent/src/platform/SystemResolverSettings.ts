import type { DnsUpstream } from '../service/DnsForwarder.js';

/**
 * Where the OS sends its DNS queries: the service points it at its filtering resolver (127.0.0.1 and ::1) and
 * puts back what was there when it stops cleanly. One per OS: Linux writes /etc/resolv.conf (ResolvConfFile);
 * Windows and macOS are described in the README, not built.
 */
export interface SystemResolverSettings {
  /** Points the OS at the filtering resolver, keeping what it had. Safe to call again (a restart after a crash). */
  takeOver(): Promise<void>;
  /**
   * The resolvers the PC had before (read afresh: DHCP or the network manager may have changed them since), and
   * takes over again if something rewrote the settings meanwhile. Called at start and every few seconds.
   */
  check(): Promise<readonly DnsUpstream[]>;
  /** Puts back what the OS had; false when there was nothing to put back. */
  restore(): Promise<boolean>;
}
