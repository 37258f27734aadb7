import { z } from 'zod';

/**
 * The code that lets a technician remove the agent from one PC. The console derives it per device and gives the
 * PC only a verifier (a SHA-256 of `uninstallVerifierInput`), so the PC checks a code offline and nothing on it,
 * even the verifier, yields the code. 20 Crockford base-32 characters (100 bits), shown in groups of four.
 */
export const UNINSTALL_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const UNINSTALL_CODE_LENGTH = 20;

/** A code as typed: case, spaces and dashes ignored, and the letters people confuse with digits read as them. */
export function normaliseUninstallCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** What the PC hashes to compare with its verifier: bound to the device, so one PC's code opens no other. */
export function uninstallVerifierInput(deviceId: string, code: string): string {
  return `lookout-uninstall-v1\n${deviceId}\n${normaliseUninstallCode(code)}`;
}

/** `ABCD-EFGH-…` from the code's characters. */
export function formatUninstallCode(code: string): string {
  return (normaliseUninstallCode(code).match(/.{1,4}/g) ?? []).join('-');
}

/** The verifier the PC keeps: the hex SHA-256 of `uninstallVerifierInput`. */
export const UninstallVerifier = z.string().regex(/^[0-9a-f]{64}$/, 'a hex SHA-256');

/** The console's answer to a technician asking for a PC's uninstall code. */
export const DeviceUninstallCode = z.object({
  deviceId: z.uuid(),
  hostname: z.string(),
  code: z.string(),
});
export type DeviceUninstallCode = z.infer<typeof DeviceUninstallCode>;
