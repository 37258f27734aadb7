/** One event of a device's focus timeline, as the store reads it (one device's events come in seq order). */
export interface FocusEvent {
  deviceId: string;
  seq: number;
  /** The PC's clock: durations are differences between one PC's own times. */
  ts: string;
  user: string | null;
  kind: 'window' | 'url' | 'pause';
  /** The window's app (kind 'window'). */
  app?: string;
  /** The page's host name (kind 'url'). */
  host?: string;
}

export interface UsageTotals {
  /** Milliseconds per key. */
  byApp: Map<string, number>;
  bySite: Map<string, number>;
  byRoom: Map<string, number>;
  byUser: Map<string, number>;
  totalMs: number;
}

export interface UsageOptions {
  /** A gap longer than this between two events counts only this much: the PC was probably left idle. */
  idleCapMs: number;
  roomOf: (deviceId: string) => string | undefined;
  /** Only time of these users counts (a year-group filter); all when absent. */
  counts?: (user: string) => boolean;
}

interface DeviceState {
  deviceId: string;
  at: number;
  user: string | null;
  app: string | null;
  /** The site in the browser's active tab, and the app it was seen in (another app in front hides it). */
  site: string | null;
  siteApp: string | null;
  paused: boolean;
}

const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);

/**
 * Time per app, per site, per room and per pupil from window and URL events: the time between one event of a PC
 * and its next goes to what was in front after the first, capped at the idle gap (a PC left on one window all
 * night is not eight hours of use). A site counts while the browser it was seen in stays in front; a lock or an
 * idle lock pauses counting until the next window. Time nobody was signed in for is not counted. The last event
 * of each PC in the range has no next one and counts nothing. Fed page by page, so events are never all in memory.
 */
export class UsageTally {
  private readonly totals: UsageTotals = {
    byApp: new Map(),
    bySite: new Map(),
    byRoom: new Map(),
    byUser: new Map(),
    totalMs: 0,
  };
  private state: DeviceState | undefined;

  constructor(private readonly options: UsageOptions) {}

  add(event: FocusEvent): void {
    const at = Date.parse(event.ts);
    if (Number.isNaN(at)) return;
    let state = this.state;
    if (!state || state.deviceId !== event.deviceId) {
      state = this.state = {
        deviceId: event.deviceId,
        at,
        user: null,
        app: null,
        site: null,
        siteApp: null,
        paused: true,
      };
    } else {
      this.count(state, at);
    }
    state.at = at;
    state.user = event.user;
    if (event.kind === 'window') {
      state.app = event.app ?? null;
      state.paused = false;
      if (state.app !== state.siteApp) state.site = null;
    } else if (event.kind === 'url') {
      state.site = event.host ?? null;
      state.siteApp = state.app;
      state.paused = false;
    } else {
      state.paused = true;
    }
  }

  result(): UsageTotals {
    return this.totals;
  }

  private count(state: DeviceState, at: number): void {
    const user = state.user;
    if (state.paused || !user || (this.options.counts && !this.options.counts(user))) return;
    // A PC clock set back gives a negative gap: nothing, never minus.
    const ms = Math.min(Math.max(at - state.at, 0), this.options.idleCapMs);
    if (ms === 0) return;
    this.totals.totalMs += ms;
    if (state.app) add(this.totals.byApp, state.app, ms);
    if (state.site) add(this.totals.bySite, state.site, ms);
    add(this.totals.byRoom, this.options.roomOf(state.deviceId) ?? '', ms);
    add(this.totals.byUser, user, ms);
  }
}

/** The host of a visited URL, lower case and without `www.`; undefined for what is not a web address. */
export function siteOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return parsed.hostname.toLowerCase().replace(/^www\./, '') || undefined;
  } catch {
    return undefined;
  }
}
