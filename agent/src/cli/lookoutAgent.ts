#!/usr/bin/env node
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { CONCERN_URL_FILE, startAgentRuntime, osInfo } from '../AgentRuntime.js';
import { AgentCredentialFile } from '../enrolment/AgentCredentialFile.js';
import { enrolDevice } from '../enrolment/enrolDevice.js';
import { platformFor } from '../platform/platform.js';
import { SimulatedWindowSource } from '../platform/simulated/SimulatedWindowSource.js';

const USAGE = `lookout-agent — the Lookout agent, headless

  lookout-agent --server URL --ca-pin PIN --enrol-token-file FILE   enrol this PC once, then run
  lookout-agent --server URL --ca-pin PIN --enrol-token-file -      the same, the token read from standard input
  lookout-agent                              run with the stored credential
  lookout-agent report-concern               open the report-a-concern page of the running agent

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
  --simulate-windows N    test mode: report N made-up window titles instead of the real ones
  --help`;

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
  if (positionals.length > 0) {
    if (positionals[0] !== 'report-concern' || positionals.length > 1) {
      throw new Error(`unknown command "${positionals.join(' ')}" (see --help)`);
    }
    const url = await readFile(join(dataDir, CONCERN_URL_FILE), 'utf8').catch(() => {
      throw new Error('the agent is not running on this PC (no report-a-concern page to open)');
    });
    await platformFor(dataDir).urls.open(url.trim());
    return;
  }
  const credentialFile = new AgentCredentialFile(join(dataDir, 'credential.json'));

  const tokenFile = values['enrol-token-file'];
  if (values.enrol !== undefined && tokenFile !== undefined) {
    throw new Error('give the enrolment token once: --enrol-token-file FILE or --enrol TOKEN');
  }
  if (values.enrol !== undefined) {
    log.warn('--enrol TOKEN shows the token to every user of this PC while enrolling: prefer --enrol-token-file');
  }
  const token = tokenFile !== undefined ? await readToken(tokenFile) : values.enrol;
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
