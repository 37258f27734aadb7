import { describe, expect, it } from 'vitest';
import { ExtensionBrowserUrlOpener } from './ExtensionBrowserUrlOpener.js';

const url = 'https://maths.example/fractions';

describe('ExtensionBrowserUrlOpener', () => {
  it('loads the agent’s extension into the browser where no policy forces it', () => {
    const opener = new ExtensionBrowserUrlOpener({
      extensionDir: '/data/browser-extension',
      browser: '/bin/sh',
      forcedByPolicy: () => false,
    });
    expect(opener.commandFor(url)).toEqual({
      program: '/bin/sh',
      args: ['--load-extension=/data/browser-extension', '--no-first-run', '--', url],
    });
  });

  it('leaves it to the browser policy where it forces the extension, and runs as root only without the sandbox', () => {
    const opener = new ExtensionBrowserUrlOpener({
      extensionDir: '/data/browser-extension',
      browser: '/bin/sh',
      profile: '/tmp/profile',
      forcedByPolicy: () => true,
      runningAsRoot: true,
    });
    expect(opener.commandFor(url).args).toEqual([
      '--no-sandbox',
      '--user-data-dir=/tmp/profile',
      '--no-first-run',
      '--',
      url,
    ]);
  });

  it('fails, rather than fall back to the desktop’s default browser, when no browser with the extension exists', async () => {
    const opener = new ExtensionBrowserUrlOpener({ extensionDir: '/x', browser: '/nonexistent/chromium' });
    await expect(opener.open(url)).rejects.toThrow(/no browser with the Lookout extension on this PC/);
  });
});
