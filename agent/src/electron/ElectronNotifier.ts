import { BrowserWindow, Notification, screen } from 'electron';
import { pathToFileURL } from 'node:url';
import type { CapabilityStatus } from '@lookout/shared';
import type { Notifier } from '../platform/Notifier.js';
import { lockedDownWebPreferences } from './lockedDownWebPreferences.js';
import { MESSAGE_PAGE } from '../platform/uiPages.js';

/** A teacher's message: an OS notification and a small window that stays until read. */
export class ElectronNotifier implements Notifier {
  async probe(): Promise<CapabilityStatus> {
    return Notification.isSupported()
      ? { available: true }
      : { available: true, reason: 'OS notifications unsupported: message window only' };
  }

  async notify(title: string, text: string): Promise<void> {
    if (Notification.isSupported()) new Notification({ title, body: text }).show();
    const { workArea } = screen.getPrimaryDisplay();
    const win = new BrowserWindow({
      width: 420,
      height: 220,
      x: workArea.x + workArea.width - 440,
      y: workArea.y + 20,
      alwaysOnTop: true,
      resizable: false,
      minimizable: false,
      title,
      webPreferences: lockedDownWebPreferences(),
    });
    const url = pathToFileURL(MESSAGE_PAGE);
    url.searchParams.set('title', title);
    url.searchParams.set('text', text);
    await win.loadURL(url.toString());
  }
}
