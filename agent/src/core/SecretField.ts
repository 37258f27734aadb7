/** What the browser extension says about password fields: one has the focus (with its identity), or none has. */
export type SecretInputNotice = { focused: true; field: string } | { focused: false; field?: string };

export interface SecretFieldOptions {
  /** A field counts as focused for at most this long after the extension said so (it says so again on refocus). */
  timeoutMs: number;
  /** The window read just after the notice may still be catching up with the browser taking the focus. */
  settleMs: number;
}

/**
 * Which password field has the focus, if any: what is typed is dropped only while that one field is focused in
 * the window it was focused in. It ends when the field loses the focus (or stops being a password field), when
 * another window takes the focus, and after a timeout; so no page can switch typed-text monitoring off for the
 * whole PC by leaving a flag set.
 */
export class SecretField {
  private current: { field: string; window: string | undefined; since: number; rebound: boolean } | undefined;

  constructor(
    private readonly clock: () => number,
    private readonly options: SecretFieldOptions,
  ) {}

  notice(notice: SecretInputNotice, window: string | undefined): void {
    if (notice.focused) this.current = { field: notice.field, window, since: this.clock(), rebound: false };
    else if (notice.field === undefined || notice.field === this.current?.field) this.current = undefined;
  }

  /** Another window has the focus. */
  windowChanged(window: string): void {
    const current = this.current;
    if (!current || current.window === window) return;
    // The browser's window is read a moment after the page said a field has the focus: that window is the field's.
    if (!current.rebound && this.clock() - current.since <= this.options.settleMs) {
      current.window = window;
      current.rebound = true;
      return;
    }
    this.current = undefined;
  }

  /** Whether a key typed into `window` now goes into the secret field. */
  covers(window: string): boolean {
    const current = this.current;
    if (!current) return false;
    if (this.clock() - current.since > this.options.timeoutMs) {
      this.current = undefined;
      return false;
    }
    return current.window === window;
  }
}
