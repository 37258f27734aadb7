import { describe, expect, it } from 'vitest';
import { hostnameMatches, patternSpecificity } from './hostnamePattern.js';

describe('hostname patterns', () => {
  it('match whole hostnames with * and ?, ignoring case', () => {
    expect(hostnameMatches('LAB2-*', 'lab2-07')).toBe(true);
    expect(hostnameMatches('LAB2-*', 'LAB20-07')).toBe(false);
    expect(hostnameMatches('LAB2-??', 'LAB2-07')).toBe(true);
    expect(hostnameMatches('LAB2-??', 'LAB2-107')).toBe(false);
    expect(hostnameMatches('lib.pc*', 'LIB.PC3')).toBe(true);
    expect(hostnameMatches('lib.pc*', 'LIBXPC3')).toBe(false); // the dot is literal
  });

  it('rank literal characters above wildcards', () => {
    expect(patternSpecificity('LAB2-0*')).toBeGreaterThan(patternSpecificity('LAB*'));
  });
});
