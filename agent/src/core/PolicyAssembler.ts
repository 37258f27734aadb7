import type { PolicyPushMessage } from '@lookout/shared';
import type { PushedPolicy } from './DeviceSide.js';

/** A keyword library as it travels (checked by the policy's schema once the document is whole). */
export type LibraryContent = Record<string, unknown>;

export interface DigestedLibrary {
  readonly digest: string;
  readonly library: LibraryContent;
}

export type AssembledPolicy =
  | {
      ok: true;
      /** The whole document, as a console speaking protocol 2 would have pushed it. */
      policy: PushedPolicy;
      /** The document's libraries in order, each with the digest of its content. */
      libraries: readonly DigestedLibrary[];
      /** Those that came inline (to be kept by digest). */
      received: readonly DigestedLibrary[];
    }
  | { ok: false; missing: readonly string[] };

export interface PolicyAssemblerPorts {
  /** A library this PC holds, by digest, if it still has it intact; undefined otherwise. */
  held(digest: string): Promise<LibraryContent | undefined>;
  /** keywordLibraryDigest with SHA-256. */
  digestOf(library: unknown): string;
  warn(message: string): void;
}

/**
 * Puts a pushed policy back together. From protocol 3 the console names the keyword libraries this PC holds by
 * digest instead of sending them: each comes from the PC's own cache, each inline one is digested here (never
 * taken on the console's word). If any named library is missing the result says which, and nothing is applied:
 * a policy with libraries left out would be a weaker one. A push from an older console is whole already.
 */
export async function assemblePolicy(
  push: Omit<PolicyPushMessage, 'type'>,
  ports: PolicyAssemblerPorts,
): Promise<AssembledPolicy> {
  const head = { version: push.version, ...(push.revision !== undefined ? { revision: push.revision } : {}) };
  if (push.libraries === undefined) {
    const inDocument = push.document.keywordLibraries;
    const libraries = (Array.isArray(inDocument) ? inDocument : [])
      .filter((l): l is LibraryContent => typeof l === 'object' && l !== null && !Array.isArray(l))
      .map((library) => ({ digest: ports.digestOf(library), library }));
    return { ok: true, policy: { ...head, document: push.document }, libraries, received: libraries };
  }
  const libraries: DigestedLibrary[] = [];
  const received: DigestedLibrary[] = [];
  const missing: string[] = [];
  for (const entry of push.libraries) {
    if (entry.library) {
      const digest = ports.digestOf(entry.library);
      if (digest !== entry.digest) {
        // Its content is what the console sent, so it is applied; it is kept under what it really is.
        ports.warn(`keyword library ${entry.id} came with digest ${entry.digest} but its content is ${digest}`);
      }
      const library = { digest, library: entry.library };
      libraries.push(library);
      received.push(library);
      continue;
    }
    const library = await ports.held(entry.digest);
    if (library === undefined) missing.push(entry.digest);
    else libraries.push({ digest: entry.digest, library });
  }
  if (missing.length > 0) return { ok: false, missing };
  const document = { ...push.document, keywordLibraries: libraries.map((l) => l.library) };
  return { ok: true, policy: { ...head, document }, libraries, received };
}
