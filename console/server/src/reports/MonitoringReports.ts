import {
  DSL_REPORT_ROLES,
  OUTCOME_NAMES,
  ReportSettings,
  type CheckResult,
  type PolicyAssignment,
  type PolicyVersionInfo,
  type ReportSettingsView,
  type StaffUser,
} from '@lookout/shared';
import { HttpError } from '../http/HttpError.js';
import type { AuditLog } from '../store/AuditLog.js';
import type { CheckStore } from '../store/CheckStore.js';
import type { Transactor } from '../store/ConsoleDatabase.js';
import type { ReportStore } from '../store/ReportStore.js';
import type { SettingStore } from '../store/SettingStore.js';
import { reportHtml, reportPdf, type ReportDocument } from './ReportDocument.js';
import { reviewPack, type ReviewCheck, type ReviewPolicy } from './ReviewPack.js';
import { weeklyReport, type ReportedAlert } from './WeeklyReport.js';
import { addDays, dueWeek, localDate, localInstant, weekRange } from './weeklySchedule.js';

const SETTINGS_KEY = 'reports';
const SENT_KEY = 'reports.weekly-sent';

/** What the reports read beyond their own stores: names, policies, libraries (each from the service that owns it). */
export interface ReportSources {
  schoolName(): string;
  categoryName(category: string): string;
  policies(): readonly PolicyVersionInfo[];
  policyVersions(id: string): Promise<readonly PolicyVersionInfo[]>;
  assignments(): readonly PolicyAssignment[];
  /** What an assignment's target is called (a site, room or group), for people reading the pack. */
  targetName(scope: PolicyAssignment['scope'], id: string): Promise<string | undefined>;
  keywordLibraries(): readonly string[];
  /** Staff accounts with the DSL role: who holds the role when the school has not named anyone. */
  dslAccounts(): Promise<readonly string[]>;
}

/** Which copy of the weekly report: the DSL's names pupils with repeated alerts; everyone else's does not. */
export type ReportCopy = 'dsl' | 'others';

/**
 * The weekly monitoring report and the annual review pack, as HTML and PDF, with their settings (schedule,
 * recipients by role, who holds each role). Figures come from the store; nothing holds a pupil's text or images.
 */
export class MonitoringReports {
  private settings: ReportSettings = ReportSettings.parse({});

  constructor(
    private readonly db: Transactor,
    private readonly settingStore: SettingStore,
    private readonly store: ReportStore,
    private readonly checks: CheckStore,
    private readonly audit: AuditLog,
    private readonly sources: ReportSources,
    private readonly now: () => Date,
    readonly timeZone: string,
  ) {}

  async load(): Promise<void> {
    const parsed = ReportSettings.safeParse((await this.settingStore.get(SETTINGS_KEY)) ?? {});
    this.settings = parsed.success ? parsed.data : ReportSettings.parse({});
  }

  current(): ReportSettings {
    return this.settings;
  }

  async view(): Promise<ReportSettingsView> {
    return { ...this.settings, lastWeekSent: await this.lastWeekSent() };
  }

  /** A change (DSL or admin), audited with before and after in its transaction. */
  async update(user: StaffUser, next: ReportSettings): Promise<ReportSettingsView> {
    const before = this.settings;
    // The DSL's copy names pupils: only the DSL decides where it goes (an admin may change everything else).
    if (user.role !== 'dsl' && dslCopyRecipients(next) !== dslCopyRecipients(before)) {
      throw new HttpError(
        403,
        'forbidden',
        "only the designated safeguarding lead chooses who receives the DSL's copy (DSL and deputy recipients)",
      );
    }
    const switchedOn = next.weekly.enabled && !before.weekly.enabled;
    await this.db.transaction(async (tx) => {
      await this.settingStore.set(SETTINGS_KEY, next, user.username, this.now().toISOString(), tx);
      // Switched on (again), the schedule starts from its next moment: no burst of weeks gone by.
      if (switchedOn) {
        await this.settingStore.set(
          SENT_KEY,
          { week: dueWeek(this.now(), next.weekly, this.timeZone) },
          user.username,
          this.now().toISOString(),
          tx,
        );
      }
      await this.audit.append(
        {
          actor: user.username,
          action: 'reports.settings.changed',
          target: SETTINGS_KEY,
          details: { before, after: next },
        },
        tx,
      );
    });
    this.settings = next;
    return this.view();
  }

