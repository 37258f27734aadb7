import { describe, expect, it } from 'vitest';
import { WalSync } from './WalSync.js';

/** A flush the test finishes by hand, to see which callers each one covers. */
function manualFlush() {
  const pending: ((err: Error | null) => void)[] = [];
  return { pending, flush: (done: (err: Error | null) => void) => void pending.push(done) };
}

describe('WalSync', () => {
  it('resolves a caller only after a flush that began after its call', async () => {
    const f = manualFlush();
    const sync = new WalSync(f.flush);
    const settled: string[] = [];
    void sync.sync().then(() => settled.push('a'));
    expect(f.pending).toHaveLength(1);
    // Asked while the first flush runs: that flush may predate b's commit, so b waits for the next.
    void sync.sync().then(() => settled.push('b'));
    void sync.sync().then(() => settled.push('c'));
    expect(f.pending).toHaveLength(1);
    f.pending.shift()!(null);
    await Promise.resolve();
    expect(settled).toEqual(['a']);
    // b and c share one flush.
    expect(f.pending).toHaveLength(1);
    f.pending.shift()!(null);
    await Promise.resolve();
    expect(settled).toEqual(['a', 'b', 'c']);
    expect(f.pending).toHaveLength(0);
    expect(sync.flushCount).toBe(2);
  });

  it('rejects the callers a failed flush was to cover, and flushes again for later ones', async () => {
    const f = manualFlush();
    const sync = new WalSync(f.flush);
    const first = sync.sync();
    f.pending.shift()!(new Error('EIO'));
    await expect(first).rejects.toThrow(/could not be flushed to disk: EIO/);
    const second = sync.sync();
    f.pending.shift()!(null);
    await expect(second).resolves.toBeUndefined();
  });
});
