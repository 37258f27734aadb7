/**
 * Who an account is, as the OS knows it: the full name a teacher recognises on the classroom wall instead of a
 * login name. One implementation per OS; null when the OS has no name for the account (or none can be read).
 */
export interface UserDirectory {
  displayName(login: string): Promise<string | null>;
}
