import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { starterKeywordLibrary } from './defaultLibrary.js';
import { KeywordLibrary } from './KeywordLibrary.js';
import { canonicalJson, keywordLibraryDigest } from './keywordLibraryDigest.js';

const STARTER_LIBRARY = starterKeywordLibrary();

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('canonicalJson', () => {
  it('orders every object’s keys and leaves out undefined members, as JSON does', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: 'x' }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"y":"x","z":null}]},"b":1}',
    );
    expect(canonicalJson([undefined, 'é\n"'])).toBe('[null,"é\\n\\""]');
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });
});

describe('keywordLibraryDigest', () => {
  it('is the same for a library after the trip through JSON, whatever order its keys come in', () => {
    const sent = keywordLibraryDigest(STARTER_LIBRARY, sha256);
    expect(sent).toMatch(/^[0-9a-f]{64}$/);
    const received = JSON.parse(JSON.stringify(STARTER_LIBRARY)) as Record<string, unknown>;
    expect(keywordLibraryDigest(received, sha256)).toBe(sent);
    const reordered = Object.fromEntries(Object.entries(received).reverse());
    expect(keywordLibraryDigest(reordered, sha256)).toBe(sent);
    // Parsed again by the agent's schema (defaults filled in where the console had them already): unchanged.
    expect(keywordLibraryDigest(KeywordLibrary.parse(received), sha256)).toBe(sent);
  });

  it('changes with any change of content', () => {
    const sent = keywordLibraryDigest(STARTER_LIBRARY, sha256);
    const [first, ...rest] = STARTER_LIBRARY.phrases;
    const changed = [
      { ...STARTER_LIBRARY, name: `${STARTER_LIBRARY.name}.` },
      { ...STARTER_LIBRARY, phrases: rest },
      { ...STARTER_LIBRARY, phrases: [{ ...first!, severity: first!.severity === 5 ? 4 : 5 }, ...rest] },
    ];
    const digests = changed.map((l) => keywordLibraryDigest(l, sha256));
    expect(new Set([sent, ...digests]).size).toBe(4);
  });
});
