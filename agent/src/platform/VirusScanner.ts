import type { CapabilityStatus } from '@lookout/shared';

export type ScanResult =
  | { status: 'clean' }
  | { status: 'infected'; files: { path: string; signature: string }[] }
  | { status: 'failed'; reason: string };

/** Scans a folder tree for malware before a volume may be used. */
export interface VirusScanner {
  probe(): Promise<CapabilityStatus>;
  scan(path: string): Promise<ScanResult>;
}
