import type { KeyStroke } from '../../core/TypedTextBuffer.js';

// libuiohook key codes (the same on every OS) for a UK/US keyboard; other layouts are read as this one.
const UNSHIFTED: Record<number, string> = {
  2: '1',
  3: '2',
  4: '3',
  5: '4',
  6: '5',
  7: '6',
  8: '7',
  9: '8',
  10: '9',
  11: '0',
  12: '-',
  13: '=',
  16: 'q',
  17: 'w',
  18: 'e',
  19: 'r',
  20: 't',
  21: 'y',
  22: 'u',
  23: 'i',
  24: 'o',
  25: 'p',
  26: '[',
  27: ']',
  30: 'a',
  31: 's',
  32: 'd',
  33: 'f',
  34: 'g',
  35: 'h',
  36: 'j',
  37: 'k',
  38: 'l',
  39: ';',
  40: "'",
  41: '`',
  43: '\\',
  44: 'z',
  45: 'x',
  46: 'c',
  47: 'v',
  48: 'b',
  49: 'n',
  50: 'm',
  51: ',',
  52: '.',
  53: '/',
  57: ' ',
};
const SHIFTED: Record<string, string> = {
  '1': '!',
  '2': '@',
  '3': '#',
  '4': '$',
  '5': '%',
  '6': '^',
  '7': '&',
  '8': '*',
  '9': '(',
  '0': ')',
  '-': '_',
  '=': '+',
  '[': '{',
  ']': '}',
  ';': ':',
  "'": '"',
  '`': '~',
  '\\': '|',
  ',': '<',
  '.': '>',
  '/': '?',
};
const BACKSPACE = 14;
const ENTER = new Set([28, 3612]);
const MODIFIERS = new Set([29, 3613, 42, 54, 56, 3640, 3675, 3676, 58]);
/** Tab, Escape, arrows, Home/End, Page Up/Down, Delete: the cursor may have moved. */
const BREAKS = new Set([15, 1, 57416, 57419, 57421, 57424, 3655, 3663, 3657, 3665, 3667]);

export interface HookKey {
  keycode: number;
  shift: boolean;
  ctrl: boolean;
  alt: boolean;
  meta: boolean;
}

/** One key from the hook as a stroke for the typed-text buffer, or undefined for keys that type nothing. */
export function strokeFor(key: HookKey): KeyStroke | undefined {
  if (MODIFIERS.has(key.keycode)) return undefined;
  if (key.ctrl || key.alt || key.meta) return { kind: 'break' }; // a shortcut, not typing
  if (key.keycode === BACKSPACE) return { kind: 'backspace' };
  if (ENTER.has(key.keycode)) return { kind: 'enter' };
  if (BREAKS.has(key.keycode)) return { kind: 'break' };
  const base = UNSHIFTED[key.keycode];
  if (base === undefined) return undefined;
  if (!key.shift) return { kind: 'char', char: base };
  return { kind: 'char', char: SHIFTED[base] ?? base.toUpperCase() };
}
