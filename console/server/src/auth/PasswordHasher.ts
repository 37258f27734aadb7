import { hash, verify } from '@node-rs/argon2';

/**
 * Argon2id (memory-hard) with the library's defaults: 19 MiB, 2 passes, the OWASP baseline. The parameters are
 * stored in each hash, so raising them later keeps old hashes verifiable.
 */
export class PasswordHasher {
  // Verified against when the user name is unknown, so a wrong name takes as long as a wrong password.
  private decoy: Promise<string> | undefined;

  hash(password: string): Promise<string> {
    return hash(password);
  }

  async verify(passwordHash: string | undefined, password: string): Promise<boolean> {
    if (passwordHash === undefined) {
      this.decoy ??= hash('lookout-decoy-password');
      await verify(await this.decoy, password);
      return false;
    }
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }
}
