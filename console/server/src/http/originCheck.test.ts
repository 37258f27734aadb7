import { describe, expect, it } from 'vitest';
import { checkFetchSite, checkRequestSource } from './originCheck.js';

const host = 'console.school.example:8080';
const check = (origin?: string, secFetchSite?: string, h: string | undefined = host) =>
  checkRequestSource({ host: h, origin, secFetchSite }).ok;

describe('checkRequestSource', () => {
  it('lets through requests that are not from a browser page on another site', () => {
    expect(check()).toBe(true); // agents, scripts
    expect(check(undefined, 'none')).toBe(true); // typed into the address bar
    expect(check('http://console.school.example:8080', 'same-origin')).toBe(true);
    expect(check('HTTP://Console.School.Example:8080')).toBe(true);
    expect(check('https://console.school.example', undefined, 'console.school.example:443')).toBe(true);
  });

  it('refuses other ports, sibling subdomains and other sites', () => {
    expect(check('http://console.school.example:8081')).toBe(false);
    expect(check('http://intranet.school.example:8080')).toBe(false);
    expect(check('https://evil.example')).toBe(false);
    expect(check(undefined, 'same-site')).toBe(false);
    expect(check(undefined, 'cross-site')).toBe(false);
    expect(check('http://console.school.example:8080', 'same-site')).toBe(false);
  });

  it('refuses an Origin that is not a web origin, and a missing or odd Host', () => {
    for (const origin of [
      'null',
      '',
      'not a url',
      'file://',
      'chrome-extension://abc',
      'http://console.school.example:8080/path',
      'http://user@console.school.example:8080',
      'http://console.school.example:8080, http://evil.example',
      'http://[::1',
      '\u0000',
    ]) {
      expect(check(origin), origin).toBe(false);
    }
    expect(
      checkRequestSource({ host: undefined, origin: 'http://console.school.example:8080', secFetchSite: undefined }).ok,
    ).toBe(false);
    expect(check('http://evil.example', undefined, 'evil.example/x@console.school.example:8080')).toBe(false);
  });
});

describe('checkFetchSite', () => {
  it("lets through the console's own pages, the address bar and non-browsers, nothing else", () => {
    expect([undefined, 'same-origin', 'none'].map((s) => checkFetchSite(s).ok)).toEqual([true, true, true]);
    expect(['same-site', 'cross-site', '', 'SAME-ORIGIN'].map((s) => checkFetchSite(s).ok)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
