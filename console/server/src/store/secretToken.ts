import { createHash, randomBytes } from 'node:crypto';

/** A new random secret (enrolment token, device credential, session): 256 bits, URL-safe. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Secrets are stored only as their SHA-256: high-entropy, so no slow hash is needed to protect them. */
export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
