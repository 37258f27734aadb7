import type { CapabilityReport, CheckFindings, Command, CommandHandledPayload } from '@lookout/shared';
import type { Notifier } from '../platform/Notifier.js';
import type { UrlOpener } from '../platform/UrlOpener.js';
import type { LockController } from './LockController.js';
import type { ThumbnailStreamer } from './ThumbnailStreamer.js';

export interface CommandOutcome {
  status: 'ok' | 'failed' | 'unsupported';
  detail?: string;
  check?: CheckFindings;
}

/** A check asked for by the console: each test address through the filter in force, the phrase through the monitor. */
export type CheckRunner = (command: Extract<Command, { name: 'run-check' }>) => Promise<CheckFindings>;

export interface CommandHandlerDeps {
  lock: LockController;
  notifier: Notifier;
  urls: UrlOpener;
  /** Whether this PC can show a web page at all (a desktop session and a browser for it). */
  pages: { available: boolean; reason?: string };
  thumbnails: ThumbnailStreamer;
  capabilities: CapabilityReport;
  check: CheckRunner;
  /** The device's own record of each teacher command it carried out. */
  record: (payload: CommandHandledPayload) => Promise<unknown>;
}

const unsupported = (what: string, reason: string | undefined): CommandOutcome => ({
  status: 'unsupported',
  detail: `${what} is not available on this PC${reason ? `: ${reason}` : ''}`,
});

/** Carries out what the console asks, and says how it went. */
export class CommandHandler {
  constructor(private readonly deps: CommandHandlerDeps) {}

  async handle(commandId: string, command: Command): Promise<CommandOutcome> {
    const outcome = await this.run(command).catch((err: Error): CommandOutcome => ({
      status: 'failed',
      detail: err.message,
    }));
    if (command.name !== 'start-thumbnails' && command.name !== 'stop-thumbnails') {
      const { check: _findings, ...recorded } = outcome;
      await this.deps.record({ commandId, name: command.name, ...recorded });
    }
    return outcome;
  }

  private async run(command: Command): Promise<CommandOutcome> {
    const caps = this.deps.capabilities;
    switch (command.name) {
      case 'lock':
        if (!caps.lock?.available) return unsupported('locking', caps.lock?.reason);
        await this.deps.lock.lock(command.message, command.durationMinutes);
        return { status: 'ok' };
      case 'unlock':
        await this.deps.lock.unlock('teacher');
        return { status: 'ok' };
      case 'message':
        if (!caps.notify?.available) return unsupported('showing messages', caps.notify?.reason);
        await this.deps.notifier.notify('Message from your teacher', command.text);
        return { status: 'ok' };
      case 'open-url':
        if (!this.deps.pages.available) return unsupported('opening web pages', this.deps.pages.reason);
        await this.deps.urls.open(command.url);
        return { status: 'ok' };
      case 'start-thumbnails':
        if (!caps.screenshot?.available) return unsupported('screen capture', caps.screenshot?.reason);
        this.deps.thumbnails.start(command.size, command.intervalMs);
        return { status: 'ok' };
      case 'stop-thumbnails':
        this.deps.thumbnails.stop(command.size);
        return { status: 'ok' };
      case 'run-check':
        return { status: 'ok', check: await this.deps.check(command) };
    }
  }
}
