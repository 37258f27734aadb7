#!/usr/bin/env node
// Kept in git so that npm links this command even before the TypeScript is built.
import('../dist/cli/lookoutConsole.js').catch((err) => {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
  process.stderr.write('Lookout is not built yet: run `npm run build` in the repository first.\n');
  process.exit(1);
});
