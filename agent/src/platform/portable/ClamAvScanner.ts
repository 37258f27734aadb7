import { execFile } from 'node:child_process';
import type { CapabilityStatus } from '@lookout/shared';
import type { ScanResult, VirusScanner } from '../VirusScanner.js';
import { findExecutable } from '../findExecutable.js';

/**
 * ClamAV: `clamdscan` when a daemon answers (fast: the signatures are already loaded), else `clamscan`.
 * `databaseDir` points clamscan at a local signature database (our machines cannot download signatures).
 * Exit codes: 0 clean, 1 found, 2 error.
 */
export class ClamAvScanner implements VirusScanner {
  constructor(private readonly databaseDir: string | undefined) {}

  async probe(): Promise<CapabilityStatus> {
    if (findExecutable('clamdscan') || findExecutable('clamscan')) return { available: true };
    return { available: false, reason: 'ClamAV is not installed (clamscan or clamdscan)' };
  }

  async scan(path: string): Promise<ScanResult> {
    const daemon = !this.databaseDir && findExecutable('clamdscan');
    const scanner = daemon ? 'clamdscan' : findExecutable('clamscan');
    if (!scanner) return { status: 'failed', reason: 'ClamAV is not installed: the volume stays held' };
    const args = daemon
      ? ['--fdpass', '--no-summary', '--infected', path]
      : ['-r', '--no-summary', '--infected', ...(this.databaseDir ? ['-d', this.databaseDir] : []), path];
    return new Promise((resolve) => {
      execFile(scanner, args, { maxBuffer: 16 * 1024 * 1024, timeout: 30 * 60_000 }, (err, stdout, stderr) => {
        // execFile's error carries the exit status as `code` (a number), or an errno name when it could not run.
        const code: number | string = err ? ((err as unknown as { code?: number | string }).code ?? 2) : 0;
        if (code === 0) return resolve({ status: 'clean' });
        const files = stdout
          .split('\n')
          .map((line) => /^(.*): (.+) FOUND$/.exec(line.trim()))
          .flatMap((m) => (m ? [{ path: m[1]!, signature: m[2]! }] : []));
        if (code === 1 && files.length > 0) return resolve({ status: 'infected', files });
        resolve({ status: 'failed', reason: (stderr || stdout || String(err)).trim().split('\n').slice(-3).join(' ') });
      });
    });
  }
}
