import { randomBytes, randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import {
  starterKeywordLibrary,
  checkText,
  PolicyDocument,
  SafeguardingSettings,
  browserFilterRules,
  type CapabilityReport,
  type BrowserFilter,
  type CategoryList,
} from '@lookout/shared';
import { writeFile, rm } from 'node:fs/promises';
import { OwnPages } from './core/OwnPages.js';
import { OwnScreenWindows } from './core/OwnScreenWindows.js';
import type { Notifier } from './platform/Notifier.js';
import { placeholderScreen } from './media/placeholderScreen.js';
import type { ScreenCapture } from './platform/ScreenCapture.js';
import { ConcernPageServer } from './ui/ConcernPageServer.js';
import { readAgentPolicy, urlFilterFor, type AgentPolicy } from './core/AgentPolicy.js';
import { MonitoringHours } from './core/MonitoringHours.js';
import { IdleLock } from './core/IdleLock.js';
import { AcceptanceFile, hashOf } from './storage/AcceptanceFile.js';
import { BrowserBridgeServer } from './browser/BrowserBridgeServer.js';
import { installExtension, persistentToken, sharedToken, shippedExtensionVersion } from './browser/installExtension.js';
import { BrowserExtensionPresence } from './core/BrowserExtensionPresence.js';
import { ExtensionBrowserOpener } from './core/ExtensionBrowserOpener.js';
import { CommandUrlOpener } from './platform/portable/CommandUrlOpener.js';
import { findExecutable } from './platform/findExecutable.js';
import type { UrlOpener } from './platform/UrlOpener.js';
import { KeywordMonitor, type WindowContext } from './core/KeywordMonitor.js';
import { TypedTextBuffer } from './core/TypedTextBuffer.js';
import { ScreenTextWatcher } from './core/ScreenTextWatcher.js';
import { EvidenceCollector } from './media/EvidenceCollector.js';
import { CommandHandler } from './core/CommandHandler.js';
import { LockController } from './core/LockController.js';
import { ThumbnailStreamer } from './core/ThumbnailStreamer.js';
import { realTimers } from './core/Timers.js';
import type { UplinkLog } from './core/Uplink.js';
import { WindowWatcher } from './core/WindowWatcher.js';
import type { AgentCredential } from './enrolment/AgentCredentialFile.js';
import { encodeThumbnail } from './media/ThumbnailEncoder.js';
import type { Platform } from './platform/platform.js';
import { LockStateFile } from './storage/LockStateFile.js';
import { tightenDataDir } from './storage/DataDirPermissions.js';
import type { DeviceSide } from './core/DeviceSide.js';
import { osInfo } from './osInfo.js';
import { collectGarbage } from './platform/portable/collectGarbage.js';

export { osInfo };

export interface AgentRuntimeOptions {
  /**
   * The single-process agent: the PC's side (credential, outbox, uplink, policy cache, lists, media) runs in this
   * process, as this user. A session agent gives `device` instead: the service, over the local channel.
   */
  credential?: AgentCredential;
  device?: DeviceSide;
  /** This user's files: lock state, acceptances, the browser bridge's token, evidence waiting to go. */
  dataDir: string;
  platform: Platform;
  windowPollMs: number;
  batchSize: number;
  /** The report-a-concern page's port on 127.0.0.1 (0: any free port). */
  concernPort?: number;
  /** The browser extension's channel, on 127.0.0.1 (0: any free port). */
  bridgePort?: number;
  /**
   * The channel's key as the PC's browser policy gives it to the extension the console serves (the package writes
   * both: /etc/lookout/browser-bridge.token and the policy's `3rdparty` entry); without it, this user's own key.
   */
  bridgeTokenFile?: string;
  log: UplinkLog & { error(message: string): void };
}

export interface RunningAgent {
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

function currentUser(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}

async function probeAll(platform: Platform): Promise<CapabilityReport> {
  const [window, lock, notify, screenshot, input, media, screenText] = await Promise.all([
    platform.windows.probe(),
    platform.lock.probe(),
    platform.notifier.probe(),
    platform.capture.probe(),
    platform.input.probe(),
    platform.media.probe(),
    probeScreenText(platform),
  ]);
  return { window, lock, notify, screenshot, input, media, screenText };
}

/**
 * The browser the school's policy gives the Lookout extension, opening an address with the user's own profile:
 * `LOOKOUT_EXTENSION_BROWSER` (a program taking the address), else Chrome (Windows, macOS) or the first of
 * Chromium, Chrome and Edge installed (Linux). Not the default browser: that may be one without the extension.
 */
function extensionBrowser(): UrlOpener | undefined {
  const configured = process.env.LOOKOUT_EXTENSION_BROWSER;
  if (configured) return new CommandUrlOpener((url) => [configured, [url]]);
  if (process.platform === 'win32') return new CommandUrlOpener((url) => ['cmd', ['/c', 'start', '""', 'chrome', url]]);
  if (process.platform === 'darwin') return new CommandUrlOpener((url) => ['open', ['-a', 'Google Chrome', url]]);
  const found = ['chromium', 'google-chrome-stable', 'google-chrome', 'microsoft-edge-stable']
    .map((name) => findExecutable(name))
    .find((path) => path !== undefined);
  return found ? new CommandUrlOpener((url) => [found, [url]]) : undefined;
}

/** Reading on-screen text needs the active window's picture and the OCR engine with its language data. */
async function probeScreenText(platform: Platform): Promise<CapabilityReport['screenText']> {
  if (!platform.capture.captureActiveWindow) {
    return { available: false, reason: 'this PC cannot capture the active window alone yet' };
  }
  const [capture, reader] = await Promise.all([platform.capture.probe(), platform.screenText.probe()]);
  return !capture.available ? capture : reader;
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
  // Windows over the active one that are ours (our pages, a notification we just showed): blanked before OCR.
  // A window that only claims to be ours (our pid in _NET_WM_PID, the X server naming another maker) is read, and
  // logged: the session agent sends no tamper events (only the service records those).
  const ownScreen = new OwnScreenWindows(ownPages, Date.now, (message) =>
    log.warn(`reading on-screen text: ${message}`),
  );
  // Every notification the agent shows goes through here, so that reading the screen knows one may be up.
  const notifier: Notifier = {
    probe: () => platform.notifier.probe(),
    notify: (title, text) => {
      ownScreen.notified();
      return platform.notifier.notify(title, text);
    },
  };
  await tightenDataDir(options.dataDir);
  const device =
    options.device ??
    (options.credential
      ? // Loaded only here: a session agent never opens the outbox (SQLite) or the uplink.
        await (
          await import('./device/InProcessDevice.js')
        ).inProcessDevice({
          credential: options.credential,
          dataDir: options.dataDir,
          media: platform.media,
          scanner: platform.scanner,
          batchSize: options.batchSize,
          log,
          loggedInUser: currentUser,
          displayName: (login) => platform.accounts.displayName(login),
        })
      : undefined);
  if (!device) throw new Error('the agent needs its credential or the service');
  const capabilities = await probeAll(platform);
  // Portable media is the PC's side's (the service's, for a session agent).
  if (options.device) delete capabilities.media;
  for (const [name, status] of Object.entries(capabilities)) {
    if (!status.available) log.warn(`${name} unavailable: ${status.reason ?? 'unknown reason'}`);
  }
  device.onNotify((title, text) => void notifier.notify(title, text).catch(() => undefined));

  // Which browser profiles run the extension, from its calls: reported as the `browser` capability, sent again to
  // the PC's side whenever that changes (a profile appears, goes quiet or runs an old version).
  const extensionPresence = new BrowserExtensionPresence(shippedExtensionVersion(), Date.now);
  let browserStatus = '';
  const refreshBrowserStatus = (): void => {
    const status = extensionPresence.status();
    const key = JSON.stringify(status);
    if (key === browserStatus) return;
    browserStatus = key;
    device.setCapabilities({ ...capabilities, browser: status });
  };
  refreshBrowserStatus();
  const browserStatusTimer = setInterval(refreshBrowserStatus, 30_000);
  browserStatusTimer.unref();

  const recorder = { record: device.record.bind(device) };

  // Monitoring hours: outside them nothing is captured, and the pupil is told when it stops and starts.
  const hours = new MonitoringHours(
    () => new Date(),
    (monitoring) => {
      void recorder.record('monitoring-changed', { monitoring });
      void notifier
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
      void notifier
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
  const initialPolicy = readAgentPolicy(device.initialPolicy?.document);
  let current = initialPolicy;
  // The lists the filter was built from are kept for the browser's rules (built on the extension's request).
  let filterLists: readonly CategoryList[] = [];
  let filterPolicy: AgentPolicy | undefined;
  const filterFor = async (policy: AgentPolicy | undefined) => {
    const lists = await device.categoryLists(policy?.urlCategories ?? []);
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
    (m) => device.sendEvidence(m),
    log,
    () => ownPageFocused,
  );
  const monitor = new KeywordMonitor(
    initialPolicy?.keywordLibraries ?? (() => [starterKeywordLibrary()]),
    {
      raise: (payload) => device.raiseAlert(payload),
      collectEvidence: (eventId, ids) => void evidence.collect(eventId, ids),
      newId: randomUUID,
      clock: () => new Date(),
      built: collectGarbage,
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
  // On-screen text: the active window read by OCR every so often (the policy's interval) and matched like typed
  // text (same repeat window, evidence, context), never while one of our own pages has the focus or the PC is locked.
  const screenText = new ScreenTextWatcher({
    capture: () => platform.capture.captureActiveWindow!((windows, active) => ownScreen.blanked(windows, active)),
    read: (picture) => platform.screenText.read(picture),
    allowed: () => hours.monitoring && !ownPageFocused && !lock.current.locked,
    found: (text) => monitor.check(text, 'screen', currentWindow),
    failed: (message) => log.warn(`reading on-screen text failed: ${message}`),
    timers: realTimers,
  });
  const configureScreenText = (policy: AgentPolicy | undefined) => {
    const setting = policy?.policy.screenText ?? PolicyDocument.parse({}).screenText;
    screenText.configure(
      Boolean(capabilities.screenText?.available) && setting.enabled,
      setting.intervalSeconds * 1000,
    );
  };
  // Thumbnails show a plain screen while one of our own pages has the focus (a teacher watching sees no concern).
  const thumbnailCapture: ScreenCapture = {
    probe: () => platform.capture.probe(),
    capture: () => (ownPageFocused ? placeholderScreen() : platform.capture.capture()),
  };
  const thumbnails = new ThumbnailStreamer(
    thumbnailCapture,
    encodeThumbnail,
    (frame) => device.sendThumbnail(frame),
    realTimers,
    () => new Date(),
    log,
  );
  const pageBrowser = extensionBrowser();
  const commands = new CommandHandler({
    lock,
    notifier,
    pages: pageBrowser
      ? capabilities.window?.available === false && !process.versions.electron
        ? { available: false, reason: 'no desktop session to show it in' }
        : { available: true }
      : { available: false, reason: 'no Chrome, Chromium or Edge is installed for the Lookout extension' },
    // A teacher's page opens only in a browser running the current extension (the lesson's limits apply there).
    urls: new ExtensionBrowserOpener({
      hasCurrentExtension: () => extensionPresence.hasCurrent(),
      browser: pageBrowser,
      timers: realTimers,
      startWaitMs: 20_000,
      pollMs: 250,
    }),
    thumbnails,
    capabilities,
    // A check goes through the filter and keyword monitor in force, as a real page or text would.
    check: async (command) => {
      const now = new Date();
      const addresses = command.addresses.map(({ category, url }) => {
        const verdict = urlFilter.decide(url, now);
        return { category, blocked: verdict.action === 'block', reason: verdict.reason };
      });
      if (command.phrase) {
        await monitor.check(checkText(command.checkId), 'check', { app: 'Lookout check', title: '', url: null });
      }
      return { addresses, phraseFed: command.phrase };
    },
    record: (payload) => recorder.record('command-handled', payload),
  });
  device.handleCommandsWith((id, command) =>
    command.name === 'start-thumbnails' && (!hours.monitoring || current?.policy.thumbnails.enabled === false)
      ? Promise.resolve({
          status: 'unsupported' as const,
          detail: hours.monitoring ? "thumbnails are off in this PC's policy" : 'outside monitoring hours',
        })
      : commands.handle(id, command),
  );
  device.onConsoleReady((ready) => {
    if (ready) return void evidence.flush();
    // The console restarts the streams it still wants after a reconnect; evidence in flight is sent again.
    thumbnails.stopAll();
    evidence.connectionLost();
  });
  device.onEvidenceAck((id, refused) => void evidence.acknowledged(id, refused));
  const concernPage = new ConcernPageServer({
    port: options.concernPort ?? 0,
    title: ownPages.title(),
    settings: safeguarding,
    report: (form) => device.reportConcern(form),
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
  device.onPolicy((pushed) => {
    const policy = readAgentPolicy(pushed.document);
    if (!policy) return log.warn(`policy ${pushed.version} could not be read; keeping the current one`);
    current = policy;
    monitor.setLibraries(policy.keywordLibraries, policy.alertContextChars, policy.alertMinSeverity);
    configureScreenText(policy);
    hours.setSchedule(policy.policy.monitoringHours, policy.timeZone);
    void showAcceptableUse();
    const revision = pushed.revision ?? String(pushed.version);
    // The lists first (a download for a new revision), then the filter (until then the previous one applies),
    // and the cache: the console is told only about a policy this PC enforces, and will still enforce offline.
    // One policy applied at a time, in the order pushed, so reports reach the console in that order too.
    applying = applying
      .then(async () => {
        const built = await filterFor(policy);
        if (current === policy) urlFilter = useFilter(built);
        await device.policyEnforced(pushed, policy);
      })
      .catch((err: Error) => log.warn(`policy ${revision} not applied: ${err.message}`));
  });

  // The browser extension's channel: navigations decided by the policy, visits and blocks recorded.
  let lastBlocked: { url: string; at: number } | undefined;
  const bridgeToken =
    (options.bridgeTokenFile &&
      (await sharedToken(options.bridgeTokenFile).catch((err: Error) => {
        log.warn(`browser extension channel: ${err.message}; using this user's own key`);
        return undefined;
      }))) ||
    (await persistentToken(join(options.dataDir, 'bridge-token')));
  const bridge = new BrowserBridgeServer(
    bridgeToken,
    options.bridgePort ?? 0,
    {
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
        void recorder.record('url-visited', {
          ...visit,
          categories: urlFilter.decide(visit.url, new Date()).categories,
        });
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
      checkIn: (checkIn) => {
        extensionPresence.checkIn(checkIn);
        refreshBrowserStatus();
      },
    },
    device.vouchForBridge ? (exchange) => device.vouchForBridge!(exchange) : undefined,
  );
  const bridgeOrigin = await bridge.start();
  ownPages.addPages(bridgeOrigin);
  if (bridge.movedFrom !== undefined) {
    log.warn(`browser extension channel: port ${bridge.movedFrom} is taken (another agent?), using ${bridgeOrigin}`);
  }
  const extensionDir = await installExtension(
    join(options.dataDir, 'browser-extension'),
    bridgeOrigin,
    bridgeToken,
    // A session agent: the service's key, or none (not vouched for: the extension believes nothing); the
    // single-process development agent: null, no service (the extension believes unsigned answers).
    device.vouchForBridge ? device.bridgeKey : null,
  );
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

  await lock.restore();
  // The policy in force now: a session agent's came from the service while it started (see onPolicy above).
  if (current) hours.setSchedule(current.policy.monitoringHours, current.timeZone);
  void showAcceptableUse();
  if (capabilities.window?.available) watcher.start();
  configureScreenText(current);
  // The keyword matcher for the policy in force (a session agent's came while it started), built now rather than
  // on the first text: start-up takes the build's memory and CPU, not the first minutes of use.
  monitor.ready();
  device.start();

  return {
    lock,
    capabilities,
    concernPageUrl,
    extensionDir,
    async stop() {
      clearInterval(hoursTimer);
      clearInterval(idleTimer);
      await bridge.stop();
      await concernPage.stop();
      await rm(join(options.dataDir, CONCERN_URL_FILE), { force: true });
      watcher.stop();
      clearInterval(browserStatusTimer);
      screenText.stop();
      await platform.screenText.close();
      platform.input.stop();
      typed.flush();
      thumbnails.stopAll();
      // The lock stays in force (its helpers run on): stopping the agent is not a way to unlock the PC.
      lock.stop();
      await device.stop();
    },
  };
}
