import { describe, expect, it } from 'vitest';
import { OwnPages } from './OwnPages.js';

const bits = (seed: number) => Uint8Array.from({ length: 8 }, (_, i) => (seed * 37 + i * 91) & 0xff);

describe('OwnPages', () => {
  it('knows its own pages by an invisible marker in the title, not by what the title says', () => {
    const own = new OwnPages(bits(1), () => []);
    const title = own.title();
    expect(title.startsWith('Lookout')).toBe(true);
    expect(title.replace(/[\u200b\u200c\u2060]/g, '')).toBe('Lookout'); // nothing else a pupil would see
    expect(own.isOwnWindow({ title: `${title} - Chromium`, pid: 4242 })).toBe(true);
    // Any page can call itself "Lookout" or "Report a concern": that hides nothing.
    expect(own.isOwnWindow({ title: 'Lookout - Chromium', pid: 4242 })).toBe(false);
    expect(own.isOwnWindow({ title: 'Report a concern - Chromium', pid: 4242 })).toBe(false);
    // A title that only contains our marker (pasted into a page's title, or echoed by a search results page) is
    // monitored as usual: only our exact title, with the browser's name after it, is ours.
    expect(own.isOwnWindow({ title: `chat with jo ${title} - Chromium`, pid: 4242 })).toBe(false);
    expect(own.isOwnWindow({ title: `${title} - Google Search - Chromium`, pid: 4242 })).toBe(false);
    expect(own.isOwnWindow({ title: `${title}`, pid: 4242 })).toBe(true);
    expect(own.isOwnWindow({ title: `${title} \u2014 Mozilla Firefox`, pid: 4242 })).toBe(true);
    // Another agent's marker (another start) is not ours.
    expect(own.isOwnWindow({ title: `${new OwnPages(bits(2), () => []).title()} - Chromium`, pid: 1 })).toBe(false);
  });

  it('knows its own windows by process id (the kiosk lock window), and its own pages by origin', () => {
    const pids = [1234];
    const own = new OwnPages(bits(3), () => pids);
    expect(own.isOwnWindow({ title: 'Lookout lock screen', pid: 1234 })).toBe(true);
    expect(own.isOwnWindow({ title: 'Lookout lock screen', pid: null })).toBe(false);
    own.addPages('http://127.0.0.1:40123/');
    expect(own.isOwnUrl('http://127.0.0.1:40123/report')).toBe(true);
    expect(own.isOwnUrl('http://127.0.0.1:40124/')).toBe(false);
    expect(own.isOwnUrl('http://127.0.0.1.evil.example:40123/')).toBe(false);
    expect(own.isOwnUrl('not a url')).toBe(false);
  });

  it('knows a page of its own while it loads (the browser shows its address as the title) by its secret path', () => {
    const own = new OwnPages(bits(4), () => []);
    own.addPages('http://127.0.0.1:40125/s3cr3tPath/', true);
    expect(own.isOwnWindow({ title: '127.0.0.1:40125/s3cr3tPath/report - Chromium', pid: 1 })).toBe(true);
    expect(own.isOwnWindow({ title: '127.0.0.1:40125/ - Chromium', pid: 1 })).toBe(false);
    expect(own.isOwnWindow({ title: '127.0.0.1:40125/s3cr3tPath/ - Google Search - Chromium', pid: 1 })).toBe(false);
    expect(own.isOwnWindow({ title: 'see 127.0.0.1:40125/s3cr3tPath/report - Chromium', pid: 1 })).toBe(false);
  });
});
