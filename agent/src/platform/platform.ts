import type { CapabilityStatus } from '@lookout/shared';
import type { Notifier } from './Notifier.js';
import type { ScreenCapture } from './ScreenCapture.js';
import type { ScreenLock } from './ScreenLock.js';
import type { UrlOpener } from './UrlOpener.js';
import type { WindowSource } from './WindowSource.js';
import type { InputSource } from './InputSource.js';
import type { MediaWatcher } from './MediaWatcher.js';
import type { VirusScanner } from './VirusScanner.js';
import type { SessionLocker } from './SessionLocker.js';
import type { ScreenTextReader } from './ScreenTextReader.js';
import { TesseractTextReader } from './portable/TesseractTextReader.js';
import type { UserDirectory } from './UserDirectory.js';
import { PasswdUserDirectory } from './linux-x11/PasswdUserDirectory.js';
import { NoUserDirectory } from './portable/NoUserDirectory.js';
import { X11SessionLocker } from './linux-x11/X11SessionLocker.js';
import { UnsupportedSessionLocker } from './portable/UnsupportedSessionLocker.js';
import { LinuxMediaWatcher } from './linux-x11/LinuxMediaWatcher.js';
import { ClamAvScanner } from './portable/ClamAvScanner.js';
import { UnsupportedMediaWatcher } from './portable/UnsupportedMediaWatcher.js';
import { UiohookInputSource } from './portable/UiohookInputSource.js';
import { X11Connection } from './linux-x11/X11Connection.js';
import { WINDOW_ATOMS, X11EventWindowSource } from './linux-x11/X11EventWindowSource.js';
import { X11ScreenCapture } from './linux-x11/X11ScreenCapture.js';
import { X11ScreenLock } from './linux-x11/X11ScreenLock.js';
import { probeLinuxInput, probeLinuxNotifications } from './linux-x11/linuxProbes.js';
import { WindowsWindowSource } from './windows/WindowsWindowSource.js';
import { MacWindowSource } from './macos/MacWindowSource.js';
import { CommandUrlOpener } from './portable/CommandUrlOpener.js';
import { NodeNotifier } from './portable/NodeNotifier.js';
import { ScreenshotCapture } from './portable/ScreenshotCapture.js';
import { UnsupportedScreenLock } from './portable/UnsupportedScreenLock.js';

/** The platform adapters for this OS. */
export interface Platform {
  windows: WindowSource;
  lock: ScreenLock;
  notifier: Notifier;
  urls: UrlOpener;
  capture: ScreenCapture;
  input: InputSource;
  media: MediaWatcher;
  scanner: VirusScanner;
  session: SessionLocker;
  /** OCR of the active window's picture (ScreenCapture.captureActiveWindow), where capture can say where it is. */
  screenText: ScreenTextReader;
  /** The signed-in account's full name, for the classroom wall. */
  accounts: UserDirectory;
}

/** Where removable volumes are mounted (udisks: /media/<user>, /run/media/<user>); tests add their own. */
const mediaRoots = () =>
  (process.env.LOOKOUT_MEDIA_ROOTS ?? '/media:/run/media').split(':').filter((r) => r.startsWith('/'));
const scanner = () => new ClamAvScanner(process.env.LOOKOUT_CLAMAV_DB || undefined);

const available = async (): Promise<CapabilityStatus> => ({ available: true });

const quietLog = { warn: (m: string) => process.stderr.write(`lookout-agent warn ${m}\n`) };

export function platformFor(dataDir: string, os: NodeJS.Platform = process.platform): Platform {
  switch (os) {
    case 'win32':
      return {
        windows: new WindowsWindowSource(),
        lock: new UnsupportedScreenLock('the headless agent cannot lock Windows: run the Lookout app (Electron)'),
        notifier: new NodeNotifier(available),
        urls: new CommandUrlOpener((url) => ['cmd', ['/c', 'start', '""', url]]),
        capture: new ScreenshotCapture(available),
        input: new UiohookInputSource(available, quietLog),
        media: new UnsupportedMediaWatcher('volume arrival on Windows needs the Lookout service (not built yet)'),
        scanner: scanner(),
        session: new UnsupportedSessionLocker('idle lock on Windows needs the Lookout app (Electron powerMonitor)'),
        screenText: new TesseractTextReader(),
        accounts: new NoUserDirectory(),
      };
    case 'darwin':
      return {
        windows: new MacWindowSource(),
        lock: new UnsupportedScreenLock('the headless agent cannot lock macOS: run the Lookout app (Electron)'),
        notifier: new NodeNotifier(available),
        urls: new CommandUrlOpener((url) => ['open', [url]]),
        capture: new ScreenshotCapture(available),
        input: new UiohookInputSource(available, quietLog),
        media: new UnsupportedMediaWatcher('watching /Volumes on macOS needs the Lookout service (not built yet)'),
        scanner: scanner(),
        session: new UnsupportedSessionLocker('idle lock on macOS needs the Lookout app (Electron powerMonitor)'),
        screenText: new TesseractTextReader(),
        accounts: new NoUserDirectory(),
      };
    default: {
      // Linux and the BSDs: X11. (Wayland sessions report capabilities unavailable through the probes.)
      // One X connection for the active window and screenshots: nothing spawned per read or per frame.
      const x = new X11Connection(WINDOW_ATOMS);
      return {
        windows: new X11EventWindowSource(x),
        lock: new X11ScreenLock(dataDir),
        notifier: new NodeNotifier(() => probeLinuxNotifications()),
        urls: new CommandUrlOpener((url) => ['xdg-open', [url]]),
        capture: new X11ScreenCapture(x),
        input: new UiohookInputSource(() => probeLinuxInput(), quietLog),
        media: new LinuxMediaWatcher(mediaRoots(), quietLog.warn),
        scanner: scanner(),
        session: new X11SessionLocker(),
        screenText: new TesseractTextReader(),
        accounts: new PasswdUserDirectory(),
      };
    }
  }
}
