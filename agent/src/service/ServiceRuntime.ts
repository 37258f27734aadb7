import { browserProfileRoots, configuredExtensionId, watchExtensionIntegrity } from '../browser/ExtensionIntegrity.js';
import { EXTENSION_SOURCE } from '../browser/installExtension.js';
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { NameFilter, type CapabilityStatus, type Command, type SessionToServiceMessage } from '@lookout/shared';
import type { CommandOutcome } from '../core/CommandHandler.js';
import type { UplinkLog } from '../core/Uplink.js';
import { SessionFloodGuard, type SessionTraffic } from '../core/SessionFloodGuard.js';
import { DeviceCore } from '../device/DeviceCore.js';
import type { AgentCredential } from '../enrolment/AgentCredentialFile.js';
import type { MediaWatcher } from '../platform/MediaWatcher.js';
import type { PeerCredentials, UidNames } from '../platform/PeerCredentials.js';
import type { SystemResolverSettings } from '../platform/SystemResolverSettings.js';
import type { UserDirectory } from '../platform/UserDirectory.js';
import type { UserSessions, SessionLaunch } from '../platform/UserSessions.js';
import type { GraphicalLogin, LoginSessions } from '../platform/LoginSessions.js';
import { MissingSessionAgents, sameDisplay } from '../core/MissingSessionAgents.js';
import type { VirusScanner } from '../platform/VirusScanner.js';
import type { CachedPolicy } from '../storage/PolicyCacheFile.js';
import type { DnsUpstream } from './DnsForwarder.js';
import { FilteringResolver } from './FilteringResolver.js';
import { SessionChannelServer, type SessionConnection } from './SessionChannelServer.js';
import { ProtectedFile } from './ProtectedFile.js';
import { BRIDGE_VOUCHING_KEY_FILE, BridgeVouching } from './BridgeVouching.js';

export interface ServiceRuntimeOptions {
  credential: AgentCredential;
  /** The credential, outbox and policy cache (root's alone: 0700). */
  dataDir: string;
  /** Root-owned and world-readable: the URL category lists session agents read. */
  cacheDir: string;
  socketPath: string;
  media: MediaWatcher;
  scanner: VirusScanner;
  peers: PeerCredentials;
  users: UidNames;
  /** Full names for the classroom wall (GECOS on Linux). */
  accounts: UserDirectory;
  sessions: UserSessions;
  /**
   * The OS's graphical logins, watched by the service itself: a login that has no genuine session agent within
   * `loginGraceMs` (default 30 s) gets one started by the service and is reported as tampering.
   */
  logins?: LoginSessions;
  loginGraceMs?: number;
  /** A session agent's arguments when the service starts one for a login (default: `--socket` this socket). */
  sessionArgs?: string[];
  batchSize: number;
  /**
   * Vouch for genuine session agents' browser-bridge answers with the service's key (BridgeVouching, kept in the
   * data dir; the package's browser policy hands its public key to the extension); false: it vouches for nothing.
   */
  vouchForBridge?: boolean;
  /**
   * How often each session agent is asked whether it is alive (default 10 s). One silent for three of these (a
   * pupil's `kill -STOP` keeps its socket open) is reported and ended, so that the watchdog starts it again.
   */
  sessionPingMs?: number;
  /** How long a command waits for the session agent's answer. */
  commandTimeoutMs?: number;
  log: UplinkLog & { error(message: string): void };
  /** The filtering DNS resolver for category lists at UT1 scale (off when absent). */
  resolver?: ServiceResolverOptions;
}

export interface ServiceResolverOptions {
  /** 53 on a managed PC. */
  port: number;
  /** Loopback addresses to listen on (default 127.0.0.1 and ::1). */
  addresses?: readonly string[];
  /** Upstreams a technician named; otherwise those the OS had (from `system`). */
  upstreams?: readonly DnsUpstream[];
  /** Points the OS at the resolver and puts its settings back at a clean stop; absent: the OS is left alone. */
  system?: SystemResolverSettings;
  /** How often the OS settings are re-read (a DHCP client rewriting resolv.conf); default 5 s. */
  checkMs?: number;
}

export interface RunningService {
  socketPath: string;
  /** The filtering resolver, when it runs. */
  resolver?: FilteringResolver;
  stop(): Promise<void>;
}

const NO_SESSION: CommandOutcome = { status: 'unsupported', detail: 'nobody is logged in (no session agent runs)' };

