import {
  NotificationSettings,
  type AlertNotifications,
  type NotificationSettingsView,
  type StaffUser,
} from '@lookout/shared';
import type { Logger } from '../config/Logger.js';
import { HttpError } from '../http/HttpError.js';
import type { AuditLog } from '../store/AuditLog.js';
import type { Transactor } from '../store/ConsoleDatabase.js';
import type { NotificationStore } from '../store/NotificationStore.js';
import type { SettingStore } from '../store/SettingStore.js';
import { alertNotice } from './alertNotice.js';
import { postToChatWebhook } from './ChatWebhook.js';
import { nextStage, type EscalationRules } from './escalation.js';
import { SmtpMailer, type OutgoingMail } from './SmtpMailer.js';

const KEY = 'notifications';
/** How often waiting escalations are looked at (a new alert is looked at as it arrives). */
const TICK_MS = 15_000;
/** Alerts older than this are not chased by mail any more (the queue and weekly report still show them). */
const LOOK_BACK_MS = 7 * 24 * 3600_000;
/** A wave whose mail keeps failing is tried again with growing gaps (15 s, 30 s, … up to 30 min) for a day. */
const FIRST_RETRY_MS = 15_000;
const LONGEST_RETRY_MS = 30 * 60_000;
const GIVE_UP_AFTER_MS = 24 * 3600_000;

export interface NotificationContext {
  schoolName(): string;
  categoryName(category: string): string;
  timeZone: string;
  /** The console's own address, when the settings give none. */
  consoleUrl: string;
  now(): Date;
  log: Logger;
  mailer?: (smtp: NonNullable<NotificationSettings['smtp']>) => {
    send(mail: OutgoingMail): Promise<string>;
    close(): void;
  };
  webhook?: (url: string, text: string) => Promise<void>;
}

/**
 * Tells the DSL and deputies of a high-risk alert by mail within a minute of its arrival, then one more person on
 * the escalation list each period nobody acknowledges it, and posts to a Teams or Slack channel if one is set. The
 * mail carries no pupil name, text or image: only what, when and a link. Who was told when, and who acknowledged,
 * is kept on the alert.
 */
