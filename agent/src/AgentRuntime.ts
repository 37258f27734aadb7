import { randomUUID } from 'node:crypto';
import { hostname, release, arch, userInfo } from 'node:os';
import { join } from 'node:path';
import type { CapabilityReport, OsInfo } from '@lookout/shared';
import { EventRecorder } from './core/EventRecorder.js';
import { realTimers } from './core/Timers.js';
import { Uplink, type UplinkLog } from './core/Uplink.js';
import { WindowWatcher } from './core/WindowWatcher.js';
import type { AgentCredential } from './enrolment/AgentCredentialFile.js';
import type { WindowSource } from './platform/WindowSource.js';
import { SqliteOutboxStore } from './storage/SqliteOutboxStore.js';
import { WebSocketTransport, agentSocketUrl } from './uplink/WebSocketTransport.js';
import { AGENT_VERSION } from './agentVersion.js';

export interface AgentRuntimeOptions {
  credential: AgentCredential;
  dataDir: string;
  windows: WindowSource;
  windowPollMs: number;
  batchSize: number;
  log: UplinkLog & { error(message: string): void };
}

export interface RunningAgent {
  uplink: Uplink;
  outbox: SqliteOutboxStore;
  capabilities: CapabilityReport;
  stop(): Promise<void>;
}

export function osInfo(): OsInfo {
  return { platform: process.platform, release: release(), arch: arch() };
}

function currentUser(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}

/**
 * The headless agent: capabilities probed, window changes recorded into the SQLite outbox, the outbox
 * delivered by the uplink. The Electron shell starts this same runtime.
 */
export async function startAgentRuntime(options: AgentRuntimeOptions): Promise<RunningAgent> {
  const { log } = options;
  const outbox = await SqliteOutboxStore.open(join(options.dataDir, 'outbox.sqlite'));
  const windowStatus = await options.windows.probe();
  const capabilities: CapabilityReport = { window: windowStatus };
  if (!windowStatus.available) log.warn(`window capture unavailable: ${windowStatus.reason ?? 'unknown reason'}`);

  const uplink = new Uplink(
    new WebSocketTransport(agentSocketUrl(options.credential.serverUrl)),
    outbox,
    { deviceId: options.credential.deviceId, credential: options.credential.credential },
    async () => ({
      hostname: hostname(),
      os: osInfo(),
      user: currentUser(),
      agentVersion: AGENT_VERSION,
      capabilities,
    }),
    realTimers,
    Math.random,
    log,
    {
      agentVersion: AGENT_VERSION,
      batchSize: options.batchSize,
      backoff: { baseMs: 500, maxMs: 30_000 },
      ackTimeoutMs: 30_000,
    },
  );
  const recorder = new EventRecorder(
    outbox,
    () => new Date(),
    randomUUID,
    currentUser,
    () => uplink.notify(),
  );
  const watcher = new WindowWatcher(
    options.windows,
    (window) => recorder.record('window-changed', window),
    (message) => log.warn(`reading the active window failed: ${message}`),
    realTimers,
    { pollMs: options.windowPollMs },
  );
  if (windowStatus.available) watcher.start();
  uplink.start();

  return {
    uplink,
    outbox,
    capabilities,
    async stop() {
      watcher.stop();
      uplink.stop();
      await outbox.close();
    },
  };
}
