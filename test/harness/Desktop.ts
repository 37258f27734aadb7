import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ManagedProcess } from './ManagedProcess.js';
import { waitFor } from './waitFor.js';

const run = promisify(execFile);

/** A real X desktop for tests: Xvfb on a free display, openbox as window manager, xterm windows, xdotool. */
export class Desktop {
  private readonly windows: ManagedProcess[] = [];

  private constructor(
    readonly display: string,
    private readonly xvfb: ManagedProcess | undefined,
    private readonly wm: ManagedProcess | undefined,
  ) {}

  /** Starts Xvfb and openbox, and returns once the window manager answers. */
  static async start(): Promise<Desktop> {
    const xvfb = new ManagedProcess(
      'xvfb',
      'Xvfb',
      ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp', '-noreset'],
      { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] },
    );
    // -displayfd picks a free display and tells us which.
    let number = '';
    xvfb.child.stdio[3]?.on('data', (d: Buffer) => (number += d.toString()));
    await waitFor(
      'Xvfb to report its display',
      () => /\d+\n/.test(number) || (!xvfb.running && Promise.reject(new Error(xvfb.stderr))),
      {
        timeoutMs: 15_000,
      },
    );
    const display = `:${number.trim()}`;
    const wm = new ManagedProcess('openbox', 'openbox', ['--sm-disable'], {
      env: { ...process.env, DISPLAY: display },
    });
    const desktop = new Desktop(display, xvfb, wm);
    await waitFor(
      'openbox to manage the display',
      async () => (await desktop.x('xprop', ['-root', '_NET_SUPPORTING_WM_CHECK'])).includes('window id'),
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    return desktop;
  }

  /** A desktop that someone else started (globalSetup); stop() leaves it running. */
  static attach(display: string): Desktop {
    return new Desktop(display, undefined, undefined);
  }

  get env(): NodeJS.ProcessEnv {
    return { ...process.env, DISPLAY: this.display };
  }

  /** Runs an X client against this display and returns its stdout. */
  async x(command: string, args: readonly string[]): Promise<string> {
    return (await run(command, args, { env: this.env, timeout: 10_000 })).stdout;
  }

  /** Opens a real xterm window with a fixed title and returns its X window id. */
  async openWindow(title: string): Promise<string> {
    const term = new ManagedProcess(
      `xterm-${this.windows.length}`,
      'xterm',
      ['-T', title, '-geometry', '80x20', '-e', 'sleep', '3600'],
      {
        env: this.env,
      },
    );
    this.windows.push(term);
    const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const ids = await waitFor(
      `window "${title}" to appear`,
      async () =>
        (await this.x('xdotool', ['search', '--onlyvisible', '--name', `^${escaped}$`]).catch(() => '')).trim() ||
        undefined,
    );
    return ids.split('\n')[0]!;
  }

  /** Gives a window the focus, as a pupil clicking on it would, and waits until X says it has it. */
  async focus(windowId: string): Promise<void> {
    await this.x('xdotool', ['windowactivate', '--sync', windowId]);
  }

  async closeWindows(): Promise<void> {
    await Promise.all(this.windows.splice(0).map((w) => w.stop('SIGKILL')));
  }

  async stop(): Promise<void> {
    await this.closeWindows();
    await this.wm?.stop();
    await this.xvfb?.stop();
  }
}
