import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { starterKeywordLibrary } from '../keywords/defaultLibrary.js';
import { KeywordLibrary } from '../keywords/KeywordLibrary.js';
import { keywordLibraryDigest } from '../keywords/keywordLibraryDigest.js';
import { SafeguardingSettings } from '../protocol/concern.js';
import { PolicyCompiler, type PolicyInputs } from './PolicyCompiler.js';
import { PolicyDocument } from './PolicyDocument.js';

const STARTER_LIBRARY = starterKeywordLibrary();

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const extra = KeywordLibrary.parse({ ...STARTER_LIBRARY, id: 'extra', name: 'Extra' });
const policy = (version: number, document: unknown = {}) => ({
  id: '00000000-0000-4000-8000-000000000001',
  version,
  name: 'Whole school',
  document: PolicyDocument.parse(document),
});

const inputs = (changes: Partial<PolicyInputs> = {}): PolicyInputs => ({
  policy: policy(1, { webFilter: { blockedCategories: ['games', 'unknown'] } }),
  libraries: [
    { id: STARTER_LIBRARY.id, version: 1, library: STARTER_LIBRARY },
    { id: 'extra', version: 1, library: extra },
  ],
  safeguarding: { version: 0, value: SafeguardingSettings.parse({ schoolName: 'Hill School' }) },
  categoryRevisions: new Map([
    ['games', 'aaaa'],
    ['adult', 'bbbb'],
  ]),
  lessonLimit: null,
  mediaGrants: { version: '', grants: [] },
  timeZone: 'Europe/London',
  ...changes,
});

