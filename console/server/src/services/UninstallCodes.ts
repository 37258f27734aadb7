import { createHash, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  UNINSTALL_CODE_ALPHABET,
  UNINSTALL_CODE_LENGTH,
  formatUninstallCode,
  uninstallVerifierInput,
} from '@lookout/shared';

/** The secret's file in the console's data directory (beside tls/ca.key: the same backup and care). */
export const UNINSTALL_CODE_SECRET_FILE = 'uninstall-code.key';

/**
 * Per-device uninstall codes, derived from one secret the console keeps beside its CA key (HMAC of the device id),
 * so nothing per device is stored and a code can be shown again at any time. The PC receives only the verifier.
 */
export class UninstallCodes {
  private constructor(private readonly secret: Buffer) {}

  /** The secret in `path` (created on first use, readable by the console's account only). */
  static open(path: string): UninstallCodes {
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const temp = `${path}.tmp`;
      writeFileSync(temp, randomBytes(32).toString('base64'), { mode: 0o600 });
      chmodSync(temp, 0o600);
      renameSync(temp, path);
    }
    const secret = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (secret.length < 32) throw new Error(`${path} holds no uninstall-code secret (32 bytes, base64)`);
    return new UninstallCodes(secret);
  }

  /** The code a technician gives to remove the agent from this device, as `ABCD-EFGH-JKMN-PQRS-TVWX`. */
  codeFor(deviceId: string): string {
    const mac = createHmac('sha256', this.secret).update(`uninstall\n${deviceId}`).digest();
    let bits = 0n;
    for (const byte of mac.subarray(0, 13)) bits = (bits << 8n) | BigInt(byte);
    let code = '';
    for (let i = 0; i < UNINSTALL_CODE_LENGTH; i++) {
      code += UNINSTALL_CODE_ALPHABET[Number(bits & 31n)];
      bits >>= 5n;
    }
    return formatUninstallCode(code);
  }

  /** What the PC keeps to check a code offline: it reveals nothing of the code. */
  verifierFor(deviceId: string): string {
    return createHash('sha256')
      .update(uninstallVerifierInput(deviceId, this.codeFor(deviceId)))
      .digest('hex');
  }
}
