import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paths } from '../harness/paths.js';

/** Runs the command as `npx lookout-keywords` does from the repository root. */
function lookoutKeywords(input: string, args: string[] = []) {
  const result = spawnSync(join(paths.root, 'node_modules', '.bin', 'lookout-keywords'), args, {
    input,
    encoding: 'utf8',
  });
  return {
    status: result.status,
    lines: result.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>),
    stderr: result.stderr,
  };
}

describe('lookout-keywords', () => {
  it('prints one JSON line per match with the starter library', () => {
    const { status, lines } = lookoutKeywords('honestly I want to d1e, nobody likes you\nmy skills are fine');
    expect(status).toBe(0);
    expect(lines).toEqual([
      { category: 'suicide', severity: 5, phrase: 'want to die', start: 11, end: 22, matched: 'want to d1e' },
      {
        category: 'bullying',
        severity: 3,
        phrase: 'nobody likes you',
        start: 24,
        end: 40,
        matched: 'nobody likes you',
      },
    ]);
  });

  it('uses a CSV library given with --library, and names the bad line of a malformed one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lookout-keywords-'));
    writeFileSync(join(dir, 'ours.csv'), 'phrase,category,severity\nvape shop,drugs,2\n');
    expect(lookoutKeywords('the vape shop near school', ['--library', join(dir, 'ours.csv')]).lines).toEqual([
      { category: 'drugs', severity: 2, phrase: 'vape shop', start: 4, end: 13, matched: 'vape shop' },
    ]);
    writeFileSync(join(dir, 'bad.csv'), 'phrase,category,severity\nvape shop,drugs,2\nvape,drugs,high\n');
    const bad = lookoutKeywords('x', ['--library', join(dir, 'bad.csv')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/bad\.csv line 3: severity/);
  });
});
