import { arch, release } from 'node:os';
import type { OsInfo } from '@lookout/shared';

export function osInfo(): OsInfo {
  return { platform: process.platform, release: release(), arch: arch() };
}
