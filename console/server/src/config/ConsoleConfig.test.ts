import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { consoleConfigFromEnv } from './ConsoleConfig.js';

describe('consoleConfigFromEnv: TLS', () => {
  it('serves plain HTTP on loopback only, unless LOOKOUT_TLS=1', () => {
    expect(consoleConfigFromEnv({}).tls).toBeUndefined();
    expect(consoleConfigFromEnv({ LOOKOUT_HOST: 'localhost' }).tls).toBeUndefined();
    const forced = consoleConfigFromEnv({ LOOKOUT_TLS: '1' });
    expect(forced.tls?.names).toEqual([hostname(), '127.0.0.1', 'localhost'].filter((n, i, a) => a.indexOf(n) === i));
    expect(forced.publicHost).toBe('127.0.0.1');
  });

  it('turns TLS on beyond loopback, naming this machine, and refuses to be told otherwise', () => {
    const lan = consoleConfigFromEnv({ LOOKOUT_HOST: '0.0.0.0' });
    expect(lan.tls?.names[0]).toBe(hostname());
    expect(lan.tls?.names).toContain('localhost');
    expect(lan.publicHost).toBe(hostname());
    expect(consoleConfigFromEnv({ LOOKOUT_HOST: '10.0.0.5' }).tls?.names).toContain('10.0.0.5');
    expect(() => consoleConfigFromEnv({ LOOKOUT_HOST: '0.0.0.0', LOOKOUT_TLS: '0' })).toThrow(
      /plain HTTP is served on loopback only/,
    );
  });

  it('takes the names agents use, and a school’s own certificate and key together', () => {
    const named = consoleConfigFromEnv({ LOOKOUT_HOST: '0.0.0.0', LOOKOUT_TLS_NAMES: 'lookout.school.lan, 10.0.0.5' });
    expect(named.tls?.names).toEqual(['lookout.school.lan', '10.0.0.5']);
    expect(named.publicHost).toBe('lookout.school.lan');
    const provided = consoleConfigFromEnv({
      LOOKOUT_TLS_CERT: '/etc/ssl/chain.pem',
      LOOKOUT_TLS_KEY: '/etc/ssl/key.pem',
    });
    expect(provided.tls?.provided).toEqual({ certFile: '/etc/ssl/chain.pem', keyFile: '/etc/ssl/key.pem' });
    expect(() => consoleConfigFromEnv({ LOOKOUT_TLS_CERT: '/etc/ssl/chain.pem' })).toThrow(/go together/);
    expect(() => consoleConfigFromEnv({ LOOKOUT_HOST: '0.0.0.0', LOOKOUT_TLS_NAMES: ' , ' })).toThrow(/empty/);
  });
});

describe('consoleConfigFromEnv: sessions', () => {
  it('sweeps sessions at the interval given, between 1 and 30 s, or from the limits when none is given', () => {
    expect(consoleConfigFromEnv({}).sessionSweepSeconds).toBeUndefined();
    expect(consoleConfigFromEnv({ LOOKOUT_SESSION_SWEEP_SECONDS: '2' }).sessionSweepSeconds).toBe(2);
    for (const bad of ['0', '31', '1.5', 'soon'])
      expect(() => consoleConfigFromEnv({ LOOKOUT_SESSION_SWEEP_SECONDS: bad })).toThrow(
        /LOOKOUT_SESSION_SWEEP_SECONDS/,
      );
  });
});
