import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { CaPin, UninstallVerifier, isLoopbackHost } from '@lookout/shared';
import { pinOf, type ConsoleTrust } from '../tls/ConsoleTrust.js';

function pinOfPem(pem: string): string | undefined {
  try {
    return pinOf(new X509Certificate(pem).raw);
  } catch {
    return undefined;
  }
}

export const AgentCredential = z
  .object({
    serverUrl: z.url(),
    deviceId: z.uuid(),
    credential: z.string().min(16),
    /** The console's CA as pinned at enrolment (PEM): the only certificate trusted for this console. */
    caCertificate: z.string().optional(),
    caPin: CaPin.optional(),
    /** The hash the PC checks a technician's uninstall code against (from consoles that send one). */
    uninstallVerifier: UninstallVerifier.optional(),
  })
  .superRefine((c, ctx) => {
    let url: URL;
    try {
      url = new URL(c.serverUrl);
    } catch {
      return; // reported by z.url()
    }
    if (url.protocol === 'https:' && !(c.caCertificate && c.caPin)) {
      ctx.addIssue({ code: 'custom', message: 'an https:// console needs its pinned CA' });
    }
    if (c.caCertificate && c.caPin && pinOfPem(c.caCertificate) !== c.caPin) {
      ctx.addIssue({ code: 'custom', message: 'the stored CA certificate is not the pinned one' });
    }
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      ctx.addIssue({ code: 'custom', message: `plain HTTP to ${url.host} is refused: enrol again over https://` });
    }
  });
export type AgentCredential = z.infer<typeof AgentCredential>;

/** How the agent reaches its console, and the CA it trusts for it. */
export function consoleTrustOf(credential: AgentCredential): ConsoleTrust {
  return {
    serverUrl: credential.serverUrl,
    ca:
      credential.caCertificate && credential.caPin
        ? { certificate: credential.caCertificate, pin: credential.caPin }
        : undefined,
  };
}

/** The device credential on disk, readable by its owner only. */
export class AgentCredentialFile {
  constructor(private readonly path: string) {}

  read(): AgentCredential | undefined {
    if (!existsSync(this.path)) return undefined;
    const parsed = AgentCredential.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
    if (!parsed.success) {
      const reason = parsed.error.issues.map((i) => i.message).join('; ');
      throw new Error(`${this.path} is not a valid agent credential file (${reason}); enrol again`);
    }
    return parsed.data;
  }

  write(credential: AgentCredential): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const temp = `${this.path}.tmp`;
    writeFileSync(temp, JSON.stringify(credential, null, 2), { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, this.path);
  }
}
