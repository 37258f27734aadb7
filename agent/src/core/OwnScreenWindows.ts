import type { WindowOnTop } from '../platform/ScreenCapture.js';
import type { WindowIdentity } from './OwnPages.js';

/**
 * How long after the agent shows a desktop notification a notification window may still be its own: notification
 * daemons close one after 5–10 s by default (dunst 10 s, GNOME and KDE about 5 s); 30 s leaves room for a slow PC.
 */
export const OWN_NOTIFICATION_MS = 30_000;

/**
 * Which windows over the active one are the agent's own, so that reading on-screen text blanks them: its pages and
 * windows (OwnPages: the marked titles, its own processes), and a notification window while one the agent showed
 * (a teacher's message, a notice) may still be on screen. The text the agent itself shows must never raise an
 * alert as if the pupil were reading it. Another app's notification is read as before.
 */
export class OwnScreenWindows {
  private lastNotification: number | undefined;

  constructor(
    private readonly ownPages: { isOwnWindow(window: WindowIdentity): boolean },
    private readonly clock: () => number,
    private readonly notificationMs = OWN_NOTIFICATION_MS,
  ) {}

  /** The agent is showing a desktop notification now. */
  notified(): void {
    this.lastNotification = this.clock();
  }

  covers(window: WindowOnTop): boolean {
    if (this.ownPages.isOwnWindow(window)) return true;
    return (
      window.notification &&
      this.lastNotification !== undefined &&
      this.clock() - this.lastNotification < this.notificationMs
    );
  }
}
