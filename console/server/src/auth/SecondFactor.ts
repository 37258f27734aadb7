import { generateSecret, generateURI, verify } from 'otplib';

/** TOTP as authenticator apps expect it: SHA-1, 6 digits, 30-second steps. */
const PERIOD_SECONDS = 30;
/** One step either side, for a phone's clock a little off. */
const TOLERANCE_SECONDS = PERIOD_SECONDS;

/** A TOTP second factor (RFC 6238) through otplib; each code is accepted once (the step it matched is kept). */
export class SecondFactor {
  constructor(
    private readonly issuer: string,
    private readonly now: () => Date,
  ) {}

  newSecret(): string {
    return generateSecret();
  }

  uri(username: string, secret: string): string {
    return generateURI({ issuer: this.issuer, label: username, secret });
  }

  /**
   * The time step the code belongs to, or undefined when it is wrong or not newer than `lastStep` (a code
   * already used, or an older one: replay).
   */
  async check(secret: string, code: string, lastStep: number | null): Promise<number | undefined> {
    try {
      const result = await verify({
        secret,
        token: code,
        epoch: Math.floor(this.now().getTime() / 1000),
        period: PERIOD_SECONDS,
        epochTolerance: TOLERANCE_SECONDS,
        ...(lastStep === null ? {} : { afterTimeStep: lastStep }),
      });
      return result.valid && 'timeStep' in result ? result.timeStep : undefined;
    } catch {
      return undefined;
    }
  }
}
