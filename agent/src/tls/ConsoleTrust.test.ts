import { describe, expect, it } from 'vitest';
import { checkConsoleUrl, describeConnectionFailure } from './ConsoleTrust.js';

const pin = `sha256/${'a'.repeat(43)}`;

describe('checkConsoleUrl', () => {
  it('takes https with a pin, and plain http only to this machine', () => {
    expect(checkConsoleUrl('https://console.school.lan:8080', pin).host).toBe('console.school.lan:8080');
    expect(checkConsoleUrl('http://127.0.0.1:8080', undefined).host).toBe('127.0.0.1:8080');
    expect(checkConsoleUrl('http://localhost:8080', undefined).host).toBe('localhost:8080');
  });

  it('refuses https without a valid pin, plain http beyond loopback and other schemes, saying why', () => {
    expect(() => checkConsoleUrl('https://console.school.lan', undefined)).toThrow(/needs the console's CA pin/);
    expect(() => checkConsoleUrl('https://console.school.lan', 'sha256/short')).toThrow(/--ca-pin: a CA pin looks/);
    expect(() => checkConsoleUrl('http://10.0.0.5:8080', undefined)).toThrow(/refusing plain HTTP to 10\.0\.0\.5/);
    expect(() => checkConsoleUrl('http://console.school.lan', undefined)).toThrow(/over https:\/\/ only/);
    expect(() => checkConsoleUrl('http://127.0.0.1:8080', pin)).toThrow(/--ca-pin is for an https/);
    expect(() => checkConsoleUrl('ftp://console', pin)).toThrow(/https:\/\/ URL/);
    expect(() => checkConsoleUrl('console:8080', pin)).toThrow(/https:\/\/ URL/);
    expect(() => checkConsoleUrl('not a url', pin)).toThrow(/--server takes/);
  });
});

describe('describeConnectionFailure', () => {
  const trust = { serverUrl: 'https://console.school.lan:8080', ca: { certificate: '', pin } };
  const failure = (code: string, message = code) => Object.assign(new Error(message), { code });

  it('names the pinned CA and what was not sent when the certificate is not the console’s', () => {
    expect(describeConnectionFailure(failure('SELF_SIGNED_CERT_IN_CHAIN'), trust, 'the device credential')).toBe(
      `the console at https://console.school.lan:8080 presented a certificate not signed by the pinned CA ${pin} ` +
        '(SELF_SIGNED_CERT_IN_CHAIN): refusing to send the device credential. Something on the network may be ' +
        'standing in for the console',
    );
    expect(describeConnectionFailure(failure('ERR_TLS_CERT_ALTNAME_INVALID'), trust, 'the enrolment token')).toMatch(
      /does not name console\.school\.lan .*refusing to send the enrolment token\. Add the name to LOOKOUT_TLS_NAMES/,
    );
    expect(
      describeConnectionFailure(failure('ECONNREFUSED', 'connect ECONNREFUSED'), trust, 'the device credential'),
    ).toBe('cannot reach the console at https://console.school.lan:8080: connect ECONNREFUSED');
  });
});
