import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/** The built entry points the harness runs (`npm run build` first; `npm test` does). */
export const paths = {
  root,
  consoleCli: join(root, 'console', 'server', 'dist', 'cli', 'lookoutConsole.js'),
  agentCli: join(root, 'agent', 'dist', 'cli', 'lookoutAgent.js'),
};
