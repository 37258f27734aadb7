/** Failed sign-ins allowed for one account, from anywhere, within `windowMs` before it is locked. */
export interface SignInLimitRule {
  maxFailures: number;
  windowMs: number;
}

export const DEFAULT_SIGN_IN_LIMIT: SignInLimitRule = { maxFailures: 10, windowMs: 15 * 60_000 };

export type SignInLimitVerdict = { locked: false } | { locked: true; retryAfterMs: number };

/**
 * Per-account limit on password guessing, whatever the address (the per-address limit alone lets a botnet or
 * a school's NAT of many addresses keep guessing). Locked while `maxFailures` failures lie within the window;
 * it opens again as the oldest of them ages out.
 */
export function signInLimitVerdict(failures: readonly Date[], now: Date, rule: SignInLimitRule): SignInLimitVerdict {
  const since = now.getTime() - rule.windowMs;
  const recent = failures
    .map((f) => f.getTime())
    .filter((t) => t > since)
    .sort((a, b) => b - a);
  if (recent.length < rule.maxFailures) return { locked: false };
  // The newest maxFailures failures: the lock lasts until the oldest of them leaves the window.
  const oldestCounted = recent[rule.maxFailures - 1]!;
  return { locked: true, retryAfterMs: oldestCounted + rule.windowMs - now.getTime() };
}
