import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  starterKeywordLibrary,
  PolicyCompiler,
  PolicyDocument,
  SafeguardingSettings,
  ServerToAgentMessage,
  parseMessage,
} from '@lookout/shared';
import { PolicyFrames } from './PolicyFrames.js';

const STARTER_LIBRARY = starterKeywordLibrary();

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const school = {
  ...STARTER_LIBRARY,
  id: 'school',
  name: 'School',
  phrases: STARTER_LIBRARY.phrases.slice(0, 3),
};
const policy = new PolicyCompiler({ digest: sha256 }).compile({
  policy: {
    id: '00000000-0000-4000-8000-000000000001',
    version: 4,
    name: 'Whole school',
    document: PolicyDocument.parse({}),
  },
  libraries: [
    { id: STARTER_LIBRARY.id, version: 1, library: STARTER_LIBRARY },
    { id: 'school', version: 1, library: school },
  ],
  safeguarding: { version: 0, value: SafeguardingSettings.parse({}) },
  categoryRevisions: new Map(),
  lessonLimit: null,
  mediaGrants: { version: '', grants: [] },
  timeZone: 'Europe/London',
});
const [starterRef, schoolRef] = policy.libraries;
const read = (bytes: Buffer) => {
  const parsed = parseMessage(ServerToAgentMessage, bytes);
  if (!parsed.ok || parsed.value.type !== 'policy-push') throw new Error('not a policy push');
  return parsed.value;
};

describe('PolicyFrames', () => {
  it('gives protocol 1 and 2 the whole document, one frame for all', () => {
    const frames = new PolicyFrames();
    const v2 = frames.frameFor(policy, 2, new Set([starterRef!.digest]));
    expect(frames.frameFor(policy, 1, new Set())).toBe(v2);
    expect(v2.inline).toEqual([]);
    const push = read(v2.bytes);
    expect(push.libraries).toBeUndefined();
    expect(push.document).toEqual(JSON.parse(JSON.stringify(policy.document)));
  });

  it('gives protocol 3 the libraries it lacks inline and the rest by digest, one frame per held set', () => {
    const frames = new PolicyFrames();
    const none = frames.frameFor(policy, 3, new Set());
    const all = frames.frameFor(policy, 3, new Set([starterRef!.digest, schoolRef!.digest, 'f'.repeat(64)]));
    const some = frames.frameFor(policy, 3, new Set([starterRef!.digest]));
    expect(frames.frameFor(policy, 3, new Set([schoolRef!.digest, starterRef!.digest]))).toBe(all);
    expect(frames.frameFor(policy, 3, new Set())).toBe(none);
    expect(none.inline).toEqual([starterRef!.digest, schoolRef!.digest]);
    expect(some.inline).toEqual([schoolRef!.digest]);
    expect(all.inline).toEqual([]);

    const byReference = read(all.bytes);
    expect(byReference.document).not.toHaveProperty('keywordLibraries');
    expect(byReference.libraries).toEqual([starterRef, schoolRef]);
    expect(byReference.revision).toBe(policy.revision);
    // The starter library is most of a document: by reference, the frame is a few kilobytes.
    expect(all.bytes.length).toBeLessThan(4096);
    expect(none.bytes.length).toBeGreaterThan(100_000);
    const { keywordLibraries: _, ...rest } = policy.document;
    expect(byReference.document).toEqual(JSON.parse(JSON.stringify(rest)));
    expect(read(some.bytes).libraries).toEqual([
      starterRef,
      { ...schoolRef, library: JSON.parse(JSON.stringify(school)) },
    ]);
  });

  it('keeps the frame most PCs use when a few agents claim odd held sets', () => {
    // Four libraries: sixteen held sets a hello can claim, against eight frames kept per document.
    const many = new PolicyCompiler({ digest: sha256 }).compile({
      policy: {
        id: '00000000-0000-4000-8000-000000000002',
        version: 1,
        name: 'Many',
        document: PolicyDocument.parse({}),
      },
      libraries: ['a', 'b', 'c', 'd'].map((id) => ({
        id,
        version: 1,
        library: { ...school, id, name: id, phrases: STARTER_LIBRARY.phrases.slice(0, 2) },
      })),
      safeguarding: { version: 0, value: SafeguardingSettings.parse({}) },
      categoryRevisions: new Map(),
      lessonLimit: null,
      mediaGrants: { version: '', grants: [] },
      timeZone: 'Europe/London',
    });
    const digests = many.libraries.map((l) => l.digest);
    expect(digests).toHaveLength(4);
    const frames = new PolicyFrames();
    // The ordinary PCs hold every library: one frame, asked for again and again.
    const common = frames.frameFor(many, 3, new Set(digests));
    for (let i = 0; i < 50; i++) expect(frames.frameFor(many, 3, new Set(digests))).toBe(common);
    // A burst of every other held set, twice over (sixteen frames' worth, then again).
    const subsets = Array.from({ length: 15 }, (_, mask) => new Set(digests.filter((_, i) => mask & (1 << i))));
    for (let round = 0; round < 2; round++) for (const held of subsets) frames.frameFor(many, 3, held);
    // The common frame is still the one every ordinary push shares: not serialised again.
    expect(frames.frameFor(many, 3, new Set(digests))).toBe(common);
    // A second common frame arriving after the burst (PCs newly installed, holding nothing) stays too.
    const fresh = frames.frameFor(many, 3, new Set());
    expect(frames.frameFor(many, 3, new Set())).toBe(fresh);
    for (const held of subsets.slice(1)) frames.frameFor(many, 3, held);
    expect(frames.frameFor(many, 3, new Set())).toBe(fresh);
    expect(frames.frameFor(many, 3, new Set(digests))).toBe(common);
  });
});
