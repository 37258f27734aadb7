import { expect, it } from 'vitest';
import { passwdFullName } from './passwdFullName.js';

const passwd = [
  'root:x:0:0:root:/root:/bin/bash',
  'ada.l:x:1001:1001:Ada Lovelace,Room 4,,:/home/ada.l:/bin/bash',
  'bob:x:1002:1002:& Smith,,,:/home/bob:/bin/bash',
  'nobodyname:x:1003:1003::/home/nobodyname:/bin/sh',
  'broken line',
].join('\n');

it("reads the full name from the GECOS field's first part", () => {
  expect(passwdFullName(passwd, 'ada.l')).toBe('Ada Lovelace');
});

it('expands & to the capitalised login', () => {
  expect(passwdFullName(passwd, 'bob')).toBe('Bob Smith');
});

it('is null for an account without a name, or one that is not listed', () => {
  expect(passwdFullName(passwd, 'nobodyname')).toBeNull();
  expect(passwdFullName(passwd, 'eve')).toBeNull();
  expect(passwdFullName(passwd, 'broken line')).toBeNull();
});
