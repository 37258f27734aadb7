import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser as PlaywrightBrowser, type BrowserContext, type Page } from 'playwright-core';
import { RESULTS_DIR } from './ManagedProcess.js';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** What the readiness check reads inside the extension's service worker. */
type ExtensionGlobal = { chrome: { runtime: { onMessage: { hasListeners(): boolean } } } };

/** Debian's Chromium, headless (so it never takes the X focus from the windows a test switches between). */
export class Browser {
  private constructor(private readonly browser: PlaywrightBrowser) {}

  static async launch(): Promise<Browser> {
    const browser = await chromium.launch({
      executablePath: process.env.LOOKOUT_CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
    });
    return new Browser(browser);
  }

  /**
   * A pupil's browser: Chromium with the Lookout extension loaded (new headless mode runs extensions), and host
   * names mapped to local test servers (`games.test` → 127.0.0.1:PORT) so category-listed sites can be visited.
   * Resolves once the extension's service worker is running, so no navigation outruns its listeners.
   * With `desktop`, Chromium opens real windows on that X display (what the agent reads and xdotool types into).
   */
  static async launchWithExtension(
    extensionDir: string,
    hosts: Record<string, number>,
    desktop?: { env: NodeJS.ProcessEnv },
  ): Promise<BrowserContext> {
    const rules = Object.entries(hosts)
      .map(([host, port]) => `MAP ${host} 127.0.0.1:${port}`)
      .join(', ');
    const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'lookout-chromium-')), {
      executablePath: process.env.LOOKOUT_CHROMIUM ?? '/usr/bin/chromium',
      headless: false,
      viewport: desktop ? null : { width: 1280, height: 800 },
      locale: 'en-GB',
      ...(desktop ? { env: desktop.env } : {}),
      args: [
        ...CHROMIUM_ARGS,
        ...(desktop ? ['--window-size=1100,700'] : ['--headless=new']),
        `--disable-extensions-except=${extensionDir}`,
        `--load-extension=${extensionDir}`,
        `--host-resolver-rules=${rules}`,
      ],
    });
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 10_000 }));
    // The worker is reported when it starts, which can be before its script has registered its listeners (a
    // navigation then is never reported: seen on a loaded CI machine). Wait for the last listener it registers.
    const deadline = Date.now() + 10_000;
    const ready = () => (globalThis as unknown as ExtensionGlobal).chrome.runtime.onMessage.hasListeners();
    while (!(await worker.evaluate(ready).catch(() => false))) {
      if (Date.now() > deadline) throw new Error('the Lookout extension registered no listeners within 10 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    return context;
  }

  async newPage(): Promise<Page> {
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    return context.newPage();
  }

  /** Signs in through the console's own sign-in form, as a member of staff would. */
  static async signIn(page: Page, consoleUrl: string, username: string, password: string): Promise<void> {
    await page.goto(consoleUrl);
    await page.getByLabel('User name').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  /** Keeps what the page looked like, for reading a failed run afterwards. */
  static async screenshot(page: Page, testName: string): Promise<string> {
    const dir = join(RESULTS_DIR, testName.replace(/[^a-z0-9-]+/gi, '_'));
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'page.png');
    await page.screenshot({ path, fullPage: true });
    return path;
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}
