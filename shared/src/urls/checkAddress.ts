/**
 * A blocked category's test address: a harmless page the console serves at /check/<category>. Every category list
 * the console hands to agents carries this address as one of its entries, so a PC that blocks the category blocks
 * it through the same classifier path as any real site of that category.
 */
export const CHECK_PATH = '/check/';

/** The list entry (host and path, as category lists hold urls) for a category on the console at `host`. */
export function checkListEntry(host: string, category: string): string {
  return `${host.toLowerCase()}${CHECK_PATH}${category.toLowerCase()}`;
}

/** The address itself, on the console at `consoleUrl`. */
export function checkAddress(consoleUrl: string, category: string): string {
  const url = new URL(consoleUrl);
  return `${url.protocol}//${url.host}${CHECK_PATH}${encodeURIComponent(category.toLowerCase())}`;
}
