import { describe, expect, it } from 'vitest';
import { listWindow } from './listWindow';

describe('listWindow', () => {
  it('asks for a page that holds every row on screen and the margin, wherever the list is scrolled', () => {
    for (const total of [0, 1, 30, 999, 10_000, 25_000])
      for (let first = 0; first < total; first += 37) {
        const last = Math.min(total - 1, first + 40);
        const { page, pageSize } = listWindow(first, last, total, 20);
        const start = page * pageSize;
        expect(start).toBeLessThanOrEqual(Math.max(0, first - 20));
        expect(start + pageSize - 1).toBeGreaterThanOrEqual(Math.min(total - 1, last + 20));
        // Never the whole list, however far down: a page stays near the size of what is shown.
        expect(pageSize).toBeLessThanOrEqual(4 * (last - first + 41));
      }
  });

  it('asks for the first rows of an empty or unloaded list', () => {
    expect(listWindow(0, 0, 0, 50)).toEqual({ page: 0, pageSize: 51 });
  });
});
