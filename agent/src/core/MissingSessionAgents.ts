/** A graphical login, as far as the rule needs it. */
export interface LoginOnDisplay {
  uid: number;
  user: string;
  display: string;
}

/** The display number of ":1" or ":1.0" (undefined for anything else, e.g. a Wayland socket name). */
export function displayNumber(display: string | undefined): string | undefined {
  return /^:(\d+)(\.\d+)?$/.exec(display ?? '')?.[1];
}

/** Whether a session agent started on `agentDisplay` serves a login on `loginDisplay` (unknown: it does). */
export function sameDisplay(loginDisplay: string, agentDisplay: string | undefined): boolean {
  if (agentDisplay === undefined || agentDisplay === '') return true;
  const a = displayNumber(loginDisplay);
  const b = displayNumber(agentDisplay);
  return a !== undefined && b !== undefined ? a === b : loginDisplay === agentDisplay;
}

/**
 * Which graphical logins have gone a grace period without a genuine session agent (the user's autostart entry
 * disabled, the agent killed before it connected): the service starts one for each and reports it. A login is
 * judged again a grace period after each start, so an agent that keeps failing is retried and reported each time,
 * never in a tight loop. Pure: the logins, who is covered and the time are given.
 */
export class MissingSessionAgents {
  private readonly waiting = new Map<string, { since: number; starts: number }>();

  constructor(private readonly graceMs: number) {}

  /** The logins due a session agent now, each with how many times one was started for it before. */
  due<L extends LoginOnDisplay>(
    logins: readonly L[],
    covered: (login: L) => boolean,
    now: number,
  ): { login: L; startedBefore: number }[] {
    const present = new Set<string>();
    const due: { login: L; startedBefore: number }[] = [];
    for (const login of logins) {
      const key = `${login.uid}\u0000${login.display}`;
      present.add(key);
      if (covered(login)) {
        this.waiting.delete(key);
        continue;
      }
      const entry = this.waiting.get(key) ?? { since: now, starts: 0 };
      this.waiting.set(key, entry);
      if (now - entry.since >= this.graceMs) {
        due.push({ login, startedBefore: entry.starts });
        entry.starts += 1;
        entry.since = now;
      }
    }
    for (const key of this.waiting.keys()) if (!present.has(key)) this.waiting.delete(key);
    return due;
  }

  /** When the next login now waiting falls due (undefined when none waits). */
  nextDue(): number | undefined {
    let next: number | undefined;
    for (const { since } of this.waiting.values()) {
      if (next === undefined || since + this.graceMs < next) next = since + this.graceMs;
    }
    return next;
  }
}
