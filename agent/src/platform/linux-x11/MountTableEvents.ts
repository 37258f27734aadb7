import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Tells when the mount table changes, without reading it over and over. The kernel signals a change of
 * /proc/self/mountinfo through poll() (POLLPRI), which Node cannot wait for; util-linux's `findmnt --poll`
 * (already needed for volume labels) does exactly that and prints a line per change. One long-lived process,
 * asleep in poll() until something is mounted or unmounted: no CPU while nothing happens. It shares the agent's
 * mount namespace, so it sees what the agent would read. It never learns that the agent died (it only writes on
 * a change), so it is told to end after `listenMs` without one and started again: an agent killed outright leaves
 * it behind for that long at most.
 */
export class MountTableEvents {
  private child: ChildProcess | undefined;
  private stopped = true;
  private restartTimer: NodeJS.Timeout | undefined;
  private failures = 0;

  constructor(
    /** Something was mounted or unmounted (also called once findmnt listens: what changed before is read). */
    private readonly onChange: () => void,
    /** findmnt cannot run or stopped: the caller reads the table on a timer until onChange comes again. */
    private readonly onLost: (reason: string) => void,
    private readonly restartMs = 5000,
    private readonly listenMs = 60_000,
  ) {}

  start(): void {
    this.stopped = false;
    this.spawn();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    this.child?.kill();
    this.child = undefined;
  }

  private spawn(): void {
    const args = ['--poll', '--timeout', String(this.listenMs), '--raw', '--noheadings', '-o', 'ACTION,TARGET'];
    const child = spawn('findmnt', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let stderr = '';
    const startedAt = Date.now();
    child.stdout.on('data', () => this.onChange());
    // findmnt reads the table before it waits: a change just before that (or between two runs) is read here.
    child.once('spawn', () => setTimeout(() => !this.stopped && this.onChange(), 500).unref());
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-500)));
    let lost = false;
    const lose = (reason: string) => {
      if (lost || this.child !== child) return;
      lost = true;
      this.child = undefined;
      if (this.stopped) return;
      // Said once per run of failures, and tried again ever more slowly (a findmnt without --poll fails at once).
      this.failures = Date.now() - startedAt > 60_000 ? 1 : this.failures + 1;
      if (this.failures === 1) this.onLost(reason);
      const delay = Math.min(this.restartMs * 2 ** (this.failures - 1), 300_000);
      this.restartTimer = setTimeout(() => !this.stopped && this.spawn(), delay);
      this.restartTimer.unref();
    };
    child.on('error', (err) => lose(`findmnt --poll: ${err.message}`));
    child.on('exit', (code, signal) => {
      // Its time is up, as asked (exit 0): listening again at once is no failure.
      if (code === 0 && !this.stopped && this.child === child) {
        this.failures = 0;
        return this.spawn();
      }
      lose(`findmnt --poll ended (${signal ?? code}) ${stderr.trim()}`.trim());
    });
  }

  get listening(): boolean {
    return this.child !== undefined;
  }
}
