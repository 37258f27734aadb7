import { inWindows, type TimeWindow } from '@lookout/shared';

/**
 * Whether this PC is monitored now: always, unless the policy names monitoring hours. Outside them nothing is
 * captured (windows, typing, pages, thumbnails); filtering still applies. Tells its listener on each change.
 */
export class MonitoringHours {
  private windows: readonly TimeWindow[] = [];
  private timeZone = 'Europe/London';
  private current: boolean | undefined;

  constructor(
    private readonly clock: () => Date,
    private readonly onChange: (monitoring: boolean) => void,
  ) {}

  setSchedule(windows: readonly TimeWindow[], timeZone: string): void {
    this.windows = windows;
    this.timeZone = timeZone;
    this.check();
  }

  get monitoring(): boolean {
    return this.windows.length === 0 || inWindows(this.windows, this.clock(), this.timeZone);
  }

  /** Call on a timer: reports a crossing of a window's edge. */
  check(): void {
    const now = this.monitoring;
    if (this.current === undefined) {
      this.current = now;
      if (!now) this.onChange(false); // starting outside hours: say so once
      return;
    }
    if (now !== this.current) {
      this.current = now;
      this.onChange(now);
    }
  }
}
