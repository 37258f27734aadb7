import type { MediaWatcher } from './MediaWatcher.js';
import type { UserDirectory } from './UserDirectory.js';
import type { VirusScanner } from './VirusScanner.js';
import { PasswdUserDirectory } from './linux-x11/PasswdUserDirectory.js';
import { LinuxMediaWatcher } from './linux-x11/LinuxMediaWatcher.js';
import { ClamAvScanner } from './portable/ClamAvScanner.js';
import { NoUserDirectory } from './portable/NoUserDirectory.js';
import { UnsupportedMediaWatcher } from './portable/UnsupportedMediaWatcher.js';

/** The adapters the service (the PC's side) uses: no X11, input hook, screenshots, OCR or notifications. */
export interface DevicePlatform {
  media: MediaWatcher;
  scanner: VirusScanner;
  /** The signed-in account's full name, for the classroom wall. */
  accounts: UserDirectory;
}

/** Where removable volumes are mounted (udisks: /media/<user>, /run/media/<user>); tests add their own. */
const mediaRoots = () =>
  (process.env.LOOKOUT_MEDIA_ROOTS ?? '/media:/run/media').split(':').filter((r) => r.startsWith('/'));

const quietWarn = (m: string) => process.stderr.write(`lookout-agent warn ${m}\n`);

export function devicePlatformFor(os: NodeJS.Platform = process.platform): DevicePlatform {
  const scanner = new ClamAvScanner(process.env.LOOKOUT_CLAMAV_DB || undefined);
  switch (os) {
    case 'win32':
      return {
        media: new UnsupportedMediaWatcher('volume arrival on Windows needs the Lookout service (not built yet)'),
        scanner,
        accounts: new NoUserDirectory(),
      };
    case 'darwin':
      return {
        media: new UnsupportedMediaWatcher('watching /Volumes on macOS needs the Lookout service (not built yet)'),
        scanner,
        accounts: new NoUserDirectory(),
      };
    default:
      return { media: new LinuxMediaWatcher(mediaRoots(), quietWarn), scanner, accounts: new PasswdUserDirectory() };
  }
}
