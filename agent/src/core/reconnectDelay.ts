export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
  /**
   * Connections refused soon after a working one ended (see refusedRetryDelay): tried again within `maxMs`, for
   * at most `attempts` refusals in a row. Without it, refusals back off like any other failure.
   */
  refused?: { maxMs: number; attempts: number };
}

/**
 * "Full jitter" exponential backoff: a random delay up to base·2^attempt, capped. Spreads a whole school's
 * agents out when the console comes back after an outage instead of having them reconnect in lockstep.
 */
export function reconnectDelay(attempt: number, settings: BackoffSettings, random: () => number): number {
  const ceiling = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.min(attempt, 30));
  return Math.max(settings.baseMs / 2, Math.round(random() * ceiling));
}

/**
 * The delay after a connection the console's host refused (TCP RST: nothing listens on the port, as while the
 * console restarts), or undefined when the ordinary backoff applies. A refused connection costs the console
 * nothing (the kernel answers it), so soon after a working connection ended, a refused attempt is tried again
 * within `refused.maxMs` (jittered) rather than at a ceiling that has grown to `maxMs`: the PCs are back seconds
 * after the console is, not up to half a minute later. Anything that reached a listening console (a refused
 * hello, HTTP 503, a failed TLS handshake, an ack timeout) keeps the ordinary backoff, as does a console that
 * stays away for more than `refused.attempts` tries (hours of maintenance are not hammered).
 */
export function refusedRetryDelay(
  refusedInARow: number,
  settings: BackoffSettings,
  random: () => number,
): number | undefined {
  const fast = settings.refused;
  if (!fast || refusedInARow > fast.attempts) return undefined;
  return Math.max(settings.baseMs / 2, Math.round(random() * fast.maxMs));
}
