import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { UrlOpener } from '../UrlOpener.js';
import { findExecutable } from '../findExecutable.js';

/** Chromium-family browsers the Lookout extension runs in, most likely on a school's Linux image first. */
const CHROMIUM_FAMILY = [
  'chromium',
  'chromium-browser',
  'google-chrome-stable',
  'google-chrome',
  'microsoft-edge-stable',
  'microsoft-edge',
];

/** Where the package's browser policy force-installs the extension (see build/package/agent/write-browser-policy). */
const FORCED_BY_POLICY = ['/etc/chromium/policies/managed/lookout.json', '/etc/opt/chrome/policies/managed/lookout.json'];

/** Whether a managed browser policy force-installs an extension (the package writes one when the school names it). */
function forcedByPolicy(): boolean {
  return FORCED_BY_POLICY.some((file) => {
    try {
      return readFileSync(file, 'utf8').includes('"ExtensionInstallForcelist"');
    } catch {
      return false;
    }
  });
}

export interface ExtensionBrowserOptions {
  /** The agent's copy of the extension (config naming its bridge), loaded where no policy forces it. */
  extensionDir: string;
  /** A browser chosen by the school (LOOKOUT_BROWSER); default: the first Chromium-family browser on PATH. */
  browser?: string | undefined;
  /** A browser profile directory (LOOKOUT_BROWSER_PROFILE); default: the user's own. */
  profile?: string | undefined;
  /** Whether the browser policy forces the extension on this PC (then it is not loaded a second time). */
  forcedByPolicy?: () => boolean;
  /** Chromium refuses to run as root without it (a test machine, never a pupil's session). */
  runningAsRoot?: boolean;
}

/**
 * Opens a teacher's web page in a browser that has the Lookout extension, never in whatever the desktop's default
 * browser is: a lesson limit shown as applied must be enforced where the page opens. On a lab PC from the package
 * the browser policy forces the extension into every Chrome/Chromium profile; elsewhere the agent's own copy is
 * loaded. With no such browser the command fails, so the teacher sees it, rather than the page opening unfiltered.
 */
export class ExtensionBrowserUrlOpener implements UrlOpener {
  constructor(private readonly options: ExtensionBrowserOptions) {}

  /** The command line that opens `url`, or why there is none. */
  commandFor(url: string): { program: string; args: string[] } {
    const program = this.options.browser ?? CHROMIUM_FAMILY.map(findExecutable).find((p) => p !== undefined);
    if (!program || !existsSync(program)) {
      throw new Error(
        `no browser with the Lookout extension on this PC (${this.options.browser ?? 'no Chrome, Chromium or Edge'}); ` +
          'the page was not opened',
      );
    }
    const forced = (this.options.forcedByPolicy ?? forcedByPolicy)();
    const args = [
      ...(this.options.runningAsRoot ? ['--no-sandbox'] : []),
      ...(this.options.profile ? [`--user-data-dir=${this.options.profile}`] : []),
      ...(forced ? [] : [`--load-extension=${this.options.extensionDir}`]),
      '--no-first-run',
      '--',
      url,
    ];
    return { program, args };
  }

  async open(url: string): Promise<void> {
    const { program, args } = this.commandFor(url);
    return new Promise((resolve, reject) => {
      const child = spawn(program, args, { detached: true, stdio: 'ignore' });
      child.once('error', (err) => reject(new Error(`${program}: ${err.message}`)));
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
    });
  }
}
