import { randomBytes, randomUUID } from 'node:crypto';
import { hostname, release, arch, userInfo } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_KEYWORD_LIBRARY,
  SafeguardingSettings,
  browserFilterRules,
  type CapabilityReport,
  type BrowserFilter,
  type CategoryList,
  type OsInfo,
} from '@lookout/shared';
import { writeFile, rm } from 'node:fs/promises';
import { ConcernReporter } from './core/ConcernReporter.js';
import { OwnPages } from './core/OwnPages.js';
import { placeholderScreen } from './media/placeholderScreen.js';
import type { ScreenCapture } from './platform/ScreenCapture.js';
import { ConcernPageServer } from './ui/ConcernPageServer.js';
import { readAgentPolicy, urlFilterFor, type AgentPolicy } from './core/AgentPolicy.js';
import { CategoryListCache } from './storage/CategoryListCache.js';
import { MonitoringHours } from './core/MonitoringHours.js';
import { IdleLock } from './core/IdleLock.js';
import { MediaController } from './core/MediaController.js';
import { hashFile } from './media/hashFile.js';
import { AcceptanceFile, hashOf } from './storage/AcceptanceFile.js';
import { BrowserBridgeServer } from './browser/BrowserBridgeServer.js';
import { installExtension, persistentToken } from './browser/installExtension.js';
import { KeywordMonitor, type WindowContext } from './core/KeywordMonitor.js';
import { TypedTextBuffer } from './core/TypedTextBuffer.js';
import { EvidenceCollector } from './media/EvidenceCollector.js';
import { PolicyCacheFile } from './storage/PolicyCacheFile.js';
import { CommandHandler } from './core/CommandHandler.js';
import { EventRecorder } from './core/EventRecorder.js';
import { LockController } from './core/LockController.js';
import { ThumbnailStreamer } from './core/ThumbnailStreamer.js';
import { realTimers } from './core/Timers.js';
import { Uplink, type UplinkLog } from './core/Uplink.js';
import { WindowWatcher } from './core/WindowWatcher.js';
import { consoleTrustOf, type AgentCredential } from './enrolment/AgentCredentialFile.js';
import { encodeThumbnail } from './media/ThumbnailEncoder.js';
import type { Platform } from './platform/platform.js';
import { LockStateFile } from './storage/LockStateFile.js';
import { SqliteOutboxStore } from './storage/SqliteOutboxStore.js';
import { tightenDataDir } from './storage/DataDirPermissions.js';
import { WebSocketTransport } from './uplink/WebSocketTransport.js';
import { consoleRequest } from './uplink/consoleRequest.js';
import { AGENT_VERSION } from './agentVersion.js';

export interface AgentRuntimeOptions {
  credential: AgentCredential;
  dataDir: string;
  platform: Platform;
  windowPollMs: number;
  batchSize: number;
  /** The report-a-concern page's port on 127.0.0.1 (0: any free port). */
  concernPort?: number;
  /** The browser extension's channel, on 127.0.0.1 (0: any free port). */
  bridgePort?: number;
  log: UplinkLog & { error(message: string): void };
}

export interface RunningAgent {
  uplink: Uplink;
  outbox: SqliteOutboxStore;
  lock: LockController;
  capabilities: CapabilityReport;
  /** Where the report-a-concern page is served, for the tray or a desktop shortcut. */
  concernPageUrl: string;
  /** The browser extension, configured to reach this agent (load it unpacked, or deploy it by policy). */
  extensionDir: string;
  stop(): Promise<void>;
}

/** In the data dir: the URL of the running agent's report-a-concern page (`lookout-agent report-concern`). */
export const CONCERN_URL_FILE = 'report-concern.url';

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

/** The account's full name; a directory that cannot answer leaves the console showing the login name. */
async function displayNameOf(platform: Platform, login: string | null): Promise<string | null> {
  if (login === null) return null;
  return platform.accounts.displayName(login).catch(() => null);
}

async function probeAll(platform: Platform): Promise<CapabilityReport> {
  const [window, lock, notify, screenshot, input, media] = await Promise.all([
    platform.windows.probe(),
    platform.lock.probe(),
    platform.notifier.probe(),
    platform.capture.probe(),
    platform.input.probe(),
    platform.media.probe(),
  ]);
  return { window, lock, notify, screenshot, input, media };
}

