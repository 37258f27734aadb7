#!/usr/bin/env node
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { CONCERN_URL_FILE, startAgentRuntime, osInfo } from '../AgentRuntime.js';
import { AgentCredentialFile } from '../enrolment/AgentCredentialFile.js';
import { enrolDevice } from '../enrolment/enrolDevice.js';
import { checkUninstallCode } from '../enrolment/uninstallCode.js';
import { platformFor } from '../platform/platform.js';
import { SimulatedWindowSource } from '../platform/simulated/SimulatedWindowSource.js';

const USAGE = `lookout-agent — the Lookout agent, headless

  lookout-agent --server URL --ca-pin PIN --enrol-token-file FILE   enrol this PC once, then run
  lookout-agent --server URL --ca-pin PIN --enrol-token-file -      the same, the token read from standard input
  lookout-agent                              run with the stored credential
  lookout-agent report-concern               open the report-a-concern page of the running agent
  lookout-agent service                      the PC's service (root, started by systemd: lookout-service.service)
  lookout-agent session                      the logged-in user's session agent (started at graphical login)
  lookout-agent enrol --server URL --ca-pin PIN --enrol-token-file FILE
                                             enrol this PC if it is not enrolled yet, then exit (the package's
                                             install step)
  lookout-agent check-uninstall-code         exit 0 if the uninstall code in LOOKOUT_UNINSTALL_CODE or
                                             --code-file FILE (default /etc/lookout/uninstall-code) is this PC's

Options:
  --server URL            the console, e.g. https://console.school.lan:8080 (plain http:// only on this PC)
  --enrol-token-file FILE an enrolment token from the console (Devices › Enrol), read from FILE ("-": stdin)
  --enrol TOKEN           the same on the command line (other users of the PC can read it there: prefer a file)
  --ca-pin PIN            the console CA's fingerprint given with the token (sha256/…): the agent trusts
                          only that CA, and sends the token and its credential to nothing else
  --data-dir DIR          where the credential and outbox live (env LOOKOUT_AGENT_DATA_DIR)
  --window-poll-ms N      how often the active window is read where the OS does not report changes
                          (Windows, macOS; default 250; X11 reports them as they happen)
  --batch-size N          events per batch sent to the console (default 100)
  --concern-port N        port of the report-a-concern page on 127.0.0.1 (default: any free port)
  --bridge-port N         port of the browser extension's channel on 127.0.0.1 (default 47100; 0: any)
  --code-file FILE        where check-uninstall-code reads the code
  --simulate-windows N    test mode: report N made-up window titles instead of the real ones
  --help`;

// `service` is interim: it runs today's whole agent (window, input, uplink …) until the service/session split
// replaces it with the root service alone; without a command the agent runs the same way.
const COMMANDS = ['report-concern', 'service', 'session', 'enrol', 'check-uninstall-code'];

