import { createHash } from 'node:crypto';
import {
  CHECK_KEYWORD_LIBRARY,
  isCheckPhrase,
  KeywordMatcher,
  type KeywordLibrary,
  type KeywordMatch,
  type KeywordMatchExplanation,
  type KeywordMatchedPayload,
  type MatchExplanation,
} from '@lookout/shared';

export interface WindowContext {
  app: string;
  title: string;
  url: string | null;
}

export interface KeywordMonitorDeps {
  /** Records the alert event and sends it ahead of the queue; resolves with its event id. */
  raise: (payload: KeywordMatchedPayload) => Promise<string>;
  /** Starts the screenshot burst for an alert: the ids are those listed in the alert. */
  collectEvidence: (eventId: string, evidenceIds: string[]) => void;
  newId: () => string;
  clock: () => Date;
  /** Called after the matcher was built (a full garbage collection: a build leaves tens of MB of garbage). */
  built?: () => void;
}

export interface KeywordMonitorOptions {
  /** How much text around a match is kept as context (characters, both sides together). */
  contextChars: number;
  /** The same phrase again within this time raises no new alert (Impero: 3 minutes). */
  repeatWindowMs: number;
  /** Screenshots per alert: one at the match, then one a second. */
  screenshots: number;
  /** Matches below this severity raise nothing (the policy's alert threshold). */
  minSeverity?: number;
}

/**
 * Checks text (typed, window titles, page text) against the keyword libraries in force and raises one alert per
 * phrase and repeat window, with the context around the match and a burst of screenshots.
 */
export class KeywordMonitor {
  /** Built from `libraries` for the first text checked after they came (see setLibraries). */
  private matcher: KeywordMatcher | undefined;
  /** The libraries in force, or (until a policy brings some) how to get the ones to fall back on. */
  private libraries: readonly KeywordLibrary[] | (() => readonly KeywordLibrary[]);
  /** A digest of the libraries' JSON: a policy that brings the same ones keeps the matcher. */
  private librariesKey: string | undefined;
  private readonly lastRaised = new Map<string, number>();

  /**
   * `libraries`: those in force, or a function giving the ones to use if no policy has brought any by the time
   * text is checked (a session agent gets its policy while it starts: the starter library is then never built).
   */
  constructor(
    libraries: readonly KeywordLibrary[] | (() => readonly KeywordLibrary[]),
    private readonly deps: KeywordMonitorDeps,
    private options: KeywordMonitorOptions,
  ) {
    this.libraries = libraries;
    this.librariesKey = typeof libraries === 'function' ? undefined : keyOf(libraries);
  }

  /**
   * A new policy: other libraries, or another context size. The matcher is rebuilt only when the libraries' content
   * changed (building it for the starter library takes a few hundred milliseconds of CPU; every policy brings the
   * libraries again), and only when text comes to be checked: a session agent given its policy while it starts
   * builds one matcher, not the starter library's first (a build's garbage stays in the process's RSS). Returns
   * whether the libraries changed.
   */
  setLibraries(libraries: readonly KeywordLibrary[], contextChars: number, minSeverity = 1): boolean {
    this.options = { ...this.options, contextChars, minSeverity };
    const key = keyOf(libraries);
    if (key === this.librariesKey) return false;
    this.matcher = undefined;
    this.libraries = libraries;
    this.librariesKey = key;
    return true;
  }

  /** The matcher for the libraries in force, built now if it is not yet (an agent calls this once it has started). */
  ready(): KeywordMatcher {
    if (!this.matcher) {
      if (typeof this.libraries === 'function') {
        this.libraries = this.libraries();
        this.librariesKey = keyOf(this.libraries);
      }
      this.matcher = withCheckLibrary(this.libraries);
      this.deps.built?.();
    }
    return this.matcher;
  }

  async check(text: string, source: KeywordMatchedPayload['source'], window: WindowContext): Promise<KeywordMatch[]> {
    const matches = this.ready()
      .match(text, { explain: true })
      .filter((m) => m.severity >= (this.options.minSeverity ?? 1));
    // Of overlapping hits ("kill" inside "kill myself") the most severe speaks for the text. The check phrase takes
    // no part: typed by a pupil it is ignored, so it can never outrank (and hide) a real phrase around it.
    const raised: KeywordMatch[] = [];
    const real = matches.filter((m) => !isCheckPhrase(m));
    for (const m of real.sort((a, b) => b.severity - a.severity || b.end - b.start - (a.end - a.start))) {
      if (raised.some((r) => r.start < m.end && m.start < r.end)) continue;
      raised.push(m);
    }
    // A check asked for is raised every time, takes no screenshots, and is the only thing a check's text raises.
    if (source === 'check') raised.splice(0, raised.length, ...matches.filter(isCheckPhrase));
    for (const match of raised) {
      const check = source === 'check';
      if (!check) {
        const now = this.deps.clock().getTime();
        const last = this.lastRaised.get(match.phrase);
        if (last !== undefined && now - last < this.options.repeatWindowMs) continue;
        this.lastRaised.set(match.phrase, now);
      }
      const evidenceIds = check ? [] : Array.from({ length: this.options.screenshots }, () => this.deps.newId());
      const eventId = await this.deps.raise({
        category: match.category,
        severity: match.severity,
        phrase: match.phrase,
        matched: match.matched,
        context: contextAround(text, match, this.options.contextChars),
        source,
        app: window.app,
        title: window.title,
        url: window.url,
        evidenceIds,
        ...(match.explanation ? { explanation: forPayload(match.explanation) } : {}),
      });
      if (evidenceIds.length > 0) this.deps.collectEvidence(eventId, evidenceIds);
    }
    return raised;
  }
}

function keyOf(libraries: readonly KeywordLibrary[]): string {
  return createHash('sha256').update(JSON.stringify(libraries)).digest('base64');
}

/** The policy's libraries and the reserved check library (a check must work whatever the policy holds). */
function withCheckLibrary(libraries: readonly KeywordLibrary[]): KeywordMatcher {
  return new KeywordMatcher(
    libraries.some((l) => l.id === CHECK_KEYWORD_LIBRARY.id) ? libraries : [...libraries, CHECK_KEYWORD_LIBRARY],
  );
}

/** The explanation within the protocol's limits (a slot filled by a very long run of text is cut, not refused). */
function forPayload(e: MatchExplanation): KeywordMatchExplanation {
  return {
    rule: e.rule.slice(0, 200),
    form: e.form.slice(0, 1000),
    slots: e.slots.slice(0, 20).map((s) => ({ slot: s.slot.slice(0, 200), filled: s.filled.slice(0, 1000) })),
    ...(e.wordsApart !== undefined ? { wordsApart: e.wordsApart } : {}),
    exceptionsNotApplied: e.exceptionsNotApplied.slice(0, 50),
  };
}

/** Up to `size` characters of the text, centred on the match (all of the match, even if longer). */
export function contextAround(text: string, match: { start: number; end: number }, size: number): string {
  const length = match.end - match.start;
  if (length >= size) return text.slice(match.start, match.end);
  let start = Math.max(0, match.start - Math.floor((size - length) / 2));
  const end = Math.min(text.length, start + size);
  start = Math.max(0, end - size);
  return text.slice(start, end);
}