/**
 * The service (root, one per PC): the device credential, outbox, uplink, policy cache, category lists and
 * portable-media control, and the session agents' channel. Each session's events are stamped with the user the
 * kernel said connected; policies go out to every session; the console's commands go to the session of the user
 * who logged in last. A session agent that ends while its user is still logged in is started again and reported
 * to the technicians as tampering; stopping the service while someone is logged in is reported too.
 */
export async function startService(options: ServiceRuntimeOptions): Promise<RunningService> {
  const { log } = options;
  // The category lists (and anything else session agents read from us) must be readable by every user.
  process.umask(0o022);
  await mkdir(options.cacheDir, { recursive: true, mode: 0o755 });
  await chmod(options.cacheDir, 0o755);
  const listsDir = join(options.cacheDir, 'url-categories');
  await mkdir(listsDir, { recursive: true, mode: 0o755 });
  await chmod(listsDir, 0o755);

  const connections = new Map<number, SessionConnection>();
  const launches = new Map<number, SessionLaunch>();
  /** Session agents the service started for logins, by pid, until they say hello (what they can see). */
  const startedForLogin = new Map<number, GraphicalLogin>();
  /**
   * The session the console's commands go to: the session agent (started as one: not any program of the user's on
   * the socket, which could take a lock and not carry it out) of the user who logged in last.
   */
  const active = () =>
    [...connections.values()].filter((c) => launches.has(c.id)).sort((a, b) => b.connectedAt - a.connectedAt)[0];
  let mediaStatus: CapabilityStatus = { available: false, reason: 'not probed yet' };
  const core = await DeviceCore.open({
    credential: options.credential,
    dataDir: options.dataDir,
    categoryListsDir: listsDir,
    media: options.media,
    scanner: options.scanner,
    batchSize: options.batchSize,
    log,
    loggedInUser: () => active()?.user ?? null,
    displayName: (login) => options.accounts.displayName(login),
    capabilities: () => ({ ...active()?.capabilities, media: mediaStatus }),
    notify: (title, text) => {
      for (const c of connections.values()) c.send({ type: 'notify', title, text });
    },
  });
  const { uplink } = core;

  const dns = await startResolver(options.resolver, log);
  const filterFor = (lists: Awaited<ReturnType<DeviceCore['categoryLists']>>, policy: typeof core.current) => {
    if (!dns || !policy) return;
    const started = Date.now();
    const filter = NameFilter.build(lists, policy.policy.webFilter);
    dns.resolver.setFilter(filter);
    log.info(
      `filtering resolver: ${filter.categoryDomains} category domains in force (${Math.round(
        filter.byteLength / 1024 / 1024,
      )} MB, built in ${Date.now() - started} ms)`,
    );
  };
  // The browser bridge's answers, vouched for with a key only root holds (BridgeVouching).
  const vouching = options.vouchForBridge
    ? await BridgeVouching.open(join(options.dataDir, BRIDGE_VOUCHING_KEY_FILE))
    : undefined;

  // Policies: the lists they name first (downloaded once, kept where sessions can read them), then to every
  // session, then kept and reported. One at a time, in the order pushed.
  let latest: CachedPolicy | undefined = core.cachedPolicy;
  let applying: Promise<void> = Promise.resolve();
  const push = (c: SessionConnection, pushed: CachedPolicy) =>
    c.send({ type: 'policy', version: pushed.version, revision: pushed.revision, document: pushed.document });
  core.onPolicy((pushed, policy) => {
    applying = applying
      .then(async () => {
        filterFor(await core.categoryLists(policy.urlCategories), policy);
        latest = pushed;
        for (const c of connections.values()) push(c, pushed);
        await core.policyEnforced(pushed, policy);
      })
      .catch((err: Error) => log.warn(`policy ${pushed.revision ?? pushed.version} not applied: ${err.message}`));
  });
  if (core.current) filterFor(await core.categoryLists(core.current.urlCategories), core.current);
  // The OS is pointed at the resolver only once it blocks what the cached policy says.
  await dns?.takeOver();

  // Commands: to the active session, answered by its command-result (or a timeout).
  const waiting = new Map<string, { connection: number; resolve: (outcome: CommandOutcome) => void }>();
  uplink.handleCommandsWith(
    (id: string, command: Command) =>
      new Promise<CommandOutcome>((resolve) => {
        const target = active();
        if (!target) return resolve(NO_SESSION);
        const timer = setTimeout(() => {
          waiting.delete(id);
          resolve({ status: 'failed', detail: `${target.user}'s session agent did not answer` });
        }, options.commandTimeoutMs ?? 30_000);
        waiting.set(id, {
          connection: target.id,
          resolve: (outcome) => {
            clearTimeout(timer);
            waiting.delete(id);
            resolve(outcome);
          },
        });
        target.send({ type: 'command', id, command });
      }),
  );
  const evidenceFrom = new Map<string, number>();
  uplink.onEvidenceAck((id, refused) => {
    const owner = connections.get(evidenceFrom.get(id) ?? -1);
    evidenceFrom.delete(id);
    owner?.send({ type: 'evidence-ack', id, ...(refused ? { refused } : {}) });
  });
  uplink.onStateChange((state) => {
    for (const c of connections.values()) c.send({ type: 'console-state', ready: state === 'ready' });
  });

  // Rate limits on the channel: any program of a pupil's may connect and send, genuine session agent or not.
  const flood = new SessionFloodGuard(() => Date.now());
  const floodWords: Record<SessionTraffic, string> = { line: 'messages', record: 'events', alert: 'alerts' };
  const withinLimits = (c: SessionConnection, traffic: SessionTraffic): boolean => {
    const { admitted, newEpisode } = flood.admit(c.id, c.uid, traffic);
    if (newEpisode) {
      const who = launches.has(c.id) ? 'the session agent' : 'a program that is not the session agent';
      const detail = `${who} (pid ${c.pid}) of ${c.user} sent ${floodWords[traffic]} faster than a session agent does; the excess is dropped and counted until it stops for a minute`;
      log.warn(detail);
      // To the technicians (a tamper event in the device's activity), never the DSL's queue: itself not rate
      // limited, as it is recorded once an episode.
      void core.record('tamper', { kind: 'session-flood', osUser: c.user, detail }, c.user);
    }
    return admitted;
  };

  const handle = async (c: SessionConnection, m: SessionToServiceMessage): Promise<void> => {
    switch (m.type) {
      case 'pong':
        return; // heard: that is all a pong says
      case 'session-hello': {
        c.capabilities = m.capabilities;
        // What the active session can do is in the heartbeat: a later hello (after it has probed the desktop)
        // goes to the console now, not at the next heartbeat.
        if (active() === c) uplink.heartbeatNow();
        // A session agent the service started for a login, which cannot open the login's display (an X authority
        // the server refuses, a display gone): running, but blind to the desktop. The technicians hear of it.
        const login = startedForLogin.get(c.pid);
        const window = m.capabilities.window;
        // The first hello, sent on connecting, may come before the agent has probed anything: a later one says.
        if (!login || login.uid !== c.uid || !window) return;
        startedForLogin.delete(c.pid);
        if (!window.available) {
          const detail = `the session agent the service started for ${login.user} on ${login.display} (pid ${c.pid}) cannot use the display: ${
            window.reason ?? 'no reason given'
          }`;
          log.warn(detail);
          await core.record('tamper', { kind: 'session-agent-missing', osUser: c.user, detail }, c.user);
        }
        return;
      }
      case 'bridge-vouch':
        // Only for a session agent started as one: a pupil's program that took the bridge's port gets nothing.
        return c.send({
          type: 'bridge-vouched',
          ref: m.ref,
          ...(vouching && launches.has(c.id)
            ? {
                signature: vouching.vouch({
                  nonce: m.nonce,
                  method: m.method,
                  path: m.path,
                  requestSha256: m.requestSha256,
                  status: m.status,
                  bodySha256: m.bodySha256,
                }),
              }
            : {}),
        });
      case 'record': {
        if (!withinLimits(c, m.event.type === 'keyword-matched' ? 'alert' : 'record')) {
          return c.send({ type: 'refused', ref: m.ref, message: 'dropped: more events than a session agent sends' });
        }
        // The user is the one the kernel named for this socket, whatever the session is.
        const event =
          m.event.type === 'keyword-matched'
            ? await core.raiseAlert(m.event.payload, c.user)
            : await core.record(m.event.type, m.event.payload, c.user);
        if (m.event.type === 'keyword-matched') c.raised.add(event.id);
        return c.send({ type: 'recorded', ref: m.ref, id: event.id });
      }
      case 'concern':
        // A concern reaches the DSL as an alert does, and is limited with them (the page says it was not sent).
        if (!withinLimits(c, 'alert')) return c.send({ type: 'concern-taken', ref: m.ref, delivered: false });
        return c.send({ type: 'concern-taken', ref: m.ref, delivered: await core.reportConcern(m.form, c.user) });
      case 'evidence': {
        if (!c.raised.has(m.eventId)) {
          throw new Error(`evidence ${m.id} refused: event ${m.eventId} is not an alert this session raised`);
        }
        evidenceFrom.set(m.id, c.id);
        uplink.sendEvidence({
          id: m.id,
          eventId: m.eventId,
          capturedAt: m.capturedAt,
          jpeg: Buffer.from(m.jpeg, 'base64'),
        });
        return;
      }
      case 'thumbnail': {
        if (active() !== c) throw new Error('thumbnails are taken from the active session only');
        const { type: _type, jpeg, ...frame } = m;
        return uplink.sendThumbnail({ ...frame, jpeg: Buffer.from(jpeg, 'base64') });
      }
      case 'command-result': {
        const pending = waiting.get(m.commandId);
        if (!pending || pending.connection !== c.id) {
          throw new Error(`command ${m.commandId} was not given to this session`);
        }
        return pending.resolve({ status: m.status, ...(m.detail !== undefined ? { detail: m.detail } : {}) });
      }
    }
  };

  let stopping = false;
  const channel = new SessionChannelServer(
    options.socketPath,
    options.peers,
    options.users,
    {
      connected: (c) => {
        connections.set(c.id, c);
        log.info(`session agent of ${c.user} connected (pid ${c.pid})`);
        c.send({
          type: 'service-welcome',
          user: c.user,
          consoleReady: uplink.currentState === 'ready',
          categoryListsDir: listsDir,
          ...(vouching ? { bridgeKey: vouching.publicKey } : {}),
        });
        if (latest) push(c, latest);
        void options.sessions.describe(c.pid, c.uid, c.gid, c.user).then((launch) => {
          if (!launch || !connections.has(c.id)) return;
          launches.set(c.id, launch);
          uplink.heartbeatNow();
        });
      },
      admit: (c) => withinLimits(c, 'line'),
      message: (c, m) => {
        lastHeard.set(c.id, Date.now());
        return handle(c, m);
      },
      closed: (c) => {
        connections.delete(c.id);
        flood.closed(c.id);
        lastHeard.delete(c.id);
        for (const w of waiting.values())
          if (w.connection === c.id) w.resolve({ status: 'failed', detail: 'the session agent ended' });
        const launch = launches.get(c.id);
        launches.delete(c.id);
        if (launch && !stopping) uplink.heartbeatNow();
        if (!stopping) void watchdog(c, launch);
      },
    },
    log,
  );

  // Liveness: a stopped (SIGSTOP) or wedged session agent keeps its socket open but captures nothing.
  const pingMs = options.sessionPingMs ?? 10_000;
  const lastHeard = new Map<number, number>();
  let pings = 0;
  const pinger = setInterval(() => {
    const now = Date.now();
    for (const ended of flood.sweep()) {
      const d = ended.dropped;
      log.warn(
        `session flood from uid ${ended.uid} over after ${Math.round((ended.lastDropAt - ended.startedAt) / 1000)} s: ` +
          `dropped ${d.line} messages unread, ${d.record} events and ${d.alert} alerts or concerns`,
      );
    }
    for (const c of connections.values()) {
      // Only a genuine session agent is judged (and ended): anything else on the socket is merely ignored.
      if (!launches.has(c.id)) continue;
      const heard = lastHeard.get(c.id) ?? now;
      if (!lastHeard.has(c.id)) lastHeard.set(c.id, now);
      if (now - heard > 3 * pingMs) {
        lastHeard.set(c.id, now);
        const detail = `the session agent (pid ${c.pid}) of ${c.user} stopped answering for ${Math.round(
          (now - heard) / 1000,
        )} s; ended so that it is started again`;
        log.warn(detail);
        void core.record('tamper', { kind: 'session-unresponsive', osUser: c.user, detail }, c.user);
        try {
          process.kill(c.pid, 'SIGKILL');
        } catch (err) {
          log.warn(`session agent pid ${c.pid} not ended: ${(err as Error).message}`);
        }
        continue;
      }
      c.send({ type: 'ping', n: ++pings });
    }
  }, pingMs);
  pinger.unref();

  /** A session agent gone while its user is still logged in was ended by someone: start it again, and say so. */
  const watchdog = async (c: SessionConnection, launch: SessionLaunch | undefined): Promise<void> => {
    if (!launch) return log.warn(`session agent of ${c.user} (pid ${c.pid}) ended; not restartable (unknown start)`);
    if (!(await options.sessions.stillLoggedIn(launch))) {
      return log.info(`session agent of ${c.user} ended with the user's session`);
    }
    if (stopping) return;
    const endedAt = Date.now();
    let detail: string;
    try {
      const pid = options.sessions.start(launch);
      detail = `the session agent (pid ${c.pid}) ended while ${c.user} was logged in; restarted as pid ${pid} after ${
        Date.now() - endedAt
      } ms`;
    } catch (err) {
      detail = `the session agent (pid ${c.pid}) ended while ${c.user} was logged in and could not be restarted: ${
        (err as Error).message
      }`;
    }
    log.warn(detail);
    await core.record('tamper', { kind: 'session-restarted', osUser: c.user, detail }, c.user);
  };

  // Logins with no session agent: a pupil who disables the autostart entry is not left unmonitored.
  const missing = new MissingSessionAgents(options.loginGraceMs ?? 30_000);
  const sessionArgs = options.sessionArgs ?? ['--socket', options.socketPath];
  const covered = (login: GraphicalLogin) =>
    [...connections.values()].some((c) => {
      const launch = launches.get(c.id);
      return (
        launch !== undefined &&
        c.uid === login.uid &&
        sameDisplay(login.display, launch.env.DISPLAY ?? launch.env.WAYLAND_DISPLAY)
      );
    });
  const startForLogin = async (login: GraphicalLogin, startedBefore: number): Promise<void> => {
    const waited = `${Math.round((options.loginGraceMs ?? 30_000) / 1000)} s`;
    const again = startedBefore > 0 ? ` (the service had started one ${startedBefore} time(s) before)` : '';
    let detail: string;
    let hidden = '';
    try {
      const env = await options.logins!.environment(login);
      const pid = options.sessions.start({ uid: login.uid, gid: login.gid, user: login.user, args: sessionArgs, env });
      if (startedForLogin.size >= 100) startedForLogin.clear(); // agents that never said hello: forgotten
      startedForLogin.set(pid, login);
      // The usual way round the login autostart: the user's own entry of the same name. Gone by the next login.
      const removed = await options.logins!.removeAutostartOverride(login, env).catch((err: Error) => {
        log.warn(`${login.user}'s autostart override not removed: ${err.message}`);
        return undefined;
      });
      if (removed) hidden = `; their own ${removed} hid the login autostart entry and was removed`;
      detail = `${login.user} logged in on ${login.display} and no session agent connected within ${waited}${again}; the service started one (pid ${pid})${hidden}`;
    } catch (err) {
      detail = `${login.user} logged in on ${login.display} and no session agent connected within ${waited}${again}; none could be started: ${
        (err as Error).message
      }`;
    }
    log.warn(detail);
    await core.record('tamper', { kind: 'session-agent-missing', osUser: login.user, detail }, login.user);
  };
  let checking: Promise<void> | undefined;
  let checkAgain = false;
  const checkLogins = (): void => {
    if (!options.logins || stopping) return;
    if (checking) {
      checkAgain = true;
      return;
    }
    checking = (async () => {
      do {
        checkAgain = false;
        const logins = await options.logins!.current();
        for (const { login, startedBefore } of missing.due(logins, covered, Date.now())) {
          if (!stopping) await startForLogin(login, startedBefore);
        }
      } while (checkAgain && !stopping);
    })()
      .catch((err: Error) => log.warn(`graphical logins not read: ${err.message}`))
      .finally(() => (checking = undefined));
  };
  const unwatchLogins = options.logins?.watch(checkLogins);
  // Polled too (a missed inotify event, and the grace period running out with nothing changing).
  const loginPoll = setInterval(
    checkLogins,
    Math.max(100, Math.min(5000, Math.floor((options.loginGraceMs ?? 30_000) / 3))),
  );
  loginPoll.unref();

  const policyFile = new ProtectedFile(
    core.policyCacheFile.path,
    async () => {
      await core.policyCacheFile.saved;
      return core.policyCacheFile.content;
    },
    (detail) => {
      log.warn(detail);
      void core.record('tamper', { kind: 'protected-file-changed', osUser: null, detail }, active()?.user ?? null);
    },
    log,
  );
  policyFile.start();
  // The Lookout extension in every browser profile on this PC: a changed, disabled or removed copy is tampering.
  const stopExtensionChecks = watchExtensionIntegrity({
    sourceDir: EXTENSION_SOURCE,
    extensionId: configuredExtensionId(),
    roots: () => browserProfileRoots(),
    everyMs: 10_000,
    warn: (message) => log.warn(message),
    report: (state) =>
      void options.users.nameOf(state.uid).then((osUser) => {
        const detail = `${state.profile}: ${state.detail}`;
        log.warn(detail);
        return core.record('tamper', { kind: 'extension-changed', osUser: osUser ?? null, detail }, osUser ?? null);
      }),
  });
  await channel.start();
  mediaStatus = await options.media.probe();
  if (!mediaStatus.available) log.warn(`media unavailable: ${mediaStatus.reason ?? 'unknown reason'}`);
  core.start(mediaStatus.available);
  checkLogins();

  return {
    socketPath: options.socketPath,
    ...(dns ? { resolver: dns.resolver } : {}),
    async stop() {
      stopping = true;
      // A clean stop (a technician, the package's removal) gives the PC its own resolvers back; a crash leaves
      // resolv.conf naming the resolver, so names fail closed until systemd has the service back.
      await dns?.stop();
      clearInterval(pinger);
      clearInterval(loginPoll);
      unwatchLogins?.();
      await checking;
      policyFile.stop();
      stopExtensionChecks();
      const inUse = active();
      await channel.stop();
      if (inUse) {
        // Said before going: the console shows "monitoring stopped while in use" from this event.
        await core.record(
          'tamper',
          {
            kind: 'service-stopped',
            osUser: inUse.user,
            detail: `monitoring stopped while ${inUse.user} was logged in`,
          },
          inUse.user,
        );
        await deliverWithin(core, 3000);
      }
      await core.stop();
    },
  };
}

