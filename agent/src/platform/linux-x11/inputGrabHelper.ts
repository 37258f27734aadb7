#!/usr/bin/env node
// Holds an active grab of the keyboard and pointer on the X display for as long as it runs: every key
// (Alt+Tab and Alt+F4 included, whatever sent it) and every click comes here and is dropped, so nothing
// reaches the windows behind the lock screen. It also maps a full-screen cover in the lock page's colour that
// says the PC is locked, with the teacher's message, drawn at once: the richer lock page (Chromium) can take
// many seconds to start on a slow PC and the window manager stacks it above the cover when it is ready; should
// that window be closed or killed, the cover keeps the screen covered and readable until the page is back.
// Runs detached from the agent, so restarting the agent does not unlock the PC; the agent starts it again at
// once if it is killed. Its first argument is the lock's view as JSON ({ message?, expiresAt? }); the second, when
// it replaces a helper showing another message, that helper's pid: ended only once this cover is up, so the screen
// is never uncovered and input is free only for the moment between one grab and the next.
import { readFileSync } from 'node:fs';
import x11, { type X11FontInfo } from 'x11';
import { lockCoverLines } from './lockCoverText.js';

const GRAB_MODE_ASYNC = 1;
const INPUT_OUTPUT = 1;
const EXPOSURE_MASK = 0x8000;
/** #0b3d91, the lock page's background, and white, as 24-bit TrueColor pixels. */
const COVER_PIXEL = 0x0b3d91;
const TEXT_PIXEL = 0xffffff;
const GRAB_SUCCESS = 0;
// Retried quickly: while a helper it replaces lets go, input is not held by anyone.
const RETRY_MS = 20;
// Grabbing again while we hold the grab is harmless; doing it regularly takes the input back should another
// client (a window manager menu, a screensaver) have grabbed it in between.
const REASSERT_MS = 500;
// Scalable fonts first (readable across a classroom), then the X server's built-in `fixed`, which always exists.
const HEADING_FONTS = ['-*-helvetica-bold-r-normal--44-*-*-*-p-*-iso8859-1', 'fixed'];
const BODY_FONTS = ['-*-helvetica-medium-r-normal--30-*-*-*-p-*-iso8859-1', 'fixed'];

let view: { message?: string; expiresAt?: string } = {};
try {
  view = JSON.parse(process.argv[2] ?? '{}') as typeof view;
} catch {
  // A view the agent did not write: the cover still goes up, with the default words.
}
const lines = lockCoverLines(view);

x11.createClient((err, display) => {
  if (err) {
    process.stderr.write(`lookout input grab: cannot open the display: ${err.message}\n`);
    process.exit(2);
  }
  const X = display.client;
  const screen = display.screen[0]!;
  const root = screen.root;
  const width = screen.pixel_width;
  const height = screen.pixel_height;
  let holding = false;

  const cover = X.AllocID();
  X.CreateWindow(cover, root, 0, 0, width, height, 0, 0, INPUT_OUTPUT, 0, {
    backgroundPixel: COVER_PIXEL,
    overrideRedirect: 1,
    eventMask: EXPOSURE_MASK,
  });
  X.MapWindow(cover);
  // Once the server has mapped our cover (the reply to a round trip comes after it), the helper we replace goes.
  const replaces = Number(process.argv[3]);
  if (Number.isInteger(replaces) && replaces > 1) {
    X.GetGeometry(cover, () => {
      try {
        if (readFileSync(`/proc/${replaces}/cmdline`, 'utf8').includes('inputGrabHelper'))
          process.kill(replaces, 'SIGTERM');
      } catch {
        // gone already
      }
    });
  }

  // Each font is tried in turn: a name the server lacks fails QueryFont (and is logged as a connection error),
  // so each part of the text is drawn with the first font the server has.
  const openFont = (names: string[], use: (font: CoverFont) => void): void => {
    const [name, ...rest] = names;
    if (!name) return;
    const id = X.AllocID();
    X.OpenFont(id, name);
    X.QueryFont(id, (e, info) => {
      if (e || !info) return openFont(rest, use);
      const gc = X.AllocID();
      X.CreateGC(gc, cover, { foreground: TEXT_PIXEL, background: COVER_PIXEL, font: id });
      use({ gc, info });
    });
  };

  const fonts: { heading?: CoverFont; body?: CoverFont } = {};
  const draw = () => {
    const { heading, body } = fonts;
    if (!heading || !body) return;
    const rows = lines.map((text, i) => ({ text, font: i === 0 ? heading : body, gap: i === 0 ? 1.6 : 1.3 }));
    const total = rows.reduce((sum, r) => sum + Math.round(lineHeight(r.font) * r.gap), 0);
    let y = Math.max(0, Math.round((height - total) / 2));
    for (const row of rows) {
      const x = Math.max(10, Math.round((width - textWidth(row.font, row.text)) / 2));
      if (row.text) X.PolyText8(cover, row.font.gc, x, y + row.font.info.fontAscent, [row.text.slice(0, 254)]);
      y += Math.round(lineHeight(row.font) * row.gap);
    }
  };
  openFont(HEADING_FONTS, (font) => {
    fonts.heading = font;
    draw();
  });
  openFont(BODY_FONTS, (font) => {
    fonts.body = font;
    draw();
  });
  X.on('event', (event) => {
    if (event.name === 'Expose' && event.wid === cover) draw();
  });

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
  // A font the server lacks arrives here too: logged, and the next font in the list is used.
  X.on('error', (e) => process.stderr.write(`lookout input grab: ${e.message}\n`));
  X.on('end', () => process.exit(0));
});

interface CoverFont {
  gc: number;
  info: X11FontInfo;
}

function lineHeight(font: CoverFont): number {
  return font.info.fontAscent + font.info.fontDescent;
}

/** The drawn width of Latin-1 text in a font, from its per-character metrics (or its widest character). */
function textWidth(font: CoverFont, text: string): number {
  const { charInfos, minCharOrByte2, maxBounds } = font.info;
  let sum = 0;
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    sum +=
      (c >= minCharOrByte2 ? charInfos[c - minCharOrByte2]?.characterWidth : undefined) ?? maxBounds.characterWidth;
  }
  return sum;
}
