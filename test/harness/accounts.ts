import { execFileSync } from 'node:child_process';

/** A local account the root-only tests run programs as (a pupil, a second user of the PC). */
export interface LocalAccount {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/** The account, created the first time (with its home) on this machine. */
export function localAccount(name: string): LocalAccount {
  try {
    execFileSync('id', [name], { stdio: 'pipe' });
  } catch {
    execFileSync('useradd', ['-m', '-s', '/bin/sh', name]);
  }
  const id = (flag: string) => Number(execFileSync('id', [flag, name]).toString().trim());
  return { name, uid: id('-u'), gid: id('-g'), home: `/home/${name}` };
}

/**
 * setpriv's arguments to run a command as the account (real and effective uid and gid its own, no other groups)
 * through env with its HOME and the variables given; the command and its arguments follow.
 */
export function asAccount(account: LocalAccount, env: Record<string, string | undefined> = {}): string[] {
  return [
    `--reuid=${account.uid}`,
    `--regid=${account.gid}`,
    '--init-groups',
    'env',
    `HOME=${account.home}`,
    ...Object.entries(env).map(([key, value]) => `${key}=${value ?? ''}`),
  ];
}
