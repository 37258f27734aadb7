import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONSOLE_NODE_FLAGS } from './nodeFlags.js';

const packaged = join(import.meta.dirname, '..', '..', '..', '..', 'build', 'package', 'console');
const cli = '/usr/lib/lookout/console/app/console/server/dist/cli/lookoutConsole.js';

describe('the console’s Node flags', () => {
  it('load no code', () => {
    for (const flag of CONSOLE_NODE_FLAGS) expect(flag).toMatch(/^--max-semi-space-size=\d+$/);
  });

  it('are exactly what the systemd unit and the lookout-console command pass', () => {
    const unit = readFileSync(join(packaged, 'lookout-console.service'), 'utf8');
    const execStart = /^ExecStart=\/usr\/lib\/lookout\/console\/node (.*)$/m.exec(unit)?.[1]?.split(' ');
    expect(execStart).toEqual([...CONSOLE_NODE_FLAGS, cli]);
    const script = readFileSync(join(packaged, 'lookout-console'), 'utf8');
    expect(script).toMatch(/^FLAGS="([^"]*)"$/m);
    expect(/^FLAGS="([^"]*)"$/m.exec(script)?.[1]?.split(' ')).toEqual([...CONSOLE_NODE_FLAGS]);
  });
});
