import { createHash, timingSafeEqual } from 'node:crypto';
import { uninstallVerifierInput } from '@lookout/shared';
import type { AgentCredential } from './AgentCredentialFile.js';

export type UninstallDecision = { allowed: true; reason: string } | { allowed: false; reason: string };

/**
 * Whether `code` lets this PC's agent be removed, checked offline against the verifier the console gave at
 * enrolment. A PC that is not enrolled protects nothing; one enrolled by a console that sent no verifier cannot
 * check a code, and says so rather than pretend.
 */
export function checkUninstallCode(
  credential: AgentCredential | undefined,
  code: string | undefined,
): UninstallDecision {
  if (!credential) return { allowed: true, reason: 'this PC is not enrolled' };
  if (!credential.uninstallVerifier) {
    return { allowed: true, reason: 'enrolled by a console that gave no uninstall verifier: nothing to check' };
  }
  if (!code?.trim()) {
    return {
      allowed: false,
      reason:
        'removing the Lookout agent needs this PC’s uninstall code (console: Devices › the PC › Uninstall code): ' +
        'put it in /etc/lookout/uninstall-code or LOOKOUT_UNINSTALL_CODE',
    };
  }
  const given = createHash('sha256').update(uninstallVerifierInput(credential.deviceId, code)).digest();
  const expected = Buffer.from(credential.uninstallVerifier, 'hex');
  return timingSafeEqual(given, expected)
    ? { allowed: true, reason: 'uninstall code accepted' }
    : { allowed: false, reason: `that is not the uninstall code of this PC (device ${credential.deviceId})` };
}
