export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
}

/**
 * "Full jitter" exponential backoff: a random delay up to base·2^attempt, capped. Spreads a whole school's
 * agents out when the console comes back after an outage instead of having them reconnect in lockstep.
 */
export function reconnectDelay(attempt: number, settings: BackoffSettings, random: () => number): number {
  const ceiling = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.min(attempt, 30));
  return Math.max(settings.baseMs / 2, Math.round(random() * ceiling));
}
