import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Whether the Lookout extension each Chrome/Chromium/Edge profile on this PC holds is still the one the school
 * serves: the same version, every file byte for byte, enabled. Read from the profile's own folders (the extension's
 * files under Extensions/<id>/<version>_0 and the profile's Preferences), since a pupil can change files in their
 * own profile while the browser runs. Chrome checks only Web Store extensions' content itself (its
 * _metadata/verified_contents.json is signed by the store), so an off-store, force-installed copy is compared here
 * with the files this agent ships, which are the ones its console packs.
 */
export interface ExpectedExtension {
  version: string;
  /** SHA-256 (hex) of each file, by its path inside the extension; manifest.json apart (the browser adds "key"). */
  files: Record<string, string>;
  /** The manifest without the fields a browser adds when installing. */
  manifest: string;
}

const NOT_PACKED = new Set(['config.json', 'manifest.firefox.json', 'manifest.json']);
const ADDED_BY_BROWSER = new Set(['key', 'update_url', 'differential_fingerprint', 'current_locale']);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function filesIn(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return path === '_metadata' ? [] : filesIn(dir, path);
    return entry.isFile() ? [path] : [];
  });
}

/** JSON with every object's keys sorted: a browser rewrites the manifest in its own key order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

function comparableManifest(text: string): string {
  const manifest = JSON.parse(text) as Record<string, unknown>;
  for (const key of ADDED_BY_BROWSER) delete manifest[key];
  return JSON.stringify(canonical(manifest));
}

/** The extension as this agent ships it (the console packs the same files). */
export function expectedExtension(sourceDir: string): ExpectedExtension {
  const files: Record<string, string> = {};
  for (const path of filesIn(sourceDir)) {
    if (NOT_PACKED.has(path) || /\.tsx?$/.test(path)) continue;
    files[path] = sha256(readFileSync(join(sourceDir, path)));
  }
  const manifestText = readFileSync(join(sourceDir, 'manifest.json'), 'utf8');
  return {
    version: (JSON.parse(manifestText) as { version: string }).version,
    files,
    manifest: comparableManifest(manifestText),
  };
}

/** One profile's Lookout extension: `ok`, or what is wrong with it, in words for the technicians. */
export interface ProfileExtensionState {
  /** The browser's user data dir and the profile's folder. */
  profile: string;
  /** The profile folder's owner (uid). */
  uid: number;
  state: 'ok' | 'absent' | 'changed';
  detail: string;
}

/** Profiles (folders holding a Preferences file) in a browser's user data dir. */
function profilesIn(root: string): string[] {
  try {
    return readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(join(root, e.name, 'Preferences')))
      .map((e) => join(root, e.name));
  } catch {
    return [];
  }
}

/** Extension ids in a profile whose installed manifest is Lookout's (by name), when the school's id is not known. */
function lookoutIdsIn(profile: string): string[] {
  const dir = join(profile, 'Extensions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((id) =>
    versionDirs(join(dir, id)).some((v) => {
      try {
        return (
          (JSON.parse(readFileSync(join(dir, id, v, 'manifest.json'), 'utf8')) as { name?: string }).name === 'Lookout'
        );
      } catch {
        return false;
      }
    }),
  );
}

function versionDirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    return [];
  }
}

/** What is wrong with one installed copy, or undefined when it is the expected one. */
function differences(dir: string, expected: ExpectedExtension): string | undefined {
  let manifestText: string;
  try {
    manifestText = readFileSync(join(dir, 'manifest.json'), 'utf8');
  } catch {
    return 'its manifest.json is missing';
  }
  let version: unknown;
  try {
    version = (JSON.parse(manifestText) as { version?: unknown }).version;
  } catch {
    return 'its manifest.json is not JSON';
  }
  if (version !== expected.version) return `version ${String(version)} instead of ${expected.version}`;
  const changed: string[] = [];
  try {
    if (comparableManifest(manifestText) !== expected.manifest) changed.push('manifest.json');
  } catch {
    changed.push('manifest.json');
  }
  const present = new Set(filesIn(dir).filter((p) => p !== 'manifest.json'));
  for (const [path, hash] of Object.entries(expected.files)) {
    if (!present.has(path)) changed.push(`${path} (removed)`);
    else if (sha256(readFileSync(join(dir, path))) !== hash) changed.push(path);
    present.delete(path);
  }
  for (const path of [...present].sort()) changed.push(`${path} (added)`);
  return changed.length ? `files changed: ${changed.join(', ')}` : undefined;
}

interface ProfilePreferences {
  extensions?: { settings?: Record<string, { path?: string; disable_reasons?: unknown; state?: number }> };
}

