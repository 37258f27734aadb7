import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { describeIssues } from '@lookout/shared';

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
  LOOKOUT_ADMIN_PASSWORD: z.string().min(10, 'at least 10 characters').optional(),
  LOOKOUT_AGENT_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  LOOKOUT_QUIET: z.enum(['0', '1']).default('0'),
  /** Teachers see alerts from their rooms (never context or evidence). Off by default. */
  LOOKOUT_TEACHERS_SEE_ALERTS: z.enum(['0', '1']).default('0'),
  /** How often a watched device sends a thumbnail (Veyon: 1 s, Impero: 3 s). */
  LOOKOUT_THUMBNAIL_INTERVAL_MS: z.coerce.number().int().min(250).max(60_000).default(1000),
  /** How long thumbnails are kept on disk; 0: never stored, only relayed to whoever watches. */
  LOOKOUT_THUMBNAIL_RETENTION_SECONDS: z.coerce.number().int().min(0).max(86_400).default(0),
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
});

export interface ConsoleConfig {
  port: number;
  host: string;
  dataDir: string;
  webDir: string;
  adminPassword: string | undefined;
  agentHeartbeatSeconds: number;
  quiet: boolean;
  teachersSeeAlerts: boolean;
  thumbnailIntervalMs: number;
  thumbnailRetentionSeconds: number;
  timeZone: string;
  sessionIdleSeconds: number;
  sessionLifetimeSeconds: number;
}

/** Settings from the environment, with defaults a single school's server can run on. */
export function consoleConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) throw new Error(`bad console settings: ${describeIssues(parsed.error)}`);
  const e = parsed.data;
  return {
    port: e.LOOKOUT_PORT,
    host: e.LOOKOUT_HOST,
    dataDir: e.LOOKOUT_DATA_DIR,
    webDir: e.LOOKOUT_WEB_DIR,
    adminPassword: e.LOOKOUT_ADMIN_PASSWORD,
    agentHeartbeatSeconds: e.LOOKOUT_AGENT_HEARTBEAT_SECONDS,
    quiet: e.LOOKOUT_QUIET === '1',
    teachersSeeAlerts: e.LOOKOUT_TEACHERS_SEE_ALERTS === '1',
    thumbnailIntervalMs: e.LOOKOUT_THUMBNAIL_INTERVAL_MS,
    thumbnailRetentionSeconds: e.LOOKOUT_THUMBNAIL_RETENTION_SECONDS,
    timeZone: e.LOOKOUT_TIME_ZONE,
    sessionIdleSeconds: e.LOOKOUT_SESSION_IDLE_SECONDS,
    sessionLifetimeSeconds: e.LOOKOUT_SESSION_LIFETIME_SECONDS,
  };
}
