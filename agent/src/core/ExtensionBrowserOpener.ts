import type { UrlOpener } from '../platform/UrlOpener.js';
import type { Timers } from './Timers.js';

/** What the teacher sees when a PC has no browser the page could be opened in safely. */
export const NO_EXTENSION_BROWSER = 'not opened: no browser with the Lookout extension';

export interface ExtensionBrowserOpenerDeps {
  /** Whether a browser profile running the current Lookout extension has been in touch lately. */
  hasCurrentExtension: () => boolean;
  /**
   * Opens an address in the browser the school's policy gives the extension (Chromium or Chrome with the user's
   * own profile); undefined when this PC has none.
   */
  browser: UrlOpener | undefined;
  timers: Timers;
  /** How long a browser just started has to show its extension (it calls the agent as it starts). */
  startWaitMs: number;
  pollMs: number;
}

/**
 * "Open web page" from the classroom: the page opens only in a browser that runs the current Lookout extension,
 * so the lesson's limits and the school's filter apply to it. With none running, the policy's browser is started
 * on its start page (nothing of the teacher's yet) and the page follows once its extension has called in; if none
 * does, nothing is opened and the teacher is told why (the command's result).
 */
export class ExtensionBrowserOpener implements UrlOpener {
  constructor(private readonly deps: ExtensionBrowserOpenerDeps) {}

  async open(url: string): Promise<void> {
    const { browser } = this.deps;
    if (!browser) throw new Error(NO_EXTENSION_BROWSER);
    if (!this.deps.hasCurrentExtension()) {
      await browser.open('about:blank');
      if (!(await this.extensionCallsIn())) throw new Error(NO_EXTENSION_BROWSER);
    }
    await browser.open(url);
  }

  private extensionCallsIn(): Promise<boolean> {
    const { timers, startWaitMs, pollMs, hasCurrentExtension } = this.deps;
    return new Promise((resolve) => {
      let waited = 0;
      const poll = () => {
        if (hasCurrentExtension()) return resolve(true);
        if (waited >= startWaitMs) return resolve(false);
        waited += pollMs;
        timers.setTimeout(poll, pollMs);
      };
      poll();
    });
  }
}
