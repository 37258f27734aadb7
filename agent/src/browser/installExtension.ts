import { chmod, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BrowserBridgeServer } from './BrowserBridgeServer.js';

// The extension's files, resolved the same from src/ and dist/.
export const EXTENSION_SOURCE = fileURLToPath(new URL('../../src/extension/', import.meta.url));

/** The version of the extension this agent ships (its manifest's): what a browser's copy should run. */
export function shippedExtensionVersion(): string {
  const manifest = JSON.parse(readFileSync(`${EXTENSION_SOURCE}/manifest.json`, 'utf8')) as { version: string };
  return manifest.version;
}

/**
 * Copies the extension into the agent's data dir with a config.json naming this agent's bridge and token. A lab
 * loads that folder (or an installer deploys the extension by browser policy with the same config).
 */
export async function installExtension(
  dir: string,
  bridge: string,
  token: string,
  /**
   * The public key (base64 SPKI) the extension checks answers with (the service's, see BridgeVouching); null for the
   * single-process development agent, which no service vouches for (the extension then believes unsigned answers);
   * undefined for a session agent whose service vouches for nothing (left out: the extension believes nothing).
   */
  agentKey: string | null | undefined,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  await cp(EXTENSION_SOURCE, dir, { recursive: true });
  const config = { bridge, token, ...(agentKey !== undefined ? { agentKey } : {}) };
  await writeFile(`${dir}/config.json`, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return dir;
}

/** A token kept across restarts (the installed extension's config must keep working). */
export async function persistentToken(path: string): Promise<string> {
  try {
    const token = (await readFile(path, 'utf8')).trim();
    if (token.length >= 32) return token;
  } catch {
    // first start: make one
  }
  const token = BrowserBridgeServer.newToken();
  await writeFile(path, token, { mode: 0o600 });
  await chmod(path, 0o600);
  return token;
}

/** The key the PC's browser policy gives the extension (written by root; read, never made, here). */
export async function sharedToken(path: string): Promise<string> {
  const token = (await readFile(path, 'utf8')).trim();
  if (!/^[A-Za-z0-9_-]{32,256}$/.test(token)) throw new Error(`${path} holds no usable key`);
  return token;
}
