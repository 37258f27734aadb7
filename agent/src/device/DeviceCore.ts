import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type {
  AgentEventPayload,
  AgentEventType,
  CapabilityReport,
  CategoryList,
  ConcernForm,
  KeywordMatchedPayload,
} from '@lookout/shared';
import { readAgentPolicy, type AgentPolicy } from '../core/AgentPolicy.js';
import { ConcernReporter } from '../core/ConcernReporter.js';
import { EventRecorder } from '../core/EventRecorder.js';
import { MediaController } from '../core/MediaController.js';
import type { OutboxEvent } from '../core/OutboxStore.js';
import { realTimers } from '../core/Timers.js';
import { Uplink, type UplinkLog } from '../core/Uplink.js';
import { consoleTrustOf, type AgentCredential } from '../enrolment/AgentCredentialFile.js';
import { hashFile } from '../media/hashFile.js';
import type { MediaWatcher } from '../platform/MediaWatcher.js';
import type { VirusScanner } from '../platform/VirusScanner.js';
import { CategoryListCache, type CategoryRef } from '../storage/CategoryListCache.js';
import { tightenDataDir } from '../storage/DataDirPermissions.js';
import { PolicyCacheFile, type CachedPolicy } from '../storage/PolicyCacheFile.js';
import { SqliteOutboxStore } from '../storage/SqliteOutboxStore.js';
import { WebSocketTransport } from '../uplink/WebSocketTransport.js';
import { consoleRequest } from '../uplink/consoleRequest.js';
import { AGENT_VERSION } from '../agentVersion.js';
import { osInfo } from '../osInfo.js';

/** A directory that cannot answer leaves the console showing the login name. */
async function displayNameOf(options: DeviceCoreOptions, login: string | null): Promise<string | null> {
  if (login === null) return null;
  return options.displayName(login).catch(() => null);
}

export interface DeviceCoreOptions {
  credential: AgentCredential;
  /** The credential, outbox and policy cache: its owner's alone (0700). */
  dataDir: string;
  /** Where the URL category lists are kept (default: in dataDir). The service keeps them world-readable. */
  categoryListsDir?: string;
  media: MediaWatcher;
  scanner: VirusScanner;
  batchSize: number;
  log: UplinkLog & { error(message: string): void };
  /** Who is logged in now (heartbeats; events the device itself records). */
  loggedInUser(): string | null;
  /** The account's full name (the classroom wall shows it); null where the directory has none. */
  displayName(login: string): Promise<string | null>;
  capabilities(): CapabilityReport;
  /** A notice for whoever sits at the PC (removable media). */
  notify(title: string, text: string): void;
}

/**
 * What a PC has once, whoever is logged in: the device credential, the outbox and its uplink to the console, the
 * policy cache, the URL category lists and portable-media control. The service (root) runs it for every session
 * agent on the PC; the single-process agent runs it in-process. Events are stamped with the user the caller says:
 * the service says the user it saw on the socket.
 */
export class DeviceCore {
  current: AgentPolicy | undefined;
  private appliedRevision: string | undefined;
  /** What the policy cache holds, as this process last wrote or read it. */
  private cacheContent: string | undefined;
  private saving: Promise<void> = Promise.resolve();
  private readonly policyListeners = new Set<(pushed: CachedPolicy, policy: AgentPolicy) => void>();

  private constructor(
    private readonly options: DeviceCoreOptions,
    readonly outbox: SqliteOutboxStore,
    readonly uplink: Uplink,
    readonly recorder: EventRecorder,
    private readonly policyCache: PolicyCacheFile,
    readonly cachedPolicy: CachedPolicy | undefined,
    private readonly lists: CategoryListCache,
    private readonly concerns: ConcernReporter,
    private readonly media: MediaController,
  ) {
    this.current = readAgentPolicy(cachedPolicy?.document);
    this.cacheContent = cachedPolicy && JSON.stringify(cachedPolicy);
    this.appliedRevision = cachedPolicy?.revision;
    uplink.onPolicy((pushed) => {
      const policy = readAgentPolicy(pushed.document);
      if (!policy) return options.log.warn(`policy ${pushed.version} could not be read; keeping the current one`);
      this.current = policy;
      for (const listener of this.policyListeners) listener(pushed, policy);
    });
    uplink.onConcernAck((id) => void concerns.acknowledged(id));
    uplink.onStateChange((state) => {
      if (state === 'ready') void concerns.flush();
    });
  }

