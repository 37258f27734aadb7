import { describe, expect, it } from 'vitest';
import { CaPin, isLoopbackHost } from './transportSecurity.js';

describe('isLoopbackHost', () => {
  it('accepts only names and addresses that stay on this machine', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of [
      '0.0.0.0',
      '::',
      '10.0.0.5',
      'console.school.lan',
      '128.0.0.1',
      'localhost.evil.example',
      'a.localhost',
      '',
    ]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});

describe('CaPin', () => {
  it('takes sha256/ and a 43-character base64url digest, nothing else', () => {
    expect(CaPin.safeParse(`sha256/${'A'.repeat(43)}`).success).toBe(true);
    expect(CaPin.safeParse(`sha256/${'A'.repeat(42)}`).success).toBe(false);
    expect(CaPin.safeParse(`sha1/${'A'.repeat(43)}`).success).toBe(false);
    expect(CaPin.safeParse(`sha256/${'+'.repeat(43)}`).success).toBe(false);
  });
});
