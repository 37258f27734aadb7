import { describe, expect, it } from 'vitest';
import { KeywordLibrary, type KeywordLibraryInput } from './KeywordLibrary.js';
import { KeywordMatcher } from './KeywordMatcher.js';

const library = (phrases: KeywordLibraryInput['phrases']): KeywordLibrary =>
  KeywordLibrary.parse({
    id: 'test',
    name: 'Test',
    categories: [
      { id: 'violence', name: 'Violence' },
      { id: 'self-harm', name: 'Self-harm', sensitive: false },
      { id: 'bullying', name: 'Bullying' },
    ],
    phrases,
  });

const matcher = new KeywordMatcher([
  library([
    { phrase: 'kill', category: 'violence', severity: 3, exceptions: ['kill time'] },
    { phrase: 'kill myself', category: 'self-harm', severity: 5 },
    { phrase: 'nobody likes you', category: 'bullying', severity: 3 },
    { phrase: 'cunt', category: 'bullying', severity: 2 },
    { phrase: 'ass', category: 'bullying', severity: 1 },
    { phrase: 'bomb', category: 'violence', severity: 4, wholeWord: false },
  ]),
]);
const found = (text: string) => matcher.match(text).map((m) => `${m.phrase}@${m.start}-${m.end}:${m.matched}`);

