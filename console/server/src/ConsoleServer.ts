import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server as HttpsServer } from 'node:https';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PasswordHasher } from './auth/PasswordHasher.js';
import { SESSION_COOKIE, SessionService } from './auth/SessionService.js';
import { StaffAccess } from './auth/StaffAccess.js';
import { PasswordPolicy } from './auth/PasswordPolicy.js';
import { SecondFactor } from './auth/SecondFactor.js';
import { DEFAULT_SIGN_IN_LIMIT } from './auth/SignInLimit.js';
import { StaffSecurity } from './auth/StaffSecurity.js';
import { StaffAccountService } from './services/StaffAccountService.js';
import { overviewRoutes } from './http/routes/overviewRoutes.js';
import type { ConsoleConfig } from './config/ConsoleConfig.js';
import { createLogger, type Logger } from './config/Logger.js';
import type { ConsoleServices } from './ConsoleServices.js';
import { AgentGateway } from './gateway/AgentGateway.js';
import { ConnectionLimiter } from './gateway/ConnectionLimiter.js';
import { createHttpApp } from './http/createHttpApp.js';
import { createUpgradeListener } from './http/upgradeRouter.js';
import { AgentIntake, DEFAULT_INTAKE } from './gateway/AgentIntake.js';
import { deviceRoutes } from './http/routes/deviceRoutes.js';
import { enrolmentRoutes } from './http/routes/enrolmentRoutes.js';
import { sessionRoutes } from './http/routes/sessionRoutes.js';
import { systemRoutes } from './http/routes/systemRoutes.js';
import { userRoutes } from './http/routes/userRoutes.js';
import { roomRoutes } from './http/routes/roomRoutes.js';
import { commandRoutes } from './http/routes/commandRoutes.js';
import { CommandService } from './services/CommandService.js';
import { AlertService } from './services/AlertService.js';
import { KeywordLibraryService } from './services/KeywordLibraryService.js';
import { AlertStore } from './store/AlertStore.js';
import { EvidenceStore } from './store/EvidenceStore.js';
import { alertRoutes } from './http/routes/alertRoutes.js';
import { notificationRoutes } from './http/routes/notificationRoutes.js';
import { NotificationService } from './notifications/NotificationService.js';
import { NotificationStore } from './store/NotificationStore.js';
import { caseRoutes } from './http/routes/caseRoutes.js';
import { SafeguardingReports } from './reports/SafeguardingReports.js';
import { CaseService } from './services/CaseService.js';
import { ConcernIntake } from './services/ConcernIntake.js';
import { ExceptionProposalService } from './services/ExceptionProposalService.js';
import { RetentionService } from './services/RetentionService.js';
import { SettingsService } from './services/SettingsService.js';
import { SensitiveAccess } from './services/SensitiveAccess.js';
import { EvidenceIntake } from './services/EvidenceIntake.js';
import { PolicyService } from './services/PolicyService.js';
import { PolicyDistributor } from './services/PolicyDistributor.js';
import { policyRoutes } from './http/routes/policyRoutes.js';
import { CaseStore } from './store/CaseStore.js';
import { keywordRoutes } from './http/routes/keywordRoutes.js';
import { dashboardRoutes } from './http/routes/dashboardRoutes.js';
import { LeadershipDashboard } from './reports/LeadershipDashboard.js';
import { DashboardStore } from './store/DashboardStore.js';
import { RoomDirectory } from './services/RoomDirectory.js';
import { RoomService } from './services/RoomService.js';
import { RoomStore } from './store/RoomStore.js';
import { LiveHub } from './live/LiveHub.js';
import { ThumbnailArchive } from './live/ThumbnailArchive.js';
import { ConsoleBus } from './services/ConsoleBus.js';
import { DeviceService } from './services/DeviceService.js';
import { AuditLog } from './store/AuditLog.js';
import { DeviceStore } from './store/DeviceStore.js';
import { EnrolmentTokenStore } from './store/EnrolmentTokenStore.js';
import { EventStore, type EventAppender } from './store/EventStore.js';
import { EventWriterWorker } from './store/EventWriterWorker.js';
import { consoleMigrations } from './store/migrations.js';
import { ConsoleDatabase, type Transactor } from './store/ConsoleDatabase.js';
import { ExceptionProposalStore } from './store/ExceptionProposalStore.js';
import { KeywordLibraryStore } from './store/KeywordLibraryStore.js';
import { SettingStore } from './store/SettingStore.js';
import { JustificationStore } from './store/JustificationStore.js';
import { GroupStore } from './store/GroupStore.js';
import { LessonLimitStore } from './store/LessonLimitStore.js';
import { MediaGrantStore } from './store/MediaGrantStore.js';
import { PolicyStore } from './store/PolicyStore.js';
import { UrlCategoryStore } from './store/UrlCategoryStore.js';
import { GROUP_COMMIT_MAX_EVENTS, GroupCommitWriter } from './store/GroupCommitWriter.js';
import { StaffStore } from './store/StaffStore.js';
import { consoleUrl, type ConsoleAddress } from './services/EnrolmentInstructions.js';
import { extensionKey, packExtension } from './extension/ExtensionPackage.js';
import { extensionRoutes } from './http/routes/extensionRoutes.js';
import { consoleTlsFor } from './tls/ConsoleCertificates.js';
import { reportRoutes } from './http/routes/reportRoutes.js';
import { MonitoringReports } from './reports/MonitoringReports.js';
import { WeeklyReportScheduler } from './reports/WeeklyReportScheduler.js';
import { CheckService } from './services/CheckService.js';
import { CheckStore } from './store/CheckStore.js';
import { ReportStore } from './store/ReportStore.js';
import { PolicyDocument } from '@lookout/shared';
import { UNINSTALL_CODE_SECRET_FILE, UninstallCodes } from './services/UninstallCodes.js';

