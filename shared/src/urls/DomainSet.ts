/**
 * A large set of domain names (a UT1 category list: a million names and more) kept compact: every name once, in
 * byte order, in one Uint8Array, with a Uint32Array of where each starts. About 16 bytes a name plus 4 for its
 * offset, against ~100 for a Map entry and its string. `matches(host)` is true for a listed domain and every
 * subdomain of one ("example.com" covers "www.example.com", never "badexample.com"): one binary search per label
 * suffix of the host, so a handful of searches of ~20 steps whatever the size. Built once per policy; immutable.
 */
export class DomainSet {
  private constructor(
    private readonly bytes: Uint8Array,
    /** starts[i] is where name i begins; starts[size] is the end of the last. */
    private readonly starts: Uint32Array,
  ) {}

  static readonly empty = new DomainSet(new Uint8Array(0), new Uint32Array(1));

  /**
   * From list entries as UT1 and the policy editor write them: lower-cased, trailing dot and a leading "*." or "."
   * dropped, internationalised names in their ASCII (punycode) form. Entries that are not a host name (a path, a
   * space, an empty line) are left out; `skipped` counts them.
   */
  static from(entries: Iterable<string>): DomainSet & { skipped: number } {
    const names: string[] = [];
    let skipped = 0;
    for (const entry of entries) {
      const name = normaliseDomain(entry);
      if (name === undefined) skipped++;
      else names.push(name);
    }
    // ASCII only after normalising, so string order is byte order.
    names.sort();
    let total = 0;
    let unique = 0;
    for (let i = 0; i < names.length; i++) {
      if (i > 0 && names[i] === names[i - 1]) continue;
      total += names[i]!.length;
      unique++;
    }
    const bytes = new Uint8Array(total);
    const starts = new Uint32Array(unique + 1);
    let at = 0;
    let n = 0;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      if (i > 0 && name === names[i - 1]) continue;
      starts[n++] = at;
      for (let j = 0; j < name.length; j++) bytes[at++] = name.charCodeAt(j);
    }
    starts[n] = at;
    return Object.assign(new DomainSet(bytes, starts), { skipped });
  }

  get size(): number {
    return this.starts.length - 1;
  }

  /** Bytes held (names and offsets), for the benchmark and logs. */
  get byteLength(): number {
    return this.bytes.byteLength + this.starts.byteLength;
  }

  /** Whether exactly this (normalised) name is in the set. */
  has(name: string): boolean {
    return this.find(name, 0) >= 0;
  }

  /** Whether the host or any domain it is under is in the set. `host` is lower-case, without a trailing dot. */
  matches(host: string): boolean {
    return this.matchOf(host) !== undefined;
  }

  /** The listed domain that covers the host (the longest), or undefined. */
  matchOf(host: string): string | undefined {
    if (this.size === 0) return undefined;
    let from = 0;
    for (;;) {
      if (this.find(host, from) >= 0) return host.slice(from);
      const dot = host.indexOf('.', from);
      if (dot < 0) return undefined;
      from = dot + 1;
    }
  }

  /** Binary search for host.slice(from) without making that string. */
  private find(host: string, from: number): number {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.compare(mid, host, from);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Name i against host.slice(from): negative when name i sorts first. */
  private compare(i: number, host: string, from: number): number {
    const start = this.starts[i]!;
    const end = this.starts[i + 1]!;
    const length = end - start;
    const other = host.length - from;
    const n = length < other ? length : other;
    for (let k = 0; k < n; k++) {
      const d = this.bytes[start + k]! - host.charCodeAt(from + k);
      if (d !== 0) return d;
    }
    return length - other;
  }
}

const HOST = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*$/;

/** A list entry or a queried name as the set keeps it, or undefined when it is not a host name. */
export function normaliseDomain(entry: string): string | undefined {
  let name = entry.trim().toLowerCase();
  if (name.startsWith('*.')) name = name.slice(2);
  else if (name.startsWith('.')) name = name.slice(1);
  if (name.endsWith('.')) name = name.slice(0, -1);
  if (name.length === 0 || name.length > 253) return undefined;
  if (HOST.test(name)) return name;
  // Not plain ASCII: an internationalised name in its ASCII form, as browsers and resolvers send it.
  if (/[\s/:?#@[\]\\]/.test(name)) return undefined;
  let ascii: string;
  try {
    ascii = new URL(`http://${name}/`).hostname;
  } catch {
    return undefined;
  }
  return HOST.test(ascii) ? ascii : undefined;
}
