import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type {
  AgentEventPayload,
  AgentEventType,
  CapabilityReport,
  CategoryList,
  ConcernForm,
  KeywordMatchedPayload,
  PolicyPushMessage,
} from '@lookout/shared';
import { keywordLibraryDigest } from '@lookout/shared';
import { readAgentPolicy, type AgentPolicy } from '../core/AgentPolicy.js';
import { ConcernReporter } from '../core/ConcernReporter.js';
import { EventRecorder } from '../core/EventRecorder.js';
import { MediaController } from '../core/MediaController.js';
import { assemblePolicy, type DigestedLibrary, type LibraryContent } from '../core/PolicyAssembler.js';
import type { OutboxEvent } from '../core/OutboxStore.js';
import { realTimers } from '../core/Timers.js';
import { Uplink, type UplinkLog } from '../core/Uplink.js';
import { consoleTrustOf, type AgentCredential } from '../enrolment/AgentCredentialFile.js';
import { hashFile } from '../media/hashFile.js';
import type { MediaWatcher } from '../platform/MediaWatcher.js';
import type { VirusScanner } from '../platform/VirusScanner.js';
import { CategoryListCache, type CategoryRef } from '../storage/CategoryListCache.js';
import { KeywordLibraryCache } from '../storage/KeywordLibraryCache.js';
import { tightenDataDir } from '../storage/DataDirPermissions.js';
import { PolicyCacheFile, type CachedPolicy } from '../storage/PolicyCacheFile.js';
import { SqliteOutboxStore } from '../storage/SqliteOutboxStore.js';
import { WebSocketTransport } from '../uplink/WebSocketTransport.js';
import { consoleRequest } from '../uplink/consoleRequest.js';
import { AGENT_VERSION } from '../agentVersion.js';
import { osInfo } from '../osInfo.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** A keyword library's content address, as the console works it out. */
const digestOf = (library: unknown) => keywordLibraryDigest(library, sha256);

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
  /** Pushes put together and read one at a time, in the order they came. */
  private receiving: Promise<void> = Promise.resolve();
  /** The libraries of the policy last put together, by digest (most pushes name only these). */
  private currentLibraries = new Map<string, LibraryContent>();
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
    private readonly libraries: KeywordLibraryCache,
    cachedLibraries: readonly DigestedLibrary[],
  ) {
    this.current = readAgentPolicy(cachedPolicy?.document);
    this.cacheContent = cachedPolicy && JSON.stringify(cachedPolicy);
    // Only a revision actually in force is claimed in hello: one whose cached document cannot be read (damaged,
    // or from an older agent) would tell the console nothing need be sent, and the PC would run unprotected.
    this.appliedRevision = this.current ? cachedPolicy?.revision : undefined;
    this.currentLibraries = new Map(cachedLibraries.map((l) => [l.digest, l.library]));
    uplink.describeHeldPolicyWith(() => ({
      ...(this.appliedRevision !== undefined ? { revision: this.appliedRevision } : {}),
      libraryDigests: [...new Set([...this.currentLibraries.keys(), ...libraries.digests()])],
    }));
    uplink.onPolicy((pushed) => {
      this.receiving = this.receiving
        .then(() => this.receive(pushed))
        .catch((err: Error) =>
          options.log.warn(`policy ${pushed.revision ?? pushed.version} not received: ${err.message}`),
        );
    });
    uplink.onConcernAck((id) => void concerns.acknowledged(id));
    uplink.onStateChange((state) => {
      if (state === 'ready') void concerns.flush();
    });
  }

  /**
   * A push, put back together from the libraries it names and those this PC holds, then read. A push naming a
   * library the cache lost is not applied: the console is asked for it, and the policy in force stays.
   */
  private async receive(push: Omit<PolicyPushMessage, 'type'>): Promise<void> {
    const { log } = this.options;
    const assembled = await assemblePolicy(push, {
      held: async (digest) => this.currentLibraries.get(digest) ?? (await this.libraries.get(digest)),
      digestOf,
      warn: (message) => log.warn(message),
    });
    if (!assembled.ok) {
      const asked = this.uplink.requestPolicyResync(assembled.missing);
      return log.warn(
        `policy ${push.revision ?? push.version} names ${assembled.missing.length} keyword ` +
          `${assembled.missing.length === 1 ? 'library' : 'libraries'} this PC no longer holds; keeping the current ` +
          `policy and ${asked ? 'asking the console for them' : 'getting them at the next connection'}`,
      );
    }
    const pushed = assembled.policy;
    const policy = readAgentPolicy(pushed.document);
    if (!policy) return log.warn(`policy ${pushed.version} could not be read; keeping the current one`);
    // Kept by digest before anything else: the console counts on this PC holding what it sent.
    this.currentLibraries = new Map(assembled.libraries.map((l) => [l.digest, l.library]));
    for (const { digest, library } of assembled.received) {
      await this.libraries
        .put(digest, library)
        .catch((err: Error) => log.warn(`keyword library not kept: ${err.message}`));
    }
    await this.libraries
      .use(assembled.libraries.map((l) => l.digest))
      .catch((err: Error) => log.warn(`keyword library cache: ${err.message}`));
    this.current = policy;
    for (const listener of this.policyListeners) listener(pushed, policy);
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
    // The cached policy's libraries, by digest (an agent from before protocol 3 kept them only in policy.json).
    const libraries = await KeywordLibraryCache.open(join(options.dataDir, 'policy-libraries'), digestOf);
    const cachedLibraries = cachedPolicy
      ? await assemblePolicy(cachedPolicy, { held: async () => undefined, digestOf, warn: (m) => log.warn(m) })
      : undefined;
    const cachedLibraryList = cachedLibraries?.ok ? cachedLibraries.libraries : [];
    for (const { digest, library } of cachedLibraryList) {
      if (!libraries.has(digest)) {
        await libraries
          .put(digest, library)
          .catch((err: Error) => log.warn(`keyword library not kept: ${err.message}`));
      }
    }
    await libraries.use(cachedLibraryList.map((l) => l.digest)).catch(() => undefined);
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
    self.core = new DeviceCore(
      options,
      outbox,
      uplink,
      recorder,
      policyCache,
      cachedPolicy,
      lists,
      concerns,
      media,
      libraries,
      cachedLibraryList,
    );
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
