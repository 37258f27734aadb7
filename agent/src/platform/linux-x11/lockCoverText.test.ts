import { describe, expect, it } from 'vitest';
import { lockCoverLines } from './lockCoverText.js';

describe('lockCoverLines', () => {
  it('says the PC is locked, with the default words when the teacher wrote none', () => {
    expect(lockCoverLines({})).toEqual([
      'This computer is locked',
      'Eyes on your teacher, please.',
      'Your teacher will unlock it.',
    ]);
  });

  it('wraps a long message at word boundaries and cuts a word longer than a line', () => {
    const lines = lockCoverLines({ message: `${'word '.repeat(20)}${'x'.repeat(70)}` });
    expect(lines.slice(1, -1).every((l) => l.length <= 60)).toBe(true);
    expect(lines.slice(1, -1).join(' ').replace(/ /g, '')).toBe(`${'word'.repeat(20)}${'x'.repeat(70)}`);
  });

  it('keeps Latin-1 (Welsh and French accents) and replaces what X core fonts cannot draw', () => {
    expect(lockCoverLines({ message: 'Café – ŵ 😀 ok' })[1]).toBe('Café ? ? ? ok');
  });

  it('says when a timed lock ends, in the given time zone, and ignores a date it cannot read', () => {
    expect(lockCoverLines({ expiresAt: '2026-06-01T13:05:00Z' }, 'Europe/London').at(-1)).toBe(
      'Unlocks at 14:05, or when your teacher unlocks it.',
    );
    expect(lockCoverLines({ expiresAt: 'soon' }).at(-1)).toBe('Your teacher will unlock it.');
  });
});
