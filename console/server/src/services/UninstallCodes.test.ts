import { createHash } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uninstallVerifierInput } from '@lookout/shared';
import { UninstallCodes } from './UninstallCodes.js';

const A = '7f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const B = '0f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

describe('UninstallCodes', () => {
  it('derives one stable code per device from a secret only the console account reads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'uninstall-'));
    const codes = UninstallCodes.open(join(dir, 'uninstall-code.key'));
    expect((statSync(join(dir, 'uninstall-code.key')).mode & 0o777).toString(8)).toBe('600');
    expect(codes.codeFor(A)).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
    expect(UninstallCodes.open(join(dir, 'uninstall-code.key')).codeFor(A)).toBe(codes.codeFor(A));
    expect(codes.codeFor(B)).not.toBe(codes.codeFor(A));
    // Another console's secret gives other codes.
    expect(UninstallCodes.open(join(mkdtempSync(join(tmpdir(), 'u-')), 'k')).codeFor(A)).not.toBe(codes.codeFor(A));
  });

  it('gives the PC a verifier that matches its own code, however it is typed, and no other', () => {
    const codes = UninstallCodes.open(join(mkdtempSync(join(tmpdir(), 'uninstall-')), 'k'));
    const hash = (id: string, code: string) =>
      createHash('sha256').update(uninstallVerifierInput(id, code)).digest('hex');
    const code = codes.codeFor(A);
    expect(codes.verifierFor(A)).toBe(hash(A, code));
    expect(codes.verifierFor(A)).toBe(hash(A, ` ${code.replace(/-/g, '').toLowerCase()} `));
    expect(codes.verifierFor(A)).not.toBe(hash(B, code));
    expect(codes.verifierFor(A)).not.toBe(hash(A, codes.codeFor(B)));
    expect(codes.verifierFor(A)).not.toContain(code.replace(/-/g, ''));
  });

  it('refuses a secret file that holds no secret', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'uninstall-')), 'k');
    writeFileSync(file, 'short');
    expect(() => UninstallCodes.open(file)).toThrow(/holds no uninstall-code secret/);
  });
});
