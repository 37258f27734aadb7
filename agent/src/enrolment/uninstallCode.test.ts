import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { uninstallVerifierInput } from '@lookout/shared';
import type { AgentCredential } from './AgentCredentialFile.js';
import { checkUninstallCode } from './uninstallCode.js';

const deviceId = '7f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const code = 'ABCD-EFGH-JKMN-PQRS-TVWX';
const credential: AgentCredential = {
  serverUrl: 'http://127.0.0.1:8080',
  deviceId,
  credential: 'ldc_0123456789abcdef',
  uninstallVerifier: createHash('sha256').update(uninstallVerifierInput(deviceId, code)).digest('hex'),
};

describe('checkUninstallCode', () => {
  it('accepts the code the verifier was made from, typed with or without dashes, in either case', () => {
    expect(checkUninstallCode(credential, code).allowed).toBe(true);
    expect(checkUninstallCode(credential, 'abcdefghjkmnpqrstvwx\n').allowed).toBe(true);
  });

  it('refuses no code, a wrong code and the right code for another device', () => {
    expect(checkUninstallCode(credential, undefined)).toMatchObject({ allowed: false });
    expect(checkUninstallCode(credential, '  ')).toMatchObject({ allowed: false });
    expect(checkUninstallCode(credential, 'ABCD-EFGH-JKMN-PQRS-TVWY')).toMatchObject({ allowed: false });
    const other = { ...credential, deviceId: '0f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f' };
    expect(checkUninstallCode(other, code)).toMatchObject({ allowed: false });
  });

  it('lets a PC that is not enrolled go, and says so', () => {
    expect(checkUninstallCode(undefined, undefined)).toEqual({ allowed: true, reason: 'this PC is not enrolled' });
  });
});
