import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { waitFor } from './waitFor.js';

/**
 * Debian's Chromium under a managed policy, as a school PC's browser is. Chromium reads policy only from
 * /etc/chromium/policies/managed (compiled into Debian's build; no switch of a release build names another
 * directory), and other tests run Chromium on this machine at the same time, so the policy is never written there:
 * Chromium runs in a mount namespace of its own (`unshare -m`, root) with a temp directory bind-mounted over
 * /etc/chromium, so it alone sees this test's policy.
 *
 * Driven through its DevTools port, not Playwright: Playwright's launch turns extensions and update checks off
 * (undone with ignoreDefaultArgs), and then did not list the service worker of an extension installed by policy
 * after start (neither launchPersistentContext nor connectOverCDP; Chromium's own /json/list shows it), and hung when
 * given a DevTools port beside its pipe. A browser started as the PC starts it, plus a debugging port, is closer
 * to the real thing anyway.
 */
export interface ManagedChromiumOptions {
  /** The managed policy (lookout.json's content). */
  policy: Record<string, unknown>;
  /** Host names mapped to local test servers. */
  hosts?: Record<string, number>;
  /**
   * PEM certificates whose public keys Chromium trusts for TLS (`--ignore-certificate-errors-spki-list`): the
   * console's own CA and server certificate, which a school's PCs trust through their certificate store.
   */
  trust?: string[];
  /** Chromium on this X display (a real window); headless=new without. */
  desktop?: { env: NodeJS.ProcessEnv };
  /** Run Chromium as this user (a pupil), with HOME and the profile theirs. */
  runAs?: { uid: number; gid: number; home: string };
  /** The user data dir; a fresh one without. */
  userDataDir?: string;
}

/** base64 SHA-256 of a certificate's SubjectPublicKeyInfo, as `--ignore-certificate-errors-spki-list` takes it. */
export function spkiHash(pem: string): string {
  const der = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

/** The PEM certificates in a file holding one or more. */
export function certificatesIn(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

interface Target {
  id: string;
  type: string;
  url: string;
  title: string;
  webSocketDebuggerUrl: string;
}

/** One DevTools command on a target's own socket. */
async function command(target: Target, method: string, params: Record<string, unknown>): Promise<unknown> {
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  try {
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const reply = new Promise<{ result?: unknown; error?: unknown }>((resolve, reject) => {
      socket.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: unknown };
        if (message.id === 1) resolve(message);
      });
      socket.once('close', () => reject(new Error(`${method}: the target closed`)));
      setTimeout(() => reject(new Error(`${method}: no answer in 10 s`)), 10_000).unref();
    });
    socket.send(JSON.stringify({ id: 1, method, params }));
    const answer = await reply;
    if (answer.error) throw new Error(`${method}: ${JSON.stringify(answer.error)}`);
    return answer.result;
  } finally {
    socket.close();
  }
}

/** A program that starts Chromium as the PC would, under the test's policy: what a test hands the agent. */
export interface ManagedChromiumLauncher {
  /** The program (a shell script): the addresses to open are its arguments. */
  program: string;
  userDataDir: string;
  logFile: string;
  /** Replaces the policy (read by Chromium at its next start). */
  writePolicy(policy: Record<string, unknown>): void;
}

export class ManagedChromium {
  private constructor(
    readonly userDataDir: string,
    private readonly process: ChildProcess | undefined,
    private readonly logFile: string,
  ) {}

