import { SecretField, type SecretInputNotice } from './SecretField.js';
import type { Timers } from './Timers.js';

/** One key as the input hook reports it, already read through the keyboard layout. */
export type KeyStroke =
  | { kind: 'char'; char: string }
  | { kind: 'backspace' }
  | { kind: 'enter' }
  /** Cursor moved, or a shortcut: what is typed next may not follow on. */
  | { kind: 'break' };

export interface TypedTextOptions {
  /** With no key for this long, what was typed is checked (a pupil who stops typing mid-sentence). */
  idleFlushMs: number;
  /** A buffer is checked and emptied when it reaches this length. */
  maxLength: number;
  /** A password field counts as focused for at most this long after the browser extension said so. */
  secretTimeoutMs?: number;
}

/**
 * Rebuilds what was typed into each window from single keys (shift and layout already applied): backspace
 * removes, enter, a focus change, a cursor move or a pause hands the text over to be checked. Kept in memory
 * only; neither the keys nor the text are stored or sent.
 */
export class TypedTextBuffer {
  private text = '';
  private window: string | undefined;
  private idleTimer: unknown;
  private readonly secret: SecretField;

  constructor(
    private readonly onText: (text: string, window: string) => void,
    private readonly timers: Timers,
    private readonly options: TypedTextOptions,
    clock: () => number = () => Date.now(),
  ) {
    this.secret = new SecretField(clock, { timeoutMs: options.secretTimeoutMs ?? 120_000, settleMs: 1000 });
  }

  /**
   * A password field has the focus, or has lost it (the browser extension says so, naming the field): what is
   * typed into that field, in the window it is in, is dropped, never checked or kept; what was typed before it
   * is checked as usual. `window` is the focused window as last read; `showsField` tells the browser window
   * showing the field's tab (SecretField).
   */
  secretInput(
    notice: SecretInputNotice,
    window: string | undefined,
    showsField: (window: string) => boolean = () => true,
  ): void {
    if (notice.focused) this.flush();
    this.secret.notice(notice, window, showsField);
  }

  key(stroke: KeyStroke, window: string): void {
    if (this.secret.covers(window)) return;
    if (window !== this.window) {
      this.flush();
      this.window = window;
    }
    switch (stroke.kind) {
      case 'char':
        this.text += stroke.char;
        if (this.text.length >= this.options.maxLength) this.flush();
        break;
      case 'backspace':
        this.text = [...this.text].slice(0, -1).join('');
        break;
      case 'enter':
      case 'break':
        this.flush();
        break;
    }
    this.timers.clearTimeout(this.idleTimer);
    if (this.text) this.idleTimer = this.timers.setTimeout(() => this.flush(), this.options.idleFlushMs);
  }

  /** The focused window changed (even without a key): what was typed before belongs to the old one. */
  focusChanged(window: string): void {
    this.flush();
    this.secret.windowChanged(window);
  }

  flush(): void {
    this.timers.clearTimeout(this.idleTimer);
    const text = this.text.trim();
    this.text = '';
    if (text && this.window !== undefined) this.onText(text, this.window);
  }
}
