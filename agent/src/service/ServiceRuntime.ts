import { browserProfileRoots, configuredExtensionId, watchExtensionIntegrity } from '../browser/ExtensionIntegrity.js';
import { EXTENSION_SOURCE } from '../browser/installExtension.js';
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CapabilityStatus, Command, SessionToServiceMessage } from '@lookout/shared';
import type { CommandOutcome } from '../core/CommandHandler.js';
import type { UplinkLog } from '../core/Uplink.js';
import { DeviceCore } from '../device/DeviceCore.js';
import type { AgentCredential } from '../enrolment/AgentCredentialFile.js';
import type { MediaWatcher } from '../platform/MediaWatcher.js';
import type { PeerCredentials, UidNames } from '../platform/PeerCredentials.js';
import type { UserDirectory } from '../platform/UserDirectory.js';
import type { UserSessions, SessionLaunch } from '../platform/UserSessions.js';
import type { VirusScanner } from '../platform/VirusScanner.js';
import type { CachedPolicy } from '../storage/PolicyCacheFile.js';
import { SessionChannelServer, type SessionConnection } from './SessionChannelServer.js';
import { ProtectedFile } from './ProtectedFile.js';

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
  batchSize: number;
  /**
   * How often each session agent is asked whether it is alive (default 10 s). One silent for three of these (a
   * pupil's `kill -STOP` keeps its socket open) is reported and ended, so that the watchdog starts it again.
   */
  sessionPingMs?: number;
  /** How long a command waits for the session agent's answer. */
  commandTimeoutMs?: number;
  log: UplinkLog & { error(message: string): void };
}

export interface RunningService {
  socketPath: string;
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

  // Policies: the lists they name first (downloaded once, kept where sessions can read them), then to every
  // session, then kept and reported. One at a time, in the order pushed.
  let latest: CachedPolicy | undefined = core.cachedPolicy;
  let applying: Promise<void> = Promise.resolve();
  const push = (c: SessionConnection, pushed: CachedPolicy) =>
    c.send({ type: 'policy', version: pushed.version, revision: pushed.revision, document: pushed.document });
  core.onPolicy((pushed, policy) => {
    applying = applying
      .then(async () => {
        await core.categoryLists(policy.urlCategories);
        latest = pushed;
        for (const c of connections.values()) push(c, pushed);
        await core.policyEnforced(pushed, policy);
      })
      .catch((err: Error) => log.warn(`policy ${pushed.revision ?? pushed.version} not applied: ${err.message}`));
  });
  if (core.current) await core.categoryLists(core.current.urlCategories);

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

  const handle = async (c: SessionConnection, m: SessionToServiceMessage): Promise<void> => {
    switch (m.type) {
      case 'pong':
        return; // heard: that is all a pong says
      case 'session-hello':
        c.capabilities = m.capabilities;
        return;
      case 'record': {
        // The user is the one the kernel named for this socket, whatever the session is.
        const event =
          m.event.type === 'keyword-matched'
            ? await core.raiseAlert(m.event.payload, c.user)
            : await core.record(m.event.type, m.event.payload, c.user);
        if (m.event.type === 'keyword-matched') c.raised.add(event.id);
        return c.send({ type: 'recorded', ref: m.ref, id: event.id });
      }
      case 'concern':
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
        });
        if (latest) push(c, latest);
        void options.sessions.describe(c.pid, c.uid, c.gid, c.user).then((launch) => {
          if (!launch || !connections.has(c.id)) return;
          launches.set(c.id, launch);
          uplink.heartbeatNow();
        });
      },
      message: (c, m) => {
        lastHeard.set(c.id, Date.now());
        return handle(c, m);
      },
      closed: (c) => {
        connections.delete(c.id);
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

  return {
    socketPath: options.socketPath,
    async stop() {
      stopping = true;
      clearInterval(pinger);
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