  static async open(options: DeviceCoreOptions): Promise<DeviceCore> {
    const { log } = options;
    await tightenDataDir(options.dataDir);
    const outbox = await SqliteOutboxStore.open(join(options.dataDir, 'outbox.sqlite'));
    // Every connection to the console (uplink, downloads) trusts only the CA pinned at enrolment.
    const trust = consoleTrustOf(options.credential);
    const uplink = new Uplink(
      new WebSocketTransport(trust, (message) => log.warn(message)),
      outbox,
      { deviceId: options.credential.deviceId, credential: options.credential.credential },
      async () => ({
        hostname: hostname(),
        os: osInfo(),
        user: options.loggedInUser(),
        userDisplayName: await displayNameOf(options, options.loggedInUser()),
        agentVersion: AGENT_VERSION,
        capabilities: options.capabilities(),
        // The console compares this with its own clock and flags a PC that is more than a minute out.
        clock: new Date().toISOString(),
      }),
      realTimers,
      Math.random,
      log,
      {
        agentVersion: AGENT_VERSION,
        batchSize: options.batchSize,
        // Refused connections (a console restarting) retried within 10 s, 40 times (about three and a half
        // minutes): 10,000 PCs then come back over 10 s, not all in the same second (at 5,000 PCs within 2 s,
        // the console's listen queue overflowed and the dropped SYNs were retried by TCP for minutes).
        backoff: { baseMs: 500, maxMs: 30_000, refused: { maxMs: 10_000, attempts: 40 } },
        ackTimeoutMs: 30_000,
      },
    );
    const recorder = new EventRecorder(
      outbox,
      () => new Date(),
      randomUUID,
      options.loggedInUser,
      () => uplink.notify(),
    );
    const policyCache = new PolicyCacheFile(join(options.dataDir, 'policy.json'));
    const cachedPolicy = await policyCache.load();
    const lists = new CategoryListCache(
      options.categoryListsDir ?? join(options.dataDir, 'url-categories'),
      async (category) => {
        const response = await consoleRequest(trust, `/api/agent/url-categories/${encodeURIComponent(category)}`, {
          headers: {
            'x-lookout-device': options.credential.deviceId,
            authorization: `Bearer ${options.credential.credential}`,
          },
          timeoutMs: 60_000,
          carries: 'the device credential',
        });
        if (response.status !== 200) throw new Error(`the console answered ${response.status}`);
        return response.body;
      },
    );
    const concerns = new ConcernReporter({
      store: outbox,
      send: (report) => uplink.sendConcern(report),
      currentUser: options.loggedInUser,
      clock: () => new Date(),
      newId: randomUUID,
    });
    // The media rules read the policy in force: the core's, once it exists.
    const self: { core?: DeviceCore } = {};
    // Portable media by the policy (and grants from the console), with virus scanning and file logging.
    const media = new MediaController({
      watcher: options.media,
      scanner: options.scanner,
      rules: () => {
        const current = self.core?.current;
        const now = Date.now();
        const grants = (current?.mediaGrants ?? []).filter((g) => !g.expiresAt || Date.parse(g.expiresAt) > now);
        return {
          rule: current?.policy.media.rule ?? 'allow',
          allowedDevices: [...(current?.policy.media.allowedDevices ?? []), ...grants.map((g) => g.deviceKey)],
        };
      },
      inserted: (volume) => recorder.record('media-inserted', volume),
      acted: (action) => recorder.record('media-action', action),
      fileWritten: (file) => recorder.record('media-file-written', file),
      notify: options.notify,
      hashFile,
      log,
    });
    self.core = new DeviceCore(options, outbox, uplink, recorder, policyCache, cachedPolicy, lists, concerns, media);
    return self.core;
  }

  /** Each policy the console pushes that this PC can read (before its lists are fetched). */
  onPolicy(listener: (pushed: CachedPolicy, policy: AgentPolicy) => void): void {
    this.policyListeners.add(listener);
  }

  record<T extends AgentEventType>(type: T, payload: AgentEventPayload<T>, user: string | null): Promise<OutboxEvent> {
    return this.recorder.record(type, payload, user);
  }

  /** An alert: recorded, and sent ahead of the backlog. */
  async raiseAlert(payload: KeywordMatchedPayload, user: string | null): Promise<OutboxEvent> {
    const event = await this.recorder.record('keyword-matched', payload, user);
    this.uplink.sendPriority(event);
    return event;
  }

  /** Whether the concern went to the console now (it is kept until acknowledged either way). */
  async reportConcern(form: ConcernForm, user: string | null): Promise<boolean> {
    await this.concerns.report(form, user);
    return this.uplink.currentState === 'ready';
  }

  /** The policy cache file, and what it should hold (for the service's watch on it). */
  get policyCacheFile(): { path: string; content: string | undefined; saved: Promise<void> } {
    return { path: this.policyCache.path, content: this.cacheContent, saved: this.saving.catch(() => undefined) };
  }

  categoryLists(refs: readonly CategoryRef[]): Promise<CategoryList[]> {
    return this.lists.lists(refs, (m) => this.options.log.warn(m));
  }

  /**
   * The PC enforces `pushed` now: kept for offline and restarts, and the console told (once per revision). Called
   * after the filter is built from its lists, so the console hears only of a policy that is in force.
   */
  async policyEnforced(pushed: CachedPolicy, policy: AgentPolicy): Promise<void> {
    const revision = pushed.revision ?? String(pushed.version);
    if (revision === this.appliedRevision) return;
    this.appliedRevision = revision;
    this.cacheContent = JSON.stringify(pushed);
    this.saving = this.policyCache.save(pushed);
    await this.saving;
    await this.recorder.record('policy-applied', {
      revision,
      policyId: policy.policy.id,
      policyName: policy.policy.name,
      policyVersion: policy.policy.version,
    });
  }

  start(mediaAvailable: boolean): void {
    if (mediaAvailable) this.media.start();
    this.uplink.start();
  }

  async stop(): Promise<void> {
    this.media.stop();
    this.uplink.stop();
    await this.outbox.close();
  }
}
