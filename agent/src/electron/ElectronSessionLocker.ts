import { powerMonitor } from 'electron';
import type { CapabilityStatus } from '@lookout/shared';
import type { SessionLocker } from '../platform/SessionLocker.js';
import { runCommand } from '../platform/runCommand.js';

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

  async lockSession(): Promise<void> {
    if (process.platform === 'win32') {
      await runCommand('rundll32.exe', ['user32.dll,LockWorkStation']);
    } else if (process.platform === 'darwin') {
      await runCommand('/System/Library/CoreServices/Menu Extras/User.menu/Contents/Resources/CGSession', [
        '-suspend',
      ]).catch(() => runCommand('pmset', ['displaysleepnow']));
    } else {
      await this.fallback.lockSession();
    }
  }
}
