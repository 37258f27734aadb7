import { randomUUID } from 'node:crypto';
import { hostname, release, arch, userInfo } from 'node:os';
import { join } from 'node:path';
import type { CapabilityReport, OsInfo } from '@lookout/shared';
import { CommandHandler } from './core/CommandHandler.js';
import { EventRecorder } from './core/EventRecorder.js';
import { LockController } from './core/LockController.js';
import { ThumbnailStreamer } from './core/ThumbnailStreamer.js';
import { realTimers } from './core/Timers.js';
import { Uplink, type UplinkLog } from './core/Uplink.js';
import { WindowWatcher } from './core/WindowWatcher.js';
import type { AgentCredential } from './enrolment/AgentCredentialFile.js';
import { encodeThumbnail } from './media/ThumbnailEncoder.js';
import type { Platform } from './platform/platform.js';
import { LockStateFile } from './storage/LockStateFile.js';
import { SqliteOutboxStore } from './storage/SqliteOutboxStore.js';
import { WebSocketTransport, agentSocketUrl } from './uplink/WebSocketTransport.js';
import { AGENT_VERSION } from './agentVersion.js';

export interface AgentRuntimeOptions {
  credential: AgentCredential;
  dataDir: string;
  platform: Platform;
  windowPollMs: number;
  batchSize: number;
  log: UplinkLog & { error(message: string): void };
}

export interface RunningAgent {
  uplink: Uplink;
  outbox: SqliteOutboxStore;
  lock: LockController;
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

async function probeAll(platform: Platform): Promise<CapabilityReport> {
  const [window, lock, notify, screenshot] = await Promise.all([
    platform.windows.probe(),
    platform.lock.probe(),
    platform.notifier.probe(),
    platform.capture.probe(),
  ]);
  return { window, lock, notify, screenshot };
}

/**
 * The agent: capabilities probed, window changes recorded into the SQLite outbox, the outbox delivered by
 * the uplink, the console's commands carried out (lock, message, open URL, thumbnails). The headless CLI and
 * the Electron shell both start this.
 */
export async function startAgentRuntime(options: AgentRuntimeOptions): Promise<RunningAgent> {
  const { log, platform } = options;
  const outbox = await SqliteOutboxStore.open(join(options.dataDir, 'outbox.sqlite'));
  const capabilities = await probeAll(platform);
  for (const [name, status] of Object.entries(capabilities)) {
    if (!status.available) log.warn(`${name} unavailable: ${status.reason ?? 'unknown reason'}`);
  }

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
    platform.windows,
    (window) => recorder.record('window-changed', window),
    (message) => log.warn(`reading the active window failed: ${message}`),
    realTimers,
    { pollMs: options.windowPollMs },
  );
  const lock = new LockController({
    screen: platform.lock,
    store: new LockStateFile(join(options.dataDir, 'lock-state.json')),
    record: (payload) => recorder.record('lock-changed', payload),
    timers: realTimers,
    clock: () => new Date(),
    log,
    superviseMs: 250,
  });
  platform.lock.onBreach?.(() => lock.breached());
  const thumbnails = new ThumbnailStreamer(
    platform.capture,
    encodeThumbnail,
    (frame) => uplink.sendThumbnail(frame),
    realTimers,
    () => new Date(),
    log,
  );
  const commands = new CommandHandler({
    lock,
    notifier: platform.notifier,
    urls: platform.urls,
    thumbnails,
    capabilities,
    record: (payload) => recorder.record('command-handled', payload),
  });
  uplink.handleCommandsWith((id, command) => commands.handle(id, command));
  // The console restarts the streams it still wants after a reconnect.
  uplink.onStateChange((state) => state !== 'ready' && thumbnails.stopAll());

  await lock.restore();
  if (capabilities.window?.available) watcher.start();
  uplink.start();

  return {
    uplink,
    outbox,
    lock,
    capabilities,
    async stop() {
      watcher.stop();
      thumbnails.stopAll();
      // The lock stays in force (its helpers run on): stopping the agent is not a way to unlock the PC.
      lock.stop();
      uplink.stop();
      await outbox.close();
    },
  };
}
