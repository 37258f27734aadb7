import { afterAll, beforeAll, expect, it } from 'vitest';
import { OwnPages } from '../../agent/src/core/OwnPages.js';
import { OwnScreenWindows } from '../../agent/src/core/OwnScreenWindows.js';
import type { WindowOnTop } from '../../agent/src/platform/ScreenCapture.js';
import { X11Connection } from '../../agent/src/platform/linux-x11/X11Connection.js';
import { WINDOW_ATOMS } from '../../agent/src/platform/linux-x11/X11EventWindowSource.js';
import { X11ScreenCapture } from '../../agent/src/platform/linux-x11/X11ScreenCapture.js';
import { TesseractTextReader } from '../../agent/src/platform/portable/TesseractTextReader.js';
import type { Desktop } from '../harness/Desktop.js';
import { attachDesktop } from '../harness/desktopGlobalSetup.js';
import { ManagedProcess } from '../harness/ManagedProcess.js';
import { waitFor } from '../harness/waitFor.js';

// OCR hygiene, on a real X desktop (Xvfb, openbox, dunst) with the agent's real X11 capture and Tesseract: a
// notification the agent shows over the pupil's active window (dunst's popup, sent with notify-send as the agent's
// notifier does) is blanked before the window is read, so the agent never alerts on its own words. Only the
// agent's bookkeeping that it showed a notification (OwnScreenWindows.notified) is called by the test directly.
// And a pupil's window that claims to be the agent's (_NET_WM_PID set to the agent's pid with xprop) is read: the X
// server's X-Resource extension names the program that made each window, and only that is believed.
let desktop: Desktop;
let connection: X11Connection;
let reader: TesseractTextReader;
let window: ManagedProcess;
const windows: ManagedProcess[] = [];

beforeAll(async () => {
  desktop = attachDesktop();
  connection = new X11Connection(WINDOW_ATOMS, desktop.env);
  reader = new TesseractTextReader(desktop.env);
});

afterAll(async () => {
  await window?.stop('SIGKILL');
  for (const w of windows) await w.stop('SIGKILL');
  await desktop?.x('dunstctl', ['close-all']).catch(() => '');
  await reader?.close();
  connection?.close();
});

it('blanks a notification the agent showed over the active window, and reads the window as before', async () => {
  // The pupil's window, wide enough for dunst's popup (top right) to lie over it.
  window = new ManagedProcess(
    'own-windows-xterm',
    'xterm',
    [
      ...['-T', 'Own windows test: notes', '-fa', 'Monospace', '-fs', '20', '-geometry', '84x10+0+0'],
      ...['-bg', 'white', '-fg', 'black', '-e', 'sh', '-c', 'printf "%s\\n" "$0"; exec sleep 3600'],
      'Revision notes about photosynthesis in green plants',
    ],
    { env: desktop.env },
  );
  const id = await waitFor(
    'the notes window',
    async () =>
      (
        await desktop.x('xdotool', ['search', '--onlyvisible', '--name', '^Own windows test: notes$']).catch(() => '')
      ).trim() || undefined,
  );
  await desktop.focus(id.split('\n')[0]!);

  const own = new OwnScreenWindows(new OwnPages(new Uint8Array(8).fill(1), () => []), Date.now);
  const capture = new X11ScreenCapture(connection, desktop.env);
  own.notified();
  await desktop.x('notify-send', ['-t', '60000', 'Message from your teacher', 'Stop searching for knives']);

  // The popup is on screen once a plain capture (nothing blanked) shows its words over the window.
  const seen = await waitFor(
    'the notification over the window',
    async () => {
      const text = await reader.read((await capture.captureActiveWindow())!);
      return /teacher/i.test(text) ? text : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 500 },
  );
  expect(seen).toMatch(/photosynthesis/i);
  const blanked = await reader.read((await capture.captureActiveWindow((ws, a) => own.blanked(ws, a)))!);
  expect(blanked).toMatch(/photosynthesis/i);
  expect(blanked).not.toMatch(/teacher|searching|knives/i);
  // Another app's notification (the agent showed none) is read as before.
  const other = new OwnScreenWindows(new OwnPages(new Uint8Array(8).fill(1), () => []), Date.now);
  const read = await reader.read((await capture.captureActiveWindow((ws, a) => other.blanked(ws, a)))!);
  expect(read).toMatch(/teacher/i);
});