export const CONSOLE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** How often what heartbeats bring (last seen, clock skew) is written. */
const PRESENCE_FLUSH_MS = 10_000;

export interface RunningConsole {
  url: string;
  port: number;
  /** Set only on the first start, when the first admin was created with a generated password. */
  firstAdmin: { username: string; password: string; generated: boolean } | undefined;
  close(): Promise<void>;
}

/** Wires stores, services, the agent gateway, the live hub and the HTTP app, and listens. */
export async function startConsole(config: ConsoleConfig, now: () => Date = () => new Date()): Promise<RunningConsole> {
  const log: Logger = createLogger('lookout-console', config.quiet);
  const databaseFile = join(config.dataDir, 'console.sqlite');
  const db = await ConsoleDatabase.open(databaseFile, consoleMigrations);
  const bus = new ConsoleBus();
  const audit = new AuditLog(db, now);
  const staff = new StaffStore(db, now);
  // Events, heartbeats and the like reach the disk through one writer, many devices' batches a commit
  // (gathered for up to 10 ms: an ack waits that much longer, the disk writes far less).
  // A group holds at most GROUP_COMMIT_MAX_EVENTS events (tens of ms of SQLite's work): the rest go in the next,
  // after a turn of I/O, so a restart's replay cannot keep accepts and hellos waiting for seconds.
  const writer = new GroupCommitWriter(db, 10, GROUP_COMMIT_MAX_EVENTS);
  const deviceStore = new DeviceStore(db, writer, now);
  const events = new EventStore(db, writer, now);
  // Agents' batches are stored in this thread by default (measured faster at 5,000 PCs: README, Load), or by a
  // thread of their own when asked (its own connection, the same EventStore), where the thread's module is built
  // (not the TypeScript sources under test) and on SQLite.
  const eventWriter: EventWriterWorker | undefined =
    config.eventWriter === 'thread' && db.dialect === 'sqlite' && EventWriterWorker.available()
      ? await EventWriterWorker.start(databaseFile, { groupWindowMs: 10, log, now })
      : undefined;
  if (config.eventWriter === 'thread' && !eventWriter) {
    log.warn(
      'LOOKOUT_EVENT_WRITER=thread: no writer thread here (built console on SQLite only); events stored in the main thread',
    );
  }
  const agentEvents: EventAppender = eventWriter ?? events;
  const passwords = new PasswordHasher();
  const staffSecurity = new StaffSecurity(staff);
  await staffSecurity.load();
  const secondFactor = new SecondFactor('Lookout', now);
  const sessions = new SessionService(
    db,
    staff,
    passwords,
    secondFactor,
    staffSecurity,
    audit,
    bus,
    {
      limits: { idleMs: config.sessionIdleSeconds * 1000, lifetimeMs: config.sessionLifetimeSeconds * 1000 },
      signInLimit: DEFAULT_SIGN_IN_LIMIT,
      ...(config.sessionSweepSeconds ? { sweepMs: config.sessionSweepSeconds * 1000 } : {}),
    },
    now,
  );
  const accounts = new StaffAccountService(
    db,
    staff,
    passwords,
    new PasswordPolicy(),
    secondFactor,
    staffSecurity,
    sessions,
    audit,
    bus,
    now,
  );
  const directory = new RoomDirectory();
  const access = new StaffAccess(directory);
  const devices = new DeviceService(
    db,
    deviceStore,
    new EnrolmentTokenStore(db, now),
    audit,
    bus,
    now,
    UninstallCodes.open(join(config.dataDir, UNINSTALL_CODE_SECRET_FILE)),
  );
  const evidence = new EvidenceStore(db, join(config.dataDir, 'evidence'), now);
  const alertStore = new AlertStore(db);
  const evidenceIntake = new EvidenceIntake(db, alertStore, evidence, config.evidenceLimits, now);
  // Agent connections taken in at once; the rest are told when to come back (503 + Retry-After).
  const intake = new AgentIntake({ ...DEFAULT_INTAKE, maxPending: config.agentIntakeMaxPending }, () =>
    performance.now(),
  );
  const gateway = new AgentGateway(
    devices,
    deviceStore,
    agentEvents,
    bus,
    log,
    {
      heartbeatIntervalMs: config.agentHeartbeatSeconds * 1000,
      helloTimeoutMs: config.agentHelloTimeoutMs,
      pacing: {
        ...(config.replayWindowEvents ? { windowEvents: config.replayWindowEvents } : {}),
        ...(config.replayGrantMs ? { grantTtlMs: config.replayGrantMs } : {}),
      },
      intake,
    },
    evidenceIntake,
    new ConcernIntake(alertStore, now),
  );
  const keywords = new KeywordLibraryService(db, new KeywordLibraryStore(db), audit, now);
  await keywords.load();
  const settings = new SettingsService(db, new SettingStore(db), audit, now);
  await settings.load();
  const policies = new PolicyService(
    db,
    {
      policies: new PolicyStore(db),
      groups: new GroupStore(db),
      urlCategories: new UrlCategoryStore(db),
      mediaGrants: new MediaGrantStore(db),
      lessonLimits: new LessonLimitStore(db),
      runningRevision: (deviceId) => deviceStore.policyRevision(deviceId),
    },
    devices,
    directory,
    keywords,
    settings,
    audit,
    now,
    config.timeZone,
  );
  // Each category list carries its test address on the console's host as agents know it (checks).
  policies.useCheckHost(config.publicHost);
  await policies.load();
  gateway.setPolicy((deviceId) => policies.policyFor(deviceId));
  // A change reaches the connected PCs it concerns (only those whose document changed get a frame); heartbeats,
  // windows and connections are no policy input and never start this.
  const distributor = new PolicyDistributor(
    {
      devicesIn: (target) => policies.devicesIn(target),
      connected: () => gateway.connectedDeviceIds(),
      isConnected: (deviceId) => gateway.isConnected(deviceId),
      push: (deviceId) => gateway.pushPolicy(deviceId),
      schedule: (run, ms) => {
        // A round's next slice runs right after this turn's I/O (setImmediate), not behind the timers of the
        // next turn: under load a turn is long, and a school-wide change must reach 10,000 PCs in seconds.
        if (ms === 0) {
          const immediate = setImmediate(run);
          return () => clearImmediate(immediate);
        }
        const timer = setTimeout(run, ms);
        return () => clearTimeout(timer);
      },
      onError: (deviceId, err) => log.error(`policy for ${deviceId}: ${err.stack ?? err.message}`),
    },
    // A slice is a few milliseconds (the documents are memoised, each frame serialised once per document).
    { delayMs: 50, sliceSize: 1000 },
  );
  keywords.onChange(() => distributor.invalidate({ scope: 'school' }));
  // Only the safeguarding contacts are in the document; retention and sensitivity are not.
  settings.onChange((key) => {
    if (key === 'safeguarding') distributor.invalidate({ scope: 'school' });
  });
  policies.onInputsChanged((target) => distributor.invalidate(target));
  bus.on('device-user-changed', (deviceId, user) => {
    policies.setDeviceUser(deviceId, user);
    distributor.invalidate({ scope: 'device', id: deviceId });
  });
  bus.on('device-room-changed', (deviceId) => distributor.invalidate({ scope: 'device', id: deviceId }));
  policies.startClock();
  const gate = new SensitiveAccess(db, new JustificationStore(db), keywords, settings, audit, now);
  const alerts = new AlertService(alertStore, evidence, devices, directory, access, keywords, gate, {
    teachersSeeAlerts: config.teachersSeeAlerts,
  });
  const proposals = new ExceptionProposalService(db, new ExceptionProposalStore(db), alertStore, keywords, audit, now);
  const caseStore = new CaseStore(db, now);
  const cases = new CaseService(db, caseStore, alertStore, alerts, staff, proposals, audit, now);
  cases.onAlertsChanged((ids) => bus.emit('alerts-updated', ids));
  const reports = new SafeguardingReports(
    events,
    cases,
    caseStore,
    alerts,
    gate,
    alertStore,
    evidence,
    settings,
    audit,
    now,
    config.timeZone,
  );
  const retention = new RetentionService(db, events, alertStore, evidence, settings, audit, now);
  const hub = new LiveHub(devices, access, directory, gateway, bus, log, {
    thumbnailIntervalMs: config.thumbnailIntervalMs,
    archive: new ThumbnailArchive(join(config.dataDir, 'thumbnails'), config.thumbnailRetentionSeconds, now, log.warn),
    alerts,
    sessionInForce: (id) => sessions.liveActivity(id),
    sessionExists: (id) => sessions.exists(id),
    // As often as expired sessions are swept: at most 30 s.
    sessionRecheckMs: config.sessionSweepSeconds
      ? config.sessionSweepSeconds * 1000
      : Math.max(250, Math.min(30_000, (config.sessionIdleSeconds * 1000) / 4)),
  });
  const rooms = new RoomService(db, new RoomStore(db, now), deviceStore, staff, directory, audit, bus);
  await rooms.load();
  bus.on('device-hostname-changed', (deviceId) => {
    rooms
      .applyHostnamePatterns(deviceId)
      .catch((err: Error) => log.error(`placing devices by hostname: ${err.message}`));
  });
  const commands = new CommandService(gateway, devices, directory, access, audit);
  // The console's address for links in mail is known once it listens; settings may name another (a proxy's).
  const consoleAddress = { url: '' };
  const notifications = new NotificationService(db, new SettingStore(db), new NotificationStore(db), audit, {
    schoolName: () => settings.get('safeguarding').schoolName,
    // An id the libraries do not know came from a device: never put its text into mail.
    categoryName: (id) => keywords.categoryOf(id)?.name ?? 'Unknown category',
    timeZone: config.timeZone,
    get consoleUrl() {
      return consoleAddress.url;
    },
    now,
    log,
  });
  await notifications.load();
  // A new high-risk alert is looked at as it arrives (keyword alerts come as events, concerns on their own).
  bus.on('alert-raised', () => notifications.check());
  bus.on('events-stored', (stored) => {
    if (stored.some((e) => e.type === 'keyword-matched')) notifications.check();
  });
  const monitoringReports = new MonitoringReports(
    db,
    new SettingStore(db),
    new ReportStore(db),
    new CheckStore(db),
    audit,
    {
      schoolName: () => settings.get('safeguarding').schoolName,
      categoryName: (id) => keywords.categoryOf(id)?.name ?? id,
      policies: () => policies.list(),
      policyVersions: (id) => policies.versions(id),
      assignments: () => policies.listAssignments(),
      targetName: async (scope, id) =>
        scope === 'site'
          ? (await rooms.listSites()).find((site) => site.id === id)?.name
          : scope === 'room'
            ? directory.room(id)?.name
            : policies.listGroups().find((g) => g.id === id)?.name,
      keywordLibraries: () => keywords.libraries().map((l) => l.library.name),
      dslAccounts: async () => (await staff.listUsers()).filter((u) => u.role === 'dsl').map((u) => u.username),
    },
    now,
    config.timeZone,
  );
  await monitoringReports.load();
  const weeklyReports = new WeeklyReportScheduler({
    reports: monitoringReports,
    audit,
    mailer: () => notifications.mailer(),
    now,
    log,
  });
  const checks = new CheckService(db, new CheckStore(db), gateway, devices, audit, {
    consoleUrl: () => consoleAddress.url,
    blockedCategoriesFor: (deviceId) => {
      const parsed = PolicyDocument.safeParse((policies.policyFor(deviceId).document as { policy?: unknown }).policy);
      return parsed.success ? parsed.data.webFilter.blockedCategories : [];
    },
    now,
  });
  bus.on('events-stored', (stored) => checks.eventsStored(stored));
  const services: ConsoleServices = {
    sessions,
    passwords,
    access,
    staff,
    accounts,
    devices,
    events,
    audit,
    gateway,
    rooms,
    directory,
    commands,
    hub,
    keywords,
    alerts,
    cases,
    proposals,
    settings,
    retention,
    reports,
    policies,
    notifications,
    alertStore,
    monitoringReports,
    checks,
    dashboard: new LeadershipDashboard({
      store: new DashboardStore(db),
      terms: () => settings.get('terms').terms,
      sites: () => rooms.listSites(),
      rooms: () => directory.allRooms(),
      roomOf: (deviceId) => directory.roomOf(deviceId),
      devicesIn: (roomId) => directory.devicesIn(roomId),
      categoryName: (id) => keywords.categoryOf(id)?.name,
      now,
      timeZone: config.timeZone,
    }),
  };

  const firstAdmin = await ensureFirstAdmin(db, services, config);

  // Beyond loopback only HTTPS and WSS: passwords, cookies, tokens and device credentials never cross the
  // network in clear, and agents pin this CA.
  const tls = await consoleTlsFor(config, now());
  for (const change of tls?.changes ?? []) log.info(`TLS: ${change}`);
  const advertised: ConsoleAddress = { serverUrl: '', caPin: tls?.caPin ?? null };
  // The browser extension, packed with the console's own key (made at first start) so its id is the school's.
  const extension = await packExtension(config.extensionDir, extensionKey(config.dataDir)).catch((err: Error) => {
    log.warn(`browser extension not served: ${err.message}`);
    return undefined;
  });
  if (extension) log.info(`browser extension ${extension.version} served as ${extension.id}`);

  const routes = [
    ...systemRoutes(services, CONSOLE_VERSION),
    ...sessionRoutes(services),
    ...userRoutes(services),
    ...overviewRoutes(services),
    ...deviceRoutes(services),
    ...enrolmentRoutes(services, advertised),
    ...extensionRoutes(extension, advertised),
    ...roomRoutes(services),
    ...commandRoutes(services),
    ...alertRoutes(services),
    ...caseRoutes(services),
    ...policyRoutes(services),
    ...keywordRoutes(services),
    ...notificationRoutes(services),
    ...reportRoutes(services),
    ...dashboardRoutes(services),
  ];
  const app: FastifyInstance = createHttpApp(services, routes, {
    version: CONSOLE_VERSION,
    webDir: config.webDir,
    log,
    ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}),
  });
  await app.ready();

  app.server.on(
    'upgrade',
    createUpgradeListener({
      agent: (request, socket, head, authenticated) => gateway.handleUpgrade(request, socket, head, authenticated),
      // A session that must first change its password or enrol a second factor gets no live data either.
      staffFor: async (request) => {
        const session = await sessions.authenticate(app.parseCookie(request.headers.cookie ?? '')[SESSION_COOKIE]);
        return session && !session.restriction ? session : undefined;
      },
      staff: (request, socket, head, user) => hub.handleUpgrade(request, socket, head, user),
      limiter: new ConnectionLimiter(config.maxUnauthenticatedSocketsPerAddress),
      intake,
      log,
    }),
  );

  // Node's default queue of 511 connections not yet accepted overflows when thousands of PCs come back at once
  // (each dropped SYN is retried by TCP after 1, 3, 7, 15… s): let them wait in the kernel's queue instead (Linux
  // caps it at net.core.somaxconn, 4096 by default).
  await app.listen({ port: config.port, host: config.host, backlog: 16_384 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = consoleUrl(tls !== undefined, config.publicHost, port);
  advertised.serverUrl = url;
  consoleAddress.url = url;
  log.info(`listening on ${url} (data in ${config.dataDir})`);
  if (tls) {
    log.info(
      `TLS: agents pin ${tls.caPin}; the certificate is valid until ${tls.validTo.toISOString().slice(0, 10)}` +
        (config.tls?.provided ? '' : ` and names ${config.tls?.names.join(', ')}`),
    );
  }
  retention.start((err) => log.error(`retention: ${err.stack ?? err.message}`));
  notifications.start();
  weeklyReports.start();
  // A console that runs for months renews its own server certificate in place, daily check, no restart.
  const renewal =
    config.tls && !config.tls.provided
      ? setInterval(() => {
          renewServerCertificate(config, app, log, now()).catch((err: Error) =>
            log.error(`TLS: renewing the server certificate: ${err.message}`),
          );
        }, 86_400_000)
      : undefined;
  renewal?.unref();
  // Said at most every 10 s, only when PCs were told to come back: a technician sees why PCs are slow to return.
  let refusalsSaid = 0;
  const intakeReport = setInterval(() => {
    const refused = intake.refusedCount - refusalsSaid;
    if (refused === 0) return;
    refusalsSaid = intake.refusedCount;
    log.warn(
      `busy taking in PCs: ${refused} told to come back later (503 + Retry-After) in the last 10 s; ` +
        `${intake.pending} waiting for their hello, about ${Math.round(intake.ratePerSecond)} taken in a second`,
    );
  }, 10_000);
  intakeReport.unref();
  // Last seen and clock skew: at most this stale after a crash, never an fsync per heartbeat.
  deviceStore.startFlushing(PRESENCE_FLUSH_MS, (err) => log.error(`writing last seen: ${err.stack ?? err.message}`));
  sessions.start((err) => log.error(`ending expired staff sessions: ${err.stack ?? err.message}`));

  return {
    url,
    port,
    firstAdmin,
    async close() {
      clearInterval(renewal);
      clearInterval(intakeReport);
      retention.stop();
      notifications.stop();
      weeklyReports.stop();
      sessions.stop();
      policies.stop();
      distributor.stop();
      await gateway.close();
      await hub.close();
      await app.close();
      // What heartbeats brought since the last flush, and every batch still being committed.
      await deviceStore.stop();
      await writer.drain();
      await eventWriter?.close();
      await db.close();
    },
  };
}

async function renewServerCertificate(
  config: ConsoleConfig,
  app: FastifyInstance,
  log: Logger,
  at: Date,
): Promise<void> {
  const tls = await consoleTlsFor(config, at);
  if (!tls || tls.changes.length === 0) return;
  // New connections get the new certificate; the CA, and so every agent's pin, stays the same.
  (app.server as unknown as HttpsServer).setSecureContext({ key: tls.key, cert: tls.cert });
  for (const change of tls.changes) log.info(`TLS: ${change}`);
}

async function ensureFirstAdmin(
  db: Transactor,
  s: ConsoleServices,
  config: ConsoleConfig,
): Promise<RunningConsole['firstAdmin']> {
  if ((await s.staff.countUsers()) > 0) return undefined;
  const generated = config.adminPassword === undefined;
  if (config.adminPassword !== undefined) {
    // The first admin's password meets the same rules as every other account's.
    const verdict = new PasswordPolicy().check(config.adminPassword, ['admin']);
    if (!verdict.ok) throw new Error(`bad console settings: LOOKOUT_ADMIN_PASSWORD: ${verdict.reason}`);
  }
  const password = config.adminPassword ?? randomBytes(12).toString('base64url');
  const passwordHash = await s.passwords.hash(password);
  await db.transaction(async (tx) => {
    // A generated password has been printed (to a journal, a terminal's scrollback): it is for the first sign-in only.
    const admin = await s.staff.createUser('admin', passwordHash, 'admin', { mustChangePassword: generated }, tx);
    await s.audit.append(
      {
        actor: null,
        action: 'user.created',
        target: admin.id,
        details: { username: 'admin', role: 'admin', firstStart: true },
      },
      tx,
    );
  });
  return { username: 'admin', password, generated };
}
