import type { PictureRegion, WindowOnTop } from '../platform/ScreenCapture.js';

/**
 * How long after the agent shows a desktop notification a notification window may still be its own: notification
 * daemons close one after 5–10 s by default (dunst 10 s, GNOME and KDE about 5 s); 30 s leaves room for a slow PC.
 */
export const OWN_NOTIFICATION_MS = 30_000;

/**
 * The most of the active window that may be blanked, all blanked windows together: room for a notification or two
 * (a 350×100 popup is 4 % of a 1280×720 window), not for a window hiding what the pupil reads. Whatever passes for
 * the agent's own beyond that is read: passing for the agent's is the way to hide a chat from OCR (a see-through
 * window over it with the agent's pid, title or notification type), and reading the agent's own words costs at worst
 * a false alert.
 */
export const MAX_BLANKED_SHARE = 0.25;

/** What tells the agent's own windows apart (OwnPages). */
export interface OwnWindowIdentity {
  /** One of the agent's own processes (its Electron shell, the lock window). */
  isOwnProcess(pid: number): boolean;
  /** One of the agent's pages' (marked) titles. */
  isOwnTitle(title: string): boolean;
}

/** How many distinct suspicious windows are remembered, so each is reported once (forgotten all at once beyond). */
const REPORTED_MAX = 200;

/**
 * Which windows over the active one are the agent's own, so that reading on-screen text blanks them: windows the
 * display server says one of its processes made (not the pid a window claims: any program can set _NET_WM_PID),
 * its pages (OwnPages' marked titles, in the pupil's browser), and a notification window while one the agent showed
 * (a teacher's message, a notice) may still be on screen. The text the agent itself shows must never raise an alert
 * as if the pupil were reading it; but at most MAX_BLANKED_SHARE of the active window is blanked, since titles and
 * window types are the window's own word. A window that claims one of the agent's pids while the server names
 * another maker (or cannot name one) is read, and reported through `suspicious` (once per window).
 */
export class OwnScreenWindows {
  private lastNotification: number | undefined;
  private readonly reported = new Set<string>();

  constructor(
    private readonly own: OwnWindowIdentity,
    private readonly clock: () => number,
    private readonly suspicious: (message: string) => void = () => undefined,
    private readonly notificationMs = OWN_NOTIFICATION_MS,
  ) {}

  /** The agent is showing a desktop notification now. */
  notified(): void {
    this.lastNotification = this.clock();
  }

  /** The regions of the active window's picture to blank (a ScreenCapture BlankRule): windows bottom to top. */
  blanked(windows: readonly WindowOnTop[], active: { width: number; height: number }): PictureRegion[] {
    const budget = MAX_BLANKED_SHARE * active.width * active.height;
    let used = 0;
    const regions: PictureRegion[] = [];
    for (const window of windows) {
      const why = this.ownBecause(window);
      if (!why) continue;
      const area = Math.max(0, window.region.width) * Math.max(0, window.region.height);
      if (used + area > budget) {
        const share = Math.round((100 * area) / Math.max(1, active.width * active.height));
        this.report(
          `large\u0000${key(window)}`,
          `a window over the active one passes for the agent's (${why}: ${describe(window)}) but covers ${share} % of it, more than a notification may: its text is read`,
        );
        continue;
      }
      used += area;
      regions.push(window.region);
    }
    return regions;
  }

  /** Why the window is the agent's own, or undefined when it is not. */
  private ownBecause(window: WindowOnTop): string | undefined {
    if (window.ownerPid !== null && this.own.isOwnProcess(window.ownerPid)) return 'made by the agent';
    if (window.pid !== null && this.own.isOwnProcess(window.pid)) {
      this.report(
        `pid\u0000${key(window)}`,
        window.ownerPid === null
          ? `a window over the active one claims the agent's pid ${window.pid} (${describe(window)}) and the X server cannot say who made it: its text is read`
          : `a window over the active one claims the agent's pid ${window.pid} but the X server says pid ${window.ownerPid} made it (${describe(window)}): its text is read`,
      );
      return undefined;
    }
    if (this.own.isOwnTitle(window.title)) return 'one of its pages';
    if (
      window.notification &&
      this.lastNotification !== undefined &&
      this.clock() - this.lastNotification < this.notificationMs
    ) {
      return 'a notification it showed';
    }
    return undefined;
  }

  private report(key: string, message: string): void {
    if (this.reported.has(key)) return;
    if (this.reported.size >= REPORTED_MAX) this.reported.clear();
    this.reported.add(key);
    this.suspicious(message);
  }
}

/** Which window a report is about (not where it is: a window moved is the same window). */
function key(window: WindowOnTop): string {
  return `${window.title}\u0000${window.pid ?? ''}\u0000${window.ownerPid ?? ''}`;
}

function describe(window: WindowOnTop): string {
  const title = window.title.length > 80 ? `${window.title.slice(0, 80)}…` : window.title;
  const { x, y, width, height } = window.region;
  return `"${title}", pid claimed ${window.pid ?? 'none'}, made by pid ${window.ownerPid ?? 'unknown'}, ${width}×${height} at ${x},${y}`;
}
