import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { ManagedProcess } from './ManagedProcess.js';
import { waitFor } from './waitFor.js';

const run = promisify(execFile);

/**
 * A real X desktop for tests: Xvfb on a free display, openbox as window manager, a session D-Bus with dunst
 * as notification daemon, xterm windows, xdotool.
 */
export class Desktop {
  private readonly windows: ManagedProcess[] = [];

  private constructor(
    readonly display: string,
    readonly dbusAddress: string,
    private readonly services: ManagedProcess[],
    /** The X authority file the server was started with (`-auth`), if any. */
    readonly authority?: string,
  ) {}

  /**
   * Starts Xvfb, a session bus, openbox and dunst, and returns once the window manager and dunst answer. With
   * `authority`, Xvfb runs as a display manager's X server does: `-auth` that file, which is written first (root's,
   * 0600, one fresh MIT-MAGIC-COOKIE-1 for any display), so that only clients with the cookie (or an xhost entry) connect.
   */
  static async start(options: { authority?: string } = {}): Promise<Desktop> {
    if (options.authority) writeCookieFile(options.authority);
    const xvfb = new ManagedProcess(
      'xvfb',
      'Xvfb',
      [
        ...['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp', '-noreset'],
        ...(options.authority ? ['-auth', options.authority] : []),
      ],
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
    const bus = new ManagedProcess('dbus', 'dbus-daemon', [
      '--session',
      '--nofork',
      '--nopidfile',
      '--print-address=1',
    ]);
    const [, dbusAddress] = await bus.waitForOutput(/^(unix:\S+)$/m);
    const env = {
      ...process.env,
      DISPLAY: display,
      DBUS_SESSION_BUS_ADDRESS: dbusAddress!,
      ...(options.authority ? { XAUTHORITY: options.authority } : {}),
    };
    const wm = new ManagedProcess('openbox', 'openbox', ['--sm-disable'], { env });
    const dunst = new ManagedProcess('dunst', 'dunst', [], { env });
    const desktop = new Desktop(display, dbusAddress!, [dunst, wm, bus, xvfb], options.authority);
    await waitFor(
      'openbox to manage the display',
      async () => (await desktop.x('xprop', ['-root', '_NET_SUPPORTING_WM_CHECK'])).includes('window id'),
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    await waitFor(
      'dunst to own the notification service',
      async () =>
        (
          await desktop.x('dbus-send', [
            '--session',
            '--print-reply',
            '--dest=org.freedesktop.DBus',
            '/org/freedesktop/DBus',
            'org.freedesktop.DBus.NameHasOwner',
            'string:org.freedesktop.Notifications',
          ])
        ).includes('boolean true'),
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    return desktop;
  }

  /** A desktop that someone else started (globalSetup); stop() leaves it running. */
  static attach(display: string, dbusAddress: string): Desktop {
    return new Desktop(display, dbusAddress, []);
  }

  get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      DISPLAY: this.display,
      DBUS_SESSION_BUS_ADDRESS: this.dbusAddress,
      ...(this.authority ? { XAUTHORITY: this.authority } : {}),
    };
  }

  /** The notifications dunst has shown, newest first (closes those on screen: the history holds closed ones). */
  async notifications(): Promise<{ summary: string; body: string }[]> {
    await this.x('dunstctl', ['close-all']);
    const history = JSON.parse(await this.x('dunstctl', ['history'])) as {
      data: { summary: { data: string }; body: { data: string } }[][];
    };
    return (history.data[0] ?? []).map((n) => ({ summary: n.summary.data, body: n.body.data }));
  }

  /** Saves a picture of the whole screen (PNG). */
  async screenshot(path: string): Promise<void> {
    await this.x('import', ['-window', 'root', path]);
  }

  /** Runs an X client against this display and returns its stdout. */
  async x(command: string, args: readonly string[]): Promise<string> {
    return (await run(command, args, { env: this.env, timeout: 10_000 })).stdout;
  }

  /** Opens a real xterm window with a fixed title (running `command`) and returns its X window id. */
  async openWindow(title: string, command: string[] = ['sleep', '3600'], background?: string): Promise<string> {
    const term = new ManagedProcess(
      `xterm-${this.windows.length}`,
      'xterm',
      ['-T', title, '-geometry', '80x20', ...(background ? ['-bg', background] : []), '-e', ...command],
      { env: this.env },
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
    for (const service of this.services) await service.stop();
  }
}

/**
 * An X authority file with one entry: FamilyWild (any address), no display number (any display), a random
 * MIT-MAGIC-COOKIE-1 (the Xau format: big-endian 16-bit lengths before each field).
 */
function writeCookieFile(path: string): void {
  const field = (b: Buffer) => Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
  const entry = Buffer.concat([
    Buffer.from([0xff, 0xff]),
    field(Buffer.alloc(0)),
    field(Buffer.alloc(0)),
    field(Buffer.from('MIT-MAGIC-COOKIE-1')),
    field(randomBytes(16)),
  ]);
  writeFileSync(path, entry, { mode: 0o600 });
  chmodSync(path, 0o600);
}
