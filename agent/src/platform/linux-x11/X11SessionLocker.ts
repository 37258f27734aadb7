import x11, { type X11ScreenSaverExt } from 'x11';
import type { CapabilityStatus } from '@lookout/shared';
import type { SessionLocker } from '../SessionLocker.js';
import { findExecutable } from '../findExecutable.js';
import { runCommand } from '../runCommand.js';

/**
 * X11: idle time from the MIT-SCREEN-SAVER extension (what screensavers use); the session is locked by whatever
 * locker the desktop runs: xscreensaver, then xdg-screensaver (GNOME, KDE, XFCE…), systemd-logind, LightDM.
 */
export class X11SessionLocker implements SessionLocker {
  private ext: Promise<{ ext: X11ScreenSaverExt; root: number }> | undefined;

  async probe(): Promise<CapabilityStatus> {
    if (!process.env.DISPLAY) return { available: false, reason: 'no X display (DISPLAY is not set)' };
    const lockers = ['xscreensaver-command', 'xdg-screensaver', 'loginctl', 'dm-tool'].filter((c) => findExecutable(c));
    if (lockers.length === 0)
      return { available: false, reason: 'no session locker found (xscreensaver, xdg-screensaver, loginctl, dm-tool)' };
    try {
      await this.idleMs();
      return { available: true, reason: `idle time from X11; locks with ${lockers.join(', ')}` };
    } catch (err) {
      return { available: false, reason: `cannot read idle time: ${(err as Error).message}` };
    }
  }

  idleMs(): Promise<number> {
    this.ext ??= new Promise((resolve, reject) => {
      const client = x11.createClient((err, display) => {
        if (err) return reject(err);
        display.client.require('screen-saver', (e, ext) =>
          e ? reject(e) : resolve({ ext, root: display.screen[0]!.root }),
        );
      });
      client.on('error', (e: Error) => reject(e));
    });
    const pending = this.ext;
    return pending.then(
      ({ ext, root }) =>
        new Promise<number>((resolve, reject) =>
          ext.QueryInfo(root, (err, info) => (err ? reject(err) : resolve(info.idle))),
        ),
      (err: Error) => {
        this.ext = undefined; // try to connect again next time
        throw err;
      },
    );
  }

  async lockSession(): Promise<void> {
    const attempts: [string, string[]][] = [
      ['xscreensaver-command', ['-lock']],
      ['xdg-screensaver', ['lock']],
      ['loginctl', ['lock-session']],
      ['dm-tool', ['lock']],
    ];
    const errors: string[] = [];
    for (const [cmd, args] of attempts) {
      if (!findExecutable(cmd)) continue;
      try {
        await runCommand(cmd, args);
        return;
      } catch (err) {
        errors.push((err as Error).message);
      }
    }
    throw new Error(errors.join('; ') || 'no session locker found');
  }
}
