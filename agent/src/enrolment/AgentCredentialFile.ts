import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export const AgentCredential = z.object({
  serverUrl: z.url(),
  deviceId: z.uuid(),
  credential: z.string().min(16),
});
export type AgentCredential = z.infer<typeof AgentCredential>;

/** The device credential on disk, readable by its owner only. */
export class AgentCredentialFile {
  constructor(private readonly path: string) {}

  read(): AgentCredential | undefined {
    if (!existsSync(this.path)) return undefined;
    const parsed = AgentCredential.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
    if (!parsed.success) throw new Error(`${this.path} is not a valid agent credential file; enrol again`);
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
