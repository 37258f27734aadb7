import { homedir, hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { describeIssues, isLoopbackHost } from '@lookout/shared';
import type { EvidenceLimits } from '../services/EvidenceIntake.js';

const Env = z.object({
  LOOKOUT_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  LOOKOUT_HOST: z.string().min(1).default('127.0.0.1'),
  LOOKOUT_DATA_DIR: z
    .string()
    .min(1)
    .default(join(homedir(), '.local', 'share', 'lookout-console')),
  LOOKOUT_WEB_DIR: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL('../../../web/dist', import.meta.url))),
  LOOKOUT_EXTENSION_DIR: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL('../../../../agent/src/extension', import.meta.url))),
  LOOKOUT_ADMIN_PASSWORD: z.string().min(10, 'at least 10 characters').optional(),
  LOOKOUT_AGENT_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** How long a new agent connection may take to say hello before it is closed. */
  LOOKOUT_AGENT_HELLO_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /**
   * Sockets one address may hold open before they authenticate (agents before hello, staff browsers before
   * their session is checked). Raise it for load tests that start thousands of agents from one machine.
   */
  LOOKOUT_MAX_UNAUTHENTICATED_SOCKETS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(64),
  /** Replay pacing: most agent events received or let in and not yet stored (AgentGateway's DEFAULT_PACING). */
  LOOKOUT_REPLAY_WINDOW_EVENTS: z.coerce.number().int().min(1).max(10_000_000).optional(),
  /** Replay pacing: how long room let to an agent for its backlog may go unused before the next is let in. */
  LOOKOUT_REPLAY_GRANT_MS: z.coerce.number().int().min(100).max(3_600_000).optional(),
  /**
   * Agent connections taken in at once (upgrade to hello): past this an agent's upgrade is answered 503 with a
   * Retry-After spread over the console's measured intake (AgentIntake), instead of waiting in the accept queue.
   */
  LOOKOUT_AGENT_INTAKE_MAX_PENDING: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  LOOKOUT_QUIET: z.enum(['0', '1']).default('0'),
  /**
   * Where agents' events are stored: `main` (the default), the console's own connection; `thread`, a worker
   * thread with its own SQLite connection (the event loop kept for sockets; slower in the 5,000-PC bench).
   */
  LOOKOUT_EVENT_WRITER: z.enum(['thread', 'main']).default('main'),
  /** Teachers see alerts from their rooms (never context or evidence). Off by default. */
  LOOKOUT_TEACHERS_SEE_ALERTS: z.enum(['0', '1']).default('0'),
  /** How often a watched device sends a thumbnail (Veyon: 1 s, Impero: 3 s). */
  LOOKOUT_THUMBNAIL_INTERVAL_MS: z.coerce.number().int().min(250).max(60_000).default(1000),
  /** How long thumbnails are kept on disk; 0: never stored, only relayed to whoever watches. */
  LOOKOUT_THUMBNAIL_RETENTION_SECONDS: z.coerce.number().int().min(0).max(86_400).default(0),
  /** Screenshots are accepted this long after their alert arrives, within these budgets. */
  LOOKOUT_EVIDENCE_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  LOOKOUT_EVIDENCE_ALERT_KB: z.coerce.number().int().min(1).max(102_400).default(2048),
  LOOKOUT_EVIDENCE_DEVICE_DAILY_MB: z.coerce.number().int().min(1).max(10_240).default(32),
  /** A staff session ends after this long without a request (NCSC: short for privileged accounts)… */
  LOOKOUT_SESSION_IDLE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(30 * 60),
  /** …and this long after signing in, whatever happens: a school day with margin. */
  LOOKOUT_SESSION_LIFETIME_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 86_400)
    .default(12 * 3600),
  /**
   * How often ended sessions are swept and live sockets re-checked against sessions ended elsewhere (the command
   * line's reset-account); default a quarter of the shortest limit, at most 30 s. Tests set a few seconds.
   */
  LOOKOUT_SESSION_SWEEP_SECONDS: z.coerce.number().int().min(1).max(30).optional(),
  /** The school's time zone, for policy schedules and monitoring hours. */
  LOOKOUT_TIME_ZONE: z
    .string()
    .default('Europe/London')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-GB', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone such as Europe/London'),
  /** 1 serves HTTPS on loopback too (beyond loopback it is always on); 0 is refused beyond loopback. */
  LOOKOUT_TLS: z.enum(['0', '1']).optional(),
  /** A school's own certificate chain (PEM, server certificate first, root last) and its private key. */
  LOOKOUT_TLS_CERT: z.string().min(1).optional(),
  LOOKOUT_TLS_KEY: z.string().min(1).optional(),
  /** Host names and addresses agents and browsers use to reach the console, comma-separated. */
  LOOKOUT_TLS_NAMES: z.string().optional(),
});

