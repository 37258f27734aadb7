import { TokenBucket } from './TokenBucket.js';

/**
 * What a connection on the session channel sends: any line at all (counted before it is even parsed), an event
 * to record, or an alert (a keyword alert or a reported concern: what reaches the DSL).
 */
export type SessionTraffic = 'line' | 'record' | 'alert';

export interface Rate {
  burst: number;
  perSecond: number;
}

export interface SessionFloodLimits {
  perConnection: Record<SessionTraffic, Rate>;
  /** Shared by all of a user's connections (up to 8): opening more connections buys no more. */
  perUid: Record<SessionTraffic, Rate>;
  /** An episode ends after this long without a drop; the next drop starts a new one, reported again. */
  quietMs: number;
}

/**
 * Far above what a session agent sends, far below a flood. A session agent records a few events a second at most
 * (window changes, pages), and after the service was away it sends what it kept (up to 2,000 events, and as many
 * unanswered) at once: the record burst takes that. Alerts are rarer still (the keyword monitor repeats a phrase
 * once in 3 minutes): a real burst of a few goes through at once, then about two a minute per connection and three
 * per user, so a pupil's own program cannot fill the DSL's queue.
 */
export const SESSION_FLOOD_LIMITS: SessionFloodLimits = {
  perConnection: {
    line: { burst: 5000, perSecond: 100 },
    record: { burst: 2500, perSecond: 20 },
    alert: { burst: 10, perSecond: 1 / 30 },
  },
  perUid: {
    line: { burst: 10_000, perSecond: 200 },
    record: { burst: 5000, perSecond: 40 },
    alert: { burst: 15, perSecond: 1 / 20 },
  },
  quietMs: 60_000,
};

/** A user's flood: from its first dropped line to the last, with what was dropped. */
export interface FloodEpisode {
  uid: number;
  startedAt: number;
  lastDropAt: number;
  dropped: Record<SessionTraffic, number>;
}

export interface Admission {
  admitted: boolean;
  /** Set on the first drop of an episode: the one time it is reported. */
  newEpisode?: FloodEpisode;
}

type Buckets = Record<SessionTraffic, TokenBucket>;

const none = (): Record<SessionTraffic, number> => ({ line: 0, record: 0, alert: 0 });

/**
 * The service's rate limits on the session channel, per connection and per user (uid). A pupil can replace their
 * session agent with a program of their own, or run one beside it: it passes for a session only if it is the real
 * agent, but any program may still send lines, events and alerts. What is over the limits is dropped and counted,
 * and each episode (drops with less than `quietMs` between them) is reported once. Pure: the clock is injected.
 */
export class SessionFloodGuard {
  private readonly connections = new Map<number, { uid: number; buckets: Buckets }>();
  private readonly uids = new Map<number, Buckets>();
  private readonly episodes = new Map<number, FloodEpisode>();
  private readonly ended: FloodEpisode[] = [];
  /** Everything dropped since the service started. */
  readonly dropped = none();

  constructor(
    private readonly clock: () => number,
    private readonly limits: SessionFloodLimits = SESSION_FLOOD_LIMITS,
  ) {}

  admit(connection: number, uid: number, traffic: SessionTraffic): Admission {
    const now = this.clock();
    const own = this.bucketsOf(connection, uid, now)[traffic];
    const user = this.userBuckets(uid, now)[traffic];
    // Taken from both or neither: a line refused for the user's sake costs this connection nothing, and back.
    if (own.has(now) && user.has(now)) {
      own.take(now);
      user.take(now);
      return { admitted: true };
    }
    this.dropped[traffic]++;
    let episode = this.episodes.get(uid);
    let newEpisode: FloodEpisode | undefined;
    if (!episode || now - episode.lastDropAt > this.limits.quietMs) {
      if (episode) this.ended.push(episode);
      episode = { uid, startedAt: now, lastDropAt: now, dropped: none() };
      this.episodes.set(uid, episode);
      newEpisode = episode;
    }
    episode.dropped[traffic]++;
    episode.lastDropAt = now;
    return newEpisode ? { admitted: false, newEpisode } : { admitted: false };
  }

  /** A connection closed: its own limits go; its user's stay (reconnecting refills nothing). */
  closed(connection: number): void {
    this.connections.delete(connection);
  }

  /**
   * Episodes quiet for `quietMs`, each handed back once (for the log), and users whose limits have refilled with
   * no connection open forgotten: memory stays bounded by the users connected.
   */
  sweep(): FloodEpisode[] {
    const now = this.clock();
    for (const [uid, episode] of this.episodes) {
      if (now - episode.lastDropAt > this.limits.quietMs) {
        this.episodes.delete(uid);
        this.ended.push(episode);
      }
    }
    const connected = new Set([...this.connections.values()].map((c) => c.uid));
    for (const [uid, buckets] of this.uids) {
      if (!connected.has(uid) && Object.values(buckets).every((b) => b.full(now))) this.uids.delete(uid);
    }
    return this.ended.splice(0);
  }

  private bucketsOf(connection: number, uid: number, now: number): Buckets {
    let entry = this.connections.get(connection);
    if (!entry) {
      entry = { uid, buckets: bucketsFor(this.limits.perConnection, now) };
      this.connections.set(connection, entry);
    }
    return entry.buckets;
  }

  private userBuckets(uid: number, now: number): Buckets {
    let buckets = this.uids.get(uid);
    if (!buckets) {
      buckets = bucketsFor(this.limits.perUid, now);
      this.uids.set(uid, buckets);
    }
    return buckets;
  }
}

function bucketsFor(rates: Record<SessionTraffic, Rate>, now: number): Buckets {
  const bucket = (r: Rate) => new TokenBucket(r.burst, r.perSecond, now);
  return { line: bucket(rates.line), record: bucket(rates.record), alert: bucket(rates.alert) };
}
