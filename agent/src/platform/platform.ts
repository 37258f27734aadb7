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
import { X11SessionLocker } from './linux-x11/X11SessionLocker.js';
import { UnsupportedSessionLocker } from './portable/UnsupportedSessionLocker.js';
import { UiohookInputSource } from './portable/UiohookInputSource.js';
import { X11Connection } from './linux-x11/X11Connection.js';
import { WINDOW_ATOMS, X11EventWindowSource } from './linux-x11/X11EventWindowSource.js';
import { X11ScreenCapture } from './linux-x11/X11ScreenCapture.js';
import { X11ScreenLock } from './linux-x11/X11ScreenLock.js';
import { probeLinuxInput, probeLinuxNotifications } from './linux-x11/linuxProbes.js';
import { WindowsWindowSource } from './windows/WindowsWindowSource.js';
import { MacWindowSource } from './macos/MacWindowSource.js';
import { devicePlatformFor } from './devicePlatform.js';
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

const available = async (): Promise<CapabilityStatus> => ({ available: true });

const quietLog = { warn: (m: string) => process.stderr.write(`lookout-agent warn ${m}\n`) };

export function platformFor(dataDir: string, os: NodeJS.Platform = process.platform): Platform {
  // The PC's side (media, virus scanner, accounts) is the service's; the single-process agent has it here too.
  const device = devicePlatformFor(os);
  switch (os) {
    case 'win32':
      return {
        windows: new WindowsWindowSource(),
        lock: new UnsupportedScreenLock('the headless agent cannot lock Windows: run the Lookout app (Electron)'),
        notifier: new NodeNotifier(available),
        urls: new CommandUrlOpener((url) => ['cmd', ['/c', 'start', '""', url]]),
        capture: new ScreenshotCapture(available),
        input: new UiohookInputSource(available, quietLog),
        ...device,
        session: new UnsupportedSessionLocker('idle lock on Windows needs the Lookout app (Electron powerMonitor)'),
        screenText: new TesseractTextReader(),
      };
    case 'darwin':
      return {
        windows: new MacWindowSource(),
        lock: new UnsupportedScreenLock('the headless agent cannot lock macOS: run the Lookout app (Electron)'),
        notifier: new NodeNotifier(available),
        urls: new CommandUrlOpener((url) => ['open', [url]]),
        capture: new ScreenshotCapture(available),
        input: new UiohookInputSource(available, quietLog),
        ...device,
        session: new UnsupportedSessionLocker('idle lock on macOS needs the Lookout app (Electron powerMonitor)'),
        screenText: new TesseractTextReader(),
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
        ...device,
        session: new X11SessionLocker(),
        screenText: new TesseractTextReader(),
      };
    }
  }
}
