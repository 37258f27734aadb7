import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentCredentialFile } from './AgentCredentialFile.js';

/** A console CA made by ConsoleCertificates (public certificate only), and its pin. */
const CA = `-----BEGIN CERTIFICATE-----
MIIBpTCCAUugAwIBAgIQdnAOTpd1v++qBsAkMmE7yjAKBggqhkjOPQQDAjAxMS8w
LQYDVQQDEyZMb29rb3V0IGNvbnNvbGUgQ0EgMjAyNi0xMi0wMiA0YmEwNDQzOTAe
Fw0yNjEyMDEwMDAxMzhaFw0zNjExMjkwMDAxMzhaMDExLzAtBgNVBAMTJkxvb2tv
dXQgY29uc29sZSBDQSAyMDI2LTEyLTAyIDRiYTA0NDM5MFkwEwYHKoZIzj0CAQYI
KoZIzj0DAQcDQgAEA92yf1gdUlwxtHTFVA0GszOIdG6ZIxHVwT/Mt4cFkrBY69rE
ybjnDYoMM56mlNX1ZGB6kyDJDrrM0yHByxDzvqNFMEMwEgYDVR0TAQH/BAgwBgEB
/wIBADAOBgNVHQ8BAf8EBAMCAQYwHQYDVR0OBBYEFBbpCznfexgF2RW8jq80SPGw
/a64MAoGCCqGSM49BAMCA0gAMEUCIQCLTxIQwfWZP62oTrUNkOVLjTdBo3QaQxXI
oPp86YndaAIgDnrsj2yrqYuRn+NKewzQQRWCpog8irdi/DRvXWLFY5A=
-----END CERTIFICATE-----
`;
const PIN = 'sha256/ZFAX2KDm0vqeKgpEf_S7B8MGrWdqR6ABUHgTxDy_dmU';
const deviceId = '6f1c3c2e-2b7e-4d8e-9b1a-0c7f4a5e2d11';
const credential = 'lkd_0123456789abcdefghijklmnop';

function file(): { path: string; store: AgentCredentialFile } {
  const path = join(mkdtempSync(join(tmpdir(), 'lookout-credential-')), 'credential.json');
  return { path, store: new AgentCredentialFile(path) };
}

describe('AgentCredentialFile', () => {
  it('keeps the pinned CA with the credential, readable by its owner only', () => {
    const { path, store } = file();
    const saved = { serverUrl: 'https://console.school.lan:8080', deviceId, credential, caCertificate: CA, caPin: PIN };
    store.write(saved);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(store.read()).toEqual(saved);
  });

  it('refuses an https console without its CA, a CA that is not the pinned one, and plain HTTP to another machine', () => {
    const cases: [object, RegExp][] = [
      [{ serverUrl: 'https://console.school.lan:8080', deviceId, credential }, /needs its pinned CA/],
      [
        {
          serverUrl: 'https://console.school.lan:8080',
          deviceId,
          credential,
          caCertificate: CA,
          caPin: `sha256/${'A'.repeat(43)}`,
        },
        /not the pinned one/,
      ],
      [{ serverUrl: 'http://10.0.0.5:8080', deviceId, credential }, /plain HTTP to 10\.0\.0\.5:8080 is refused/],
    ];
    for (const [content, reason] of cases) {
      const { path, store } = file();
      writeFileSync(path, JSON.stringify(content));
      expect(() => store.read()).toThrow(reason);
    }
    const { path, store } = file();
    writeFileSync(path, JSON.stringify({ serverUrl: 'http://127.0.0.1:8080', deviceId, credential }));
    expect(store.read()?.serverUrl).toBe('http://127.0.0.1:8080');
  });
});