/**
 * The Lookout extension in every profile under `roots`. `extensionId`: the school's (from the console); without it
 * an extension named Lookout is looked for. A profile that never had the extension is `absent`.
 */
export function inspectProfiles(
  roots: readonly string[],
  expected: ExpectedExtension,
  extensionId: string | undefined,
): ProfileExtensionState[] {
  const states: ProfileExtensionState[] = [];
  for (const root of roots) {
    for (const profile of profilesIn(root)) {
      const uid = statSync(profile).uid;
      let preferences: ProfilePreferences = {};
      try {
        preferences = JSON.parse(readFileSync(join(profile, 'Preferences'), 'utf8')) as ProfilePreferences;
      } catch {
        // being rewritten by the browser: judged from the files alone this time
      }
      const settings = preferences.extensions?.settings ?? {};
      const ids = extensionId ? [extensionId] : lookoutIdsIn(profile);
      const id = ids[0];
      const entry = id ? settings[id] : undefined;
      const installed = id ? versionDirs(join(profile, 'Extensions', id)) : [];
      if (!id || (!entry && installed.length === 0)) {
        states.push({ profile, uid, state: 'absent', detail: 'the Lookout extension is not installed' });
        continue;
      }
      if (installed.length === 0) {
        states.push({ profile, uid, state: 'changed', detail: 'the Lookout extension’s files were removed' });
        continue;
      }
      const reasons = entry?.disable_reasons;
      if ((Array.isArray(reasons) && reasons.length > 0) || (typeof reasons === 'number' && reasons !== 0)) {
        states.push({ profile, uid, state: 'changed', detail: 'the Lookout extension is disabled' });
        continue;
      }
      const current = entry?.path?.split('/').pop();
      const dir = join(profile, 'Extensions', id, current && installed.includes(current) ? current : installed[0]!);
      const wrong = differences(dir, expected);
      states.push(
        wrong
          ? { profile, uid, state: 'changed', detail: `the Lookout extension ${wrong}` }
          : { profile, uid, state: 'ok', detail: `the Lookout extension ${expected.version} is intact` },
      );
    }
  }
  return states;
}

/**
 * Reports each change of a profile's extension for the worse, once: a profile first seen intact or without the
 * extension says nothing; one found changed says so, and again only when what is wrong changes.
 */
export class ExtensionIntegrityWatch {
  private readonly last = new Map<string, string>();

  constructor(private readonly report: (state: ProfileExtensionState) => void) {}

  observe(states: readonly ProfileExtensionState[]): void {
    for (const s of states) {
      const key = `${s.state}:${s.detail}`;
      const before = this.last.get(s.profile);
      this.last.set(s.profile, key);
      if (before === key) continue;
      if (s.state === 'changed') this.report(s);
    }
  }
}

/** Where browsers keep their profiles: LOOKOUT_BROWSER_PROFILE_ROOTS, else Chrome's, Chromium's and Edge's in each home. */
export function browserProfileRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.LOOKOUT_BROWSER_PROFILE_ROOTS) return env.LOOKOUT_BROWSER_PROFILE_ROOTS.split(':').filter(Boolean);
  const homes = ['/root', ...(existsSync('/home') ? readdirSync('/home').map((h) => join('/home', h)) : [])];
  return homes.flatMap((home) =>
    ['chromium', 'google-chrome', 'microsoft-edge'].map((b) => join(home, '.config', b)).filter((d) => existsSync(d)),
  );
}

/**
 * Checks every profile's Lookout extension now and every `everyMs`, reporting each change for the worse once
 * (`report`); returns a stop function. Errors reading a profile are logged, never thrown.
 */
export function watchExtensionIntegrity(options: {
  sourceDir: string;
  extensionId: string | undefined;
  roots: () => string[];
  everyMs: number;
  report: (state: ProfileExtensionState) => void;
  warn: (message: string) => void;
}): () => void {
  let expected: ExpectedExtension;
  try {
    expected = expectedExtension(options.sourceDir);
  } catch (err) {
    options.warn(`browser extension checks off: ${(err as Error).message}`);
    return () => undefined;
  }
  const watch = new ExtensionIntegrityWatch(options.report);
  const check = () => {
    try {
      watch.observe(inspectProfiles(options.roots(), expected, options.extensionId));
    } catch (err) {
      options.warn(`checking the browser extension failed: ${(err as Error).message}`);
    }
  };
  check();
  const timer = setInterval(check, options.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** The school's extension id from LOOKOUT_EXTENSION_ID when it is one (32 letters a–p). */
export function configuredExtensionId(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const id = env.LOOKOUT_EXTENSION_ID;
  return id && /^[a-p]{32}$/.test(id) ? id : undefined;
}
