#!/usr/bin/env node
// Runs the global keyboard hook (uiohook-napi) in its own process and prints one JSON line per key press.
// Apart because uiohook aborts its whole process when the display goes away (exit 134, not catchable):
// the agent survives and reports the input capability as broken instead.
import { uIOhook, type UiohookKeyboardEvent } from 'uiohook-napi';

uIOhook.on('keydown', (e: UiohookKeyboardEvent) => {
  process.stdout.write(
    `${JSON.stringify({ keycode: e.keycode, shift: e.shiftKey, ctrl: e.ctrlKey, alt: e.altKey, meta: e.metaKey })}\n`,
  );
});
uIOhook.start();
const stop = () => {
  uIOhook.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// When the agent goes, so does the hook.
process.stdin.on('end', stop);
process.stdin.resume();
