import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';
import { crx3, extensionIdOf } from './crx3.js';

/**
 * The Lookout browser extension as this console serves it to the school's browsers: packed once at start as a CRX3
 * signed with the console's own key (made at first start in its data dir, 0600, never served), so the extension's
 * id is the same for every PC of the school and across restarts, and a browser's managed policy
 * (`ExtensionInstallForcelist`: `<id>;<console>/extension/updates.xml`) installs and updates it from here.
 */
export interface ExtensionPackage {
  id: string;
  version: string;
  crx: Buffer;
  /** The CRX's SHA-256 (hex): also its ETag. */
  sha256: string;
  /** Each packed file's SHA-256 (hex) by its path in the extension: what a browser's copy must still hold. */
  files: Record<string, string>;
}

/** The extension's files, where the repository (and the console package, beside its code) keeps them. */
export const DEFAULT_EXTENSION_DIR = fileURLToPath(new URL('../../../../agent/src/extension/', import.meta.url));

/** The key's file in the console's data dir. */
export const EXTENSION_KEY_FILE = 'extension-key.pem';

// Not packed: the agent writes config.json for the unpacked copy it keeps; Firefox has its own manifest.
const NOT_PACKED = new Set(['config.json', 'manifest.firefox.json']);
// A fixed time for every entry: the same files make the same CRX (and ETag) after a restart.
const ZIP_TIME = new Date('2026-01-01T00:00:00Z');

/** The console's extension key, made at first start (RSA 2048, PKCS#8 PEM, 0600). */
export function extensionKey(dataDir: string): KeyObject {
  const path = join(dataDir, EXTENSION_KEY_FILE);
  if (!existsSync(path)) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    renameSync(temp, path);
  }
  chmodSync(path, 0o600);
  return createPrivateKey(readFileSync(path));
}

function filesOf(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return filesOf(dir, path);
      if (!entry.isFile() || NOT_PACKED.has(path) || /\.tsx?$/.test(path)) return [];
      return [path];
    })
    .sort();
}

function zipOf(dir: string, paths: readonly string[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const path of paths) {
    zip.addBuffer(readFileSync(join(dir, path)), path, { mtime: ZIP_TIME, mode: 0o100644 });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** Packs the extension in `dir` with the console's key. */
export async function packExtension(dir: string, key: KeyObject): Promise<ExtensionPackage> {
  if (!statSync(join(dir, 'manifest.json')).isFile()) throw new Error(`no manifest.json in ${dir}`);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { version?: unknown };
  if (typeof manifest.version !== 'string') throw new Error(`${dir}/manifest.json has no version`);
  const paths = filesOf(dir);
  const files: Record<string, string> = {};
  for (const path of paths)
    files[path] = createHash('sha256')
      .update(readFileSync(join(dir, path)))
      .digest('hex');
  const crx = crx3(await zipOf(dir, paths), key);
  return {
    id: extensionIdOf(key),
    version: manifest.version,
    crx,
    sha256: createHash('sha256').update(crx).digest('hex'),
    files,
  };
}

const xmlEscaped = (text: string) =>
  text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** The gupdate manifest a browser reads from the update URL: this id, this version, from this address. */
export function updateManifest(pack: Pick<ExtensionPackage, 'id' | 'version' | 'sha256'>, crxUrl: string): string {
  return [
    "<?xml version='1.0' encoding='UTF-8'?>",
    "<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>",
    `  <app appid='${xmlEscaped(pack.id)}'>`,
    `    <updatecheck codebase='${xmlEscaped(crxUrl)}' version='${xmlEscaped(pack.version)}' hash_sha256='${pack.sha256}' />`,
    '  </app>',
    '</gupdate>',
    '',
  ].join('\n');
}

/** Where a browser finds the extension on a console at `serverUrl`. */
export const extensionUrls = (serverUrl: string) => ({
  updateUrl: `${serverUrl}/extension/updates.xml`,
  crxUrl: `${serverUrl}/extension/lookout.crx`,
});
