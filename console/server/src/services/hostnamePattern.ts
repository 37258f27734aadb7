/** Whether a hostname matches a room's pattern such as `LAB2-*` (`*` any run, `?` one character; no case). */
export function hostnameMatches(pattern: string, hostname: string): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'i').test(hostname);
}

/** How specific a pattern is: literal characters count, wildcards do not. The most specific match wins. */
export function patternSpecificity(pattern: string): number {
  return pattern.replace(/[*?]/g, '').length;
}
