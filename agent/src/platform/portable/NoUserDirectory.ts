import type { UserDirectory } from '../UserDirectory.js';

/** An OS whose account names this agent cannot read yet: the console shows the login name instead. */
export class NoUserDirectory implements UserDirectory {
  displayName(): Promise<string | null> {
    return Promise.resolve(null);
  }
}
