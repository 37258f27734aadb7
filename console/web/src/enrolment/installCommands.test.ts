import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installCommands } from './installCommands';

const TOKEN = { token: 'tok_Abc-123_xyz', serverUrl: 'https://console.school.lan:8443', caPin: 'sha256/AbC+/=' };

describe('installCommands', () => {
  it('carries the server address and certificate pin on every OS, and the token only on standard input', () => {
    const commands = installCommands(TOKEN);
    expect(commands.map((c) => c.os)).toEqual(['windows', 'macos', 'linux']);
    for (const { command } of commands) {
      expect(command).toContain('https://console.school.lan:8443');
      expect(command).toContain('sha256/AbC+/=');
      const [input, agent] = command.split(' | ');
      expect(input).toContain(TOKEN.token);
      expect(agent).not.toContain(TOKEN.token);
      expect(agent).toMatch(/^lookout-agent .*--enrol-token-file -$/);
    }
  });

  it('leaves the pin out only where the console serves plain HTTP on loopback', () => {
    for (const { command } of installCommands({ ...TOKEN, serverUrl: 'http://127.0.0.1:8080', caPin: null }))
      expect(command).not.toContain('--ca-pin');
  });

  it('hands a POSIX shell (a stand-in agent that prints its input) exactly the token and the arguments, whatever characters they hold', () => {
    const odd = { token: "it's $(rm -rf /)", serverUrl: 'https://a b', caPin: 'sha256/x' };
    const posix = installCommands(odd).find((c) => c.os === 'linux')!.command;
    // Run by sh with a `lookout-agent` on the PATH that prints what it was given (a stand-in for the agent).
    const bin = mkdtempSync(join(tmpdir(), 'lookout-install-'));
    writeFileSync(join(bin, 'lookout-agent'), `#!/bin/sh\ncat\nprintf '[%s]' "$@"\n`);
    chmodSync(join(bin, 'lookout-agent'), 0o755);
    let printed: string;
    try {
      printed = execFileSync('sh', ['-c', posix], {
        encoding: 'utf8',
        env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
      });
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
    expect(printed).toBe("it's $(rm -rf /)\n[--server][https://a b][--ca-pin][sha256/x][--enrol-token-file][-]");
  });
});