  /**
   * Writes the launcher: `unshare -m` (the namespace is made as root), the policy directory bind-mounted over
   * /etc/chromium, then Chromium (as the pupil when `runAs` is given) with a DevTools port for the test to read.
   */
  static launcher(options: ManagedChromiumOptions): ManagedChromiumLauncher {
    const root = mkdtempSync(join(tmpdir(), 'lookout-managed-chromium-'));
    chmodSync(root, 0o755);
    const etc = join(root, 'etc-chromium');
    mkdirSync(join(etc, 'policies', 'managed'), { recursive: true });
    // Debian's own file in /etc/chromium stays visible to Chromium.
    if (existsSync('/etc/chromium/master_preferences')) {
      copyFileSync('/etc/chromium/master_preferences', join(etc, 'master_preferences'));
    }
    const writePolicy = (policy: Record<string, unknown>) =>
      writeFileSync(join(etc, 'policies', 'managed', 'lookout.json'), JSON.stringify(policy, null, 2), {
        mode: 0o644,
      });
    writePolicy(options.policy);
    const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'lookout-chromium-'));
    if (options.runAs) chownTree(userDataDir, options.runAs);
    const logFile = join(root, 'chromium.log');
    const rules = Object.entries(options.hosts ?? {})
      .map(([host, port]) => `MAP ${host} 127.0.0.1:${port}`)
      .join(', ');
    const args = [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-sync',
      '--password-store=basic',
      '--enable-logging=stderr',
      `--user-data-dir=${userDataDir}`,
      '--remote-debugging-port=0',
      '--remote-allow-origins=*',
      ...(options.desktop ? ['--window-size=1100,700'] : ['--headless=new']),
      ...(rules ? [`--host-resolver-rules=${rules}`] : []),
      ...(options.trust?.length
        ? [`--ignore-certificate-errors-spki-list=${options.trust.map(spkiHash).join(',')}`]
        : []),
    ];
    // setpriv drops to the pupil's ids once the namespace is made.
    const drop = options.runAs
      ? ['setpriv', `--reuid=${options.runAs.uid}`, `--regid=${options.runAs.gid}`, '--clear-groups', '--']
      : [];
    const quoted = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
    const chromiumCommand = [...drop, process.env.LOOKOUT_CHROMIUM ?? '/usr/bin/chromium', ...args]
      .map(quoted)
      .join(' ');
    const env = [
      ...(options.runAs ? [`HOME=${quoted(options.runAs.home)}`] : []),
      ...(options.desktop ? [`DISPLAY=${quoted(options.desktop.env.DISPLAY ?? '')}`] : ['DISPLAY=']),
    ].join(' ');
    const program = join(root, 'chromium');
    writeFileSync(
      program,
      [
        '#!/bin/sh',
        `exec unshare -m sh -c 'mount --bind "$0" /etc/chromium && shift && exec "$@"' ${quoted(etc)} _ env ${env} ${chromiumCommand} "$@" 2>>${quoted(logFile)}`,
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    return { program, userDataDir, logFile, writePolicy };
  }

  static async launch(options: ManagedChromiumOptions): Promise<ManagedChromium> {
    const launcher = ManagedChromium.launcher(options);
    const child = spawn(launcher.program, ['about:blank'], {
      stdio: 'ignore',
      env: { ...process.env, ...options.desktop?.env },
    });
    const browser = new ManagedChromium(launcher.userDataDir, child, launcher.logFile);
    await browser.ready();
    return browser;
  }

  /** A browser someone else started with the launcher (the agent, opening a teacher's page). */
  static async attach(launcher: ManagedChromiumLauncher): Promise<ManagedChromium> {
    const browser = new ManagedChromium(launcher.userDataDir, undefined, launcher.logFile);
    await browser.ready();
    return browser;
  }

  /** Whether the launcher's browser has started (its DevTools port is written). */
  static started(launcher: ManagedChromiumLauncher): boolean {
    return existsSync(join(launcher.userDataDir, 'DevToolsActivePort'));
  }

  private ready(): Promise<unknown> {
    return waitFor('Chromium’s DevTools port', () => existsSync(join(this.userDataDir, 'DevToolsActivePort')), {
      timeoutMs: 30_000,
    });
  }

  /** What Chromium printed (its log on stderr), for a failed run. */
  log(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
  }

  private origin(): string {
    const port = readFileSync(join(this.userDataDir, 'DevToolsActivePort'), 'utf8').split('\n')[0];
    return `http://127.0.0.1:${port}`;
  }

  async targets(): Promise<Target[]> {
    return (await (await fetch(`${this.origin()}/json/list`)).json()) as Target[];
  }

  /**
   * Evaluates `expression` (a promise is awaited; the value comes back as JSON) in the extension's service worker.
   * Undefined while the worker is not running.
   */
  async inExtensionWorker(extensionId: string, expression: string): Promise<unknown> {
    const worker = (await this.targets()).find(
      (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`),
    );
    if (!worker) return undefined;
    const result = (await command(worker, 'Runtime.evaluate', {
      expression,
      awaitPromise: true,
      returnByValue: true,
    })) as { result?: { value?: unknown } };
    return result.result?.value;
  }

  /** Opens a new tab at `url`; its target id, for reading where it ended up. */
  async open(url: string): Promise<string> {
    const response = await fetch(`${this.origin()}/json/new?${encodeURI(url)}`, { method: 'PUT' });
    return ((await response.json()) as Target).id;
  }

  /** A tab's current address and title. */
  async tab(id: string): Promise<{ url: string; title: string } | undefined> {
    const target = (await this.targets()).find((t) => t.id === id);
    return target && { url: target.url, title: target.title };
  }

  async close(): Promise<void> {
    if (!this.process) {
      // Started by someone else: asked to close through DevTools.
      const version = (await (await fetch(`${this.origin()}/json/version`)).json()) as { webSocketDebuggerUrl: string };
      await command(
        { id: '', type: 'browser', url: '', title: '', webSocketDebuggerUrl: version.webSocketDebuggerUrl },
        'Browser.close',
        {},
      ).catch(() => undefined);
      return;
    }
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise((resolve) => this.process!.once('exit', resolve));
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process!.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

function chownTree(dir: string, owner: { uid: number; gid: number }): void {
  chmodSync(dir, 0o700);
  // A fresh, empty profile directory: only itself to give away.
  chownSync(dir, owner.uid, owner.gid);
}
