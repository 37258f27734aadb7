import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Runs a program and resolves with its output; a failure says which program and what it printed. */
export async function runCommand(command: string, args: readonly string[], timeoutMs = 10_000): Promise<string> {
  try {
    return (await execFileAsync(command, args, { timeout: timeoutMs })).stdout;
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`${command}: ${(e.stderr || e.message).trim()}`);
  }
}
