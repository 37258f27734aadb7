import { describe, expect, it } from 'vitest';
import {
  checkText,
  CHECK_CATEGORY,
  starterKeywordLibrary,
  KeywordLibrary,
  KeywordMatchedPayload,
} from '@lookout/shared';
import { contextAround, KeywordMonitor } from './KeywordMonitor.js';
import { TypedTextBuffer } from './TypedTextBuffer.js';
import type { Timers } from './Timers.js';

const STARTER_LIBRARY = starterKeywordLibrary();

function monitor() {
  const raised: KeywordMatchedPayload[] = [];
  const evidence: string[][] = [];
  let now = Date.parse('2026-11-23T10:00:00Z');
  let id = 0;
  const m = new KeywordMonitor(
    [STARTER_LIBRARY],
    {
      raise: async (p) => {
        raised.push(p);
        return `event-${raised.length}`;
      },
      collectEvidence: (_eventId, ids) => evidence.push(ids),
      newId: () => `id-${++id}`,
      clock: () => new Date(now),
    },
    { contextChars: 40, repeatWindowMs: 180_000, screenshots: 4 },
  );
  return { m, raised, evidence, advance: (ms: number) => (now += ms) };
}

const window = { app: 'chromium', title: 'Chat', url: null };

describe('KeywordMonitor', () => {
  it("raises a check's test phrase every time it is asked, without screenshots, whatever the policy's libraries", async () => {
    const { m, raised, evidence } = monitor();
    m.setLibraries([], 200, 5);
    const run = '6f1d7c0e-2b1a-4c39-9a57-3f0c2a1e9b11';
    await m.check(checkText(run), 'check', window);
    await m.check(checkText(run), 'check', window);
    expect(raised).toHaveLength(2);
    expect(raised[0]).toMatchObject({ category: CHECK_CATEGORY, source: 'check', evidenceIds: [] });
    expect(raised[0]!.context).toContain(run);
    // A check feeds only the check phrase: other words in its text raise nothing.
    m.setLibraries([STARTER_LIBRARY], 200, 1);
    await m.check(`${checkText(run)} kill myself`, 'check', window);
    expect(raised.map((r) => r.category)).toEqual([CHECK_CATEGORY, CHECK_CATEGORY, CHECK_CATEGORY]);
    // A pupil who types the phrase raises nothing, and no screenshot is taken of them.
    await m.check(checkText(run), 'typed', window);
    expect(raised).toHaveLength(3);
    expect(evidence).toEqual([]);
  });

  it('rebuilds its matcher for a policy only when the libraries changed, and matches by the libraries it was given', async () => {
    const { m, raised } = monitor();
    const ours = (phrase: string) =>
      KeywordLibrary.parse({
        id: 'ours',
        name: 'Ours',
        categories: [{ id: 'c', name: 'C' }],
        phrases: [{ phrase, category: 'c', severity: 4 }],
      });
    expect(m.setLibraries([ours('purple (elephant|giraffe)')], 200, 1)).toBe(true);
    // The same content, parsed again (as a policy brings it): kept.
    expect(m.setLibraries([ours('purple (elephant|giraffe)')], 300, 1)).toBe(false);
    await m.check('a purple giraffe', 'typed', window);
    expect(raised.map((r) => r.phrase)).toEqual(['purple (elephant|giraffe)']);
    expect(m.setLibraries([ours('green elephant')], 300, 1)).toBe(true);
    await m.check('a purple elephant and a green elephant', 'typed', window);
    expect(raised.map((r) => r.phrase)).toEqual(['purple (elephant|giraffe)', 'green elephant']);
  });

  it('falls back to the libraries it is given as a function only when no policy brought any before text came', async () => {
    const raised: KeywordMatchedPayload[] = [];
    let fallbacks = 0;
    const ours = KeywordLibrary.parse({
      id: 'ours',
      name: 'Ours',
      categories: [{ id: 'c', name: 'C' }],
      phrases: [{ phrase: 'purple giraffe', category: 'c', severity: 4 }],
    });
    const make = () =>
      new KeywordMonitor(
        () => {
          fallbacks++;
          return [ours];
        },
        {
          raise: async (p) => {
            raised.push(p);
            return `event-${raised.length}`;
          },
          collectEvidence: () => undefined,
          newId: () => 'id',
          clock: () => new Date(0),
        },
        { contextChars: 40, repeatWindowMs: 180_000, screenshots: 0 },
      );
    // A policy came while the agent started: the fallback is never built.
    const withPolicy = make();
    withPolicy.setLibraries([STARTER_LIBRARY], 200, 1);
    await withPolicy.check('a purple giraffe and honestly I want to kill myself lol', 'typed', window);
    expect(fallbacks).toBe(0);
    expect(raised.map((r) => r.phrase)).toEqual(['kill myself']);
    // None came: the fallback, built once, at the first text; the same libraries brought later keep the matcher.
    const alone = make();
    await alone.check('a purple giraffe', 'typed', window);
    await alone.check('another purple giraffe', 'title', window);
    expect(fallbacks).toBe(1);
    expect(raised.map((r) => r.phrase)).toEqual(['kill myself', 'purple giraffe']);
    expect(alone.setLibraries([ours], 200, 1)).toBe(false);
  });

  it('never lets a typed check phrase outrank, and so hide, a real phrase around it', async () => {
    const { m, raised } = monitor();
    // "this is goodbye … forever" (severity 4) spans the check phrase (severity 5): before, the check won the
    // overlap, and the console then dropped it as a check, so the DSL heard nothing.
    await m.check('this is goodbye lookout monitoring check phrase forever', 'typed', window);
    expect(raised.map((r) => r.category)).not.toContain(CHECK_CATEGORY);
    expect(raised.length).toBeGreaterThan(0);
    expect(raised[0]!.source).toBe('typed');
  });

  it('raises one alert for the most severe of overlapping hits, with context and evidence ids', async () => {
    const { m, raised, evidence } = monitor();
    await m.check('lots of homework tonight and honestly I want to kill myself lol', 'typed', window);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      phrase: 'kill myself',
      category: 'suicide',
      severity: 5,
      source: 'typed',
      app: 'chromium',
    });
    expect(raised[0]!.context).toContain('kill myself');
    expect(raised[0]!.context.length).toBeLessThanOrEqual(40);
    expect(raised[0]!.evidenceIds).toEqual(evidence[0]);
    expect(evidence[0]).toHaveLength(4);
  });

  it("says in the alert which rule matched and why: the pupil's words in its slots, the exceptions", async () => {
    const { m, raised } = monitor();
    await m.check('honestly i dont wanna be alive anymore', 'typed', window);
    expect(raised[0]).toMatchObject({ category: 'suicide', severity: 5, matched: 'i dont wanna be alive anymore' });
    expect(raised[0]!.explanation).toEqual({
      rule: raised[0]!.phrase,
      form: 'i do not want to be alive anymore',
      slots: [
        { slot: '(do not|never)', filled: 'dont' },
        { slot: '(be alive|exist|wake up|carry on|go on)', filled: 'be alive' },
        { slot: '[anymore|any more]', filled: 'anymore' },
      ],
      exceptionsNotApplied: [],
    });
    await m.check('i will kill you', 'typed', window);
    expect(raised[1]!.explanation!.exceptionsNotApplied).toHaveLength(4); // video games, other games, computers, parents
    expect(KeywordMatchedPayload.shape.explanation.safeParse(raised[1]!.explanation).success).toBe(true);
  });

  it('raises the same phrase again only after the repeat window (3 minutes)', async () => {
    const { m, raised, advance } = monitor();
    await m.check('i want to die', 'typed', window);
    advance(60_000);
    await m.check('i want to die', 'title', window);
    expect(raised).toHaveLength(1);
    advance(121_000);
    await m.check('i want to die', 'typed', window);
    expect(raised).toHaveLength(2);
  });

  it('leaves everyday text alone', async () => {
    const { m, raised } = monitor();
    await m.check('My skills in maths are improving; we killed time before the bus.', 'typed', window);
    expect(raised).toEqual([]);
  });
});

