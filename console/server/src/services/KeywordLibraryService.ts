import {
  starterKeywordLibrary,
  KeywordLibrary,
  KeywordMatcher,
  type KeywordMatch,
  type StaffUser,
} from '@lookout/shared';
import { HttpError } from '../http/HttpError.js';
import type { AuditLog } from '../store/AuditLog.js';
import type { SqlRunner, Transactor } from '../store/ConsoleDatabase.js';
import type { KeywordLibraryStore } from '../store/KeywordLibraryStore.js';

export interface LibraryVersion {
  library: KeywordLibrary;
  version: number;
  changedBy: string | null;
  changedAt: string;
  reason: string;
}

/** What changed between two versions, for the audit log and for a reviewer. */
export function libraryDiff(before: KeywordLibrary | undefined, after: KeywordLibrary) {
  const key = (p: KeywordLibrary['phrases'][number]) => p.phrase.toLowerCase();
  const old = new Map((before?.phrases ?? []).map((p) => [key(p), p]));
  const now = new Map(after.phrases.map((p) => [key(p), p]));
  return {
    added: [...now.keys()].filter((k) => !old.has(k)),
    removed: [...old.keys()].filter((k) => !now.has(k)),
    changed: [...now.keys()].filter((k) => old.has(k) && JSON.stringify(old.get(k)) !== JSON.stringify(now.get(k))),
  };
}

/**
 * Keyword libraries: every save is a new version with author, time and reason, audited with its diff.
 * The starter library is version 1 of `lookout-default` on a new console.
 */
export class KeywordLibraryService {
  private current = new Map<string, LibraryVersion>();
  /** Built at the first test, not at start or at each save: only the test page uses it (about 1 s to build). */
  private matcher: KeywordMatcher | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly creating = new Set<string>();

  constructor(
    private readonly db: Transactor,
    private readonly store: KeywordLibraryStore,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  async load(): Promise<void> {
    const rows = await this.store.latest();
    if (rows.length === 0) {
      await this.save(null, starterKeywordLibrary(), 'the starter library, installed at first start');
      return;
    }
    this.current = new Map(
      rows.map((r) => [
        r.id,
        {
          library: KeywordLibrary.parse(JSON.parse(r.libraryJson)),
          version: r.version,
          changedBy: r.changedBy,
          changedAt: r.changedAt,
          reason: r.reason,
        },
      ]),
    );
    this.rebuild();
  }

  /** Called after each change (to push the libraries to agents). */
  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  libraries(): LibraryVersion[] {
    return [...this.current.values()];
  }

  get(id: string): LibraryVersion {
    const found = this.current.get(id);
    if (!found) throw new HttpError(404, 'not-found', `no keyword library ${id}`);
    return found;
  }

  /** A number that grows with every saved change: the version of the keyword part of the agents' policy. */
  revision(): number {
    return [...this.current.values()].reduce((sum, v) => sum + v.version, 0);
  }

  /** A category by its id or by its name as staff see it ("Sexual content"), case-insensitively. */
  categoryIdFor(text: string): string | undefined {
    if (this.categoryOf(text)) return text;
    const wanted = text.trim().toLowerCase();
    for (const { library } of this.current.values()) {
      const category = library.categories.find((c) => c.name.toLowerCase() === wanted);
      if (category) return category.id;
    }
    return undefined;
  }

  categoryOf(id: string) {
    for (const { library } of this.current.values()) {
      const category = library.categories.find((c) => c.id === id);
      if (category) return category;
    }
    return undefined;
  }

  /** The library holding this phrase of this category (where an exception for it belongs). */
  libraryOfPhrase(category: string, phrase: string): string | undefined {
    const wanted = phrase.toLowerCase();
    for (const { library } of this.current.values()) {
      if (library.phrases.some((p) => p.category === category && p.phrase.toLowerCase() === wanted)) return library.id;
    }
    return undefined;
  }

  /** Saves a new version of the library with one more exception for one phrase. */
  async addException(
    actor: Pick<StaffUser, 'username'>,
    libraryId: string,
    category: string,
    phrase: string,
    exception: string,
    reason: string,
    tx?: SqlRunner,
  ): Promise<LibraryVersion> {
    const { library } = this.get(libraryId);
    const wanted = phrase.toLowerCase();
    const target = library.phrases.find((p) => p.category === category && p.phrase.toLowerCase() === wanted);
    if (!target) throw new HttpError(409, 'conflict', `"${phrase}" is no longer in library ${libraryId}`);
    if (target.exceptions.some((e) => e.toLowerCase() === exception.toLowerCase())) return this.get(libraryId);
    const phrases = library.phrases.map((p) => (p === target ? { ...p, exceptions: [...p.exceptions, exception] } : p));
    return this.save(actor, KeywordLibrary.parse({ ...library, phrases }), reason, tx);
  }

  /** A new library, saved as its version 1; an id already in use is refused rather than overwritten. */
  async create(actor: Pick<StaffUser, 'username'>, library: KeywordLibrary, reason: string): Promise<LibraryVersion> {
    // Checked and claimed before the first await, so two creations of one id cannot both pass.
    if (this.current.has(library.id) || this.creating.has(library.id))
      throw new HttpError(409, 'conflict', `a keyword library with the id ${library.id} exists already`);
    this.creating.add(library.id);
    try {
      return await this.save(actor, library, reason);
    } finally {
      this.creating.delete(library.id);
    }
  }

  test(text: string): KeywordMatch[] {
    this.matcher ??= new KeywordMatcher([...this.current.values()].map((v) => v.library));
    return this.matcher.match(text);
  }

  async save(
    actor: Pick<StaffUser, 'username'> | null,
    library: KeywordLibrary,
    reason: string,
    /** The caller's transaction, when the save is part of a larger change (an accepted proposal). */
    tx?: SqlRunner,
  ): Promise<LibraryVersion> {
    const before = this.current.get(library.id);
    const version: LibraryVersion = {
      library,
      version: (before?.version ?? 0) + 1,
      changedBy: actor?.username ?? null,
      changedAt: this.now().toISOString(),
      reason,
    };
    const diff = libraryDiff(before?.library, library);
    const write = async (t: SqlRunner) => {
      await this.store.insert(
        {
          id: library.id,
          version: version.version,
          libraryJson: JSON.stringify(library),
          changedBy: version.changedBy,
          changedAt: version.changedAt,
          reason,
        },
        t,
      );
      await this.audit.append(
        {
          actor: version.changedBy,
          action: 'keyword-library.saved',
          target: library.id,
          details: {
            version: version.version,
            reason,
            added: diff.added,
            removed: diff.removed,
            changed: diff.changed,
          },
        },
        t,
      );
    };
    await (tx ? write(tx) : this.db.transaction(write));
    this.current.set(library.id, version);
    this.rebuild();
    for (const listener of this.listeners) listener();
    return version;
  }

  private rebuild(): void {
    this.matcher = undefined;
  }
}
