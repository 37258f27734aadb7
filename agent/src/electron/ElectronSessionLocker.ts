import { execFile } from 'node:child_process';
import { powerMonitor } from 'electron';
import type { CapabilityStatus } from '@lookout/shared';
import type { SessionLocker } from '../platform/SessionLocker.js';

const run = (cmd: string, args: string[]) =>
  new Promise<void>((resolve, reject) =>
    execFile(cmd, args, { timeout: 10_000 }, (err) => (err ? reject(err) : resolve())),
  );

/**
 * Electron: idle time from powerMonitor (every OS), and the OS's own lock: LockWorkStation on Windows, the
 * login window on macOS; elsewhere the X11 locker the headless agent uses.
 */
export class ElectronSessionLocker implements SessionLocker {
  constructor(private readonly fallback: SessionLocker) {}

  probe(): Promise<CapabilityStatus> {
    if (process.platform === 'win32' || process.platform === 'darwin') return Promise.resolve({ available: true });
    return this.fallback.probe();
  }

  idleMs(): Promise<number> {
    return Promise.resolve(powerMonitor.getSystemIdleTime() * 1000);
  }

  lockSession(): Promise<void> {
    if (process.platform === 'win32') return run('rundll32.exe', ['user32.dll,LockWorkStation']);
    if (process.platform === 'darwin') {
      return run('/System/Library/CoreServices/Menu Extras/User.menu/Contents/Resources/CGSession', ['-suspend']).catch(
        () => run('pmset', ['displaysleepnow']),
      );
    }
    return this.fallback.lockSession();
  }
}