describe('contextAround', () => {
  it('centres the match and keeps all of it', () => {
    const text = 'a'.repeat(50) + 'MATCH' + 'b'.repeat(50);
    const context = contextAround(text, { start: 50, end: 55 }, 15);
    expect(context).toBe('aaaaaMATCHbbbbb');
    expect(contextAround('short MATCH', { start: 6, end: 11 }, 200)).toBe('short MATCH');
    expect(contextAround(text, { start: 50, end: 55 }, 3)).toBe('MATCH');
  });
});

class ManualTimers implements Timers {
  pending = new Map<number, () => void>();
  private next = 0;
  setTimeout(fn: () => void) {
    this.pending.set(++this.next, fn);
    return this.next;
  }
  clearTimeout(handle: unknown) {
    this.pending.delete(handle as number);
  }
  fire() {
    const fns = [...this.pending.values()];
    this.pending.clear();
    fns.forEach((f) => f());
  }
}

describe('TypedTextBuffer', () => {
  const typeInto = (buffer: TypedTextBuffer, text: string, window = 'w1') => {
    for (const char of text) buffer.key({ kind: 'char', char }, window);
  };

  it('applies backspace and hands over the line on enter', () => {
    const lines: [string, string][] = [];
    const buffer = new TypedTextBuffer((t, w) => lines.push([t, w]), new ManualTimers(), {
      idleFlushMs: 1000,
      maxLength: 100,
    });
    typeInto(buffer, 'kill mysefl');
    buffer.key({ kind: 'backspace' }, 'w1');
    buffer.key({ kind: 'backspace' }, 'w1');
    typeInto(buffer, 'lf');
    expect(lines).toEqual([]);
    buffer.key({ kind: 'enter' }, 'w1');
    expect(lines).toEqual([['kill myself', 'w1']]);
  });

  it('keeps windows apart and hands over on a focus change, a cursor move or a pause', () => {
    const lines: string[] = [];
    const timers = new ManualTimers();
    const buffer = new TypedTextBuffer((t, w) => lines.push(`${w}:${t}`), timers, {
      idleFlushMs: 1000,
      maxLength: 100,
    });
    typeInto(buffer, 'first', 'w1');
    typeInto(buffer, 'second', 'w2');
    expect(lines).toEqual(['w1:first']);
    buffer.key({ kind: 'break' }, 'w2');
    expect(lines).toEqual(['w1:first', 'w2:second']);
    typeInto(buffer, 'paused', 'w2');
    timers.fire();
    expect(lines.at(-1)).toBe('w2:paused');
    typeInto(buffer, 'then left', 'w2');
    buffer.focusChanged('w3');
    expect(lines.at(-1)).toBe('w2:then left');
  });

  it('hands over long text in pieces', () => {
    const lines: string[] = [];
    const buffer = new TypedTextBuffer((t) => lines.push(t), new ManualTimers(), { idleFlushMs: 1000, maxLength: 10 });
    typeInto(buffer, 'abcdefghijklmno');
    expect(lines).toEqual(['abcdefghij']);
  });
});
