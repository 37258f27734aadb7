import { z } from 'zod';

// What the console and its agents agree on about TLS: how a CA is pinned, and where plain HTTP is allowed.

/**
 * The console CA's fingerprint as the agent pins it: `sha256/` and the SHA-256 of the CA certificate's DER in
 * base64url (43 characters), as in the enrolment token's `caPin` and `lookout-agent --ca-pin`.
 */
export const CaPin = z
  .string()
  .regex(/^sha256\/[A-Za-z0-9_-]{43}$/, 'a CA pin looks like sha256/ followed by 43 base64url characters');
export type CaPin = z.infer<typeof CaPin>;

/**
 * True for names and addresses that never leave this machine (localhost, 127.0.0.0/8, ::1). Only these may
 * carry plain HTTP: anything else on a school network can be watched or relayed.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (h === 'localhost') return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (/^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
