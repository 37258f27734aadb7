import { describe, expect, it } from 'vitest';
import { KeywordLibrary } from './KeywordLibrary.js';
import { KeywordMatcher } from './KeywordMatcher.js';
import { normaliseText } from './normaliseText.js';

/** The normalised text without its edge spaces, as a string. */
const read = (text: string) => {
  const n = normaliseText(text);
  return String.fromCodePoint(...n.chars.subarray(1, n.length - 1));
};

const matcher = new KeywordMatcher([
  KeywordLibrary.parse({
    id: 'normaliser',
    name: 'Normaliser',
    categories: [{ id: 'c', name: 'C' }],
    phrases: [
      { phrase: 'kill myself', category: 'c', severity: 5 },
      { phrase: 'knife', category: 'c', severity: 4 },
      { phrase: 'porn', category: 'c', severity: 3 },
      { phrase: 'pornhub', category: 'c', severity: 3 },
      { phrase: 'you are a loser', category: 'c', severity: 3 },
      { phrase: 'cut~ [myself] again', category: 'c', severity: 4 },
      { phrase: 'hate', category: 'c', severity: 2 },
      { phrase: 'before school', category: 'c', severity: 1 },
      {
        phrase: '(islamic state|isis)',
        category: 'c',
        severity: 4,
        exceptions: ['(goddess|god|egypt) NEAR/6 isis', 'kill time'],
      },
    ],
  }),
]);
const found = (text: string) => matcher.match(text).map((m) => `${m.phrase}@${m.start}-${m.end}:${m.matched}`);

describe('symbols inside a word read as letters (round 5)', () => {
  it('reads one symbol or digit for a letter inside a Latin word', () => {
    expect(read('kn!fe k!ll p1lls purg1ng $uicide h@te su!cide')).toBe('knife kill pills purging suicide hate suicide');
    expect(read('h€ll sna¢k su¡cide')).toBe('hell snack suicide');
  });

  it('reads a 1, | or ! as l where only that makes a known word (ki11, s1ut, b1ade, k|ll)', () => {
    expect(read('ki11 s1ut b1ade ug1y k|ll')).toBe('kill slut blade ugly kill');
    expect(read('l1kes')).toBe('likes'); // the leet table's i where no known word says otherwise
  });

  it('reads a letter written as several symbols inside a word (c|_|t, |<ys), at its own offsets', () => {
    expect(read('c|_|t |<ys m()ther')).toBe('cut kys mother');
    expect(found('kn|_|fe')).toEqual([]); // |_| is u: "knufe" is no knife
    expect(found('a k|\\|ife')).toEqual(['knife@2-9:k|\\|ife']);
    const [m] = matcher.match('c|_|tting again');
    expect(m).toMatchObject({ start: 0, end: 15, matched: 'c|_|tting again' });
  });

  it('never reads numbers, prices, times, versions or code as letters', () => {
    expect(read('£5')).toBe('5');
    expect(read('3:15')).toBe('3 15');
    expect(read('v1.2')).toBe('v1 2'); // the 2 of a version is no "to"
    expect(read('at 2.30 or 4:45')).toBe('at 2 30 or 4 45');
    expect(read('x!=y')).toBe('x y');
    expect(read('foo() f(x) a/b')).toBe('foo f x a b');
    expect(read('at 5pm a 19yo 3d print mp3 ps5 gta5 4k covid19')).toBe(
      'at 5pm a 19yo 3d print mp3 ps5 gta5 4k covid19',
    );
    expect(read('b4 school')).toBe('before school'); // the register, as written
    expect(found('see you b4 school')).toEqual(['before school@8-17:b4 school']);
  });

  it('reads the register as the pupil wrote it, not after leetspeak: "hb" is a pencil, "ba" a degree', () => {
    expect(read('hb pencil')).toBe('hb pencil');
    expect(read('a ba degree')).toBe('a ba degree');
    expect(read('noi')).toBe('noi');
    expect(read('h8 u')).toBe('hate you');
    expect(read('d0nt')).toBe('do not'); // leetspeak first, then the register
    expect(found('hb pencil')).toEqual([]);
  });
});

describe('spaced and split letters (round 5)', () => {
  it('reads a run of single letters and digits as the risk word it spells', () => {
    expect(read('p 0 r n')).toBe('porn');
    expect(read('s.u.i.c.i.d.e')).toBe('suicide');
    expect(read('k-y-s')).toBe('kys');
    expect(read('k 1 l l')).toBe('kill');
    expect(found('p 0 r n')).toEqual(['porn@0-7:p 0 r n']);
  });

  it('reads a run as the known words it spells, with the register', () => {
    expect(read('k i l l m y s e l f')).toBe('kill myself');
    expect(found('gonna k i l l m y s e l f')).toEqual(['kill myself@6-25:k i l l m y s e l f']);
    expect(read('i a m')).toBe('i am');
    expect(read('u r a l o s e r')).toBe('you are a loser');
    expect(found('u r a l o s e r')).toEqual(['you are a loser@0-15:u r a l o s e r']);
  });

  it('leaves single-letter words and numbers as they are', () => {
    expect(read('u r a loser')).toBe('you are a loser'); // was "ura loser"
    expect(read('3 2 1 go')).toBe('3 2 1 go');
    expect(read('1 2 3 4')).toBe('1 2 3 4');
    expect(read('a b c')).toBe('abc'); // a run of letters that is no known words is joined, as it always was
  });

  it('reads a long run in linear time', () => {
    const run = 'a '.repeat(200_000);
    const started = process.hrtime.bigint();
    const n = normaliseText(`${run}kill myself`);
    expect(n.length).toBeGreaterThan(0);
    const digits = '1 '.repeat(200_000);
    expect(normaliseText(digits).length).toBe(400_001);
    // Not a timed assertion: a quadratic read of 200,000 letters would not finish within the test's timeout.
    expect(process.hrtime.bigint()).toBeGreaterThan(started);
  });
});

