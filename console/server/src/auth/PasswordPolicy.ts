import { createRequire } from 'node:module';
import type * as ZxcvbnCore from '@zxcvbn-ts/core';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import type * as LanguageCommon from '@zxcvbn-ts/language-common';
import type * as LanguageEn from '@zxcvbn-ts/language-en';

// zxcvbn's dictionaries are decompressed when their modules are evaluated: loaded at the first check (synchronously,
// as the CommonJS modules they are), not at every console start (under load they were about 0.8 s of 24 s).
const require = createRequire(import.meta.url);

export const MIN_PASSWORD_LENGTH = 12;
/** zxcvbn's "safely unguessable" (about 10^8 guesses and more): rejects common, breached and dictionary passwords. */
export const MIN_PASSWORD_SCORE = 3;

export type PasswordVerdict = { ok: true } | { ok: false; reason: string };

/**
 * NCSC's advice: favour length, check against lists of common and breached passwords, no composition rules.
 * zxcvbn-ts carries those lists offline (nothing is looked up over the network); the user's own name and user
 * name count as guessable words.
 */
export class PasswordPolicy {
  /** Made at the first check, not at the console's start: ranking its dictionaries takes about a second. */
  private zxcvbnFactory: ZxcvbnFactory | undefined;

  private get zxcvbn(): ZxcvbnFactory {
    if (this.zxcvbnFactory) return this.zxcvbnFactory;
    const { ZxcvbnFactory } = require('@zxcvbn-ts/core') as typeof ZxcvbnCore;
    const common = require('@zxcvbn-ts/language-common') as typeof LanguageCommon;
    const en = require('@zxcvbn-ts/language-en') as typeof LanguageEn;
    this.zxcvbnFactory = new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    });
    return this.zxcvbnFactory;
  }

  check(password: string, userInputs: readonly string[]): PasswordVerdict {
    if ([...password].length < MIN_PASSWORD_LENGTH) {
      return { ok: false, reason: `the password is too short: use at least ${MIN_PASSWORD_LENGTH} characters` };
    }
    // Names split on dots and dashes too (mr.smith → mr, smith), so neither part makes a password stronger.
    const inputs = userInputs.flatMap((input) => [input, ...input.split(/[._\-\s@]+/)]).filter((w) => w.length > 1);
    // zxcvbn's cost grows with length; what makes a longer password weak is already in its first 256 characters.
    const result = this.zxcvbn.check(password.slice(0, 256), inputs);
    if (result.score >= MIN_PASSWORD_SCORE) return { ok: true };
    const why = result.feedback.warning ?? 'it would be easy to guess';
    const how = result.feedback.suggestions.length
      ? result.feedback.suggestions.join(' ')
      : 'Use three or more random words.';
    return { ok: false, reason: `the password is too easy to guess: ${stripStop(why)}. ${how}` };
  }
}

const stripStop = (text: string) => text.replace(/\.$/, '');
