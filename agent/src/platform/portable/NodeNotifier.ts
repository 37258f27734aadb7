import notifier from 'node-notifier';
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

  notify(title: string, text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      // node-notifier reports success with err === '' (not null) on Linux.
      notifier.notify({ title, message: text, wait: false }, (err: Error | string | null) => {
        if (err) reject(err instanceof Error ? err : new Error(String(err)));
        else resolve();
      });
    });
  }
}
