#!/usr/bin/env node
// Holds an active grab of the keyboard and pointer on the X display for as long as it runs: every key
// (Alt+Tab and Alt+F4 included, whatever sent it) and every click comes here and is dropped, so nothing
// reaches the windows behind the lock screen. It also maps a full-screen curtain in the lock page's colour:
// the window manager stacks the lock page (Chromium) above it, and should that window be closed or killed
// the curtain keeps the screen covered until the agent has put the page back. Runs detached from the agent,
// so restarting the agent does not unlock the PC; the agent starts it again at once if it is killed.
import x11 from 'x11';

const GRAB_MODE_ASYNC = 1;
const INPUT_OUTPUT = 1;
/** #0b3d91, the lock page's background, as a 24-bit TrueColor pixel. */
const CURTAIN_PIXEL = 0x0b3d91;
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
  const screen = display.screen[0]!;
  const root = screen.root;
  let holding = false;

  const curtain = X.AllocID();
  X.CreateWindow(curtain, root, 0, 0, screen.pixel_width, screen.pixel_height, 0, 0, INPUT_OUTPUT, 0, {
    backgroundPixel: CURTAIN_PIXEL,
    overrideRedirect: 1,
  });
  X.MapWindow(curtain);

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
