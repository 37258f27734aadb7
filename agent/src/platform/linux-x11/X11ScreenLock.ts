import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { CapabilityStatus } from '@lookout/shared';
import type { LockView, ScreenLock } from '../ScreenLock.js';
import { isOurProcess, PidFile } from '../processLiveness.js';
import { findExecutable } from '../findExecutable.js';
import { LOCK_PAGE } from '../uiPages.js';

const run = promisify(execFile);

export const LOCK_WINDOW_TITLE = 'Lookout lock screen';
const GRAB_MARKER = 'inputGrabHelper';
const GRAB_HELPER = fileURLToPath(new URL('./inputGrabHelper.js', import.meta.url));
const BROWSERS = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/**
 * The lock on Linux/X11, in two parts as Veyon does it: input is blocked at once by a detached helper that
 * grabs keyboard and pointer, and the lock page is shown full screen by Chromium in kiosk mode. Both outlive
 * the agent (pid files); each is put back when closed or killed, and the window is kept on top.
 */
export class X11ScreenLock implements ScreenLock {
  private readonly grabPid: PidFile;
  private readonly windowPid: PidFile;
  private readonly profileDir: string;
  private shownView: string | undefined;
  private coverView: string | undefined;
  /** Whether the lock page's window has been seen since its browser was launched (a slow one is left to start). */
  private windowSeen = false;
  /**
   * The windows of a page just replaced by a new message: they may outlive its browser for a moment, and must not
   * count as the new (slow) browser's window, or it would be taken for one whose window closed and be started twice.
   */
  private staleWindows = new Set<string>();
  private onBroken: (() => void) | undefined;
  /**
   * The processes this agent started and has not seen exit. Right after spawn a child's /proc cmdline is still
   * the agent's own (until it execs), so the pid file alone would call it dead and a second one would start.
   */
  private readonly running = new Set<number>();

  constructor(
    dataDir: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly browser: string | undefined = env.LOOKOUT_LOCK_BROWSER ??
      BROWSERS.map(findExecutable).find(Boolean),
  ) {
    mkdirSync(dataDir, { recursive: true });
    this.grabPid = new PidFile(join(dataDir, 'lock-input-grab.pid'));
    this.windowPid = new PidFile(join(dataDir, 'lock-window.pid'));
    this.profileDir = join(dataDir, 'lock-window-profile');
  }

  /** Called when a part of the lock dies, so the supervisor can restore it at once instead of on its next tick. */
  onBreach(listener: () => void): void {
    this.onBroken = listener;
  }

  ownProcessIds(): number[] {
    const window = this.windowPid.read();
    const grab = this.grabPid.read();
    return [
      ...(window && isOurProcess(window, this.profileDir) ? [window] : []),
      ...(grab && isOurProcess(grab, GRAB_MARKER) ? [grab] : []),
    ];
  }

  async probe(): Promise<CapabilityStatus> {
    if (!this.env.DISPLAY) return { available: false, reason: 'no X display (DISPLAY is not set)' };
    if (!this.browser) {
      return { available: true, reason: 'input is blocked, but no Chromium was found to show the lock page' };
    }
    return { available: true };
  }

  async ensureShown(view: LockView): Promise<void> {
    if (!this.env.DISPLAY) throw new Error('no X display to lock');
    this.ensureInputGrabbed(view);
    await this.ensureWindow(view);
  }

  async hide(): Promise<void> {
    this.shownView = undefined;
    this.coverView = undefined;
    this.stop(this.windowPid, this.profileDir);
    this.stop(this.grabPid, GRAB_MARKER);
  }

  /**
   * The grab helper also draws the cover that says the PC is locked, with the message, the moment it starts. A new
   * message starts a new helper, which ends the old one once its own cover is mapped and takes the grab over
   * within a retry: the screen stays covered throughout.
   */
  private ensureInputGrabbed(view: LockView): void {
    const key = JSON.stringify(view);
    const running = this.grabPid.read();
    const alive = this.isRunning(running, GRAB_MARKER);
    if (alive && this.coverView === key) return;
    if (alive && this.coverView === undefined) {
      this.coverView = key; // one left by an agent that restarted: the same lock, kept as it is
      return;
    }
    // A new helper maps its cover on top of everything (the lock page must be raised above it again); one that
    // replaces another ends it itself once its own cover is up.
    const args = [GRAB_HELPER, key, ...(alive && running ? [String(running)] : [])];
    const child = spawn(process.execPath, args, { detached: true, stdio: 'ignore', env: this.env });
    if (child.pid) this.grabPid.write(child.pid);
    this.coverView = key;
    this.track(child);
    child.unref();
  }

  /** Ends the process a pid file names: ours by its command line, or one this agent started and saw no exit of. */
  private stop(pidFile: PidFile, marker: string): void {
    pidFile.kill(marker, this.running.has(pidFile.read() ?? 0));
  }

  private isRunning(pid: number | undefined, marker: string): boolean {
    return (pid !== undefined && this.running.has(pid)) || isOurProcess(pid, marker);
  }

  /** Remembered until it exits; its exit is a breach the supervisor repairs at once. */
  private track(child: ChildProcess): void {
    const pid = child.pid;
    if (pid === undefined) return;
    this.running.add(pid);
    child.on('exit', () => {
      this.running.delete(pid);
      this.onBroken?.();
    });
  }

  private async ensureWindow(view: LockView): Promise<void> {
    if (!this.browser) return;
    const key = JSON.stringify(view);
    const alive = this.isRunning(this.windowPid.read(), this.profileDir);
    if (alive && this.shownView !== undefined && this.shownView !== key) {
      this.staleWindows = new Set(await this.lockWindowIds());
      this.stop(this.windowPid, this.profileDir); // a new message: show the new page
    } else if (alive) {
      await this.keepWindowOnTop();
      return;
    }
    this.launchWindow(view);
    this.shownView = key;
  }

  private launchWindow(view: LockView): void {
    const url = pathToFileURL(LOCK_PAGE);
    if (view.message) url.searchParams.set('message', view.message);
    if (view.expiresAt) url.searchParams.set('until', view.expiresAt);
    const args = [
      '--kiosk',
      `--user-data-dir=${this.profileDir}`,
      '--no-first-run',
      '--noerrdialogs',
      '--disable-infobars',
      '--disable-session-crashed-bubble',
      '--disable-translate',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--class=LookoutLock',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      url.toString(),
    ];
    const child = spawn(this.browser!, args, { detached: true, stdio: 'ignore', env: this.env });
    if (child.pid) this.windowPid.write(child.pid);
    this.windowSeen = false;
    this.track(child);
    child.unref();
  }

  /** Raises the lock window over anything that opened since; relaunches the browser if its window is gone. */
  private lockWindowIds(): Promise<string[]> {
    return run('xdotool', ['search', '--name', `^${LOCK_WINDOW_TITLE}`], { env: this.env, timeout: 2000 })
      .then((r) => r.stdout.trim().split('\n').filter(Boolean))
      .catch(() => [] as string[]);
  }

  private async keepWindowOnTop(): Promise<void> {
    const ids = (await this.lockWindowIds()).filter((id) => !this.staleWindows.has(id));
    if (ids.length === 0) {
      // A browser that has not shown its window yet is slow, not broken: killing it would only start the wait
      // again (the cover says the PC is locked meanwhile). One whose window was closed under it is relaunched.
      if (this.windowSeen) this.stop(this.windowPid, this.profileDir);
      return;
    }
    this.windowSeen = true;
    for (const id of ids)
      await run('xdotool', ['windowraise', id], { env: this.env, timeout: 2000 }).catch(() => undefined);
  }
}
