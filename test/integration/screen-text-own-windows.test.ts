import { afterAll, beforeAll, expect, it } from 'vitest';
import { OwnPages } from '../../agent/src/core/OwnPages.js';
import { OwnScreenWindows } from '../../agent/src/core/OwnScreenWindows.js';
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
let desktop: Desktop;
let connection: X11Connection;
let reader: TesseractTextReader;
let window: ManagedProcess;

beforeAll(async () => {
  desktop = attachDesktop();
  connection = new X11Connection(WINDOW_ATOMS, desktop.env);
  reader = new TesseractTextReader(desktop.env);
});

afterAll(async () => {
  await window?.stop('SIGKILL');
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
  const blanked = await reader.read((await capture.captureActiveWindow((w) => own.covers(w)))!);
  expect(blanked).toMatch(/photosynthesis/i);
  expect(blanked).not.toMatch(/teacher|searching|knives/i);
  // Another app's notification (the agent showed none) is read as before.
  const other = new OwnScreenWindows(new OwnPages(new Uint8Array(8).fill(1), () => []), Date.now);
  const read = await reader.read((await capture.captureActiveWindow((w) => other.covers(w)))!);
  expect(read).toMatch(/teacher/i);
});
