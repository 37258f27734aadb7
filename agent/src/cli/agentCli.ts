import { homedir, hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { text } from 'node:stream/consumers';
import type { ServiceRuntimeOptions } from '../service/ServiceRuntime.js';
import type { SystemResolverSettings } from '../platform/SystemResolverSettings.js';
import { AgentCredentialFile } from '../enrolment/AgentCredentialFile.js';
import { osInfo } from '../osInfo.js';
// Everything else is imported by the command that needs it: the service never loads the session's X11, input,
// thumbnail and page modules, and a session agent never loads the outbox (SQLite), uplink or media control.
// (Issue 11: each process of an idle agent below 80 MB.)

const USAGE = `lookout-agent — the Lookout agent, headless

  lookout-agent --server URL --ca-pin PIN --enrol-token-file FILE   enrol this PC once, then run
  lookout-agent --server URL --ca-pin PIN --enrol-token-file -      the same, the token read from standard input
  lookout-agent                              run with the stored credential
  lookout-agent report-concern               open the report-a-concern page of the running agent
  lookout-agent service [--enrol-token-file FILE --server URL --ca-pin PIN]
                                             the service (root, one per PC; /usr/bin/lookout-service): the
                                             credential, outbox, uplink, policy cache, lists, media control and
                                             the session agents' channel and watchdog
  lookout-agent session                      a session agent (one per logged-in user; /usr/bin/lookout-session):
                                             window, input, screenshots, pages and the browser bridge, through
                                             the service
  lookout-agent                              development: everything in one process, as this user
  lookout-agent enrol --server URL --ca-pin PIN --enrol-token-file FILE
                                             enrol this PC if it is not enrolled yet, then exit (the package's
                                             install step)
  lookout-agent restore-dns [--resolv-conf PATH]
                                             put back the resolver settings the service's filtering resolver
                                             replaced (the package's removal runs it; default /etc/resolv.conf)
  lookout-agent bridge-public-key            print the service's public key (base64 SPKI) that the browser extension
                                             checks the bridge's answers with, making the key pair if there is none
                                             (root; the package's write-browser-policy puts it in the policy)
  lookout-agent check-uninstall-code         exit 0 if the uninstall code in LOOKOUT_UNINSTALL_CODE or
                                             --code-file FILE (default /etc/lookout/uninstall-code) is this PC's

Options:
  --server URL            the console, e.g. https://console.school.lan:8080 (plain http:// only on this PC)
  --enrol-token-file FILE an enrolment token from the console (Devices › Enrol), read from FILE ("-": stdin)
  --enrol TOKEN           the same on the command line (other users of the PC can read it there: prefer a file)
  --ca-pin PIN            the console CA's fingerprint given with the token (sha256/…): the agent trusts
                          only that CA, and sends the token and its credential to nothing else
  --data-dir DIR          where the credential and outbox live (env LOOKOUT_AGENT_DATA_DIR; the service's
                          default /var/lib/lookout-agent; a session's, its user's files)
  --cache-dir DIR         service: the URL category lists session agents read (default /var/cache/lookout-agent)
  --socket PATH           service and session: the local channel (default /run/lookout/session.sock)
  --enrol-only            enrol and exit (an installer's step; the service manager then runs the service)
  --session-log FILE      service: where the session agents it restarts write their output (default: nowhere)
  --window-poll-ms N      how often the active window is read where the OS does not report changes
                          (Windows, macOS; default 250; X11 reports them as they happen)
  --batch-size N          events per batch sent to the console (default 100)
  --concern-port N        port of the report-a-concern page on 127.0.0.1 (default: any free port)
  --bridge-port N         port of the browser extension's channel on 127.0.0.1 (default 47100; 0: any)
  --simulate-windows N    test mode: report N made-up window titles instead of the real ones
  --session-ping-ms N     the service: how often each session agent must answer (default 10000; three missed and
                          it is reported as tampering, ended and started again)
  --dns-port N            the service: run the filtering DNS resolver on 127.0.0.1 and ::1 port N, UDP and TCP
                          (the package: 53): names in the policy's blocked categories and block list fail
  --dns-upstream LIST     the service: resolvers to forward to (comma-separated, e.g. 10.0.0.2,10.0.0.3:53);
                          default those --resolv-conf had
  --resolv-conf PATH      the service: point the OS at the resolver by writing PATH (the package:
                          /etc/resolv.conf), putting back what was there when the service stops; where
                          /etc/resolv.conf belongs to systemd-resolved, the resolver goes behind resolved instead
                          (a drop-in in /etc/systemd/resolved.conf.d, removed when the service stops)
  --login-grace-ms N      the service: how long a graphical login may go without a session agent before the
                          service starts one and reports it as tampering (default 30000)
  --utmp FILE             the service: the login records read where systemd-logind keeps no sessions (default
                          /run/utmp, where display managers record graphical logins)
  --help`;

const COMMANDS = [
  'report-concern',
  'service',
  'session',
  'enrol',
  'check-uninstall-code',
  'restore-dns',
  'bridge-public-key',
];

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
      'cache-dir': { type: 'string' },
      socket: { type: 'string' },
      'session-log': { type: 'string' },
      'enrol-only': { type: 'boolean' },
      'code-file': { type: 'string' },
      'session-ping-ms': { type: 'string' },
      'dns-port': { type: 'string' },
      'dns-upstream': { type: 'string' },
      'resolv-conf': { type: 'string' },
      'login-grace-ms': { type: 'string' },
      utmp: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const mode = positionals[0];
  const dataDir =
    values['data-dir'] ??
    process.env.LOOKOUT_AGENT_DATA_DIR ??
    (mode === 'service' ||
    mode === 'enrol' ||
    mode === 'check-uninstall-code' ||
    mode === 'restore-dns' ||
    mode === 'bridge-public-key'
      ? '/var/lib/lookout-agent'
      : join(homedir(), '.local', 'share', 'lookout-agent'));
  const socketPath = values.socket ?? '/run/lookout/session.sock';
  if (positionals.length > 1) throw new Error(`unknown command "${positionals.join(' ')}" (see --help)`);
  if (mode !== undefined && !COMMANDS.includes(mode)) {
    throw new Error(`unknown command "${positionals.join(' ')}" (see --help)`);
  }
  if (mode === 'session') return runSession(values, dataDir, socketPath);
  if (mode === 'check-uninstall-code') {
    const { checkUninstallCode } = await import('../enrolment/uninstallCode.js');
    const credentialFile = new AgentCredentialFile(join(dataDir, 'credential.json'));
    const decision = checkUninstallCode(credentialFile.read(), await uninstallCodeGiven(values['code-file']));
    process.stderr.write(`lookout-agent: ${decision.reason}\n`);
    process.exitCode = decision.allowed ? 0 : 1;
    return;
  }
  if (mode === 'bridge-public-key') {
    const { BridgeVouching, BRIDGE_VOUCHING_KEY_FILE } = await import('../service/BridgeVouching.js');
    const vouching = await BridgeVouching.open(join(dataDir, BRIDGE_VOUCHING_KEY_FILE));
    process.stdout.write(`${vouching.publicKey}\n`);
    return;
  }
  if (mode === 'restore-dns') {
    const path = values['resolv-conf'] ?? '/etc/resolv.conf';
    const [{ ResolvConfFile }, { ResolvedDropIn }] = await Promise.all([
      import('../platform/portable/ResolvConfFile.js'),
      import('../platform/linux-x11/ResolvedDropIn.js'),
    ]);
    const restored = await new ResolvConfFile(path, join(dataDir, RESOLV_CONF_SAVED), undefined, 53, log).restore();
    // systemd-resolved's drop-in, when the service had put the filter behind resolved (real /etc only).
    const dropIn =
      path === '/etc/resolv.conf' && (await new ResolvedDropIn({ address: '127.0.0.1', port: 53, log }).restore());
    process.stderr.write(
      restored || dropIn
        ? `lookout-agent: ${restored ? path : 'systemd-resolved'} is as it was before the filtering resolver\n`
        : `lookout-agent: nothing to put back in ${path} (the service had not changed it, or already restored it)\n`,
    );
    return;
  }
  if (mode === 'report-concern') {
    const { CONCERN_URL_FILE } = await import('../AgentRuntime.js');
    const { platformFor } = await import('../platform/platform.js');
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
  const enrolOnly = mode === 'enrol' || values['enrol-only'] === true;
  if (mode === 'enrol' && credentialFile.read()) {
    // A reinstall or upgrade keeps the PC's identity (and its uninstall code): the token is not used again.
    log.info('already enrolled: keeping this PC’s credential');
    return;
  }
  const token = tokenFile !== undefined ? await readToken(tokenFile) : values.enrol;
  if (token !== undefined) {
    if (!values.server) throw new Error('enrolling needs --server URL');
    const { enrolDevice } = await import('../enrolment/enrolDevice.js');
    const credential = await enrolDevice(values.server, values['ca-pin'], {
      token,
      hostname: hostname(),
      os: osInfo(),
    });
    credentialFile.write(credential);
    // The token is not needed again: out of the process list too (the title overwrites the original argv).
    if (values.enrol !== undefined) process.title = 'lookout-agent';
    log.info(`enrolled as device ${credential.deviceId}`);
    // An installer enrols, then hands the running to the service manager.
    if (enrolOnly) return void process.stdout.write(`Lookout enrolled as device ${credential.deviceId}\n`);
  }
  if (enrolOnly) throw new Error('--enrol-only needs --enrol-token-file FILE (and --server, --ca-pin)');
  const credential = credentialFile.read();
  if (!credential) {
    throw new Error('this PC is not enrolled: run lookout-agent --server URL --ca-pin PIN --enrol-token-file FILE');
  }
  if (values.server && new URL(values.server).origin !== credential.serverUrl) {
    throw new Error(
      `enrolled with ${credential.serverUrl}, not ${values.server}: enrol again with --enrol-token-file FILE`,
    );
  }

  if (mode === 'service') {
    if (process.geteuid?.() !== 0) log.warn('the service is not running as root: it cannot restart session agents');
    const [
      { startService },
      { devicePlatformFor },
      { UnixPeerCredentials },
      { GetentUidNames },
      { LinuxUserSessions },
      { LinuxLoginSessions },
    ] = await Promise.all([
      import('../service/ServiceRuntime.js'),
      import('../platform/devicePlatform.js'),
      import('../platform/portable/UnixPeerCredentials.js'),
      import('../platform/portable/GetentUidNames.js'),
      import('../platform/linux-x11/LinuxUserSessions.js'),
      import('../platform/linux-x11/LinuxLoginSessions.js'),
    ]);
    const devicePlatform = devicePlatformFor();
    const service = await startService({
      credential,
      dataDir,
      cacheDir: values['cache-dir'] ?? '/var/cache/lookout-agent',
      socketPath,
      media: devicePlatform.media,
      scanner: devicePlatform.scanner,
      peers: new UnixPeerCredentials(),
      users: new GetentUidNames(),
      accounts: devicePlatform.accounts,
      sessions: new LinuxUserSessions(process.execPath, process.argv[1] ?? '', log, values['session-log']),
      batchSize: positiveInt(values['batch-size'], 'batch-size', 100),
      sessionPingMs: positiveInt(values['session-ping-ms'], 'session-ping-ms', 10_000),
      // The copies of X servers' authority files for the session agents it starts, beside the sessions' socket.
      logins: new LinuxLoginSessions({
        ...(values.utmp ? { utmp: values.utmp } : {}),
        xauthDir: join(dirname(socketPath), 'xauth'),
      }),
      loginGraceMs: positiveInt(values['login-grace-ms'], 'login-grace-ms', 30_000),
      sessionArgs: ['--socket', socketPath],
      vouchForBridge: true,
      log,
      ...(await resolverOptions(values, dataDir)),
    });
    process.stdout.write(`Lookout service running as device ${credential.deviceId} on ${socketPath}\n`);
    return stopOnSignals(() => service.stop());
  }

  if (values['dns-port'] !== undefined) throw new Error('--dns-port is the service’s (lookout-agent service)');
  const simulated = values['simulate-windows'];
  const { startAgentRuntime, platform } = await sessionModules(dataDir);
  const agent = await startAgentRuntime({
    credential,
    dataDir,
    platform: simulated ? { ...platform, windows: await simulatedWindows(simulated) } : platform,
    windowPollMs: positiveInt(values['window-poll-ms'], 'window-poll-ms', 250),
    batchSize: positiveInt(values['batch-size'], 'batch-size', 100),
    concernPort: values['concern-port'] === undefined ? 0 : positiveInt(values['concern-port'], 'concern-port', 0),
    bridgePort: values['bridge-port'] === '0' ? 0 : positiveInt(values['bridge-port'], 'bridge-port', 47100),
    bridgeTokenFile: process.env.LOOKOUT_BRIDGE_TOKEN_FILE || undefined,
    log,
  });
  process.stdout.write(`Lookout agent running as device ${credential.deviceId}\n`);
  stopOnSignals(() => agent.stop());
}

type Values = Record<string, string | boolean | undefined>;

/** What the OS's resolv.conf was before the service's resolver, in the service's data dir. */
const RESOLV_CONF_SAVED = 'resolv.conf.before-lookout';

/** The service's filtering resolver, when --dns-port asks for it. */
async function resolverOptions(
  values: { 'dns-port'?: string; 'dns-upstream'?: string; 'resolv-conf'?: string },
  dataDir: string,
): Promise<Pick<ServiceRuntimeOptions, 'resolver'>> {
  if (values['dns-port'] === undefined) {
    if (values['dns-upstream'] !== undefined || values['resolv-conf'] !== undefined) {
      throw new Error('--dns-upstream and --resolv-conf need --dns-port');
    }
    return {};
  }
  const [{ parseUpstream }, { linuxResolverSettings }] = await Promise.all([
    import('../service/DnsForwarder.js'),
    import('../platform/linux-x11/ResolvedDropIn.js'),
  ]);
  const upstreams = values['dns-upstream']?.split(',').map((text) => {
    const upstream = parseUpstream(text);
    if (!upstream) throw new Error(`--dns-upstream: "${text}" is not an address (192.0.2.1, 192.0.2.1:53, [::1]:53)`);
    return upstream;
  });
  // 0: any free port (tests; the log names it).
  const port = values['dns-port'] === '0' ? 0 : positiveInt(values['dns-port'], 'dns-port', 53);
  const resolvConf = values['resolv-conf'];
  let system: SystemResolverSettings | undefined;
  if (resolvConf) {
    const chosen = await linuxResolverSettings({
      resolvConfPath: resolvConf,
      savedPath: join(dataDir, RESOLV_CONF_SAVED),
      port,
      log,
    });
    log.info(`filtering resolver: the OS is pointed at it through ${chosen.kind}`);
    system = chosen.settings;
  }
  return { resolver: { port, ...(upstreams ? { upstreams } : {}), ...(system ? { system } : {}) } };
}

/** Written by the agent package's write-browser-policy, readable by every user of the PC. */
const PACKAGED_BRIDGE_TOKEN = '/etc/lookout/browser-bridge.token';

/** A session agent: the user's side, with the service as the PC's side. */
async function runSession(values: Values, dataDir: string, socketPath: string): Promise<void> {
  for (const option of [
    'server',
    'enrol',
    'enrol-token-file',
    'ca-pin',
    'cache-dir',
    'session-ping-ms',
    'dns-port',
    'dns-upstream',
    'resolv-conf',
    'login-grace-ms',
    'utmp',
  ]) {
    if (values[option] !== undefined) throw new Error(`--${option} is the service's, not a session agent's`);
  }
  const { ServiceClient } = await import('../session/ServiceClient.js');
  const service = new ServiceClient(socketPath, log);
  await service.connectFirst(30_000);
  const simulated = values['simulate-windows'] as string | undefined;
  const { startAgentRuntime, platform } = await sessionModules(dataDir);
  const concernPort = values['concern-port'] as string | undefined;
  const bridgePort = values['bridge-port'] as string | undefined;
  const agent = await startAgentRuntime({
    device: service,
    dataDir,
    platform: simulated ? { ...platform, windows: await simulatedWindows(simulated) } : platform,
    windowPollMs: positiveInt(values['window-poll-ms'] as string | undefined, 'window-poll-ms', 250),
    batchSize: 100,
    concernPort: concernPort === undefined ? 0 : positiveInt(concernPort, 'concern-port', 0),
    bridgePort: bridgePort === '0' ? 0 : positiveInt(bridgePort, 'bridge-port', 47100),
    // The package's per-PC key (what the browser policy hands the force-installed extension), also for a session
    // agent the service started itself, whose environment does not come from the lookout-session launcher.
    bridgeTokenFile:
      process.env.LOOKOUT_BRIDGE_TOKEN_FILE || (existsSync(PACKAGED_BRIDGE_TOKEN) ? PACKAGED_BRIDGE_TOKEN : undefined),
    log,
  });
  process.stdout.write(`Lookout session agent running for ${service.user ?? 'this user'}\n`);
  stopOnSignals(() => agent.stop());
}

/** What a session agent (or the single-process agent) runs: the agent runtime and this OS's adapters. */
async function sessionModules(dataDir: string) {
  const [{ startAgentRuntime }, { platformFor }] = await Promise.all([
    import('../AgentRuntime.js'),
    import('../platform/platform.js'),
  ]);
  return { startAgentRuntime, platform: platformFor(dataDir) };
}

async function simulatedWindows(count: string) {
  const { SimulatedWindowSource } = await import('../platform/simulated/SimulatedWindowSource.js');
  return new SimulatedWindowSource(positiveInt(count, 'simulate-windows', 1));
}

function stopOnSignals(stop: () => Promise<void>): void {
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
    stop().then(
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

/** The command line's command (lookoutAgent.ts, the entry point, runs it once it has taken SIGUSR1). */
export function runAgentCli(): void {
  main().catch((err: unknown) => {
    process.stderr.write(`lookout-agent: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
