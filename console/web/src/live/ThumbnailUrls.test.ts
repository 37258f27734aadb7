import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ThumbnailUrls } from './ThumbnailUrls';

describe('ThumbnailUrls', () => {
  let made = 0;
  let live: Set<string>;
  const urls = () =>
    new ThumbnailUrls(
      () => {
        const url = `blob:test/${++made}`;
        live.add(url);
        return url;
      },
      (url) => {
        if (!live.delete(url)) throw new Error(`${url} revoked twice or never made`);
      },
      2000,
    );
  beforeEach(() => {
    vi.useFakeTimers();
    live = new Set();
  });
  afterEach(() => vi.useRealTimers());

  it('keeps one live URL per device and size once replaced ones have been revoked', () => {
    const thumbnails = urls();
    const jpeg = new Uint8Array([0xff, 0xd8]);
    for (let i = 0; i < 100; i++) {
      thumbnails.show('pc1|small', jpeg);
      thumbnails.show('pc2|small', jpeg);
      vi.advanceTimersByTime(1000);
    }
    thumbnails.show('pc1|large', jpeg);
    vi.advanceTimersByTime(2000);
    expect(live.size).toBe(3);
  });

  it('revokes a replaced URL only after a while (its image is still on screen until the next render)', () => {
    const thumbnails = urls();
    const first = thumbnails.show('pc1|small', new Uint8Array([0xff, 0xd8]));
    thumbnails.show('pc1|small', new Uint8Array([0xff, 0xd8]));
    vi.advanceTimersByTime(1999);
    expect(live.has(first)).toBe(true);
    vi.advanceTimersByTime(1);
    expect(live.has(first)).toBe(false);
  });

  it('revokes every URL, waiting ones too, when closed', () => {
    const thumbnails = urls();
    thumbnails.show('pc1|small', new Uint8Array([0xff, 0xd8]));
    thumbnails.show('pc1|small', new Uint8Array([0xff, 0xd8]));
    thumbnails.show('pc2|large', new Uint8Array([0xff, 0xd8]));
    thumbnails.close();
    expect(live.size).toBe(0);
    vi.advanceTimersByTime(5000); // nothing revoked twice
  });
});
