import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { starterKeywordLibrary, keywordLibraryDigest } from '@lookout/shared';
import { assemblePolicy, type LibraryContent } from './PolicyAssembler.js';

const STARTER_LIBRARY = starterKeywordLibrary();

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const digestOf = (library: unknown) => keywordLibraryDigest(library, sha256);
const starter = JSON.parse(JSON.stringify(STARTER_LIBRARY)) as LibraryContent;
const school = { id: 'school', name: 'School', description: '', categories: [{ id: 'x', name: 'X' }], phrases: [] };
const document = { policy: { name: 'Whole school', idleLockMinutes: 5 }, timeZone: 'Europe/London' };

function ports(held: Record<string, LibraryContent> = {}) {
  const warnings: string[] = [];
  return {
    warnings,
    held: async (digest: string) => held[digest],
    digestOf,
    warn: (message: string) => warnings.push(message),
  };
}

/** A push naming the starter library by digest and sending the school's inline. */
const starterHeldSchoolSent = {
  version: 3,
  revision: 'r3',
  document,
  libraries: [
    { id: 'lookout-default', digest: digestOf(starter) },
    { id: 'school', digest: digestOf(school), library: school },
  ],
};

describe('assemblePolicy', () => {
  it('puts the document back together from libraries held and libraries sent, in the order named', async () => {
    const p = ports({ [digestOf(starter)]: starter });
    const assembled = await assemblePolicy(starterHeldSchoolSent, p);
    expect(assembled).toEqual({
      ok: true,
      policy: { version: 3, revision: 'r3', document: { ...document, keywordLibraries: [starter, school] } },
      libraries: [
        { digest: digestOf(starter), library: starter },
        { digest: digestOf(school), library: school },
      ],
      received: [{ digest: digestOf(school), library: school }],
    });
    expect(p.warnings).toEqual([]);
  });

  it('applies nothing when a named library is not held, and says which', async () => {
    const assembled = await assemblePolicy(starterHeldSchoolSent, ports());
    expect(assembled).toEqual({ ok: false, missing: [digestOf(starter)] });
  });

  it('digests inline libraries itself: content that does not match its digest is kept under what it is', async () => {
    const p = ports();
    const wrong = digestOf(starter);
    const assembled = await assemblePolicy(
      { version: 1, document, libraries: [{ id: 'school', digest: wrong, library: school }] },
      p,
    );
    expect(assembled.ok && assembled.received).toEqual([{ digest: digestOf(school), library: school }]);
    expect(p.warnings).toHaveLength(1);
  });

  it('takes a whole document (a console before protocol 3) as it is, and digests its libraries', async () => {
    const whole = { ...document, keywordLibraries: [starter, school] };
    const assembled = await assemblePolicy({ version: 2, revision: 'r2', document: whole }, ports());
    expect(assembled.ok && assembled.policy).toEqual({ version: 2, revision: 'r2', document: whole });
    expect(assembled.ok && assembled.libraries.map((l) => l.digest)).toEqual([digestOf(starter), digestOf(school)]);
  });
});
