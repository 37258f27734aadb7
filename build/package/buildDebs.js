// `npm run package`: Debian packages for Linux servers and labs, built with Debian's own dpkg-deb (the maintained
// tool every .deb is made with; no third-party packager needed for a staged tree). Each package carries the Node
// runtime it was built and tested with and the production dependencies only, so it runs on a stock Debian or
// Ubuntu whatever their nodejs. Output: dist/packages/*.deb (the path is printed).
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const arch = execFileSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).trim();
const outDir = join(root, 'dist', 'packages');

/** The workspace's production dependency tree (npm's own resolution), as paths under node_modules. */
function productionModules(workspace) {
  const out = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable', '-w', workspace], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return [...new Set(out.split('\n').filter((p) => p.includes('/node_modules/')))];
}

// What a native module's source build leaves beside its addon (sqlite3 keeps its whole build tree): not run.
const BUILD_LEFTOVERS = /^(deps|src)\/|^build\/Release\/(obj|obj\.target|\.deps)\/|\.(a|o|tar\.gz)$/;

/** Copies a package directory without its nested node_modules (those are listed separately when needed). */
function copyModule(from, to) {
  const native = existsSync(join(from, 'binding.gyp'));
  cpSync(from, to, {
    recursive: true,
    dereference: true,
    filter: (src) => {
      const rel = relative(from, src);
      return !rel.split('/').includes('node_modules') && !(native && BUILD_LEFTOVERS.test(rel));
    },
  });
}

/** A fresh staging directory (not a predictable /tmp name). */
function stageFor(name) {
  const stage = mkdtempSync(join(tmpdir(), `lookout-${name}-deb-`));
  chmodSync(stage, 0o755); // the package's root directory: as / is
  return stage;
}

/**
 * The app under `lib/app`, mirroring the repository's layout so it finds its code and assets where it expects:
 * the workspaces' package.json and dist, the workspace's production dependencies, and this Node runtime.
 */
function stageApp(lib, dirs, workspace) {
  const app = join(lib, 'app');
  for (const dir of dirs) {
    mkdirSync(join(app, dir), { recursive: true });
    copyFileSync(join(root, dir, 'package.json'), join(app, dir, 'package.json'));
    cpSync(join(root, dir, 'dist'), join(app, dir, 'dist'), { recursive: true });
  }
  copyFileSync(join(root, 'package.json'), join(app, 'package.json'));
  for (const module of productionModules(workspace)) {
    const rel = relative(root, module);
    if (rel === `node_modules/${workspace}`) continue;
    if (rel === 'node_modules/@lookout/shared') {
      mkdirSync(join(app, rel), { recursive: true });
      copyFileSync(join(root, 'shared/package.json'), join(app, rel, 'package.json'));
      cpSync(join(root, 'shared/dist'), join(app, rel, 'dist'), { recursive: true });
      continue;
    }
    copyModule(module, join(app, rel));
  }
  copyFileSync(process.execPath, join(lib, 'node'));
  chmodSync(join(lib, 'node'), 0o755);
  return app;
}

/** Copies one file into the staged tree with its mode. */
function installer(stage) {
  return (from, to, mode) => {
    mkdirSync(dirname(join(stage, to)), { recursive: true });
    copyFileSync(from, join(stage, to));
    chmodSync(join(stage, to), mode);
  };
}

/** The package's documentation, maintainer scripts, conffiles and control file, then the .deb itself. */
function buildDeb(stage, here, { name, conffiles, depends, description }) {
  const install = installer(stage);
  install(join(root, 'README.md'), `usr/share/doc/${name}/README.md`, 0o644);
  writeFileSync(
    join(stage, `usr/share/doc/${name}/copyright`),
    'Lookout: open-source endpoint monitoring for schools.\nLicense: AGPL-3.0-or-later\n',
  );
  const debian = join(stage, 'DEBIAN');
  mkdirSync(debian);
  for (const script of ['postinst', 'prerm', 'postrm']) install(join(here, script), `DEBIAN/${script}`, 0o755);
  writeFileSync(join(debian, 'conffiles'), conffiles.map((f) => `${f}\n`).join(''));
  const installedKb = Number(execFileSync('du', ['-sk', stage], { encoding: 'utf8' }).split('\t')[0]);
  writeFileSync(
    join(debian, 'control'),
    [
      `Package: ${name}`,
      `Version: ${version}`,
      `Architecture: ${arch}`,
      'Maintainer: Lookout maintainers <maintainers@lookout.invalid>',
      ...depends,
      'Section: admin',
      'Priority: optional',
      `Installed-Size: ${installedKb}`,
      'Homepage: https://github.com/lookout-schools/lookout',
      ...description,
      '',
    ].join('\n'),
  );
  mkdirSync(outDir, { recursive: true });
  const deb = join(outDir, `${name}_${version}_${arch}.deb`);
  execFileSync('dpkg-deb', ['--root-owner-group', '-Zgzip', '-z6', '--build', stage, deb], { stdio: 'inherit' });
  rmSync(stage, { recursive: true, force: true });
  return deb;
}