/** A one-line xterm showing `text` (no newline, so it stays on its only row), and its X window id. */
async function xterm(name: string, title: string, geometry: string, text: string): Promise<[ManagedProcess, string]> {
  const term = new ManagedProcess(
    name,
    'xterm',
    [
      ...['-T', title, '-fa', 'Monospace', '-fs', '20', '-geometry', geometry, '-bg', 'white', '-fg', 'black'],
      ...['-e', 'sh', '-c', 'printf "%s" "$0"; exec sleep 3600', text],
    ],
    { env: desktop.env },
  );
  windows.push(term);
  const id = await waitFor(
    `the window "${title}"`,
    async () =>
      (await desktop.x('xdotool', ['search', '--onlyvisible', '--name', `^${title}$`]).catch(() => '')).trim() ||
      undefined,
  );
  return [term, id.split('\n')[0]!];
}

it("reads a window that claims the agent's pid over a chat (the X server names its real maker), and blanks one the agent made", async () => {
  await desktop.x('dunstctl', ['close-all']).catch(() => '');
  await window?.stop('SIGKILL');
  // The pupil's chat, active.
  const [, chatId] = await xterm(
    'chat',
    'Own windows test: chat',
    '84x12+0+0',
    'Chat with Sam: see you behind the sports hall',
  );
  // Two always-on-top windows over it (override-redirect, as a popup is: the window manager neither frames nor
  // restacks them): one of "the agent's" processes (here an xterm whose pid the agent's own-process list names,
  // as the lock window's is), and the pupil's, which claims that pid with xprop.
  const [agentWindow, agentId] = await xterm(
    'agent-own',
    'Own windows test: agent',
    '30x1+100+150',
    'Teacher says knives away',
  );
  const agentPid = agentWindow.child.pid!;
  const [pupilWindow, pupilId] = await xterm(
    'pupil-overlay',
    'Own windows test: pupil',
    '30x1+100+220',
    'Pupil says meet at the gate',
  );
  for (const id of [agentId, pupilId]) {
    await desktop.x('xdotool', ['set_window', '--overrideredirect', '1', id]);
    await desktop.x('xdotool', ['windowunmap', '--sync', id]);
    await desktop.x('xdotool', ['windowmap', '--sync', id]);
  }
  await desktop.x('xprop', ['-id', pupilId, '-f', '_NET_WM_PID', '32c', '-set', '_NET_WM_PID', String(agentPid)]);
  await desktop.focus(chatId);

  const reports: string[] = [];
  const own = new OwnScreenWindows(new OwnPages(new Uint8Array(8).fill(2), () => [agentPid]), Date.now, (message) =>
    reports.push(message),
  );
  const capture = new X11ScreenCapture(connection, desktop.env);
  let onTop: WindowOnTop[] = [];
  const rule = (ws: readonly WindowOnTop[], active: { width: number; height: number }) => {
    onTop = [...ws];
    return own.blanked(ws, active);
  };
  // Once both windows lie over the chat (the window manager has let go of them, the chat has the focus).
  const picture = await waitFor(
    'both windows over the active chat',
    async () => {
      const shot = await capture.captureActiveWindow(rule);
      const titles = onTop.map((w) => w.title);
      return titles.includes('Own windows test: agent') && titles.includes('Own windows test: pupil')
        ? shot
        : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 500 },
  );
  const agent = onTop.find((w) => w.title === 'Own windows test: agent')!;
  const pupil = onTop.find((w) => w.title === 'Own windows test: pupil')!;
  // What the X server says, against what the window says.
  expect(agent.ownerPid).toBe(agentPid);
  expect(pupil.pid).toBe(agentPid);
  expect(pupil.ownerPid).toBe(pupilWindow.child.pid);

  const text = await reader.read(picture!);
  expect(text).toMatch(/sports hall/i); // the chat
  expect(text).toMatch(/meet at the gate/i); // the pupil's window that claimed the agent's pid: read
  expect(text).not.toMatch(/knives/i); // the agent's own: blanked
  expect(reports.join('\n')).toMatch(
    new RegExp(`claims the agent's pid ${agentPid} but the X server says pid ${pupilWindow.child.pid} made it`),
  );
  // Unblanked, the agent's window reads as well as the others do: the blanking, not the OCR, hid its words.
  expect(await reader.read((await capture.captureActiveWindow())!)).toMatch(/knives/i);
});
