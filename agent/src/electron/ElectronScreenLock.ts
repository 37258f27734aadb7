import { BrowserWindow, screen } from 'electron';
import { pathToFileURL } from 'node:url';
import type { CapabilityStatus } from '@lookout/shared';
import type { LockView, ScreenLock } from '../platform/ScreenLock.js';
import { LOCK_PAGE } from '../platform/uiPages.js';
import { lockedDownWebPreferences } from './lockedDownWebPreferences.js';

/**
 * The lock in the Electron shell: the shared lock page in a kiosk, always-on-top window on every display that
 * refuses to close while locked. The supervisor calls ensureShown every 250 ms: windows that were destroyed
 * (or displays that appeared) are covered again, and focus is taken back.
 */
export class ElectronScreenLock implements ScreenLock {
  private windows = new Map<number, BrowserWindow>();
  private locked = false;
  private view = '';
  private breachListener: (() => void) | undefined;

  async probe(): Promise<CapabilityStatus> {
    return { available: true };
  }

  onBreach(listener: () => void): void {
    this.breachListener = listener;
  }

  async ensureShown(view: LockView): Promise<void> {
    this.locked = true;
    const key = JSON.stringify(view);
    if (key !== this.view) {
      this.view = key;
      for (const win of this.windows.values()) void win.loadURL(this.pageUrl(view));
    }
    for (const display of screen.getAllDisplays()) {
      const existing = this.windows.get(display.id);
      if (existing && !existing.isDestroyed()) {
        existing.setAlwaysOnTop(true, 'screen-saver');
        existing.moveTop();
        continue;
      }
      this.windows.set(display.id, this.cover(display.bounds, view));
    }
    [...this.windows.values()][0]?.focus();
  }

  async hide(): Promise<void> {
    this.locked = false;
    this.view = '';
    for (const win of this.windows.values()) if (!win.isDestroyed()) win.destroy();
    this.windows.clear();
  }

  private cover(bounds: Electron.Rectangle, view: LockView): BrowserWindow {
    const win = new BrowserWindow({
      ...bounds,
      show: true,
      frame: false,
      kiosk: true,
      fullscreen: true,
      alwaysOnTop: true,
      skipTaskbar: true,
      closable: false,
      minimizable: false,
      movable: false,
      resizable: false,
      focusable: true,
      backgroundColor: '#0b3d91',
      webPreferences: lockedDownWebPreferences(),
    });
    win.setAlwaysOnTop(true, 'screen-saver');
    win.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
    win.on('close', (event) => {
      if (this.locked) event.preventDefault();
    });
    win.on('closed', () => this.locked && this.breachListener?.());
    win.on('blur', () => this.locked && !win.isDestroyed() && win.focus());
    void win.loadURL(this.pageUrl(view));
    return win;
  }

  private pageUrl(view: LockView): string {
    const url = pathToFileURL(LOCK_PAGE);
    if (view.message) url.searchParams.set('message', view.message);
    if (view.expiresAt) url.searchParams.set('until', view.expiresAt);
    return url.toString();
  }
}
