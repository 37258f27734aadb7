import type { CapabilityStatus } from '@lookout/shared';
import type { Notifier } from '../Notifier.js';

/**
 * Desktop notifications through node-notifier: notify-send on Linux (needs a session D-Bus and a
 * notification daemon), toasts on Windows, Notification Center on macOS.
 */
export class NodeNotifier implements Notifier {
  constructor(private readonly probeFn: () => Promise<CapabilityStatus>) {}

  probe(): Promise<CapabilityStatus> {
    return this.probeFn();
  }

  async notify(title: string, text: string): Promise<void> {
    // Loaded at the first notification: an agent that never shows one never holds the library (issue 11).
    const notifier = (await import('node-notifier')).default;
    return new Promise((resolve, reject) => {
      // node-notifier reports success with err === '' (not null) on Linux.
      notifier.notify({ title, message: text, wait: false }, (err: Error | string | null) => {
        if (err) reject(err instanceof Error ? err : new Error(String(err)));
        else resolve();
      });
    });
  }
}
