import { createHash, randomBytes } from 'node:crypto';

/** What a secret is, in its first characters: never a leading '-' (a command line would take it for an option), and
 * recognisable to secret scanners. */
export type SecretKind = 'lke_' | 'lkd_' | 'lks_';
export const ENROLMENT_TOKEN: SecretKind = 'lke_';
export const DEVICE_CREDENTIAL: SecretKind = 'lkd_';
export const SESSION_TOKEN: SecretKind = 'lks_';

/** A new random secret (enrolment token, device credential, session): 256 bits, URL-safe, with its kind. */
export function newSecretToken(kind: SecretKind): string {
  return kind + randomBytes(32).toString('base64url');
}

/** Secrets are stored only as their SHA-256: high-entropy, so no slow hash is needed to protect them. */
export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
