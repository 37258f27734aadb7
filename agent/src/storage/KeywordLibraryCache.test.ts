import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keywordLibraryDigest } from '@lookout/shared';
import { KeywordLibraryCache } from './KeywordLibraryCache.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const digestOf = (library: unknown) => keywordLibraryDigest(library, sha256);
const library = (n: number) => ({ id: `lib-${n}`, name: `Library ${n}`, categories: [], phrases: [] });

let dir: string;
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('KeywordLibraryCache (a real directory)', () => {
  it('keeps libraries by digest, owner-only, and finds them again after a restart', async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'lookout-libraries-')), 'policy-libraries');
    const cache = await KeywordLibraryCache.open(dir, digestOf);
    const one = library(1);
    await cache.put(digestOf(one), one);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, `${digestOf(one)}.json`))).mode & 0o777).toBe(0o600);
    const reopened = await KeywordLibraryCache.open(dir, digestOf);
    expect(reopened.digests()).toEqual([digestOf(one)]);
    expect(await reopened.get(digestOf(one))).toEqual(one);
  });

  it('counts a changed or damaged file as missing, and removes it', async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'lookout-libraries-')), 'policy-libraries');
    const cache = await KeywordLibraryCache.open(dir, digestOf);
    const [one, two] = [library(1), library(2)];
    await cache.put(digestOf(one), one);
    await cache.put(digestOf(two), two);
    await writeFile(join(dir, `${digestOf(one)}.json`), JSON.stringify({ ...one, phrases: ['x'] }));
    await writeFile(join(dir, `${digestOf(two)}.json`), '{ not json');
    expect(await cache.get(digestOf(one))).toBeUndefined();
    expect(await cache.get(digestOf(two))).toBeUndefined();
    expect(cache.digests()).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
    expect(await cache.get('../../etc/passwd')).toBeUndefined();
  });

  it('keeps the most recently used up to its capacity, and always those in use', async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'lookout-libraries-')), 'policy-libraries');
    const cache = await KeywordLibraryCache.open(dir, digestOf, 2);
    const libs = [1, 2, 3].map(library);
    for (const l of libs) await cache.put(digestOf(l), l);
    expect(cache.digests()).toEqual([digestOf(libs[2]), digestOf(libs[1])]);
    await cache.use(libs.map(digestOf));
    expect(cache.digests()).toHaveLength(2);
    expect((await readdir(dir)).sort()).toEqual(
      cache
        .digests()
        .map((d) => `${d}.json`)
        .sort(),
    );
  });
});
