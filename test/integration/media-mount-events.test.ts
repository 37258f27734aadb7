import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MediaVolume } from '@lookout/shared';
import { LinuxMediaWatcher } from '../../agent/src/platform/linux-x11/LinuxMediaWatcher.js';
import { RemovableMedia } from '../harness/RemovableMedia.js';
import { waitFor } from '../harness/waitFor.js';

// The portable-media watcher learns of mounts from the kernel (findmnt --poll waits in poll() on the mount
// table) instead of reading the table four times a second, which cost about 1 % of a core all day. Real tmpfs
// mounts under a watched root; needs root, like the other media tests.
const HOUR = 3_600_000;
const cleanUps: (() => void)[] = [];
afterEach(() => {
  for (const cleanUp of cleanUps.splice(0).reverse()) cleanUp();
});

function watch(root: string, fallbackPollMs: number, listenMs?: number) {
  const seen: MediaVolume[][] = [];
  const warnings: string[] = [];
  const watcher = new LinuxMediaWatcher([root], (m) => warnings.push(m), fallbackPollMs, HOUR, listenMs);
  watcher.start((volumes) => seen.push(volumes));
  cleanUps.push(() => watcher.stop());
  return { seen, warnings, latest: () => seen.at(-1) };
}

function mountStick(root: string, label: string): string {
  const mountPoint = join(root, 'pupil', label);
  mkdirSync(mountPoint, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'lookout-test', mountPoint]);
  cleanUps.push(() => {
    try {
      execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  });
  return mountPoint;
}

describe.skipIf(!RemovableMedia.canMount())('mount-table events (tmpfs volumes)', () => {
  it('reports a volume mounted and unmounted at once, though its timer would read the table only hourly', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lookout-media-events-'));
    cleanUps.push(() => rmSync(root, { recursive: true, force: true }));
    const { latest, warnings } = watch(root, HOUR);
    await waitFor('the first reading of the table', () => latest()?.length === 0);
    // Mounted over a folder that already exists, as udisks does: nothing in the watched tree changes but the table.
    // Two sticks in and out: four changes, at most one of which the read just after findmnt starts could catch.
    for (const label of ['STICK', 'OTHER']) {
      mkdirSync(join(root, 'pupil', label), { recursive: true });
      const mountPoint = mountStick(root, label);
      await waitFor(`${label} reported`, () => latest()?.some((v) => v.mountPoint === mountPoint), {
        timeoutMs: 5000,
      });
      execFileSync('umount', [mountPoint]);
      await waitFor(`${label} gone`, () => latest()?.length === 0, { timeoutMs: 5000 });
    }
    expect(warnings).toEqual([]);
  });

  it('keeps hearing changes across findmnt runs that end when their time is up (one that outlives the agent)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lookout-media-events-'));
    cleanUps.push(() => rmSync(root, { recursive: true, force: true }));
    const { latest, seen, warnings } = watch(root, HOUR, 1000);
    await waitFor('the first reading of the table', () => latest()?.length === 0);
    for (const label of ['FIRST', 'SECOND', 'THIRD']) {
      const mountPoint = mountStick(root, label);
      await waitFor(`${label} reported`, () => latest()?.some((v) => v.mountPoint === mountPoint), {
        timeoutMs: 5000,
      });
      execFileSync('umount', [mountPoint]);
      await waitFor(`${label} gone`, () => latest()?.length === 0, { timeoutMs: 5000 });
    }
    expect(seen.length).toBe(7); // the first reading, then each stick in and out
    expect(warnings).toEqual([]);
  });

  it('falls back to reading the table on its timer where findmnt cannot run, and says so', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lookout-media-events-'));
    cleanUps.push(() => rmSync(root, { recursive: true, force: true }));
    const path = process.env.PATH;
    process.env.PATH = mkdtempSync(join(tmpdir(), 'lookout-no-findmnt-')); // no programs at all
    let watched: ReturnType<typeof watch>;
    try {
      watched = watch(root, 100);
    } finally {
      process.env.PATH = path;
    }
    await waitFor('the warning', () => watched.warnings.some((w) => /findmnt --poll.*every 100 ms/.test(w)));
    const mountPoint = mountStick(root, 'FALLBACK');
    await waitFor('the volume reported', () => watched.latest()?.some((v) => v.mountPoint === mountPoint), {
      timeoutMs: 5000,
    });
  });
});