/**
 * The agent: capabilities probed, window changes recorded into the SQLite outbox, the outbox delivered by
 * the uplink, the console's commands carried out (lock, message, open URL, thumbnails). The headless CLI and
 * the Electron shell both start this.
 */
export async function startAgentRuntime(options: AgentRuntimeOptions): Promise<RunningAgent> {
  const { log, platform } = options;
  // The agent's own pages and windows: nothing is captured from them (see OwnPages).
  // Electron shows our pages in windows of its own process; the headless agent has no windows.
  const ownPids = process.versions.electron ? [process.pid] : [];
  const ownPages = new OwnPages(randomBytes(8), () => [...ownPids, ...(platform.lock.ownProcessIds?.() ?? [])]);
  let ownPageFocused = false;
  await tightenDataDir(options.dataDir);
  const outbox = await SqliteOutboxStore.open(join(options.dataDir, 'outbox.sqlite'));
  const capabilities = await probeAll(platform);
  for (const [name, status] of Object.entries(capabilities)) {
    if (!status.available) log.warn(`${name} unavailable: ${status.reason ?? 'unknown reason'}`);
  }

  // Every connection to the console (uplink, downloads) trusts only the CA pinned at enrolment.
  const trust = consoleTrustOf(options.credential);
  const uplink = new Uplink(
    new WebSocketTransport(trust, (message) => log.warn(message)),
    outbox,
    { deviceId: options.credential.deviceId, credential: options.credential.credential },
    async () => ({
      hostname: hostname(),
      os: osInfo(),
      user: currentUser(),
      userDisplayName: await displayNameOf(platform, currentUser()),
      agentVersion: AGENT_VERSION,
      capabilities,
      // The console compares this with its own clock and flags a PC that is more than a minute out.
      clock: new Date().toISOString(),
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

  // Monitoring hours: outside them nothing is captured, and the pupil is told when it stops and starts.
  const hours = new MonitoringHours(
    () => new Date(),
    (monitoring) => {
      void recorder.record('monitoring-changed', { monitoring });
      void platform.notifier
        .notify(
          'Lookout',
          monitoring
            ? 'Your school is monitoring this computer again (school hours).'
            : 'Your school is not monitoring this computer now (outside monitoring hours).',
        )
        .catch(() => undefined);
    },
  );
  const hoursTimer = setInterval(() => hours.check(), 15_000);
  hoursTimer.unref();

  // Idle lock: the OS session locks after the policy's minutes without input, inside monitoring hours.
  const sessionLock = await platform.session.probe();
  if (!sessionLock.available) log.warn(`idle lock unavailable: ${sessionLock.reason ?? 'unknown reason'}`);
  const idleLock = new IdleLock({
    idleMs: () => platform.session.idleMs(),
    lockSession: () => platform.session.lockSession(),
    warn: (seconds) =>
      void platform.notifier
        .notify('Lookout', `This computer will lock in ${seconds} seconds unless it is used.`)
        .catch(() => undefined),
    locked: (idleMinutes) => void recorder.record('session-locked', { reason: 'idle', idleMinutes }),
    failed: (message) => log.warn(`idle lock: ${message}`),
  });
  const idleTimer = setInterval(() => {
    idleLock.configure(sessionLock.available ? (current?.policy.idleLockMinutes ?? 0) : 0, hours.monitoring);
    void idleLock.check();
  }, 1000);
  idleTimer.unref();

  // Keyword monitoring: typed text and window titles against the libraries in force (the cached policy, or the
  // starter library until the console has sent one).
  const policyCache = new PolicyCacheFile(join(options.dataDir, 'policy.json'));
  const cachedPolicy = await policyCache.load();
  const initialPolicy = readAgentPolicy(cachedPolicy?.document);
  let current = initialPolicy;
  let appliedRevision = cachedPolicy?.revision;
  const categoryLists = new CategoryListCache(join(options.dataDir, 'url-categories'), async (category) => {
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
  });
  // The lists the filter was built from are kept for the browser's rules (built on the extension's request).
  let filterLists: readonly CategoryList[] = [];
  let filterPolicy: AgentPolicy | undefined;
  const filterFor = async (policy: AgentPolicy | undefined) => {
    const lists = await categoryLists.lists(policy?.urlCategories ?? [], (m) => log.warn(m));
    return { filter: urlFilterFor(policy, lists), lists, policy };
  };
  const useFilter = (built: Awaited<ReturnType<typeof filterFor>>) => {
    filterLists = built.lists;
    filterPolicy = built.policy;
    return built.filter;
  };
  let urlFilter = useFilter(await filterFor(initialPolicy));
  let browserRules: { key: unknown[]; filter: BrowserFilter } | undefined;
  const safeguarding = () => current?.safeguarding ?? SafeguardingSettings.parse({});
  const evidence = new EvidenceCollector(
    join(options.dataDir, 'evidence'),
    platform.capture,
    (m) => uplink.sendEvidence(m),
    log,
    () => ownPageFocused,
  );
  const monitor = new KeywordMonitor(
    initialPolicy?.keywordLibraries ?? [DEFAULT_KEYWORD_LIBRARY],
    {
      raise: async (payload) => {
        const event = await recorder.record('keyword-matched', payload);
        uplink.sendPriority(event);
        return event.id;
      },
      collectEvidence: (eventId, ids) => void evidence.collect(eventId, ids),
      newId: randomUUID,
      clock: () => new Date(),
    },
    {
      contextChars: initialPolicy?.alertContextChars ?? 200,
      repeatWindowMs: 3 * 60_000,
      screenshots: capabilities.screenshot?.available ? 4 : 0,
      minSeverity: initialPolicy?.alertMinSeverity ?? 1,
    },
  );
  let currentWindow: WindowContext = { app: '', title: '', url: null };
  const windowKey = (w: WindowContext) => `${w.app}\u0000${w.title}`;
  const typedIn = new Map<string, WindowContext>();
  const typed = new TypedTextBuffer(
    (text, key) => {
      void monitor.check(text, 'typed', typedIn.get(key) ?? currentWindow);
      typedIn.delete(key);
    },
    realTimers,
    { idleFlushMs: 1000, maxLength: 2000 },
  );
  // The last window recorded: coming back to it from one of our own pages records nothing, so the activity feed
  // shows no gap or repeat that would say the pupil visited a Lookout page (a concern, say) in between.
  let lastRecorded: string | undefined;
  const watcher = new WindowWatcher(
    platform.windows,
    async (window) => {
      ownPageFocused = ownPages.isOwnWindow(window);
      currentWindow = ownPageFocused
        ? { app: '', title: '', url: null }
        : { app: window.app, title: window.title, url: null };
      typed.focusChanged(ownPageFocused ? '\u0000own' : windowKey(currentWindow));
      if (ownPageFocused || !hours.monitoring) return;
      const identity = `${windowKey(currentWindow)}\u0000${window.pid ?? ''}`;
      if (identity === lastRecorded) return;
      lastRecorded = identity;
      await recorder.record('window-changed', window);
      await monitor.check(window.title, 'title', currentWindow);
    },
    (message) => log.warn(`reading the active window failed: ${message}`),
    realTimers,
    // X11 reports window changes as they happen; the safety read catches one it might have missed.
    { pollMs: options.windowPollMs, safetyPollMs: 5000 },
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
  // Thumbnails show a plain screen while one of our own pages has the focus (a teacher watching sees no concern).
  const thumbnailCapture: ScreenCapture = {
    probe: () => platform.capture.probe(),
    capture: () => (ownPageFocused ? placeholderScreen() : platform.capture.capture()),
  };
  const thumbnails = new ThumbnailStreamer(
    thumbnailCapture,
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
  uplink.handleCommandsWith((id, command) =>
    command.name === 'start-thumbnails' && (!hours.monitoring || current?.policy.thumbnails.enabled === false)
      ? Promise.resolve({
          status: 'unsupported' as const,
          detail: hours.monitoring ? "thumbnails are off in this PC's policy" : 'outside monitoring hours',
        })
      : commands.handle(id, command),
  );
  uplink.onStateChange((state) => {
    if (state === 'ready') return void evidence.flush();
    // The console restarts the streams it still wants after a reconnect; evidence in flight is sent again.
    thumbnails.stopAll();
    evidence.connectionLost();
  });
  uplink.onEvidenceAck((id, refused) => void evidence.acknowledged(id, refused));

  const concerns = new ConcernReporter({
    store: outbox,
    send: (report) => uplink.sendConcern(report),
    currentUser,
    clock: () => new Date(),
    newId: randomUUID,
  });
  uplink.onConcernAck((id) => void concerns.acknowledged(id));
  uplink.onStateChange((state) => {
    if (state === 'ready') void concerns.flush();
  });
  const concernPage = new ConcernPageServer({
    port: options.concernPort ?? 0,
    title: ownPages.title(),
    settings: safeguarding,
    report: async (form) => {
      await concerns.report(form);
      return uplink.currentState === 'ready';
    },
    acceptableUse: () => {
      const { text, accepted } = notice();
      return { text, accepted };
    },
    accept: async () => {
      const { user, textHash } = notice();
      await acceptances.add(user, textHash);
      await recorder.record('acceptable-use-accepted', { textHash });
    },
  });
  const concernPageUrl = await concernPage.start();
  ownPages.addPages(concernPageUrl, true);
  await writeFile(join(options.dataDir, CONCERN_URL_FILE), `${concernPageUrl}\n`);
  log.info(`report-a-concern page: ${concernPageUrl}`);

  // The acceptable-use notice in force, and whether the signed-in user has accepted it.
  const acceptances = await AcceptanceFile.open(join(options.dataDir, 'acceptable-use.json'));
  const notice = () => {
    const text = current?.policy.acceptableUse.text ?? '';
    const user = currentUser() ?? '';
    const textHash = hashOf(text);
    return { text, user, textHash, accepted: !text || acceptances.has(user, textHash) };
  };
  let shownFor: string | undefined;
  // Shown once per user and text: at start (sign-in) and when a new notice arrives with a policy.
  const showAcceptableUse = async () => {
    const { user, textHash, accepted } = notice();
    const key = `${user}:${textHash}`;
    if (accepted || shownFor === key) return;
    shownFor = key;
    await platform.urls
      .open(`${concernPageUrl}acceptable-use`)
      .catch((err: Error) => log.warn(`acceptable-use notice not shown: ${err.message}`));
  };

  let applying: Promise<void> = Promise.resolve();
  uplink.onPolicy((pushed) => {
    const policy = readAgentPolicy(pushed.document);
    if (!policy) return log.warn(`policy ${pushed.version} could not be read; keeping the current one`);
    current = policy;
    monitor.setLibraries(policy.keywordLibraries, policy.alertContextChars, policy.alertMinSeverity);
    hours.setSchedule(policy.policy.monitoringHours, policy.timeZone);
    void showAcceptableUse();
    const revision = pushed.revision ?? String(pushed.version);
    const isNew = revision !== appliedRevision;
    appliedRevision = revision;
    // The lists first (a download for a new revision), then the filter (until then the previous one applies),
    // and the cache: the console is told only about a policy this PC enforces, and will still enforce offline.
    // One policy applied at a time, in the order pushed, so reports reach the console in that order too.
    applying = applying
      .then(async () => {
        const built = await filterFor(policy);
        if (current === policy) urlFilter = useFilter(built);
        if (!isNew) return;
        await policyCache.save(pushed);
        await recorder.record('policy-applied', {
          revision,
          policyId: policy.policy.id,
          policyName: policy.policy.name,
          policyVersion: policy.policy.version,
        });
      })
      .catch((err: Error) => log.warn(`policy ${revision} not applied: ${err.message}`));
  });

  // The browser extension's channel: navigations decided by the policy, visits and blocks recorded.
  let lastBlocked: { url: string; at: number } | undefined;
  const bridgeToken = await persistentToken(join(options.dataDir, 'bridge-token'));
  const bridge = new BrowserBridgeServer(bridgeToken, options.bridgePort ?? 0, {
    // Our own pages are never filtered (a lesson's allow-list must not block reporting a concern) nor recorded.
    decide: (url) =>
      ownPages.isOwnUrl(url)
        ? { action: 'allow', reason: 'not-web', categories: [] }
        : urlFilter.decide(url, new Date()),
    blocked: (url, verdict) => {
      // The extension asks before the request and again at commit: one blocked navigation is one breach.
      const now = Date.now();
      if (lastBlocked?.url === url && now - lastBlocked.at < 5000) return;
      lastBlocked = { url, at: now };
      if (!hours.monitoring) return;
      void recorder.record('url-blocked', {
        url,
        title: '',
        browser: 'browser',
        categories: verdict.categories,
        reason: verdict.reason,
        category: verdict.category ?? null,
      });
    },
    visited: (visit) => {
      if (!hours.monitoring || ownPages.isOwnUrl(visit.url)) return;
      void recorder.record('url-visited', { ...visit, categories: urlFilter.decide(visit.url, new Date()).categories });
      currentWindow = { ...currentWindow, url: visit.url };
    },
    pageText: (page) => {
      if (hours.monitoring && current?.policy.webFilter.scanPageText && !ownPages.isOwnUrl(page.url)) {
        void monitor.check(page.text, 'page', { app: page.browser, title: page.title, url: page.url });
      }
    },
    // A password field's notice covers only the browser window showing its tab ("Title - Chromium").
    secretInput: (notice) =>
      typed.secretInput(notice, windowKey(currentWindow), (key) => {
        const title = key.slice(key.indexOf('\u0000') + 1);
        return notice.focused && (title === notice.title || title.startsWith(`${notice.title} `));
      }),
    filterRules: (blockPage) => {
      // Rules from no policy, or without a blocked category's list, would replace fuller ones the browser holds:
      // until the agent has both, the browser keeps what it has.
      if (!filterPolicy) return undefined;
      const loaded = new Set(filterLists.map((l) => l.category));
      const blocked = new Set(filterPolicy.policy.webFilter.blockedCategories);
      if (filterPolicy.urlCategories.some((ref) => blocked.has(ref.category) && !loaded.has(ref.category))) {
        return undefined;
      }
      const now = new Date();
      const lesson = filterPolicy?.lessonLimit ?? null;
      const ownOrigins = ownPages.pageOrigins();
      const lessonOn = lesson !== null && Date.parse(lesson.expiresAt) > now.getTime();
      const key = [filterPolicy, filterLists, blockPage, lessonOn, ownOrigins.join(' ')];
      if (browserRules && browserRules.key.every((k, i) => k === key[i])) return browserRules.filter;
      const filter = browserFilterRules({
        rules: filterPolicy?.policy.webFilter ?? { blockedCategories: [], allowList: [], blockList: [] },
        lesson,
        lists: filterLists,
        ownOrigins,
        blockPage,
        now,
      });
      browserRules = { key, filter };
      return filter;
    },
    schoolName: () => safeguarding().schoolName,
    pageTitle: () => ownPages.title('Blocked'),
  });
  const bridgeOrigin = await bridge.start();
  ownPages.addPages(bridgeOrigin);
  if (bridge.movedFrom !== undefined) {
    log.warn(`browser extension channel: port ${bridge.movedFrom} is taken (another agent?), using ${bridgeOrigin}`);
  }
  const extensionDir = await installExtension(join(options.dataDir, 'browser-extension'), bridgeOrigin, bridgeToken);
  log.info(`browser extension for this agent: ${extensionDir}`);
  // Again, now that the outbox's journal and the extension's copy exist.
  await tightenDataDir(options.dataDir);
  if (capabilities.input?.available) {
    platform.input.start((stroke) => {
      // Nothing typed into our own pages (a concern being written) reaches the matcher.
      if (!hours.monitoring || ownPageFocused) return;
      const key = windowKey(currentWindow);
      typedIn.set(key, currentWindow);
      typed.key(stroke, key);
    });
  }

  // Portable media by the policy (and grants from the console), with virus scanning and file logging.
  const media = new MediaController({
    watcher: platform.media,
    scanner: platform.scanner,
    rules: () => {
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
    notify: (title, text) => void platform.notifier.notify(title, text).catch(() => undefined),
    hashFile,
    log,
  });
  if (capabilities.media?.available) media.start();

  await lock.restore();
  if (initialPolicy) hours.setSchedule(initialPolicy.policy.monitoringHours, initialPolicy.timeZone);
  void showAcceptableUse();
  if (capabilities.window?.available) watcher.start();
  uplink.start();

  return {
    uplink,
    outbox,
    lock,
    capabilities,
    concernPageUrl,
    extensionDir,
    async stop() {
      clearInterval(hoursTimer);
      clearInterval(idleTimer);
      media.stop();
      await bridge.stop();
      await concernPage.stop();
      await rm(join(options.dataDir, CONCERN_URL_FILE), { force: true });
      watcher.stop();
      platform.input.stop();
      typed.flush();
      thumbnails.stopAll();
      // The lock stays in force (its helpers run on): stopping the agent is not a way to unlock the PC.
      lock.stop();
      uplink.stop();
      await outbox.close();
    },
  };
}