const log = {
  info: (m: string) => process.stderr.write(`${new Date().toISOString()} lookout-agent info ${m}\n`),
  warn: (m: string) => process.stderr.write(`${new Date().toISOString()} lookout-agent warn ${m}\n`),
  error: (m: string) => process.stderr.write(`${new Date().toISOString()} lookout-agent error ${m}\n`),
};

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} takes a positive whole number, not "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      server: { type: 'string' },
      enrol: { type: 'string' },
      'ca-pin': { type: 'string' },
      'enrol-token-file': { type: 'string' },
      'data-dir': { type: 'string' },
      'window-poll-ms': { type: 'string' },
      'batch-size': { type: 'string' },
      'simulate-windows': { type: 'string' },
      'concern-port': { type: 'string' },
      'bridge-port': { type: 'string' },
      'code-file': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const dataDir =
    values['data-dir'] ?? process.env.LOOKOUT_AGENT_DATA_DIR ?? join(homedir(), '.local', 'share', 'lookout-agent');
  const command = positionals[0];
  if (positionals.length > 1 || (command !== undefined && !COMMANDS.includes(command))) {
    throw new Error(`unknown command "${positionals.join(' ')}" (see --help)`);
  }
  if (command === 'session') {
    // Interim, until the service/session split lands: today's `service` runs the whole agent, so a session agent
    // has nothing of its own to do yet. The packaged login entry already starts this command.
    process.stdout.write('lookout-agent session: the Lookout service runs this PC’s agent; nothing to start here\n');
    return;
  }
  const credentialFile = new AgentCredentialFile(join(dataDir, 'credential.json'));
  if (command === 'check-uninstall-code') {
    const decision = checkUninstallCode(credentialFile.read(), await uninstallCodeGiven(values['code-file']));
    process.stderr.write(`lookout-agent: ${decision.reason}\n`);
    process.exitCode = decision.allowed ? 0 : 1;
    return;
  }
  if (command === 'report-concern') {
    const url = await readFile(join(dataDir, CONCERN_URL_FILE), 'utf8').catch(() => {
      throw new Error('the agent is not running on this PC (no report-a-concern page to open)');
    });
    await platformFor(dataDir).urls.open(url.trim());
    return;
  }

  const tokenFile = values['enrol-token-file'];
  if (values.enrol !== undefined && tokenFile !== undefined) {
    throw new Error('give the enrolment token once: --enrol-token-file FILE or --enrol TOKEN');
  }
  if (values.enrol !== undefined) {
    log.warn('--enrol TOKEN shows the token to every user of this PC while enrolling: prefer --enrol-token-file');
  }
  if (command === 'enrol' && credentialFile.read()) {
    // A reinstall or upgrade keeps the PC's identity (and its uninstall code): the token is not used again.
    log.info('already enrolled: keeping this PC’s credential');
    return;
  }
  const token = tokenFile !== undefined ? await readToken(tokenFile) : values.enrol;
  if (command === 'enrol' && token === undefined) throw new Error('enrol needs --enrol-token-file FILE');
  if (token !== undefined) {
    if (!values.server) throw new Error('enrolling needs --server URL');
    const credential = await enrolDevice(values.server, values['ca-pin'], {
      token,
      hostname: hostname(),
      os: osInfo(),
    });
    credentialFile.write(credential);
    // The token is not needed again: out of the process list too (the title overwrites the original argv).
    if (values.enrol !== undefined) process.title = 'lookout-agent';
    log.info(`enrolled as device ${credential.deviceId}`);
    if (command === 'enrol') return;
  }
  const credential = credentialFile.read();
  if (!credential) {
    throw new Error('this PC is not enrolled: run lookout-agent --server URL --ca-pin PIN --enrol-token-file FILE');
  }
  if (values.server && new URL(values.server).origin !== credential.serverUrl) {
    throw new Error(
      `enrolled with ${credential.serverUrl}, not ${values.server}: enrol again with --enrol-token-file FILE`,
    );
  }

  const simulated = values['simulate-windows'];
  const platform = platformFor(dataDir);
  const agent = await startAgentRuntime({
    credential,
    dataDir,
    platform: simulated
      ? { ...platform, windows: new SimulatedWindowSource(positiveInt(simulated, 'simulate-windows', 1)) }
      : platform,
    windowPollMs: positiveInt(values['window-poll-ms'], 'window-poll-ms', 250),
    batchSize: positiveInt(values['batch-size'], 'batch-size', 100),
    concernPort: values['concern-port'] === undefined ? 0 : positiveInt(values['concern-port'], 'concern-port', 0),
    bridgePort: values['bridge-port'] === '0' ? 0 : positiveInt(values['bridge-port'], 'bridge-port', 47100),
    log,
  });
  process.stdout.write(`Lookout agent running as device ${credential.deviceId}\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping`);
    // Stopping must not hang on anything (a browser's open connection, a stuck write): 5 s, then exit.
    setTimeout(() => {
      log.warn('not stopped after 5 s: exiting anyway');
      process.exit(1);
    }, 5000).unref();
    agent.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/** The uninstall code from the environment (`sudo LOOKOUT_UNINSTALL_CODE=… dpkg -r`) or a file, if any. */
async function uninstallCodeGiven(file: string | undefined): Promise<string | undefined> {
  const fromEnv = process.env.LOOKOUT_UNINSTALL_CODE;
  if (fromEnv?.trim()) return fromEnv;
  return readFile(file ?? '/etc/lookout/uninstall-code', 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
}

/** The enrolment token from a file, or from standard input for "-" (never from or into a log). */
async function readToken(path: string): Promise<string> {
  const content = path === '-' ? await text(process.stdin) : await readFile(path, 'utf8');
  const token = content.trim();
  if (!token || /\s/.test(token)) {
    throw new Error(`${path === '-' ? 'standard input' : path} holds no enrolment token (one token, one line)`);
  }
  return token;
}

main().catch((err: unknown) => {
  process.stderr.write(`lookout-agent: ${(err as Error).message}\n`);
  process.exit(1);
});
