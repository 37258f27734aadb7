import type { KeywordLibrary } from '../keywords/KeywordLibrary.js';
import { keywordLibraryDigest } from '../keywords/keywordLibraryDigest.js';
import type { SafeguardingSettings } from '../protocol/concern.js';
import { PolicyDocument } from './PolicyDocument.js';

/**
 * Everything one PC's policy is made of, each piece named by an id and a version that changes whenever its
 * content does. Many PCs share one snapshot's pieces; only the winning policy and the room's lesson limit differ.
 */
export interface PolicyInputs {
  /** The winning policy at its version; null: Lookout's defaults. */
  policy: { id: string; version: number; name: string; document: PolicyDocument } | null;
  /** Every keyword library at its version; the policy says which are in force (none listed: all). */
  libraries: readonly { id: string; version: number; library: KeywordLibrary }[];
  /** The school's safeguarding settings and a version that changes with them. */
  safeguarding: { version: number; value: SafeguardingSettings };
  /** The revision (a content hash) of each imported URL category list, by category. */
  categoryRevisions: ReadonlyMap<string, string>;
  /** The PC's room's lesson limit in force now, with a version naming this setting of it. */
  lessonLimit: { version: number; mode: 'allow' | 'block'; sites: readonly string[]; expiresAt: string } | null;
  /** Removable-media grants in force now (the same for every PC), named by a version (e.g. their ids). */
  mediaGrants: { version: string; grants: readonly { deviceKey: string; expiresAt: string | null }[] };
  timeZone: string;
}

/** A keyword library of a compiled document, named by its content address (keywordLibraryDigest). */
export interface CompiledLibraryRef {
  readonly id: string;
  readonly digest: string;
}

/** What is pushed to a PC: the policy version, the document, and a revision that changes when the document does. */
export interface CompiledPolicy {
  readonly version: number;
  readonly revision: string;
  readonly document: Readonly<Record<string, unknown>>;
  /** `document.keywordLibraries`, in the same order, by id and digest (what a push may send by reference). */
  readonly libraries: readonly CompiledLibraryRef[];
}

export interface PolicyCompilerOptions {
  /**
   * SHA-256 of a text as lower-case hex: the first 16 characters of the document's are its revision; a keyword
   * library's whole digest is its content address.
   */
  digest: (text: string) => string;
  /** How many compiled documents to keep (least recently used go first). */
  capacity?: number;
}

const DEFAULTS = PolicyDocument.parse({});

/**
 * Turns a snapshot of policy inputs into the document a PC runs, memoised by the inputs' ids and versions: the
 * key never serialises a library or a list, so 10,000 PCs cost 10,000 short keys and a handful of compilations.
 * The revision is a hash of the document's content, so equal documents from different inputs (a setting that
 * is not in the document changed) keep their revision and are not pushed again.
 */
export class PolicyCompiler {
  private readonly memo = new Map<string, CompiledPolicy>();
  /** Each library's digest at the version last seen: worked out once per library version, never per PC. */
  private readonly libraryDigests = new Map<string, { version: number; library: KeywordLibrary; digest: string }>();
  private readonly capacity: number;
  private compiled = 0;
  private digested = 0;

  constructor(private readonly options: PolicyCompilerOptions) {
    this.capacity = options.capacity ?? 1024;
  }

  /** How many documents have been built (memo misses) since start. */
  get compilations(): number {
    return this.compiled;
  }

  /** How many compiled documents are held. */
  get size(): number {
    return this.memo.size;
  }

  /** How many keyword libraries have been digested (once per library version) since start. */
  get libraryDigestCount(): number {
    return this.digested;
  }

  private libraryRef(entry: PolicyInputs['libraries'][number]): CompiledLibraryRef {
    let known = this.libraryDigests.get(entry.id);
    if (known?.version !== entry.version || known.library !== entry.library) {
      const digest = keywordLibraryDigest(entry.library, this.options.digest);
      known = { version: entry.version, library: entry.library, digest };
      this.libraryDigests.set(entry.id, known);
      this.digested++;
    }
    return { id: entry.library.id, digest: known.digest };
  }

  compile(inputs: PolicyInputs): CompiledPolicy {
    const rules = inputs.policy?.document ?? DEFAULTS;
    const libraries = inputs.libraries.filter(
      (l) => rules.keywords.libraryIds.length === 0 || rules.keywords.libraryIds.includes(l.library.id),
    );
    const categories = rules.webFilter.blockedCategories.flatMap((category) => {
      const revision = inputs.categoryRevisions.get(category);
      return revision === undefined ? [] : [{ category, revision }];
    });
    const key = JSON.stringify([
      inputs.policy ? [inputs.policy.id, inputs.policy.version] : null,
      libraries.map((l) => [l.id, l.version]),
      inputs.safeguarding.version,
      categories.map((c) => [c.category, c.revision]),
      inputs.lessonLimit?.version ?? null,
      inputs.mediaGrants.version,
      inputs.timeZone,
    ]);
    const found = this.memo.get(key);
    if (found) {
      // Least recently used goes first: a hit moves to the back.
      this.memo.delete(key);
      this.memo.set(key, found);
      return found;
    }
    const document = {
      policy: {
        id: inputs.policy?.id ?? null,
        name: inputs.policy?.name ?? 'Lookout defaults',
        version: inputs.policy?.version ?? 0,
        ...rules,
      },
      keywordLibraries: libraries.map((l) => l.library),
      alertContextChars: 200,
      alertMinSeverity: rules.keywords.alertMinSeverity,
      safeguarding: inputs.safeguarding.value,
      // Lists can hold millions of domains: the agent downloads each by name and revision, and caches it.
      urlCategories: categories,
      lessonLimit: inputs.lessonLimit
        ? { mode: inputs.lessonLimit.mode, sites: inputs.lessonLimit.sites, expiresAt: inputs.lessonLimit.expiresAt }
        : null,
      mediaGrants: inputs.mediaGrants.grants.map((g) => ({ deviceKey: g.deviceKey, expiresAt: g.expiresAt })),
      timeZone: inputs.timeZone,
    };
    const result: CompiledPolicy = Object.freeze({
      version: Math.max(1, inputs.policy?.version ?? 1),
      revision: this.options.digest(JSON.stringify(document)).slice(0, 16),
      document,
      libraries: Object.freeze(libraries.map((l) => this.libraryRef(l))),
    });
    this.compiled++;
    this.memo.set(key, result);
    if (this.memo.size > this.capacity) this.memo.delete(this.memo.keys().next().value!);
    return result;
  }
}