  async lastWeekSent(): Promise<string | null> {
    const stored = (await this.settingStore.get(SENT_KEY)) as { week?: unknown } | undefined;
    return typeof stored?.week === 'string' ? stored.week : null;
  }

  /** The scheduler's record that a week went out, in the transaction of its audit entry. */
  async markSent(week: string, details: Record<string, unknown>): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.settingStore.set(SENT_KEY, { week }, 'lookout', this.now().toISOString(), tx);
      await this.audit.append({ actor: null, action: 'report.weekly.sent', target: week, details }, tx);
    });
  }

  /** Which copy someone of this role gets. */
  static copyFor(role: string): ReportCopy {
    return (DSL_REPORT_ROLES as readonly string[]).includes(role) ? 'dsl' : 'others';
  }

  /** The weekly report of the week that holds `day` (a date), as a document. */
  async weekly(day: string, copy: ReportCopy): Promise<ReportDocument> {
    const { week, from, to } = weekRange(day, this.timeZone);
    const [alerts, blocked, coverage, gaps] = await Promise.all([
      this.store.alertsFor(from.toISOString(), to.toISOString()),
      this.store.blockedByCategory(from.toISOString(), to.toISOString()),
      this.store.coverage(from.toISOString(), to.toISOString()),
      this.store.coverageGaps(from.toISOString(), to.toISOString()),
    ]);
    const reviewed = await this.store.firstReviews(alerts.map((a) => a.id));
    const report = weeklyReport({
      schoolName: this.sources.schoolName(),
      timeZone: this.timeZone,
      from,
      to,
      alerts: alerts.map((a): ReportedAlert => ({
        kind: a.kind,
        categoryName: a.kind === 'concern' ? 'Concern reported' : this.sources.categoryName(a.category),
        severity: a.severity,
        receivedAt: new Date(a.receivedAt),
        status: a.status,
        outcome: a.outcome,
        firstReviewedAt: reviewed.has(a.id) ? new Date(reviewed.get(a.id)!) : null,
        closedAt: a.closedAt ? new Date(a.closedAt) : null,
        user: a.user,
      })),
      blocked: blocked.map((b) => ({ categoryName: b.category, count: b.count })),
      coverage: { devices: coverage.devices, silent: coverage.silent, ...gaps },
      forDsl: copy === 'dsl',
    });
    return {
      title: report.title,
      heading: report.title,
      subheading: `Week of ${week}: ${report.period} (${this.timeZone})`,
      ...(copy === 'dsl'
        ? { banner: 'Confidential: names pupils. For the DSL and deputies only; do not forward.' }
        : {}),
      sections: report.sections,
    };
  }

  /** The weekly report for staff in the console (any past week), audited. */
  async weeklyFor(user: StaffUser, day: string, format: 'html' | 'pdf'): Promise<string | Buffer> {
    if (day > localDate(this.now(), this.timeZone)) {
      throw new HttpError(400, 'bad-request', 'that week has not happened yet');
    }
    const copy = MonitoringReports.copyFor(user.role);
    const doc = await this.weekly(day, copy);
    await this.audit.append({
      actor: user.username,
      action: 'report.weekly.viewed',
      target: weekRange(day, this.timeZone).week,
      details: { format, copy },
    });
    return format === 'pdf' ? reportPdf(doc) : reportHtml(doc);
  }

  /** The annual review pack for [from, to] (dates; the last 365 days by default), as a PDF; audited. */
  async reviewPackFor(user: StaffUser, fromDay?: string, toDay?: string): Promise<Buffer> {
    const today = localDate(this.now(), this.timeZone);
    const lastDay = toDay && toDay < today ? toDay : today;
    const firstDay = fromDay ?? addDays(lastDay, -364);
    const from = localInstant(firstDay, '00:00', this.timeZone);
    const to = localInstant(addDays(lastDay, 1), '00:00', this.timeZone);
    const doc = await this.reviewPack(from, to, user.username);
    await this.audit.append({
      actor: user.username,
      action: 'report.review-pack.generated',
      target: null,
      details: { from: firstDay, to: lastDay },
    });
    return reportPdf(doc);
  }

  async reviewPack(from: Date, to: Date, generatedBy: string): Promise<ReportDocument> {
    const [alerts, blocked, checks, devices, dslAccounts] = await Promise.all([
      this.store.alertsFor(from.toISOString(), to.toISOString()),
      this.store.blockedByCategory(from.toISOString(), to.toISOString()),
      this.checks.between(from.toISOString(), to.toISOString()),
      this.store.deviceCount(),
      this.sources.dslAccounts(),
    ]);
    const inPeriod = alerts.filter((a) => a.receivedAt >= from.toISOString());
    const reviewed = await this.store.firstReviews(inPeriod.map((a) => a.id));
    const hours = inPeriod
      .filter((a) => reviewed.has(a.id))
      .map((a) => (Date.parse(reviewed.get(a.id)!) - Date.parse(a.receivedAt)) / 3_600_000)
      .sort((x, y) => x - y);
    const roles = this.settings.roles;
    const latest = this.sources.policies();
    const policies: ReviewPolicy[] = await Promise.all(
      latest.map(async (p) => ({
        name: p.name,
        appliesTo: await Promise.all(
          this.sources
            .assignments()
            .filter((a) => a.policyId === p.id)
            .map(async (a) =>
              a.scope === 'school'
                ? 'the whole school'
                : `${a.scope.replace('-', ' ')} ${(await this.sources.targetName(a.scope, a.targetId ?? '')) ?? a.targetId ?? ''}`,
            ),
        ),
        blockedCategories: p.document.webFilter.blockedCategories,
        allowList: p.document.webFilter.allowList,
        blockList: p.document.webFilter.blockList,
        changes: (await this.sources.policyVersions(p.id))
          .filter((v) => v.changedAt >= from.toISOString() && v.changedAt < to.toISOString())
          .map((v) => ({ at: new Date(v.changedAt), by: v.changedBy ?? 'unknown', reason: v.reason })),
      })),
    );
    return reviewPack({
      schoolName: this.sources.schoolName(),
      timeZone: this.timeZone,
      from,
      to: new Date(to.getTime() - 1),
      roles: {
        dsl: roles.dsl.length ? roles.dsl : dslAccounts,
        deputies: roles.deputies,
        seniorLeader: roles.seniorLeader || null,
        governor: roles.governor || null,
        itLead: roles.itLead,
      },
      policies,
      incidents: {
        total: inPeriod.length,
        byCategory: countBy(
          inPeriod.map((a) => (a.kind === 'concern' ? 'Concern reported' : this.sources.categoryName(a.category))),
        ).map(([categoryName, count]) => ({ categoryName, count })),
        byOutcome: countBy(inPeriod.filter((a) => a.outcome).map((a) => OUTCOME_NAMES[a.outcome!])).map(
          ([outcome, count]) => ({ outcome, count }),
        ),
        concerns: inPeriod.filter((a) => a.kind === 'concern').length,
        medianHoursToReview: hours.length ? hours[Math.floor((hours.length - 1) / 2)]! : null,
        breaches: blocked.reduce((sum, b) => sum + b.count, 0),
      },
      monitoring: {
        devices,
        keywordLibraries: this.sources.keywordLibraries(),
        ocr: false,
        acceptableUseShown: latest.some((p) => p.document.acceptableUse.text.trim() !== ''),
      },
      checks: checks.map(reviewCheck),
      generatedBy,
      generatedAt: this.now(),
    });
  }
}

function reviewCheck(c: CheckResult): ReviewCheck {
  return {
    at: new Date(c.runAt),
    by: c.runBy,
    hostname: c.hostname,
    what: c.kind === 'blocks' ? `blocks ${c.category ?? 'a category'}` : 'a test phrase raises an alert',
    passed: c.passed,
    detail: c.detail,
  };
}

function countBy(values: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Who receives the copy naming pupils, as a comparable key. */
function dslCopyRecipients(settings: ReportSettings): string {
  return JSON.stringify(
    settings.weekly.recipients
      .filter((r) => DSL_REPORT_ROLES.includes(r.role))
      .map((r) => `${r.role} ${r.email.toLowerCase()}`)
      .sort(),
  );
}
