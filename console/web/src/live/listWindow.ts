import { MAX_DEVICE_PAGE_SIZE } from '@lookout/shared';

/**
 * The page of the live device list (page × pageSize, the console's unit) that covers the rows from `first` to
 * `last` (inclusive) plus `margin` rows either side, as small as it can be. The console follows one page per socket,
 * so a scrolled list asks for the one aligned page that holds what is on screen: with a page of `s` rows starting at
 * a multiple of `s`, the smallest `s` whose page holds the wanted span is found by counting up from its length.
 */
export function listWindow(
  first: number,
  last: number,
  total: number,
  margin = 50,
): { page: number; pageSize: number } {
  const from = Math.max(0, first - margin);
  // An empty or not yet loaded list (total 0) asks for its first screenful, so it shows at once when devices come.
  const to = Math.max(from, total > 0 ? Math.min(total - 1, last + margin) : last + margin);
  const span = to - from + 1;
  for (let size = span; size <= MAX_DEVICE_PAGE_SIZE; size++) {
    const page = Math.floor(from / size);
    if ((page + 1) * size > to) return { page, pageSize: size };
  }
  // Not reached for any span a screen shows; a page from the start is always right, if large.
  return { page: 0, pageSize: Math.min(MAX_DEVICE_PAGE_SIZE, to + 1) };
}
