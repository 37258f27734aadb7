import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KEYWORD_LIBRARY } from './defaultLibrary.js';
import { KeywordLibrary } from './KeywordLibrary.js';
import { canonicalJson, keywordLibraryDigest } from './keywordLibraryDigest.js';

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
    const sent = keywordLibraryDigest(DEFAULT_KEYWORD_LIBRARY, sha256);
    expect(sent).toMatch(/^[0-9a-f]{64}$/);
    const received = JSON.parse(JSON.stringify(DEFAULT_KEYWORD_LIBRARY)) as Record<string, unknown>;
    expect(keywordLibraryDigest(received, sha256)).toBe(sent);
    const reordered = Object.fromEntries(Object.entries(received).reverse());
    expect(keywordLibraryDigest(reordered, sha256)).toBe(sent);
    // Parsed again by the agent's schema (defaults filled in where the console had them already): unchanged.
    expect(keywordLibraryDigest(KeywordLibrary.parse(received), sha256)).toBe(sent);
  });

  it('changes with any change of content', () => {
    const sent = keywordLibraryDigest(DEFAULT_KEYWORD_LIBRARY, sha256);
    const [first, ...rest] = DEFAULT_KEYWORD_LIBRARY.phrases;
    const changed = [
      { ...DEFAULT_KEYWORD_LIBRARY, name: `${DEFAULT_KEYWORD_LIBRARY.name}.` },
      { ...DEFAULT_KEYWORD_LIBRARY, phrases: rest },
      { ...DEFAULT_KEYWORD_LIBRARY, phrases: [{ ...first!, severity: first!.severity === 5 ? 4 : 5 }, ...rest] },
    ];
    const digests = changed.map((l) => keywordLibraryDigest(l, sha256));
    expect(new Set([sent, ...digests]).size).toBe(4);
  });
});
