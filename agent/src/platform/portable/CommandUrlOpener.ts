import { spawn } from 'node:child_process';
import type { UrlOpener } from '../UrlOpener.js';

/** Opens URLs with the OS's own command (xdg-open, `open`, `cmd /c start`), detached from the agent. */
export class CommandUrlOpener implements UrlOpener {
  constructor(private readonly command: (url: string) => [string, string[]]) {}

  open(url: string): Promise<void> {
    const [program, args] = this.command(url);
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