describe('the register: misspellings pupils make of common words in risk phrases (round 5)', () => {
  it('writes them out', () => {
    expect(read('cuttin agen')).toBe('cuttin again');
    expect(read('sumone nuthin pple tho allways becuz evry1 gunna wanna cos')).toBe(
      'someone nothing people though always because everyone going to want to because',
    );
    expect(found('cuttin agen')).toEqual(['cut~ [myself] again@0-11:cuttin agen']);
  });

  it('does not reread short words as something else', () => {
    expect(read('re')).toBe('re');
    expect(read('re-sit')).toBe('re sit');
  });

  it('matches an exception inside a word as written, never inside a word the register wrote for another', () => {
    const alone = new KeywordMatcher([
      KeywordLibrary.parse({
        id: 'alone',
        name: 'Alone',
        categories: [{ id: 'c', name: 'C' }],
        phrases: [{ phrase: 'are you home alone', category: 'c', severity: 3, exceptions: ['re'] }],
      }),
    ]);
    // "r" is written out as "are": the exception "re" (say, for RE lessons) is not in what the pupil wrote.
    expect(alone.match('r u home alone').map((m) => m.matched)).toEqual(['r u home alone']);
    expect(alone.match('are you home alone')).toEqual([]); // inside a word as written: as exceptions always were
  });
});

describe('matcher bugs that let pupils through (round 5)', () => {
  it('reads no doubled letter as a single one in an exception: "good" is not the god of "god NEAR/6 isis"', () => {
    expect(found('they make good points isis')).toEqual(['(islamic state|isis)@22-26:isis']);
    expect(found('isis the egyptian god')).toEqual([]);
    expect(found('isis the goddess')).toEqual([]);
    // Stretched letters (three or more) still read in an exception, as in the rule it excepts.
    expect(found('isis the gooood')).toEqual([]);
  });

  it('reads a censored word with a suffix or a word joined on (p*rnhub, sl*tty), and leaves everyday ones', () => {
    expect(read('p*rnhub')).toBe('pornhub');
    expect(found('go on p*rnhub')).toEqual(['pornhub@6-13:p*rnhub']);
    expect(read('sl*tty')).toBe('slutty');
    expect(read('sh*tty')).toBe('sh tty'); // "shit" fits: not guessed into a risk word
    expect(read('sk*lled')).toBe('sk lled');
  });
});

describe("the libraries' own words settle what the normaliser is in doubt about (review of round 5)", () => {
  const risk = new KeywordMatcher([
    KeywordLibrary.parse({
      id: 'doubt',
      name: 'Doubt',
      categories: [{ id: 'c', name: 'C' }],
      phrases: [
        { phrase: 'i deserve to hurt', category: 'c', severity: 4 },
        { phrase: 'i wish i was dead', category: 'c', severity: 5 },
        { phrase: 'cut my wrist~', category: 'c', severity: 5 },
        { phrase: 'the kuffar must die', category: 'c', severity: 5 },
        { phrase: 'beat you up', category: 'c', severity: 3 },
        { phrase: 'weirdo', category: 'c', severity: 2 },
        { phrase: 'kill myself', category: 'c', severity: 5 },
        { phrase: 'ak', category: 'c', severity: 3 },
      ],
    }),
  ]);
  const flagged = (text: string) => risk.match(text).map((m) => m.matched);

  it('reads edge leetspeak in a word that looks like a model number when it makes a word of the rules (hur7, wa5)', () => {
    expect(flagged('i deserve to hur7')).toEqual(['i deserve to hur7']);
    expect(flagged('i wish i wa5 dead')).toEqual(['i wish i wa5 dead']);
    expect(flagged('i cut my wr157 last night')).toEqual(['cut my wr157']);
    expect(flagged('the kuffar mu57 die')).toEqual(['the kuffar mu57 die']);
  });

  it('leaves numbers, models and versions as written when they make no word of the rules', () => {
    expect(flagged('meet at 5pm, he is 19yo, gta5 on my ps5, the mp3, a 3d model in 4k, v1.2')).toEqual([]);
  });

  it('reads a spelled-out word of the rules as that word, not the everyday words it splits into', () => {
    expect(flagged('ill b e a t you up after school')).toEqual(['b e a t you up']);
    expect(flagged('such a w.e.i.r.d.o')).toEqual(['w.e.i.r.d.o']);
    expect(flagged('k i l l m y s e l f')).toEqual(['k i l l m y s e l f']);
    expect(read('u r a loser')).toBe('you are a loser');
  });

  it('reads a word of any length after digits without failing the whole text (a long title is still checked)', () => {
    const long = `i want to kill myself 5${'a'.repeat(140_000)}`;
    expect(() => normaliseText(long)).not.toThrow();
    expect(flagged(long)).toEqual(['kill myself']);
  });
});
