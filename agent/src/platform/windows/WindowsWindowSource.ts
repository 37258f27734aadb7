import type { CapabilityStatus, WindowChangedPayload } from '@lookout/shared';
import type { WindowSource } from '../WindowSource.js';
import { readActiveWindowWithGetWindows } from '../getWindowsReader.js';

/** Windows: get-windows' native addon reads the foreground window. Not exercised in CI (Linux only). */
export class WindowsWindowSource implements WindowSource {
  async probe(): Promise<CapabilityStatus> {
    try {
      await readActiveWindowWithGetWindows();
      return { available: true };
    } catch (err) {
      return { available: false, reason: (err as Error).message };
    }
  }

  activeWindow(): Promise<WindowChangedPayload | undefined> {
    return readActiveWindowWithGetWindows();
  }
}
