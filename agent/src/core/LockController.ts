import type { LockChangedPayload } from '@lookout/shared';
import type { ScreenLock } from '../platform/ScreenLock.js';
import type { Timers } from './Timers.js';

export interface LockState {
  locked: boolean;
  message?: string;
  expiresAt?: string;
}

/** Where the lock state survives agent restarts and reboots. */
export interface LockStateStore {
  load(): Promise<LockState | undefined>;
  save(state: LockState): Promise<void>;
}

export interface LockControllerDeps {
  screen: ScreenLock;
  store: LockStateStore;
  record: (payload: LockChangedPayload) => Promise<unknown>;
  timers: Timers;
  clock: () => Date;
  log: { warn(message: string): void };
  superviseMs: number;
}

/**
 * The PC's lock: persisted before it is shown (so a crash right after cannot unlock), re-applied at start,
 * supervised so that whatever a pupil closes or kills comes back, and ended only by an unlock or its expiry.
 */
export class LockController {
  private state: LockState = { locked: false };
  private timer: unknown;
  private enforcing: Promise<void> | undefined;

  constructor(private readonly deps: LockControllerDeps) {}

  get current(): LockState {
    return this.state;
  }

  /** At start: a lock that was in force when the agent stopped (or the PC rebooted) is put back. */
  async restore(): Promise<void> {
    const saved = await this.deps.store.load();
    if (!saved?.locked) return;
    this.state = saved;
    if (this.expired()) return this.unlock('expired');
    await this.deps.record({ locked: true, reason: 'restored', ...this.details() });
    await this.enforce();
    this.schedule();
  }

  async lock(message: string | undefined, durationMinutes: number | undefined): Promise<void> {
    const expiresAt = durationMinutes
      ? new Date(this.deps.clock().getTime() + durationMinutes * 60_000).toISOString()
      : undefined;
    this.state = { locked: true, ...(message ? { message } : {}), ...(expiresAt ? { expiresAt } : {}) };
    await this.deps.store.save(this.state);
    await this.enforce();
    await this.deps.record({ locked: true, reason: 'teacher', ...this.details() });
    this.schedule();
  }

  async unlock(reason: 'teacher' | 'expired' = 'teacher'): Promise<void> {
    this.deps.timers.clearTimeout(this.timer);
    const wasLocked = this.state.locked;
    this.state = { locked: false };
    await this.deps.store.save(this.state);
    await this.enforcing;
    await this.deps.screen.hide();
    if (wasLocked || reason === 'teacher') await this.deps.record({ locked: false, reason });
  }

  /** Something broke the lock (its window was closed, its input grab killed): restore it now. */
  breached(): void {
    if (this.state.locked) void this.enforce();
  }

  stop(): void {
    this.deps.timers.clearTimeout(this.timer);
  }

  private details(): Omit<LockChangedPayload, 'locked' | 'reason'> {
    return {
      ...(this.state.message ? { message: this.state.message } : {}),
      ...(this.state.expiresAt ? { expiresAt: this.state.expiresAt } : {}),
    };
  }

  private expired(): boolean {
    return this.state.expiresAt !== undefined && new Date(this.state.expiresAt) <= this.deps.clock();
  }

  private schedule(): void {
    this.deps.timers.clearTimeout(this.timer);
    this.timer = this.deps.timers.setTimeout(() => void this.tick(), this.deps.superviseMs);
  }

  private async tick(): Promise<void> {
    if (!this.state.locked) return;
    if (this.expired()) return this.unlock('expired');
    await this.enforce();
    if (this.state.locked) this.schedule();
  }

  /** One enforcement at a time; a call while one runs waits for it rather than starting a second. */
  private enforce(): Promise<void> {
    this.enforcing ??= this.deps.screen
      .ensureShown({ ...this.details() })
      .catch((err: Error) => this.deps.log.warn(`lock screen: ${err.message}`))
      .finally(() => (this.enforcing = undefined));
    return this.enforcing;
  }
}
