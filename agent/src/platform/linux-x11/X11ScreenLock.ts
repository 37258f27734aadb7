import { execFile, spawn } from 'node:child_process';
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
  private windowLaunchedAt = 0;
  private onBroken: (() => void) | undefined;

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
    this.ensureInputGrabbed();
    await this.ensureWindow(view);
  }

  async hide(): Promise<void> {
    this.shownView = undefined;
    this.windowPid.kill(this.profileDir);
    this.grabPid.kill(GRAB_MARKER);
  }

  private ensureInputGrabbed(): void {
    if (isOurProcess(this.grabPid.read(), GRAB_MARKER)) return;
    // A new helper maps its curtain on top of everything: the lock page must be raised above it again.
    const child = spawn(process.execPath, [GRAB_HELPER], { detached: true, stdio: 'ignore', env: this.env });
    if (child.pid) this.grabPid.write(child.pid);
    child.on('exit', () => this.onBroken?.());
    child.unref();
  }

  private async ensureWindow(view: LockView): Promise<void> {
    if (!this.browser) return;
    const key = JSON.stringify(view);
    const alive = isOurProcess(this.windowPid.read(), this.profileDir);
    if (alive && this.shownView !== undefined && this.shownView !== key) {
      this.windowPid.kill(this.profileDir); // a new message: show the new page
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
    this.windowLaunchedAt = Date.now();
    child.on('exit', () => this.onBroken?.());
    child.unref();
  }

  /** Raises the lock window over anything that opened since; relaunches it if its window is gone. */
  private async keepWindowOnTop(): Promise<void> {
    const ids = await run('xdotool', ['search', '--name', `^${LOCK_WINDOW_TITLE}`], { env: this.env, timeout: 2000 })
      .then((r) => r.stdout.trim().split('\n').filter(Boolean))
      .catch(() => [] as string[]);
    if (ids.length === 0) {
      // Chromium still starting, or alive without its window (closed by the window manager): give it a moment.
      if (Date.now() - this.windowLaunchedAt > 3000) this.windowPid.kill(this.profileDir);
      return;
    }
    for (const id of ids)
      await run('xdotool', ['windowraise', id], { env: this.env, timeout: 2000 }).catch(() => undefined);
  }
}
