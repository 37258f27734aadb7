import type { WindowSource } from './WindowSource.js';
import { X11WindowSource } from './linux-x11/X11WindowSource.js';
import { WindowsWindowSource } from './windows/WindowsWindowSource.js';
import { MacWindowSource } from './macos/MacWindowSource.js';

/** The platform adapters for this OS. */
export interface Platform {
  windows: WindowSource;
}

export function platformFor(os: NodeJS.Platform = process.platform): Platform {
  switch (os) {
    case 'win32':
      return { windows: new WindowsWindowSource() };
    case 'darwin':
      return { windows: new MacWindowSource() };
    default:
      // Linux and the BSDs: X11. (Wayland sessions report the capability unavailable through the probe.)
      return { windows: new X11WindowSource() };
  }
}
