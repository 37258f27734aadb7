#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { consoleConfigFromEnv } from '../config/ConsoleConfig.js';
import { startConsole } from '../ConsoleServer.js';
import { createEnrolmentTokenOffline } from './createEnrolmentTokenOffline.js';
import { resetAccountOffline } from './resetAccountOffline.js';

const USAGE = `lookout-console — the Lookout console server

  lookout-console                      serve (settings from LOOKOUT_* environment variables)
  lookout-console enrolment-token      print a new enrolment token for agents (its CA pin and the
      [--max-uses N] [--hours H]       command to run on each PC go to stderr; --json prints all
      [--label TEXT] [--json]          of it as one JSON object)
  lookout-console reset-account USER   a lost password or phone: print a temporary password for USER (changed
                                       at sign-in), remove their second factor, enable the account

Environment: LOOKOUT_PORT (8080), LOOKOUT_HOST (127.0.0.1), LOOKOUT_DATA_DIR, LOOKOUT_ADMIN_PASSWORD
(first start only), LOOKOUT_AGENT_HEARTBEAT_SECONDS (30). TLS (always on beyond loopback):
LOOKOUT_TLS=1 (on loopback too), LOOKOUT_TLS_NAMES (names in the console's own certificate),
LOOKOUT_TLS_CERT and LOOKOUT_TLS_KEY (a school's own certificate chain, root last, and key).`;

async function serve(): Promise<void> {
  const running = await startConsole(consoleConfigFromEnv());
  // A promise some handler forgot to catch must not end a console that a school's safeguarding depends on:
  // it is logged (every known path catches its own; this is the net under them).
  process.on('unhandledRejection', (err) => {
    process.stderr.write(`lookout-console: unhandled rejection: ${(err as Error)?.stack ?? String(err)}\n`);
  });
  // The one line a launcher or test harness reads, then (first start only) the first admin's credentials.
  process.stdout.write(`Lookout console listening on ${running.url}\n`);
  if (running.firstAdmin) {
    const { username, password, generated } = running.firstAdmin;
    process.stdout.write(
      generated
        ? `First admin created. User: ${username}  Password: ${password}  (shown once: for the first sign-in, which asks for a new one)\n`
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

async function enrolmentToken(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      'max-uses': { type: 'string' },
      hours: { type: 'string' },
      label: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const maxUses = Number(values['max-uses'] ?? 1);
  const expiresInHours = Number(values.hours ?? 24);
  if (!Number.isInteger(maxUses) || maxUses < 1) throw new Error('--max-uses takes a whole number ≥ 1');
  if (!Number.isInteger(expiresInHours) || expiresInHours < 1 || expiresInHours > 720) {
    throw new Error('--hours takes a whole number from 1 to 720');
  }
  const token = await createEnrolmentTokenOffline(consoleConfigFromEnv(), {
    maxUses,
    expiresInHours,
    ...(values.label ? { label: values.label } : {}),
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(token)}\n`);
    return;
  }
  process.stdout.write(`${token.token}\n`);
  process.stderr.write(
    `valid until ${token.expiresAt} for ${token.maxUses} device(s)\n` +
      (token.caPin ? `console CA pin: ${token.caPin}\n` : '') +
      `on each PC: ${token.installCommand}\n`,
  );
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === undefined) return serve();
  if (command === 'enrolment-token') return enrolmentToken(rest);
  if (command === 'reset-account') {
    const [username] = rest;
    if (!username) throw new Error(`reset-account needs a user name\n${USAGE}`);
    const temporary = await resetAccountOffline(consoleConfigFromEnv(), username);
    process.stdout.write(`${temporary}\n`);
    process.stderr.write(`temporary password for ${username}: they choose a new one at sign-in\n`);
    return;
  }
  if (command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  throw new Error(`unknown command "${command}"\n${USAGE}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`lookout-console: ${(err as Error).message}\n`);
  process.exit(1);
});
