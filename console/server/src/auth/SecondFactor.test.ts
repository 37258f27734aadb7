import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { SecondFactor } from './SecondFactor.js';

const epoch = 1_796_000_000; // seconds; a whole number of 30-second steps from 0 plus 20 s
const clock = (seconds: number) => () => new Date(seconds * 1000);
const codeAt = (secret: string, seconds: number) => generate({ secret, epoch: seconds });

describe('SecondFactor', () => {
  const factor = new SecondFactor('Lookout', clock(epoch));
  const secret = factor.newSecret();

  it('gives an otpauth URI for authenticator apps', () => {
    expect(factor.uri('dsl.lead', secret)).toMatch(new RegExp(`^otpauth://totp/Lookout:dsl\\.lead\\?secret=${secret}`));
  });

  it("accepts the current code and a neighbouring step's, and returns the step it matched", async () => {
    const step = Math.floor(epoch / 30);
    expect(await factor.check(secret, await codeAt(secret, epoch), null)).toBe(step);
    expect(await factor.check(secret, await codeAt(secret, epoch - 30), null)).toBe(step - 1);
    expect(await factor.check(secret, await codeAt(secret, epoch + 30), null)).toBe(step + 1);
  });

  it('refuses a code used before (replay), an older one, and one outside the drift allowed', async () => {
    const step = Math.floor(epoch / 30);
    const now = await codeAt(secret, epoch);
    expect(await factor.check(secret, now, step)).toBeUndefined();
    expect(await factor.check(secret, await codeAt(secret, epoch - 30), step)).toBeUndefined();
    expect(await factor.check(secret, await codeAt(secret, epoch + 30), step)).toBe(step + 1);
    expect(await factor.check(secret, await codeAt(secret, epoch - 90), null)).toBeUndefined();
  });

  it('refuses malformed codes without throwing', async () => {
    expect(await factor.check(secret, 'abcdef', null)).toBeUndefined();
    expect(await factor.check('not base32!', '123456', null)).toBeUndefined();
  });
});
