/** A list file could not be read: which file, which line, and what is wrong with it. */
export class CategoryListError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${file}, line ${line}: ${problem}`);
  }
}

const HOST = /^(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * One squidGuard/UT1 list file: a `domains` file (a host per line, matching its subdomains too) or a `urls`
 * file (host/path per line, matching that path and below). Blank lines and # comments are skipped; entries are
 * lower-cased; anything else names the file and line.
 */
export function parseCategoryListFile(text: string, file: string, kind: 'domains' | 'urls'): string[] {
  const entries: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/#.*$/, '').trim();
    if (!raw) continue;
    const entry = raw.toLowerCase().replace(/^\.+/, '');
    if (/\s/.test(entry)) throw new CategoryListError(file, i + 1, `one entry per line, found "${raw}"`);
    if (/^[a-z][a-z0-9+.-]*:\/\//.test(entry)) {
      throw new CategoryListError(file, i + 1, `write "${entry.replace(/^[^:]+:\/\//, '')}" without the scheme`);
    }
    const slash = entry.indexOf('/');
    const host = slash < 0 ? entry : entry.slice(0, slash);
    if (kind === 'domains' && slash >= 0) {
      throw new CategoryListError(file, i + 1, `a domains file holds host names only, found "${raw}"`);
    }
    if (kind === 'urls' && slash < 0) {
      throw new CategoryListError(file, i + 1, `a urls file holds host/path entries, found "${raw}"`);
    }
    if (!HOST.test(host) && !IPV4.test(host)) throw new CategoryListError(file, i + 1, `"${host}" is not a host name`);
    entries.push(entry);
  }
  return entries;
}
