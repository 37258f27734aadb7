#!/usr/bin/env node
import { consoleConfigFromEnv } from '../config/ConsoleConfig.js';
import { startConsole } from '../ConsoleServer.js';

// Prints, on stdout, the one line a launcher or test harness reads (`Lookout console listening on URL`) and,
// on the first start only, the first admin's credentials.
async function main(): Promise<void> {
  const config = consoleConfigFromEnv();
  const running = await startConsole(config);
  process.stdout.write(`Lookout console listening on ${running.url}\n`);
  if (running.firstAdmin) {
    const { username, password, generated } = running.firstAdmin;
    process.stdout.write(
      generated
        ? `First admin created. User: ${username}  Password: ${password}  (shown once: sign in and keep it safe)\n`
        : `First admin created. User: ${username}  Password: from LOOKOUT_ADMIN_PASSWORD\n`,
    );
  }
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    process.stderr.write(`lookout-console: ${signal}, closing\n`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`lookout-console: ${(err as Error).message}\n`);
  process.exit(1);
});
