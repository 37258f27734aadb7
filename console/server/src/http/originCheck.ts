/** The request headers that tell where a browser request comes from. */
export interface RequestSource {
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
}

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

/** Methods that change state: a page on another site must never be able to send one on a staff member's behalf. */
export const STATE_CHANGING_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether a request may come from where it says it comes from. A request with neither `Origin` nor
 * `Sec-Fetch-Site` is not a browser's cross-site request (agents, scripts, the test harness); a request with
 * `Origin` must name this very host ("null" and anything that is not a URL are refused); `Sec-Fetch-Site` must
 * be `same-origin` or `none` (typed into the address bar) — `same-site` too is refused, as another port or a
 * sibling subdomain is another site for the console.
 */
export function checkRequestSource({ host, origin, secFetchSite }: RequestSource): OriginVerdict {
  const site = checkFetchSite(secFetchSite);
  if (!site.ok) return site;
  if (origin === undefined) return { ok: true };
  const from = parseOrigin(origin);
  if (from === undefined) return { ok: false, reason: 'the Origin header is not a web origin' };
  if (host === undefined || from.host !== hostOf(from.protocol, host)) {
    return { ok: false, reason: 'requests from other sites are refused (Origin does not match Host)' };
  }
  return { ok: true };
}

/**
 * Whether a browser says the request comes from this console's own pages (or the address bar). Also applied
 * to reads: several are audited (a case viewed, a record exported), and another site's `<img>` or `fetch` with
 * the staff member's cookie must not write those entries in their name.
 */
export function checkFetchSite(secFetchSite: string | undefined): OriginVerdict {
  if (secFetchSite === undefined || secFetchSite === 'same-origin' || secFetchSite === 'none') return { ok: true };
  return { ok: false, reason: `requests from other sites are refused (Sec-Fetch-Site: ${secFetchSite})` };
}

/** An http(s) origin's scheme and normalised host; undefined for "null", garbage and other schemes. */
function parseOrigin(origin: string): { protocol: string; host: string } | undefined {
  if (!/^https?:\/\/[^/?#@]+$/i.test(origin)) return undefined; // scheme, host and port only
  try {
    const url = new URL(origin);
    return { protocol: url.protocol, host: url.host };
  } catch {
    return undefined;
  }
}

/** The Host header normalised as the origin's would be (lower case, default port dropped). */
function hostOf(protocol: string, host: string): string | undefined {
  if (/[/?#@\\\s]/.test(host)) return undefined;
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return undefined;
  }
}

/** The one header value of a possibly repeated header (a repeated Origin is refused by being undefined-ish). */
export function singleHeader(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) return value.length === 1 ? value[0] : '';
  return value;
}
