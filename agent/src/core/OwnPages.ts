/** A window as far as telling our own pages apart needs it. */
export interface WindowIdentity {
  title: string;
  pid: number | null;
}

// Zero-width characters: invisible in a title bar, kept by browsers in document.title and by X in _NET_WM_NAME.
const ZERO = '\u200b';
const ONE = '\u200c';
const EDGE = '\u2060';

/**
 * What a browser adds after a page's title in its window title. A window is ours only when its title is one of
 * our titles and nothing else but this: a page that merely *contains* our marker or address (a search results
 * page echoing what was typed, a title with the marker pasted into it) is not ours and is monitored as usual.
 */
const BROWSER_SUFFIX =
  /^(?: [-\u2013\u2014] (?:Chromium|Google Chrome|Microsoft\u200b? Edge|Mozilla Firefox|Firefox|Brave|Opera))?$/;

/**
 * Which windows and pages are the agent's own (report a concern, acceptable use, the block page, the lock and
 * message windows), so that nothing is captured from them: no window event, no typed text, no screenshot, no
 * visit. A pupil reporting a concern must not be seen doing it.
 *
 * A page's title alone cannot say so (any web page can call itself "Report a concern" to hide from monitoring),
 * so each of our pages carries an invisible marker made from random bits drawn at start, which no other page can
 * know; our own processes (the kiosk lock window, Electron's windows) are recognised by their pid.
 */
export class OwnPages {
  readonly marker: string;
  /** The titles our pages were given (text and marker). */
  private readonly titles = new Set<string>();
  private readonly origins = new Set<string>();
  private readonly addresses: string[] = [];

  /** `randomBits`: at least 64 bits from a secure source (crypto.randomBytes). */
  constructor(
    randomBits: Uint8Array,
    private readonly ownProcessIds: () => readonly number[],
  ) {
    if (randomBits.length < 8) throw new Error('the own-page marker needs at least 64 random bits');
    const bits = [...randomBits].map((byte) => byte.toString(2).padStart(8, '0')).join('');
    this.marker = EDGE + [...bits].map((b) => (b === '1' ? ONE : ZERO)).join('') + EDGE;
  }

  /** The title one of our pages shows: neutral (it must not say what the pupil is doing) and marked. */
  title(text = 'Lookout'): string {
    const title = `${text}${this.marker}`;
    this.titles.add(title);
    return title;
  }

  /**
   * Where the agent serves its pages (`http://127.0.0.1:PORT/`, or under a secret path). With `secretPath`, a
   * window titled with the address itself (what a browser shows while the page loads, before its title) is known
   * as ours too: the path is random per start, so no other page can borrow it.
   */
  addPages(url: string, secretPath = false): void {
    const parsed = new URL(url);
    this.origins.add(parsed.origin);
    if (secretPath) this.addresses.push(`${parsed.host}${parsed.pathname}`);
  }

  isOwnWindow(window: WindowIdentity): boolean {
    return (window.pid !== null && this.isOwnProcess(window.pid)) || this.isOwnTitle(window.title);
  }

  /** One of the agent's own processes (its Electron shell, the lock window). */
  isOwnProcess(pid: number): boolean {
    return this.ownProcessIds().includes(pid);
  }

  /** One of our pages' titles (marked), or, while it loads, its secret address, with only a browser's suffix after. */
  isOwnTitle(title: string): boolean {
    for (const own of this.titles) {
      if (title.startsWith(own) && BROWSER_SUFFIX.test(title.slice(own.length))) return true;
    }
    // While loading, a browser shows the address (no scheme) and maybe more of the path: ours up to the suffix.
    return this.addresses.some((address) => {
      if (!title.startsWith(address)) return false;
      const rest = title.slice(address.length);
      const suffix = rest.search(/ [-\u2013\u2014] /);
      return (
        /^[\w./?=&%-]*$/.test(suffix < 0 ? rest : rest.slice(0, suffix)) &&
        BROWSER_SUFFIX.test(suffix < 0 ? '' : rest.slice(suffix))
      );
    });
  }

  /** Where our pages are served (the browser's rules never filter them). */
  pageOrigins(): string[] {
    return [...this.origins];
  }

  isOwnUrl(url: string): boolean {
    try {
      return this.origins.has(new URL(url).origin);
    } catch {
      return false;
    }
  }
}
