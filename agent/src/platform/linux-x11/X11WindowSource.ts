import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { CapabilityStatus, WindowChangedPayload } from '@lookout/shared';
import type { WindowSource } from '../WindowSource.js';
import { readActiveWindowWithGetWindows } from '../getWindowsReader.js';

const run = promisify(execFile);

/** Value of one xprop line such as `WM_CLASS(STRING) = "xterm", "XTerm"` or `_NET_WM_NAME(UTF8_STRING) = "x"`. */
function xpropValue(output: string, property: string): string | undefined {
  const line = output.split('\n').find((l) => l.startsWith(`${property}(`));
  return line?.slice(line.indexOf('=') + 1).trim();
}

function unquote(value: string): string {
  const match = /^"((?:[^"\\]|\\.)*)"/.exec(value);
  return match ? match[1]!.replace(/\\(.)/g, '$1') : value;
}

/**
 * The active window on Linux/X11, through get-windows (which shells out to xprop/xwininfo). get-windows throws
 * for windows without _NET_WM_PID (xmessage, some old toolkits); for those we read title and class ourselves.
 */
export class X11WindowSource implements WindowSource {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async probe(): Promise<CapabilityStatus> {
    if (!this.env.DISPLAY) return { available: false, reason: 'no X display (DISPLAY is not set)' };
    try {
      await run('xprop', ['-root', '_NET_SUPPORTING_WM_CHECK'], { timeout: 3000 });
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { stderr?: string };
      if (e.code === 'ENOENT') return { available: false, reason: 'xprop not found (install x11-utils)' };
      return {
        available: false,
        reason: `cannot reach the X display ${this.env.DISPLAY}: ${e.stderr?.trim() || e.message}`,
      };
    }
    return { available: true };
  }

  async activeWindow(): Promise<WindowChangedPayload | undefined> {
    try {
      return await readActiveWindowWithGetWindows();
    } catch (err) {
      if (!/process ID/i.test((err as Error).message)) throw err;
      return this.readWithoutPid();
    }
  }

  private async readWithoutPid(): Promise<WindowChangedPayload | undefined> {
    const root = await run('xprop', ['-root', '_NET_ACTIVE_WINDOW'], { timeout: 3000 });
    const id = /window id # (0x[0-9a-f]+)/i.exec(root.stdout)?.[1];
    if (!id || id === '0x0') return undefined;
    const props = await run('xprop', ['-id', id, '_NET_WM_NAME', 'WM_NAME', 'WM_CLASS'], { timeout: 3000 });
    const title = xpropValue(props.stdout, '_NET_WM_NAME') ?? xpropValue(props.stdout, 'WM_NAME');
    const wmClass = xpropValue(props.stdout, 'WM_CLASS');
    const app = wmClass ? (wmClass.split(',').map((s) => unquote(s.trim()))[1] ?? unquote(wmClass)) : 'unknown';
    return { app, title: title ? unquote(title) : '', pid: null };
  }
}