describe('KeywordMatcher', () => {
  it('reports phrase, category, severity and offsets in the original text', () => {
    const [kill, killMyself] = matcher.match('I want to kill myself');
    expect(kill).toEqual({ phrase: 'kill', category: 'violence', severity: 3, start: 10, end: 14, matched: 'kill' });
    expect(killMyself).toEqual({
      phrase: 'kill myself',
      category: 'self-harm',
      severity: 5,
      start: 10,
      end: 21,
      matched: 'kill myself',
    });
  });

  it('ignores case, diacritics and compatibility forms', () => {
    expect(found('KILL')).toEqual(['kill@0-4:KILL']);
    expect(found('kíll')).toEqual(['kill@0-4:kíll']);
    expect(found('ｋｉｌｌ')).toEqual(['kill@0-4:ｋｉｌｌ']); // full-width
    expect(found('Nobody\tlikes\nyou')).toEqual(['nobody likes you@0-16:Nobody\tlikes\nyou']);
  });

  it('reads leetspeak, spelled-out letters and stretched letters', () => {
    expect(found('k1ll')).toEqual(['kill@0-4:k1ll']);
    expect(found('k!ll')).toEqual(['kill@0-4:k!ll']);
    expect(found('k.i.l.l')).toEqual(['kill@0-7:k.i.l.l']);
    expect(found('k-i-l-l')).toEqual(['kill@0-7:k-i-l-l']);
    expect(found('k i l l')).toEqual(['kill@0-7:k i l l']);
    expect(found('kiiiiill')).toEqual(['kill@0-8:kiiiiill']);
    expect(found('killllll')).toEqual(['kill@0-8:killllll']);
    expect(found('n0b0dy l1kes y0u')).toEqual(['nobody likes you@0-16:n0b0dy l1kes y0u']);
    expect(found('k1ll   myself')).toEqual(['kill@0-4:k1ll', 'kill myself@0-13:k1ll   myself']);
  });

  it('reads a risk word censored with * between its letters, and a lone a or i before a spelled-out one', () => {
    expect(found('k*ll')).toEqual(['kill@0-4:k*ll']);
    expect(found('gonna k**l myself')).toEqual(['kill@6-10:k**l', 'kill myself@6-17:k**l myself']);
    expect(found('dropped a b*mb')).toEqual(['bomb@10-14:b*mb']);
    expect(found('i c u t')).toEqual([]);
    expect(found('i k i l l')).toEqual(['kill@2-9:k i l l']);
    // A censored word that is no risk word stays split at its stars (as it always was): "sk*lls" is not "skills".
    expect(found('sk*ll')).toEqual([]);
    expect(found('k*i*l*l')).toEqual(['kill@0-7:k*i*l*l']);
    // A star that is not between letters is punctuation.
    expect(found('*kill*')).toEqual(['kill@1-5:kill']);
  });

  it('reads the pieces of a starred word that is no censored risk word as words of their own, as a separator would', () => {
    const threats = new KeywordMatcher([
      library([
        { phrase: 'kill you', category: 'violence', severity: 4 },
        { phrase: 'kys', category: 'bullying', severity: 4 },
        { phrase: 'wish i was dead', category: 'self-harm', severity: 5 },
        { phrase: 'sext', category: 'bullying', severity: 3 },
      ]),
    ]);
    const phrases = (text: string) => threats.match(text).map((m) => m.phrase);
    // "u" is still you after a star ("kill*u" was read as "kill u" and missed before).
    expect(phrases('i will kill*u')).toEqual(['kill you']);
    expect(phrases('kys*lol')).toEqual(['kys']);
    // The word itself before its inflections: "d**d" is dead, not died.
    expect(phrases('wish i was d**d')).toEqual(['wish i was dead']);
    // An everyday word that fits as well leaves it unread: "s**t" is no sext.
    expect(phrases('what the s**t')).toEqual([]);
    // A long run of stars inside a word is read once, not once per star (a page of them would stall the agent).
    expect(phrases(`a${'*'.repeat(100_000)}b kys`)).toEqual(['kys']);
  });

  it('does not read numbers as letters outside words, nor shorten doubled letters', () => {
    expect(found('I scored 4 out of 10')).toEqual([]);
    expect(found('as far as I know')).toEqual([]); // "ass" needs its double s
    expect(found('ki')).toEqual([]);
    expect(found('kil')).toEqual(['kill@0-3:kil']); // not a shortened "kill": the pupil register's spelling of it
    expect(found('asssss')).toEqual(['ass@0-6:asssss']);
  });

  it('matches whole words only unless the phrase says otherwise', () => {
    expect(found('my skills are great')).toEqual([]);
    expect(found('Scunthorpe United won')).toEqual([]);
    expect(found('a skillet')).toEqual([]);
    expect(found('photobombing')).toEqual(['bomb@5-9:bomb']);
  });

  it('finds a phrase matched inside words that starts with a digit or letter, among whole-word ones', () => {
    // The scan passes over characters no phrase starts with while at the root; a digit is a symbol of its own
    // (not one of a–z), and a phrase inside words may start with one or with any letter.
    const inside = new KeywordMatcher([
      library([
        { phrase: 'kill', category: 'violence', severity: 3 },
        { phrase: '5pm', category: 'bullying', severity: 1, wholeWord: false },
        { phrase: '3:15', category: 'bullying', severity: 1, wholeWord: false },
        { phrase: 'omb', category: 'violence', severity: 2, wholeWord: false },
      ]),
    ]);
    const at = (text: string) => inside.match(text).map((m) => `${m.phrase}@${m.start}-${m.end}`);
    expect(at('meet at 5pm ok')).toEqual(['5pm@8-11']);
    expect(at('15pm 25pm')).toEqual(['5pm@1-4', '5pm@6-9']);
    expect(at('at 3:15 kill')).toEqual(['3:15@3-7', 'kill@8-12']);
    expect(at('skill bombs tomb')).toEqual(['omb@7-10', 'omb@13-16']);
    expect(inside.count('meet at 5pm ok 15pm at 3:15 kill')).toBe(4);
  });

  it('honours exceptions: allowed text that contains a flagged phrase', () => {
    expect(found('we had to kill time before the bus')).toEqual([]);
    expect(found('kill time? no, I will kill him')).toEqual(['kill@22-26:kill']);
  });

  it('copes with mixed scripts, emoji and surrogate pairs around a match', () => {
    expect(found('😀 kill 😀')).toEqual(['kill@3-7:kill']);
    expect(found('Привет kill мир')).toEqual(['kill@7-11:kill']);
    expect(found('убить')).toEqual([]);
    expect(found('killпривет')).toEqual([]); // joined to a Cyrillic word: not a whole word
  });

  it('reads an emoji written for a word as that word, reported at the emoji (🔪 knife, 卐 swastika)', () => {
    const emoji = new KeywordMatcher([
      library([
        { phrase: 'bring~ a knife to school', category: 'violence', severity: 4 },
        { phrase: 'swastika', category: 'bullying', severity: 2 },
      ]),
    ]);
    const [m] = emoji.match('bringin a🔪 2 skool', { explain: true });
    expect(m).toMatchObject({ phrase: 'bring~ a knife to school', start: 0, end: 19, matched: 'bringin a🔪 2 skool' });
    expect(m!.explanation!.form).toBe('bringin a knife to school');
    const [s] = emoji.match('lol 卐卐');
    expect(s).toMatchObject({ start: 4, end: 5, matched: '卐' });
    expect(emoji.match('😀 a knife')).toEqual([]); // other emoji stay separators
  });

  it('handles empty and huge inputs', () => {
    expect(matcher.match('')).toEqual([]);
    const filler = 'the quick brown fox jumps over the lazy dog. ';
    const huge = filler.repeat(40_000) + 'kill myself ' + filler.repeat(40_000); // ~3.6 MB, several chunks
    const matches = matcher.match(huge);
    expect(matches.map((m) => m.phrase)).toEqual(['kill', 'kill myself']);
    expect(huge.slice(matches[1]!.start, matches[1]!.end)).toBe('kill myself');
  });

  it('keeps whole-word rules at a chunk boundary: a word cut by the chunking is still one word', () => {
    const chunk = 256 * 1024;
    const pad = `${'a '.repeat((chunk - 2) / 2)} `; // "skill" starts one before the cut, "kill" right at it
    const text = `${pad}skill ${'b '.repeat(chunk)}`;
    expect(text.indexOf('kill')).toBe(chunk);
    expect(matcher.match(text)).toEqual([]);
  });

  it('finds a phrase that straddles a chunk boundary exactly once', () => {
    const pad = 'x '.repeat(131_070); // 262,140 chars: the phrase crosses the 256 KiB cut
    const text = `${pad}kill myself ${pad}`;
    expect(matcher.match(text).filter((m) => m.phrase === 'kill myself')).toHaveLength(1);
  });
});