export interface ConsoleTlsConfig {
  /** Names the console's own server certificate carries; the first is the one install commands use. */
  names: string[];
  /** A school's own certificate chain and key, instead of the console's own CA. */
  provided: { certFile: string; keyFile: string } | undefined;
}

export interface ConsoleConfig {
  port: number;
  host: string;
  dataDir: string;
  webDir: string;
  /** The browser extension's files, packed and served at /extension/ (LOOKOUT_EXTENSION_DIR). */
  extensionDir: string;
  adminPassword: string | undefined;
  agentHeartbeatSeconds: number;
  agentHelloTimeoutMs: number;
  maxUnauthenticatedSocketsPerAddress: number;
  /** Replay pacing's window in events; undefined: the gateway's default. */
  replayWindowEvents?: number;
  /** How long an unused replay grant lasts, in ms; undefined: the gateway's default. */
  replayGrantMs?: number;
  /** Agent connections between upgrade and hello past which upgrades are answered 503 (AgentIntake). */
  agentIntakeMaxPending: number;
  quiet: boolean;
  /** Where agents' events are stored (LOOKOUT_EVENT_WRITER): a worker thread of their own, or the main one. */
  eventWriter: 'thread' | 'main';
  teachersSeeAlerts: boolean;
  thumbnailIntervalMs: number;
  thumbnailRetentionSeconds: number;
  timeZone: string;
  /** HTTPS and WSS only; undefined: plain HTTP, allowed on loopback only. */
  tls: ConsoleTlsConfig | undefined;
  /** The host name agents and browsers use: in install commands and the printed URL. */
  publicHost: string;
  evidenceLimits: EvidenceLimits;
  sessionIdleSeconds: number;
  sessionLifetimeSeconds: number;
  /** LOOKOUT_SESSION_SWEEP_SECONDS; undefined: from the session limits. */
  sessionSweepSeconds?: number;
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

/** The machine's own addresses, for a console listening on all of them. */
function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => !a.internal && !a.address.startsWith('fe80:'))
    .map((a) => a.address);
}

/**
 * The names a self-made server certificate carries: LOOKOUT_TLS_NAMES, or this machine's host name, the listen
 * address (or every address, when listening on all), and the loopback names.
 */
function tlsNames(host: string, listed: string | undefined): string[] {
  const names = listed
    ?.split(',')
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
  if (listed !== undefined && !names?.length) throw new Error('bad console settings: LOOKOUT_TLS_NAMES is empty');
  const defaults = [
    hostname(),
    ...(WILDCARD_HOSTS.has(host) ? interfaceAddresses() : [host]),
    'localhost',
    '127.0.0.1',
  ];
  return [...new Set(names ?? defaults)];
}