function buildConsole() {
  const stage = stageFor('console');
  const here = join(import.meta.dirname, 'console');
  // The console finds its web UI and shared code where the repository keeps them.
  stageApp(
    join(stage, 'usr/lib/lookout/console'),
    ['shared', 'console/server', 'console/web'],
    '@lookout/console-server',
  );

  // The console packs and serves the browser extension (GET /extension/lookout.crx) from its own copy.
  const consoleApp = join(stage, 'usr/lib/lookout/console', 'app');
  cpSync(join(root, 'agent/src/extension'), join(consoleApp, 'agent/src/extension'), {
    recursive: true,
    filter: (src) => !/\.tsx?$/.test(src),
  });
  const install = installer(stage);
  install(join(here, 'lookout-console'), 'usr/bin/lookout-console', 0o755);
  install(join(here, 'lookout-console.service'), 'usr/lib/systemd/system/lookout-console.service', 0o644);
  install(join(here, 'console.env'), 'etc/lookout/console.env', 0o640);
  // A restarted console is reconnected by every PC at once: the kernel's accept queue must hold them.
  install(join(here, 'sysctl.conf'), 'usr/lib/sysctl.d/30-lookout-console.conf', 0o644);
  return buildDeb(stage, here, {
    name: 'lookout-console',
    conffiles: ['/etc/lookout/console.env'],
    depends: ['Depends: adduser, libc6, libstdc++6, procps, util-linux'],
    description: [
      'Description: Lookout console: school endpoint monitoring server',
      ' The agent gateway, the staff web UI and API of Lookout, with its embedded',
      ' SQLite database, run as the lookout-console systemd service under its own',
      ' system account (settings in /etc/lookout, data in /var/lib/lookout).',
    ],
  });
}

function buildAgent() {
  const stage = stageFor('agent');
  const here = join(import.meta.dirname, 'agent');
  const app = stageApp(join(stage, 'usr/lib/lookout/agent'), ['shared', 'agent'], '@lookout/agent');
  // The agent finds its pages and browser extension beside its code (agent/src/ui, agent/src/extension).
  for (const assets of ['ui', 'extension']) {
    cpSync(join(root, 'agent/src', assets), join(app, 'agent/src', assets), {
      recursive: true,
      filter: (src) => !/\.tsx?$/.test(src),
    });
  }

  const install = installer(stage);
  for (const command of ['lookout-agent', 'lookout-service', 'lookout-session']) {
    install(join(here, command), `usr/bin/${command}`, 0o755);
  }
  for (const helper of ['enrol-from-token', 'write-browser-policy']) {
    install(join(here, helper), `usr/lib/lookout/agent/${helper}`, 0o755);
  }
  install(join(here, 'read-settings'), 'usr/lib/lookout/agent/read-settings', 0o644);
  install(join(here, 'lookout-service.service'), 'usr/lib/systemd/system/lookout-service.service', 0o644);
  install(join(here, 'lookout-session.desktop'), 'etc/xdg/autostart/lookout-session.desktop', 0o644);
  // Yama's ptrace scope 1 (a pupil's programs cannot attach to their session agent); postinst applies it at once.
  install(join(here, 'sysctl-ptrace.conf'), 'etc/sysctl.d/10-lookout-agent.conf', 0o644);
  // A template: the school's copy in /etc/lookout is made at install (a preseeded one is kept, never prompted over).
  install(join(here, 'agent.env'), 'usr/share/lookout-agent/agent.env', 0o644);
  return buildDeb(stage, here, {
    name: 'lookout-agent',
    conffiles: ['/etc/xdg/autostart/lookout-session.desktop', '/etc/sysctl.d/10-lookout-agent.conf'],
    depends: [
      'Depends: libc6, libstdc++6',
      'Recommends: x11-utils, x11-xserver-utils, imagemagick, libnotify-bin, clamav, tesseract-ocr-eng',
    ],
    description: [
      'Description: Lookout agent: school endpoint monitoring on this PC',
      " The Lookout service (root, systemd's lookout-service) links the PC to the",
      " school's Lookout console; a session agent starts at each graphical login.",
      ' Enrols at install from /etc/lookout/enrol-token; removing it needs the',
      " PC's uninstall code from the console.",
    ],
  });
}

const which = process.argv.slice(2);
if (which.length === 0 || which.includes('console')) process.stdout.write(`${buildConsole()}\n`);
if (which.length === 0 || which.includes('agent')) process.stdout.write(`${buildAgent()}\n`);
