import { OUTCOME_NAMES, type AlertSummary, type CaseDetail, type Evidence } from '@lookout/shared';
import type { AuditEntry } from '../store/AuditLog.js';
import { REPORT_CSP, reportHtml, reportPdf, type RecordSection, type ReportDocument } from './ReportDocument.js';

export type { RecordSection } from './ReportDocument.js';

/** Everything a referral needs about one case, in the order a reader wants it. */
export interface CaseRecord {
  school: string;
  case: CaseDetail;
  /** Each alert's evidence; `image` holds the screenshots the DSL chose to include in this export. */
  alerts: (AlertSummary & { evidence: (Evidence & { image?: Buffer })[] })[];
  /** The school's time zone: every time in the record is given in it. */
  timeZone: string;
  audit: AuditEntry[];
  exportedBy: string;
  exportedAt: string;
}

/** A time as the school reads it ("3 Jun 2026, 10:05 BST"). */
function inZone(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleString('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  });
}

/** The record as headed sections of label/value rows: one model for both the HTML and the PDF. */
export function caseRecordSections(r: CaseRecord): RecordSection[] {
  const c = r.case;
  const when = (iso: string) => inZone(iso, r.timeZone);
  const sections: RecordSection[] = [
    {
      heading: 'Case',
      rows: [
        ['Pupil', c.pupil],
        ['Title', c.title],
        ['Status', c.status],
        ['Outcome', c.outcome ? OUTCOME_NAMES[c.outcome] : '—'],
        ['Actions taken', c.actions.map((a) => OUTCOME_NAMES[a]).join('; ') || '—'],
        ['Assigned to', c.assignee ?? '—'],
        ['Opened', `${when(c.openedAt)} by ${c.openedBy}`],
      ],
    },
  ];
  for (const a of r.alerts) {
    sections.push({
      heading: a.kind === 'concern' ? `Concern reported ${when(a.receivedAt)}` : `Alert ${when(a.receivedAt)}`,
      rows: [
        ['Received', `${when(a.receivedAt)} (the computer's clock said ${when(a.ts)})`],
        ['Category', `${a.categoryName} (severity ${a.severity})`],
        ['User', a.user ?? (a.kind === 'concern' ? 'anonymous' : 'unknown')],
        ['Computer', a.hostname ?? '—'],
        ...(a.kind === 'keyword'
          ? ([
              ['Phrase', a.withheld ? '(sensitive: withheld from this export)' : a.phrase],
              [
                'Seen in',
                a.withheld ? '(sensitive: withheld from this export)' : `${a.source}: ${a.app} ${a.title}`.trim(),
              ],
            ] as [string, string][])
          : []),
        ['Context', a.context ?? '(sensitive: withheld from this export)'],
        [
          'Evidence',
          a.evidence.length
            ? a.evidence
                .map(
                  (e) =>
                    `Screenshot received ${when(e.receivedAt)} (taken ${when(e.capturedAt)} by the computer's clock), ` +
                    `${e.bytes} bytes, SHA-256 ${e.sha256}`,
                )
                .join('\n')
            : 'none held',
        ],
      ],
      // Only screenshots the DSL chose for this export, and only of an alert whose context it may show.
      images: a.withheld
        ? []
        : a.evidence
            .filter((e) => e.image)
            .map((e) => ({
              caption: `Screenshot taken ${when(e.capturedAt)}, SHA-256 ${e.sha256}`,
              bytes: e.image!,
            })),
    });
  }
  sections.push({
    heading: 'Record',
    rows: c.entries.map((e) => [
      `#${e.seq} ${when(e.at)} ${e.author}`,
      [entryLabel(e.kind, e.details), e.text, e.correctedBy ? `(corrected by #${e.correctedBy})` : '']
        .filter(Boolean)
        .join(' — '),
    ]),
  });
  sections.push({
    heading: 'Audit trail',
    rows: r.audit.map((a) => [`${when(a.at)} ${a.actor ?? 'system'}`, `${a.action} ${auditDetail(a)}`.trim()]),
  });
  return sections;
}

function entryLabel(kind: string, d: Record<string, unknown>): string {
  switch (kind) {
    case 'opened':
      return 'Case opened';
    case 'note':
      return 'Note';
    case 'action':
      return `Action: ${OUTCOME_NAMES[d.action as keyof typeof OUTCOME_NAMES] ?? String(d.action)}`;
    case 'status':
      return `Status: ${String(d.status)}`;
    case 'assign':
      return `Assigned to ${d.assignee ? String(d.assignee) : 'nobody'}`;
    case 'add-alerts':
      return `Alerts added (${(d.alertIds as unknown[]).length})`;
    case 'close':
      return `Closed: ${OUTCOME_NAMES[d.outcome as keyof typeof OUTCOME_NAMES] ?? String(d.outcome)}`;
    case 'reopen':
      return 'Reopened';
    case 'correction':
      return `Correction to #${String(d.corrects)}`;
    default:
      return kind;
  }
}

function auditDetail(a: AuditEntry): string {
  const d = a.details;
  return ['reason', 'outcome', 'status', 'assignee', 'action']
    .filter((k) => d[k] !== undefined && d[k] !== null)
    .map((k) => `${k}: ${String(d[k])}`)
    .join(', ');
}

export const CASE_RECORD_CSP = REPORT_CSP;

function caseRecordDocument(r: CaseRecord): ReportDocument {
  return {
    title: `Case record: ${r.case.title}`,
    heading: `${r.school || 'Lookout'}: safeguarding case record`,
    banner: `CONFIDENTIAL: safeguarding record. Exported by ${r.exportedBy} at ${inZone(r.exportedAt, r.timeZone)}.`,
    sections: caseRecordSections(r),
  };
}

/** A self-contained printable page (no scripts, no external resources); print it to PDF from any browser. */
export function caseRecordHtml(r: CaseRecord): string {
  return reportHtml(caseRecordDocument(r));
}

/** The same record as a PDF (pdfkit), for a referral sent as a document. */
export function caseRecordPdf(r: CaseRecord): Promise<Buffer> {
  return reportPdf(caseRecordDocument(r));
}
