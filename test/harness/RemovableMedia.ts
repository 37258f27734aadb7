import { runsAsRoot } from './root.js';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Removable volumes for tests. No USB device can be faked here: a filesystem image attached through a loop
 * device stands in (ext4, with a label and a UUID), or a tmpfs where loop devices are not available. Both are
 * mounted where udisks would mount a stick (`<root>/<user>/<label>`), which the agent watches. Needs root.
 */
export class RemovableMedia {
  readonly root = mkdtempSync(join(tmpdir(), 'lookout-media-'));
  private readonly mounted: string[] = [];

  static canMount(): boolean {
    return runsAsRoot();
  }

  /** Whether loop devices work here (else volumes are tmpfs, and tests say so in their names). */
  static readonly loop: boolean = (() => {
    try {
      execFileSync('losetup', ['-f'], { stdio: 'pipe' });
      return true;
    } catch {
      return false;
    }
  })();

  static get kind(): string {
    return RemovableMedia.loop ? 'a loop-device ext4 image' : 'a tmpfs (no loop devices here)';
  }

  /** Mounts a new volume holding `files`; resolves with where it is and its filesystem UUID (loop only). */
  insert(
    label: string,
    files: Record<string, string | Buffer> = {},
  ): { mountPoint: string; fsUuid: string | null; image: string | null } {
    const mountPoint = join(this.root, 'pupil', label);
    mkdirSync(mountPoint, { recursive: true });
    const content = mkdtempSync(join(tmpdir(), 'lookout-media-content-'));
    for (const [name, data] of Object.entries(files)) writeFileSync(join(content, name), data);
    let fsUuid: string | null = null;
    let image: string | null = null;
    if (RemovableMedia.loop) {
      image = join(this.root, `${label.replace(/[^a-z0-9]/gi, '_')}-${Date.now()}.img`);
      execFileSync('truncate', ['-s', '8M', image]);
      execFileSync('mkfs.ext4', ['-q', '-F', '-L', label.slice(0, 16), '-d', content, image], { stdio: 'pipe' });
      fsUuid = execFileSync('blkid', ['-s', 'UUID', '-o', 'value', image]).toString().trim() || null;
      execFileSync('mount', ['-o', 'loop', image, mountPoint]);
    } else {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'lookout-test', mountPoint]);
      execFileSync('cp', ['-a', `${content}/.`, mountPoint]);
    }
    rmSync(content, { recursive: true, force: true });
    this.mounted.push(mountPoint);
    return { mountPoint, fsUuid, image };
  }

  /** Plugs the same stick in again (loop images only). */
  reinsert(image: string, mountPoint: string): void {
    mkdirSync(mountPoint, { recursive: true });
    execFileSync('mount', ['-o', 'loop', image, mountPoint]);
  }

  static isMounted(mountPoint: string): boolean {
    return mountTable().some((m) => m.mountPoint === mountPoint);
  }

  static isReadOnly(mountPoint: string): boolean {
    return (
      mountTable()
        .find((m) => m.mountPoint === mountPoint)
        ?.options.includes('ro') ?? false
    );
  }

  eject(mountPoint: string): void {
    if (RemovableMedia.isMounted(mountPoint)) execFileSync('umount', ['-l', mountPoint]);
  }

  cleanUp(): void {
    for (const m of this.mounted) {
      try {
        this.eject(m);
      } catch {
        // already gone
      }
    }
    try {
      rmSync(this.root, { recursive: true, force: true });
    } catch {
      // a lazily detached mount point may stay busy for a moment: it is in the temp dir either way
    }
  }
}

/** The mount table's mount points and options; the kernel writes spaces and such as octal escapes (\040). */
function mountTable(): { mountPoint: string; options: string[] }[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const fields = line.split(' ');
      return {
        mountPoint: fields[4]!.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))),
        options: fields[5]?.split(',') ?? [],
      };
    });
}
