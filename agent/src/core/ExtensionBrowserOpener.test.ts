import { describe, expect, it } from 'vitest';
import { ExtensionBrowserOpener, NO_EXTENSION_BROWSER } from './ExtensionBrowserOpener.js';
import type { Timers } from './Timers.js';

/** A clock a test moves by hand. */
function manualTimers() {
  const pending: { at: number; fn: () => void }[] = [];
  let now = 0;
  const timers: Timers = {
    setTimeout: (fn, ms) => pending.push({ at: now + ms, fn }),
    clearTimeout: () => undefined,
  };
  const advance = async (ms: number) => {
    const until = now + ms;
    for (;;) {
      // Let the opener's awaits settle before reading what it scheduled.
      await new Promise((resolve) => setImmediate(resolve));
      pending.sort((a, b) => a.at - b.at);
      const next = pending[0];
      if (!next || next.at > until) break;
      pending.shift();
      now = next.at;
      next.fn();
    }
    now = until;
  };
  return { timers, advance };
}

describe('opening a teacher’s page only in a browser with the Lookout extension', () => {
  it('opens at once in the browser whose extension is running and current', async () => {
    const opened: string[] = [];
    const opener = new ExtensionBrowserOpener({
      hasCurrentExtension: () => true,
      browser: { open: async (url) => void opened.push(url) },
      timers: manualTimers().timers,
      startWaitMs: 20_000,
      pollMs: 250,
    });
    await opener.open('https://school.test/fractions');
    expect(opened).toEqual(['https://school.test/fractions']);
  });

  it('starts the browser on a blank page first, and opens the page once its extension has called in', async () => {
    const opened: string[] = [];
    let running = false;
    const { timers, advance } = manualTimers();
    const opener = new ExtensionBrowserOpener({
      hasCurrentExtension: () => running,
      browser: { open: async (url) => void opened.push(url) },
      timers,
      startWaitMs: 20_000,
      pollMs: 250,
    });
    const result = opener.open('https://school.test/fractions');
    await advance(1000);
    expect(opened).toEqual(['about:blank']);
    running = true;
    await advance(250);
    await result;
    expect(opened).toEqual(['about:blank', 'https://school.test/fractions']);
  });

  it('opens nothing of the teacher’s when no extension calls in, and says why', async () => {
    const opened: string[] = [];
    const { timers, advance } = manualTimers();
    const opener = new ExtensionBrowserOpener({
      hasCurrentExtension: () => false,
      browser: { open: async (url) => void opened.push(url) },
      timers,
      startWaitMs: 20_000,
      pollMs: 250,
    });
    const result = opener.open('https://school.test/fractions');
    const settled = expect(result).rejects.toThrow(NO_EXTENSION_BROWSER);
    await advance(21_000);
    await settled;
    expect(opened).toEqual(['about:blank']);
  });

  it('opens nothing on a PC without such a browser', async () => {
    const opener = new ExtensionBrowserOpener({
      hasCurrentExtension: () => true,
      browser: undefined,
      timers: manualTimers().timers,
      startWaitMs: 20_000,
      pollMs: 250,
    });
    await expect(opener.open('https://school.test/')).rejects.toThrow(NO_EXTENSION_BROWSER);
  });
});
