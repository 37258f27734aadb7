#!/usr/bin/env bash
# Installs what Lookout needs on Debian/Ubuntu: Debian packages that are missing, then the npm workspaces.
#   bash build/setup.sh          to run Lookout (console + a local agent)
#   bash build/setup.sh --test   also everything the tests use (Xvfb, openbox, xdotool, Chromium, ClamAV, …)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# The agent on Linux reads windows and the screen over its own X connection (no X utilities); the lock page runs
# in Chromium and is kept on top with xdotool; messages go through notify-send; URLs open with xdg-open. sqlite3
# compiles from source (no prebuilt download here). tesseract-ocr-eng: the English data the agent reads on-screen
# text with (its engine is tesseract.js from npm; nothing is downloaded at run time).
packages=(xdotool chromium libnotify-bin xdg-utils python3 make g++ tesseract-ocr-eng)
# faketime: the retention test runs the console with its clock moved forward; e2fsprogs: media tests build
# filesystem images (mkfs.ext4 -d) to mount as removable volumes; xscreensaver: the session locker the idle-lock
# test locks; x11-utils (xprop), x11-xserver-utils (xhost: a pupil's account may use the test display) and imagemagick
# (import): the test desktop's checks and screenshots; strace: a test
# proves the agent executes nothing while it reads windows and captures the screen; tesseract-ocr reads what the lock
# cover says off the screen, drawn in fonts-urw-base35's Helvetica (an X core font, as on a school's Linux PC);
# poppler-utils (pdftotext): the weekly report and review pack tests read their PDFs' text; iproute2 and
# util-linux (ip, unshare): Chromium resolves through the filtering resolver in a network namespace of its own;
# procps (sysctl): the console package's install raises the kernel's accept queue (its package test installs it).
if [ "$want_test" = 1 ]; then
  packages+=(xvfb xauth openbox xterm dbus dbus-x11 dunst clamav clamav-daemon libx11-6 libxtst6 libxt6 libxrandr2 faketime e2fsprogs xscreensaver x11-utils x11-xserver-utils imagemagick strace tesseract-ocr tesseract-ocr-eng fonts-urw-base35 poppler-utils iproute2 util-linux procps)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  echo "setup: installing Debian packages: ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v node >/dev/null; then
  echo "setup: Node.js 20.19 or newer is needed (https://nodejs.org or your distribution's nodejs)" >&2
  exit 1
fi
node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error(`setup: Node.js ${process.versions.node} is too old: 20.19 or newer is needed`); process.exit(1) }'

# npm ci only when the installed tree is not the locked one (a cold install builds sqlite3: ~2 minutes).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages (npm ci)"
  # electron is installed for its types only (its binary cannot be downloaded here; allowScripts denies it).
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
echo "setup: done"
