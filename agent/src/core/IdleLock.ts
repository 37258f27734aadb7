/**
 * Locks an unattended PC: after the policy's time without input (only inside monitoring hours), the OS session
 * is locked; a warning comes first (a minute before, or half the time for very short limits). Input before the
 * deadline cancels the warning; after a lock, nothing happens again until the PC has been used.
 */
export interface IdleLockDeps {
  idleMs(): Promise<number>;
  lockSession(): Promise<void>;
  warn(secondsLeft: number): void;
  locked(idleMinutes: number): void;
  failed(message: string): void;
}

export class IdleLock {
  private limitMs = 0;
  private active = true;
  private warned = false;
  private lockedSinceInput = false;
  private checking = false;

  constructor(private readonly deps: IdleLockDeps) {}

  /** Minutes without input before locking; 0 turns it off. `active`: inside the time-of-day rules. */
  configure(minutes: number, active: boolean): void {
    this.limitMs = Math.max(0, minutes) * 60_000;
    this.active = active;
  }

  /** Call every second or so. */
  async check(): Promise<void> {
    if (this.checking || this.limitMs === 0 || !this.active) return;
    this.checking = true;
    try {
      const idle = await this.deps.idleMs();
      const warnAt = this.limitMs - Math.min(60_000, this.limitMs / 2);
      if (idle < warnAt) {
        // Used again: a warning no longer stands, and a later idle spell may lock again.
        this.warned = false;
        this.lockedSinceInput = false;
        return;
      }
      if (this.lockedSinceInput) return;
      if (idle >= this.limitMs) {
        this.lockedSinceInput = true;
        await this.deps.lockSession().then(
          () => this.deps.locked(this.limitMs / 60_000),
          (err: Error) => this.deps.failed(err.message),
        );
      } else if (!this.warned) {
        this.warned = true;
        this.deps.warn(Math.ceil((this.limitMs - idle) / 1000));
      }
    } catch (err) {
      this.deps.failed((err as Error).message);
    } finally {
      this.checking = false;
    }
  }
}
