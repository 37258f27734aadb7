import type { CapabilityStatus } from '@lookout/shared';

/** What the extension says about itself on each call to the agent (its browser, profile and version). */
export interface ExtensionCheckIn {
  /** A random id the extension keeps in its profile's storage: one per browser profile it is installed in. */
  profile: string;
  browser: string;
  version: string;
}

/** How long a profile counts as having the extension running after its last call (it calls every 30 s). */
export const CHECK_IN_WINDOW_MS = 120_000;

/**
 * Which browser profiles on this PC run the Lookout extension, and whether it is the agent's version, from the
 * extension's own calls. Chosen over reading browser profile folders: a call proves the extension is installed,
 * enabled and talking to this agent (a folder shows only what a browser wrote, in a format each browser changes),
 * and it works the same for Chrome, Edge and Firefox on every OS. Its limit: a PC whose browser is closed shows as
 * "not seen", which is what the console must flag anyway before a lesson relies on it.
 */
export class BrowserExtensionPresence {
  private readonly seen = new Map<string, ExtensionCheckIn & { at: number }>();

  constructor(
    /** The extension version this agent ships (its manifest's). */
    private readonly currentVersion: string,
    private readonly now: () => number,
  ) {}

  checkIn(checkIn: ExtensionCheckIn): void {
    // Bounded: a misbehaving caller making up profiles cannot grow this without end.
    if (!this.seen.has(checkIn.profile) && this.seen.size >= 64) this.forgetOld();
    if (!this.seen.has(checkIn.profile) && this.seen.size >= 64) return;
    this.seen.set(checkIn.profile, { ...checkIn, at: this.now() });
  }

  /** Whether a browser profile running this agent's version of the extension has called in the last 2 minutes. */
  hasCurrent(): boolean {
    this.forgetOld();
    return [...this.seen.values()].some((p) => p.version === this.currentVersion);
  }

  /** The `browser` capability the console shows: available only while every recent profile runs the current one. */
  status(): CapabilityStatus {
    this.forgetOld();
    const recent = [...this.seen.values()];
    if (recent.length === 0) {
      return {
        available: false,
        reason: 'no browser with the Lookout extension has been in touch in the last 2 minutes',
      };
    }
    const outdated = recent.filter((p) => p.version !== this.currentVersion);
    const described = recent
      .map((p) => `${p.browser} profile ${p.profile.slice(0, 8)}: ${p.version}`)
      .sort()
      .join('; ');
    if (outdated.length > 0) {
      return {
        available: false,
        reason: `the Lookout extension is out of date (this agent ships ${this.currentVersion}): ${described}`,
      };
    }
    return { available: true, reason: `the Lookout extension ${this.currentVersion} runs in ${described}` };
  }

  private forgetOld(): void {
    const cutoff = this.now() - CHECK_IN_WINDOW_MS;
    for (const [profile, p] of this.seen) if (p.at < cutoff) this.seen.delete(profile);
  }
}