export class NotificationService {
  private settings: NotificationSettings = NotificationSettings.parse({});
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly db: Transactor,
    private readonly settingStore: SettingStore,
    private readonly store: NotificationStore,
    private readonly audit: AuditLog,
    private readonly ctx: NotificationContext,
  ) {}

  async load(): Promise<void> {
    const parsed = NotificationSettings.safeParse((await this.settingStore.get(KEY)) ?? {});
    this.settings = parsed.success ? parsed.data : NotificationSettings.parse({});
  }

  start(): void {
    this.check(); // what fell due while the console was down
    this.timer = setInterval(() => this.check(), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  view(): NotificationSettingsView {
    return redact(this.settings);
  }

  /** A change from the DSL: secrets left out are kept; the audit entry never holds them. */
  async update(user: StaffUser, change: NotificationSettings): Promise<NotificationSettingsView> {
    if (user.role !== 'dsl') throw new HttpError(403, 'forbidden', 'only the DSL sets who is told of high-risk alerts');
    const before = this.settings;
    // A password left out is kept only for the same server and login: pointed elsewhere, it must be typed again
    // (or anyone with a DSL session could have the school's mail password sent to a server of their own).
    const sameServer =
      change.smtp !== null &&
      before.smtp !== null &&
      change.smtp.host === before.smtp.host &&
      change.smtp.port === before.smtp.port &&
      change.smtp.username === before.smtp.username;
    const next: NotificationSettings = {
      ...change,
      smtp: change.smtp
        ? { ...change.smtp, password: change.smtp.password || (sameServer ? before.smtp?.password : undefined) }
        : null,
      webhookUrl: change.webhookUrl === undefined ? before.webhookUrl : change.webhookUrl,
      // Switching on (again) starts from now: alerts from before are not mailed in a burst.
      enabledSince: change.enabled ? (before.enabled ? before.enabledSince : this.ctx.now().toISOString()) : null,
    };
    if (next.enabled && (!next.smtp || next.firstContacts.length === 0)) {
      throw new HttpError(
        400,
        'bad-request',
        'to switch notifications on, give the mail server and at least one DSL or deputy',
      );
    }
    if (next.smtp?.security === 'none' && next.smtp.username && !isLoopback(next.smtp.host)) {
      throw new HttpError(
        400,
        'bad-request',
        'a mail server login without TLS or STARTTLS would cross the network in clear: choose one of them',
      );
    }
    await this.db.transaction(async (tx) => {
      await this.settingStore.set(KEY, next, user.username, this.ctx.now().toISOString(), tx);
      await this.audit.append(
        {
          actor: user.username,
          action: 'notifications.settings.changed',
          target: KEY,
          details: { before: redact(before), after: redact(next) },
        },
        tx,
      );
    });
    this.settings = next;
    this.check();
    return this.view();
  }

  /** Sends a test mail (to the given address, or to the DSL and deputies), so the school sees its mail server work. */
  async sendTest(user: StaffUser, to?: string): Promise<{ sentTo: string[]; server: string }> {
    const smtp = this.settings.smtp;
    if (!smtp) throw new HttpError(400, 'bad-request', 'no mail server is set');
    const recipients = to ? [to] : this.settings.firstContacts.map((c) => c.email);
    if (recipients.length === 0) throw new HttpError(400, 'bad-request', 'no one to send the test to');
    const mailer = this.mailerFor(smtp);
    // Audited whether or not it goes through: a test names where mail was sent.
    await this.audit.append({
      actor: user.username,
      action: 'notifications.test-sent',
      target: KEY,
      details: { to: recipients, server: `${smtp.host}:${smtp.port}` },
    });
    try {
      const school = this.ctx.schoolName() || 'Lookout';
      const server = await mailer.send({
        to: recipients,
        subject: `Lookout test message from ${school}`,
        text: `${user.username} sent this test from Lookout's notification settings. High-risk alerts will reach you like this.\n`,
        html: `<p>This test was sent from Lookout's notification settings. High-risk alerts will reach you like this.</p>`,
      });
      return { sentTo: recipients, server: server.slice(0, 200) };
    } catch (err) {
      // The detail stays in the console's log: the server's own words could describe other hosts on the network.
      this.ctx.log.warn(`notifications: test mail failed: ${(err as Error).message}`);
      throw new HttpError(
        502,
        'mail-failed',
        'the mail server could not be reached or refused the message (see the console log)',
      );
    } finally {
      mailer.close();
    }
  }

  async forAlert(alertId: string): Promise<AlertNotifications> {
    return this.store.forAlert(alertId);
  }

  /** The DSL has it in hand: escalation stops. The first acknowledgement counts; each is audited. */
  async acknowledge(user: StaffUser, alertId: string): Promise<AlertNotifications> {
    await this.db.transaction(async (tx) => {
      const first = await this.store.acknowledge(alertId, user.username, this.ctx.now().toISOString(), tx);
      if (first) {
        await this.audit.append(
          { actor: user.username, action: 'alert.acknowledged', target: alertId, details: {} },
          tx,
        );
      }
    });
    return this.store.forAlert(alertId);
  }

  /** Looks for mail that is due (one pass at a time; a request during a pass runs another after it). */
  check(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((err: Error) => this.ctx.log.warn(`notifications: ${err.message}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.check();
        }
      });
  }

  /** For tests and shutdown: the pass in progress, if any. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async pass(): Promise<void> {
    const s = this.settings;
    if (!s.enabled || !s.smtp) return;
    const now = this.ctx.now();
    const rules: EscalationRules = {
      minSeverity: s.minSeverity,
      concerns: s.concerns,
      firstContacts: s.firstContacts,
      escalation: s.escalation,
      escalateAfterMinutes: s.escalateAfterMinutes,
      outOfHours: s.outOfHours,
      schoolHours: s.schoolHours,
      timeZone: this.ctx.timeZone,
    };
    const lookBack = new Date(now.getTime() - LOOK_BACK_MS).toISOString();
    const since = s.enabledSince && s.enabledSince > lookBack ? s.enabledSince : lookBack;
    const alerts = await this.store.unacknowledged(since, s.minSeverity, s.concerns, s.escalation.length);
    if (alerts.length === 0) return;
    const history = await this.store.mailHistory(alerts.map((a) => a.id));
    const mailer = this.mailerFor(s.smtp);
    try {
      for (const alert of alerts) {
        const mail = history.get(alert.id)!;
        const sent = mail.sent.map((x) => ({ stage: x.stage, at: new Date(x.at) }));
        const due = nextStage({ ...alert, receivedAt: new Date(alert.receivedAt) }, rules, sent, false);
        if (!due || due.at > now) continue;
        const failed = mail.failures.get(due.stage) ?? { count: 0, last: '' };
        if (failed.count > 0) {
          const wait = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** (failed.count - 1));
          if (now.getTime() < Date.parse(failed.last) + wait) continue;
          if (now.getTime() - due.at.getTime() > GIVE_UP_AFTER_MS) continue;
        }
        const notice = alertNotice({
          alertId: alert.id,
          kind: alert.kind,
          severity: alert.severity,
          categoryName: this.ctx.categoryName(alert.category),
          receivedAt: new Date(alert.receivedAt),
          stage: due.stage,
          schoolName: this.ctx.schoolName() || 'your school',
          consoleUrl: s.consoleUrl ?? this.ctx.consoleUrl,
          timeZone: this.ctx.timeZone,
        });
        const to = due.contacts.map((c) => c.email);
        let error: string | null = null;
        try {
          await mailer.send({ to, subject: notice.subject, text: notice.text, html: notice.html });
        } catch (err) {
          error = (err as Error).message.slice(0, 500);
          this.ctx.log.warn(`notifications: mail for alert ${alert.id} failed: ${error}`);
        }
        await this.store.record({
          alertId: alert.id,
          stage: due.stage,
          channel: 'email',
          to,
          at: now.toISOString(),
          error,
        });
        // The chat channel is told of each wave once, whether or not the mail went (it is the second channel).
        if (s.webhookUrl && failed.count === 0) {
          let hookError: string | null = null;
          await (this.ctx.webhook ?? postToChatWebhook)(s.webhookUrl, notice.chat).catch((err: Error) => {
            hookError = err.message.slice(0, 500);
          });
          await this.store.record({
            alertId: alert.id,
            stage: due.stage,
            channel: 'webhook',
            to: ['chat channel'],
            at: now.toISOString(),
            error: hookError,
          });
        }
      }
    } finally {
      mailer.close();
    }
  }

  /** The school's mail server for other mail (the weekly report); undefined while none is set. */
  mailer(): ReturnType<NotificationService['mailerFor']> | undefined {
    return this.settings.smtp ? this.mailerFor(this.settings.smtp) : undefined;
  }

  private mailerFor(smtp: NonNullable<NotificationSettings['smtp']>) {
    if (this.ctx.mailer) return this.ctx.mailer(smtp);
    return new SmtpMailer({
      host: smtp.host,
      port: smtp.port,
      security: smtp.security,
      username: smtp.username || undefined,
      password: smtp.password,
      from: smtp.from,
    });
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

function redact(s: NotificationSettings): NotificationSettingsView {
  const { smtp, webhookUrl, ...rest } = s;
  return {
    ...rest,
    smtp: smtp
      ? {
          host: smtp.host,
          port: smtp.port,
          security: smtp.security,
          username: smtp.username,
          from: smtp.from,
          passwordSet: Boolean(smtp.password),
        }
      : null,
    webhookSet: Boolean(webhookUrl),
  };
}
