import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
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
import { createHttpApp } from './http/createHttpApp.js';
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
import { caseRoutes } from './http/routes/caseRoutes.js';
import { SafeguardingReports } from './reports/SafeguardingReports.js';
import { CaseService } from './services/CaseService.js';
import { ConcernIntake } from './services/ConcernIntake.js';
import { ExceptionProposalService } from './services/ExceptionProposalService.js';
import { RetentionService } from './services/RetentionService.js';
import { SettingsService } from './services/SettingsService.js';
import { PolicyService } from './services/PolicyService.js';
import { policyRoutes } from './http/routes/policyRoutes.js';
import { CaseStore } from './store/CaseStore.js';
import { keywordRoutes } from './http/routes/keywordRoutes.js';
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
import { EventStore } from './store/EventStore.js';
import { consoleMigrations } from './store/migrations.js';
import { SqliteDatabase } from './store/SqliteDatabase.js';
import { StaffStore } from './store/StaffStore.js';

export const CONSOLE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface RunningConsole {
  url: string;
  port: number;
  /** Set only on the first start, when the first admin was created with a generated password. */
  firstAdmin: { username: string; password: string; generated: boolean } | undefined;
  close(): Promise<void>;
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Wires stores, services, the agent gateway, the live hub and the HTTP app, and listens. */
export async function startConsole(config: ConsoleConfig, now: () => Date = () => new Date()): Promise<RunningConsole> {
  const log: Logger = createLogger('lookout-console', config.quiet);
  const db = await SqliteDatabase.open(join(config.dataDir, 'console.sqlite'), consoleMigrations);
  const bus = new ConsoleBus();
  const audit = new AuditLog(db, now);
  const staff = new StaffStore(db, now);
  const deviceStore = new DeviceStore(db, now);
  const events = new EventStore(db, now);
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
  const devices = new DeviceService(db, deviceStore, new EnrolmentTokenStore(db, now), audit, bus, now);
  const evidence = new EvidenceStore(db, join(config.dataDir, 'evidence'), now);
  const alertStore = new AlertStore(db);
  const gateway = new AgentGateway(
    devices,
    deviceStore,
    events,
    bus,
    log,
    { heartbeatIntervalMs: config.agentHeartbeatSeconds * 1000, helloTimeoutMs: 10_000 },
    evidence,
    new ConcernIntake(alertStore, now),
  );
  const keywords = new KeywordLibraryService(db, audit, now);
  await keywords.load();
  const settings = new SettingsService(db, audit, now);
  await settings.load();
  const policies = new PolicyService(db, devices, directory, keywords, settings, audit, now, config.timeZone);
  await policies.load();
  gateway.setPolicy((deviceId) => policies.devicePolicy(deviceId));
  // Anything that can change a PC's policy: push again (only to PCs whose policy actually changed).
  let pushTimer: NodeJS.Timeout | undefined;
  const pushSoon = () => {
    clearTimeout(pushTimer);
    pushTimer = setTimeout(() => gateway.pushPolicyToAll(), 50);
  };
  keywords.onChange(pushSoon);
  settings.onChange(pushSoon);
  policies.onChange(pushSoon);
  bus.on('device-changed', pushSoon);
  policies.startClock();
  const alerts = new AlertService(
    db,
    alertStore,
    evidence,
    devices,
    directory,
    access,
    keywords,
    audit,
    {
      teachersSeeAlerts: config.teachersSeeAlerts,
    },
    now,
  );
  const proposals = new ExceptionProposalService(db, alertStore, keywords, audit, now);
  const caseStore = new CaseStore(db, now);
  const cases = new CaseService(db, caseStore, alertStore, alerts, staff, proposals, audit, now);
  cases.onAlertsChanged((ids) => bus.emit('alerts-updated', ids));
  const reports = new SafeguardingReports(db, cases, caseStore, alerts, alertStore, evidence, settings, audit, now);
  const retention = new RetentionService(db, alertStore, evidence, settings, audit, now);
  const hub = new LiveHub(devices, access, directory, gateway, bus, log, {
    thumbnailIntervalMs: config.thumbnailIntervalMs,
    archive: new ThumbnailArchive(join(config.dataDir, 'thumbnails'), config.thumbnailRetentionSeconds, now, log.warn),
    alerts,
    sessionInForce: (id) => sessions.liveActivity(id),
  });
  const rooms = new RoomService(new RoomStore(db, now), deviceStore, staff, directory, audit, bus);
  await rooms.load();
  bus.on('device-hostname-changed', () => {
    rooms.applyHostnamePatterns().catch((err: Error) => log.error(`placing devices by hostname: ${err.message}`));
  });
  const commands = new CommandService(gateway, devices, directory, access, audit);
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
  };

  const firstAdmin = await ensureFirstAdmin(services, config);

  const routes = [
    ...systemRoutes(services, CONSOLE_VERSION),
    ...sessionRoutes(services),
    ...userRoutes(services),
    ...overviewRoutes(services),
    ...deviceRoutes(services),
    ...enrolmentRoutes(services),
    ...roomRoutes(services),
    ...commandRoutes(services),
    ...alertRoutes(services),
    ...caseRoutes(services),
    ...policyRoutes(services),
    ...keywordRoutes(services),
  ];
  const app: FastifyInstance = createHttpApp(services, routes, {
    version: CONSOLE_VERSION,
    webDir: config.webDir,
    log,
  });
  await app.ready();

  app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '').split('?')[0];
    if (path === '/agent') return gateway.handleUpgrade(request, socket, head);
    if (path === '/api/live') {
      // Browsers send Origin: refuse other sites' pages riding on a staff member's cookie.
      const origin = request.headers.origin;
      if (origin && new URL(origin).host !== request.headers.host) return refuseUpgrade(socket, 403, 'Forbidden');
      const cookies = app.parseCookie(request.headers.cookie ?? '');
      // A session that must first change its password or enrol a second factor gets no live data either.
      void sessions.authenticate(cookies[SESSION_COOKIE]).then(
        (session) =>
          session && !session.restriction
            ? hub.handleUpgrade(request, socket, head, session)
            : refuseUpgrade(socket, 401, 'Unauthorized'),
        () => refuseUpgrade(socket, 500, 'Internal Server Error'),
      );
      return;
    }
    refuseUpgrade(socket, 404, 'Not Found');
  });

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log.info(`listening on ${url} (data in ${config.dataDir})`);
  retention.start((err) => log.error(`retention: ${err.stack ?? err.message}`));
  sessions.start((err) => log.error(`ending expired staff sessions: ${err.stack ?? err.message}`));

  return {
    url,
    port,
    firstAdmin,
    async close() {
      retention.stop();
      sessions.stop();
      policies.stop();
      clearTimeout(pushTimer);
      await gateway.close();
      await hub.close();
      await app.close();
      await db.close();
    },
  };
}

async function ensureFirstAdmin(s: ConsoleServices, config: ConsoleConfig): Promise<RunningConsole['firstAdmin']> {
  if ((await s.staff.countUsers()) > 0) return undefined;
  const generated = config.adminPassword === undefined;
  const password = config.adminPassword ?? randomBytes(12).toString('base64url');
  const admin = await s.staff.createUser('admin', await s.passwords.hash(password), 'admin');
  await s.audit.append({
    actor: null,
    action: 'user.created',
    target: admin.id,
    details: { username: 'admin', role: 'admin', firstStart: true },
  });
  return { username: 'admin', password, generated };
}
