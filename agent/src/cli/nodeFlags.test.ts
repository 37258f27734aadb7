import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENT_NODE_FLAGS } from './nodeFlags.js';

const launchers = join(import.meta.dirname, '..', '..', '..', 'build', 'package', 'agent');
/** The Node command line a packaged launcher script runs (its `exec` line). */
const execLine = (script: string) => {
  const line = /^exec \/usr\/lib\/lookout\/agent\/node (.*)$/m.exec(readFileSync(join(launchers, script), 'utf8'));
  return line?.[1]?.split(' ') ?? [];
};

describe('the agent’s Node flags', () => {
  it('load no code (the service trusts a session agent started with them)', () => {
    for (const flag of AGENT_NODE_FLAGS) expect(flag).toMatch(/^--max-semi-space-size=\d+$/);
  });

  it('are exactly what the packaged launchers pass: the service’s (through lookout-agent) and the session’s', () => {
    const cli = '/usr/lib/lookout/agent/app/agent/dist/cli/lookoutAgent.js';
    expect(execLine('lookout-agent')).toEqual([...AGENT_NODE_FLAGS, cli, '"$@"']);
    // The service's watchdog restarts a session agent with these flags and takes only these as genuine.
    expect(execLine('lookout-session')).toEqual([...AGENT_NODE_FLAGS, cli, 'session', '"$@"']);
  });
});