describe('PolicyCompiler', () => {
  it('gives the same object for the same inputs, even from a fresh snapshot: one compilation for many PCs', () => {
    const compiler = new PolicyCompiler({ digest: sha256 });
    const first = compiler.compile(inputs());
    for (let pc = 0; pc < 100; pc++) expect(compiler.compile(inputs())).toBe(first);
    expect(compiler.compilations).toBe(1);
    expect(compiler.size).toBe(1);
  });

  it('builds the document a PC runs, with a revision that is the hash of its content', () => {
    const compiled = new PolicyCompiler({ digest: sha256 }).compile(inputs());
    expect(compiled.version).toBe(1);
    expect(compiled.revision).toBe(sha256(JSON.stringify(compiled.document)).slice(0, 16));
    expect(compiled.document).toMatchObject({
      policy: { id: '00000000-0000-4000-8000-000000000001', name: 'Whole school', version: 1 },
      safeguarding: { schoolName: 'Hill School' },
      // A category that was never imported is left out; the agent downloads the others by revision.
      urlCategories: [{ category: 'games', revision: 'aaaa' }],
      lessonLimit: null,
      mediaGrants: [],
      timeZone: 'Europe/London',
    });
    expect((compiled.document.keywordLibraries as KeywordLibrary[]).map((l) => l.id)).toEqual([
      STARTER_LIBRARY.id,
      'extra',
    ]);
  });

  it('no policy: the defaults, version 1, named as such', () => {
    const compiled = new PolicyCompiler({ digest: sha256 }).compile(inputs({ policy: null }));
    expect(compiled.version).toBe(1);
    expect(compiled.document).toMatchObject({ policy: { id: null, name: 'Lookout defaults', version: 0 } });
  });

  it('a new version of any piece in the document is a new document with a new revision', () => {
    const compiler = new PolicyCompiler({ digest: sha256 });
    const base = compiler.compile(inputs());
    const changed = [
      inputs({ policy: policy(2, { webFilter: { blockedCategories: ['games'] }, idleLockMinutes: 5 }) }),
      inputs({
        libraries: [
          { id: STARTER_LIBRARY.id, version: 2, library: { ...STARTER_LIBRARY, phrases: [] } },
          { id: 'extra', version: 1, library: extra },
        ],
      }),
      inputs({ safeguarding: { version: 1, value: SafeguardingSettings.parse({ schoolName: 'Vale School' }) } }),
      inputs({ categoryRevisions: new Map([['games', 'cccc']]) }),
      inputs({ lessonLimit: { version: 1, mode: 'allow', sites: ['bbc.co.uk'], expiresAt: '2026-12-02T10:00:00Z' } }),
      inputs({ mediaGrants: { version: 'g1', grants: [{ deviceKey: '0781:5567', expiresAt: null }] } }),
    ].map((i) => compiler.compile(i));
    expect(new Set([base.revision, ...changed.map((c) => c.revision)]).size).toBe(changed.length + 1);
    expect(compiler.compilations).toBe(changed.length + 1);
    expect(changed[0]!.version).toBe(2);
    expect(changed[4]!.document.lessonLimit).toEqual({
      mode: 'allow',
      sites: ['bbc.co.uk'],
      expiresAt: '2026-12-02T10:00:00Z',
    });
  });

  it('is keyed by versions, never by content: the same versions give the remembered document', () => {
    const compiler = new PolicyCompiler({ digest: sha256 });
    const base = compiler.compile(inputs());
    // Whoever builds the snapshot promises a new version with new content; the compiler trusts the version.
    const sameVersions = inputs({ safeguarding: { version: 0, value: SafeguardingSettings.parse({}) } });
    expect(compiler.compile(sameVersions)).toBe(base);
  });

  it('pieces the policy does not use are not part of its key', () => {
    const compiler = new PolicyCompiler({ digest: sha256 });
    const onlyDefault = policy(1, { keywords: { libraryIds: [STARTER_LIBRARY.id] } });
    const base = compiler.compile(inputs({ policy: onlyDefault }));
    expect((base.document.keywordLibraries as KeywordLibrary[]).map((l) => l.id)).toEqual([STARTER_LIBRARY.id]);
    // Another library saved, another category's list imported: this document is unaffected.
    const otherChanged = inputs({
      policy: onlyDefault,
      libraries: [
        { id: STARTER_LIBRARY.id, version: 1, library: STARTER_LIBRARY },
        { id: 'extra', version: 7, library: extra },
      ],
      categoryRevisions: new Map([['adult', 'dddd']]),
    });
    expect(compiler.compile(otherChanged)).toBe(base);
    expect(compiler.compilations).toBe(1);
  });

  it('a change outside the document (a settings version alone) compiles again but keeps the revision', () => {
    const compiler = new PolicyCompiler({ digest: sha256 });
    const base = compiler.compile(inputs());
    const again = compiler.compile(inputs({ safeguarding: { ...inputs().safeguarding, version: 5 } }));
    expect(again).not.toBe(base);
    expect(again.revision).toBe(base.revision);
  });

  it('keeps at most `capacity` documents, dropping the least recently used', () => {
    const compiler = new PolicyCompiler({ digest: sha256, capacity: 2 });
    const v1 = compiler.compile(inputs({ policy: policy(1) }));
    compiler.compile(inputs({ policy: policy(2) }));
    expect(compiler.compile(inputs({ policy: policy(1) }))).toBe(v1); // used again: now the most recent
    compiler.compile(inputs({ policy: policy(3) })); // drops version 2
    expect(compiler.size).toBe(2);
    expect(compiler.compile(inputs({ policy: policy(1) }))).toBe(v1);
    expect(compiler.compilations).toBe(3);
    compiler.compile(inputs({ policy: policy(2) }));
    expect(compiler.compilations).toBe(4);
  });

  it('names each library by its content digest, worked out once per library version however many documents use it', () => {
    const compiler = new PolicyCompiler({ digest: sha256 });
    const base = compiler.compile(inputs());
    expect(base.libraries).toEqual([
      { id: STARTER_LIBRARY.id, digest: keywordLibraryDigest(STARTER_LIBRARY, sha256) },
      { id: 'extra', digest: keywordLibraryDigest(extra, sha256) },
    ]);
    expect(compiler.libraryDigestCount).toBe(2);
    // Other documents (other policies, a lesson limit) over the same library versions digest nothing again.
    for (let v = 2; v < 20; v++) compiler.compile(inputs({ policy: policy(v) }));
    const lesson = { version: 1, mode: 'allow' as const, sites: ['bbc.co.uk'], expiresAt: '2026-12-02T10:00:00Z' };
    const withLesson = compiler.compile(inputs({ lessonLimit: lesson }));
    expect(compiler.libraryDigestCount).toBe(2);
    expect(withLesson.libraries).toEqual(base.libraries);
    // A new version of one library: that one is digested again, and its digest follows its content.
    const trimmed = KeywordLibrary.parse({ ...extra, phrases: extra.phrases.slice(1) });
    const changed = compiler.compile(
      inputs({
        libraries: [
          { id: STARTER_LIBRARY.id, version: 1, library: STARTER_LIBRARY },
          { id: 'extra', version: 2, library: trimmed },
        ],
      }),
    );
    expect(compiler.libraryDigestCount).toBe(3);
    expect(changed.libraries[0]).toEqual(base.libraries[0]);
    expect(changed.libraries[1]!.digest).toBe(keywordLibraryDigest(trimmed, sha256));
    expect(changed.libraries[1]!.digest).not.toBe(base.libraries[1]!.digest);
  });
});
