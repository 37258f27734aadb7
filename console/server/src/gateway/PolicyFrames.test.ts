import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_KEYWORD_LIBRARY,
  PolicyCompiler,
  PolicyDocument,
  SafeguardingSettings,
  ServerToAgentMessage,
  parseMessage,
} from '@lookout/shared';
import { PolicyFrames } from './PolicyFrames.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const school = {
  ...DEFAULT_KEYWORD_LIBRARY,
  id: 'school',
  name: 'School',
  phrases: DEFAULT_KEYWORD_LIBRARY.phrases.slice(0, 3),
};
const policy = new PolicyCompiler({ digest: sha256 }).compile({
  policy: {
    id: '00000000-0000-4000-8000-000000000001',
    version: 4,
    name: 'Whole school',
    document: PolicyDocument.parse({}),
  },
  libraries: [
    { id: DEFAULT_KEYWORD_LIBRARY.id, version: 1, library: DEFAULT_KEYWORD_LIBRARY },
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
});
