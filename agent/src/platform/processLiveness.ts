import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/** Whether `pid` is alive and still the program we started (its command line contains `marker`). */
export function isOurProcess(pid: number | undefined, marker: string): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return false;
  }
}

/** A pid kept in a file, so that a restarted agent finds the helpers its predecessor left running. */
export class PidFile {
  constructor(private readonly path: string) {}

  read(): number | undefined {
    try {
      const pid = Number(readFileSync(this.path, 'utf8').trim());
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  write(pid: number): void {
    writeFileSync(this.path, String(pid));
  }

  clear(): void {
    rmSync(this.path, { force: true });
  }

  /**
   * Ends the process (and its group) if it is ours, and forgets it. `started`: this agent spawned it and has not
   * seen it exit (its command line may not show the marker yet, a moment after spawn).
   */
  kill(marker: string, started = false): void {
    const pid = this.read();
    if (pid && (started || isOurProcess(pid, marker))) {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          /* gone already */
        }
      }
    }
    this.clear();
  }
}