/** Settings from the environment, with defaults a single school's server can run on. */
export function consoleConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) throw new Error(`bad console settings: ${describeIssues(parsed.error)}`);
  const e = parsed.data;
  const loopback = isLoopbackHost(e.LOOKOUT_HOST);
  if (e.LOOKOUT_TLS === '0' && !loopback) {
    throw new Error(
      `bad console settings: LOOKOUT_TLS=0 with LOOKOUT_HOST=${e.LOOKOUT_HOST}: plain HTTP is served on loopback ` +
        'only (anyone on the network could read passwords and device credentials)',
    );
  }
  if ((e.LOOKOUT_TLS_CERT === undefined) !== (e.LOOKOUT_TLS_KEY === undefined)) {
    throw new Error('bad console settings: LOOKOUT_TLS_CERT and LOOKOUT_TLS_KEY go together');
  }
  const provided =
    e.LOOKOUT_TLS_CERT && e.LOOKOUT_TLS_KEY ? { certFile: e.LOOKOUT_TLS_CERT, keyFile: e.LOOKOUT_TLS_KEY } : undefined;
  if (provided && e.LOOKOUT_TLS === '0') {
    throw new Error('bad console settings: LOOKOUT_TLS=0 with LOOKOUT_TLS_CERT: choose one');
  }
  const tlsOn = !loopback || e.LOOKOUT_TLS === '1' || provided !== undefined;
  const names = tlsNames(e.LOOKOUT_HOST, e.LOOKOUT_TLS_NAMES);
  const publicHost =
    e.LOOKOUT_TLS_NAMES !== undefined || WILDCARD_HOSTS.has(e.LOOKOUT_HOST) ? names[0]! : e.LOOKOUT_HOST;
  return {
    port: e.LOOKOUT_PORT,
    host: e.LOOKOUT_HOST,
    dataDir: e.LOOKOUT_DATA_DIR,
    webDir: e.LOOKOUT_WEB_DIR,
    extensionDir: e.LOOKOUT_EXTENSION_DIR,
    adminPassword: e.LOOKOUT_ADMIN_PASSWORD,
    agentHeartbeatSeconds: e.LOOKOUT_AGENT_HEARTBEAT_SECONDS,
    agentHelloTimeoutMs: e.LOOKOUT_AGENT_HELLO_TIMEOUT_MS,
    maxUnauthenticatedSocketsPerAddress: e.LOOKOUT_MAX_UNAUTHENTICATED_SOCKETS_PER_ADDRESS,
    ...(e.LOOKOUT_REPLAY_WINDOW_EVENTS ? { replayWindowEvents: e.LOOKOUT_REPLAY_WINDOW_EVENTS } : {}),
    ...(e.LOOKOUT_REPLAY_GRANT_MS ? { replayGrantMs: e.LOOKOUT_REPLAY_GRANT_MS } : {}),
    agentIntakeMaxPending: e.LOOKOUT_AGENT_INTAKE_MAX_PENDING,
    quiet: e.LOOKOUT_QUIET === '1',
    eventWriter: e.LOOKOUT_EVENT_WRITER,
    teachersSeeAlerts: e.LOOKOUT_TEACHERS_SEE_ALERTS === '1',
    thumbnailIntervalMs: e.LOOKOUT_THUMBNAIL_INTERVAL_MS,
    thumbnailRetentionSeconds: e.LOOKOUT_THUMBNAIL_RETENTION_SECONDS,
    timeZone: e.LOOKOUT_TIME_ZONE,
    tls: tlsOn ? { names, provided } : undefined,
    publicHost,
    evidenceLimits: {
      windowMinutes: e.LOOKOUT_EVIDENCE_WINDOW_MINUTES,
      perAlertBytes: e.LOOKOUT_EVIDENCE_ALERT_KB * 1024,
      perDeviceDailyBytes: e.LOOKOUT_EVIDENCE_DEVICE_DAILY_MB * 1024 * 1024,
    },
    sessionIdleSeconds: e.LOOKOUT_SESSION_IDLE_SECONDS,
    sessionLifetimeSeconds: e.LOOKOUT_SESSION_LIFETIME_SECONDS,
    ...(e.LOOKOUT_SESSION_SWEEP_SECONDS ? { sessionSweepSeconds: e.LOOKOUT_SESSION_SWEEP_SECONDS } : {}),
  };
}
