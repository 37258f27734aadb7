import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_NODE_FLAGS } from '../../cli/nodeFlags.js';
import { LinuxUserSessions } from './LinuxUserSessions.js';

// Real processes read through /proc: the "CLI" here is a script that waits, started with different command lines;
// the genuine check only looks at how it was started (the executable, its options, the CLI's path, `session`).
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

const cli = join(mkdtempSync(join(tmpdir(), 'lookout-sessions-')), 'lookoutAgent.js');
writeFileSync(cli, 'setInterval(() => {}, 1000);\n');
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', DISPLAY: ':9' }; // no NODE_OPTIONS, as a login has

/** Starts node with `args` and reads it as the service would, once its command line is in place. */
async function described(args: string[]) {
  const child = spawn(process.execPath, args, { env, stdio: 'ignore' });
  children.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  const sessions = new LinuxUserSessions(process.execPath, cli, { warn: () => undefined });
  const uid = process.getuid!();
  return sessions.describe(child.pid!, uid, process.getgid!(), 'someone');
}

describe.skipIf(process.platform !== 'linux')('LinuxUserSessions: which process is a genuine session agent', () => {
  it('is one started with exactly the agent’s Node flags, its CLI and session options', async () => {
    const launch = await described([...AGENT_NODE_FLAGS, cli, 'session', '--socket', '/run/lookout/session.sock']);
    expect(launch).toMatchObject({ args: ['--socket', '/run/lookout/session.sock'], env: { DISPLAY: ':9' } });
  });

  it('is not one started without them, or with another Node option of the pupil’s choosing', async () => {
    expect(await described([cli, 'session'])).toBeUndefined();
    expect(await described(['--expose-gc', ...AGENT_NODE_FLAGS, cli, 'session'])).toBeUndefined();
    expect(await described([...AGENT_NODE_FLAGS, '--require', cli, cli, 'session'])).toBeUndefined();
    expect(await described([...AGENT_NODE_FLAGS, cli, 'session', '--simulate-windows', '3'])).toBeUndefined();
  });

  // strace is a test package (build/setup.sh --test), like Xvfb and tesseract: never skipped, a missing one fails.
  it('is not one a debugger is attached to (its parent may trace it, even with Yama’s scope 1)', async () => {
    expect(existsSync('/usr/bin/strace'), 'strace is installed by build/setup.sh --test').toBe(true);
    // strace stands in for any tracer (gdb, a pupil's own ptrace program): it starts the agent as its child.
    const tracer = spawn(
      '/usr/bin/strace',
      ['-o', '/dev/null', process.execPath, ...AGENT_NODE_FLAGS, cli, 'session'],
      {
        env,
        stdio: 'ignore',
      },
    );
    children.push(tracer);
    let pid = 0;
    try {
      // The traced program, once it runs Node (strace's only child).
      for (;;) {
        const child = Number(readFileSync(`/proc/${tracer.pid}/task/${tracer.pid}/children`, 'utf8').trim());
        // (its own copy of strace until it has exec'd Node)
        if (child > 0 && readlinkSync(`/proc/${child}/exe`) === realpathSync(process.execPath)) {
          pid = child;
          break;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(readFileSync(`/proc/${pid}/status`, 'utf8')).toMatch(new RegExp(`^TracerPid:\\s+${tracer.pid}$`, 'm'));
      const sessions = new LinuxUserSessions(process.execPath, cli, { warn: () => undefined });
      expect(await sessions.describe(pid, process.getuid!(), process.getgid!(), 'someone')).toBeUndefined();
      // Refused while it was there to read (not because it had gone), still traced.
      expect(readFileSync(`/proc/${pid}/status`, 'utf8')).toMatch(new RegExp(`^TracerPid:\\s+${tracer.pid}$`, 'm'));
    } finally {
      if (pid) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone with its tracer
        }
      }
    }
  });
});
