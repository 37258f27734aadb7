/** A category list in the UT1 layout: the category's folder name, its domains and its host/path urls. */
export interface CategoryList {
  category: string;
  domains: readonly string[];
  urls: readonly string[];
}

export interface ParsedUrl {
  host: string;
  /** Path and query, lower-cased, starting with "/". */
  path: string;
}

/** Host and path of an http(s) URL, or undefined for anything else (chrome://, file:, garbage). */
export function parseWebUrl(url: string): ParsedUrl | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  return {
    host: parsed.hostname.toLowerCase().replace(/\.$/, ''),
    path: `${parsed.pathname}${parsed.search}`.toLowerCase(),
  };
}

/**
 * Which categories a URL belongs to. Domains match themselves and every subdomain ("example.com" covers
 * "www.example.com"); url entries match their host (and its subdomains) with their path as a prefix. A lookup
 * walks the host's suffixes, so it costs a few map probes however many domains are loaded.
 */
export class UrlClassifier {
  private readonly domains = new Map<string, string[]>();
  private readonly paths = new Map<string, { prefix: string; category: string }[]>();

  constructor(lists: readonly CategoryList[] = []) {
    for (const list of lists) this.add(list);
  }

  add(list: CategoryList): void {
    for (const domain of list.domains) {
      const existing = this.domains.get(domain);
      if (!existing) this.domains.set(domain, [list.category]);
      else if (!existing.includes(list.category)) existing.push(list.category);
    }
    for (const url of list.urls) {
      const slash = url.indexOf('/');
      const host = url.slice(0, slash);
      const entry = { prefix: url.slice(slash), category: list.category };
      const existing = this.paths.get(host);
      if (existing) existing.push(entry);
      else this.paths.set(host, [entry]);
    }
  }

  get size(): number {
    return this.domains.size + this.paths.size;
  }

  categoriesOf(url: string | ParsedUrl): string[] {
    const parsed = typeof url === 'string' ? parseWebUrl(url) : url;
    if (!parsed) return [];
    const found: string[] = [];
    let host = parsed.host;
    for (;;) {
      for (const c of this.domains.get(host) ?? []) if (!found.includes(c)) found.push(c);
      for (const { prefix, category } of this.paths.get(host) ?? []) {
        if (parsed.path.startsWith(prefix) && !found.includes(category)) found.push(category);
      }
      const dot = host.indexOf('.');
      if (dot < 0) break;
      host = host.slice(dot + 1);
    }
    return found;
  }
}
