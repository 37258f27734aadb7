/**
 * Exceptions a later round of the starter library adds to rules of earlier rounds, keyed by the rule's phrase as
 * written there. It remembers which keys were asked for, so that a round's test finds a key that no longer names a
 * rule (the rule was rewritten elsewhere) instead of the exception silently doing nothing.
 */
export class RoundExceptions {
  private readonly used = new Set<string>();

  constructor(private readonly table: Readonly<Record<string, readonly string[]>>) {}

  /** The exceptions this round adds to the rule written `phrase` (none for most). */
  for(phrase: string): readonly string[] {
    if (!Object.hasOwn(this.table, phrase)) return [];
    this.used.add(phrase);
    return this.table[phrase]!;
  }

  /** Keys that named no rule when the library was built. */
  unused(): string[] {
    return Object.keys(this.table).filter((k) => !this.used.has(k));
  }
}
