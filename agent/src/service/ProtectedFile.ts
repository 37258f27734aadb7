import { watch, type FSWatcher } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

/**
 * A file only the service writes (the policy cache), watched for changes it did not make. A write by a pupil is
 * refused by the file's mode and leaves no trace the service can see (only the kernel's audit log records refused
 * attempts); what inotify shows is a change that got through (someone with root, a mode loosened by hand): that is
 * reported, and the service's own content put back.
 */
export class ProtectedFile {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private checking = Promise.resolve();

  constructor(
    private readonly path: string,
    /** What the file should hold once the service's own write in progress (if any) is done. */
    private readonly expected: () => Promise<string | undefined>,
    private readonly changed: (detail: string) => void,
    private readonly log: { warn(message: string): void },
  ) {}

  start(): void {
    // The directory is watched: a replacement by rename (how the service itself writes) is seen too.
    this.watcher = watch(dirname(this.path), (_event, name) => {
      if (name !== basename(this.path)) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.checking = this.checking.then(() => this.check());
      }, 100);
    });
    this.watcher.on('error', (err) => this.log.warn(`watching ${this.path}: ${err.message}`));
  }

  stop(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
  }

  private async check(): Promise<void> {
    const expected = await this.expected();
    if (expected === undefined) return;
    const actual = await readFile(this.path, 'utf8').catch(() => undefined);
    if (actual === expected) return;
    await writeFile(`${this.path}.restore`, expected, { mode: 0o600 });
    await rename(`${this.path}.restore`, this.path);
    this.changed(
      `${this.path} was ${actual === undefined ? 'removed' : 'changed'} by someone other than the Lookout service; ` +
        'the policy in force was put back',
    );
  }
}
