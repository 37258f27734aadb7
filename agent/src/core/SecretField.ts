/**
 * What the browser extension says about password fields: one has the focus (with its identity and the title of
 * its tab), or none has.
 */
export type SecretInputNotice = { focused: true; field: string; title: string } | { focused: false; field?: string };

export interface SecretFieldOptions {
  /** A field counts as focused for at most this long after the extension said so (it says so again on refocus). */
  timeoutMs: number;
  /** The window read just after the notice may still be catching up with the browser taking the focus. */
  settleMs: number;
}

/**
 * Which password field has the focus, if any: what is typed is dropped only while that one field is focused in
 * the browser window that shows its tab. It ends when the field loses the focus (or stops being a password field),
 * when another window takes the focus, and after a timeout; so no page can switch typed-text monitoring off for
 * the whole PC by leaving a flag set, nor for another program's window.
 */
export class SecretField {
  private current:
    { field: string; window: string | undefined; since: number; showsField: (window: string) => boolean } | undefined;

  constructor(
    private readonly clock: () => number,
    private readonly options: SecretFieldOptions,
  ) {}

  /**
   * `window`: the focused window as last read; `showsField`: whether a window is the browser window showing the
   * field's tab (by its title), so that a notice can never cover another program's window.
   */
  notice(notice: SecretInputNotice, window: string | undefined, showsField: (window: string) => boolean): void {
    if (notice.focused) {
      const bound = window !== undefined && showsField(window) ? window : undefined;
      this.current = { field: notice.field, window: bound, since: this.clock(), showsField };
    } else if (notice.field === undefined || notice.field === this.current?.field) {
      this.current = undefined;
    }
  }

  /** Another window has the focus. */
  windowChanged(window: string): void {
    const current = this.current;
    if (!current || current.window === window) return;
    // The page can speak before the browser's window is read as focused: the first read of it is the field's.
    if (
      current.window === undefined &&
      this.clock() - current.since <= this.options.settleMs &&
      current.showsField(window)
    ) {
      current.window = window;
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
