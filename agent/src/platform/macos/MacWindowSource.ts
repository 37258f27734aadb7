import type { CapabilityStatus, WindowChangedPayload } from '@lookout/shared';
import type { WindowSource } from '../WindowSource.js';
import { readActiveWindowWithGetWindows } from '../getWindowsReader.js';

/**
 * macOS: get-windows' native addon. Titles need the Screen Recording permission (granted by MDM profile in
 * schools); without it titles come back empty, which the probe reports.
 */
export class MacWindowSource implements WindowSource {
  async probe(): Promise<CapabilityStatus> {
    try {
      const win = await readActiveWindowWithGetWindows();
      if (win && win.title === '') {
        return { available: true, reason: 'window titles are empty: grant Screen Recording permission' };
      }
      return { available: true };
    } catch (err) {
      return { available: false, reason: (err as Error).message };
    }
  }

  activeWindow(): Promise<WindowChangedPayload | undefined> {
    return readActiveWindowWithGetWindows();
  }
}
