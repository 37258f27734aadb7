import type { Logger } from '../config/Logger.js';
import type { OutgoingMail } from '../notifications/SmtpMailer.js';
import type { AuditLog } from '../store/AuditLog.js';
import { MonitoringReports, type ReportCopy } from './MonitoringReports.js';
import { reportHtml, reportPdf, type ReportDocument } from './ReportDocument.js';
import { weeksToSend } from './weeklySchedule.js';

export interface ReportMailer {
  send(mail: OutgoingMail): Promise<string>;
  close(): void;
}

export interface WeeklyReportSchedulerDeps {
  reports: MonitoringReports;
  audit: AuditLog;
  /** The school's mail server (the one high-risk alerts go through); undefined while none is set. */
  mailer(): ReportMailer | undefined;
  now(): Date;
  log: Logger;
}

const TICK_MS = 60_000;
const LONGEST_RETRY_MS = 60 * 60_000;

/**
 * Sends the weekly report on its day and time in the school's time zone: the DSL's copy to the DSL and deputies,
 * the copy without pupils' names to everyone else on the list, each as HTML mail with the PDF attached. The last
 * week sent is kept in the database, so a restart neither skips a week nor sends one twice; every send is audited.
 */
export class WeeklyReportScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** Copies of a week already accepted by the mail server while another copy still fails. */
  private readonly sentCopies = new Map<string, Set<ReportCopy>>();
  private failures = 0;
  private retryAt = 0;

  constructor(private readonly deps: WeeklyReportSchedulerDeps) {}

  start(intervalMs = TICK_MS): void {
    this.tick(); // a week that fell due while the console was down
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One pass at a time; a tick during a pass is dropped (the next one comes within a minute). */
  tick(): void {
    if (this.running) return;
    this.running = this.pass()
      .catch((err: Error) => this.deps.log.warn(`weekly report: ${err.message}`))
      .finally(() => {
        this.running = undefined;
      });
  }

  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async pass(): Promise<void> {
    const { reports } = this.deps;
    const settings = reports.current().weekly;
    if (!settings.enabled || settings.recipients.length === 0) return;
    const now = this.deps.now();
    if (now.getTime() < this.retryAt) return;
    const weeks = weeksToSend(now, settings, reports.timeZone, await reports.lastWeekSent());
    if (weeks.length === 0) return;
    const mailer = this.deps.mailer();
    if (!mailer) {
      this.deps.log.warn('weekly report: due, but no mail server is set (Settings → Notifications)');
      this.retryAt = now.getTime() + LONGEST_RETRY_MS;
      return;
    }
    try {
      for (const week of weeks) {
        const done = this.sentCopies.get(week) ?? new Set<ReportCopy>();
        this.sentCopies.set(week, done);
        const sent: Record<string, string[]> = {};
        for (const copy of ['dsl', 'others'] as const) {
          const to = settings.recipients.filter((r) => MonitoringReports.copyFor(r.role) === copy).map((r) => r.email);
          if (to.length === 0 || done.has(copy)) continue;
          const doc = await reports.weekly(week, copy);
          try {
            await mailer.send(await mailFor(doc, week, to));
          } catch (err) {
            const error = (err as Error).message.slice(0, 500);
            this.deps.log.warn(`weekly report for ${week} (${copy}) not sent: ${error}`);
            await this.deps.audit.append({
              actor: null,
              action: 'report.weekly.failed',
              target: week,
              details: { copy, to, error },
            });
            this.failures++;
            this.retryAt = now.getTime() + Math.min(LONGEST_RETRY_MS, 60_000 * 2 ** (this.failures - 1));
            return;
          }
          done.add(copy);
          sent[copy] = to;
        }
        await reports.markSent(week, { copies: [...done], to: sent });
        this.sentCopies.delete(week);
        this.failures = 0;
        this.retryAt = 0;
      }
    } finally {
      mailer.close();
    }
  }
}

async function mailFor(doc: ReportDocument, week: string, to: string[]): Promise<OutgoingMail> {
  return {
    to,
    subject: `${doc.title}, week of ${week}`,
    text: reportText(doc),
    html: reportHtml(doc),
    attachments: [
      { filename: `weekly-report-${week}.pdf`, content: await reportPdf(doc), contentType: 'application/pdf' },
    ],
  };
}

/** The report as plain text, for mail readers that show no HTML. */
function reportText(doc: ReportDocument): string {
  const lines = [doc.heading, ...(doc.subheading ? [doc.subheading] : []), ...(doc.banner ? [doc.banner] : [])];
  for (const s of doc.sections) {
    lines.push('', s.heading.toUpperCase(), ...(s.paragraphs ?? []), ...s.rows.map(([k, v]) => `${k}: ${v}`));
  }
  return `${lines.join('\n')}\n`;
}
