// The Electron shell: a tray, the lock and message windows, nothing else. All behaviour lives in the agent
// core (startAgentRuntime), which the headless agent runs too; this file only swaps in Electron's windows
// for the lock screen and messages. No window is shown unless one must be.
import { app, Menu, Tray, BrowserWindow, nativeImage } from 'electron';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startAgentRuntime, type RunningAgent } from '../AgentRuntime.js';
import { AgentCredentialFile } from '../enrolment/AgentCredentialFile.js';
import { platformFor } from '../platform/platform.js';
import { ElectronNotifier } from './ElectronNotifier.js';
import { ElectronScreenLock } from './ElectronScreenLock.js';
import { ElectronSessionLocker } from './ElectronSessionLocker.js';
import { lockedDownWebPreferences } from './lockedDownWebPreferences.js';

const SCHOOL = process.env.LOOKOUT_SCHOOL_NAME ?? 'your school';
const dataDir = process.env.LOOKOUT_AGENT_DATA_DIR ?? join(homedir(), '.local', 'share', 'lookout-agent');
const log = {
  info: (m: string) => console.log(`lookout info ${m}`),
  warn: (m: string) => console.warn(`lookout warn ${m}`),
  error: (m: string) => console.error(`lookout error ${m}`),
};

let agent: RunningAgent | undefined;
let tray: Tray | undefined;

function openReportConcern(): void {
  const win = new BrowserWindow({
    width: 520,
    height: 560,
    title: 'Report a concern',
    webPreferences: lockedDownWebPreferences(),
  });
  // The same page the headless agent serves: one form, one path to the console, offline queue included.
  if (agent) void win.loadURL(agent.concernPageUrl);
}

async function start(): Promise<void> {
  // One agent per session: a second launch just exits.
  if (!app.requestSingleInstanceLock()) return app.quit();
  app.on('window-all-closed', () => undefined); // a background app: closing windows does not quit it
  const credential = new AgentCredentialFile(join(dataDir, 'credential.json')).read();
  if (!credential) {
    log.error('this PC is not enrolled: run lookout-agent --server URL --ca-pin PIN --enrol-token-file FILE once');
    return app.quit();
  }
  const base = platformFor(dataDir);
  const platform = {
    ...base,
    lock: new ElectronScreenLock(),
    notifier: new ElectronNotifier(),
    session: new ElectronSessionLocker(base.session),
  };
  agent = await startAgentRuntime({ credential, dataDir, platform, windowPollMs: 250, batchSize: 100, log });

  tray = new Tray(nativeImage.createEmpty());
  tray.setToolTip(`This computer is monitored by ${SCHOOL}`);
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: `This computer is monitored by ${SCHOOL}`, enabled: false },
      { type: 'separator' },
      { label: 'Report a concern…', click: openReportConcern },
    ]),
  );
}

app.whenReady().then(start, (err: unknown) => log.error(String(err)));
app.on('before-quit', () => void agent?.stop());
