#!/usr/bin/env node
// Holds an active grab of the keyboard and pointer on the X display for as long as it runs: every key
// (Alt+Tab and Alt+F4 included, whatever sent it) and every click comes here and is dropped, so nothing
// reaches the windows behind the lock screen. Runs detached from the agent, so restarting the agent does
// not unlock the PC; the agent starts it again within a fraction of a second if it is killed.
import x11 from 'x11';

const GRAB_MODE_ASYNC = 1;
const GRAB_SUCCESS = 0;
const RETRY_MS = 100;
// Grabbing again while we hold the grab is harmless; doing it regularly takes the input back should another
// client (a window manager menu, a screensaver) have grabbed it in between.
const REASSERT_MS = 500;

x11.createClient((err, display) => {
  if (err) {
    process.stderr.write(`lookout input grab: cannot open the display: ${err.message}\n`);
    process.exit(2);
  }
  const X = display.client;
  const root = display.screen[0]!.root;
  let holding = false;

  const grab = () => {
    X.GrabKeyboard(root, false, 0, GRAB_MODE_ASYNC, GRAB_MODE_ASYNC, (e, keyboard) => {
      X.GrabPointer(root, false, 0, GRAB_MODE_ASYNC, GRAB_MODE_ASYNC, 0, 0, 0, (e2, pointer) => {
        holding = !e && !e2 && keyboard === GRAB_SUCCESS && pointer === GRAB_SUCCESS;
        setTimeout(grab, holding ? REASSERT_MS : RETRY_MS);
      });
    });
  };
  grab();

  const release = () => {
    X.UngrabKeyboard(0);
    X.UngrabPointer(0);
    setTimeout(() => process.exit(0), 50);
  };
  process.on('SIGTERM', release);
  process.on('SIGINT', release);
  X.on('error', (e) => process.stderr.write(`lookout input grab: ${e.message}\n`));
  X.on('end', () => process.exit(0));
});
