/**
 * A keyword library's content address: the SHA-256 (lower-case hex) of its canonical JSON. Console and agent
 * compute it the same way, so a library the agent holds can be named by its digest instead of sent again.
 */
export type Sha256Hex = (text: string) => string;

/**
 * JSON with every object's keys in code-unit order and no whitespace; `undefined` members are left out, as
 * JSON.stringify leaves them out. So a library's text is the same whatever order its keys were built or parsed in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`not JSON: ${typeof value}`);
    return text;
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  const parts: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined || typeof member === 'function') continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
  }
  return `{${parts.join(',')}}`;
}

/** The digest a library travels by (from protocol 3): `sha256` must return SHA-256 as lower-case hex. */
export function keywordLibraryDigest(library: unknown, sha256: Sha256Hex): string {
  return sha256(canonicalJson(library));
}
