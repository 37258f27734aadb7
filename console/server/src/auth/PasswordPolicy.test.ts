import { describe, expect, it } from 'vitest';
import { PasswordPolicy } from './PasswordPolicy.js';

const policy = new PasswordPolicy();

describe('PasswordPolicy', () => {
  it('refuses short passwords, saying how long they must be', () => {
    expect(policy.check('Tr0ub4dor&3', [])).toEqual({
      ok: false,
      reason: 'the password is too short: use at least 12 characters',
    });
  });

  it('refuses common and breached passwords of any length, saying why', () => {
    for (const password of ['password1234', 'Password123456', 'qwertyuiopasdfgh', 'iloveyou12345']) {
      const verdict = policy.check(password, []);
      expect(verdict.ok, password).toBe(false);
      expect(verdict.ok ? '' : verdict.reason).toMatch(/^the password is too easy to guess: /);
    }
  });

  it("refuses a password built from the user's own name that would pass for anyone else", () => {
    expect(policy.check('adaeze.okonkwo1', [])).toEqual({ ok: true });
    const verdict = policy.check('adaeze.okonkwo1', ['adaeze.okonkwo']);
    expect(verdict).toEqual({ ok: false, reason: expect.stringMatching(/too easy to guess: .*personal/) });
  });

  it('accepts long passphrases of random words', () => {
    expect(policy.check('purple otter violin lantern', ['jane.smith'])).toEqual({ ok: true });
    expect(policy.check('correct-staple-battery-horse', [])).toEqual({ ok: true });
  });
});
