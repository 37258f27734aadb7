import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXTENSION_SOURCE } from './installExtension.js';
import {
  ExtensionIntegrityWatch,
  expectedExtension,
  inspectProfiles,
  type ProfileExtensionState,
} from './ExtensionIntegrity.js';

// Real folders laid out as Chromium lays out a profile: Preferences, and Extensions/<id>/<version>_0 holding the
// extension's files with the manifest as the browser rewrites it (its "key" added, keys in another order).
const ID = 'abcdefghijklmnopabcdefghijklmnop';
const expected = expectedExtension(EXTENSION_SOURCE);
const roots: string[] = [];

function profileWithExtension(settings: Record<string, unknown> = { path: `${ID}/${expected.version}_0` }) {
  const root = mkdtempSync(join(tmpdir(), 'lookout-profiles-'));
  roots.push(root);
  const profile = join(root, 'Default');
  const dir = join(profile, 'Extensions', ID, `${expected.version}_0`);
  mkdirSync(dir, { recursive: true });
  cpSync(EXTENSION_SOURCE, dir, {
    recursive: true,
    filter: (src) => !/(config\.json|manifest\.firefox\.json|\.ts)$/.test(src),
  });
  const manifest = JSON.parse(readFileSync(join(EXTENSION_SOURCE, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const reordered = Object.fromEntries(Object.entries({ key: 'MIIB…', ...manifest }).reverse());
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(reordered));
  writeFileSync(join(profile, 'Preferences'), JSON.stringify({ extensions: { settings: { [ID]: settings } } }));
  return { root, profile, dir };
}

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

const stateOf = (root: string) => inspectProfiles([root], expected, ID).map(({ state, detail }) => ({ state, detail }));

describe('the Lookout extension in a browser profile', () => {
  it('is intact as the browser installed it (its manifest rewritten with a key)', () => {
    const { root } = profileWithExtension();
    expect(stateOf(root)).toEqual([{ state: 'ok', detail: `the Lookout extension ${expected.version} is intact` }]);
  });

  it('is changed when a file is edited, removed or added', () => {
    const { root, dir } = profileWithExtension();
    writeFileSync(join(dir, 'content.js'), '// nothing to see');
    rmSync(join(dir, 'blocked.css'));
    writeFileSync(join(dir, 'extra.js'), '');
    expect(stateOf(root)).toEqual([
      {
        state: 'changed',
        detail: 'the Lookout extension files changed: blocked.css (removed), content.js, extra.js (added)',
      },
    ]);
  });

  it('is changed when disabled or its files are gone, and absent where it was never installed', () => {
    const disabled = profileWithExtension({ path: `${ID}/${expected.version}_0`, disable_reasons: [1] });
    expect(stateOf(disabled.root)[0]?.detail).toBe('the Lookout extension is disabled');
    const removed = profileWithExtension();
    rmSync(join(removed.profile, 'Extensions', ID), { recursive: true });
    expect(stateOf(removed.root)[0]?.detail).toBe('the Lookout extension’s files were removed');
    const never = profileWithExtension();
    writeFileSync(join(never.profile, 'Preferences'), '{}');
    rmSync(join(never.profile, 'Extensions'), { recursive: true });
    expect(stateOf(never.root)[0]?.state).toBe('absent');
  });

  it('is reported once per change, not at every check', () => {
    const reported: string[] = [];
    const watch = new ExtensionIntegrityWatch((s: ProfileExtensionState) => reported.push(s.detail));
    const at = (state: ProfileExtensionState['state'], detail: string) => [{ profile: 'p', uid: 1000, state, detail }];
    watch.observe(at('ok', 'intact'));
    watch.observe(at('changed', 'files changed: a.js'));
    watch.observe(at('changed', 'files changed: a.js'));
    watch.observe(at('changed', 'files changed: a.js, b.js'));
    watch.observe(at('ok', 'intact'));
    watch.observe(at('changed', 'files changed: a.js'));
    expect(reported).toEqual(['files changed: a.js', 'files changed: a.js, b.js', 'files changed: a.js']);
  });
});
