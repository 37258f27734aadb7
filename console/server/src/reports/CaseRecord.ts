import { createHash } from 'node:crypto';
import { OUTCOME_NAMES, escapeHtml, type AlertSummary, type CaseDetail, type Evidence } from '@lookout/shared';
import type { AuditEntry } from '../store/AuditLog.js';

/** Everything a referral needs about one case, in the order a reader wants it. */
export interface CaseRecord {
  school: string;
  case: CaseDetail;
  alerts: (AlertSummary & { evidence: Evidence[] })[];
  audit: AuditEntry[];
  exportedBy: string;
  exportedAt: string;
}

export interface RecordSection {
  heading: string;
  rows: [string, string][];
  paragraphs?: string[];
}

const when = (iso: string) => new Date(iso).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

/** The record as headed sections of label/value rows: one model for both the HTML and the PDF. */
export function caseRecordSections(r: CaseRecord): RecordSection[] {
  const c = r.case;
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

const CASE_RECORD_STYLE = `
body{font-family:system-ui,'Segoe UI',Roboto,sans-serif;color:#1d2330;margin:2rem;font-size:11pt}
h1{font-size:16pt;margin:0}h2{font-size:12pt;border-bottom:1px solid #99a;margin-top:1.5rem}
table{border-collapse:collapse;width:100%}th{text-align:left;vertical-align:top;width:28%;padding:.2rem .5rem .2rem 0;font-weight:600}
td{padding:.2rem 0;white-space:pre-wrap}.banner{border:2px solid #a00;color:#a00;padding:.4rem;margin:.6rem 0;font-weight:600}
@media print{body{margin:0}section{break-inside:avoid-page}}
`;

/**
 * The record's own policy: no scripts, nothing loaded, only its one stylesheet (by hash, not 'unsafe-inline'),
 * never framed. Sent as the response header; the page carries it too for a copy saved to disk.
 */
const CASE_RECORD_CSP_META = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(CASE_RECORD_STYLE).digest('base64')}'`;
export const CASE_RECORD_CSP = `${CASE_RECORD_CSP_META}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/** A self-contained printable page (no scripts, no external resources); print it to PDF from any browser. */
export function caseRecordHtml(r: CaseRecord): string {
  const body = caseRecordSections(r)
    .map(
      (s) =>
        `<section><h2>${escapeHtml(s.heading)}</h2><table>${s.rows
          .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v).replace(/\n/g, '<br>')}</td></tr>`)
          .join('')}</table></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CASE_RECORD_CSP_META}">
<title>Case record: ${escapeHtml(r.case.title)}</title>
<style>${CASE_RECORD_STYLE}</style></head><body>
<h1>${escapeHtml(r.school || 'Lookout')} — safeguarding case record</h1>
<p class="banner">CONFIDENTIAL: safeguarding record. Exported by ${escapeHtml(r.exportedBy)} at ${escapeHtml(when(r.exportedAt))}.</p>
${body}
</body></html>`;
}

/** The same record as a PDF (pdfkit), for a referral sent as a document. */
export async function caseRecordPdf(r: CaseRecord): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Case record: ${r.case.title}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc
    .font('Helvetica-Bold')
    .fontSize(16)
    .text(`${r.school || 'Lookout'}: safeguarding case record`);
  doc.moveDown(0.3).font('Helvetica-Bold').fontSize(10).fillColor('#aa0000');
  doc.text(`CONFIDENTIAL: safeguarding record. Exported by ${r.exportedBy} at ${when(r.exportedAt)}.`);
  doc.fillColor('#000000');
  for (const s of caseRecordSections(r)) {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(s.heading);
    doc.moveDown(0.2).fontSize(9.5);
    for (const [k, v] of s.rows) {
      doc.font('Helvetica-Bold').text(k, { continued: false });
      doc.font('Helvetica').text(pdfSafe(v), { indent: 12 });
    }
  }
  doc.end();
  return done;
}

/** The standard PDF fonts cover Latin-1 only: other characters would come out as garbage. */
function pdfSafe(text: string): string {
  return text.normalize('NFKC').replace(/[^\n\x20-\x7e\xa0-\xff\u2013\u2014\u2018\u2019\u201c\u201d]/g, '?');
}
