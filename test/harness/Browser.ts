import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser as PlaywrightBrowser, type Page } from 'playwright-core';
import { RESULTS_DIR } from './ManagedProcess.js';

/** Debian's Chromium, headless (so it never takes the X focus from the windows a test switches between). */
export class Browser {
  private constructor(private readonly browser: PlaywrightBrowser) {}

  static async launch(): Promise<Browser> {
    const browser = await chromium.launch({
      executablePath: process.env.LOOKOUT_CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    });
    return new Browser(browser);
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
