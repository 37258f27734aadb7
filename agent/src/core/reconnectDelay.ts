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

/** The longest a console may ask an agent to stay away (Retry-After): a hint, never a ban. */
export const MAX_RETRY_AFTER_SECONDS = 300;

/**
 * A busy console's answer to an upgrade (HTTP 503, `Retry-After: N` seconds, the console having spread N over the
 * time it needs to take everyone in): come back after a delay in [N, N + spread], the spread a quarter of N
 * (at least 1 s, at most 30 s) so that PCs told the same second do not come back in the same millisecond.
 * N is trusted only up to `MAX_RETRY_AFTER_SECONDS`; anything that is not a whole number of seconds (an HTTP
 * date, garbage) is undefined: the ordinary backoff applies.
 */
export function retryAfterDelay(header: string | undefined, random: () => number): number | undefined {
  if (header === undefined || !/^\s*\d{1,9}\s*$/.test(header)) return undefined;
  const seconds = Math.min(MAX_RETRY_AFTER_SECONDS, Number(header.trim()));
  const spread = Math.min(30, Math.max(1, seconds / 4));
  return Math.round(Math.min(MAX_RETRY_AFTER_SECONDS, seconds + random() * spread) * 1000);
}

/**
 * After an opening handshake that timed out: the console's host took the connection (the kernel queued it) but
 * the console did not answer in time, because it is taking in many PCs. Reconnecting at once would only give up
 * a place in its accept queue and take a new one at the back (the console then accepts sockets whose PCs have
 * left), so wait between a third of the backoff's ceiling and the whole of it (10–30 s with the agent's settings).
 */
export function handshakeTimeoutDelay(settings: BackoffSettings, random: () => number): number {
  return Math.round(settings.maxMs / 3 + random() * ((2 * settings.maxMs) / 3));
}
