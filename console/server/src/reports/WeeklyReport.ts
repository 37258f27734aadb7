import { OUTCOME_NAMES, type AlertStatus, type SafeguardingOutcome } from '@lookout/shared';
import type { RecordSection } from './ReportDocument.js';

/** One alert as the weekly report counts it (no context, phrase or evidence: the report never holds them). */
export interface ReportedAlert {
  kind: 'keyword' | 'concern';
  categoryName: string;
  severity: number;
  receivedAt: Date;
  status: AlertStatus;
  outcome: SafeguardingOutcome | null;
  /** When a DSL first opened or acted on it; null while nobody has. */
  firstReviewedAt: Date | null;
  closedAt: Date | null;
  /** The pupil's account; null for an anonymous concern. */
  user: string | null;
}

export interface WeeklyReportInput {
  schoolName: string;
  timeZone: string;
  /** The week: [from, to). */
  from: Date;
  to: Date;
  /** Alerts received in the week, and those received before it still open at its start. */
  alerts: readonly ReportedAlert[];
  /** Filtering breaches (blocked pages) in the week, per category. */
  blocked: readonly { categoryName: string; count: number }[];
  coverage: {
    devices: number;
    /** PCs that sent nothing in the week. */
    silent: readonly string[];
    /** PCs whose monitoring was stopped or tampered with in the week: how often, of each kind. */
    tampered: readonly { hostname: string; kinds: readonly { kind: string; count: number }[] }[];
    /** PCs whose browser does not have the current extension (their last report). */
    withoutExtension: readonly string[];
  };
  /** The DSL's copy names pupils with repeated alerts; everyone else's counts only. */
  forDsl: boolean;
}

export interface WeeklyReport {
  title: string;
  period: string;
  sections: RecordSection[];
}

const REPEATED = 3;

/** What each kind of tampering the service records means, in a report's words. */
const TAMPER_NAMES: Record<string, string> = {
  'session-restarted': 'monitoring killed while in use and restarted',
  'session-unresponsive': 'monitoring frozen while in use and restarted',
  'session-agent-missing': 'logged in without monitoring (started by the service)',
  'service-stopped': 'service stopped while in use',
  'protected-file-changed': 'protected Lookout file changed',
  'session-flood': 'flood of events from a session dropped',
  'extension-changed': 'Lookout browser extension changed, disabled or removed',
};

/** The DfE standard's weekly monitoring report, as headed sections of rows (one model for mail, HTML and PDF). */
export function weeklyReport(input: WeeklyReportInput): WeeklyReport {
  const inWeek = (d: Date | null) => d !== null && d >= input.from && d < input.to;
  const received = input.alerts.filter((a) => inWeek(a.receivedAt));
  const closed = input.alerts.filter((a) => inWeek(a.closedAt));
  const openAtEnd = input.alerts.filter((a) => a.receivedAt < input.to && !(a.closedAt && a.closedAt < input.to));
  const reviewTimes = received
    .filter((a) => a.firstReviewedAt)
    .map((a) => a.firstReviewedAt!.getTime() - a.receivedAt.getTime())
    .sort((x, y) => x - y);
  const day = (d: Date) =>
    d.toLocaleDateString('en-GB', {
      timeZone: input.timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    });
  const last = new Date(input.to.getTime() - 1);

  const sections: RecordSection[] = [
    {
      heading: 'Summary',
      rows: [
        ['New alerts and concerns', String(received.length)],
        ['High risk (severity 4 and 5)', String(received.filter((a) => a.severity >= 4).length)],
        ['Concerns reported', String(received.filter((a) => a.kind === 'concern').length)],
        ['Closed this week', String(closed.length)],
        ['Open at the end of the week', String(openAtEnd.length)],
        ['Not yet reviewed', String(received.filter((a) => !a.firstReviewedAt).length)],
        ['Time to first review (median)', reviewTimes.length ? duration(median(reviewTimes)) : '—'],
        ['Time to first review (longest)', reviewTimes.length ? duration(reviewTimes.at(-1)!) : '—'],
        ['Filtering breaches (pages blocked)', String(input.blocked.reduce((s, b) => s + b.count, 0))],
      ],
    },
    { heading: 'Incidents by category', rows: countRows(received.map((a) => a.categoryName)) },
    {
      heading: 'Incidents by severity',
      rows: [5, 4, 3, 2, 1]
        .map((s) => [`Severity ${s}`, String(received.filter((a) => a.severity === s).length)] as [string, string])
        .filter(([, n]) => n !== '0'),
    },
    {
      heading: 'Outcomes of alerts closed this week',
      rows: countRows(closed.map((a) => (a.outcome ? OUTCOME_NAMES[a.outcome] : 'No outcome recorded'))),
    },
    {
      heading: 'Top blocked categories',
      rows: [...input.blocked]
        .sort((a, b) => b.count - a.count || a.categoryName.localeCompare(b.categoryName))
        .slice(0, 10)
        .map((b) => [b.categoryName, String(b.count)]),
    },
    {
      heading: 'Coverage',
      rows: [
        ['Computers enrolled', String(input.coverage.devices)],
        ['Sent nothing this week', list(input.coverage.silent)],
        [
          'Monitoring stopped or tampered with',
          list(input.coverage.tampered.map((t) => `${t.hostname} (${t.kinds.map(tamperText).join('; ')})`)),
        ],
        ['Browser without the Lookout extension (as last reported)', list(input.coverage.withoutExtension)],
      ],
    },
  ];
  if (input.forDsl) {
    const perPupil = countRows(received.filter((a) => a.user).map((a) => a.user!)).filter(
      ([, n]) => Number(n) >= REPEATED,
    );
    sections.push({
      heading: `Pupils with ${REPEATED} or more alerts this week (DSL only)`,
      rows: perPupil.length ? perPupil : [['—', 'none']],
    });
  }
  return {
    title: `${input.schoolName || 'Lookout'}: weekly monitoring report`,
    period: `${day(input.from)} to ${day(last)}`,
    sections: sections.map((s) => (s.rows.length ? s : { ...s, rows: [['—', 'none']] })),
  };
}

function countRows(values: readonly string[]): [string, string][] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, n]) => [k, String(n)]);
}

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.round(hours / 24)} days`;
}

function tamperText({ kind, count }: { kind: string; count: number }): string {
  return `${TAMPER_NAMES[kind] ?? 'unrecognised tampering'} ${count === 1 ? 'once' : `${count} times`}`;
}

function list(names: readonly string[]): string {
  if (names.length === 0) return 'none';
  const shown = [...names].sort().slice(0, 20).join(', ');
  return names.length > 20 ? `${names.length}: ${shown} and ${names.length - 20} more` : `${names.length}: ${shown}`;
}