/** Waits (bounded) until the console has acknowledged everything in the outbox. */
async function deliverWithin(core: DeviceCore, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until && core.uplink.currentState === 'ready' && (await core.outbox.count()) > 0) {
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The filtering resolver, listening before the OS is pointed at it; its upstreams re-read every few seconds. */
async function startResolver(
  options: ServiceResolverOptions | undefined,
  log: UplinkLog & { error(message: string): void },
): Promise<{ resolver: FilteringResolver; takeOver(): Promise<void>; stop(): Promise<void> } | undefined> {
  if (!options) return undefined;
  let upstreams: readonly DnsUpstream[] = options.upstreams ?? [];
  const resolver = new FilteringResolver({
    port: options.port,
    ...(options.addresses ? { addresses: options.addresses } : {}),
    upstreams: () => upstreams,
    log,
  });
  try {
    await resolver.start();
  } catch (err) {
    // Another resolver holds the port (dnsmasq, a technician's own): the service goes on without this one, and the
    // OS is left pointing where it did. The browser's rules and the agent still filter.
    log.error(`filtering resolver not started: ${(err as Error).message}; the OS's resolver settings are left alone`);
    return undefined;
  }
  const system = options.system;
  let timer: NodeJS.Timeout | undefined;
  let said = '';
  const refresh = async () => {
    if (!system) return;
    try {
      const found = await system.check();
      if (!options.upstreams) upstreams = found;
    } catch (err) {
      log.warn(`filtering resolver: the OS's resolver settings could not be read: ${(err as Error).message}`);
    }
    const now = upstreams.map((u) => `${u.address}:${u.port}`).join(', ') || 'none';
    if (now !== said) {
      said = now;
      if (upstreams.length === 0) log.warn('filtering resolver: no upstream resolvers known; every lookup fails');
      else log.info(`filtering resolver: forwarding to ${now}`);
    }
  };
  return {
    resolver,
    async takeOver() {
      if (system) await system.takeOver();
      await refresh();
      timer = setInterval(() => void refresh(), options.checkMs ?? 5000);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      if (system) {
        await system
          .restore()
          .catch((err: Error) =>
            log.error(`filtering resolver: the OS's resolver settings not restored: ${err.message}`),
          );
      }
      await resolver.stop();
    },
  };
}
